"""Forms of the peer-to-peer texting pages."""

from __future__ import annotations

from django import forms
from django.conf import settings
from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy as _

from turnout.people.models import PeopleList, Segment

from .models import SurveyQuestion, TextingCampaign
from .templating import VARIABLES, TemplateError, template_check


def _variables_help() -> str:
    names = ", ".join(
        f"{{{name}|…}}" if name != "organization" else "{organization}" for name in VARIABLES
    )
    return str(
        _("Variables: %(names)s. Example: “Hello {first_name|}, this is {texter_name|} …”")
    ) % {"names": names}


class TextingCampaignForm(forms.ModelForm):
    """Name, audience, purpose, batch size, texters, and the first message per language."""

    texters = forms.ModelMultipleChoiceField(
        label=_("Texters"),
        queryset=get_user_model().objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Members who send the messages and answer the replies."),
    )

    class Meta:
        model = TextingCampaign
        fields = ["name", "segment", "people_list", "purpose", "default_language", "batch_size"]

    def __init__(self, *args, organization, **kwargs):
        super().__init__(*args, **kwargs)
        self.organization = organization
        self.fields["segment"].queryset = Segment.objects.filter(organization=organization)
        self.fields["people_list"].queryset = PeopleList.objects.filter(organization=organization)
        self.fields["segment"].help_text = _("Who is texted: a segment, or a list below.")
        self.fields["texters"].queryset = (
            get_user_model()
            .objects.filter(memberships__organization=organization)
            .order_by("full_name", "email")
        )
        script = self.instance.script or {} if self.instance else {}
        self.language_fields = []
        for code, name in settings.LANGUAGES:
            field_name = f"script_{code}"
            self.fields[field_name] = forms.CharField(
                label=_("First message (%(language)s)") % {"language": name},
                required=False,
                initial=script.get(code, ""),
                widget=forms.Textarea(attrs={"rows": 4}),
                help_text=_variables_help(),
            )
            self.language_fields.append(field_name)
        if self.instance and self.instance.pk:
            self.fields["texters"].initial = list(
                self.instance.texters.values_list("pk", flat=True)
            )

    def clean(self):
        data = super().clean()
        if not data.get("segment") and not data.get("people_list"):
            self.add_error("segment", _("Choose who is texted: a segment or a list."))
        elif data.get("segment") and data.get("people_list"):
            self.add_error("people_list", _("Choose a segment or a list, not both."))
        any_text = False
        for code, _name in settings.LANGUAGES:
            text = (data.get(f"script_{code}") or "").strip()
            if not text:
                continue
            any_text = True
            try:
                template_check(text)
            except TemplateError as exc:
                self.add_error(f"script_{code}", str(exc))
        if not any_text:
            self.add_error(
                f"script_{settings.LANGUAGES[0][0]}",
                _("Write the first message in at least one language."),
            )
        return data

    @property
    def script(self) -> dict:
        return {
            code: self.cleaned_data[f"script_{code}"].strip()
            for code, _name in settings.LANGUAGES
            if (self.cleaned_data.get(f"script_{code}") or "").strip()
        }


class SurveyQuestionForm(forms.Form):
    text = forms.CharField(label=_("Question"), max_length=300)
    choices = forms.CharField(
        label=_("Possible answers"),
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("One per line."),
    )
    reveals_opinion = forms.BooleanField(
        label=_("Reveals a political opinion (answers visible only to admins)"),
        required=False,
        initial=True,
    )

    def clean_choices(self):
        return [line.strip() for line in self.cleaned_data["choices"].splitlines() if line.strip()]


class CannedResponseForm(forms.Form):
    title = forms.CharField(label=_("Button label"), max_length=100)
    body = forms.CharField(
        label=_("Text sent"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Empty: the button only tags, answers or closes."),
    )
    tag_name = forms.CharField(label=_("Add the tag"), max_length=80, required=False)
    answer = forms.ChoiceField(label=_("Records the answer"), required=False)
    closes = forms.BooleanField(label=_("Closes the conversation"), required=False)
    marks_wrong_number = forms.BooleanField(
        label=_("Wrong number (the number is no longer used, the conversation is closed)"),
        required=False,
    )

    def __init__(self, *args, campaign: TextingCampaign, **kwargs):
        super().__init__(*args, **kwargs)
        self.questions = {q.pk: q for q in SurveyQuestion.objects.filter(campaign=campaign)}
        choices = [("", _("— none —"))]
        for question in self.questions.values():
            choices.append((question.text, [(f"{question.pk}:{c}", c) for c in question.choices]))
        self.fields["answer"].choices = choices

    def clean_body(self):
        body = self.cleaned_data["body"].strip()
        try:
            template_check(body)
        except TemplateError as exc:
            raise forms.ValidationError(str(exc)) from exc
        return body

    def clean(self):
        data = super().clean()
        raw = data.get("answer") or ""
        data["question"], data["answer_text"] = None, ""
        if raw:
            question_id, _sep, answer = raw.partition(":")
            data["question"] = (
                self.questions.get(int(question_id)) if question_id.isdigit() else None
            )
            data["answer_text"] = answer
        return data


class ReassignForm(forms.Form):
    from_texter = forms.TypedChoiceField(label=_("From"), coerce=int)
    to_texter = forms.TypedChoiceField(label=_("To"), coerce=int, empty_value=None, required=False)
    only_unsent = forms.BooleanField(
        label=_("Only the first messages not sent yet"), required=False
    )

    def __init__(self, *args, texters, **kwargs):
        super().__init__(*args, **kwargs)
        choices = [(t.pk, t.get_full_name()) for t in texters]
        self.fields["from_texter"].choices = choices
        self.fields["to_texter"].choices = [("", _("Back to unassigned (unsent only)")), *choices]
        self.texters = {t.pk: t for t in texters}


class ReplyForm(forms.Form):
    body = forms.CharField(
        label=_("Your reply"),
        max_length=1600,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    token = forms.CharField(widget=forms.HiddenInput, max_length=64)
