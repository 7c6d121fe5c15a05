"""Public pages of events, under /<lang>/e/: the search by distance, an event's page with its
RSVP form, the attendee's ticket (QR code, calendar file, cancel link) and the
organization's calendar feed. Only published events show; an internal one only to members.
The pages of a ticket are reached by its secret token: they are never indexed and send no
Referer."""

from __future__ import annotations

from django.conf import settings
from django.core.cache import cache
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.decorators import method_decorator
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views import View
from django.views.decorators.cache import cache_control

from turnout.organizations.models import Organization
from turnout.people.normalize import InvalidContact
from turnout.people.services import PersonRefused

from . import geo, ical, selectors, text
from .exceptions import RsvpRefused
from .maps import event_map, map_data
from .models import Attendance, Event
from .public_forms import ATTRIBUTION_PARAMS, RsvpForm, SearchForm
from .qr import qr_svg
from .services import rsvp_cancel, rsvp_create, waitlist_position

RATE_LIMIT = getattr(settings, "TURNOUT_EVENT_RATE_LIMIT", (20, 600))  # RSVPs, seconds
OG_LOCALES = {"fr": "fr_FR", "en": "en_GB", "de": "de_DE"}


def _language() -> str:
    return (get_language() or "fr")[:2]


def _client_ip(request) -> str | None:
    return request.META.get("REMOTE_ADDR") or None


def _too_many(request, event: Event) -> bool:
    """A few RSVPs per connection and event in a window: enough for a family on one
    connection, too few for a script filling the places."""
    limit, window = RATE_LIMIT
    key = f"events:rsvp:{event.pk}:{_client_ip(request)}"
    if cache.add(key, 1, window):
        return False
    try:
        return cache.incr(key) > limit
    except ValueError:  # expired between the two calls
        return not cache.add(key, 1, window)


def _private(response):
    """Pages reached by a ticket's token: not indexed, no Referer leaking the token."""
    response["Referrer-Policy"] = "no-referrer"
    response["X-Robots-Tag"] = "noindex"
    response["Cache-Control"] = "private, no-store"
    return response


class SearchView(View):
    def get(self, request):
        form = SearchForm(request.GET or None)
        point, radius, found = None, 25, None
        if form.is_bound and form.is_valid():
            point, radius = form.point, form.cleaned_data["radius"]
        if not form.is_bound or form.is_valid():
            found = selectors.public_search(point=point, radius_km=radius)
        results = []
        language = _language()
        for event, distance in (found or {}).get("results", []):
            results.append(
                {
                    "event": event,
                    "title": event.title_text(language),
                    "when": text.event_when(event),
                    "distance": distance,
                }
            )
        markers = [
            {
                "lat": item["event"].latitude,
                "lon": item["event"].longitude,
                "label": item["title"],
                "url": reverse("events_public:event", kwargs={"slug": item["event"].slug}),
            }
            for item in results
        ]
        return render(
            request,
            "events/public/search.html",
            {
                "form": form,
                "point": point,
                "radius": radius,
                "near": geo.normalize_postal_code(request.GET.get("near", "")),
                "results": results,
                "online": [
                    {"event": e, "title": e.title_text(language), "when": text.event_when(e)}
                    for e in (found or {}).get("online", [])
                ],
                "map": map_data(
                    markers, center=[point.latitude, point.longitude] if point else None
                ),
            },
            status=400 if form.is_bound and not form.is_valid() else 200,
        )


class EventPublicView(View):
    def event(self, request, slug) -> Event:
        try:
            return selectors.public_event_get(slug=slug, user=request.user)
        except Event.DoesNotExist as exc:
            raise Http404 from exc

    def render_page(self, request, event, form, shifts, status=200):
        language = _language()
        over = event.ends_at <= timezone.now()
        description = event.description_text(language)
        with timezone.override(event.time_zone):
            response = render(
                request,
                "events/public/event.html",
                {
                    "event": event,
                    "title": event.title_text(language),
                    "description": description,
                    "when_text": text.event_when(event),
                    "shifts": shifts,
                    "form": form,
                    "open": event.is_open and not over,
                    "over": over,
                    "full": _full(event, shifts),
                    "map": event_map(event),
                    "og_locale": OG_LOCALES.get(language, "fr_FR"),
                    "og_url": text.public_url("event", slug=event.slug),
                    "preview": event.status not in (Event.Status.PUBLISHED, Event.Status.CANCELLED),
                },
                status=status,
            )
        return response

    def get(self, request, slug):
        event = self.event(request, slug)
        shifts = selectors.shifts_with_places(event=event)
        initial = {param: request.GET.get(param, "")[:100] for param in ATTRIBUTION_PARAMS}
        form = RsvpForm(event=event, shifts=shifts, language=_language(), initial=initial)
        return self.render_page(request, event, form, shifts)

    def post(self, request, slug):
        event = self.event(request, slug)
        shifts = selectors.shifts_with_places(event=event)
        form = RsvpForm(request.POST, event=event, shifts=shifts, language=_language())
        if form.is_bot():
            return redirect("events_public:event", slug=event.slug)  # a bot learns nothing
        if not event.is_open or event.ends_at <= timezone.now():
            form.add_error(None, _("This event is not taking sign-ups."))
            return self.render_page(request, event, form, shifts, status=400)
        if _too_many(request, event):
            form.add_error(None, _("Too many sign-ups from your connection. Try again later."))
            return self.render_page(request, event, form, shifts, status=429)
        if not form.is_valid():
            return self.render_page(request, event, form, shifts, status=400)
        try:
            rsvp = rsvp_create(
                event=event,
                data=form.person_data(),
                shifts=form.chosen_shifts(),
                reminders=form.reminders(),
                attribution=form.attribution(),
                language=_language(),
                ip_address=_client_ip(request),
            )
        except (RsvpRefused, InvalidContact, PersonRefused) as exc:
            form.add_error(None, str(exc))
            shifts = selectors.shifts_with_places(event=event)
            return self.render_page(request, event, form, shifts, status=400)
        first = rsvp.attendances[0]
        return redirect(reverse("events_public:rsvp", kwargs={"token": first.token}) + "?new=1")


def _full(event: Event, shifts) -> bool:
    """No place left anywhere (the form then speaks of the waiting list)."""
    if shifts:
        return all(s.left == 0 for s in shifts)
    if event.capacity is None:
        return False
    going = Attendance.objects.filter(event=event, status=Attendance.Status.GOING).count()
    return going >= event.capacity


def _attendance(token: str) -> Attendance:
    try:
        return selectors.attendance_by_token(token=token)
    except Attendance.DoesNotExist as exc:
        raise Http404 from exc


def _ticket(attendance: Attendance) -> dict:
    language = _language()
    event = attendance.event
    going = attendance.status == Attendance.Status.GOING
    return {
        "attendance": attendance,
        "event": event,
        "title": event.title_text(language),
        "shift_label": attendance.shift.label_text(language) if attendance.shift_id else "",
        "when_text": text.attendance_when(attendance),
        "going": going,
        "position": waitlist_position(attendance),
        "instructions": event.instructions_text(language) if going else "",
        "qr": qr_svg(text.checkin_url(attendance), label=_("Your check-in code"))
        if going and event.status == Event.Status.PUBLISHED
        else "",
    }


class RsvpView(View):
    """The attendee's ticket: what they answered, the QR code to show at the door, the
    calendar file and the cancel link (and their other shifts of the event)."""

    def get(self, request, token):
        attendance = _attendance(token)
        with timezone.override(attendance.event.time_zone):
            ticket = _ticket(attendance)
            others = [_ticket(a) for a in selectors.person_event_attendances(attendance=attendance)]
            response = render(
                request,
                "events/public/rsvp.html",
                {
                    **ticket,
                    "ticket": ticket,
                    "new": request.GET.get("new") == "1",
                    "others": others,
                    "map": event_map(attendance.event),
                },
            )
        return _private(response)


class RsvpCancelView(View):
    """GET shows one button; POST cancels (link scanners never cancel anything)."""

    def get(self, request, token):
        attendance = _attendance(token)
        with timezone.override(attendance.event.time_zone):
            response = render(
                request, "events/public/cancel.html", {**_ticket(attendance), "done": False}
            )
        return _private(response)

    def post(self, request, token):
        attendance = _attendance(token)
        rsvp_cancel(attendance=attendance)
        attendance.refresh_from_db()
        with timezone.override(attendance.event.time_zone):
            response = render(
                request, "events/public/cancel.html", {**_ticket(attendance), "done": True}
            )
        return _private(response)


def rsvp_ics(request, token):
    attendance = _attendance(token)
    body = ical.rsvp_calendar(attendance, _language())
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{attendance.event.slug}.ics"'
    return _private(response)


@method_decorator(cache_control(public=True, max_age=300), name="dispatch")
class FeedView(View):
    def get(self, request, organization_slug):
        organization = Organization.objects.filter(slug=organization_slug).first()
        if organization is None:
            raise Http404
        events = selectors.feed_events(organization=organization)
        body = ical.feed_calendar(organization, events, _language())
        response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
        response["Content-Disposition"] = f'inline; filename="{organization.slug}.ics"'
        return response
