"""Donations and crowdfunding (OSDI fundraising_pages/donations).

Money is integer cents plus an ISO currency. ``organization`` is the organization that receives
the money (the tenant). A donation moves: pending (checkout started) -> succeeded | failed |
cancelled; succeeded -> refunded (fully or in part) | disputed. Monthly gifts are a
``Subscription`` whose payments are donations. Every provider event is recorded once by its id
(``ProviderEvent``), so a webhook delivered many times changes nothing the second time.

Legal limits are dated configuration (``LegalLimit`` rows: a profile kind, a rule key, an
amount, valid from / until, the source) and each organization has one ``LegalProfile``.
Receipts are numbered per organization and year without gaps (``ReceiptCounter`` row-locked).
"""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from turnout.actions.models import pick_text
from turnout.core.models import TenantModel, TenantQuerySet
from turnout.core.storage import private_storage


class ProfileKind(models.TextChoices):
    NONE = "none", _("No specific rules")
    FR_PARTY = "fr_party", _("French political party or financing association")
    FR_CANDIDATE = "fr_candidate", _("French candidate (campaign account)")
    FR_ASSOCIATION = "fr_association", _("French association of general interest")
    DE_PARTY = "de_party", _("German political party")
    AT_PARTY = "at_party", _("Austrian political party")


class LegalProfile(TenantModel):
    """The rules an organization's donations live under."""

    kind = models.CharField(
        _("legal profile"), max_length=20, choices=ProfileKind.choices, default=ProfileKind.NONE
    )
    # French candidate: the election the campaign account is for (the cap is per election).
    election_name = models.CharField(_("election"), max_length=200, blank=True)
    election_date = models.DateField(_("election day"), null=True, blank=True)
    # What receipts carry: legal name, address, registration (RNA/SIREN, party register...).
    legal_name = models.CharField(_("legal name"), max_length=200, blank=True)
    legal_address = models.TextField(_("legal address"), blank=True)
    registration = models.CharField(_("registration number"), max_length=100, blank=True)
    treasurer = models.CharField(_("treasurer or financial agent"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("legal profile")
        verbose_name_plural = _("legal profiles")
        constraints = [
            models.UniqueConstraint(fields=["organization"], name="one_legal_profile_per_org")
        ]

    def __str__(self) -> str:
        return self.get_kind_display()


class LegalLimit(models.Model):
    """One dated rule amount of a profile kind, e.g. (fr_party, yearly_cap_per_person, 750000
    cents, from 2018-01-01). Rules change: a new row with a later ``valid_from`` replaces the
    old one for donations made from that day."""

    kind = models.CharField(_("legal profile"), max_length=20, choices=ProfileKind.choices)
    key = models.CharField(_("rule"), max_length=40)
    amount_cents = models.BigIntegerField(_("amount"), validators=[MinValueValidator(0)])
    currency = models.CharField(max_length=3, default="EUR")
    valid_from = models.DateField(_("valid from"))
    valid_until = models.DateField(_("valid until"), null=True, blank=True)
    source = models.URLField(_("source"), max_length=300, blank=True)

    class Meta:
        ordering = ["kind", "key", "-valid_from"]
        verbose_name = _("legal limit")
        verbose_name_plural = _("legal limits")
        constraints = [
            models.UniqueConstraint(
                fields=["kind", "key", "valid_from"], name="one_limit_per_rule_and_date"
            )
        ]

    def __str__(self) -> str:
        return f"{self.kind}.{self.key} = {self.amount_cents} ({self.valid_from})"


class PageQuerySet(TenantQuerySet):
    def published(self):
        return self.filter(status=FundraisingPage.Status.PUBLISHED)


class FundraisingPage(TenantModel):
    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        PUBLISHED = "published", _("Published")
        CLOSED = "closed", _("Closed")

    slug = models.SlugField(_("address"), max_length=80, unique=True)
    title = models.JSONField(_("title"), default=dict, blank=True)
    story = models.JSONField(_("story"), default=dict, blank=True)
    thank_you = models.JSONField(_("thank-you text"), default=dict, blank=True)
    goal_cents = models.PositiveBigIntegerField(_("goal"), null=True, blank=True)
    currency = models.CharField(_("currency"), max_length=3, default="EUR")
    suggested_cents = models.JSONField(
        _("suggested amounts"), default=list, blank=True
    )  # e.g. [1500, 3500, 5000, 10000]
    allow_custom = models.BooleanField(_("free amount"), default=True)
    allow_monthly = models.BooleanField(_("monthly gifts"), default=True)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.DRAFT, db_index=True
    )
    # Co-branded page of a cooperative campaign (the campaign's initiator or a participant).
    campaign = models.ForeignKey(
        "campaigns.Campaign", null=True, blank=True, on_delete=models.SET_NULL,
        related_name="fundraising_pages", verbose_name=_("campaign"),
    )  # fmt: skip
    frame_ancestors = models.TextField(_("sites allowed to embed"), blank=True)
    # What the thank-you page asks next, in order, like an action's: {"kind", "label": {lang:
    # text}, "url"}; none configured: share the page.
    next_asks = models.JSONField(_("next asks"), default=list, blank=True)
    monthly_default = models.BooleanField(_("monthly selected first"), default=False)
    minimum_cents = models.PositiveIntegerField(_("smallest gift"), default=100)
    # Exact totals of succeeded donations (net of refunds), kept with F() updates.
    raised_cents = models.BigIntegerField(_("raised"), default=0, editable=False)
    donation_count = models.PositiveIntegerField(_("donations"), default=0, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+",
    )  # fmt: skip

    objects = PageQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("fundraising page")
        verbose_name_plural = _("fundraising pages")

    def __str__(self) -> str:
        return self.title_text() or self.slug

    def title_text(self, language: str | None = None) -> str:
        return pick_text(self.title, language)

    def story_text(self, language: str | None = None) -> str:
        return pick_text(self.story, language)


class Subscription(TenantModel):
    """A monthly gift: its payments are donations."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Being set up")
        ACTIVE = "active", _("Active")
        PAST_DUE = "past_due", _("Payment failed")
        CANCELLED = "cancelled", _("Cancelled")

    person = models.ForeignKey(
        "people.Person", on_delete=models.PROTECT, related_name="donation_subscriptions"
    )
    page = models.ForeignKey(
        FundraisingPage, null=True, blank=True, on_delete=models.SET_NULL,
        related_name="subscriptions",
    )  # fmt: skip
    amount_cents = models.PositiveBigIntegerField(_("amount per month"))
    currency = models.CharField(max_length=3, default="EUR")
    provider = models.CharField(_("provider"), max_length=20)
    provider_id = models.CharField(max_length=200, blank=True)
    # The provider's customer (Mollie: the customer whose mandate pays the monthly payments).
    customer_id = models.CharField(max_length=200, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.PENDING
    )
    last_failed_at = models.DateTimeField(_("last failed payment"), null=True, blank=True)
    cancel_reason = models.CharField(_("why it ended"), max_length=200, blank=True)
    started_at = models.DateTimeField(_("started"), null=True, blank=True)
    cancelled_at = models.DateTimeField(_("cancelled"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("monthly gift")
        verbose_name_plural = _("monthly gifts")
        constraints = [
            models.UniqueConstraint(
                fields=["provider", "provider_id"],
                condition=~Q(provider_id=""),
                name="one_subscription_per_provider_id",
            )
        ]

    def __str__(self) -> str:
        return f"{self.amount_cents / 100:.2f} {self.currency}/month ({self.status})"


class Donation(TenantModel):
    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting for payment")
        SUCCEEDED = "succeeded", _("Paid")
        FAILED = "failed", _("Failed")
        CANCELLED = "cancelled", _("Cancelled")
        REFUNDED = "refunded", _("Refunded")
        DISPUTED = "disputed", _("Disputed")

    class Method(models.TextChoices):
        CARD = "card", _("Card")
        SEPA = "sepa", _("SEPA direct debit")
        TRANSFER = "transfer", _("Bank transfer")
        CHEQUE = "cheque", _("Cheque")
        CASH = "cash", _("Cash")
        OTHER = "other", _("Other")

    person = models.ForeignKey("people.Person", on_delete=models.PROTECT, related_name="donations")
    page = models.ForeignKey(
        FundraisingPage, null=True, blank=True, on_delete=models.SET_NULL,
        related_name="donations",
    )  # fmt: skip
    subscription = models.ForeignKey(
        Subscription, null=True, blank=True, on_delete=models.SET_NULL, related_name="payments"
    )
    amount_cents = models.PositiveBigIntegerField(_("amount"), validators=[MinValueValidator(1)])
    refunded_cents = models.PositiveBigIntegerField(_("refunded"), default=0)
    currency = models.CharField(max_length=3, default="EUR")
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.PENDING, db_index=True
    )
    method = models.CharField(_("payment method"), max_length=10, choices=Method.choices)
    # "stripe", "mollie", "test" (the local test provider) or "offline" (entered by staff).
    provider = models.CharField(_("provider"), max_length=20)
    provider_id = models.CharField(_("provider reference"), max_length=200, blank=True)
    # What the legal profile asked of the donor when giving, as given.
    natural_person = models.BooleanField(_("given by a natural person"), default=True)
    anonymous = models.BooleanField(_("anonymous gift"), default=False)
    nationality = models.CharField(_("nationality"), max_length=2, blank=True)
    tax_address = models.JSONField(_("tax address"), default=dict, blank=True)
    paid_at = models.DateTimeField(_("paid"), null=True, blank=True, db_index=True)
    source_code = models.CharField(_("source code"), max_length=100, blank=True)
    utm_source = models.CharField(max_length=100, blank=True)
    utm_medium = models.CharField(max_length=100, blank=True)
    utm_campaign = models.CharField(max_length=100, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+", verbose_name=_("entered by"),
    )  # fmt: skip
    note = models.TextField(_("note"), blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("donation")
        verbose_name_plural = _("donations")
        indexes = [models.Index(fields=["organization", "person", "paid_at"])]
        constraints = [
            models.UniqueConstraint(
                fields=["provider", "provider_id"],
                condition=~Q(provider_id=""),
                name="one_donation_per_provider_id",
            ),
            models.CheckConstraint(
                condition=Q(refunded_cents__lte=models.F("amount_cents")),
                name="refund_at_most_the_amount",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.amount_cents / 100:.2f} {self.currency} ({self.status})"

    @property
    def net_cents(self) -> int:
        return self.amount_cents - self.refunded_cents


class ProviderEvent(models.Model):
    """A provider's webhook event, recorded once by (provider, event id) before it is applied:
    the same event delivered again, concurrently or out of order, is applied once."""

    class Outcome(models.TextChoices):
        RECEIVED = "received", _("Received")
        APPLIED = "applied", _("Applied")
        IGNORED = "ignored", _("Ignored")
        FAILED = "failed", _("Failed")

    provider = models.CharField(max_length=20)
    event_id = models.CharField(max_length=200)
    kind = models.CharField(max_length=100, blank=True)
    organization = models.ForeignKey(
        "organizations.Organization", null=True, blank=True, on_delete=models.CASCADE,
        related_name="+",
    )  # fmt: skip
    # What the event is about, when known on arrival (the history of a donation's page).
    donation = models.ForeignKey(
        "Donation", null=True, blank=True, on_delete=models.SET_NULL, related_name="events"
    )
    subscription = models.ForeignKey(
        "Subscription", null=True, blank=True, on_delete=models.SET_NULL, related_name="events"
    )
    payload = models.JSONField(default=dict, blank=True)
    received_at = models.DateTimeField(auto_now_add=True)
    applied_at = models.DateTimeField(null=True, blank=True)
    outcome = models.CharField(max_length=10, choices=Outcome.choices, default=Outcome.RECEIVED)
    error = models.TextField(blank=True)

    class Meta:
        ordering = ["-received_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["provider", "event_id"], name="one_event_per_id")
        ]

    def __str__(self) -> str:
        return f"{self.provider}:{self.event_id} ({self.outcome})"


class ReceiptCounter(TenantModel):
    """The last receipt number of an organization for a year: locked to take the next one, in
    the transaction that issues the receipt, so numbers have no gap and no duplicate."""

    year = models.PositiveSmallIntegerField()
    last_number = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["organization", "year"], name="one_counter_per_year")
        ]

    def __str__(self) -> str:
        return f"{self.organization_id}/{self.year}: {self.last_number}"


class Receipt(TenantModel):
    class Kind(models.TextChoices):
        TAX = "tax", _("Tax receipt")
        PARTY = "party", _("Party donation receipt")
        ANNUAL = "annual", _("Annual summary")
        CREDIT_NOTE = "credit", _("Credit note")
        PLAIN = "plain", _("Receipt")

    year = models.PositiveSmallIntegerField(_("year"))
    number = models.PositiveIntegerField(_("number"))
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    person = models.ForeignKey("people.Person", on_delete=models.PROTECT, related_name="receipts")
    donation = models.ForeignKey(
        Donation, null=True, blank=True, on_delete=models.PROTECT, related_name="receipts"
    )
    amount_cents = models.BigIntegerField(_("amount"))
    currency = models.CharField(max_length=3, default="EUR")
    issued_at = models.DateTimeField(_("issued"))
    # A credit note names the receipt it cancels; a cancelled receipt is never deleted.
    cancels = models.OneToOneField(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="cancelled_by"
    )
    data = models.JSONField(_("what the receipt says"), default=dict, blank=True)
    file = models.FileField(upload_to="donations/receipts/", blank=True, storage=private_storage)
    emailed_at = models.DateTimeField(_("emailed"), null=True, blank=True)

    class Meta:
        ordering = ["-year", "-number"]
        verbose_name = _("receipt")
        verbose_name_plural = _("receipts")
        constraints = [
            models.UniqueConstraint(
                fields=["organization", "year", "number"], name="one_receipt_number"
            ),
            models.UniqueConstraint(
                fields=["donation", "kind"],
                condition=Q(donation__isnull=False) & ~Q(kind="credit"),
                name="one_receipt_per_donation",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.year}-{self.number:06d}"

    @property
    def reference(self) -> str:
        return f"{self.year}-{self.number:06d}"
