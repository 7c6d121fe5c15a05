"""Forms of the assistant's workspace: elections, knowledge-base entries (with the list's
filters, the installer and the test console), the inbox answer, channel accounts.

Forms only parse and check what a form can check alone; the services check the rest and their
refusals come back next to the field (nothing typed is lost)."""

from __future__ import annotations

from django import forms
from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from turnout.organizations.choices import Country

from .models import SHIPPED_COUNTRIES, Channel, ChannelAccount, Election, Entry
from .services.channel_accounts import ChannelAccountData
from .services.elections import ElectionData
from .services.entries import PLACEHOLDERS, EntryData, placeholder_problems
from .services.inbox import MAX_ANSWER

LANGUAGE_NAMES = {"fr": "Français", "en": "English", "de": "Deutsch"}
LANGUAGES = tuple(code for code, _name in settings.LANGUAGES)
DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
TIME = forms.TimeInput(attrs={"type": "time"}, format="%H:%M")


def _language_choices(blank=None):
    choices = [(code, LANGUAGE_NAMES.get(code, code)) for code in LANGUAGES]
    return ([("", blank)] if blank else []) + choices


def _country_choices(blank=None):
    shipped = [(c, label) for c, label in Country.choices if c in SHIPPED_COUNTRIES]
    others = [(c, label) for c, label in Country.choices if c not in SHIPPED_COUNTRIES]
    return ([("", blank)] if blank else []) + shipped + others


def _https(value: str) -> str:
    if value and not value.startswith("https://"):
        raise forms.ValidationError(_("Give an address that starts with https://."))
    return value


def _election_choices(elections, blank):
    return [("", blank)] + [(str(e.pk), f"{e} ({e.country}, {e.date:%Y-%m-%d})") for e in elections]


# --- Elections --------------------------------------------------------------------------------


class ElectionForm(forms.Form):
    slug = forms.SlugField(
        label=_("Short name"),
        max_length=80,
        help_text=_("Letters, digits and hyphens, e.g. municipales-2026: what the API and the "
                    "widget use to name this election."),
    )  # fmt: skip
    country = forms.ChoiceField(label=_("Country"), choices=_country_choices())
    kind = forms.ChoiceField(label=_("Kind"), choices=Election.Kind.choices)
    date = forms.DateField(label=_("Election day"), widget=DATE)
    second_round_date = forms.DateField(label=_("Second round"), required=False, widget=DATE)
    polls_open = forms.TimeField(label=_("Polls open at"), required=False, widget=TIME)
    polls_close = forms.TimeField(label=_("Polls close at"), required=False, widget=TIME)
    deadline_mode = forms.ChoiceField(
        label=_("Registration deadline"),
        choices=[
            ("computed", _("Computed from the country's rule")),
            ("date", _("This date")),
        ],
        initial="computed",
        widget=forms.RadioSelect,
    )
    registration_deadline = forms.DateField(
        label=_("Registration deadline (date)"), required=False, widget=DATE
    )
    official_site = forms.URLField(
        label=_("Official information site"),
        required=False,
        assume_scheme="https",
        max_length=200,
        help_text=_("Named when the assistant does not know the answer."),
    )

    def __init__(self, *args, election: Election | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        for lang in LANGUAGES:
            self.fields[f"name_{lang}"] = forms.CharField(
                label=_("Name (%(language)s)") % {"language": LANGUAGE_NAMES.get(lang, lang)},
                required=False,
                max_length=200,
            )
        self.order_fields([f"name_{lang}" for lang in LANGUAGES] + ["slug"])
        if election is not None:
            for lang in LANGUAGES:
                self.initial[f"name_{lang}"] = (election.name or {}).get(lang, "")
            for name in (
                "slug", "country", "kind", "date", "second_round_date", "polls_open",
                "polls_close", "registration_deadline", "official_site",
            ):  # fmt: skip
                self.initial[name] = getattr(election, name)
            self.initial["deadline_mode"] = "date" if election.registration_deadline else "computed"

    def clean_official_site(self):
        return _https(self.cleaned_data.get("official_site", ""))

    def clean(self):
        cleaned = super().clean()
        if not any((cleaned.get(f"name_{lang}") or "").strip() for lang in LANGUAGES):
            self.add_error(
                f"name_{LANGUAGES[0]}", _("Give the election a name in at least one language.")
            )
        if cleaned.get("deadline_mode") == "date" and not cleaned.get("registration_deadline"):
            self.add_error("registration_deadline", _("Give the date, or choose “computed”."))
        return cleaned

    def election_data(self) -> ElectionData:
        c = self.cleaned_data
        return ElectionData(
            slug=c["slug"],
            name={lang: c.get(f"name_{lang}") or "" for lang in LANGUAGES},
            country=c["country"],
            kind=c["kind"],
            date=c["date"],
            second_round_date=c.get("second_round_date"),
            polls_open=c.get("polls_open"),
            polls_close=c.get("polls_close"),
            registration_deadline=(
                c.get("registration_deadline") if c.get("deadline_mode") == "date" else None
            ),
            official_site=c.get("official_site") or "",
        )


# --- Knowledge base ---------------------------------------------------------------------------


def _lines(text: str) -> list[str]:
    return [line.strip() for line in (text or "").splitlines() if line.strip()]


class EntryForm(forms.Form):
    country = forms.ChoiceField(label=_("Country"), choices=_country_choices())
    language = forms.ChoiceField(label=_("Language"), choices=_language_choices())
    election = forms.ChoiceField(label=_("Election"), required=False)
    slug = forms.SlugField(
        label=_("Stable name"),
        max_length=80,
        help_text=_("The same in every language and country, e.g. proxy-vote."),
    )
    question = forms.CharField(label=_("Main question"), max_length=300)
    variants = forms.CharField(
        label=_("Other ways to ask"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("One per line, the way people write them (typos welcome)."),
    )
    keywords = forms.CharField(
        label=_("Keywords and synonyms"),
        required=False,
        max_length=1000,
        help_text=_("Separated by commas, e.g. proxy, procuration, Vollmacht."),
    )
    answer = forms.CharField(
        label=pgettext_lazy("noun", "Answer"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 7}),
    )
    source_url = forms.URLField(
        label=_("Official source"), max_length=500, assume_scheme="https",
        help_text=_("An https:// page of an official site where this is written."),
    )  # fmt: skip
    source_name = forms.CharField(label=_("Source name"), required=False, max_length=200)
    valid_from = forms.DateField(label=_("Valid from"), required=False, widget=DATE)
    valid_until = forms.DateField(label=_("Valid until"), required=False, widget=DATE)
    last_verified = forms.DateField(label=_("Last verified"), widget=DATE)
    owner = forms.ChoiceField(label=_("Owner"), required=False)
    status = forms.ChoiceField(
        label=_("Status"),
        choices=[(Entry.Status.PUBLISHED, _("Published")), (Entry.Status.DRAFT, _("Draft"))],
        initial=Entry.Status.PUBLISHED,
    )

    def __init__(self, *args, entry=None, elections=(), owners=(), initial_entry=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.elections = {str(e.pk): e for e in elections}
        self.owners = {str(u.pk): u for u in owners}
        self.fields["election"].choices = _election_choices(
            elections, _("None: true for every election in the country")
        )
        self.fields["owner"].choices = [("", "—")] + [
            (key, user.get_full_name() or user.email) for key, user in self.owners.items()
        ]
        self.fields["answer"].help_text = _(
            "Short, readable aloud. It may use these placeholders, filled in for each election; "
            "a sentence whose placeholder is not known is left out, a part in [square "
            "brackets] shows only when its placeholders are known:"
        )
        source = entry or initial_entry
        if source is not None:
            for name in (
                "country", "language", "slug", "question", "answer", "source_url",
                "source_name", "valid_from", "valid_until", "last_verified", "status",
            ):  # fmt: skip
                value = getattr(source, name, None)
                if value not in (None, ""):
                    self.initial[name] = value
            if self.initial.get("status") == Entry.Status.ARCHIVED:
                self.initial["status"] = Entry.Status.DRAFT  # saving brings it back as a draft
            self.initial["variants"] = "\n".join(getattr(source, "variants", None) or [])
            self.initial["keywords"] = ", ".join(getattr(source, "keywords", None) or [])
            if getattr(source, "election_id", None):
                self.initial["election"] = str(source.election_id)
            if getattr(source, "owner_id", None):
                self.initial["owner"] = str(source.owner_id)
        self.initial.setdefault("last_verified", timezone.localdate())

    def clean_source_url(self):
        return _https(self.cleaned_data.get("source_url", ""))

    def clean_answer(self):
        answer = self.cleaned_data.get("answer", "")
        problems = placeholder_problems(answer)
        if problems:
            names = ", ".join(p if p in "{}" else "{" + p + "}" for p in problems)
            raise forms.ValidationError(
                _("Unknown placeholder or stray brace: %(names)s. Use only the ones listed."),
                params={"names": names},
            )
        return answer

    def clean_last_verified(self):
        value = self.cleaned_data.get("last_verified")
        if value and value > timezone.localdate():
            raise forms.ValidationError(_("The verification date cannot be in the future."))
        return value

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("valid_from"), cleaned.get("valid_until")
        if start and end and end < start:
            self.add_error("valid_until", _("“Valid until” must not be before “valid from”."))
        election = self.elections.get(cleaned.get("election") or "")
        if (
            election is not None
            and cleaned.get("country")
            and election.country != cleaned["country"]
        ):
            self.add_error("election", _("This election is in another country than the entry."))
        if len(_lines(cleaned.get("variants", ""))) > 50:
            self.add_error("variants", _("At most 50 other ways to ask."))
        return cleaned

    def entry_data(self, *, verified_today: bool = False) -> EntryData:
        c = self.cleaned_data
        keywords = [k.strip() for k in (c.get("keywords") or "").replace("\n", ",").split(",")]
        return EntryData(
            country=c["country"],
            language=c["language"],
            slug=c["slug"],
            question=c["question"],
            answer=c["answer"],
            source_url=c["source_url"],
            source_name=c.get("source_name") or "",
            last_verified=timezone.localdate() if verified_today else c["last_verified"],
            election=self.elections.get(c.get("election") or ""),
            variants=_lines(c.get("variants", "")),
            keywords=[k for k in keywords if k],
            valid_from=c.get("valid_from"),
            valid_until=c.get("valid_until"),
            owner=self.owners.get(c.get("owner") or ""),
            status=c["status"],
        )

    @staticmethod
    def placeholders():
        return [("{" + name + "}", text) for name, text in PLACEHOLDERS.items()]


class EntryFilterForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False, max_length=100)
    country = forms.ChoiceField(label=_("Country"), required=False)
    language = forms.ChoiceField(label=_("Language"), required=False)
    election = forms.ChoiceField(label=_("Election"), required=False)
    status = forms.ChoiceField(
        label=_("Status"),
        required=False,
        choices=[("", _("Draft and published")), *Entry.Status.choices],
    )
    staleness = forms.ChoiceField(
        label=_("Verification"),
        required=False,
        choices=[
            ("", _("All")),
            ("stale", _("Not verified recently")),
            ("expired", _("Validity ended")),
            ("fresh", _("Up to date")),
        ],
    )

    def __init__(self, *args, elections=(), countries=(), **kwargs):
        super().__init__(*args, **kwargs)
        names = dict(Country.choices)
        self.fields["country"].choices = [("", _("All countries"))] + [
            (c, names.get(c, c)) for c in countries
        ]
        self.fields["language"].choices = _language_choices(_("All languages"))
        self.fields["election"].choices = [
            ("", _("All")),
            ("general", _("General (every election)")),
        ] + [(str(e.pk), str(e)) for e in elections]

    def filters(self) -> dict:
        if not self.is_valid():
            return {}
        return {k: v for k, v in self.cleaned_data.items() if v}


class InstallForm(forms.Form):
    country = forms.ChoiceField(
        label=_("Country"),
        choices=[(c, label) for c, label in Country.choices if c in SHIPPED_COUNTRIES],
    )
    languages = forms.MultipleChoiceField(
        label=_("Languages"),
        choices=_language_choices(),
        widget=forms.CheckboxSelectMultiple,
        initial=list(LANGUAGES),
        error_messages={"required": _("Choose at least one language.")},
    )


class ConsoleForm(forms.Form):
    question = forms.CharField(
        label=_("Question"), max_length=2000, widget=forms.Textarea(attrs={"rows": 2})
    )
    language = forms.ChoiceField(label=_("Language"), choices=_language_choices())
    country = forms.ChoiceField(label=_("Country"), choices=_country_choices())
    election = forms.ChoiceField(label=_("Election"), required=False)

    def __init__(self, *args, elections=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.elections = {str(e.pk): e for e in elections}
        self.fields["election"].choices = _election_choices(elections, _("None"))

    def chosen_election(self):
        return self.elections.get(self.cleaned_data.get("election") or "")


# --- Inbox ------------------------------------------------------------------------------------


class InboxAnswerForm(forms.Form):
    answer = forms.CharField(
        label=_("Your answer"),
        max_length=MAX_ANSWER,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("Sent to the person when they left an address or a number."),
    )


# --- Channels ---------------------------------------------------------------------------------


class ChannelAccountForm(forms.Form):
    channel = forms.ChoiceField(
        label=_("Channel"),
        choices=[(c, label) for c, label in Channel.choices if c != Channel.API],
    )
    external_id = forms.CharField(
        label=_("Channel id"),
        required=False,
        max_length=200,
        help_text=_(
            "WhatsApp: the phone-number id of the Cloud API. SMS: the keyword people write "
            "first (VOTE). Voice: the Alexa skill id (amzn1.ask.skill...). Web: leave empty, "
            "a key is made for the widget."
        ),
    )
    display_name = forms.CharField(
        label=_("Name shown"), required=False, max_length=200,
        help_text=_("What people see, e.g. a newspaper's name when a partner runs it."),
    )  # fmt: skip
    partner = forms.CharField(label=_("Media partner"), required=False, max_length=200)
    country = forms.ChoiceField(label=_("Default country"), choices=_country_choices())
    language = forms.ChoiceField(label=_("Default language"), choices=_language_choices())
    election = forms.ChoiceField(label=_("Default election"), required=False)
    active = forms.BooleanField(label=_("Active"), required=False, initial=True)
    frame_ancestors = forms.CharField(
        label=_("Web widget: sites allowed to show it"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_(
            "One address per line, e.g. https://www.example.org. Empty: any site may show it."
        ),
    )

    def __init__(self, *args, account: ChannelAccount | None = None, elections=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.elections = {str(e.pk): e for e in elections}
        self.fields["election"].choices = _election_choices(elections, _("None"))
        if account is not None:
            for name in ("channel", "external_id", "display_name", "partner", "country",
                         "language", "active"):  # fmt: skip
                self.initial[name] = getattr(account, name)
            self.initial["election"] = str(account.election_id or "")
            self.initial["frame_ancestors"] = "\n".join(
                (account.options or {}).get("frame_ancestors") or []
            )
            self.fields["channel"].disabled = True

    def clean_frame_ancestors(self):
        from turnout.actions.public_views import ORIGIN_RE

        origins = _lines(self.cleaned_data.get("frame_ancestors", ""))
        wrong = [o for o in origins if not ORIGIN_RE.match(o.rstrip("/"))]
        if wrong:
            raise forms.ValidationError(
                _("Not a site address: %(value)s. Write it as https://www.example.org."),
                params={"value": wrong[0]},
            )
        return [o.rstrip("/") for o in origins][:20]

    def clean(self):
        cleaned = super().clean()
        channel = cleaned.get("channel")
        external_id = (cleaned.get("external_id") or "").strip()
        if channel and channel != Channel.WEB and not external_id:
            self.add_error("external_id", _("This channel needs its id."))
        if channel == Channel.SMS and external_id and (" " in external_id or len(external_id) > 20):
            self.add_error("external_id", _("An SMS keyword is one word of at most 20 letters."))
        return cleaned

    def account_data(self) -> ChannelAccountData:
        c = self.cleaned_data
        return ChannelAccountData(
            channel=c["channel"],
            external_id=c.get("external_id") or "",
            country=c["country"],
            language=c["language"],
            display_name=c.get("display_name") or "",
            partner=c.get("partner") or "",
            election=self.elections.get(c.get("election") or ""),
            active=bool(c.get("active")),
            frame_ancestors=c.get("frame_ancestors") or [],
        )
