"""The contract every SMS/WhatsApp provider adapter fulfils.

Adapters are chosen by settings, like Django's mail backends. The dispatcher (``messaging.
dispatch``) calls ``send`` once per message and only after it has recorded that the send is
being attempted; ``lookup`` lets it find out, after a worker died during a provider call,
whether the provider accepted that message, so it is never sent twice.

Adapters never touch the database: they turn our values into the provider's wire format and
the provider's answers and webhooks back into the small value types below.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass, field
from datetime import datetime


class Reason:
    """Why a message failed, in the provider-independent words the dispatcher acts on.

    ``ProviderError.reason`` and ``StatusEvent.reason`` hold one of these (or ``""`` when the
    provider gave no usable cause). Only the first five describe the *recipient's number* and
    may be recorded on the person; the others are about the message, our account or the
    provider.
    """

    INVALID_NUMBER = "invalid_number"  # not an allocated/valid number
    NOT_MOBILE = "not_mobile"  # landline or a number that cannot receive SMS
    UNREACHABLE = "unreachable"  # number deactivated / absent for good
    BLOCKED = "blocked"  # barred by the user, the carrier or the provider's block list
    UNSUBSCRIBED = "unsubscribed"  # the person opted out at the provider (STOP)
    TEMPORARY = "temporary"  # handset off, network error: this message failed, number is fine
    CONTENT = "content_rejected"  # spam filter, message too long, bad encoding
    INVALID_REQUEST = "invalid_request"  # our request was malformed (a bug or a config error)
    ACCOUNT = "account"  # credentials, credit, suspended account, unauthorised sender
    RATE_LIMITED = "rate_limited"  # 429 / throttled
    UNAVAILABLE = "unavailable"  # timeouts, connection errors, 5xx

    #: Reasons that say something about the number itself.
    NUMBER_REASONS = frozenset({INVALID_NUMBER, NOT_MOBILE, UNREACHABLE, BLOCKED, UNSUBSCRIBED})


class ProviderError(Exception):
    """A provider refused or failed a request. ``transient`` errors are retried with backoff
    (timeouts, 429, 5xx); permanent ones (invalid number, landline, blocked) are recorded on
    the message and the person.

    ``code`` is the provider's own error code (``"21211"``, ``"invalid_parameter"``...),
    ``reason`` one of :class:`Reason`. ``maybe_sent`` is true when the request may have
    reached the provider before the failure (read timeout, connection dropped after
    sending): the provider may have accepted the message, so ``lookup`` must be asked before
    sending it again.
    """

    def __init__(
        self,
        message: str,
        *,
        transient: bool,
        code: str = "",
        reason: str = "",
        maybe_sent: bool = False,
    ):
        super().__init__(message)
        self.transient = transient
        self.code = code
        self.reason = reason
        self.maybe_sent = maybe_sent


class WebhookRejected(Exception):
    """An inbound webhook failed verification (bad or missing signature, stale timestamp)."""


@dataclass(frozen=True)
class OutgoingSms:
    to: str  # E.164
    body: str
    sender: str  # alphanumeric sender ID or number; "" = the account's default
    reference: str  # our idempotency key, sent to the provider where its API takes one
    status_url: str = ""  # absolute URL the provider should post delivery reports to


@dataclass(frozen=True)
class SendResult:
    provider_id: str
    segments: int | None = None
    cost_cents: int | None = None


class Found(enum.Enum):
    YES = "yes"  # the provider has the message: it was sent
    NO = "no"  # the provider certainly does not have it: safe to send again
    UNKNOWN = "unknown"  # cannot tell: never resend automatically


@dataclass(frozen=True)
class LookupResult:
    found: Found
    provider_id: str = ""


class DeliveryState(enum.Enum):
    QUEUED = "queued"
    SENT = "sent"
    DELIVERED = "delivered"
    FAILED = "failed"  # permanent: bad number, landline, blocked, expired


@dataclass(frozen=True)
class StatusEvent:
    event_id: str  # unique per event; replays are dropped on it
    provider_id: str
    state: DeliveryState
    reference: str = ""
    error: str = ""  # the provider's error code, when it gave one
    occurred_at: datetime | None = None
    reason: str = ""  # one of ``Reason`` for FAILED events, when the provider's code maps


@dataclass(frozen=True)
class InboundSms:
    event_id: str
    sender: str  # E.164 of the person who wrote
    recipient: str  # our number or sender ID
    body: str
    received_at: datetime | None = None


@dataclass(frozen=True)
class OptOut:
    """The provider tells us that a person opted out with it (Brevo ``unsubscribe`` events)
    without handing us the text they wrote."""

    event_id: str
    sender: str  # E.164 of the person who opted out
    recipient: str = ""  # our number or sender ID, when known
    occurred_at: datetime | None = None


@dataclass
class ParsedWebhook:
    statuses: list[StatusEvent] = field(default_factory=list)
    inbound: list[InboundSms] = field(default_factory=list)
    opt_outs: list[OptOut] = field(default_factory=list)
    response_body: str = ""  # what to answer the provider (e.g. empty TwiML)
    response_content_type: str = "text/plain"


class SmsProvider:
    """Base class. Subclasses set ``name`` and implement the methods."""

    name = "base"
    #: True when the provider itself answers STOP with its own confirmation text (then we
    #: must not send a second one).
    sends_own_stop_confirmation = False
    #: Messages per second the provider accepts from one account (across all workers).
    default_rate_per_s = 10.0

    def __init__(self, **options):
        self.options = options

    def send(self, message: OutgoingSms) -> SendResult:
        raise NotImplementedError

    def lookup(
        self, *, reference: str, to: str, sent_after: datetime, body: str = ""
    ) -> LookupResult:
        """Whether the provider has our message. ``body`` is the text sent, for providers that
        keep no reference of ours and can only be searched by content (Twilio)."""
        return LookupResult(Found.UNKNOWN)

    def parse_webhook(self, request) -> ParsedWebhook:
        """Verify (raise ``WebhookRejected``) and parse a delivery-report or inbound webhook."""
        raise NotImplementedError
