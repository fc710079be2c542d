"""Closure, legal holds, deletion and the person's data export (views/closure.py, views/export.py)."""

from django.urls import URLPattern, path

from beistand.cases.views import closure, export

urlpatterns: list[URLPattern] = [
    path("<uuid:case_id>/close/", closure.case_close, name="case_close"),
    path("<uuid:case_id>/reopen/", closure.case_reopen, name="case_reopen"),
    path("<uuid:case_id>/delete/", closure.case_delete, name="case_delete"),
    path("<uuid:case_id>/hold/", closure.legal_hold, name="legal_hold"),
    path("<uuid:case_id>/hold/<uuid:hold_id>/lift/", closure.legal_hold_lift, name="legal_hold_lift"),
    path("<uuid:case_id>/persons/<uuid:person_id>/export/", export.person_export, name="person_export"),
    path(
        "<uuid:case_id>/persons/<uuid:person_id>/export.json", export.person_export_json,
        name="person_export_json",
    ),
]
