"""Workspace pages of donations, under /<lang>/o/<org_slug>/donations/ (namespace
``donations``): each area keeps its own url module; this one joins them."""

from .urls_analytics import urlpatterns as analytics
from .urls_limits import urlpatterns as limits
from .urls_pages import urlpatterns as pages
from .urls_receipts import urlpatterns as receipts
from .urls_subscriptions import urlpatterns as subscriptions

app_name = "donations"
urlpatterns = pages + analytics + subscriptions + limits + receipts
