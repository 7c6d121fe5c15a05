"""Public fundraising pages, under /<lang>/give/<slug>/ (namespace ``donations_public``): the
page and its donation form (a POST starts the checkout and sends the donor to the payment
service), the thank-you page, the embeddable form and its one-line script.

Thin views: read the page, parse the form, call ``donation_checkout_start``, redirect or show
the form again with everything typed. The thank-you page only shows thanks: what a donation
became is told by the payment service's events, never by the donor's browser.
"""

from __future__ import annotations

import datetime
from urllib.parse import urlencode

from django.conf import settings
from django.core.cache import cache
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.decorators import method_decorator
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _
from django.views import View
from django.views.decorators.cache import cache_control
from django.views.decorators.clickjacking import xframe_options_exempt
from django.views.decorators.csrf import csrf_exempt

from turnout.actions.asks import DEFAULT_ASKS, AskKind, default_label, share_links_for
from turnout.actions.models import pick_text
from turnout.actions.public_views import OG_LOCALES, frame_ancestors, widget_js
from turnout.actions.referral import referral_code
from turnout.core.money import money_text
from turnout.people.normalize import InvalidContact
from turnout.people.services import PersonRefused

from .forms_pages import (
    ATTRIBUTION_PARAMS,
    MONTHLY,
    ONCE,
    DonateForm,
    EmbedDonateForm,
    amount_input,
)
from .models import Donation, FundraisingPage, ProfileKind, Receipt
from .selectors_pages import donor_email, page_cobrand, page_donation, page_public_get
from .selectors_pages import page_thermometer as thermometer
from .services.lifecycle import DonationRefused, legal_profile_for
from .services.offline import parse_amount
from .services.pages import (
    CheckoutUnavailable,
    checkout_backends,
    donation_checkout_start,
    read_return_token,
)
from .services.receipts import FR_TAX_REDUCTION_PERCENT, kind_for_profile

RATE_LIMIT = getattr(settings, "TURNOUT_DONATION_RATE_LIMIT", (10, 600))  # checkouts, seconds
# Where the checkout may send the form: our pages, then the payment service's own (a POST
# answered by a redirect to another site is a form submission to it for the browser).
CHECKOUT_FORM_ACTION = ["https:"]
PREFILL_FOR = datetime.timedelta(days=1)
# Why the form asks what it asks, by legal profile.
LEGAL_NOTES = {
    ProfileKind.FR_PARTY: gettext_lazy(
        "French law: only private persons who are French or live in France may give to a "
        "political party, within a yearly cap for all parties together. Your gift gives a "
        "tax receipt."
    ),
    ProfileKind.FR_CANDIDATE: gettext_lazy(
        "French law: only private persons may give to a candidate, within a cap per "
        "election. Your gift gives a tax receipt."
    ),
    ProfileKind.FR_ASSOCIATION: gettext_lazy(
        "The tax receipt is made out to this name and address."
    ),
    ProfileKind.DE_PARTY: gettext_lazy(
        "German law asks parties for the nationality and address of their donors, and limits "
        "gifts from outside the European Union. Gifts made here are never anonymous."
    ),
    ProfileKind.AT_PARTY: gettext_lazy(
        "Austrian law asks parties for the nationality and address of their donors, and limits "
        "gifts from outside the European Union. Gifts made here are never anonymous."
    ),
}


def _language() -> str:
    return (get_language() or "fr")[:2]


def _client_ip(request) -> str | None:
    return request.META.get("REMOTE_ADDR") or None


def over_rate_limit(request, page: FundraisingPage) -> bool:
    """A few checkouts per connection and page in a window: plenty for a family or an office,
    too few to test stolen cards."""
    limit, window = RATE_LIMIT
    key = f"donations:checkout:{page.pk}:{_client_ip(request)}"
    cache.add(key, 0, window)  # opens the window unless it is open
    try:
        return cache.incr(key) > limit
    except ValueError:  # the window closed between the two calls
        cache.set(key, 1, window)
        return False


def page_url(page: FundraisingPage) -> str:
    return reverse("donations_public:page", kwargs={"slug": page.slug})


def embed_urls(page: FundraisingPage) -> dict:
    """Absolute addresses for the embed snippets and the share links."""
    site = settings.SITE_URL
    return {
        "page": site + page_url(page),
        "embed": site + reverse("donations_public:embed", kwargs={"slug": page.slug}),
        "widget": site + reverse("donations_public:widget", kwargs={"slug": page.slug}),
    }


# --- What the page shows --------------------------------------------------------------------


def _selected_cents(form) -> int | None:
    """The amount the form shows selected (for the "costs you" line)."""
    if form is None:
        return None
    values = form.data if form.is_bound else form.initial
    typed = str(values.get("other_amount") or "").strip()
    try:
        if typed:
            return parse_amount(typed)
        chosen = str(values.get("amount") or "")
        return int(chosen) if chosen.isdigit() else None
    except ValueError:
        return None


def tax_context(profile, page: FundraisingPage, form) -> dict | None:
    """French profiles: the gift gives a 66 % income-tax reduction; the page says what the
    selected amount costs after it (the script keeps it up to date)."""
    if kind_for_profile(profile.kind) not in (Receipt.Kind.TAX, Receipt.Kind.PARTY):
        return None
    cents = _selected_cents(form) or 0
    return {
        "percent": FR_TAX_REDUCTION_PERCENT,
        "cost": money_text(cents - cents * FR_TAX_REDUCTION_PERCENT // 100, page.currency),
        "shown": bool(cents),
    }


def page_context(request, page, form, *, profile, backends, **extra) -> dict:
    language = _language()
    cobrand = page_cobrand(page=page, language=language)
    urls = embed_urls(page)
    image = settings.SITE_URL + cobrand["visual_url"] if cobrand and cobrand["visual_url"] else ""
    only = backends[0] if len(backends) == 1 else None
    return {
        "page": page,
        "title": page.title_text(language) or page.slug,
        "story": page.story_text(language),
        "form": form,
        "thermo": thermometer(page),
        "cobrand": cobrand,
        "is_open": page.status == FundraisingPage.Status.PUBLISHED,
        "tax": tax_context(profile, page, form),
        "test_label": str(only.label) if only is not None and only.is_test else "",
        "profile_kind": profile.kind,
        "legal_note": LEGAL_NOTES.get(profile.kind, ""),
        "og_locale": OG_LOCALES.get(language, "fr_FR"),
        "og_url": urls["page"],
        "og_image": image,
        "action_url": page_url(page),
        **extra,
    }


def _prefill(page: FundraisingPage, token: str) -> dict | None:
    """What the donor typed, from the donation a cancel address names."""
    data = read_return_token(token)
    donation = page_donation(page=page, donation_id=data["d"]) if data else None
    if donation is None or donation.created_at < timezone.now() - PREFILL_FOR:
        return None  # the donor's details are shown back for a day, not for ever
    person = donation.person
    initial = {
        "given_name": person.given_name,
        "family_name": person.family_name,
        "email": donor_email(person),
        "frequency": MONTHLY if data.get("m") else ONCE,
        "natural_person": donation.natural_person,
        "nationality": donation.nationality or "--",
        "source": donation.source_code,
        "utm_source": donation.utm_source,
        "utm_medium": donation.utm_medium,
        "utm_campaign": donation.utm_campaign,
    }
    if donation.amount_cents in (page.suggested_cents or []):
        initial["amount"] = str(donation.amount_cents)
    else:
        initial["other_amount"] = amount_input(donation.amount_cents, _language())
    address = donation.tax_address or {}
    initial.update(
        address_lines=address.get("lines", ""),
        postal_code=address.get("postal_code", ""),
        locality=address.get("locality", ""),
        country=address.get("country") or "--",
    )
    return {key: value for key, value in initial.items() if value not in ("", None)}


class PagePublicView(View):
    template_name = "donations/public/page.html"
    form_class = DonateForm

    def load(self, slug: str) -> FundraisingPage:
        self.page = page_public_get(slug=slug)
        self.profile = legal_profile_for(self.page.organization)
        self.backends = checkout_backends()
        return self.page

    def make_form(self, data=None, initial=None):
        return self.form_class(
            data,
            initial=initial,
            page=self.page,
            profile_kind=self.profile.kind,
            backends=self.backends,
        )

    def render_page(self, request, form, *, status=200, template=None, **extra):
        context = page_context(
            request, self.page, form, profile=self.profile, backends=self.backends, **extra
        )
        response = render(request, template or self.template_name, context, status=status)
        response._csp_update = {"form-action": CHECKOUT_FORM_ACTION}
        return response

    def get(self, request, slug):
        page = self.load(slug)
        initial = {param: request.GET.get(param, "")[:100] for param in ATTRIBUTION_PARAMS}
        cancelled = "cancelled" in request.GET
        if cancelled:
            initial.update(_prefill(page, request.GET["cancelled"]) or {})
        return self.render_page(request, self.make_form(initial=initial), cancelled=cancelled)

    def post(self, request, slug):
        page = self.load(slug)
        form = self.make_form(request.POST)
        if form.is_bot():
            return redirect(page_url(page))  # a bot learns nothing
        if page.status != FundraisingPage.Status.PUBLISHED:
            form.add_error(None, _("This page is closed: it no longer takes gifts."))
            return self.invalid(request, form, status=400)
        if over_rate_limit(request, page):
            form.add_error(None, _("Too many attempts from your connection. Try again later."))
            return self.invalid(request, form, status=429)
        if not form.is_valid():
            return self.invalid(request, form, status=400)
        try:
            checkout = donation_checkout_start(
                page=page,
                data=form.person_data(_language()),
                amount_cents=form.amount_cents(),
                monthly=form.monthly(),
                donor=form.donor_details(),
                backend=form.backend(),
                consent_text=form.consent_text(),
                attribution=form.attribution(),
                ip_address=_client_ip(request),
            )
        except DonationRefused as exc:
            form.add_refusals(exc.messages)
            return self.invalid(request, form, status=400)
        except InvalidContact as exc:
            form.add_error("email", str(exc))
            return self.invalid(request, form, status=400)
        except PersonRefused as exc:
            form.add_error(None, str(exc))
            return self.invalid(request, form, status=400)
        except CheckoutUnavailable as exc:
            form.add_error(None, str(exc))
            return self.invalid(request, form, status=503)
        response = redirect(checkout.url)
        # A redirect has no body to protect: no Content-Security-Policy to build for it.
        response._csp_exempt = response._csp_exempt_ro = True
        return response

    def invalid(self, request, form, *, status):
        return self.render_page(request, form, status=status)


@method_decorator(csrf_exempt, name="dispatch")
@method_decorator(xframe_options_exempt, name="dispatch")
class PageEmbedView(PagePublicView):
    """The donation form alone, to be framed by other sites. It posts to the top window
    (``target="_top"``): the payment service's checkout never opens inside the frame, and a
    form with errors comes back as the full page. Protected by a signed form token instead of
    the CSRF cookie (third-party frames get no cookie)."""

    template_name = "donations/public/embed.html"
    form_class = EmbedDonateForm

    def get(self, request, slug):
        response = super().get(request, slug)
        response._csp_replace = {"frame-ancestors": frame_ancestors(self.page)}
        return response

    def render_page(self, request, form, **kwargs):
        if kwargs.get("template") is None:  # the frame's own form posts back here
            embed = reverse("donations_public:embed", kwargs={"slug": self.page.slug})
            kwargs.setdefault("action_url", embed)
        return super().render_page(request, form, **kwargs)

    def invalid(self, request, form, *, status):
        # At the top level now: the full page, whose own form takes it from here.
        return self.render_page(request, form, status=status, template=PagePublicView.template_name)


@method_decorator(cache_control(public=True, max_age=300), name="dispatch")
class PageWidgetView(View):
    """``<script src=".../widget.js" async></script>`` inserts the embed iframe right after
    itself and fits it to its content (actions' widget script)."""

    def get(self, request, slug):
        page = page_public_get(slug=slug)
        body = widget_js(
            embed=embed_urls(page)["embed"],
            title=page.title_text(_language()) or page.slug,
            params=ATTRIBUTION_PARAMS,
        )
        return HttpResponse(body, content_type="application/javascript; charset=utf-8")


# --- Thank you ------------------------------------------------------------------------------


def page_asks(page: FundraisingPage, *, language: str, ref: str = "") -> list[dict]:
    """The next asks of the thank-you page (as actions show them): share links carry the
    donor's referral code and the network, so the page's figures say where gifts came from."""
    title = page.title_text(language) or page.slug
    shown = []
    for ask in page.next_asks or DEFAULT_ASKS:
        kind = ask.get("kind")
        item = {"kind": kind, "label": pick_text(ask.get("label"), language) or default_label(kind)}
        if kind == AskKind.SHARE:

            def url(network: str) -> str:
                query = {"ref": ref, "utm_source": network, "utm_medium": "share"}
                query = {key: value for key, value in query.items() if value}
                return embed_urls(page)["page"] + "?" + urlencode(query)

            text = _("I just gave to: %(title)s") % {"title": title}
            item["share"] = share_links_for(url, text=text, title=title)
        elif ask.get("url"):
            item["url"] = ask["url"]
        else:
            continue
        shown.append(item)
    return shown


def receipt_note(profile, *, monthly: bool, paid: bool) -> str:
    if monthly:
        return _(
            "Each year, you will receive by email a summary of your monthly gifts for your records."
        )
    tax = kind_for_profile(profile.kind) in (Receipt.Kind.TAX, Receipt.Kind.PARTY)
    if paid:
        return (
            _("Your tax receipt is on its way to your inbox.")
            if tax
            else _("Your receipt is on its way to your inbox.")
        )
    return (
        _("Your tax receipt will arrive by email once the payment service confirms the payment.")
        if tax
        else _("Your receipt will arrive by email once the payment service confirms the payment.")
    )


class PageThanksView(View):
    """Thanks, the totals and what to do next. The ``d`` token names the donation only to
    say how it stands (as the payment service reported it) and to put the donor's referral
    code on the share links: this page changes nothing."""

    def get(self, request, slug):
        page = page_public_get(slug=slug)
        language = _language()
        data = read_return_token(request.GET.get("d", ""))
        donation = page_donation(page=page, donation_id=data["d"]) if data else None
        monthly = bool(data and data.get("m"))
        ref = referral_code(donation.person_id) if donation is not None else ""
        paid = donation is not None and donation.status == Donation.Status.SUCCEEDED
        profile = legal_profile_for(page.organization)
        return render(
            request,
            "donations/public/thanks.html",
            {
                "page": page,
                "title": page.title_text(language) or page.slug,
                "thank_you": pick_text(page.thank_you, language),
                "thermo": thermometer(page),
                "cobrand": page_cobrand(page=page, language=language),
                "donation": donation,
                "paid": paid,
                "waiting": donation is not None and donation.status == Donation.Status.PENDING,
                "amount": money_text(donation.amount_cents, donation.currency) if donation else "",
                "monthly": monthly,
                "receipt_note": receipt_note(profile, monthly=monthly, paid=paid),
                "asks": page_asks(page, language=language, ref=ref),
            },
        )
