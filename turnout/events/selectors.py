"""Reads of the events app. Workspace reads take the organization and resolve every id
within it; public reads expose only what may be public."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import timedelta

from django.db.models import Count, IntegerField, OuterRef, Prefetch, Q, Subquery, Sum
from django.db.models.functions import Coalesce
from django.utils import timezone

from turnout.people.models import EmailAddress, PhoneNumber

from . import geo
from .models import Attendance, Event, Shift

Status = Attendance.Status
FEED_DAYS_BACK = 90


def _counts(queryset):
    """Going, waiting and checked-in counts, and the places of the shifts (their sum, and
    how many shifts have no limit)."""
    shift_places = (
        Shift.objects.filter(event=OuterRef("pk"))
        .values("event")
        .annotate(total=Sum("capacity"), unlimited=Count("id", filter=Q(capacity__isnull=True)))
    )
    return queryset.annotate(
        going=Count("attendances", filter=Q(attendances__status=Status.GOING), distinct=True),
        waiting=Count(
            "attendances", filter=Q(attendances__status=Status.WAITLISTED), distinct=True
        ),
        attended=Count(
            "attendances", filter=Q(attendances__attended_at__isnull=False), distinct=True
        ),
        shift_places=Subquery(shift_places.values("total"), output_field=IntegerField()),
        shifts_unlimited=Coalesce(
            Subquery(shift_places.values("unlimited"), output_field=IntegerField()), 0
        ),
        shift_count=Count("shifts", distinct=True),
    )


def places_total(event) -> int | None:
    """How many people may go (None: no limit): the event's capacity, else the sum of its
    shifts' places when every shift has a limit. Needs ``_counts``' annotations."""
    if event.capacity is not None:
        return event.capacity
    if event.shift_count and not event.shifts_unlimited:
        return event.shift_places
    return None


def event_get(*, organization, event_id: int) -> Event:
    """Raises Event.DoesNotExist for an id of another organization."""
    return Event.objects.select_related(
        "organization", "host", "campaign", "proposed_by", "approved_by"
    ).get(organization=organization, pk=event_id)


def event_list(*, organization, when: str = "upcoming", user=None, see_all: bool = True):
    """Events of the organization, upcoming (soonest first) or past (latest first).
    ``see_all`` False (volunteers): published events and the user's own proposals."""
    now = timezone.now()
    events = Event.objects.for_organization(organization)
    if not see_all:
        events = events.filter(
            Q(status__in=[Event.Status.PUBLISHED, Event.Status.CANCELLED]) | Q(proposed_by=user)
        )
    if when == "past":
        events = events.filter(ends_at__lte=now).order_by("-starts_at", "-id")
    else:
        events = events.filter(ends_at__gt=now).order_by("starts_at", "id")
    return _counts(events.select_related("proposed_by"))


def proposals_awaiting(*, organization):
    return (
        Event.objects.for_organization(organization)
        .filter(status=Event.Status.AWAITING)
        .select_related("proposed_by")
        .order_by("created_at", "id")
    )


def event_with_counts(*, event: Event) -> Event:
    return _counts(Event.objects.filter(pk=event.pk)).get()


def shifts_with_places(*, event: Event) -> list[Shift]:
    """The event's shifts with ``going``, ``waiting`` and ``left`` (None: no limit)."""
    shifts = list(
        Shift.objects.filter(event=event).annotate(
            going=Count("attendances", filter=Q(attendances__status=Status.GOING)),
            waiting=Count("attendances", filter=Q(attendances__status=Status.WAITLISTED)),
        )
    )
    for shift in shifts:
        shift.left = None if shift.capacity is None else max(0, shift.capacity - shift.going)
    return shifts


def _with_contacts(queryset):
    return queryset.select_related("person", "shift", "checked_in_by").prefetch_related(
        Prefetch(
            "person__emails",
            queryset=EmailAddress.objects.filter(primary=True),
            to_attr="primary_emails",
        ),
        Prefetch(
            "person__phones",
            queryset=PhoneNumber.objects.filter(primary=True),
            to_attr="primary_phones",
        ),
    )


@dataclass
class ShiftGroup:
    shift: Shift | None
    going: list = field(default_factory=list)
    waiting: list = field(default_factory=list)
    cancelled: list = field(default_factory=list)

    @property
    def attended(self) -> int:
        return sum(1 for a in self.going + self.waiting if a.attended_at)


def attendees_by_shift(*, event: Event) -> list[ShiftGroup]:
    """Who answered, per shift (in shift order; one group without shift), going in the
    order they answered, the waiting list in its order."""
    groups = {None: ShiftGroup(shift=None)} if not event.shifts.exists() else {}
    for shift in Shift.objects.filter(event=event):
        groups[shift.pk] = ShiftGroup(shift=shift)
    attendances = _with_contacts(Attendance.objects.filter(event=event)).order_by(
        "waitlisted_at", "created_at", "id"
    )
    for attendance in attendances:
        group = groups.setdefault(attendance.shift_id, ShiftGroup(shift=attendance.shift))
        if attendance.status == Status.GOING:
            group.going.append(attendance)
        elif attendance.status == Status.WAITLISTED:
            group.waiting.append(attendance)
        else:
            group.cancelled.append(attendance)
    for group in groups.values():
        group.going.sort(key=lambda a: (a.created_at, a.pk))
    return list(groups.values())


def export_rows(*, event: Event):
    return _with_contacts(Attendance.objects.filter(event=event)).order_by(
        "shift__starts_at", "status", "person__family_name", "person__given_name", "id"
    )


def checkin_list(*, event: Event, query: str = ""):
    """People to check in (going or waiting, the checked-in ones too), by last name; a
    search matches first or last name, email or phone."""
    attendances = Attendance.objects.filter(event=event, status__in=Attendance.ACTIVE)
    for word in query.split()[:4]:
        attendances = attendances.filter(
            Q(person__given_name__icontains=word)
            | Q(person__family_name__icontains=word)
            | Q(person__emails__address__icontains=word)
            | Q(person__phones__number__icontains=word)
        )
    return _with_contacts(attendances.distinct()).order_by(
        "person__family_name", "person__given_name", "shift__starts_at", "id"
    )


def attendance_for_checkin(*, organization, token: str) -> Attendance:
    """Raises Attendance.DoesNotExist for a token of another organization."""
    return Attendance.objects.select_related(
        "event__organization", "shift", "person", "checked_in_by"
    ).get(organization=organization, token=token)


def person_attendances(*, organization, person) -> list[Attendance]:
    return list(
        Attendance.objects.filter(organization=organization, person=person)
        .select_related("event", "shift")
        .order_by("-event__starts_at", "shift__starts_at", "id")[:50]
    )


# --- Public ---------------------------------------------------------------------------------


def public_event_get(*, slug: str, user=None) -> Event:
    """An event's public page: published or cancelled (after being published). Members
    only for an internal event; organizers may preview a draft or a proposal. Raises
    Event.DoesNotExist otherwise."""
    event = Event.objects.select_related("organization").get(slug=slug)
    from turnout.organizations.policies import is_member, is_organizer

    shown = event.status == Event.Status.PUBLISHED or (
        event.status == Event.Status.CANCELLED and event.published_at is not None
    )
    if not shown and not is_organizer(user, event.organization):
        raise Event.DoesNotExist
    if event.visibility == Event.Visibility.INTERNAL and not is_member(user, event.organization):
        raise Event.DoesNotExist
    return event


def public_upcoming(*, organization=None):
    """Public published events not over yet, soonest first."""
    events = Event.objects.public().filter(ends_at__gt=timezone.now())
    if organization is not None:
        events = events.filter(organization=organization)
    return events.select_related("organization").order_by("starts_at", "id")


def public_search(*, point: geo.Point | None, radius_km: int, organization=None) -> dict:
    """Upcoming public events: with a point, those within ``radius_km`` with their
    distance, nearest first; without, all of them by date. Online-only events (no place)
    are listed apart."""
    events = public_upcoming(organization=organization)
    online = list(events.filter(latitude__isnull=True).exclude(online_url="")[:20])
    if point is None:
        shown = events.exclude(pk__in=[e.pk for e in online])[:100]
        return {"results": [(e, None) for e in shown], "online": online}
    return {"results": geo.within(events, point, radius_km)[:100], "online": online}


def feed_events(*, organization):
    """The organization's calendar feed: its public events published (and those cancelled
    after being published, so calendars drop them) of the last months and to come."""
    since = timezone.now() - timedelta(days=FEED_DAYS_BACK)
    return (
        Event.objects.for_organization(organization)
        .filter(visibility=Event.Visibility.PUBLIC, ends_at__gte=since)
        .filter(
            Q(status=Event.Status.PUBLISHED)
            | Q(status=Event.Status.CANCELLED, published_at__isnull=False)
        )
        .order_by("starts_at", "id")
    )


def attendance_by_token(*, token: str) -> Attendance:
    """Raises Attendance.DoesNotExist."""
    return Attendance.objects.select_related("event__organization", "shift", "person").get(
        token=token
    )


def person_event_attendances(*, attendance: Attendance) -> list[Attendance]:
    """The person's other answers to the same event (other shifts)."""
    return list(
        Attendance.objects.filter(event_id=attendance.event_id, person_id=attendance.person_id)
        .exclude(pk=attendance.pk)
        .select_related("shift", "event__organization")
        .order_by("shift__starts_at", "id")
    )
