"""The donor's own monthly gift, by the signed link of its emails, mounted at /<lang>/monthly/
(namespace ``donation_monthly``; no login, no organization in the address)."""

from django.urls import path

from . import views_subscriptions as views

app_name = "donation_monthly"

urlpatterns = [path("<str:token>/", views.subscription_public, name="manage")]
