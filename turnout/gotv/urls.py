"""Workspace pages of get out the vote, under /<lang>/o/<org_slug>/gotv/ (namespace ``gotv``)."""

from django.urls import path

from . import views

app_name = "gotv"

urlpatterns = [
    path("", views.HomeView.as_view(), name="home"),
    path("programs/new/", views.ProgramFormView.as_view(mode="create"), name="program_create"),
    path("programs/<int:program_id>/", views.ProgramDetailView.as_view(), name="program"),
    path(
        "programs/<int:program_id>/edit/",
        views.ProgramFormView.as_view(mode="edit"),
        name="program_edit",
    ),
    path(
        "programs/<int:program_id>/status/",
        views.ProgramStatusView.as_view(),
        name="program_status",
    ),
    path("perks/new/", views.OfferFormView.as_view(mode="create"), name="offer_create"),
    path("perks/<int:offer_id>/", views.OfferDetailView.as_view(), name="offer"),
    path("perks/<int:offer_id>/edit/", views.OfferFormView.as_view(mode="edit"), name="offer_edit"),
    path("perks/<int:offer_id>/codes/", views.OfferCodesView.as_view(), name="offer_codes"),
    path(
        "perks/<int:offer_id>/redemptions/",
        views.OfferRedemptionsView.as_view(),
        name="offer_redemptions",
    ),
    path("claims/<int:claim_id>/redeem/", views.ClaimRedeemView.as_view(), name="claim_redeem"),
    path(
        "placements/new/",
        views.PlacementFormView.as_view(mode="create"),
        name="placement_create",
    ),
    path(
        "placements/<int:placement_id>/",
        views.PlacementFormView.as_view(mode="edit"),
        name="placement",
    ),
]
