"""Views of the wall area: tracked links, pledges, the public wall and contribution pages,
the contributions and reach pages of the workspace. Thin: parse, resolve, check, call one
service, render."""

from __future__ import annotations

import mimetypes
from urllib.parse import quote, urlencode

from django.conf import settings
from django.contrib import messages
from django.core.cache import cache
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import translation
from django.utils.decorators import method_decorator
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views import View
from django.views.decorators.cache import cache_control, never_cache
from django.views.generic import TemplateView

from turnout.actions.exceptions import SubmissionRefused
from turnout.actions.models import LANGUAGES
from turnout.people.normalize import InvalidContact
from turnout.people.services import PersonRefused

from . import selectors_wall as selectors
from .exceptions import CampaignError
from .forms_wall import ContributionForm, DeclaredReachForm, PledgeForm, WallFilterForm
from .mixins import CampaignWorkspaceMixin
from .models import Participation
from .services.pledges import participation_for_code, pledge_take
from .services.wall import (
    contribution_create,
    contribution_delete,
    contribution_hide,
    declared_reach_add,
    declared_reach_delete,
    page_view_count,
    tracked_link_follow,
)

RATE_LIMIT = getattr(settings, "TURNOUT_ACTION_RATE_LIMIT", (20, 600))  # pledges, seconds
OG_LOCALES = {"fr": "fr_FR", "en": "en_GB", "de": "de_DE"}


def _language() -> str:
    return (get_language() or "fr")[:2]


def _client_ip(request) -> str | None:
    return request.META.get("REMOTE_ADDR") or None


def _over_rate_limit(request, campaign) -> bool:
    """A few pledges per address and campaign in a window (as on an action's page)."""
    limit, window = RATE_LIMIT
    key = f"campaigns:pledge:{campaign.pk}:{_client_ip(request)}"
    try:
        return cache.incr(key) > limit
    except ValueError:
        if not cache.add(key, 1, window):
            return cache.incr(key) > limit
        return False


def visitor_language(request, campaign) -> str:
    """The visitor's language (Accept-Language) among the campaign's, else its first one."""
    offered = [code for code in (campaign.languages or []) if code in LANGUAGES] or ["fr"]
    header = request.META.get("HTTP_ACCEPT_LANGUAGE", "")
    for lang, _q in translation.trans_real.parse_accept_lang_header(header):
        code = lang.split("-")[0].lower()
        if code in offered:
            return code
    return offered[0]


def landing_url(campaign, *, code: str = "", absolute: bool = False) -> str:
    url = reverse("campaigns_public:landing", kwargs={"slug": campaign.slug})
    if code:
        url += "?" + urlencode({"r": code})
    return (settings.SITE_URL + url) if absolute else url


# --- Tracked links --------------------------------------------------------------------------


@never_cache
def tracked_link(request, code):
    """/r/<code>: count the click of an approved organization and go to the campaign page in
    the visitor's language with ``?r=<code>``; a suspended or not approved organization's
    link still leads there, without attribution. Nothing about the visitor is stored."""
    try:
        campaign, participation = tracked_link_follow(code=code)
    except Participation.DoesNotExist as exc:
        raise Http404 from exc
    with translation.override(visitor_language(request, campaign)):
        url = landing_url(campaign, code=participation.link_code if participation else "")
    return HttpResponseRedirect(url)


# --- Pledges --------------------------------------------------------------------------------


class PledgeView(View):
    """POST of the landing page's pledge form; errors show the form again on its own page
    with everything typed kept."""

    def render_form(self, request, campaign, form, status):
        return render(
            request,
            "campaigns/public/wall/pledge.html",
            {
                "campaign": campaign,
                "pledge_form": form,
                "pledge_open": campaign.is_open,
                "language": _language(),
            },
            status=status,
        )

    def get(self, request, slug):
        campaign = selectors.campaign_public_get(slug=slug)
        form = PledgeForm(
            campaign=campaign, language=_language(), initial={"r": request.GET.get("r", "")[:16]}
        )
        return self.render_form(request, campaign, form, 200)

    def post(self, request, slug):
        campaign = selectors.campaign_public_get(slug=slug)
        form = PledgeForm(request.POST, campaign=campaign, language=_language())
        thanks = reverse("campaigns_public:pledge_thanks", kwargs={"slug": campaign.slug})
        if form.is_bot():
            return redirect(thanks)
        if not campaign.is_open:
            form.add_error(None, _("This campaign is not taking pledges any more."))
            return self.render_form(request, campaign, form, 400)
        if _over_rate_limit(request, campaign):
            form.add_error(None, _("Too many pledges from your connection. Try again later."))
            return self.render_form(request, campaign, form, 429)
        if not form.is_valid():
            return self.render_form(request, campaign, form, 400)
        code = form.cleaned_data.get("r") or ""
        try:
            pledge_take(
                campaign=campaign,
                data=form.person_data(),
                reminders=form.reminders(),
                code=code,
                ip_address=_client_ip(request),
                language=form.cleaned_data.get("language") or _language(),
            )
        except (CampaignError, InvalidContact, PersonRefused, SubmissionRefused) as exc:
            form.add_error(None, str(exc))
            return self.render_form(request, campaign, form, 400)
        return redirect(thanks + ("?" + urlencode({"r": code}) if code else ""))


def share_links(url: str, text: str) -> list[dict]:
    q_url, q_text = quote(url, safe=""), quote(text, safe="")
    return [
        {"name": "WhatsApp", "href": f"https://wa.me/?text={q_text}%20{q_url}"},
        {"name": "X", "href": f"https://x.com/intent/post?text={q_text}&url={q_url}"},
        {"name": "Facebook", "href": f"https://www.facebook.com/sharer/sharer.php?u={q_url}"},
        {
            "name": "LinkedIn",
            "href": f"https://www.linkedin.com/sharing/share-offsite/?url={q_url}",
        },
        {"name": "Bluesky", "href": f"https://bsky.app/intent/compose?text={q_text}%20{q_url}"},
        {"name": _("Email"), "href": f"mailto:?subject={q_text}&body={q_url}"},
    ]


class PledgeThanksView(View):
    def get(self, request, slug):
        campaign = selectors.campaign_public_get(slug=slug)
        participation = participation_for_code(campaign=campaign, code=request.GET.get("r", ""))
        if participation is not None:
            share_url = settings.SITE_URL + reverse(
                "campaigns_short:go", kwargs={"code": participation.link_code}
            )
        else:
            share_url = landing_url(campaign, absolute=True)
        language = _language()
        text = campaign.tagline_text(language) or campaign.name_text(language)
        return render(
            request,
            "campaigns/public/wall/pledge_thanks.html",
            {
                "campaign": campaign,
                "referrer": participation,
                "share_url": share_url,
                "share_links": share_links(share_url, text),
                "language": language,
            },
        )


# --- Public wall ----------------------------------------------------------------------------


class WallView(View):
    def get(self, request, slug):
        campaign = selectors.campaign_public_get(slug=slug)
        form = WallFilterForm(request.GET or None)
        filters = form.filters() if request.GET else {}
        rows = selectors.wall_contributions(campaign=campaign, filters=filters)
        page = Paginator(rows, selectors.WALL_PAGE_SIZE).get_page(request.GET.get("page"))
        page_view_count(campaign=campaign)
        query = urlencode({k: v for k, v in filters.items()})
        return render(
            request,
            "campaigns/public/wall/wall.html",
            {
                "campaign": campaign,
                "language": _language(),
                "form": form,
                "page": page,
                "filters": filters,
                "query": query,
                "counts": selectors.campaign_counts(campaign=campaign),
            },
        )


class ContributionPublicView(View):
    def get(self, request, slug, pk):
        campaign = selectors.campaign_public_get(slug=slug)
        contribution = selectors.contribution_public_get(campaign=campaign, pk=pk)
        page_view_count(campaign=campaign, participation=contribution.participation)
        language = _language()
        page_url = settings.SITE_URL + request.path
        image_url = ""
        if selectors.has_picture(contribution):
            image_url = settings.SITE_URL + reverse(
                "campaigns_public:contribution_image",
                kwargs={"slug": campaign.slug, "pk": contribution.pk},
            )
        organization = contribution.participation.organization
        title = _("%(org)s relays “%(campaign)s”") % {
            "org": organization.name,
            "campaign": campaign.name_text(language),
        }
        return render(
            request,
            "campaigns/public/wall/contribution.html",
            {
                "campaign": campaign,
                "contribution": contribution,
                "organization": organization,
                "title": title,
                "description": contribution.caption or campaign.message_text(language),
                "page_url": page_url,
                "image_url": image_url,
                "og_locale": OG_LOCALES.get(language, "fr_FR"),
                "language": language,
                "landing": landing_url(campaign, code=contribution.participation.link_code),
            },
        )


@method_decorator(cache_control(public=True, max_age=300), name="dispatch")
class ContributionImageView(View):
    """The picture of a visible contribution: its uploaded image, or the render of its
    personalized visual, streamed from private storage. Hidden or suspended: 404."""

    def get(self, request, slug, pk):
        campaign = selectors.campaign_public_get(slug=slug)
        contribution = selectors.contribution_public_get(campaign=campaign, pk=pk)
        field = contribution.image or (contribution.render.file if contribution.render else None)
        if not field:
            raise Http404
        try:
            handle = field.storage.open(field.name, "rb")
        except (FileNotFoundError, OSError) as exc:
            raise Http404 from exc
        content_type = mimetypes.guess_type(field.name)[0] or "application/octet-stream"
        response = FileResponse(handle, content_type=content_type)
        response["X-Content-Type-Options"] = "nosniff"
        return response


# --- Workspace: contributions ---------------------------------------------------------------


class WallWorkspaceMixin(CampaignWorkspaceMixin):
    permission_required = "campaigns.view_wall"

    def check_change(self):
        if not self.can("campaigns.change_wall"):
            raise PermissionDenied


class ContributionsView(WallWorkspaceMixin, TemplateView):
    template_name = "campaigns/wall/contributions.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["can_change"] = self.can("campaigns.change_wall")
        if self.is_initiator:
            rows = selectors.contributions_for_initiator(campaign=self.campaign)
            context["page"] = Paginator(rows, 50).get_page(self.request.GET.get("page"))
        else:
            context["contributions"] = selectors.contributions_of(participation=self.participation)
            context.setdefault("form", ContributionForm(participation=self.participation))
            context["approved"] = self.participation.status == Participation.Status.APPROVED
        context["language"] = _language()
        return context

    def post(self, request, *args, **kwargs):
        self.check_change()
        if self.is_initiator:
            raise Http404
        form = ContributionForm(request.POST, request.FILES, participation=self.participation)
        if form.is_valid():
            data = form.cleaned_data
            try:
                contribution_create(
                    participation=self.participation,
                    actor=request.user,
                    kind=data["kind"],
                    network=data.get("network") or "",
                    url=data.get("url") or "",
                    render=data.get("render"),
                    image=data.get("image"),
                    placement=data.get("placement") or "",
                    quantity=data.get("quantity"),
                    place=data.get("place") or "",
                    caption=data.get("caption") or "",
                    language=_language(),
                    declared=form.declared(),
                )
            except ValidationError as exc:
                if hasattr(exc, "error_dict"):
                    for field, errors in exc.message_dict.items():
                        form.add_error(field if field in form.fields else None, errors)
                else:
                    form.add_error(None, exc)
            except CampaignError as exc:
                form.add_error(None, str(exc))
            else:
                messages.success(request, _("Your contribution is on the campaign wall."))
                return redirect(request.path)
        context = self.get_context_data(form=form, **kwargs)
        return self.render_to_response(context, status=400)


class ContributionDeleteView(WallWorkspaceMixin, View):
    participant_only = True

    def post(self, request, *args, **kwargs):
        self.check_change()
        contribution = selectors.contribution_for_participant(
            participation=self.participation, pk=kwargs["contribution_id"]
        )
        contribution_delete(contribution=contribution, actor=request.user)
        messages.success(request, _("The contribution was deleted."))
        return redirect(
            "campaigns:wall_contributions",
            org_slug=self.organization.slug,
            campaign_slug=self.campaign.slug,
        )


class ContributionHideView(WallWorkspaceMixin, View):
    initiator_only = True

    def post(self, request, *args, **kwargs):
        self.check_change()
        contribution = selectors.contribution_for_initiator(
            campaign=self.campaign, pk=kwargs["contribution_id"]
        )
        hidden = request.POST.get("hidden") != "0"
        contribution_hide(contribution=contribution, actor=request.user, hidden=hidden)
        messages.success(
            request,
            _("The contribution is hidden from the wall.")
            if hidden
            else _("The contribution is on the wall again."),
        )
        url = reverse(
            "campaigns:wall_contributions",
            kwargs={"org_slug": self.organization.slug, "campaign_slug": self.campaign.slug},
        )
        page = request.POST.get("page", "")
        return redirect(url + (f"?page={page}" if page.isdigit() else ""))


# --- Workspace: reach -----------------------------------------------------------------------


class ReachView(WallWorkspaceMixin, TemplateView):
    def get_template_names(self):
        if self.is_initiator:
            return ["campaigns/wall/reach_initiator.html"]
        return ["campaigns/wall/reach.html"]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["can_change"] = self.can("campaigns.change_wall")
        if self.is_initiator:
            context.update(selectors.initiator_rollup(campaign=self.campaign))
            return context
        series = selectors.participant_daily(
            campaign=self.campaign, participation=self.participation
        )
        context.update(
            series=series,
            charts=[
                {
                    "key": "clicks",
                    "label": _("Tracked-link clicks per day"),
                    "bars": series.chart(series.clicks),
                    "total": sum(series.clicks),
                },
                {
                    "key": "pledges",
                    "label": _("Pledges per day"),
                    "bars": series.chart(series.pledges),
                    "total": sum(series.pledges),
                },
                {
                    "key": "views",
                    "label": _("Views of your contributions' pages per day"),
                    "bars": series.chart(series.views),
                    "total": sum(series.views),
                },
            ],
            reach=selectors.participant_reach(
                campaign=self.campaign, participation=self.participation
            ),
            declared=self.participation.declared_reach.select_related("contribution"),
            link_url=settings.SITE_URL
            + reverse("campaigns_short:go", kwargs={"code": self.participation.link_code}),
            approved=self.participation.status == Participation.Status.APPROVED,
        )
        context.setdefault("form", DeclaredReachForm())
        return context

    def post(self, request, *args, **kwargs):
        self.check_change()
        if self.is_initiator:
            raise Http404
        form = DeclaredReachForm(request.POST)
        if form.is_valid():
            data = form.cleaned_data
            try:
                declared_reach_add(
                    participation=self.participation,
                    actor=request.user,
                    kind=data["reach_kind"],
                    figure=data["reach_figure"],
                    method=data["reach_method"],
                )
            except ValidationError as exc:
                for field, errors in exc.message_dict.items():
                    form.add_error(field, errors)
            except CampaignError as exc:
                form.add_error(None, str(exc))
            else:
                messages.success(request, _("The figure was added to your declared reach."))
                return redirect(request.path)
        return self.render_to_response(self.get_context_data(form=form, **kwargs), status=400)


class DeclaredDeleteView(WallWorkspaceMixin, View):
    participant_only = True

    def post(self, request, *args, **kwargs):
        self.check_change()
        declared = selectors.declared_for_participant(
            participation=self.participation, pk=kwargs["declared_id"]
        )
        declared_reach_delete(declared=declared, actor=request.user)
        messages.success(request, _("The declared figure was removed."))
        return redirect(
            "campaigns:wall_reach",
            org_slug=self.organization.slug,
            campaign_slug=self.campaign.slug,
        )
