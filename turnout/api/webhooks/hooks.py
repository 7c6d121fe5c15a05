"""How webhooks follow the CRM: an erasure scrubs the past payloads about the person, a merge
makes the events about the merged record name the survivor (so that its erasure finds them)."""

from __future__ import annotations

from turnout.people.rights.merge import register_merge_hook
from turnout.people.rights.services import register_erasure_hook


@register_erasure_hook
def webhook_payloads_erase(*, person) -> None:
    from .services import events_scrub_person

    events_scrub_person(organization_id=person.organization_id, person_uuid=person.uuid)


@register_merge_hook
def webhook_events_merge(*, survivor, other, actor=None) -> None:
    from .services import events_reassign_person

    events_reassign_person(
        organization_id=survivor.organization_id, from_uuid=other.uuid, to_uuid=survivor.uuid
    )
