from django.urls import path

from .. import views_wall as views

urlpatterns: list = [
    path("<slug:slug>/pledge/", views.PledgeView.as_view(), name="pledge"),
    path("<slug:slug>/pledge/thanks/", views.PledgeThanksView.as_view(), name="pledge_thanks"),
    path("<slug:slug>/wall/", views.WallView.as_view(), name="wall"),
    path("<slug:slug>/wall/<int:pk>/", views.ContributionPublicView.as_view(),
         name="contribution"),
    path("<slug:slug>/wall/<int:pk>/image/", views.ContributionImageView.as_view(),
         name="contribution_image"),
]  # fmt: skip
