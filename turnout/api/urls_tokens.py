from django.urls import path

from .tokens import views

app_name = "api_tokens"

urlpatterns: list = [
    path("", views.TokenListView.as_view(), name="list"),
    path("new/", views.TokenCreateView.as_view(), name="create"),
    path("<int:token_id>/revoke/", views.TokenRevokeView.as_view(), name="revoke"),
]
