"""The donor's receipt download by the signed link of the receipt email, under
/<lang>/receipt/ (namespace "donation_receipts"; no login, no organization in the address)."""

from django.urls import path

from . import views_receipts as views

app_name = "donation_receipts"

urlpatterns = [path("<str:token>/", views.receipt_public, name="download")]
