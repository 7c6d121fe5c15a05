"""Mounted at /<lang>/donate/test-checkout/: the local test provider's checkout page."""

from django.urls import path

from . import views_providers

app_name = "donation_test"

urlpatterns = [path("<str:token>/", views_providers.test_checkout, name="checkout")]
