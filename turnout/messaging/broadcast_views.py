"""Workspace pages of broadcasts (email and SMS to a segment or list) and sending settings."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.http import Http404, JsonResponse
from django.shortcuts import get_object_or_404, redirect
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext, pgettext
from django.views import View
from django.views.generic import FormView, TemplateView

from turnout.core.charts import breakdown
from turnout.organizations.mixins import WorkspaceMixin
from turnout.people.models import Channel

from .forms import BroadcastForm, MessagingSettingsForm, ScheduleForm, TestSendForm
from .models import Broadcast, Message
from .services import (
    BroadcastError,
    broadcast_audience_summary,
    broadcast_cancel,
    broadcast_cost_estimate,
    broadcast_duplicate,
    broadcast_save,
    broadcast_send,
    broadcast_stats,
    broadcast_test_send,
    messaging_settings_get,
)


class BroadcastMixin(WorkspaceMixin):
    permission_required = "messaging.send_broadcasts"

    def get_broadcast(self) -> Broadcast:
        return get_object_or_404(
            Broadcast.objects.select_related("segment", "people_list", "job"),
            organization=self.organization,
            pk=self.kwargs["broadcast_id"],
        )

    def detail_url(self, broadcast):
        from django.urls import reverse

        return reverse(
            "broadcasts:detail",
            kwargs={"org_slug": self.organization.slug, "broadcast_id": broadcast.pk},
        )


class BroadcastListView(BroadcastMixin, TemplateView):
    template_name = "messaging/broadcasts/list.html"

    def get_context_data(self, **kwargs):
        from django.core.paginator import Paginator

        context = super().get_context_data(**kwargs)
        broadcasts = Broadcast.objects.filter(organization=self.organization).select_related(
            "segment", "people_list"
        )
        context["page"] = Paginator(broadcasts, 25).get_page(self.request.GET.get("page"))
        return context


class BroadcastFormView(BroadcastMixin, FormView):
    template_name = "messaging/broadcasts/form.html"

    def get_instance(self):
        if "broadcast_id" in self.kwargs:
            broadcast = self.get_broadcast()
            if broadcast.status != Broadcast.Status.DRAFT:
                raise Http404
            return broadcast
        channel = self.request.GET.get("channel", Channel.SMS)
        if channel not in (Channel.SMS, Channel.EMAIL):
            raise Http404
        return Broadcast(organization=self.organization, channel=channel)

    def get_form(self, form_class=None):
        self.instance = self.get_instance()
        return BroadcastForm(
            data=self.request.POST or None,
            instance=self.instance,
            organization=self.organization,
            channel=self.instance.channel,
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["broadcast"] = self.instance
        form = context["form"]
        context["language_fields"] = [
            (
                code,
                name,
                form[f"subject_{code}"] if f"subject_{code}" in form.fields else None,
                form[f"body_{code}"],
            )
            for code, name in settings.LANGUAGES
        ]
        context["prefs"] = messaging_settings_get(organization=self.organization)
        return context

    def form_valid(self, form):
        fields = {name: form.cleaned_data[name] for name in BroadcastForm.Meta.fields}
        fields["content"] = form.content()
        fields["channel"] = self.instance.channel
        try:
            broadcast = broadcast_save(
                organization=self.organization,
                actor=self.request.user,
                broadcast=self.instance if self.instance.pk else None,
                **fields,
            )
        except BroadcastError as exc:
            form.add_error(None, str(exc))
            return self.form_invalid(form)
        messages.success(self.request, _("Saved. Check the audience and the preview, then send."))
        return redirect(self.detail_url(broadcast))


def _sms_preview(broadcast, prefs):
    """Rendered text, segments and estimated cost for each language of an SMS broadcast."""
    from .dispatch import message_render
    from .sms_text import sms_segments

    previews = []
    for code, part in broadcast.content.items():
        if not part.get("body"):
            continue
        draft = Message(
            organization=broadcast.organization,
            channel=broadcast.channel,
            broadcast=broadcast,
            language=code,
        )
        subject, body = message_render(draft, prefs)
        info = sms_segments(body) if broadcast.channel == Channel.SMS else None
        previews.append({"language": code, "subject": subject, "body": body, "sms": info})
    return previews


class BroadcastDetailView(BroadcastMixin, TemplateView):
    template_name = "messaging/broadcasts/detail.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        broadcast = self.get_broadcast()
        prefs = messaging_settings_get(organization=self.organization)
        context["broadcast"] = broadcast
        context["previews"] = _sms_preview(broadcast, prefs)
        if broadcast.status == Broadcast.Status.DRAFT:
            summary = broadcast_audience_summary(broadcast=broadcast)
            context["summary"] = summary
            context["audience_parts"] = breakdown(
                [
                    (_("Will receive it"), summary["reachable"], "ok"),
                    (_("No consent for this purpose"), summary["no_consent"], "warn"),
                    (_("Opted out or do not contact"), summary["opted_out"], "bad"),
                    (
                        _("No mobile number")
                        if broadcast.channel == Channel.SMS
                        else _("No email address"),
                        summary["no_contact"],
                        "muted",
                    ),
                ]
            )
            if broadcast.channel == Channel.SMS and context["previews"]:
                segments = max(p["sms"].segments for p in context["previews"])
                context["estimate_cents"] = broadcast_cost_estimate(
                    broadcast=broadcast, segments=segments
                )
                context["estimate_euros"] = context["estimate_cents"] / 100
            context["schedule_form"] = ScheduleForm()
            context["test_form"] = TestSendForm()
        else:
            stats = broadcast_stats(broadcast=broadcast)
            context["stats"] = stats
            counts = stats["counts"]
            context["progress_parts"] = breakdown(
                [
                    (Message.Status.DELIVERED.label, counts.get("delivered", 0), "ok"),
                    (Message.Status.SENT.label, counts.get("sent", 0), "brand"),
                    (
                        _("Waiting"),
                        sum(counts.get(s, 0) for s in ("queued", "claimed", "sending")),
                        "muted",
                    ),
                    (
                        _("Not sent"),
                        sum(counts.get(s, 0) for s in ("suppressed", "cancelled")),
                        "warn",
                    ),
                    (
                        pgettext("message status", "Failed"),
                        sum(counts.get(s, 0) for s in ("failed", "uncertain")),
                        "bad",
                    ),
                ]
            )
        context["uncertain"] = Message.objects.filter(
            broadcast=broadcast, status=Message.Status.UNCERTAIN
        ).count()
        return context


class BroadcastStatsView(BroadcastMixin, View):
    def get(self, request, org_slug, broadcast_id):
        broadcast = self.get_broadcast()
        return JsonResponse({"status": broadcast.status, **broadcast_stats(broadcast=broadcast)})


class BroadcastSendView(BroadcastMixin, View):
    def post(self, request, org_slug, broadcast_id):
        broadcast = self.get_broadcast()
        form = ScheduleForm(request.POST)
        if not form.is_valid():
            messages.error(request, _("Enter a valid date and time."))
            return redirect(self.detail_url(broadcast))
        at = form.cleaned_data["send_at"]
        if at and at < timezone.now():
            messages.error(request, _("That time has passed. Leave it empty to send now."))
            return redirect(self.detail_url(broadcast))
        if broadcast_send(broadcast=broadcast, actor=request.user, at=at):
            messages.success(
                request,
                _("Scheduled.") if at else _("Sending started. This page shows the progress."),
            )
        else:
            messages.info(request, _("This broadcast was already sent or scheduled."))
        return redirect(self.detail_url(broadcast))


class BroadcastCancelView(BroadcastMixin, View):
    def post(self, request, org_slug, broadcast_id):
        broadcast = self.get_broadcast()
        cancelled = broadcast_cancel(broadcast=broadcast, actor=request.user)
        messages.success(
            request,
            ngettext(
                "Cancelled: %(count)s message will not be sent.",
                "Cancelled: %(count)s messages will not be sent.",
                cancelled,
            )
            % {"count": cancelled},
        )
        return redirect(self.detail_url(broadcast))


class BroadcastTestView(BroadcastMixin, View):
    def post(self, request, org_slug, broadcast_id):
        broadcast = self.get_broadcast()
        form = TestSendForm(request.POST)
        if form.is_valid():
            try:
                broadcast_test_send(
                    broadcast=broadcast, actor=request.user, to=form.cleaned_data["to"]
                )
            except BroadcastError as exc:
                messages.error(request, str(exc))
            else:
                messages.success(request, _("Test sent."))
        else:
            messages.error(request, _("Enter an email address or a mobile number."))
        return redirect(self.detail_url(broadcast))


class MessagingSettingsView(WorkspaceMixin, FormView):
    permission_required = "messaging.manage_settings"
    template_name = "messaging/settings.html"

    def get_form(self, form_class=None):
        return MessagingSettingsForm(
            data=self.request.POST or None,
            instance=messaging_settings_get(organization=self.organization),
        )

    def form_valid(self, form):
        from turnout.core.audit import audit_record

        form.save()
        audit_record(
            organization=self.organization,
            actor=self.request.user,
            action="messaging.settings_changed",
            target=form.instance,
            data={"fields": form.changed_data},
        )
        messages.success(self.request, _("Settings saved."))
        return redirect(self.request.path)


class BroadcastDuplicateView(BroadcastMixin, View):
    def post(self, request, org_slug, broadcast_id):
        copy = broadcast_duplicate(broadcast=self.get_broadcast(), actor=request.user)
        messages.success(request, _("Copied as a new draft: change what you need, then send."))
        return redirect(self.detail_url(copy))
