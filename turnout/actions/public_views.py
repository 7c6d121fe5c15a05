"""Public pages of an action: sign, thank you, and the double opt-in confirmation (a GET
only shows a button: email link scanners never confirm)."""

from __future__ import annotations

import functools
import json
import re
from urllib.parse import urlsplit

from django.conf import settings
from django.core.cache import cache
from django.http import HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.decorators import method_decorator
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views import View
from django.views.decorators.cache import cache_control
from django.views.decorators.clickjacking import xframe_options_exempt
from django.views.decorators.csrf import csrf_exempt

from turnout.people.normalize import InvalidContact
from turnout.people.services import PersonRefused

from .asks import asks_for_page, linked_action_ids
from .exceptions import SubmissionRefused
from .intake import intake_confirmed_before, intake_referral_code_for, submission_intake_create
from .public_forms import ATTRIBUTION_PARAMS, EmbedSignForm, SignForm
from .referral import referral_code, referral_target
from .selectors import action_public_get, action_public_get_cached, actions_linked_from
from .services import submission_confirm

RATE_LIMIT = getattr(settings, "TURNOUT_ACTION_RATE_LIMIT", (20, 600))  # submissions, seconds


def _client_ip(request) -> str | None:
    return request.META.get("REMOTE_ADDR") or None


def _over_rate_limit(request, action) -> bool:
    """A few submissions per address and action in a window: enough for a shared office
    connection, too few for a script."""
    limit, window = RATE_LIMIT
    key = f"actions:rate:{action.pk}:{_client_ip(request)}"
    try:
        return cache.incr(key) > limit  # one cache operation once the window is open
    except ValueError:  # no window yet (or it just expired): open one
        if not cache.add(key, 1, window):
            return cache.incr(key) > limit  # opened at the same moment by another request
        return False


def _language() -> str:
    return (get_language() or "fr")[:2]


@functools.lru_cache(maxsize=1024)
def _thanks_path(language: str, slug: str) -> str:
    """The thank-you page of an action in a language (``language`` is the active one: the
    cache key of what ``reverse`` builds from it)."""
    return reverse("actions_public:thanks", kwargs={"slug": slug})


OG_LOCALES = {"fr": "fr_FR", "en": "en_GB", "de": "de_DE"}
ORIGIN_RE = re.compile(r"^https?://[A-Za-z0-9*.-]+(:[0-9]{1,5})?/?$")


def frame_ancestors(action) -> list[str]:
    """The sites allowed to frame the embed: one origin per line, ``*`` when empty. Anything
    that is not an origin (and could alter the policy) is dropped."""
    origins = [token for token in (action.frame_ancestors or "").split() if ORIGIN_RE.match(token)]
    return origins or ["*"]


def embed_urls(action) -> dict:
    """Absolute addresses for the organizers' embed snippets."""
    site = settings.SITE_URL
    return {
        "embed": site + reverse("actions_public:embed", kwargs={"slug": action.slug}),
        "widget": site + reverse("actions_public:widget", kwargs={"slug": action.slug}),
    }


class ActionPublicView(View):
    template_name = "actions/public/action.html"
    form_class = SignForm

    def render_page(self, request, action, form, status=200, **extra):
        language = _language()
        return render(
            request,
            self.template_name,
            {
                "action": action,
                "title": action.title_text(language),
                "description": action.description_text(language),
                "form": form,
                "og_locale": OG_LOCALES.get(language, "fr_FR"),
                "og_url": settings.SITE_URL
                + reverse("actions_public:action", kwargs={"slug": action.slug}),
                **extra,
                "progress": goal_progress(action),
            },
            status=status,
        )

    def get(self, request, slug):
        action = self.action = action_public_get(slug=slug)
        initial = {param: request.GET.get(param, "")[:100] for param in ATTRIBUTION_PARAMS}
        form = self.form_class(action=action, language=_language(), initial=initial)
        return self.render_page(request, action, form)

    def done(self, request, action, form, pending: bool, code: str = ""):
        # The code is ours (base 36, hex and a dash): nothing to escape.
        query = "&".join(([f"code={code}"] if code else []) + (["pending=1"] if pending else []))
        thanks = _thanks_path(get_language(), action.slug)
        # Not redirect(): given a path, it first tries it as a URL name (a failed reverse).
        response = HttpResponseRedirect(thanks + ("?" + query if query else ""))
        # A redirect has no body to protect: no Content-Security-Policy to build for it.
        response._csp_exempt = response._csp_exempt_ro = True
        return response

    def post(self, request, slug):
        action = self.action = action_public_get_cached(slug=slug)
        form = self.form_class(request.POST, action=action, language=_language())
        if form.is_bot():
            return self.done(request, action, form, pending=False)  # a bot learns nothing
        if not action.is_open:
            form.add_error(None, _("This action is closed."))
            return self.render_page(request, action, form, status=400)
        if _over_rate_limit(request, action):
            form.add_error(None, _("Too many signatures from your connection. Try again later."))
            return self.render_page(request, action, form, status=429)
        if not form.is_valid():
            return self.render_page(request, action, form, status=400)
        try:
            # One row in the intake queue; the CRM takes it within a second or two.
            intake = submission_intake_create(
                action=action,
                data=form.person_data(),
                consent_given=form.cleaned_data["consent"],
                consent_text=form.consent_text(),
                sponsor_texts=form.sponsor_texts(),
                attribution=form.attribution(),
                ip_address=_client_ip(request),
                answers=form.answers(),
                language=_language(),
                show_name_text=form.show_name_text(),
            )
        except (InvalidContact, PersonRefused, SubmissionRefused) as exc:
            form.add_error(None, str(exc))
            return self.render_page(request, action, form, status=400)
        pending = action.double_opt_in and not intake_confirmed_before(
            action=action, email=form.cleaned_data["email"]
        )
        code = intake_referral_code_for(intake)
        return self.done(request, action, form, pending=pending, code=code)


@method_decorator(csrf_exempt, name="dispatch")
@method_decorator(xframe_options_exempt, name="dispatch")
class ActionEmbedView(ActionPublicView):
    """The sign form alone, to be framed by other sites; the thank-you text shows inline.
    Protected by a signed form token instead of the CSRF cookie."""

    template_name = "actions/public/embed.html"
    form_class = EmbedSignForm

    def dispatch(self, request, *args, **kwargs):
        response = super().dispatch(request, *args, **kwargs)
        action = getattr(self, "action", None)
        if action is not None:
            # Read by django-csp's middleware: only this response may be framed.
            response._csp_replace = {"frame-ancestors": frame_ancestors(action)}
        return response

    def done(self, request, action, form, pending: bool, code: str = ""):
        return self.render_page(
            request,
            action,
            None,
            done=True,
            pending=pending,
            thank_you=action.thank_you_text(_language()),
            asks=thanks_asks(action, code=code),
        )


WIDGET_JS = """(function () {
  var script = document.currentScript;
  if (!script || !script.parentNode) return;
  var src = %(src)s, origin = %(origin)s;
  // The host page's attribution (a share link to it) goes on to the form.
  var found = new URLSearchParams(window.location.search), kept = new URLSearchParams();
  %(params)s.forEach(function (name) {
    var value = found.get(name);
    if (value) kept.set(name, value.slice(0, 100));
  });
  if (kept.toString()) src += (src.indexOf("?") < 0 ? "?" : "&") + kept.toString();
  var frame = document.createElement("iframe");
  frame.src = src;
  frame.title = %(title)s;
  frame.loading = "lazy";
  frame.style.width = "100%%";
  frame.style.maxWidth = "40rem";
  frame.style.height = "40rem";
  frame.style.minHeight = "%(min_height)s";
  frame.style.border = "0";
  // The form says how tall it is (embed.js); only this frame, from the form's own origin,
  // with the one message shape it sends, is listened to.
  window.addEventListener("message", function (event) {
    if (event.origin !== origin || event.source !== frame.contentWindow) return;
    var data = event.data;
    if (!data || data.type !== "turnout:embed-height" || typeof data.height !== "number") return;
    var height = Math.min(Math.max(Math.round(data.height), 0), %(max_height)d);
    frame.style.height = height + "px";
  });
  script.parentNode.insertBefore(frame, script.nextSibling);
})();
"""
WIDGET_MIN_HEIGHT = "20rem"
WIDGET_MAX_HEIGHT = 5000  # pixels: a page that says more is not believed further


@method_decorator(cache_control(public=True, max_age=300), name="dispatch")
class ActionWidgetView(View):
    """``<script src=".../widget.js" async></script>`` inserts the embed iframe right after
    itself. No interface text here: the iframe carries everything."""

    def get(self, request, slug):
        action = action_public_get(slug=slug)
        body = widget_js(
            embed=embed_urls(action)["embed"],
            title=action.title_text(_language()) or action.slug,
            params=ATTRIBUTION_PARAMS,
        )
        return HttpResponse(body, content_type="application/javascript; charset=utf-8")


def widget_js(*, embed: str, title: str, params) -> str:
    """The one-line widget's script for the embed page at ``embed`` (absolute), passing on
    the host page's ``params``."""
    return WIDGET_JS % {
        "src": json.dumps(embed),
        "origin": json.dumps("{0.scheme}://{0.netloc}".format(urlsplit(embed))),
        "min_height": WIDGET_MIN_HEIGHT,
        "max_height": WIDGET_MAX_HEIGHT,
        "title": json.dumps(title),
        "params": json.dumps(sorted(params)),
    }


def goal_progress(action) -> int | None:
    if not action.goal:
        return None
    return min(100, round(100 * action.signature_count / action.goal))


def thanks_asks(action, *, code: str) -> list[dict]:
    """The next asks of the thank-you page, with share links that carry ``code`` (a valid
    referral code, or nothing)."""
    code = code if referral_target(code) is not None else ""
    return asks_for_page(
        action,
        language=_language(),
        ref=code,
        linked=actions_linked_from(action) if linked_action_ids(action) else None,
    )


class ActionThanksView(View):
    """The thank-you page: the action's text, the counter, then what to do next. ``code``
    is the signer's referral code, carried by the share links."""

    def get(self, request, slug):
        action = action_public_get(slug=slug)
        return render(
            request,
            "actions/public/thanks.html",
            {
                "action": action,
                "title": action.title_text(_language()),
                "thank_you": action.thank_you_text(_language()),
                "pending": request.GET.get("pending") == "1",
                "progress": goal_progress(action),
                "asks": thanks_asks(action, code=request.GET.get("code", "")[:40]),
            },
        )


class ActionConfirmView(View):
    """GET shows one button; POST confirms (idempotent)."""

    def get(self, request, slug, token):
        action = action_public_get(slug=slug)
        return render(
            request,
            "actions/public/confirm.html",
            {"action": action, "title": action.title_text(_language()), "done": False},
        )

    def post(self, request, slug, token):
        action = action_public_get(slug=slug)
        context = {"action": action, "title": action.title_text(_language())}
        try:
            submission, _flipped = submission_confirm(token=token, ip_address=_client_ip(request))
        except SubmissionRefused as exc:
            context.update(done=False, error=str(exc))
            return render(request, "actions/public/confirm.html", context, status=400)
        if submission.action_id != action.pk:
            context.update(done=False, error=_("This confirmation link is not valid."))
            return render(request, "actions/public/confirm.html", context, status=400)
        action.refresh_from_db(fields=["signature_count"])
        context.update(
            done=True,
            thank_you=action.thank_you_text(_language()),
            progress=goal_progress(action),
            asks=thanks_asks(action, code=referral_code(submission.person_id)),
        )
        return render(request, "actions/public/confirm.html", context)
