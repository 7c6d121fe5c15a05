"""The URL patterns of one flavour of the API (mounted at /api/v1/ and /api/v2/ by
``turnout/api/urls.py``, namespaces ``api:v1`` and ``api:v2``): the entry point, the people
resources, every module listed in ``RESOURCE_URL_MODULES`` that exists, the OpenAPI
description and its documentation page, and a JSON 404 for anything else."""

from __future__ import annotations

import importlib
import importlib.util

from django.urls import re_path

from . import docs
from .people import urls as people_urls
from .views import EntryPointView, not_found

#: Modules whose ``urlpatterns`` join the API (other OSDI resources).
RESOURCE_URL_MODULES = ["turnout.api.resources.urls"]


def _resource_patterns() -> list:
    patterns = []
    for name in RESOURCE_URL_MODULES:
        try:
            found = importlib.util.find_spec(name) is not None
        except ModuleNotFoundError:
            found = False
        if found:
            patterns += importlib.import_module(name).urlpatterns
    return patterns


def osdi_patterns() -> list:
    return [
        re_path(r"^$", EntryPointView.as_view(), name="entry"),
        *people_urls.urlpatterns,
        *_resource_patterns(),
        re_path(r"^openapi\.json$", docs.OpenApiView.as_view(), name="openapi"),
        re_path(r"^docs/?$", docs.docs_page, name="docs"),
        re_path(r"^.*$", not_found, name="not-found"),
    ]
