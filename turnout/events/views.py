"""Workspace pages of events: the list (upcoming and past, with their places), create and
edit with shifts, a volunteer's proposal and the organizers' answer, the event's page with
who is coming (per shift, the waiting list in order), publish, cancel and the CSV export.
The check-in pages are in ``views_checkin``. Thin views: parse, resolve within the
organization, check the policy, call one service, render."""

from __future__ import annotations

import csv
import io

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.http import Http404, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import TemplateView

from turnout.core.audit import audit_record
from turnout.core.charts import breakdown
from turnout.core.spreadsheet import safe_cell
from turnout.organizations.mixins import WorkspaceMixin
from turnout.people.models import AccessLog
from turnout.people.services import access_log_record

from . import (
    policies,  # noqa: F401  (registers the permissions)
    selectors,
    text,
)
from .exceptions import EventError
from .forms import CancelForm, EventForm, ReasonForm, ShiftFormSet, shift_initial
from .maps import event_map, map_settings
from .models import TIME_ZONES, Attendance, Event
from .services import (
    event_approve,
    event_cancel,
    event_create,
    event_propose,
    event_publish,
    event_reject,
    event_update,
)

ZONES = {code for code, _label in TIME_ZONES}
COUNTRY_ZONES = {"DE": "Europe/Berlin", "AT": "Europe/Vienna", "BE": "Europe/Brussels"}


def default_zone(organization) -> str:
    return COUNTRY_ZONES.get(organization.country, settings.TIME_ZONE)


def render_in_zone(view, context: dict, zone: str, status: int = 200):
    """Render now, with the event's time zone active (dates shown and typed in it)."""
    with timezone.override(zone):
        response = view.render_to_response(context, status=status)
        response.render()
    return response


def places_bar(event) -> dict:
    """The going / waiting / free parts of an event's places (needs the list's counts)."""
    total = selectors.places_total(event)
    free = max(0, total - event.going) if total is not None else 0
    parts = [
        (_("going"), event.going, "brand"),
        (_("waiting"), event.waiting, "warn"),
        (_("free places"), free, "muted"),
    ]
    return {
        "total": total,
        "going": event.going,
        "parts": breakdown(parts) if total else [],
        "caption": _("%(going)s going of %(total)s places")
        % {"going": event.going, "total": total if total is not None else "∞"},
    }


class EventZoneMixin:
    """Pages about one event show its dates in its own time zone."""

    def render_to_response(self, context, **kwargs):
        with timezone.override(context["event"].time_zone):
            response = super().render_to_response(context, **kwargs)
            response.render()
        return response


class EventsMixin(WorkspaceMixin):
    permission_required = "events.view_events"

    def event_or_404(self, event_id: int) -> Event:
        try:
            return selectors.event_get(organization=self.organization, event_id=event_id)
        except Event.DoesNotExist as exc:
            raise Http404 from exc

    def detail_url(self, event: Event) -> str:
        return reverse(
            "events:detail", kwargs={"org_slug": self.organization.slug, "event_id": event.pk}
        )

    def list_url(self) -> str:
        return reverse("events:list", kwargs={"org_slug": self.organization.slug})


class EventListView(EventsMixin, TemplateView):
    template_name = "events/list.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        when = "past" if self.request.GET.get("when") == "past" else "upcoming"
        can_change = self.can("events.change_events")
        events = list(
            selectors.event_list(
                organization=self.organization,
                when=when,
                user=self.request.user,
                see_all=can_change,
            )[:200]
        )
        for event in events:
            event.bar = places_bar(event)
            event.when_text = text.event_when(event)
        context.update(
            events=events,
            when=when,
            can_change=can_change,
            can_propose=self.can("events.propose_event"),
            can_review=self.can("events.review_proposals"),
            awaiting=(
                selectors.proposals_awaiting(organization=self.organization).count()
                if can_change
                else 0
            ),
            feed_url=text.public_url("feed", organization_slug=self.organization.slug),
        )
        return context


def _campaigns_for(organization):
    from turnout.campaigns.models import Campaign

    return (
        Campaign.objects.exclude(status=Campaign.Status.DRAFT)
        .filter(
            Q(organization=organization)
            | Q(participations__organization=organization, participations__status="approved")
        )
        .distinct()
        .order_by("-created_at")
    )


class EventFormView(EventsMixin, TemplateView):
    """Create (organizers), propose (any member) or edit (organizers) an event and its
    shifts. Dates are typed in the event's time zone. Bad input comes back with every
    field as typed and the message next to it."""

    template_name = "events/form.html"
    mode = "create"  # "create", "propose" or "edit"

    def dispatch(self, request, *args, **kwargs):
        self.permission_required = {
            "create": "events.change_events",
            "edit": "events.change_events",
            "propose": "events.propose_event",
        }[self.mode]
        return super().dispatch(request, *args, **kwargs)

    def instance(self) -> Event | None:
        if self.mode != "edit":
            return None
        return self.event_or_404(self.kwargs["event_id"])

    def forms(self, data=None, event=None):
        form = EventForm(
            data,
            organization=self.organization,
            instance=event,
            campaigns=_campaigns_for(self.organization),
            people_lookup=self.can("events.change_events"),
            initial=None
            if event
            else {
                "visibility": Event.Visibility.PUBLIC,
                "time_zone": default_zone(self.organization),
                "waitlist": True,
                "remind_email": True,
                "country": self.organization.country,
            },
        )
        starts = ends = None
        if data is not None and form.is_valid():
            starts, ends = form.cleaned_data["starts_at"], form.cleaned_data["ends_at"]
        shifts = ShiftFormSet(
            data,
            prefix="shifts",
            initial=shift_initial(event.shifts.all()) if event and data is None else None,
            event_starts=starts,
            event_ends=ends,
        )
        return form, shifts

    def get(self, request, *args, **kwargs):
        event = self.instance()
        zone = event.time_zone if event else default_zone(self.organization)
        with timezone.override(zone):
            form, shifts = self.forms(event=event)
        return render_in_zone(
            self, self.get_context_data(form=form, shifts=shifts, event=event), zone
        )

    def post(self, request, *args, **kwargs):
        event = self.instance()
        zone = request.POST.get("time_zone")
        if zone not in ZONES:
            zone = event.time_zone if event else default_zone(self.organization)
        with timezone.override(zone):
            form, shifts = self.forms(request.POST, event=event)
            valid = form.is_valid() and shifts.is_valid()
            if valid:
                try:
                    saved = self.save(form, shifts, event)
                except EventError as exc:
                    self.show_errors(exc, form, shifts)
                else:
                    return saved
        context = self.get_context_data(form=form, shifts=shifts, event=event)
        return render_in_zone(self, context, zone, status=400)

    def save(self, form, shifts, event):
        fields = form.event_fields()
        slug = form.cleaned_data.get("slug") or ""
        inputs = [shift for _form, shift in self.shift_pairs(shifts)]
        user = self.request.user
        if self.mode == "edit":
            event_update(event=event, actor=user, fields=fields, shifts=inputs, slug=slug or None)
            messages.success(self.request, _("The event is saved."))
            return redirect(self.detail_url(event))
        if self.mode == "propose":
            event = event_propose(
                organization=self.organization, actor=user, fields=fields, shifts=inputs, slug=slug
            )
            messages.success(
                self.request,
                _("Thank you! Your proposal is sent to the organizers, who will answer by email."),
            )
            return redirect(self.detail_url(event))
        event = event_create(
            organization=self.organization, actor=user, fields=fields, shifts=inputs, slug=slug
        )
        messages.success(self.request, _("The event is saved as a draft. Publish it when ready."))
        return redirect(self.detail_url(event))

    @staticmethod
    def shift_pairs(shifts):
        pairs = []
        for form in shifts.forms:
            shift = form.shift_input()
            if shift is not None:
                pairs.append((form, shift))
        return pairs

    def show_errors(self, exc: EventError, form, shifts) -> None:
        pairs = self.shift_pairs(shifts)
        for name, found in exc.errors.items():
            for message in found:
                if name and name.startswith("shifts-"):
                    _prefix, index, field_name = name.split("-", 2)
                    shift_form = pairs[int(index)][0]
                    shift_form.add_error(field_name, message)
                elif name in form.fields:
                    form.add_error(name, message)
                else:
                    form.add_error(None, message)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        event = kwargs.get("event")
        context.update(
            mode=self.mode,
            map=map_settings(),
            cancel_url=self.detail_url(event) if event else self.list_url(),
        )
        return context


class EventDetailView(EventZoneMixin, EventsMixin, TemplateView):
    template_name = "events/detail.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        event = self.event_or_404(self.kwargs["event_id"])
        counted = selectors.event_with_counts(event=event)
        can_change = self.can("events.change_events")
        if (
            not can_change
            and event.status
            not in (
                Event.Status.PUBLISHED,
                Event.Status.CANCELLED,
            )
            and event.proposed_by_id != self.request.user.pk
        ):
            raise Http404
        can_see = self.can("events.view_attendees")
        context.update(
            event=event,
            bar=places_bar(counted),
            counted=counted,
            when_text=text.event_when(event),
            groups=selectors.attendees_by_shift(event=event) if can_see else [],
            shifts=selectors.shifts_with_places(event=event),
            can_change=can_change,
            can_see=can_see,
            can_review=self.can("events.review_proposals"),
            reject_form=ReasonForm(),
            public_url=text.public_url("event", slug=event.slug),
            event_map=event_map(event),
        )
        if can_see:
            access_log_record(
                organization=self.organization,
                user=self.request.user,
                action=AccessLog.Action.VIEW,
                description=f"attendees of event {event.pk}",
                record_count=counted.going + counted.waiting,
            )
        return context


class EventStatusView(EventsMixin, View):
    """POST only: publish, approve."""

    operation = "publish"

    def post(self, request, *args, event_id: int, **kwargs):
        permission = (
            "events.review_proposals" if self.operation == "approve" else "events.change_events"
        )
        if not self.can(permission):
            raise PermissionDenied
        event = self.event_or_404(event_id)
        service = {"publish": event_publish, "approve": event_approve}[self.operation]
        try:
            service(event=event, actor=request.user)
        except EventError as exc:
            messages.error(request, str(exc))
        else:
            messages.success(
                request,
                _("The event is published.")
                if self.operation == "publish"
                else _("The proposal is approved and published; its author is told."),
            )
        return redirect(self.detail_url(event))


class EventRejectView(EventsMixin, View):
    permission_required = "events.review_proposals"

    def post(self, request, *args, event_id: int, **kwargs):
        event = self.event_or_404(event_id)
        form = ReasonForm(request.POST)
        if not form.is_valid():
            messages.error(request, _("Say why, so the person who proposed it understands."))
            return redirect(self.detail_url(event))
        try:
            event_reject(event=event, actor=request.user, reason=form.cleaned_data["reason"])
        except EventError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, _("The proposal is turned down; its author is told why."))
        return redirect(reverse("events:proposals", kwargs={"org_slug": self.organization.slug}))


class EventCancelView(EventZoneMixin, EventsMixin, TemplateView):
    template_name = "events/cancel.html"
    permission_required = "events.change_events"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        event = self.event_or_404(self.kwargs["event_id"])
        context.update(
            event=event,
            counted=selectors.event_with_counts(event=event),
            form=kwargs.get("form") or CancelForm(),
        )
        return context

    def post(self, request, *args, event_id: int, **kwargs):
        event = self.event_or_404(event_id)
        form = CancelForm(request.POST)
        if not form.is_valid():
            return self.render_to_response(self.get_context_data(form=form), status=400)
        event_cancel(event=event, actor=request.user, reason=form.cleaned_data["reason"])
        messages.success(
            request, _("The event is cancelled. The people going or waiting are told.")
        )
        return redirect(self.detail_url(event))


class ProposalListView(EventsMixin, TemplateView):
    template_name = "events/proposals.html"
    permission_required = "events.review_proposals"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        proposals = list(selectors.proposals_awaiting(organization=self.organization))
        for event in proposals:
            event.when_text = text.event_when(event)
        context.update(proposals=proposals, reject_form=ReasonForm())
        return context


EXPORT_COLUMNS = [
    "shift",
    "shift_starts",
    "status",
    "waitlisted_at",
    "given_name",
    "family_name",
    "email",
    "phone",
    "answered_at",
    "checked_in_at",
    "source",
    "utm_source",
    "utm_medium",
    "utm_campaign",
]


class AttendeesExportView(EventsMixin, View):
    permission_required = "events.export_attendees"

    def get(self, request, *args, event_id: int, **kwargs):
        event = self.event_or_404(event_id)
        rows = list(selectors.export_rows(event=event))
        output = io.StringIO()
        writer = csv.writer(output)
        writer.writerow(EXPORT_COLUMNS)

        def stamp(moment):
            return timezone.localtime(moment).strftime("%Y-%m-%d %H:%M") if moment else ""

        with timezone.override(event.time_zone):
            for a in rows:
                emails, phones = a.person.primary_emails, a.person.primary_phones
                writer.writerow(
                    [
                        safe_cell(a.shift or ""),
                        stamp(a.shift.starts_at) if a.shift_id else "",
                        a.status,
                        stamp(a.waitlisted_at) if a.status == Attendance.Status.WAITLISTED else "",
                        safe_cell(a.person.given_name),
                        safe_cell(a.person.family_name),
                        safe_cell(emails[0].address if emails else ""),
                        safe_cell(phones[0].number if phones else ""),
                        stamp(a.created_at),
                        stamp(a.attended_at),
                        safe_cell(a.source_code),
                        safe_cell(a.utm_source),
                        safe_cell(a.utm_medium),
                        safe_cell(a.utm_campaign),
                    ]
                )
        access_log_record(
            organization=self.organization,
            user=request.user,
            action=AccessLog.Action.EXPORT,
            description=f"attendees of event {event.pk} csv",
            record_count=len(rows),
        )
        audit_record(
            organization=self.organization,
            actor=request.user,
            action="event.attendees_exported",
            target=event,
            data={"rows": len(rows)},
        )
        response = HttpResponse(
            "\ufeff" + output.getvalue(), content_type="text/csv; charset=utf-8"
        )
        response["Content-Disposition"] = f'attachment; filename="attendees-{event.slug}.csv"'
        response["Cache-Control"] = "private, no-store"
        return response
