"""Workspace pages of canvassing, under /<lang>/o/<org_slug>/canvassing/ (namespace
``canvassing``): each area keeps its own url module; this one joins them."""

from .urls_scripts import urlpatterns as scripts
from .urls_targeting import urlpatterns as targeting
from .urls_turfs import urlpatterns as turfs

app_name = "canvassing"
urlpatterns = targeting + turfs + scripts
