"""How to make, in another organization, each object that an assistant workspace URL names."""


def _factories():
    from . import factories

    return factories


OBJECT_KWARGS = {
    "election_id": lambda org: _factories().ElectionFactory(organization=org).pk,
    "kb_entry_id": lambda org: _factories().EntryFactory(organization=org).pk,
    "inbox_question_id": lambda org: _factories().InboxQuestionFactory(organization=org).pk,
    "assistant_conversation_id": lambda org: _factories().ConversationFactory(organization=org).pk,
    "channel_account_id": lambda org: _factories().ChannelAccountFactory(organization=org).pk,
}

_PUBLIC = "the public assistant of an organization: its published answers only, nothing private"
EXEMPT: dict[str, str] = {
    f"assistant_public:{name}": _PUBLIC
    for name in ("ask", "embed", "widget", "messages", "handoff", "remind")
}
