from django.utils.translation import gettext_lazy as _

LABELS = {
    "gotv.program_create": _("created the reminder program of “%(target)s”"),
    "gotv.program_update": _("changed the reminder program of “%(target)s”"),
    "gotv.program_start": _("started the reminders of “%(target)s”"),
    "gotv.program_pause": _("paused the reminders of “%(target)s”"),
    "gotv.program_finish": _("finished the reminders of “%(target)s”"),
    "gotv.segment_subscribe": _("subscribed a segment to the reminders of “%(target)s”"),
    "gotv.offer_create": _("created the partner perk “%(target)s”"),
    "gotv.offer_update": _("changed the partner perk “%(target)s”"),
    "gotv.codes_add": _("added codes to the perk “%(target)s”"),
    "gotv.claim_redeem": _("marked a code of “%(target)s” as redeemed"),
    "gotv.redemptions_import": _("imported the partner's redemptions of “%(target)s”"),
    "gotv.placement_create": _("added the media placement “%(target)s”"),
    "gotv.placement_update": _("changed the media placement “%(target)s”"),
    "gotv.placement_delete": _("deleted the media placement “%(target)s”"),
}
