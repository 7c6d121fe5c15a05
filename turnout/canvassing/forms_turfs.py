"""Forms of the turfs area. Choices are always the organization's own (stations, turfs of the
same effort, members): an id from elsewhere is simply not a valid choice."""

from __future__ import annotations

import json

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext, pgettext_lazy

from .models import Effort
from .services.turfs import MAX_DOORS_PER_TURF, MIN_DOORS_PER_TURF, EffortData


class StationChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj) -> str:
        place = obj.place or obj.name
        return f"{obj} — {place}" if place else str(obj)


def _doors_field(**kwargs) -> forms.IntegerField:
    return forms.IntegerField(
        label=_("Doors per turf"),
        min_value=MIN_DOORS_PER_TURF,
        max_value=MAX_DOORS_PER_TURF,
        help_text=_("About how many doors one canvasser (or a pair) knocks at in an outing."),
        **kwargs,
    )


class EffortForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=200)
    description = forms.CharField(
        label=_("Description"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    area = forms.CharField(required=False, widget=forms.HiddenInput)
    stations = StationChoiceField(
        label=_("Polling stations"),
        queryset=None,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Every address of the stations ticked is in the effort's area."),
    )
    doors_per_turf = _doors_field(initial=100)
    status = forms.ChoiceField(label=_("Status"), choices=Effort.Status.choices)
    starts_on = forms.DateField(
        label=pgettext_lazy("effort dates", "Starts"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    ends_on = forms.DateField(
        label=pgettext_lazy("effort dates", "Ends"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )

    def __init__(self, *args, stations, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["stations"].queryset = stations

    def clean_area(self) -> dict:
        text = self.cleaned_data["area"].strip()
        if not text:
            return {}
        try:
            value = json.loads(text)
        except ValueError:
            raise forms.ValidationError(
                _("The drawn area cannot be read: clear it and draw it again.")
            ) from None
        if not isinstance(value, dict):
            raise forms.ValidationError(
                _("The drawn area cannot be read: clear it and draw it again.")
            )
        return value

    def effort_data(self) -> EffortData:
        data = self.cleaned_data
        return EffortData(
            name=data["name"],
            description=data["description"],
            area=data["area"],
            station_ids=[s.pk for s in data["stations"]],
            doors_per_turf=data["doors_per_turf"],
            status=data["status"],
            starts_on=data["starts_on"],
            ends_on=data["ends_on"],
        )

    @staticmethod
    def initial_for(effort: Effort) -> dict:
        return {
            "name": effort.name,
            "description": effort.description,
            "area": json.dumps(effort.area) if effort.area else "",
            "stations": list(effort.stations.all()),
            "doors_per_turf": effort.doors_per_turf,
            "status": effort.status,
            "starts_on": effort.starts_on,
            "ends_on": effort.ends_on,
        }


class CutForm(forms.Form):
    doors_per_turf = _doors_field()


class TurfChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj) -> str:
        if obj.assigned_team_id:
            holder = obj.assigned_team.name
        elif obj.assigned_to_id:
            holder = obj.assigned_to.get_short_name()
        else:
            holder = _("not assigned")
        return _("Turf %(number)s (%(doors)s doors, %(holder)s)") % {
            "number": obj.number,
            "doors": obj.doors,
            "holder": holder,
        }


class MoveForm(forms.Form):
    addresses = forms.TypedMultipleChoiceField(
        label=_("Addresses"), coerce=int, widget=forms.CheckboxSelectMultiple
    )
    to_turf = TurfChoiceField(label=_("Move the addresses ticked to"), queryset=None)

    def __init__(self, *args, address_ids, turfs, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["addresses"].choices = [(pk, pk) for pk in address_ids]
        self.fields["to_turf"].queryset = turfs
        messages = self.fields["addresses"].error_messages
        messages["required"] = _("Tick the addresses to move.")
        messages["invalid_choice"] = _(
            "Some of these addresses are no longer in this turf: look again."
        )


class MergeForm(forms.Form):
    other = TurfChoiceField(label=_("Merge with"), queryset=None)

    def __init__(self, *args, turfs, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["other"].queryset = turfs


class MemberChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj) -> str:
        return f"{obj.user.get_full_name()} ({obj.get_role_display()})"


class TeamChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj) -> str:
        count = len(obj.members.all())
        return ngettext("%(name)s (%(count)s member)", "%(name)s (%(count)s members)", count) % {
            "name": obj.name,
            "count": count,
        }


class AssignForm(forms.Form):
    """A member, or a team, or nobody (both left empty: the turf is taken back)."""

    member = MemberChoiceField(
        label=_("A member"), queryset=None, required=False, empty_label=_("— nobody —")
    )
    team = TeamChoiceField(
        label=_("Or a team"), queryset=None, required=False, empty_label=_("— no team —")
    )

    def __init__(self, *args, members, teams, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["member"].queryset = members
        self.fields["team"].queryset = teams

    def clean(self):
        data = super().clean()
        if data.get("member") and data.get("team"):
            raise forms.ValidationError(
                _("Choose a member or a team, not both: the turf goes to one of them.")
            )
        return data


class MemberMultipleChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj) -> str:
        return f"{obj.user.get_full_name()} ({obj.get_role_display()})"


class TeamForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=200)
    members = MemberMultipleChoiceField(
        label=_("Members"),
        queryset=None,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_(
            "Tick who is in the team. A turf given to the team goes to each of them; "
            "changing the members later does not move turfs already given."
        ),
    )

    def __init__(self, *args, members, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["members"].queryset = members
        self.fields["members"].error_messages["invalid_choice"] = _(
            "Teams are made of members of the organization only."
        )

    def member_ids(self) -> list[int]:
        return [m.user_id for m in self.cleaned_data["members"]]
