"""The canvassing app on the phone and its API, under /<lang>/o/<org_slug>/canvass/ (namespace
``canvass``): the app shell, manifest and service worker (``urls_app``) and the JSON API of
turf downloads and visit sync (``urls_api``)."""

from .urls_api import urlpatterns as api
from .urls_app import urlpatterns as app

app_name = "canvass"
urlpatterns = app + api
