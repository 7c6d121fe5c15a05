from allauth.account.decorators import secure_admin_login
from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.urls import include, path
from django.views.static import serve

from turnout.core import health, pages

# The admin login goes through allauth: email verification, two-factor and rate limits apply.
admin.site.login = secure_admin_login(admin.site.login)

urlpatterns = [
    path("healthz", health.healthz, name="healthz"),
    path("readyz", health.readyz, name="readyz"),
    path("", pages.home, name="root"),
    path("hooks/donations/", include("turnout.donations.urls_providers")),
    path("hooks/", include("turnout.messaging.webhook_urls")),
    path("r/", include("turnout.campaigns.short_urls")),
    path("hooks/assistant/", include("turnout.assistant.hook_urls")),
    path("api/assistant/", include("turnout.assistant.api_urls")),
    path("api/", include("turnout.api.urls")),
]

# Every page a person reads lives under /fr/, /en/ or /de/. Workspace pages live under
# /<lang>/o/<org_slug>/ and resolve the organization among the user's memberships.
urlpatterns += i18n_patterns(
    # First: the public sign pages take the most traffic (URL resolution tries in order).
    path("a/", include("turnout.actions.public_urls")),
    path("c/", include("turnout.campaigns.public_urls")),
    path("give/", include("turnout.donations.urls_pages_public")),
    path("e/", include("turnout.events.public_urls")),
    path("ask/", include("turnout.assistant.public_urls")),
    path("perks/", include("turnout.gotv.public_urls")),
    path("", pages.home, name="home"),
    path("accounts/", include("allauth.urls")),
    path("", include("turnout.organizations.urls")),
    path("o/<slug:org_slug>/jobs/", include("turnout.core.urls")),
    path("o/<slug:org_slug>/people/", include("turnout.people.urls")),
    path("o/<slug:org_slug>/messages/", include("turnout.messaging.broadcast_urls")),
    path("o/<slug:org_slug>/texting/", include("turnout.messaging.texting_urls")),
    path("o/<slug:org_slug>/actions/", include("turnout.actions.urls")),
    path("o/<slug:org_slug>/funnel/", include("turnout.funnels.urls")),
    path("o/<slug:org_slug>/journeys/", include("turnout.journeys.urls")),
    path("o/<slug:org_slug>/visuals/", include("turnout.visuals.urls")),
    path("o/<slug:org_slug>/campaigns/", include("turnout.campaigns.urls")),
    path("o/<slug:org_slug>/donations/", include("turnout.donations.urls")),
    path("o/<slug:org_slug>/events/", include("turnout.events.urls")),
    path("o/<slug:org_slug>/training/", include("turnout.training.urls")),
    path("o/<slug:org_slug>/canvassing/", include("turnout.canvassing.urls")),
    path("o/<slug:org_slug>/canvass/", include("turnout.canvassing.urls_canvass")),
    path("o/<slug:org_slug>/assistant/", include("turnout.assistant.urls")),
    path("o/<slug:org_slug>/gotv/", include("turnout.gotv.urls")),
    path("o/<slug:org_slug>/api/tokens/", include("turnout.api.urls_tokens")),
    path("o/<slug:org_slug>/api/webhooks/", include("turnout.api.urls_webhooks")),
    path("donate/test-checkout/", include("turnout.donations.urls_providers_public")),
    path("receipt/", include("turnout.donations.urls_receipts_public")),
    path("monthly/", include("turnout.donations.urls_subscriptions_public")),
    path("", include("turnout.messaging.urls")),
    path("admin/", admin.site.urls),
    prefix_default_language=True,
)

if settings.DEBUG:
    urlpatterns += [path("media/<path:path>", serve, {"document_root": settings.MEDIA_ROOT})]

handler404 = "turnout.core.pages.not_found"
handler403 = "turnout.core.pages.forbidden"
handler500 = "turnout.core.pages.server_error"
