"""Public GOTV pages under /<lang>/perks/ (namespace ``gotv_public``)."""

from django.urls import path

from . import public_views

app_name = "gotv_public"

urlpatterns: list = [
    path("go/<str:code>/", public_views.placement_go, name="go"),
    path(
        "remind/<slug:organization>/<slug:election>/",
        public_views.RemindView.as_view(),
        name="remind",
    ),
    path("<slug:organization>/<slug:offer>/", public_views.ClaimView.as_view(), name="claim"),
]
