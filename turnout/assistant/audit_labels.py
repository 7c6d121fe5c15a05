"""Readable audit lines of the assistant's workspace."""

from django.utils.translation import gettext_lazy as _

LABELS = {
    "assistant.election_created": _("added the election “%(target)s”"),
    "assistant.election_updated": _("changed the election “%(target)s”"),
    "assistant.entry_created": _("added the knowledge-base entry %(target)s"),
    "assistant.entry_updated": _("changed the knowledge-base entry %(target)s"),
    "assistant.entry_verified": _("verified the knowledge-base entry %(target)s"),
    "assistant.entry_archived": _("archived the knowledge-base entry %(target)s"),
    "assistant.entry_restored": _("restored the knowledge-base entry %(target)s"),
    "assistant.inbox_answered": _("answered a question of the assistant's inbox"),
    "assistant.inbox_dismissed": _("dismissed a question of the assistant's inbox"),
    "assistant.inbox_reopened": _("put a question back in the assistant's inbox"),
    "assistant.channel_created": _("added the assistant channel “%(target)s”"),
    "assistant.channel_updated": _("changed the assistant channel “%(target)s”"),
    "assistant.channel_deactivated": _("deactivated the assistant channel “%(target)s”"),
    "assistant.channel_activated": _("reactivated the assistant channel “%(target)s”"),
    "assistant.knowledge_base_install": _("installed the shipped knowledge base"),
}
