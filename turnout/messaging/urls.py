from django.urls import path

from . import views

app_name = "messaging"

urlpatterns = [
    path("outbox/", views.OutboxView.as_view(), name="outbox"),
    path("outbox/<int:message_id>/", views.OutboxMessageView.as_view(), name="outbox_message"),
]
