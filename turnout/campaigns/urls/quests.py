"""Workspace pages of the quests area (namespace ``campaigns``, names prefixed ``quest``)."""

from django.urls import path

from .. import views_quests as views

P = "<slug:campaign_slug>/quests/"

urlpatterns: list = [
    path(P, views.QuestBoardView.as_view(), name="quest_board"),
    path(f"{P}editor/", views.QuestEditorView.as_view(), name="quest_editor"),
    path(f"{P}editor/<int:quest_id>/", views.QuestEditView.as_view(), name="quest_edit"),
    path(f"{P}editor/<int:quest_id>/delete/", views.QuestDeleteView.as_view(), name="quest_delete"),
    path(f"{P}<int:quest_id>/done/", views.QuestSelfView.as_view(), name="quest_self"),
    path(f"{P}<int:quest_id>/evidence/", views.QuestEvidenceView.as_view(), name="quest_evidence"),
    path(
        f"{P}evidence/<int:progress_id>/photo/",
        views.EvidencePhotoView.as_view(),
        name="quest_evidence_photo",
    ),
    path(f"{P}reviews/", views.ReviewQueueView.as_view(), name="quest_reviews"),
    path(f"{P}visual/", views.VisualView.as_view(), name="quest_visual"),
    path(
        f"{P}visual/<int:template_id>/preview/",
        views.VisualPreviewView.as_view(),
        name="quest_visual_preview",
    ),
    path(
        f"{P}visual/<int:template_id>/download/<slug:format_key>/",
        views.VisualDownloadView.as_view(),
        name="quest_visual_download",
    ),
    path(
        f"{P}visual/<int:template_id>/zip/", views.VisualZipView.as_view(), name="quest_visual_zip"
    ),
    path(f"{P}visual/batch/", views.BatchRenderView.as_view(), name="quest_batch"),
]
