"""Workspace pages of donations, under /<lang>/o/<org_slug>/donations/ (namespace
``donations``): each area keeps its own url module; this one joins them."""

from .urls_limits import urlpatterns as limits
from .urls_receipts import urlpatterns as receipts

app_name = "donations"
urlpatterns = limits + receipts
