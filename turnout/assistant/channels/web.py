"""The public assistant page and its embeddable widget: forms, the visitor token, the rate
limit, and what the page shows.

No cookie is needed (the page also runs inside partner sites' frames, where third-party
cookies are blocked): the visitor's conversation is named by a random id carried in a signed
hidden field (``visitor``), and each question form has its own message id, so that sending the
same form twice (a reload) records one turn.
"""

from __future__ import annotations

import uuid

from django import forms
from django.conf import settings
from django.core import signing
from django.core.cache import cache
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from turnout.assistant.models import Channel, ChannelAccount, Election, Entry, Turn
from turnout.assistant.services.conversations import HANDOFF, fold
from turnout.organizations.choices import Country

from . import sources_of

VISITOR_SALT = "turnout.assistant.web.visitor"
VISITOR_MAX_AGE = 7 * 24 * 3600
RATE_WINDOW = 60  # seconds
HISTORY = 30  # turns shown


# --- Visitor ---------------------------------------------------------------------------------


def visitor_new(organization) -> str:
    return signing.dumps({"o": organization.pk, "v": uuid.uuid4().hex}, salt=VISITOR_SALT)


def visitor_id(token: str, organization) -> str | None:
    """The visitor's random id from a signed token of this organization, else None."""
    try:
        data = signing.loads(token or "", salt=VISITOR_SALT, max_age=VISITOR_MAX_AGE)
    except signing.BadSignature:
        return None
    if not isinstance(data, dict) or data.get("o") != organization.pk:
        return None
    return str(data.get("v") or "") or None


# --- Rate limit ------------------------------------------------------------------------------


def client_ip(request) -> str:
    return request.META.get("REMOTE_ADDR") or "unknown"


def rate_limited(request, organization) -> int:
    """0 when the address may post now; else the seconds to wait (Retry-After)."""
    limit = int(getattr(settings, "TURNOUT_ASSISTANT_WEB_RATE", 20))
    window = int(timezone.now().timestamp()) // RATE_WINDOW
    key = f"assistant:web:{organization.pk}:{client_ip(request)}:{window}"
    cache.add(key, 0, RATE_WINDOW + 5)
    try:
        count = cache.incr(key)
    except ValueError:
        cache.set(key, 1, RATE_WINDOW + 5)
        count = 1
    if count <= limit:
        return 0
    return RATE_WINDOW - int(timezone.now().timestamp()) % RATE_WINDOW or 1


# --- The page's choices ----------------------------------------------------------------------


def web_account(organization) -> ChannelAccount | None:
    """The organization's web channel (its name, defaults, allowed framing sites), if any.
    ``False``-y with ``inactive=True`` when every web channel of it is switched off."""
    return (
        ChannelAccount.objects.filter(organization=organization, channel=Channel.WEB, active=True)
        .select_related("election")
        .order_by("id")
        .first()
    )


def web_closed(organization) -> bool:
    """True when the organization has web channels and all are switched off."""
    accounts = ChannelAccount.objects.filter(organization=organization, channel=Channel.WEB)
    return accounts.exists() and not accounts.filter(active=True).exists()


def country_choices(organization, account) -> list[tuple[str, str]]:
    codes = set(
        Entry.objects.filter(organization=organization, status=Entry.Status.PUBLISHED)
        .values_list("country", flat=True)
        .distinct()
    )
    codes.add((account.country if account else "") or organization.country)
    labels = dict(Country.choices)
    return sorted(
        ((code, str(labels.get(code, code))) for code in codes if code), key=lambda c: c[1]
    )


def elections_for(organization, country: str):
    return Election.objects.filter(
        organization=organization,
        country=country,
        date__gte=timezone.localdate() - timezone.timedelta(days=1),
    ).order_by("date", "id")


class ChooserForm(forms.Form):
    """Country and election (GET, also sent along with every question)."""

    country = forms.ChoiceField(label=gettext_lazy("Country"), required=False)
    election = forms.ChoiceField(label=gettext_lazy("Election"), required=False)

    def __init__(self, *args, organization, account, language, **kwargs):
        super().__init__(*args, **kwargs)
        self.organization = organization
        self.account = account
        self.fields["country"].choices = country_choices(organization, account)
        country = self.data.get("country") if self.is_bound else None
        valid = {code for code, _label in self.fields["country"].choices}
        self.country = (
            country
            if country in valid
            else ((account.country if account else "") or organization.country)
        )
        elections = list(elections_for(organization, self.country))
        self.fields["election"].choices = [("", _("Any election"))] + [
            (e.slug, e.name_text(language) or e.slug) for e in elections
        ]
        wanted = self.data.get("election") if self.is_bound else None
        default = account.election if account and account.election in elections else None
        self.election = next((e for e in elections if e.slug == wanted), None) or (
            None if wanted == "" else default or (elections[0] if elections else None)
        )
        self.initial = {
            "country": self.country,
            "election": self.election.slug if self.election else "",
        }

    def values(self) -> dict:
        return {"country": self.country, "election": self.election.slug if self.election else ""}


class QuestionForm(forms.Form):
    question = forms.CharField(
        label=gettext_lazy("Your question"),
        required=False,  # the assistant itself says what is wrong with an empty question
        strip=False,
        widget=forms.TextInput(
            attrs={"autocomplete": "off", "maxlength": 500, "enterkeyhint": "send"}
        ),
    )
    visitor = forms.CharField(widget=forms.HiddenInput, required=False)
    message = forms.CharField(widget=forms.HiddenInput, required=False, max_length=64)
    country = forms.CharField(widget=forms.HiddenInput, required=False, max_length=2)
    election = forms.CharField(widget=forms.HiddenInput, required=False, max_length=80)


def handoff_consent_text(organization) -> str:
    return _(
        "I agree that %(organization)s keeps this address to answer my question, and for "
        "nothing else."
    ) % {"organization": organization.name}


class HandoffForm(forms.Form):
    visitor = forms.CharField(widget=forms.HiddenInput)
    turn = forms.IntegerField(widget=forms.HiddenInput)
    country = forms.CharField(widget=forms.HiddenInput, required=False, max_length=2)
    election = forms.CharField(widget=forms.HiddenInput, required=False, max_length=80)
    email = forms.EmailField(label=gettext_lazy("Email (optional)"), required=False, max_length=254)
    phone = forms.CharField(
        label=gettext_lazy("Mobile phone (optional)"), required=False, max_length=40
    )
    consent = forms.BooleanField(required=False)

    def __init__(self, *args, organization, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["consent"].label = handoff_consent_text(organization)

    def clean(self):
        data = super().clean()
        if data.get("email") and data.get("phone"):
            self.add_error("phone", _("Leave one way to reach you: an email or a phone number."))
        if (data.get("email") or data.get("phone")) and not data.get("consent"):
            self.add_error(
                "consent", _("Tick this box so that we may write back to you, or leave both empty.")
            )
        return data


class ReminderForm(forms.Form):
    visitor = forms.CharField(widget=forms.HiddenInput)
    country = forms.CharField(widget=forms.HiddenInput, required=False, max_length=2)
    election = forms.CharField(widget=forms.HiddenInput, max_length=80)
    email = forms.EmailField(label=gettext_lazy("Email"), required=False, max_length=254)
    phone = forms.CharField(label=gettext_lazy("or mobile phone"), required=False, max_length=40)
    consent = forms.BooleanField(required=False)

    def __init__(self, *args, consent_text: str = "", **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["consent"].label = consent_text

    def clean(self):
        data = super().clean()
        if not data.get("email") and not data.get("phone") and "email" not in self.errors:
            self.add_error("email", _("Give an email address or a mobile phone number."))
        elif data.get("email") and data.get("phone"):
            self.add_error("phone", _("Give one of the two: an email or a phone number."))
        if not data.get("consent"):
            self.add_error("consent", _("Tick this box to receive the reminders."))
        return data


# --- What the conversation shows -------------------------------------------------------------


def history(conversation) -> list[dict]:
    if conversation is None:
        return []
    turns = list(
        conversation.turns.select_related("entry").order_by("-created_at", "-id")[:HISTORY]
    )
    turns.reverse()
    shown = []
    for turn in turns:
        shown.append(
            {
                "turn": turn,
                "sources": sources_of(turn) if turn.outcome == Turn.Outcome.ANSWERED else [],
                "unknown": turn.outcome == Turn.Outcome.UNKNOWN
                and fold(turn.question) not in HANDOFF,
                "rejected": turn.outcome == Turn.Outcome.REJECTED,
            }
        )
    return shown
