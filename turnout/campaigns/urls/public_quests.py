"""Public pages of the quests area (namespace ``campaigns_public``)."""

from django.urls import path

from .. import views_quests as views

urlpatterns: list = [
    path("<slug:campaign_slug>/leaderboard/", views.LeaderboardView.as_view(), name="leaderboard"),
    path(
        "<slug:campaign_slug>/badge/<str:link_code>.svg", views.BadgeSvgView.as_view(), name="badge"
    ),
    path(
        "<slug:campaign_slug>/badge/<str:link_code>/",
        views.BadgePageView.as_view(),
        name="badge_page",
    ),
]
