"""Deadlines and tasks, documents, "my week" and notices."""

from django.urls import URLPattern, path

from beistand.cases.views import dashboard, deadlines, documents

urlpatterns: list[URLPattern] = [
    path("<uuid:case_id>/deadlines/new/", deadlines.deadline_create, name="deadline_create"),
    path("<uuid:case_id>/deadlines/<uuid:record_id>/edit/", deadlines.deadline_edit, name="deadline_edit"),
    path("<uuid:case_id>/deadlines/<uuid:record_id>/done/", deadlines.deadline_done, name="deadline_done"),
    path("<uuid:case_id>/documents/new/", documents.document_upload, name="document_upload"),
    path("<uuid:case_id>/documents/<uuid:record_id>/file/", documents.document_file, name="document_file"),
    path("<uuid:case_id>/documents/<uuid:record_id>/preview/", documents.document_preview, name="document_preview"),
    path("<uuid:case_id>/documents/<uuid:record_id>/delete/", documents.document_delete, name="document_delete"),
    path("my-week/", dashboard.my_week, name="my_week"),
    path("notices/<uuid:notice_id>/read/", dashboard.notice_read, name="notice_read"),
]
