from django.utils.translation import gettext_lazy as _

LABELS: dict = {
    "quest.create": _("added the quest %(target)s"),
    "quest.update": _("changed the quest %(target)s"),
    "quest.delete": _("deleted the quest %(target)s"),
    "quest.self_declared": _("marked the quest %(target)s as done"),
    "quest.self_undone": _("marked the quest %(target)s as not done"),
    "quest.evidence_submitted": _("sent evidence for the quest %(target)s"),
    "quest.evidence_approved": _("approved evidence for the quest %(target)s"),
    "quest.evidence_rejected": _("did not accept evidence for the quest %(target)s"),
    "quest.visual_downloaded": _("downloaded the visual of the campaign %(target)s"),
    "quest.batch_render": _("started rendering the visual of every organization of %(target)s"),
}
