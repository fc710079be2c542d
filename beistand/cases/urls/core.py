"""The case list, the case page, creating and editing cases, and the persons in a case."""

from django.urls import URLPattern, path

from beistand.cases.views import cases, persons

urlpatterns: list[URLPattern] = [
    path("", cases.case_list, name="case_list"),
    path("new/", cases.case_create, name="case_create"),
    path("<uuid:case_id>/", cases.case_detail, name="case_detail"),
    path("<uuid:case_id>/edit/", cases.case_edit, name="case_edit"),
    path("<uuid:case_id>/open/", cases.open_protected, name="open_protected"),
    path("<uuid:case_id>/persons/add/", persons.person_add, name="person_add"),
    path("<uuid:case_id>/persons/<uuid:person_id>/edit/", persons.person_edit, name="person_edit"),
    path("<uuid:case_id>/persons/<uuid:person_id>/remove/", persons.person_remove, name="person_remove"),
]
