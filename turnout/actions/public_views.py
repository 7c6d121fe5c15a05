"""Public pages of an action: sign, thank you, and the double opt-in confirmation (a GET
only shows a button: email link scanners never confirm)."""

from __future__ import annotations

import json
import re

from django.conf import settings
from django.core.cache import cache
from django.http import HttpResponse
from django.shortcuts import redirect, render
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

from .exceptions import SubmissionRefused
from .models import Submission
from .public_forms import ATTRIBUTION_PARAMS, EmbedSignForm, SignForm
from .selectors import action_public_get
from .services import submission_confirm, submission_record

RATE_LIMIT = getattr(settings, "TURNOUT_ACTION_RATE_LIMIT", (20, 600))  # submissions, seconds


def _client_ip(request) -> str | None:
    return request.META.get("REMOTE_ADDR") or None


def _over_rate_limit(request, action) -> bool:
    """A few submissions per address and action in a window: enough for a shared office
    connection, too few for a script."""
    limit, window = RATE_LIMIT
    key = f"actions:rate:{action.pk}:{_client_ip(request)}"
    cache.add(key, 0, window)
    try:
        return cache.incr(key) > limit
    except ValueError:  # expired between add and incr
        cache.set(key, 1, window)
        return False


def _language() -> str:
    return (get_language() or "fr")[:2]


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
                "progress": (
                    min(100, round(100 * action.signature_count / action.goal))
                    if action.goal
                    else None
                ),
            },
            status=status,
        )

    def get(self, request, slug):
        action = action_public_get(slug=slug)
        initial = {param: request.GET.get(param, "")[:100] for param in ATTRIBUTION_PARAMS}
        form = self.form_class(action=action, language=_language(), initial=initial)
        return self.render_page(request, action, form)

    def done(self, request, action, form, pending: bool):
        thanks = reverse("actions_public:thanks", kwargs={"slug": action.slug})
        return redirect(thanks + ("?pending=1" if pending else ""))

    def post(self, request, slug):
        action = action_public_get(slug=slug)
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
            submission, _created = submission_record(
                action=action,
                data=form.person_data(),
                consent_given=form.cleaned_data["consent"],
                sponsor_ids=form.sponsor_ids(),
                attribution=form.attribution(),
                ip_address=_client_ip(request),
                language=_language(),
            )
        except InvalidContact as exc:
            form.add_error(None, str(exc))
            return self.render_page(request, action, form, status=400)
        except (PersonRefused, SubmissionRefused) as exc:
            form.add_error(None, str(exc))
            return self.render_page(request, action, form, status=400)
        return self.done(
            request, action, form, pending=submission.status == Submission.Status.PENDING
        )


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

    def get(self, request, slug):
        self.action = action_public_get(slug=slug)
        return super().get(request, slug)

    def post(self, request, slug):
        self.action = action_public_get(slug=slug)
        return super().post(request, slug)

    def done(self, request, action, form, pending: bool):
        return self.render_page(
            request,
            action,
            None,
            done=True,
            pending=pending,
            thank_you=action.thank_you_text(_language()),
        )


WIDGET_JS = """(function () {
  var script = document.currentScript;
  if (!script || !script.parentNode) return;
  var frame = document.createElement("iframe");
  frame.src = %(src)s;
  frame.title = %(title)s;
  frame.loading = "lazy";
  frame.style.width = "100%%";
  frame.style.maxWidth = "40rem";
  frame.style.minHeight = "40rem";
  frame.style.border = "0";
  script.parentNode.insertBefore(frame, script.nextSibling);
})();
"""


@method_decorator(cache_control(public=True, max_age=300), name="dispatch")
class ActionWidgetView(View):
    """``<script src=".../widget.js" async></script>`` inserts the embed iframe right after
    itself. No interface text here: the iframe carries everything."""

    def get(self, request, slug):
        action = action_public_get(slug=slug)
        body = WIDGET_JS % {
            "src": json.dumps(embed_urls(action)["embed"]),
            "title": json.dumps(action.title_text(_language()) or action.slug),
        }
        return HttpResponse(body, content_type="application/javascript; charset=utf-8")


class ActionThanksView(View):
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
        context.update(done=True, thank_you=action.thank_you_text(_language()))
        return render(request, "actions/public/confirm.html", context)
