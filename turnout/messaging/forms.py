"""Forms of the broadcast and messaging-settings pages."""

from __future__ import annotations

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from turnout.people.models import Channel, PeopleList, Segment

from .models import Broadcast, MessagingSettings
from .services import BroadcastError, broadcast_content_check
from .sms_text import sms_normalize_newlines


class BroadcastForm(forms.ModelForm):
    """Name, audience, purpose, and the text in each language (empty languages are skipped:
    people whose language is missing receive the default language)."""

    class Meta:
        model = Broadcast
        fields = ["name", "segment", "people_list", "purpose", "default_language", "sender"]

    def __init__(self, *args, organization, channel, **kwargs):
        super().__init__(*args, **kwargs)
        self.channel = channel
        self.fields["segment"].queryset = Segment.objects.filter(organization=organization)
        self.fields["people_list"].queryset = PeopleList.objects.filter(organization=organization)
        self.fields["sender"].help_text = (
            _("Up to 11 letters or a number. Empty: the organization's sender.")
            if channel == Channel.SMS
            else _("Empty: the site's sender address.")
        )
        content = (self.instance.content if self.instance.pk else {}) or {}
        for code, name in settings.LANGUAGES:
            part = content.get(code) or {}
            if channel == Channel.EMAIL:
                self.fields[f"subject_{code}"] = forms.CharField(
                    label=_("Subject (%(language)s)") % {"language": name},
                    required=False,
                    max_length=300,
                    initial=part.get("subject", ""),
                )
            attrs = {"rows": 4 if channel == Channel.SMS else 12}
            if channel == Channel.SMS:
                attrs["data-sms-counter"] = f"counter_{code}"
            self.fields[f"body_{code}"] = forms.CharField(
                label=_("Text (%(language)s)") % {"language": name},
                required=False,
                widget=forms.Textarea(attrs=attrs),
                initial=part.get("body", ""),
                help_text=_("Variables: {first_name|fallback}, {last_name|}, {organization}."),
            )

    def content(self) -> dict:
        content = {}
        for code, _name in settings.LANGUAGES:
            body = sms_normalize_newlines(self.cleaned_data.get(f"body_{code}", "")).strip()
            subject = self.cleaned_data.get(f"subject_{code}", "").strip()
            if body or subject:
                content[code] = {"subject": subject, "body": body}
        return content

    def clean(self):
        data = super().clean()
        if not data.get("segment") and not data.get("people_list"):
            raise forms.ValidationError(_("Choose who receives it: a segment or a list."))
        if data.get("segment") and data.get("people_list"):
            raise forms.ValidationError(_("Choose a segment or a list, not both."))
        try:
            broadcast_content_check(channel=self.channel, content=self.content())
        except BroadcastError as exc:
            raise forms.ValidationError(str(exc)) from exc
        return data


class ScheduleForm(forms.Form):
    send_at = forms.DateTimeField(
        label=_("Send at"),
        required=False,
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}),
        help_text=_("Empty: now. SMS wait for the sending hours of each recipient."),
    )


class TestSendForm(forms.Form):
    to = forms.CharField(
        label=_("Send a test to"),
        max_length=254,
        help_text=_("An email address or a mobile number. Test sends are marked [TEST]."),
    )


class MessagingSettingsForm(forms.ModelForm):
    class Meta:
        model = MessagingSettings
        fields = [
            "sms_sender",
            "sms_optout_required",
            "sms_optout_text",
            "quiet_hours",
            "time_zone",
            "email_from_name",
            "email_reply_to",
            "email_tracking",
        ]

    def clean_time_zone(self):
        from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

        value = self.cleaned_data["time_zone"]
        try:
            ZoneInfo(value)
        except (ZoneInfoNotFoundError, ValueError) as exc:
            raise forms.ValidationError(_("Unknown time zone, e.g. Europe/Paris.")) from exc
        return value
