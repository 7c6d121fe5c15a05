from django.urls import path

from . import public_views, views

app_name = "messaging"

urlpatterns = [
    path("outbox/", views.OutboxView.as_view(), name="outbox"),
    path("outbox/<int:message_id>/", views.OutboxMessageView.as_view(), name="outbox_message"),
    path("u/<str:token>/", public_views.UnsubscribeView.as_view(), name="unsubscribe"),
]
