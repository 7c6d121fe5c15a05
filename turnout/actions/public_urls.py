from django.urls import path

from . import public_views as views

app_name = "actions_public"

# Mounted under /<lang>/a/: public pages, published actions only.
urlpatterns = [
    path("<slug:slug>/", views.ActionPublicView.as_view(), name="action"),
    path("<slug:slug>/embed/", views.ActionEmbedView.as_view(), name="embed"),
    path("<slug:slug>/widget.js", views.ActionWidgetView.as_view(), name="widget"),
    path("<slug:slug>/thanks/", views.ActionThanksView.as_view(), name="thanks"),
    path("<slug:slug>/confirm/<str:token>/", views.ActionConfirmView.as_view(), name="confirm"),
]
