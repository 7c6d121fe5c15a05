"""Public event pages, under /<lang>/e/ (namespace ``events_public``)."""

from django.urls import path

from . import public_views as views

app_name = "events_public"

urlpatterns = [
    path("", views.SearchView.as_view(), name="search"),
    path("feed/<slug:organization_slug>.ics", views.FeedView.as_view(), name="feed"),
    path("rsvp/<str:token>.ics", views.rsvp_ics, name="rsvp_ics"),
    path("rsvp/<str:token>/", views.RsvpView.as_view(), name="rsvp"),
    path("rsvp/<str:token>/cancel/", views.RsvpCancelView.as_view(), name="rsvp_cancel"),
    path("<slug:slug>/", views.EventPublicView.as_view(), name="event"),
]
