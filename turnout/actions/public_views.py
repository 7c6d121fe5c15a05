"""Public pages of an action: sign, thank you, and the double opt-in confirmation (a GET
only shows a button: email link scanners never confirm)."""

from __future__ import annotations

from django.conf import settings
from django.core.cache import cache
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views import View

from turnout.people.normalize import InvalidContact
from turnout.people.services import PersonRefused

from .exceptions import SubmissionRefused
from .models import Submission
from .public_forms import ATTRIBUTION_PARAMS, SignForm
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


class ActionPublicView(View):
    template_name = "actions/public/action.html"

    def render_page(self, request, action, form, status=200):
        language = _language()
        return render(
            request,
            self.template_name,
            {
                "action": action,
                "title": action.title_text(language),
                "description": action.description_text(language),
                "form": form,
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
        form = SignForm(action=action, language=_language(), initial=initial)
        return self.render_page(request, action, form)

    def post(self, request, slug):
        action = action_public_get(slug=slug)
        form = SignForm(request.POST, action=action, language=_language())
        thanks = reverse("actions_public:thanks", kwargs={"slug": action.slug})
        if form.is_bot():
            return redirect(thanks)  # a bot learns nothing
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
        if submission.status == Submission.Status.PENDING:
            thanks += "?pending=1"
        return redirect(thanks)


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
