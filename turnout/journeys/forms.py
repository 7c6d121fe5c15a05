"""Forms of the journey editor: a journey's settings and trigger, and one form per kind of
step (its settings become ``Step.config``)."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from turnout.actions.models import LANGUAGES, Action
from turnout.organizations.models import ORGANIZER_ROLES, Membership
from turnout.people.models import CustomField, Purpose, Segment, Tag

from . import steps as flow
from .models import Journey, Step

LANGUAGE_NAMES = {"fr": _("French"), "en": _("English"), "de": _("German")}
Kind = Step.Kind


def _tag_choices(organization):
    return [("", "—")] + [
        (str(t.pk), t.name) for t in Tag.objects.for_organization(organization).order_by("name")
    ]


def _segment_choices(organization):
    return [("", "—")] + [
        (str(s.pk), s.name) for s in Segment.objects.for_organization(organization).order_by("name")
    ]


class JourneyForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=200)
    description = forms.CharField(
        label=_("Description"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("For the team: what the journey is for."),
    )
    trigger_kind = forms.ChoiceField(
        label=_("What starts the journey"),
        choices=Journey.Trigger.choices,
        widget=forms.RadioSelect,
    )
    action = forms.ChoiceField(label=_("Action"), required=False)
    tag = forms.ChoiceField(label=_("Tag"), required=False)
    rung = forms.ChoiceField(label=_("Rung of the ladder"), required=False)
    date_field = forms.ChoiceField(label=_("Date"), required=False)
    offset_days = forms.IntegerField(
        label=_("Days after the date (negative: before)"),
        required=False,
        initial=0,
        min_value=-flow.MAX_WAIT_DAYS,
        max_value=flow.MAX_WAIT_DAYS,
    )
    time = forms.TimeField(
        label=_("At"),
        required=False,
        initial="09:00",
        widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
    )
    segment = forms.ChoiceField(label=_("Segment"), required=False)
    include_current = forms.BooleanField(
        label=_("Also take everyone already in the segment when the journey starts"),
        required=False,
    )
    canvass_effort = forms.ChoiceField(label=_("Canvassing effort"), required=False)
    canvass_outcome = forms.ChoiceField(label=_("Outcome of the visit"), required=False)
    canvass_question = forms.SlugField(
        label=_("Question key"),
        required=False,
        max_length=40,
        help_text=_("Optional: the key of a survey question, as in the effort's script."),
    )
    canvass_answer = forms.CharField(
        label=_("Answer key"),
        required=False,
        max_length=200,
        help_text=_("Optional: the answer that starts the journey (empty: any answer)."),
    )
    allow_reentry = forms.BooleanField(
        label=_("A person may go through the journey again"),
        required=False,
        help_text=_("Otherwise a person goes through it once, ever. Never twice at the same time."),
    )

    TRIGGER_FIELDS = {
        Journey.Trigger.ACTION: ["action"],
        Journey.Trigger.TAG: ["tag"],
        Journey.Trigger.RUNG: ["rung"],
        Journey.Trigger.DATE: ["date_field", "offset_days", "time"],
        Journey.Trigger.SEGMENT: ["segment", "include_current"],
        Journey.Trigger.CANVASS: [
            "canvass_effort",
            "canvass_outcome",
            "canvass_question",
            "canvass_answer",
        ],
    }

    def __init__(self, *args, organization, journey: Journey | None = None, **kwargs):
        self.organization = organization
        self.journey = journey
        if journey is not None and not kwargs.get("initial"):
            config = journey.trigger_config or {}
            kwargs["initial"] = {
                "name": journey.name,
                "description": journey.description,
                "trigger_kind": journey.trigger_kind,
                "action": str(config.get("action") or ""),
                "tag": str(config.get("tag") or ""),
                "rung": str(config.get("rung") or ""),
                "date_field": config.get("field", "created_at"),
                "offset_days": config.get("offset_days", 0),
                "time": config.get("time", "09:00"),
                "segment": str(config.get("segment") or ""),
                "include_current": bool(config.get("include_current")),
                "canvass_effort": str(config.get("effort") or ""),
                "canvass_outcome": config.get("outcome", ""),
                "canvass_question": config.get("question", ""),
                "canvass_answer": config.get("answer", ""),
                "allow_reentry": journey.allow_reentry,
            }
        super().__init__(*args, **kwargs)
        self.fields["action"].choices = [("", _("Any action"))] + [
            (str(a.pk), str(a))
            for a in Action.objects.for_organization(organization).order_by("-created_at")
        ]
        self.fields["tag"].choices = _tag_choices(organization)
        from turnout.funnels.models import Rung

        self.fields["rung"].choices = [("", "—")] + [
            (str(r.pk), str(r))
            for r in Rung.objects.filter(organization=organization).order_by("position")
        ]
        self.fields["date_field"].choices = [("created_at", _("The day the person was added"))] + [
            (f.key, f.label)
            for f in CustomField.objects.for_organization(organization).filter(
                kind=CustomField.Kind.DATE
            )
        ]
        self.fields["segment"].choices = _segment_choices(organization)
        from turnout.canvassing.models import Effort, Visit

        self.fields["canvass_effort"].choices = [("", _("Any effort"))] + [
            (str(e.pk), e.name) for e in Effort.objects.for_organization(organization)
        ]
        self.fields["canvass_outcome"].choices = [
            ("", _("Any outcome")),
            *Visit.Outcome.choices,
        ]
        if journey is not None and journey.status in (
            Journey.Status.ACTIVE,
            Journey.Status.ARCHIVED,
        ):
            for names in (["trigger_kind"], *self.TRIGGER_FIELDS.values()):
                for name in names:
                    self.fields[name].disabled = True

    def clean(self):
        cleaned = super().clean()
        kind = cleaned.get("trigger_kind")
        config: dict = {}
        if kind == Journey.Trigger.ACTION:
            config = {"action": int(cleaned["action"]) if cleaned.get("action") else None}
        elif kind == Journey.Trigger.TAG:
            if not cleaned.get("tag"):
                self.add_error("tag", _("Choose the tag that starts the journey."))
            else:
                config = {"tag": int(cleaned["tag"])}
        elif kind == Journey.Trigger.RUNG:
            if not cleaned.get("rung"):
                self.add_error("rung", _("Choose the rung of the ladder that starts the journey."))
            else:
                config = {"rung": int(cleaned["rung"])}
        elif kind == Journey.Trigger.DATE:
            at = cleaned.get("time")
            config = {
                "field": cleaned.get("date_field") or "created_at",
                "offset_days": cleaned.get("offset_days") or 0,
                "time": at.strftime("%H:%M") if at else "09:00",
            }
        elif kind == Journey.Trigger.SEGMENT:
            if not cleaned.get("segment"):
                self.add_error("segment", _("Choose the segment people enter."))
            else:
                config = {
                    "segment": int(cleaned["segment"]),
                    "include_current": bool(cleaned.get("include_current")),
                }
        elif kind == Journey.Trigger.CANVASS:
            effort = cleaned.get("canvass_effort")
            config = {
                "effort": int(effort) if effort else None,
                "outcome": cleaned.get("canvass_outcome") or "",
                "question": cleaned.get("canvass_question") or "",
                "answer": (cleaned.get("canvass_answer") or "").strip(),
            }
            if config["answer"] and not config["question"]:
                self.add_error(
                    "canvass_question", _("Give the key of the question this answer is to.")
                )
        self.trigger_config = config
        return cleaned

    def journey_fields(self) -> dict:
        data = self.cleaned_data
        return {
            "name": data["name"],
            "description": data.get("description", ""),
            "trigger_kind": data["trigger_kind"],
            "trigger_config": self.trigger_config,
            "allow_reentry": bool(data.get("allow_reentry")),
        }

    def trigger_groups(self):
        """The trigger's fields grouped by trigger (each shown under its own heading)."""
        return [
            {
                "kind": kind,
                "label": Journey.Trigger(kind).label,
                "fields": [self[name] for name in names],
            }
            for kind, names in self.TRIGGER_FIELDS.items()
        ]


class StepForm(forms.Form):
    """The settings of one step; its fields depend on the kind. When the journey is running,
    only the texts can change (the other fields are shown, disabled)."""

    def __init__(self, *args, kind: str, journey: Journey, step: Step | None = None, **kwargs):
        self.kind = kind
        self.journey = journey
        self.organization = journey.organization
        config = step.config if step is not None else {}
        super().__init__(*args, **kwargs)
        getattr(self, f"_fields_{kind}")(config)
        self.texts_only = journey.structure_locked and step is not None
        if self.texts_only:
            for name, field in self.fields.items():
                if not self._is_text(name):
                    field.disabled = True

    def _is_text(self, name: str) -> bool:
        """The fields ``steps.TEXT_KEYS`` allows to change while the journey runs."""
        if self.kind in (Kind.SEND_EMAIL, Kind.SEND_SMS):
            return name.startswith(("subject_", "body_"))
        return name in flow.TEXT_KEYS.get(self.kind, ())

    # --- fields per kind ---

    def _fields_wait(self, config):
        self.fields["mode"] = forms.ChoiceField(
            label=_("Wait"),
            choices=[("for", _("for some time")), ("until", _("until a day and time"))],
            widget=forms.RadioSelect,
            initial=config.get("mode", "for"),
        )
        self.fields["days"] = forms.IntegerField(
            label=_("Days"),
            min_value=0,
            max_value=flow.MAX_WAIT_DAYS,
            initial=config.get("days", 1),
            required=False,
        )
        self.fields["hours"] = forms.IntegerField(
            label=_("Hours"),
            min_value=0,
            max_value=23,
            initial=config.get("hours", 0),
            required=False,
        )
        self.fields["weekday"] = forms.ChoiceField(
            label=_("Day"),
            choices=[("", _("the next day it comes"))]
            + [(str(i), name) for i, name in enumerate(flow.WEEKDAYS)],
            required=False,
            initial=str(config.get("weekday", ""))
            if config.get("weekday") not in (None, "")
            else "",
        )
        self.fields["time"] = forms.TimeField(
            label=_("Time (the organization's time zone)"),
            required=False,
            initial=config.get("time", "09:00"),
            widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
        )

    def _message_fields(self, config, subject: bool):
        content = config.get("content") or {}
        for code in LANGUAGES:
            part = content.get(code) or {}
            if subject:
                self.fields[f"subject_{code}"] = forms.CharField(
                    label=_("Subject (%(language)s)") % {"language": LANGUAGE_NAMES[code]},
                    max_length=200,
                    required=False,
                    initial=part.get("subject", ""),
                )
            self.fields[f"body_{code}"] = forms.CharField(
                label=_("Text (%(language)s)") % {"language": LANGUAGE_NAMES[code]},
                required=False,
                initial=part.get("body", ""),
                widget=forms.Textarea(attrs={"rows": 6 if subject else 3}),
                help_text=_(
                    "Variables: {first_name|fallback}, {last_name|}, {full_name|}, "
                    "{organization}. Each person receives their language, else the first "
                    "one written."
                )
                if code == LANGUAGES[0]
                else "",
            )
        self.fields["purpose"] = forms.ChoiceField(
            label=_("Sent for the purpose"),
            choices=Purpose.choices,
            initial=config.get("purpose", Purpose.CAMPAIGNS),
            help_text=_("Only people who consented to this purpose on this channel receive it."),
        )

    def _fields_send_email(self, config):
        self._message_fields(config, subject=True)
        self.fields["any_hour"] = forms.BooleanField(
            label=_("Send at any hour (otherwise within the organization's sending hours)"),
            required=False,
            initial=bool(config.get("any_hour")),
        )

    def _fields_send_sms(self, config):
        self._message_fields(config, subject=False)

    def _tag_fields(self, config):
        self.fields["tag"] = forms.ChoiceField(
            label=_("Tag"),
            choices=_tag_choices(self.organization),
            required=False,
            initial=str(config.get("tag") or ""),
        )
        if self.kind == Kind.TAG_ADD:
            self.fields["new_tag"] = forms.CharField(
                label=_("or a new tag"), max_length=80, required=False
            )

    _fields_tag_add = _tag_fields
    _fields_tag_remove = _tag_fields

    def _fields_branch(self, config):
        condition = config.get("condition") or {}
        self.fields["condition"] = forms.ChoiceField(
            label=_("Condition"),
            choices=[
                ("activity", _("The person did something (an activity)")),
                ("tag", _("The person has a tag")),
                ("segment", _("The person is in a segment")),
            ],
            widget=forms.RadioSelect,
            initial=condition.get("type", "activity"),
        )
        self.fields["activity_kind"] = forms.CharField(
            label=_("Activity"),
            max_length=40,
            required=False,
            initial=condition.get("kind", ""),
            widget=forms.TextInput(attrs={"list": "journey-activity-kinds"}),
            help_text=_("For example donation.made, petition_signed, event.attended."),
        )
        self.fields["since_entry"] = forms.BooleanField(
            label=_("Only since the person entered the journey"),
            required=False,
            initial=condition.get("since_entry", True) if condition else True,
        )
        self.fields["condition_tag"] = forms.ChoiceField(
            label=_("Tag"),
            choices=_tag_choices(self.organization),
            required=False,
            initial=str(condition.get("tag") or ""),
        )
        self.fields["condition_segment"] = forms.ChoiceField(
            label=_("Segment"),
            choices=_segment_choices(self.organization),
            required=False,
            initial=str(condition.get("segment") or ""),
        )

    def _fields_split(self, config):
        self.fields["percent_a"] = forms.IntegerField(
            label=_("Share of people in A (%)"),
            min_value=1,
            max_value=99,
            initial=config.get("percent_a", 50),
            help_text=_(
                "The others go to B. Each person is drawn once and always goes the same way."
            ),
        )

    def _fields_task(self, config):
        self.fields["title"] = forms.CharField(
            label=_("Task"), max_length=200, initial=config.get("title", "")
        )
        self.fields["notes"] = forms.CharField(
            label=_("Notes"),
            required=False,
            initial=config.get("notes", ""),
            widget=forms.Textarea(attrs={"rows": 3}),
        )
        self.fields["due_days"] = forms.IntegerField(
            label=_("Due in (days)"),
            min_value=0,
            max_value=flow.MAX_WAIT_DAYS,
            initial=config.get("due_days", 2),
        )
        self.fields["assignee"] = forms.ChoiceField(
            label=_("For"),
            choices=[
                ("organizer", _("the person's organizer, else the member below")),
                ("member", _("the member below")),
            ],
            widget=forms.RadioSelect,
            initial=config.get("assignee", "organizer"),
        )
        members = (
            Membership.objects.filter(organization=self.organization, role__in=ORGANIZER_ROLES)
            .select_related("user")
            .order_by("user__email")
        )
        self.fields["member"] = forms.ChoiceField(
            label=_("Member"),
            choices=[("", _("nobody (the task stays unassigned)"))]
            + [(str(m.user_id), str(m.user)) for m in members],
            required=False,
            initial=str(config.get("member") or ""),
        )

    def _fields_goto_journey(self, config):
        others = (
            Journey.objects.for_organization(self.organization)
            .exclude(pk=self.journey.pk)
            .exclude(status=Journey.Status.ARCHIVED)
        )
        self.fields["target"] = forms.ChoiceField(
            label=_("Journey"),
            choices=[("", "—")] + [(str(j.pk), j.name) for j in others],
            initial=str(config.get("journey") or ""),
            help_text=_("The person leaves this journey and starts the other one from its start."),
        )

    def _fields_exit(self, config):
        pass

    # --- the resulting settings ---

    def config(self) -> dict:
        data = self.cleaned_data
        kind = self.kind
        if kind == Kind.WAIT:
            if data.get("mode") == "until":
                at = data.get("time")
                weekday = data.get("weekday")
                return {
                    "mode": "until",
                    "weekday": int(weekday) if weekday not in (None, "") else None,
                    "time": at.strftime("%H:%M") if at else "",
                }
            return {"mode": "for", "days": data.get("days") or 0, "hours": data.get("hours") or 0}
        if kind in (Kind.SEND_EMAIL, Kind.SEND_SMS):
            content = {}
            for code in LANGUAGES:
                body = (data.get(f"body_{code}") or "").strip()
                subject = (data.get(f"subject_{code}") or "").strip()
                if body or subject:
                    content[code] = {"body": body}
                    if kind == Kind.SEND_EMAIL:
                        content[code]["subject"] = subject
            config = {"content": content, "purpose": data.get("purpose")}
            if kind == Kind.SEND_EMAIL:
                config["any_hour"] = bool(data.get("any_hour"))
            return config
        if kind in (Kind.TAG_ADD, Kind.TAG_REMOVE):
            return {"tag": int(data["tag"]) if data.get("tag") else None}
        if kind == Kind.BRANCH:
            condition_type = data.get("condition")
            if condition_type == "tag":
                condition = {
                    "type": "tag",
                    "tag": int(data["condition_tag"]) if data.get("condition_tag") else None,
                }
            elif condition_type == "segment":
                condition = {
                    "type": "segment",
                    "segment": int(data["condition_segment"])
                    if data.get("condition_segment")
                    else None,
                }
            else:
                condition = {
                    "type": "activity",
                    "kind": (data.get("activity_kind") or "").strip(),
                    "since_entry": bool(data.get("since_entry")),
                }
            return {"condition": condition}
        if kind == Kind.SPLIT:
            return {"percent_a": data.get("percent_a") or 50}
        if kind == Kind.TASK:
            return {
                "title": data.get("title", "").strip(),
                "notes": data.get("notes", ""),
                "due_days": data.get("due_days") or 0,
                "assignee": data.get("assignee"),
                "member": int(data["member"]) if data.get("member") else None,
            }
        if kind == Kind.GOTO:
            return {"journey": int(data["target"]) if data.get("target") else None}
        return {}


class PeopleFilterForm(forms.Form):
    status = forms.ChoiceField(
        label=_("Show"),
        required=False,
        choices=[
            ("", _("Everyone")),
            ("live", _("In the journey now")),
            ("completed", _("Completed")),
            ("exited", _("Exited")),
            ("failed", _("Failed")),
        ],
    )
