"""Check-in at the door, made for a phone: the list of people to check in (search box, a big
button each), and the page an organizer's camera opens from an attendee's QR code
("Check in Marie D.?"). A GET never checks anyone in; the button's POST does, once."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.generic import TemplateView

from . import selectors, text
from .models import Attendance
from .services import checkin, waitlist_position
from .views import EventsMixin, EventZoneMixin


def short_name(person) -> str:
    """ "Marie D.": enough to recognise someone at the door, and no more on a shared phone."""
    initial = f" {person.family_name[:1]}." if person.family_name else ""
    return f"{person.given_name}{initial}".strip() or _("Someone without a name")


class CheckinListView(EventZoneMixin, EventsMixin, TemplateView):
    template_name = "events/checkin_list.html"
    permission_required = "events.checkin"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        event = self.event_or_404(self.kwargs["event_id"])
        query = self.request.GET.get("q", "").strip()[:100]
        attendances = list(selectors.checkin_list(event=event, query=query)[:300])
        context.update(
            event=event,
            query=query,
            attendances=attendances,
            checked=sum(1 for a in attendances if a.attended_at),
            when_text=text.event_when(event),
        )
        return context


class CheckinOneView(EventZoneMixin, EventsMixin, TemplateView):
    """By the attendee's token (their QR code, or a button of the list)."""

    template_name = "events/checkin_one.html"
    permission_required = "events.checkin"

    def attendance(self) -> Attendance:
        try:
            return selectors.attendance_for_checkin(
                organization=self.organization, token=self.kwargs["attendance_token"]
            )
        except Attendance.DoesNotExist as exc:
            raise Http404 from exc

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        attendance = kwargs.get("attendance") or self.attendance()
        event = attendance.event
        context.update(
            attendance=attendance,
            event=event,
            name=short_name(attendance.person),
            when_text=text.attendance_when(attendance),
            position=waitlist_position(attendance),
            list_url=reverse(
                "events:checkin",
                kwargs={"org_slug": self.organization.slug, "event_id": event.pk},
            ),
        )
        return context

    def post(self, request, *args, **kwargs):
        attendance, done = checkin(attendance=self.attendance(), actor=request.user)
        name = short_name(attendance.person)
        with timezone.override(attendance.event.time_zone):
            at = timezone.localtime(attendance.attended_at).strftime("%H:%M")
        if done:
            messages.success(request, _("%(name)s is checked in.") % {"name": name})
        else:
            messages.info(
                request,
                _("%(name)s was already checked in at %(time)s.") % {"name": name, "time": at},
            )
        back = request.POST.get("next", "")
        if back and url_has_allowed_host_and_scheme(back, {request.get_host()}):
            return redirect(back)
        return redirect(request.path)
