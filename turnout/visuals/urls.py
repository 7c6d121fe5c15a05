from django.urls import path

from . import views

app_name = "visuals"

# Mounted under /<lang>/o/<org_slug>/visuals/.
urlpatterns = [
    path("", views.VisualsHomeView.as_view(), name="home"),
    path("defaults/", views.InstallDefaultsView.as_view(), name="install_defaults"),
    path("brand/", views.BrandKitView.as_view(), name="brand_kit"),
    path("brand/preview/", views.BrandKitPreviewView.as_view(), name="brand_preview"),
    path("templates/new/", views.TemplateCreateView.as_view(), name="template_create"),
    path("templates/<int:template_id>/", views.TemplateDetailView.as_view(), name="template"),
    path(
        "templates/<int:template_id>/sample/<int:sample>/",
        views.TemplateSampleView.as_view(),
        name="template_sample",
    ),
    path(
        "templates/<int:template_id>/download/<slug:format_key>/",
        views.RenderDownloadView.as_view(),
        name="download",
    ),
    path("templates/<int:template_id>/zip/", views.ZipDownloadView.as_view(), name="zip"),
    path("templates/<int:template_id>/batch/", views.BatchView.as_view(), name="batch"),
]
