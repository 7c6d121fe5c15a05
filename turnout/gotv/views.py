"""Workspace pages of get out the vote, under /<lang>/o/<org_slug>/gotv/ (namespace ``gotv``):
the overview, reminder programs (edit, start/pause/finish, preview per language, subscribe a
segment), partner perks (edit, codes, redemptions, claims) and media placements. Thin views:
parse, resolve within the organization, check the policy, call one service, render."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.generic import TemplateView

from turnout.actions.models import LANGUAGES
from turnout.core.charts import breakdown, columns
from turnout.messaging import quiet_hours
from turnout.messaging.services import messaging_settings_get
from turnout.organizations.mixins import WorkspaceMixin
from turnout.people.models import AccessLog
from turnout.people.services import access_log_record

from . import (
    policies,  # noqa: F401  (registers the permissions)
    selectors,
)
from .exceptions import GotvError
from .forms import (
    CodesForm,
    OfferForm,
    PlacementForm,
    ProgramForm,
    RedemptionsForm,
    SegmentSubscribeForm,
)
from .legal import legal_note
from .models import (
    COUNTRY_ZONES,
    PerkClaim,
    PerkOffer,
    Placement,
    ReminderKind,
    ReminderProgram,
    masked,
)
from .services import (
    claim_redeem,
    codes_add,
    offer_save,
    placement_delete,
    placement_save,
    program_save,
    program_transition,
    read_upload,
    redemptions_import,
    segment_subscribe,
)
from .texts import default_texts, facts_for, fill_content

PAGE = 50


class GotvMixin(WorkspaceMixin):
    permission_required = "gotv.view_gotv"

    def require(self, permission: str) -> None:
        if not self.can(permission):
            raise PermissionDenied

    def url(self, name: str, **kwargs) -> str:
        return reverse(f"gotv:{name}", kwargs={"org_slug": self.organization.slug, **kwargs})

    def lookup(self, selector, **kwargs):
        try:
            return selector(organization=self.organization, **kwargs)
        except (ReminderProgram.DoesNotExist, PerkOffer.DoesNotExist) as exc:
            raise Http404 from exc
        except (PerkClaim.DoesNotExist, Placement.DoesNotExist) as exc:
            raise Http404 from exc


class HomeView(GotvMixin, TemplateView):
    template_name = "gotv/home.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(
            programs=selectors.program_list(organization=self.organization),
            offers=selectors.offer_list(organization=self.organization),
            placements=selectors.placement_list(organization=self.organization),
            can_programs=self.can("gotv.change_programs"),
            can_perks=self.can("gotv.change_perks"),
            can_placements=self.can("gotv.change_placements"),
        )
        return context


# --- Reminder programs -----------------------------------------------------------------------


def sms_day_blocked(program: ReminderProgram) -> list:
    """The election days on which the organization's sending hours hold the election-day SMS
    back past the polls' closing (it is then not sent)."""
    if not program.sms:
        return []
    prefs = messaging_settings_get(organization=program.organization)
    blocked = []
    for _round, day in program.rounds():
        at = program.send_at(day, ReminderKind.DAY)
        opening = quiet_hours.opening_after(prefs.quiet_hours, at, prefs.time_zone)
        if opening is not None and opening >= program.deadline(day, ReminderKind.DAY):
            blocked.append(day)
    return blocked


class ProgramFormView(GotvMixin, TemplateView):
    template_name = "gotv/program_form.html"
    mode = "create"

    permission_required = "gotv.change_programs"

    def instance(self) -> ReminderProgram:
        if self.mode == "edit":
            return self.lookup(selectors.program_get, program_id=self.kwargs["program_id"])
        return ReminderProgram(
            organization=self.organization,
            eve_text=default_texts(ReminderKind.EVE),
            day_text=default_texts(ReminderKind.DAY),
            time_zone=COUNTRY_ZONES.get(self.organization.country, "Europe/Paris"),
        )

    def render_form(self, form, status=200):
        context = self.get_context_data(form=form, mode=self.mode, program=form.instance)
        return self.render_to_response(context, status=status)

    def get(self, request, *args, **kwargs):
        form = ProgramForm(organization=self.organization, instance=self.instance())
        return self.render_form(form)

    def post(self, request, *args, **kwargs):
        form = ProgramForm(request.POST, organization=self.organization, instance=self.instance())
        if not form.is_valid():
            return self.render_form(form, 400)
        try:
            program = program_save(program=form.program(), actor=request.user)
        except GotvError as exc:
            form.add_error(None, exc.message)
            return self.render_form(form, 400)
        messages.success(request, _("The reminder program is saved."))
        return redirect(self.url("program", program_id=program.pk))


class ProgramDetailView(GotvMixin, TemplateView):
    template_name = "gotv/program_detail.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        program = self.lookup(selectors.program_get, program_id=self.kwargs["program_id"])
        language = self.request.GET.get("lang", "")
        if language not in LANGUAGES:
            language = (self.request.LANGUAGE_CODE or "fr")[:2]
        day = program.election.date
        preview = {
            kind: fill_content(
                program.text_for(kind),
                lambda lang: facts_for(
                    election=program.election,
                    day=day,
                    station_text=_("École Jean Jaurès, 3 rue de la Mairie"),
                    language=lang,
                ),
            ).get(language)
            for kind in (ReminderKind.EVE, ReminderKind.DAY)
        }
        counts = selectors.delivery_counts(programs=[program]).get(program.pk) or {}
        channels = selectors.program_channel_counts(program=program)
        subscriptions = None
        if self.can("gotv.view_people"):
            page = Paginator(selectors.program_subscriptions(program=program), PAGE).get_page(
                self.request.GET.get("page")
            )
            subscriptions = page
            access_log_record(
                organization=self.organization,
                user=self.request.user,
                action=AccessLog.Action.VIEW,
                description=f"reminder subscribers of {program}"[:200],
                record_count=len(page.object_list),
            )
        parts = breakdown(
            [
                (_("sent"), counts.get("sent", 0), "ok"),
                (_("queued"), counts.get("queued", 0), "brand"),
                (_("failed"), counts.get("failed", 0), "bad"),
                (_("not sent"), counts.get("skipped", 0), "muted"),
            ]
        )
        context.update(
            program=program,
            schedule=[
                {
                    "round": number,
                    "day": day,
                    "eve": program.send_at(day, ReminderKind.EVE),
                    "day_at": program.send_at(day, ReminderKind.DAY),
                }
                for number, day in program.rounds()
            ],
            preview=preview,
            preview_language=language,
            languages=LANGUAGES,
            counts=counts,
            parts=parts,
            channels=channels,
            subscribed=sum(channels.values()),
            breakdown_rows=selectors.delivery_breakdown(program=program),
            skipped=selectors.skipped_reasons(program=program),
            subscriptions=subscriptions,
            sms_blocked=sms_day_blocked(program),
            can_change=self.can("gotv.change_programs"),
            segment_form=kwargs.get("segment_form")
            or SegmentSubscribeForm(organization=self.organization),
        )
        return context

    def post(self, request, *args, **kwargs):
        """Subscribe a segment (organizers)."""
        self.require("gotv.change_programs")
        program = self.lookup(selectors.program_get, program_id=self.kwargs["program_id"])
        form = SegmentSubscribeForm(request.POST, organization=self.organization)
        if not form.is_valid():
            return self.render_to_response(self.get_context_data(segment_form=form), status=400)
        from turnout.people.segments.filters import segment_people

        people = segment_people(form.cleaned_data["segment"]).filter(
            organization=self.organization, erased_at__isnull=True
        )
        counts = segment_subscribe(
            program=program,
            people=people,
            channel=form.cleaned_data["channel"],
            consent_text=form.cleaned_data["consent_text"],
            actor=request.user,
        )
        left_out = sum(n for key, n in counts.items() if key != "subscribed")
        messages.success(
            request,
            _("%(n)s people subscribed; %(left)s left out (no address for this channel, ...).")
            % {"n": counts["subscribed"], "left": left_out},
        )
        return redirect(self.url("program", program_id=program.pk))


class ProgramStatusView(GotvMixin, TemplateView):
    http_method_names = ["post"]
    permission_required = "gotv.change_programs"

    def post(self, request, *args, **kwargs):
        program = self.lookup(selectors.program_get, program_id=self.kwargs["program_id"])
        operation = request.POST.get("operation", "")
        if operation not in ("start", "pause", "finish"):
            messages.error(request, _("Unknown operation."))
        else:
            try:
                program_transition(program=program, operation=operation, actor=request.user)
                messages.success(request, _("Done."))
            except GotvError as exc:
                messages.error(request, exc.message)
        return redirect(self.url("program", program_id=program.pk))


# --- Perks ------------------------------------------------------------------------------------


class OfferFormView(GotvMixin, TemplateView):
    template_name = "gotv/offer_form.html"
    mode = "create"
    permission_required = "gotv.change_perks"

    def instance(self) -> PerkOffer:
        if self.mode == "edit":
            return self.lookup(selectors.offer_get, offer_id=self.kwargs["offer_id"])
        return PerkOffer(organization=self.organization)

    def render_form(self, form, status=200):
        country = form.data.get("country") if form.is_bound else form.initial.get("country")
        country = country or form.instance.country or self.organization.country
        return self.render_to_response(
            self.get_context_data(
                form=form, mode=self.mode, offer=form.instance, note=legal_note(country)
            ),
            status=status,
        )

    def get(self, request, *args, **kwargs):
        return self.render_form(OfferForm(organization=self.organization, instance=self.instance()))

    def post(self, request, *args, **kwargs):
        form = OfferForm(request.POST, organization=self.organization, instance=self.instance())
        if not form.is_valid():
            return self.render_form(form, 400)
        offer = offer_save(offer=form.offer(), actor=request.user)
        messages.success(request, _("The offer is saved."))
        return redirect(self.url("offer", offer_id=offer.pk))


class OfferDetailView(GotvMixin, TemplateView):
    template_name = "gotv/offer_detail.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        offer = kwargs.get("offer") or self.lookup(
            selectors.offer_get, offer_id=self.kwargs["offer_id"]
        )
        stats = selectors.offer_stats(offer=offer)
        days = selectors.claims_by_day(offer=offer)
        bars = columns([c for _d, c, _r in days], width=300, height=80, top=4)
        for bar, (day, _claimed, redeemed) in zip(bars, days, strict=True):
            bar["day"], bar["redeemed"] = day, redeemed
        show_codes = self.can("gotv.view_codes")
        claims = None
        if self.can("gotv.view_people"):
            claims = Paginator(selectors.offer_claims(offer=offer), PAGE).get_page(
                self.request.GET.get("page")
            )
            for claim in claims:
                claim.code_shown = claim.code.code if show_codes else masked(claim.code.code)
        context.update(
            offer=offer,
            stats=stats,
            parts=breakdown(
                [
                    (_("redeemed"), stats["redeemed"], "ok"),
                    (_("given, not used yet"), stats["claimed"] - stats["redeemed"], "brand"),
                    (_("left in the pool"), stats["left"], "muted"),
                ]
            ),
            bars=bars,
            claims=claims,
            note=legal_note(offer.country),
            can_change=self.can("gotv.change_perks"),
            codes_form=kwargs.get("codes_form") or CodesForm(),
            redemptions_form=kwargs.get("redemptions_form") or RedemptionsForm(),
            report=kwargs.get("report"),
            redemption_report=kwargs.get("redemption_report"),
            public_url=reverse(
                "gotv_public:claim",
                kwargs={"organization": self.organization.slug, "offer": offer.slug},
            ),
            today=timezone.localdate(),
        )
        return context


class OfferCodesView(OfferDetailView):
    """POST: add codes (paste or CSV); the report shows on the offer's page."""

    http_method_names = ["post"]
    permission_required = "gotv.change_perks"

    def post(self, request, *args, **kwargs):
        offer = self.lookup(selectors.offer_get, offer_id=self.kwargs["offer_id"])
        form = CodesForm(request.POST, request.FILES)
        if form.is_valid():
            try:
                text = form.cleaned_data.get("codes") or ""
                if form.cleaned_data.get("file"):
                    text = read_upload(form.cleaned_data["file"])
                report = codes_add(offer=offer, text=text, actor=request.user)
            except GotvError as exc:
                form.add_error("file" if form.cleaned_data.get("file") else "codes", exc.message)
            else:
                context = self.get_context_data(offer=offer, report=report)
                return self.render_to_response(context)
        return self.render_to_response(
            self.get_context_data(offer=offer, codes_form=form), status=400
        )


class OfferRedemptionsView(OfferDetailView):
    http_method_names = ["post"]
    permission_required = "gotv.change_perks"

    def post(self, request, *args, **kwargs):
        offer = self.lookup(selectors.offer_get, offer_id=self.kwargs["offer_id"])
        form = RedemptionsForm(request.POST, request.FILES)
        if form.is_valid():
            try:
                text = read_upload(form.cleaned_data["file"])
                report = redemptions_import(offer=offer, text=text, actor=request.user)
            except GotvError as exc:
                form.add_error("file", exc.message)
            else:
                context = self.get_context_data(offer=offer, redemption_report=report)
                return self.render_to_response(context)
        return self.render_to_response(
            self.get_context_data(offer=offer, redemptions_form=form), status=400
        )


class ClaimRedeemView(GotvMixin, TemplateView):
    http_method_names = ["post"]
    permission_required = "gotv.change_perks"

    def post(self, request, *args, **kwargs):
        claim = self.lookup(selectors.claim_get, claim_id=self.kwargs["claim_id"])
        if claim_redeem(claim=claim, actor=request.user):
            messages.success(request, _("Marked as redeemed."))
        else:
            messages.info(request, _("This code was already redeemed."))
        return redirect(self.url("offer", offer_id=claim.offer_id))


# --- Placements -------------------------------------------------------------------------------


class PlacementFormView(GotvMixin, TemplateView):
    template_name = "gotv/placement_form.html"
    mode = "create"
    permission_required = "gotv.change_placements"

    def instance(self) -> Placement:
        if self.mode == "edit":
            return self.lookup(selectors.placement_get, placement_id=self.kwargs["placement_id"])
        return Placement(organization=self.organization)

    def render_form(self, form, status=200):
        placement = form.instance
        tracked = ""
        if placement.pk:
            tracked = self.request.build_absolute_uri(
                reverse("gotv_public:go", kwargs={"code": placement.link_code})
            )
        context = self.get_context_data(
            form=form, mode=self.mode, placement=placement, tracked=tracked
        )
        return self.render_to_response(context, status=status)

    def get(self, request, *args, **kwargs):
        return self.render_form(
            PlacementForm(organization=self.organization, instance=self.instance())
        )

    def post(self, request, *args, **kwargs):
        instance = self.instance()
        if request.POST.get("delete") and instance.pk:
            placement_delete(placement=instance, actor=request.user)
            messages.success(request, _("The placement is deleted."))
            return redirect(self.url("home"))
        form = PlacementForm(request.POST, organization=self.organization, instance=instance)
        if not form.is_valid():
            return self.render_form(form, 400)
        try:
            placement = placement_save(placement=form.placement(), actor=request.user)
        except GotvError as exc:
            form.add_error("campaign" if exc.code == "campaign" else None, exc.message)
            return self.render_form(form, 400)
        messages.success(request, _("The placement is saved."))
        return redirect(self.url("placement", placement_id=placement.pk))
