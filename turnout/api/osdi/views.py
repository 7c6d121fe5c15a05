"""Base views of the OSDI API, the entry point, and the JSON 404 for unknown URLs."""

from __future__ import annotations

from django.conf import settings
from django.db import transaction
from django.shortcuts import get_object_or_404
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from drf_spectacular.utils import extend_schema
from rest_framework import exceptions
from rest_framework.permissions import SAFE_METHODS
from rest_framework.response import Response
from rest_framework.views import APIView

from .errors import json_error
from .filters import DATE_FILTERS, filter_queryset
from .links import LinkContext, parse_int, parse_uuid
from .pagination import paginate
from .registry import ENTRY_LINKS
from .schema import EntryPointOutput


def api_language(request) -> str:
    """Messages in the language of ``Accept-Language`` when we have it, else English (the
    API has no language in its URLs)."""
    header = request.META.get("HTTP_ACCEPT_LANGUAGE", "")
    supported = {code for code, _name in settings.LANGUAGES}
    for part in header.split(","):
        code = part.split(";")[0].strip().lower()[:2]
        if code in supported:
            return code
    return "en"


class OsdiView(APIView):
    """Base of every endpoint: token auth, scope ``scope_family``, HAL+JSON in and out,
    errors as JSON, and each write in one transaction (an error rolls everything back)."""

    scope_family: str | None = None
    filter_fields: dict = DATE_FILTERS

    def dispatch(self, request, *args, **kwargs):
        if request.method in SAFE_METHODS:
            return super().dispatch(request, *args, **kwargs)
        with transaction.atomic():
            response = super().dispatch(request, *args, **kwargs)
            if response.status_code >= 400:
                transaction.set_rollback(True)
            return response

    def initial(self, request, *args, **kwargs):
        self.links = LinkContext.from_request(request)
        translation.activate(api_language(request))
        super().initial(request, *args, **kwargs)

    # --- Helpers for subclasses -------------------------------------------------------------

    @property
    def token(self):
        return self.request.auth

    @property
    def organization(self):
        return self.request.auth.organization

    @property
    def actor(self):
        """Whom writes are attributed to in timelines and audit: the token's creator."""
        return self.request.auth.created_by

    @property
    def source_ref(self) -> str:
        return _("API, token %(name)s") % {"name": self.request.auth.name}

    def body(self) -> dict:
        data = self.request.data
        if not isinstance(data, dict):
            raise exceptions.ParseError(_("The request body must be a JSON object."))
        return data

    def get_by_uuid(self, queryset, raw_id):
        """The record of this organization whose uuid is ``raw_id`` (bare, prefixed or a
        URL), or 404."""
        value = parse_uuid(raw_id)
        if value is None:
            raise exceptions.NotFound(_("No such record."))
        return get_object_or_404(queryset.for_organization(self.organization), uuid=value)

    def get_by_pk(self, queryset, raw_id):
        value = parse_int(raw_id)
        if value is None:
            raise exceptions.NotFound(_("No such record."))
        return get_object_or_404(queryset.for_organization(self.organization), pk=value)

    def collection(self, *, queryset, rel: str, represent, prepare=None) -> Response:
        """A HAL collection of ``queryset`` (filtered by ``$filter``, paginated), each record
        turned into a dict by ``represent(obj, links)``; ``prepare(items)``, if given, loads
        what the page's records need in bulk first."""
        queryset = filter_queryset(queryset, self.request, self.filter_fields)
        page = paginate(self.request, queryset, self.links)
        if prepare is not None:
            prepare(page.items)
        return Response(
            {
                "total_pages": page.total_pages,
                "per_page": page.per_page,
                "page": page.page,
                "total_records": page.total_records,
                "_links": {**page.links, "curies": self.links.curies()},
                "_embedded": {rel: [represent(obj, self.links) for obj in page.items]},
            }
        )


class EntryPointView(OsdiView):
    """The API entry point (OSDI AEP): what this server offers and where."""

    @extend_schema(
        summary="API entry point",
        responses={200: EntryPointOutput},
        tags=["entry point"],
    )
    def get(self, request, *args, **kwargs):
        links = {"self": {"href": self.links.url("entry")}, "curies": self.links.curies()}
        for entry in ENTRY_LINKS.values():
            links[entry.rel] = {"href": self.links.url(entry.url_name), "title": str(entry.title)}
        links["docs"] = {"href": self.links.url("docs"), "title": str(_("API documentation"))}
        return Response(
            {
                "motd": str(
                    _("Welcome to the Turnout API for %(organization)s.")
                    % {"organization": self.organization.name}
                ),
                "vendor_name": "Turnout",
                "product_name": "Turnout",
                "osdi_version": "1.1",
                "max_pagesize": self.links.max_page_size,
                "namespace": self.links.prefix,
                "_links": links,
            }
        )


NOT_FOUND = gettext_lazy("There is nothing at this address of the API.")


def not_found(request, *args, **kwargs):
    return json_error(404, str(NOT_FOUND), "not_found")
