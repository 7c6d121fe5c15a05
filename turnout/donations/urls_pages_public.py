"""Public fundraising pages, mounted at /<lang>/give/ (namespace ``donations_public``):
published and closed pages only."""

from django.urls import path

from . import views_pages_public as views

app_name = "donations_public"

urlpatterns = [
    path("<slug:slug>/", views.PagePublicView.as_view(), name="page"),
    path("<slug:slug>/thanks/", views.PageThanksView.as_view(), name="thanks"),
    path("<slug:slug>/embed/", views.PageEmbedView.as_view(), name="embed"),
    path("<slug:slug>/widget.js", views.PageWidgetView.as_view(), name="widget"),
]
