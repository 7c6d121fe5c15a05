from django.urls import path

from . import views_public

app_name = "assistant_public"

urlpatterns = [
    path("<slug:organization>/", views_public.AskView.as_view(), name="ask"),
    path("<slug:organization>/embed/", views_public.EmbedView.as_view(), name="embed"),
    path("<slug:organization>/widget.js", views_public.WidgetView.as_view(), name="widget"),
    path("<slug:organization>/messages/", views_public.MessagesView.as_view(), name="messages"),
    path("<slug:organization>/handoff/", views_public.HandoffView.as_view(), name="handoff"),
    path("<slug:organization>/remind/", views_public.RemindView.as_view(), name="remind"),
]
