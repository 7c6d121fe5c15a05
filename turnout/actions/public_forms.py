"""The public signature form: the fields, the consent box with the exact text shown, one box
per co-sponsor, and a honeypot that people never see."""

from __future__ import annotations

import copy

from django import forms
from django.core import signing
from django.utils.translation import gettext_lazy as _

from turnout.people.services import PersonData

from .models import Action
from .questions import active, answer_value, field_name, form_field
from .typos import email_typo_suggestion

HONEYPOT = "website"
ATTRIBUTION_PARAMS = {
    "source": "source_code",
    "utm_source": "utm_source",
    "utm_medium": "utm_medium",
    "utm_campaign": "utm_campaign",
    "ref": "referrer",
    "org": "referring_organization",
}
PERSON_FIELDS = ("given_name", "family_name", "email", "phone", "postal_code", "keep_email")
EMBED_TOKEN_SALT = "turnout.actions.embed"  # noqa: S105 (a signing salt, not a secret)
EMBED_TOKEN_MAX_AGE = 2 * 3600  # seconds


class FieldSet(dict):
    """The fields of the sign form of one action in one language, built once and shared by
    every form made for them: Django deep-copies a form's fields for each form, which is most
    of the cost of taking a signature, and these fields are never changed once built (labels
    and choices are set here), so each form gets a shallow copy instead."""

    question_fields: list
    question_names: set
    sponsor_fields: list

    def __deepcopy__(self, memo):
        return dict(self)


_FIELD_SETS: dict = {}
_FIELD_SETS_MAX = 512


def _fields_for(form_class, action: Action, language: str) -> FieldSet:
    sponsors = list(action.sponsors.all())
    key = (
        form_class,
        action.pk,
        action.updated_at,
        language,
        tuple((s.pk, s.is_owner, s.hidden, repr(s.opt_in_label)) for s in sponsors),
    )
    fields = _FIELD_SETS.get(key)
    if fields is None:
        if len(_FIELD_SETS) >= _FIELD_SETS_MAX:
            _FIELD_SETS.clear()
        fields = _FIELD_SETS[key] = _build_fields(form_class, action, language, sponsors)
    return fields


def _build_fields(form_class, action: Action, language: str, sponsors: list) -> FieldSet:
    fields = copy.deepcopy(dict(form_class.base_fields))
    fields["consent"].label = action.consent_text_for(language)
    question_fields = []
    for question in active(action.questions):
        name = field_name(question)
        fields[name] = form_field(question, language)
        question_fields.append((name, question))
    if action.kind == Action.Kind.PETITION:
        fields["show_name"] = forms.BooleanField(
            required=False, label=_("Show my name to the targets of this petition")
        )
    sponsor_fields = []
    for sponsor in sponsors:
        if sponsor.is_owner or sponsor.hidden:
            continue
        name = f"sponsor_{sponsor.pk}"
        fields[name] = forms.BooleanField(
            required=False,
            label=sponsor.label_text(language)
            or _("I also want news from %(name)s.") % {"name": sponsor.organization.name},
        )
        sponsor_fields.append((name, sponsor.pk))
    for param in ATTRIBUTION_PARAMS:
        fields[param] = forms.CharField(required=False, max_length=100, widget=forms.HiddenInput)
    # The questions after the person's fields; the boxes (consent, sponsors) last.
    order = [
        *PERSON_FIELDS,
        *(name for name, _q in question_fields),
        "show_name",
        "consent",
        *(name for name, _pk in sponsor_fields),
    ]
    result = FieldSet({name: fields.pop(name) for name in order if name in fields})
    result.update(fields)
    result.question_fields = question_fields
    result.question_names = {name for name, _q in question_fields}
    result.sponsor_fields = sponsor_fields
    return result


class SignForm(forms.Form):
    given_name = forms.CharField(label=_("First name"), max_length=150)
    family_name = forms.CharField(label=_("Last name"), max_length=150, required=False)
    email = forms.EmailField(label=_("Email"), max_length=254)
    phone = forms.CharField(label=_("Mobile phone (optional)"), max_length=40, required=False)
    postal_code = forms.CharField(label=_("Postal code"), max_length=20, required=False)
    # Shown only after a suggested correction of the email domain.
    keep_email = forms.BooleanField(required=False, label=_("Keep the address as I typed it"))
    consent = forms.BooleanField(required=False)
    # Hidden from people by CSS and aria-hidden; bots fill it in.
    website = forms.CharField(required=False, label=_("Leave this field empty"))

    def __init__(self, *args, action: Action, language: str, **kwargs):
        fields = _fields_for(type(self), action, language)
        self.base_fields = fields  # this form's fields, shared with its twins (see FieldSet)
        super().__init__(*args, **kwargs)
        self.action = action
        self.email_suggestion = None
        self.language = language
        self.question_fields = fields.question_fields
        self.question_names = fields.question_names
        self.sponsor_fields = fields.sponsor_fields

    def clean(self):
        cleaned = super().clean()
        suggestion = email_typo_suggestion(cleaned.get("email") or "")
        if suggestion and not cleaned.get("keep_email"):
            self.email_suggestion = suggestion
            self.add_error(
                "email",
                forms.ValidationError(
                    _("Did you mean %(suggestion)s?"),
                    code="email_typo",
                    params={"suggestion": suggestion},
                ),
            )
        return cleaned

    def is_bot(self) -> bool:
        return bool(self.data.get(HONEYPOT))

    def person_data(self) -> PersonData:
        data = self.cleaned_data
        return PersonData(
            given_name=data["given_name"],
            family_name=data.get("family_name", ""),
            email=data["email"],
            phone=data.get("phone", ""),
            language=self.language,
            address={"postal_code": data["postal_code"]} if data.get("postal_code") else {},
        )

    def answers(self) -> dict:
        """The answers to the extra questions, as stored (unanswered ones left out)."""
        answers = {}
        for name, question in self.question_fields:
            value = answer_value(question, self.cleaned_data.get(name))
            if value is not None:
                answers[question["key"]] = value
        return answers

    def show_name_text(self) -> str:
        """The exact text of the "show my name" box when ticked, else ''."""
        if "show_name" in self.fields and self.cleaned_data.get("show_name"):
            return str(self.fields["show_name"].label)
        return ""

    def sponsor_ids(self) -> set[int]:
        return {pk for name, pk in self.sponsor_fields if self.cleaned_data.get(name)}

    def sponsor_texts(self) -> dict[int, str]:
        """The ticked co-sponsor boxes: {sponsor id: the exact text next to the box}."""
        return {
            pk: str(self.fields[name].label)
            for name, pk in self.sponsor_fields
            if self.cleaned_data.get(name)
        }

    def consent_text(self) -> str:
        """The exact text next to the consent box when it was ticked, else ''."""
        return str(self.fields["consent"].label) if self.cleaned_data.get("consent") else ""

    def attribution(self) -> dict:
        return {
            key: self.cleaned_data.get(param) or ""
            for param, key in ATTRIBUTION_PARAMS.items()
            if self.cleaned_data.get(param)
        }


class EmbedSignForm(SignForm):
    """The form inside a third-party iframe: no CSRF cookie (browsers block third-party
    cookies), a signed token valid two hours instead, on top of the honeypot and rate limit."""

    form_token = forms.CharField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            self.initial["form_token"] = signing.dumps(self.action.pk, salt=EMBED_TOKEN_SALT)

    def clean(self):
        cleaned = super().clean()
        try:
            action_pk = signing.loads(
                cleaned.get("form_token") or "", salt=EMBED_TOKEN_SALT, max_age=EMBED_TOKEN_MAX_AGE
            )
        except signing.BadSignature:  # includes SignatureExpired
            action_pk = None
        if action_pk != self.action.pk:
            self.add_error(
                None,
                forms.ValidationError(
                    _("This form has expired. Please reload the page and try again."),
                    code="bad_token",
                ),
            )
        return cleaned
