"""Import of HSDS data packages: every bad row reported with line and reason, nothing half-imported."""

from __future__ import annotations

import io
import uuid
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from beistand.audit.models import AuditEvent
from beistand.directory.choices import ChangeKind, Visibility
from beistand.directory.hsds.importer import import_package
from beistand.directory.hsds.report import Options
from beistand.directory.models import Change, Phone, Schedule, Service
from beistand.network.tests.factories import csrf_token

pytestmark = pytest.mark.django_db

ORG, SERVICE, LOCATION = (str(uuid.uuid4()) for _ in range(3))
ORG_HEADER = "id,name,description\r\n"
SERVICE_HEADER = "id,organization_id,name,description,status\r\n"
LOCATION_HEADER = "id,location_type,organization_id,name,latitude,longitude\r\n"


def new_id() -> str:
    return str(uuid.uuid4())


def package(**files: str | bytes) -> io.BytesIO:
    """A ZIP with the given files; keyword names use _ for the dot (services_csv → services.csv)."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, content in files.items():
            archive.writestr(name.replace("_csv", ".csv"), content)
    buffer.seek(0)
    return buffer


def basic(**extra: str | bytes) -> io.BytesIO:
    files = {
        "organizations_csv": ORG_HEADER + f"{ORG},Praxis Beispiel,Eine Praxis\r\n",
        "services_csv": SERVICE_HEADER + f'{SERVICE},{ORG},Psychotherapie,"Traumafolgen, auch auf Arabisch",active\r\n',
        "locations_csv": LOCATION_HEADER + f"{LOCATION},physical,{ORG},Praxis,51.51,7.46\r\n",
        "service_at_location_csv": f"id,service_id,location_id\r\n{new_id()},{SERVICE},{LOCATION}\r\n",
    }
    files.update(extra)
    return package(**files)


def run(user, upload, **options):
    return import_package(user, upload, Options(visibility=options.pop("visibility", Visibility.PUBLIC), **options))


def messages(report):
    return [f"{problem.path}:{problem.line}: {problem.message}" for problem in report.errors]


def test_a_valid_package_is_imported_with_the_chosen_visibility(kai, state_network):
    upload = basic(
        phones_csv=f"id,service_id,number\r\n{new_id()},{SERVICE},+49 (0)231 123-45\r\n{new_id()},{SERVICE},0231/12345\r\n",
        schedules_csv=f"id,service_id,byday,opens_at,closes_at\r\n{new_id()},{SERVICE},\"MO,TU\",09:00,13:00\r\n",
        languages_csv=f"id,service_id,code\r\n{new_id()},{SERVICE},ar\r\n",
    )
    report = run(kai, upload, visibility=Visibility.NETWORK, network=state_network)
    assert report.error_count == 0 and report.imported
    service = Service.objects.get(public_id=SERVICE)
    assert service.visibility == Visibility.NETWORK and service.network == state_network
    assert service.provider.name == "Praxis Beispiel" and service.description == "Traumafolgen, auch auf Arabisch"
    assert sorted(Phone.objects.values_list("number", flat=True)) == ["+49 (0)231 123-45", "0231/12345"]
    assert Schedule.objects.get().byday == "MO,TU"
    assert service.languages.get().code == "ar"
    assert Change.objects.get(service=service).kind == ChangeKind.IMPORTED
    assert AuditEvent.objects.filter(object_type="directory.import").exists()


def test_a_file_with_errors_imports_nothing(kai, state_network):
    upload = basic(phones_csv=f"id,service_id,number\r\n{new_id()},{SERVICE},0231 12345\r\n{new_id()},{SERVICE},ruf mich an\r\n")
    report = run(kai, upload, network=state_network)
    assert not report.imported and report.error_count == 1
    assert messages(report) == ["phones.csv:3: “ruf mich an” is not a phone number: use digits, spaces and + ( ) / - only."]
    assert Service.objects.count() == 0 and Phone.objects.count() == 0


def test_asked_to_the_valid_rows_are_imported_and_the_rest_left_out(kai, state_network):
    other = new_id()
    services = SERVICE_HEADER + f"{SERVICE},{ORG},Gut,,active\r\n{other},{ORG},<b>Fett</b>,,active\r\n"
    phones = f"id,service_id,number\r\n{new_id()},{SERVICE},0231 1\r\n{new_id()},{other},0231 2\r\n"
    report = run(kai, basic(services_csv=services, phones_csv=phones), network=state_network, import_valid_rows=True)
    assert report.imported and report.error_count == 2
    assert list(Service.objects.values_list("name", flat=True)) == ["Gut"]
    assert list(Phone.objects.values_list("number", flat=True)) == ["0231 1"]
    assert any("contains markup (“<b>”)" in message for message in messages(report))
    assert any(message.startswith("phones.csv:3: service_id") for message in messages(report))


def test_missing_columns_are_named(kai, state_network):
    upload = basic(services_csv=f"id,organization_id,status\r\n{SERVICE},{ORG},active\r\n")
    report = run(kai, upload, network=state_network)
    assert messages(report)[0].startswith("services.csv:1: Missing columns: name.")
    assert Service.objects.count() == 0


def test_unknown_columns_and_files_are_noted_but_not_errors(kai, state_network):
    upload = basic(services_csv=SERVICE_HEADER.replace("\r\n", ",farbe\r\n") + f"{SERVICE},{ORG},X,,active,blau\r\n",
                   extra_csv="a,b\r\n1,2\r\n")
    report = run(kai, upload, network=state_network)
    assert report.error_count == 0 and report.imported
    notes = [problem.message for problem in report.warnings]
    assert "Unknown columns were ignored: farbe." in notes
    assert any("not a table of HSDS 3.0" in note for note in notes)


@pytest.mark.parametrize(("encoding", "note"), [
    ("utf-8", ""),
    ("utf-8-sig", "byte-order mark"),
    ("cp1252", "not UTF-8; it was read as Windows-1252"),
])
def test_encodings_utf8_with_and_without_bom_and_latin1(kai, state_network, encoding, note):
    organizations = (ORG_HEADER + f"{ORG},Praxis Müller-Lüdenscheidt in Köln,Straße\r\n").encode(encoding)
    report = run(kai, basic(organizations_csv=organizations), network=state_network)
    assert report.error_count == 0, messages(report)
    assert Service.objects.get().provider.name == "Praxis Müller-Lüdenscheidt in Köln"
    warnings = " ".join(problem.message for problem in report.warnings)
    assert (note in warnings) if note else warnings == ""


def test_utf16_and_binary_files_are_refused_clearly(kai, state_network):
    report = run(kai, basic(organizations_csv=(ORG_HEADER + f"{ORG},X,Y\r\n").encode("utf-16")), network=state_network)
    assert "UTF-16" in messages(report)[0]
    report = run(kai, basic(organizations_csv=b"id,name\x00\x01\x02"), network=state_network)
    assert "binary data" in messages(report)[0]


def test_duplicate_ids_name_the_first_line(kai, state_network):
    services = SERVICE_HEADER + f"{SERVICE},{ORG},Eins,,active\r\n{SERVICE},{ORG},Zwei,,active\r\n"
    report = run(kai, basic(services_csv=services), network=state_network)
    assert f"services.csv:3: The id {SERVICE} appears twice (first on line 2)." in messages(report)


def test_coordinates_outside_germany_are_reported(kai, state_network):
    locations = LOCATION_HEADER + f"{LOCATION},physical,{ORG},Paris,48.8566,2.3522\r\n"
    report = run(kai, basic(locations_csv=locations), network=state_network)
    assert "locations.csv:2: The coordinates 48.8566, 2.3522 lie outside Germany." in messages(report)


def test_overlapping_opening_hours_are_reported_with_their_line(kai, state_network):
    schedules = (f"id,service_id,byday,opens_at,closes_at\r\n{new_id()},{SERVICE},\"MO,WE\",09:00,13:00\r\n"
                 f"{new_id()},{SERVICE},WE,12:30,16:00\r\n")
    report = run(kai, basic(schedules_csv=schedules), network=state_network)
    assert messages(report) == ["schedules.csv:3: Opening hours overlap on Wednesday: 09:00–13:00 and 12:30–16:00."]


def test_bad_values_each_get_their_reason(kai, state_network):
    services = SERVICE_HEADER.replace("\r\n", ",minimum_age,email,url\r\n") + (
        f"{SERVICE},{ORG},X,,open,zwölf,keine-mail,javascript:alert(1)\r\nkein-uuid,{ORG},Y,,active,,,\r\n")
    report = run(kai, basic(services_csv=services), network=state_network)
    found = " | ".join(messages(report))
    assert "status: “open” is not one of active, inactive, defunct, temporarily closed." in found
    assert "minimum_age: “zwölf” is not a valid whole number." in found
    assert "email: “keine-mail” is not a valid e-mail address." in found
    assert "url: “javascript:alert(1)” is not a valid web address (http/https)." in found
    assert "services.csv:3: The id kein-uuid is not a UUID" in found


def test_line_numbers_count_lines_inside_quoted_text(kai, state_network):
    services = SERVICE_HEADER + f'{SERVICE},{ORG},X,"Zeile 1\r\nZeile 2",active\r\n{new_id()},{ORG},Y,,gibts-nicht\r\n'
    report = run(kai, basic(services_csv=services), network=state_network)
    assert messages(report)[0].startswith("services.csv:4: status")


def test_rows_of_entries_outside_the_importers_scope_are_refused(lena, rheinland_private, backup):
    services = SERVICE_HEADER + f"{rheinland_private.public_id},{ORG},Übernommen,,active\r\n"
    report = run(lena, basic(services_csv=services), visibility=Visibility.CENTRE, owner_centre=backup)
    assert f"The row {rheinland_private.public_id} belongs to an entry you may not change." in " ".join(messages(report))
    rheinland_private.refresh_from_db()
    assert rheinland_private.name == "Nur für Rheinland"


def test_a_file_that_is_not_a_zip_is_refused(kai, state_network):
    report = run(kai, io.BytesIO(b"id,name\n1,2\n"), network=state_network)
    assert "not a ZIP file" in messages(report)[0]


@pytest.mark.parametrize("content", [b"", b"PK\x03\x04garbage", b"\xff\xfe\x00\x00"])
def test_the_upload_page_answers_garbage_with_a_report_never_a_500(kai, client_for, state_network, content):
    client = client_for(kai)
    response = client.post(reverse("directory:import"), {
        "csrfmiddlewaretoken": csrf_token(client), "visibility": "network", "network": str(state_network.pk),
        "file": SimpleUploadedFile("verzeichnis.zip", content or b" ", content_type="application/zip"),
    })
    assert response.status_code == 200
    assert "Nothing was imported" in response.content.decode() or "error-summary" in response.content.decode()


def test_the_upload_page_shows_the_report(kai, client_for, state_network):
    client = client_for(kai)
    upload = basic(phones_csv=f"id,service_id,number\r\n{new_id()},{SERVICE},ruf mich an\r\n").getvalue()
    response = client.post(reverse("directory:import"), {
        "csrfmiddlewaretoken": csrf_token(client), "visibility": "network", "network": str(state_network.pk),
        "file": SimpleUploadedFile("verzeichnis.zip", upload, content_type="application/zip"),
    })
    page = response.content.decode()
    assert "Nothing was imported: the file has 1 problem." in page
    assert "phones.csv" in page and "is not a phone number" in page


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(content=st.one_of(st.binary(max_size=300), st.text(max_size=300).map(lambda text: SERVICE_HEADER + text)))
def test_whatever_a_file_holds_the_import_answers_with_a_report(kai, state_network, content):
    report = run(kai, basic(services_csv=content), network=state_network)
    assert isinstance(report.error_count, int)
    if report.error_count:
        assert not report.imported and not Service.objects.exists()
