"""What the CRM's merge and erasure do to messaging data (registered when the app loads)."""

from __future__ import annotations

from django.db.models import Q

from turnout.people.rights.merge import register_merge_hook
from turnout.people.rights.services import register_erasure_hook

from .models import Conversation, Message, OutboxMessage


@register_merge_hook
def messages_follow_the_survivor(*, survivor, other, actor) -> None:
    Message.objects.filter(person=other).update(person=survivor)
    Conversation.objects.filter(person=other).update(person=survivor)


@register_erasure_hook
def messages_forget_the_person(*, person) -> None:
    """Texts and addresses written to or by an erased person are personal data: they are
    blanked; the rows stay (counts of a broadcast or a campaign stay true)."""
    numbers = list(person.phones.values_list("number", flat=True))
    addresses = list(person.emails.values_list("address", flat=True))
    mine = Q(person=person)
    if numbers or addresses:
        mine |= Q(organization_id=person.organization_id, to_address__in=numbers + addresses)
        mine |= Q(organization_id=person.organization_id, from_address__in=numbers)
    Message.objects.filter(mine).update(
        to_address="", from_address="", subject="", body="", error=""
    )
    for conversation in Conversation.objects.filter(person=person):
        Conversation.objects.filter(pk=conversation.pk).update(phone=f"erased-{conversation.pk}")
    # The local outbox (development only) keeps copies of what was "sent".
    for value in numbers + addresses:
        OutboxMessage.objects.filter(to__icontains=value).delete()
