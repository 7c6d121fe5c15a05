from django.urls import path

from .. import views_wall as views

urlpatterns: list = [
    path("<slug:campaign_slug>/contributions/", views.ContributionsView.as_view(),
         name="wall_contributions"),
    path("<slug:campaign_slug>/contributions/<int:contribution_id>/delete/",
         views.ContributionDeleteView.as_view(), name="wall_contribution_delete"),
    path("<slug:campaign_slug>/contributions/<int:contribution_id>/hide/",
         views.ContributionHideView.as_view(), name="wall_contribution_hide"),
    path("<slug:campaign_slug>/reach/", views.ReachView.as_view(), name="wall_reach"),
    path("<slug:campaign_slug>/reach/<int:declared_id>/delete/", views.DeclaredDeleteView.as_view(),
         name="wall_reach_delete"),
]  # fmt: skip
