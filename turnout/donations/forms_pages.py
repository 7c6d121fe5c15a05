"""Forms of the fundraising pages: the staff editor (texts per language, amounts as people
type them, co-branding, next asks) and the donor's form on the public page, which asks exactly
what the organization's legal profile needs."""

from __future__ import annotations

import dataclasses
import re

from django import forms
from django.core import signing
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from turnout.actions.forms import LANGUAGE_NAMES, AskForm
from turnout.actions.models import LANGUAGES
from turnout.actions.public_views import ORIGIN_RE
from turnout.core.money import SYMBOLS, money_text
from turnout.organizations.choices import Country
from turnout.people.services import PersonData

from .models import FundraisingPage, ProfileKind
from .services import limits
from .services.lifecycle import DonorDetails
from .services.offline import parse_amount

CURRENCIES = [("EUR", _("Euro (€)")), ("CHF", _("Swiss franc (CHF)")), ("GBP", _("Pound (GBP)"))]
MAX_SUGGESTED = 6
TEXTS = {
    "title": (_("Title"), forms.CharField, {"max_length": 200}),
    "story": (_("Story"), forms.CharField, {"widget": forms.Textarea(attrs={"rows": 6})}),
    "thank_you": (
        _("Thank-you text"),
        forms.CharField,
        {"widget": forms.Textarea(attrs={"rows": 3})},
    ),
}


def amount_input(cents: int | None, language: str = "fr") -> str:
    """Cents as staff type them back: "35", "35,50" ("35.50" in English)."""
    if cents is None:
        return ""
    whole, rest = divmod(int(cents), 100)
    if not rest:
        return str(whole)
    return f"{whole}{'.' if language == 'en' else ','}{rest:02d}"


def parse_amounts(text: str) -> list[int]:
    """ "15, 35, 50, 100" (or "15; 35; 50; 100", "15 35 50 100", "15,35,50,100") -> cents,
    without duplicates, smallest first. "35,50" alone is thirty-five euros fifty. Raises
    ValueError with the message to show."""
    tokens = [t for t in re.split(r"[;\s]+|,(?=\s)", (text or "").strip()) if t]
    parts = []
    for token in tokens:
        parts.extend(token.split(",") if token.count(",") > 1 else [token])
    amounts = []
    for part in filter(None, parts):
        try:
            amounts.append(parse_amount(part))
        except ValueError as exc:
            raise ValueError(
                _("“%(text)s”: %(reason)s Separate the amounts with commas, e.g. 15, 35, 50, 100.")
                % {"text": part, "reason": exc}
            ) from exc
    amounts = sorted(set(amounts))
    if len(amounts) > MAX_SUGGESTED:
        raise ValueError(
            _("Suggest at most %(n)s amounts: more buttons make the choice harder.")
            % {"n": MAX_SUGGESTED}
        )
    return amounts


class PageForm(forms.Form):
    """The settings of a fundraising page, with one field per language for each text."""

    slug = forms.SlugField(
        label=_("Address"),
        max_length=80,
        help_text=_("Letters, digits and hyphens; the public page is /give/<address>/."),
    )
    goal = forms.CharField(
        label=_("Goal"),
        required=False,
        max_length=20,
        help_text=_("Optional, e.g. 20 000. Without a goal, the page shows the totals only."),
        widget=forms.TextInput(attrs={"inputmode": "decimal"}),
    )
    currency = forms.ChoiceField(label=_("Currency"), choices=CURRENCIES, initial="EUR")
    suggested = forms.CharField(
        label=_("Suggested amounts"),
        required=False,
        max_length=200,
        initial="15, 35, 50, 100",
        help_text=_(
            "Separated by commas, e.g. 15, 35, 50, 100. The middle one is selected first: "
            "gifts average around 35 €, so dare to ask."
        ),
    )
    allow_custom = forms.BooleanField(
        label=_("Donors may type another amount"), required=False, initial=True
    )
    minimum = forms.CharField(
        label=_("Smallest gift"), max_length=20, initial="1",
        widget=forms.TextInput(attrs={"inputmode": "decimal"}),
    )  # fmt: skip
    allow_monthly = forms.BooleanField(
        label=_("Donors may give every month"), required=False, initial=True
    )
    monthly_default = forms.BooleanField(label=_("“Every month” is selected first"), required=False)
    campaign = forms.ModelChoiceField(
        label=_("Co-branded with the campaign"),
        queryset=None,
        required=False,
        empty_label=_("None"),
        help_text=_(
            "A campaign your organization initiates or takes part in (approved): the page "
            "shows its name and visual, and the campaign's page lists yours."
        ),
    )
    frame_ancestors = forms.CharField(
        label=_("Sites allowed to embed the widget"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("One address per line (https://example.org); empty: any site."),
    )

    def __init__(self, *args, page: FundraisingPage | None, campaigns, profile_kind: str, **kw):
        self.page = page
        self.profile_kind = profile_kind
        if page is not None and not kw.get("initial"):
            kw["initial"] = self._initial(page)
        super().__init__(*args, **kw)
        self.fields["campaign"].queryset = campaigns
        for name, (label, field_class, options) in TEXTS.items():
            for code in LANGUAGES:
                self.fields[f"{name}_{code}"] = field_class(
                    label=f"{label} ({LANGUAGE_NAMES[code]})", required=False, **options
                )
        if page is not None and page.status != FundraisingPage.Status.DRAFT:
            # The public address is fixed once people may have seen it.
            self.fields["slug"].disabled = True

    @staticmethod
    def _initial(page: FundraisingPage) -> dict:
        language = (get_language() or "fr")[:2]
        initial = {
            "slug": page.slug,
            "goal": amount_input(page.goal_cents, language),
            "currency": page.currency,
            "suggested": ", ".join(amount_input(c, language) for c in page.suggested_cents or []),
            "allow_custom": page.allow_custom,
            "minimum": amount_input(page.minimum_cents, language),
            "allow_monthly": page.allow_monthly,
            "monthly_default": page.monthly_default,
            "campaign": page.campaign_id,
            "frame_ancestors": page.frame_ancestors,
        }
        for name in TEXTS:
            for code in LANGUAGES:
                initial[f"{name}_{code}"] = (getattr(page, name) or {}).get(code, "")
        return initial

    def language_groups(self) -> list[tuple[str, list]]:
        """The text fields by language, for one fieldset per language."""
        return [
            (LANGUAGE_NAMES[code], [self[f"{name}_{code}"] for name in TEXTS]) for code in LANGUAGES
        ]

    def _amount(self, name: str):
        text = self.cleaned_data.get(name, "")
        if not text.strip():
            return None
        try:
            return parse_amount(text)
        except ValueError as exc:
            raise forms.ValidationError(str(exc)) from exc

    def clean_goal(self):
        return self._amount("goal")

    def clean_minimum(self):
        return self._amount("minimum") or 100

    def clean_suggested(self):
        try:
            return parse_amounts(self.cleaned_data.get("suggested", ""))
        except ValueError as exc:
            raise forms.ValidationError(str(exc)) from exc

    def clean_slug(self):
        slug = self.cleaned_data["slug"]
        taken = FundraisingPage.objects.filter(slug=slug)
        if self.page is not None:
            taken = taken.exclude(pk=self.page.pk)
        if taken.exists():
            raise forms.ValidationError(_("This address is already taken."))
        return slug

    def clean_frame_ancestors(self):
        tokens = self.cleaned_data.get("frame_ancestors", "").split()
        wrong = [token for token in tokens if not ORIGIN_RE.match(token)]
        if wrong:
            raise forms.ValidationError(
                _("Not a site address: %(wrong)s. Write one per line, e.g. https://example.org.")
                % {"wrong": ", ".join(wrong)}
            )
        return "\n".join(tokens)

    def clean(self):
        cleaned = super().clean()
        if not any(cleaned.get(f"title_{code}") for code in LANGUAGES):
            self.add_error("title_fr", _("Give the page a title in at least one language."))
        suggested, minimum = cleaned.get("suggested"), cleaned.get("minimum")
        if suggested == [] and not cleaned.get("allow_custom"):
            self.add_error(
                "suggested", _("Suggest at least one amount, or let donors type their own.")
            )
        if suggested and minimum and suggested[0] < minimum:
            self.add_error(
                "suggested",
                _("%(amount)s is below the smallest gift (%(min)s).")
                % {"amount": money_text(suggested[0]), "min": money_text(minimum)},
            )
        if cleaned.get("monthly_default") and not cleaned.get("allow_monthly"):
            self.add_error("monthly_default", _("Allow monthly gifts to have them selected first."))
        if (
            cleaned.get("currency")
            and cleaned["currency"] != "EUR"
            and self.profile_kind != ProfileKind.NONE
        ):
            self.add_error(
                "currency",
                _("Your legal profile's limits and receipts are in euros: keep the euro."),
            )
        return cleaned

    def page_fields(self, *, next_asks: list[dict]) -> dict:
        data = self.cleaned_data
        fields = {
            "goal_cents": data["goal"],
            "currency": data["currency"],
            "suggested_cents": data["suggested"],
            "allow_custom": data["allow_custom"],
            "allow_monthly": data["allow_monthly"],
            "monthly_default": data["monthly_default"],
            "minimum_cents": data["minimum"],
            "campaign": data["campaign"],
            "frame_ancestors": data["frame_ancestors"],
            "next_asks": next_asks,
        }
        for name in TEXTS:
            texts = {code: data.get(f"{name}_{code}", "") for code in LANGUAGES}
            fields[name] = {code: text for code, text in texts.items() if text}
        return fields


class PageAskForm(AskForm):
    """One ask of the thank-you page (an actions' ask without "another of your actions");
    an empty kind is an empty slot."""

    ASK_SLOTS = 3

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        del self.fields["target_action"]
        self.fields["kind"].required = False
        self.fields["kind"].choices = [("", _("None")), *self.fields["kind"].choices]

    def clean(self):
        if not self.cleaned_data.get("kind"):
            return self.cleaned_data
        return super().clean()

    def ask(self) -> dict | None:
        return super().ask() if self.cleaned_data.get("kind") else None


# --- The donor's form -----------------------------------------------------------------------

OTHER_COUNTRY = "--"
COUNTRIES = [*Country.choices, (OTHER_COUNTRY, _("Another country"))]
ADDRESS = ("address_lines", "postal_code", "locality", "country")
# What each legal profile asks of a donor, beyond the name and email.
DONOR_DETAILS = {
    ProfileKind.NONE: (),
    ProfileKind.FR_PARTY: ("natural_person", "nationality", *ADDRESS),
    ProfileKind.FR_CANDIDATE: ("natural_person", "nationality", *ADDRESS),
    ProfileKind.FR_ASSOCIATION: ADDRESS,
    ProfileKind.DE_PARTY: ("nationality", *ADDRESS),
    ProfileKind.AT_PARTY: ("nationality", *ADDRESS),
}
HOME = {
    ProfileKind.FR_PARTY: "FR",
    ProfileKind.FR_CANDIDATE: "FR",
    ProfileKind.FR_ASSOCIATION: "FR",
    ProfileKind.DE_PARTY: "DE",
    ProfileKind.AT_PARTY: "AT",
}
ATTRIBUTION_PARAMS = {
    "source": "source_code",
    "utm_source": "utm_source",
    "utm_medium": "utm_medium",
    "utm_campaign": "utm_campaign",
}
HONEYPOT = "website"
ONCE, MONTHLY = "once", "monthly"
EMBED_TOKEN_SALT = "turnout.donations.embed"  # noqa: S105 (a signing salt, not a secret)
EMBED_TOKEN_MAX_AGE = 2 * 3600


def _typed(label, max_length, autocomplete, field=forms.CharField, widget=forms.TextInput):
    """A field the browser may fill in from what it knows of the donor."""
    return field(
        label=label, max_length=max_length, widget=widget(attrs={"autocomplete": autocomplete})
    )


def default_amount(suggested: list[int]) -> int | None:
    """The amount selected first: the middle one (of four, the third: dare to ask)."""
    return suggested[len(suggested) // 2] if suggested else None


class DonateForm(forms.Form):
    amount = forms.ChoiceField(
        label=_("Amount"), required=False, widget=forms.RadioSelect, choices=()
    )
    other_amount = forms.CharField(
        label=_("Other amount"), required=False, max_length=20,
        widget=forms.TextInput(attrs={"inputmode": "decimal", "autocomplete": "off"}),
    )  # fmt: skip
    frequency = forms.ChoiceField(
        label=_("How often"),
        required=False,
        widget=forms.RadioSelect,
        choices=[(ONCE, _("Once")), (MONTHLY, _("Every month"))],
    )
    given_name = _typed(_("First name"), 150, "given-name")
    family_name = _typed(_("Last name"), 150, "family-name")
    email = _typed(_("Email"), 254, "email", forms.EmailField, forms.EmailInput)
    natural_person = forms.BooleanField(
        label=_(
            "I give as a private person, with my own money (not for a company, an association "
            "or any other legal person)."
        ),
        required=False,
    )
    nationality = forms.ChoiceField(label=_("Nationality"), choices=COUNTRIES)
    address_lines = _typed(_("Street address"), 300, "street-address")
    postal_code = _typed(_("Postal code"), 20, "postal-code")
    locality = _typed(_("Town"), 100, "address-level2")
    country = forms.ChoiceField(label=_("Country"), choices=COUNTRIES)
    consent = forms.BooleanField(required=False)
    provider = forms.ChoiceField(
        label=_("Pay with"), widget=forms.RadioSelect, choices=(), required=False
    )
    website = forms.CharField(required=False, label=_("Leave this field empty"))

    def __init__(self, *args, page: FundraisingPage, profile_kind: str, backends, **kwargs):
        super().__init__(*args, **kwargs)
        self.page = page
        self.profile_kind = profile_kind
        self.backends = {backend.alias: backend for backend in backends}
        self.amount_field = "amount"
        currency = SYMBOLS.get(page.currency, page.currency)
        suggested = list(page.suggested_cents or [])
        fields = self.fields
        fields["amount"].choices = [(str(c), money_text(c, page.currency)) for c in suggested]
        if page.allow_custom:
            fields["other_amount"].label = _("Other amount (%(currency)s)") % {"currency": currency}
        else:
            del fields["other_amount"]
        if not suggested:
            del fields["amount"]
            if "other_amount" in fields:
                self.amount_field = "other_amount"
            else:  # nothing to give with (set up in the admin): refused in clean()
                self.amount_field = None
        self.monthly_offered = page.allow_monthly and any(
            b.supports_monthly for b in self.backends.values()
        )
        if not self.monthly_offered:
            del fields["frequency"]
        wanted = DONOR_DETAILS.get(profile_kind, ())
        for name in ("natural_person", "nationality", *ADDRESS):
            if name not in wanted:
                del fields[name]
        fields["consent"].label = _(
            "Yes, %(organization)s may keep me informed by email of its campaigns and calls to "
            "action. I can stop at any time."
        ) % {"organization": page.organization.name}
        if len(self.backends) > 1:
            fields["provider"].choices = [(a, str(b.label)) for a, b in self.backends.items()]
            fields["provider"].required = True
        else:
            del fields["provider"]
        for param in ATTRIBUTION_PARAMS:
            fields[param] = forms.CharField(
                required=False, max_length=100, widget=forms.HiddenInput
            )
        if not self.is_bound:
            self._initial_choices(suggested)

    def _initial_choices(self, suggested: list[int]) -> None:
        initial = self.initial
        first = default_amount(suggested)
        typed = initial.get("amount") or initial.get("other_amount")
        if "amount" in self.fields and not typed:
            initial["amount"] = str(first)
        if "frequency" in self.fields:
            initial.setdefault("frequency", MONTHLY if self.page.monthly_default else ONCE)
        home = HOME.get(self.profile_kind, "")
        for name in ("nationality", "country"):
            if name in self.fields and home:
                initial.setdefault(name, home)
        if "provider" in self.fields:
            initial.setdefault("provider", next(iter(self.backends)))

    # -- reading --------------------------------------------------------------------------

    def is_bot(self) -> bool:
        return bool(self.data.get(HONEYPOT))

    def clean(self):
        cleaned = super().clean()
        other = (cleaned.get("other_amount") or "").strip()
        choice = cleaned.get("amount") or ""
        cents = None
        if other:  # a typed amount wins: typing it is choosing it
            self.amount_field = "other_amount"
            try:
                cents = parse_amount(other)
            except ValueError as exc:
                self.add_error("other_amount", str(exc))
        elif choice.isdigit() and int(choice) in (self.page.suggested_cents or []):
            cents = int(choice)
        elif "other_amount" in self.fields and "amount" not in self.fields:
            self.amount_field = "other_amount"
            self.add_error("other_amount", _("Type the amount you want to give."))
        elif "other_amount" not in self.errors:
            self.add_error(self.amount_field and "amount", _("Choose an amount."))
        if cents is not None and cents < self.page.minimum_cents:
            self.add_error(
                self.amount_field,
                _("The smallest gift on this page is %(min)s.")
                % {"min": money_text(self.page.minimum_cents, self.page.currency)},
            )
            cents = None
        cleaned["amount_cents"] = cents
        return cleaned

    def clean_frequency(self):
        return self.cleaned_data.get("frequency") or ONCE

    def _country(self, name: str) -> str:
        value = self.cleaned_data.get(name) or ""
        return "" if value == OTHER_COUNTRY else value

    def clean_nationality(self):
        return self._country("nationality")

    def clean_country(self):
        return self._country("country")

    def amount_cents(self) -> int:
        return self.cleaned_data["amount_cents"]

    def monthly(self) -> bool:
        return self.cleaned_data.get("frequency") == MONTHLY

    def backend(self):
        alias = self.cleaned_data.get("provider") or next(iter(self.backends))
        return self.backends[alias]

    def tax_address(self) -> dict:
        data = self.cleaned_data
        if "address_lines" not in self.fields:
            return {}
        address = {
            "lines": data.get("address_lines", "").strip(),
            "postal_code": data.get("postal_code", "").strip(),
            "locality": data.get("locality", "").strip(),
            "country": data.get("country", ""),
        }
        return {key: value for key, value in address.items() if value}

    def donor_details(self) -> DonorDetails:
        data = self.cleaned_data
        return DonorDetails(
            natural_person=bool(data.get("natural_person", True))
            if "natural_person" in self.fields
            else True,
            nationality=data.get("nationality", ""),
            tax_address=self.tax_address(),
        )

    def person_data(self, language: str) -> PersonData:
        data = self.cleaned_data
        address = self.tax_address()
        return PersonData(
            given_name=data["given_name"],
            family_name=data["family_name"],
            email=data["email"],
            language=language,
            address={
                "address_lines": address.get("lines", ""),
                "postal_code": address.get("postal_code", ""),
                "locality": address.get("locality", ""),
                "country": address.get("country", ""),
            }
            if address
            else {},
        )

    def consent_text(self) -> str:
        """The exact text next to the box when it was ticked, else ''."""
        return str(self.fields["consent"].label) if self.cleaned_data.get("consent") else ""

    def attribution(self) -> dict:
        return {
            key: self.cleaned_data[param]
            for param, key in ATTRIBUTION_PARAMS.items()
            if self.cleaned_data.get(param)
        }

    def add_refusals(self, messages: list[str]) -> None:
        """Each message of a refused gift next to what it is about: the natural person box,
        the nationality, else the amount. Which rule a message comes from is found by asking
        the rules again with that detail changed: the messages that go away are its."""
        placed = refusal_fields(
            page=self.page,
            messages=messages,
            amount_cents=self.cleaned_data.get("amount_cents") or 0,
            donor=self.donor_details(),
            fields=[name for name in ("natural_person", "nationality") if name in self.fields],
        )
        for field, message in placed:
            self.add_error(field or self.amount_field, message)


def refusal_fields(*, page, messages, amount_cents, donor, fields) -> list[tuple[str, str]]:
    from .services.lifecycle import legal_profile_for

    profile = legal_profile_for(page.organization)
    at = timezone.now()

    def refused(details: DonorDetails) -> set[str]:
        return set(
            limits.limit_refusals(
                organization=page.organization,
                profile=profile,
                person=None,
                amount_cents=amount_cents,
                method="card",
                donor=details,
                at=at,
            )
        )

    base = refused(donor)
    fixes = {"natural_person": {"natural_person": True}}
    if HOME.get(profile.kind):
        fixes["nationality"] = {"nationality": HOME[profile.kind]}
    own = {
        name: base - refused(dataclasses.replace(donor, **fixes[name]))
        for name in fields
        if name in fixes
    }
    return [
        (next((name for name, found in own.items() if message in found), ""), message)
        for message in messages
    ]


class EmbedDonateForm(DonateForm):
    """The form inside a third-party iframe: no CSRF cookie (browsers block third-party
    cookies), a signed token valid two hours instead, on top of the honeypot and rate limit
    (as actions' embedded form)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["form_token"] = forms.CharField(widget=forms.HiddenInput, required=False)
        if not self.is_bound:
            self.initial["form_token"] = signing.dumps(self.page.pk, salt=EMBED_TOKEN_SALT)

    def clean(self):
        cleaned = super().clean()
        try:
            page_pk = signing.loads(
                cleaned.get("form_token") or "", salt=EMBED_TOKEN_SALT, max_age=EMBED_TOKEN_MAX_AGE
            )
        except signing.BadSignature:
            page_pk = None
        if page_pk != self.page.pk:
            self.add_error(None, _("This form has expired. Please reload the page and try again."))
        return cleaned
