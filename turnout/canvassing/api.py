"""The JSON API of the canvassing app on the phone (session-authenticated, under
/<lang>/o/<org_slug>/canvass/api/): the turfs assigned to me, one turf's package to canvass
offline, and the sync of the visits recorded on the phone. Errors are ``{"error": "..."}``
with a 4xx status; POST needs the CSRF header. Thin views: the selectors and the sync
service do the work."""

from __future__ import annotations

import json

from django.http import Http404, JsonResponse
from django.utils.translation import gettext as _
from django.views import View

from turnout.organizations.selectors import organization_for_member

from . import policies  # noqa: F401  (registers the permissions)
from .selectors_visits import TurfGone, my_turf, my_turfs, turf_package
from .services.visits import VisitRefused, visits_sync

# A sync of 200 visits with long notes and answers stays far below this.
MAX_BODY = 2 * 1024 * 1024


def error(message: str, status: int, **extra) -> JsonResponse:
    return JsonResponse({"error": str(message), **extra}, status=status)


def _private(response: JsonResponse) -> JsonResponse:
    response["Cache-Control"] = "private, no-store"
    return response


class ApiView(View):
    """Resolves the organization of a logged-in member once, answering in JSON: 401 when
    not logged in, 404 for an organization the user does not belong to, 403 without the
    permission."""

    permission_required = "canvassing.use_app"

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return error(_("Log in again to sync your visits."), 401)
        try:
            self.organization, self.membership = organization_for_member(
                user=request.user, slug=kwargs["org_slug"]
            )
        except Http404:
            return error(_("Not found."), 404)
        if not request.user.has_perm(self.permission_required, self.organization):
            return error(_("You may not use the canvassing app here."), 403)
        try:
            return super().dispatch(request, *args, **kwargs)
        except Http404:
            return error(_("Not found."), 404)

    def http_method_not_allowed(self, request, *args, **kwargs):
        response = error(_("Method not allowed."), 405)
        response["Allow"] = ", ".join(m.upper() for m in self._allowed_methods())
        return response


class TurfsApi(ApiView):
    def get(self, request, org_slug):
        turfs = my_turfs(organization=self.organization, user=request.user)
        return _private(JsonResponse({"turfs": turfs}))


class TurfApi(ApiView):
    def get(self, request, org_slug, turf_uuid):
        try:
            turf = my_turf(organization=self.organization, user=request.user, turf_uuid=turf_uuid)
        except TurfGone:
            return error(
                _("This turf was given to someone else; your visits are kept and will be sent."),
                410,
                reassigned=True,
            )
        return _private(JsonResponse(turf_package(turf=turf)))


class VisitsApi(ApiView):
    def post(self, request, org_slug):
        if len(request.body) > MAX_BODY:
            return error(_("Too much data at once: send fewer visits per sync."), 413)
        try:
            body = json.loads(request.body.decode("utf-8"))
        except (UnicodeDecodeError, ValueError):
            return error(_("The data sent is not valid JSON."), 400)
        visits = body.get("visits") if isinstance(body, dict) else None
        if not isinstance(visits, list):
            return error(_("Send the visits as a list under “visits”."), 400)
        try:
            data = visits_sync(
                organization=self.organization, canvasser=request.user, visits=visits
            )
        except VisitRefused as exc:
            return error(exc.message, 400)
        return _private(JsonResponse(data))
