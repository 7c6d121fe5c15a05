"""Events, their attendances, the record attendance helper (through the events' RSVP
service: places, waiting list) and the cancellation of an attendance."""

from __future__ import annotations

from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers
from rest_framework.response import Response

from turnout.events.exceptions import RsvpRefused
from turnout.events.models import Event, Shift
from turnout.events.services.rsvp import rsvp_cancel, rsvp_create
from turnout.people.normalize import InvalidContact
from turnout.people.services import PersonRefused

from ...osdi import schema as doc
from ...osdi.filters import DATE_FILTERS
from ...osdi.people.services import _subscriptions
from ...osdi.serializers import StrictCharField
from ..common import PersonHelperInput, ReferrerDataInput, ResourceView
from . import schema as out
from . import selectors
from .representations import attendance_representation, event_representation

EVENT_ID = OpenApiParameter("event_id", str, OpenApiParameter.PATH)
ATTENDANCE_ID = OpenApiParameter("attendance_id", str, OpenApiParameter.PATH)
EVENT_FILTERS = {
    **DATE_FILTERS,
    "start_date": ("starts_at", "datetime"),
    "end_date": ("ends_at", "datetime"),
}


class RecordAttendanceInput(PersonHelperInput):
    """OSDI record attendance helper. ``shift``: the id of the shift chosen, required when
    the event has shifts (Turnout's own field). ``status`` and ``action_date`` are accepted
    and ignored: the helper records someone coming (or waiting for a place)."""

    ignored_fields = PersonHelperInput.ignored_fields | {"status", "action_date", "comment"}

    shift = serializers.IntegerField(required=False, min_value=1, max_value=2**31 - 1)
    referrer_data = ReferrerDataInput(required=False)
    source_code = StrictCharField(max_length=100, required=False)


class EventsBase(ResourceView):
    scope_family = "events"

    def event_or_404(self, raw_id) -> Event:
        return self.get_by_uuid(selectors.events_for_api(organization=self.organization), raw_id)

    def attendances(self, event):
        return selectors.attendances_for_api(organization=self.organization, event=event)


@extend_schema(tags=["events"])
class EventsView(EventsBase):
    filter_fields = EVENT_FILTERS

    @extend_schema(
        summary="List events",
        operation_id="events_list",
        parameters=doc.COLLECTION_PARAMETERS,
        responses={200: doc.collection_of("osdi:events", out.EventOutput)},
    )
    def get(self, request, *args, **kwargs):
        return self.collection(
            queryset=selectors.events_for_api(organization=self.organization),
            rel="osdi:events",
            represent=event_representation,
        )


@extend_schema(tags=["events"], parameters=[EVENT_ID])
class EventView(EventsBase):
    @extend_schema(summary="Get an event", responses={200: out.EventOutput})
    def get(self, request, event_id):
        return Response(event_representation(self.event_or_404(event_id), self.links))


class RecordAttendanceMixin:
    def record(self, event: Event):
        validated = self.parse(RecordAttendanceInput)
        targets = self.helper_targets(validated)
        shifts = []
        if validated.get("shift"):
            shift = Shift.objects.filter(event=event, pk=validated["shift"]).first()
            if shift is None:
                raise self.refused("shift", _("This event has no such shift."))
            shifts.append(shift)
        data, email, phone = self.person_data(validated["person"])
        referrer = validated.get("referrer_data") or {}
        try:
            rsvp = rsvp_create(
                event=event,
                data=data,
                shifts=shifts,
                attribution={
                    "source_code": validated.get("source_code") or referrer.get("source", "")
                },
            )
        except RsvpRefused as exc:
            raise self.refused("non_field_errors", exc) from None
        except (InvalidContact, PersonRefused) as exc:
            raise self.contact_errors(exc, data) from None
        _subscriptions(
            person=rsvp.person,
            email=email,
            phone=phone,
            source_ref=self.source_ref,
            actor=self.actor,
        )
        self.helper_apply(rsvp.person, validated, targets)
        attendance = rsvp.attendances[0]
        found = get_object_or_404(self.attendances(event), pk=attendance.pk)
        return Response(attendance_representation(found, self.links))


@extend_schema(tags=["events"], parameters=[EVENT_ID])
class AttendancesView(RecordAttendanceMixin, EventsBase):
    @extend_schema(
        summary="List an event's attendances",
        operation_id="event_attendances_list",
        parameters=doc.COLLECTION_PARAMETERS,
        responses={200: doc.collection_of("osdi:attendances", out.AttendanceOutput)},
    )
    def get(self, request, event_id):
        event = self.event_or_404(event_id)
        return self.collection(
            queryset=self.attendances(event),
            rel="osdi:attendances",
            represent=attendance_representation,
        )

    @extend_schema(
        summary="Record an attendance (the record attendance helper's shape)",
        operation_id="event_attendances_create",
        request=RecordAttendanceInput,
        responses={200: out.AttendanceOutput},
    )
    def post(self, request, event_id):
        return self.record(self.event_or_404(event_id))


@extend_schema(tags=["events"], parameters=[EVENT_ID])
class RecordAttendanceHelperView(RecordAttendanceMixin, EventsBase):
    @extend_schema(
        summary="Record attendance helper",
        request=RecordAttendanceInput,
        responses={200: out.AttendanceOutput},
    )
    def post(self, request, event_id):
        return self.record(self.event_or_404(event_id))


@extend_schema(tags=["events"], parameters=[EVENT_ID, ATTENDANCE_ID])
class AttendanceView(EventsBase):
    def attendance(self, event_id, attendance_id):
        event = self.event_or_404(event_id)
        return get_object_or_404(self.attendances(event), pk=self.pk_or_404(attendance_id))

    @extend_schema(summary="Get an attendance", responses={200: out.AttendanceOutput})
    def get(self, request, event_id, attendance_id):
        return Response(
            attendance_representation(self.attendance(event_id, attendance_id), self.links)
        )

    @extend_schema(
        summary="Cancel an attendance (the place goes to the waiting list)",
        responses={200: doc.NoticeOutput},
    )
    def delete(self, request, event_id, attendance_id):
        attendance = self.attendance(event_id, attendance_id)
        if not rsvp_cancel(attendance=attendance):
            return Response({"notice": _("This attendance was cancelled already.")})
        return Response({"notice": _("The attendance was cancelled.")})
