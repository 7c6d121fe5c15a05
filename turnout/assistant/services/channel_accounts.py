"""Channel accounts written by admins: where the assistant listens (a WhatsApp phone-number
id, an SMS keyword, an Alexa skill id, a web widget) and under which name."""

from __future__ import annotations

import secrets
from dataclasses import dataclass, field

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from turnout.assistant.models import Channel, ChannelAccount, Election
from turnout.core.audit import audit_record

from .elections import Refused


@dataclass
class ChannelAccountData:
    channel: str
    external_id: str
    country: str
    language: str
    display_name: str = ""
    partner: str = ""
    election: Election | None = None
    active: bool = True
    # Web widget only: the sites (origins) allowed to show it in a frame; empty = any.
    frame_ancestors: list[str] = field(default_factory=list)


def _normalize(channel: str, external_id: str) -> str:
    external_id = external_id.strip()
    if channel == Channel.SMS:
        return external_id.upper()
    if channel == Channel.WEB and not external_id:
        return secrets.token_urlsafe(9)
    return external_id


@transaction.atomic
def channel_account_save(
    *, organization, actor, data: ChannelAccountData, account: ChannelAccount | None = None
) -> ChannelAccount:
    if data.election is not None and data.election.organization_id != organization.pk:
        raise Refused(_("Choose one of your elections."), "election")
    created = account is None
    if created:
        account = ChannelAccount(organization=organization, channel=data.channel)
    elif account.channel != data.channel:
        raise Refused(_("The channel of an account cannot change: add a new one."), "channel")
    account.external_id = _normalize(data.channel, data.external_id)
    if not account.external_id:
        raise Refused(_("This channel needs its id."), "external_id")
    for name in ("country", "language", "display_name", "partner", "election", "active"):
        setattr(account, name, getattr(data, name))
    options = dict(account.options or {})
    if account.channel == Channel.WEB and data.frame_ancestors:
        options["frame_ancestors"] = list(data.frame_ancestors)
    else:
        options.pop("frame_ancestors", None)
    account.options = options
    try:
        with transaction.atomic():
            account.save()
    except IntegrityError as exc:
        # Never say which organization uses it.
        raise Refused(
            _("This id is already in use on this channel. Check it, or ask support."),
            "external_id",
        ) from exc
    audit_record(
        organization=organization,
        actor=actor,
        action="assistant.channel_created" if created else "assistant.channel_updated",
        target=account,
        data={"channel": account.channel, "active": account.active},
    )
    return account


@transaction.atomic
def channel_account_set_active(*, account: ChannelAccount, actor, active: bool) -> ChannelAccount:
    """Deactivate (the assistant stops answering there) or reactivate an account."""
    if account.active != active:
        account.active = active
        account.save(update_fields=["active", "updated_at"])
        audit_record(
            organization=account.organization,
            actor=actor,
            action="assistant.channel_activated" if active else "assistant.channel_deactivated",
            target=account,
        )
    return account
