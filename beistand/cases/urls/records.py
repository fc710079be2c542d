"""Incidents, sessions, accompaniments, court proceedings, referrals, consents; the code lists of incidents."""

from django.urls import URLPattern, path

from beistand.cases.views import codelists, consents, incidents, work

CASE = "<uuid:case_id>"
RECORD = "<uuid:record_id>"
CODE_LIST = "code-lists/<uuid:list_id>"

urlpatterns: list[URLPattern] = [
    path(f"{CASE}/incidents/new/", incidents.incident_create, name="incident_create"),
    path(f"{CASE}/incidents/link/", incidents.incident_link, name="incident_link"),
    path(f"{CASE}/incidents/{RECORD}/edit/", incidents.incident_edit, name="incident_edit"),
    path(f"{CASE}/sessions/new/", work.session_create, name="session_create"),
    path(f"{CASE}/sessions/{RECORD}/edit/", work.session_edit, name="session_edit"),
    path(f"{CASE}/accompaniments/new/", work.accompaniment_create, name="accompaniment_create"),
    path(f"{CASE}/accompaniments/{RECORD}/edit/", work.accompaniment_edit, name="accompaniment_edit"),
    path(f"{CASE}/proceedings/new/", work.proceeding_create, name="proceeding_create"),
    path(f"{CASE}/proceedings/{RECORD}/edit/", work.proceeding_edit, name="proceeding_edit"),
    path(f"{CASE}/referrals/new/", work.referral_create, name="referral_create"),
    path(f"{CASE}/referrals/{RECORD}/edit/", work.referral_edit, name="referral_edit"),
    path(f"{CASE}/consents/", consents.consent_list, name="consent_list"),
    path(f"{CASE}/consents/new/", consents.consent_record, name="consent_record"),
    path("code-lists/", codelists.codelist_list, name="codelist_list"),
    path(f"{CODE_LIST}/", codelists.codelist_detail, name="codelist_detail"),
    path(f"{CODE_LIST}/edit/", codelists.codelist_edit, name="codelist_edit"),
    path(f"{CODE_LIST}/new-version/", codelists.codelist_new_version, name="codelist_new_version"),
]
