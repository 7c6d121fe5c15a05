"""The canvassing app on the phone (volunteers and up): the app shell, its service worker and
its web app manifest, under /<lang>/o/<org_slug>/canvass/ (namespace ``canvass``).

The app itself is plain JavaScript in ``static/canvassing/app/``; it talks to the JSON API of
``api.py`` and keeps turfs and visits in IndexedDB. Every interface string is translated here and
handed to the app as a JSON blob in the shell, so the app speaks the language of the URL.
The service worker is served by a view (not from /static/) so that its scope is the app's path:
the shell, the API and nothing else of the site.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

from django.conf import settings
from django.http import HttpResponse, JsonResponse
from django.middleware.csrf import get_token
from django.templatetags.static import static
from django.urls import reverse
from django.utils.decorators import method_decorator
from django.utils.translation import get_language, ngettext
from django.utils.translation import gettext as _
from django.views import View
from django.views.decorators.csrf import ensure_csrf_cookie
from django.views.generic import TemplateView

from turnout.organizations.mixins import WorkspaceMixin

from . import policies  # noqa: F401  (registers the permissions)

APP_STATIC = Path(__file__).resolve().parent / "static" / "canvassing" / "app"
SHELL_TEMPLATE = Path(__file__).resolve().parent / "templates" / "canvassing" / "app"
# What the service worker keeps for offline use (besides the shell and the manifest).
APP_FILES = ["app.css", "app.js", "db.js", "sync.js", "survey.js", "ui.js", "mapview.js"]
ICONS = [192, 512]
PERMISSION = "canvassing.use_app"  # every member: volunteers and up
THEME = "#1d4ed8"


def app_strings() -> dict:
    """Every string the app shows, in the active language. Plurals carry their two forms,
    chosen in the app by ``Intl.PluralRules`` ("one" / "other")."""

    return {
        "app_title": _("Canvassing"),
        "my_turfs": _("My turfs"),
        "no_turfs": _(
            "No turf is given to you yet. When an organizer gives you one, it appears here."
        ),
        "no_turfs_offline": _(
            "You are offline and no turf is downloaded on this phone yet. Connect once to "
            "download your turfs."
        ),
        "download": _("Download for offline use"),
        "update": _("Update"),
        "downloaded": _("On this phone"),
        "downloading": _("Downloading…"),
        "download_failed": _("The turf could not be downloaded. Check your connection."),
        "open": _("Open"),
        "doors_n": {
            "one": ngettext("{n} door", "{n} doors", 1),
            "other": ngettext("{n} door", "{n} doors", 2),
        },
        "addresses_n": {
            "one": ngettext("{n} address", "{n} addresses", 1),
            "other": ngettext("{n} address", "{n} addresses", 2),
        },
        "turf_number": _("Turf {number}"),
        "last_sync": _("Last sync: {when}"),
        "never_synced": _("Not synced yet"),
        "pending_n": {
            "one": ngettext("{n} visit waiting to sync", "{n} visits waiting to sync", 1),
            "other": ngettext("{n} visit waiting to sync", "{n} visits waiting to sync", 2),
        },
        "offline_waiting": {
            "one": ngettext(
                "Offline — {n} visit waiting to sync", "Offline — {n} visits waiting to sync", 1
            ),
            "other": ngettext(
                "Offline — {n} visit waiting to sync", "Offline — {n} visits waiting to sync", 2
            ),
        },
        "online_waiting": {
            "one": ngettext("{n} visit waiting to sync", "{n} visits waiting to sync", 1),
            "other": ngettext("{n} visit waiting to sync", "{n} visits waiting to sync", 2),
        },
        "offline": _("Offline — your visits are saved on this phone"),
        "all_synced": _("All visits synced"),
        "syncing": _("Sending your visits…"),
        "sync_now": _("Sync now"),
        "sync_failed": _("Could not reach the server: your visits are kept and will be sent."),
        "login_again": _("Log in again to send your visits (they are kept on this phone)."),
        "log_in": _("Log in"),
        "rejected_n": {
            "one": ngettext(
                "{n} visit was not accepted: see the reason below",
                "{n} visits were not accepted: see the reasons below",
                1,
            ),
            "other": ngettext(
                "{n} visit was not accepted: see the reason below",
                "{n} visits were not accepted: see the reasons below",
                2,
            ),
        },
        "rejected_title": _("Not accepted"),
        "reassigned": _(
            "This turf was given to someone else; your visits are kept and will be sent."
        ),
        "reassigned_since": _("Recorded: the turf was given to someone else since."),
        "back": _("Back"),
        "back_to_turfs": _("My turfs"),
        "back_to_list": _("Back to the list"),
        "list": _("List"),
        "map": _("Map"),
        "map_offline": _(
            "Without network the street map may stay blank: the route and the doors are drawn "
            "anyway."
        ),
        "next_door": _("Next"),
        "done": _("Done"),
        "doors_done": _("{done} of {total} doors"),
        "stop_position": _("Stop {n}"),
        "entrance_doors": {
            "one": ngettext("{n} door at this entrance", "{n} doors at this entrance", 1),
            "other": ngettext("{n} door at this entrance", "{n} doors at this entrance", 2),
        },
        "door_label": _("Which door?"),
        "door_help": _("For example “2nd floor left”. Leave empty for a house."),
        "outcome_question": _("What happened?"),
        "outcome_not_home": _("Not home"),
        "outcome_refused": _("Refused"),
        "outcome_talked": _("Talked"),
        "outcome_come_back": _("Come back later"),
        "outcome_moved": _("Moved"),
        "survey": _("Questions"),
        "survey_end": _("End of the questions."),
        "no_script": _("No questions for this effort."),
        "sensitive": _(
            "Sensitive: reveals a political opinion. Ask only if the person is at ease; the "
            "answer is seen only by people allowed to."
        ),
        "choose_several": _("Several answers possible"),
        "consent_title": _("Staying in touch"),
        "consent_intro": _("Read this to the person before writing down anything about them:"),
        "consent_agree": _("The person agrees"),
        "consent_missing": _("No consent text is set for this effort: do not note any name."),
        "given_name": _("First name"),
        "family_name": _("Last name"),
        "email": _("Email"),
        "phone": _("Phone"),
        "consent_email": _("Agrees to receive emails"),
        "consent_sms": _("Agrees to receive text messages"),
        "notes": _("Notes"),
        "notes_help": _("Only what helps the next visit. No opinions, no health details."),
        "save": _("Save the visit"),
        "saved": _("Saved on this phone"),
        "save_failed": _("The visit could not be saved on this phone. Try again."),
        "choose_outcome": _("Choose what happened at the door."),
        "bad_email": _("This email address looks incomplete."),
        "bad_phone": _("This phone number looks incomplete."),
        "need_contact": _("Write at least a name, an email or a phone number, or untick."),
        "visits_here": _("Visits here"),
        "state_pending": _("waiting to sync"),
        "state_sent": _("synced"),
        "state_rejected": _("not accepted"),
        "not_found": _("This turf is not on this phone."),
        "no_storage": _(
            "This browser cannot keep data offline (private mode?). Open the app in a normal "
            "window."
        ),
        "install_hint": _(
            "Tip: add this app to your home screen (browser menu → “Add to Home screen”)."
        ),
        "consent_text_shown": _("Consent text shown"),
    }


def _version(language: str) -> str:
    """Changes with the app's files, the shell template and the translated strings: the
    service worker's bytes change with it, so phones install the new version."""
    digest = hashlib.sha256(language.encode())
    for folder in (APP_STATIC, SHELL_TEMPLATE):
        for path in sorted(folder.iterdir()):
            if path.is_file():
                digest.update(path.name.encode())
                digest.update(path.read_bytes())
    digest.update(json.dumps(app_strings(), sort_keys=True).encode())
    return digest.hexdigest()[:12]


def _urls(org_slug: str) -> dict:
    kwargs = {"org_slug": org_slug}
    return {
        "app": reverse("canvass:app", kwargs=kwargs),
        "sw": reverse("canvass:sw", kwargs=kwargs),
        "manifest": reverse("canvass:manifest", kwargs=kwargs),
        "api": reverse("canvass:app", kwargs=kwargs) + "api/",
    }


@method_decorator(ensure_csrf_cookie, name="dispatch")
class AppShellView(WorkspaceMixin, TemplateView):
    """The app's only page: the layout, the strings, the settings; the screens are drawn by
    app.js from IndexedDB, so the same page works offline once the service worker has it."""

    template_name = "canvassing/app/shell.html"
    permission_required = PERMISSION

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        urls = _urls(self.organization.slug)
        context["urls"] = urls
        context["app_config"] = {
            "organization": self.organization.slug,
            "organizationName": self.organization.name,
            "user": self.request.user.pk,
            "language": get_language(),
            "urls": {**urls, "login": reverse("account_login") + "?next=" + urls["app"]},
            "tiles": settings.TURNOUT_MAP_TILE_URL,
            "attribution": settings.TURNOUT_MAP_ATTRIBUTION,
            # The CSRF cookie is HttpOnly: the token for X-CSRFToken comes with the page.
            "csrf": get_token(self.request),
            "syncEvery": 30,
            "batch": 200,
        }
        context["strings"] = app_strings()
        context["theme"] = THEME
        return context

    def render_to_response(self, context, **response_kwargs):
        response = super().render_to_response(context, **response_kwargs)
        # Always asked from the server when online; the service worker keeps its own copy.
        response["Cache-Control"] = "no-cache, private"
        return response


class ServiceWorkerView(WorkspaceMixin, View):
    """The service worker script, at the app's path so that its default scope is the app."""

    permission_required = PERMISSION

    def get(self, request, org_slug):
        urls = _urls(self.organization.slug)
        language = get_language()
        precache = [
            urls["app"],
            urls["manifest"],
            static("leaflet/leaflet.js"),
            static("leaflet/leaflet.css"),
            *(static(f"canvassing/app/{name}") for name in APP_FILES),
            *(static(f"canvassing/app/icon-{size}.png") for size in ICONS),
        ]
        config = {
            "version": _version(language),
            "prefix": f"turnout-canvass-{self.organization.slug}-{language}",
            "shell": urls["app"],
            "api": urls["api"],
            "precache": precache,
        }
        script = (SHELL_TEMPLATE / "sw.js").read_text()
        body = f"const CONFIG = {json.dumps(config)};\n{script}"
        response = HttpResponse(body, content_type="text/javascript; charset=utf-8")
        # Browsers check for a new version at every visit; never an old copy from a cache.
        response["Cache-Control"] = "no-cache, no-store, private"
        return response


class ManifestView(WorkspaceMixin, View):
    """The web app manifest: what the phone's home screen shows once the app is installed."""

    permission_required = PERMISSION

    def get(self, request, org_slug):
        urls = _urls(self.organization.slug)
        name = _("%(organization)s — canvassing") % {"organization": self.organization.name}
        manifest = {
            "id": urls["app"],
            "name": name,
            "short_name": _("Canvassing"),
            "description": _("Knock on doors, offline, and send your visits when back online."),
            "lang": get_language(),
            "start_url": urls["app"],
            "scope": urls["app"],
            "display": "standalone",
            "orientation": "portrait",
            "background_color": "#ffffff",
            "theme_color": THEME,
            "icons": [
                {
                    "src": static(f"canvassing/app/icon-{size}.png"),
                    "sizes": f"{size}x{size}",
                    "type": "image/png",
                    "purpose": "any",
                }
                for size in ICONS
            ],
        }
        response = JsonResponse(manifest, json_dumps_params={"ensure_ascii": False})
        response["Content-Type"] = "application/manifest+json"
        response["Cache-Control"] = "no-cache, private"
        return response
