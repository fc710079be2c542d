"""The HSDS export of the demo directory validates against HSDS 3.0 and round-trips through import unchanged."""

from __future__ import annotations

import csv
import io
import json
import zipfile

import pytest
from django.urls import reverse

from beistand.demo.network import load_demo_network
from beistand.directory.choices import Visibility
from beistand.directory.demo import load_demo_directory
from beistand.directory.hsds.export import zip_stream
from beistand.directory.hsds.importer import import_package
from beistand.directory.hsds.report import Options
from beistand.directory.hsds.schema import datapackage, resource_columns, tabular_problems, validate
from beistand.directory.hsds.tables import TABLES
from beistand.directory.models import Location, PrivateNote, Provider, Service
from beistand.network.models import Network

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo(db):
    load_demo_network()
    return load_demo_directory()


def export_all() -> bytes:
    return b"".join(zip_stream(Service.objects.all()))


def tables_of(package: bytes) -> dict[str, list[dict[str, str]]]:
    with zipfile.ZipFile(io.BytesIO(package)) as archive:
        return {
            name: list(csv.DictReader(io.StringIO(archive.read(name).decode("utf-8"))))
            for name in archive.namelist() if name.endswith(".csv")
        }


def contents(package: bytes) -> dict[str, bytes]:
    """The files of the package (the ZIP's own time stamps differ from run to run)."""
    with zipfile.ZipFile(io.BytesIO(package)) as archive:
        return {name: archive.read(name) for name in archive.namelist()}


def test_the_package_has_every_table_with_the_standards_columns(demo):
    package = export_all()
    with zipfile.ZipFile(io.BytesIO(package)) as archive:
        names = set(archive.namelist())
        descriptor = json.loads(archive.read("datapackage.json"))
        headers = {table.path: archive.read(table.path).decode("utf-8").split("\r\n", 1)[0] for table in TABLES}
    assert names == {table.path for table in TABLES} | {"datapackage.json"}
    assert descriptor["version"] == "3.0.0" and descriptor["profile"] == "tabular-data-package"
    assert {resource["path"] for resource in descriptor["resources"]} == {table.path for table in TABLES}
    for table in TABLES:
        assert headers[table.path] == ",".join(column.name for column in resource_columns(table.resource))


def test_every_exported_row_validates_against_the_tabular_schema(demo):
    tables = tables_of(export_all())
    assert len(tables["services.csv"]) == len(demo)
    for table in TABLES:
        for number, row in enumerate(tables[table.path], start=2):
            assert tabular_problems(table.resource, row) == [], f"{table.path} line {number}"


def test_every_reference_of_the_export_points_into_the_package(demo):
    tables = tables_of(export_all())
    by_resource = {resource["name"]: resource for resource in datapackage()["resources"]}
    for table in TABLES:
        for key in by_resource[table.resource]["schema"].get("foreignKeys", []):
            if key["reference"]["resource"] not in {t.resource for t in TABLES}:
                continue  # programs are not kept; their column stays empty
            target = by_resource[key["reference"]["resource"]]["path"]
            ids = {row["id"] for row in tables[target]}
            for row in tables[table.path]:
                assert row[key["fields"]] in ids | {""}, f"{table.path}: {key['fields']}"


def test_the_export_round_trips_through_an_import_unchanged(demo, ada):
    before = export_all()
    # The same package into the same directory: nothing to change.
    report = import_package(ada, io.BytesIO(before), Options(visibility=Visibility.PUBLIC))
    assert report.error_count == 0 and report.written == 0
    assert contents(export_all()) == contents(before)
    # Into an empty directory (the shared taxonomies stay): the same package comes out again.
    Service.objects.all().delete()
    Location.objects.all().delete()
    Provider.objects.all().delete()
    network = Network.objects.get(slug="landesnetzwerk-nrw")
    report = import_package(ada, io.BytesIO(before), Options(visibility=Visibility.NETWORK, network=network))
    assert report.error_count == 0, report.errors
    assert report.imported
    assert contents(export_all()) == contents(before)


def test_private_notes_and_private_entries_of_other_centres_are_not_exported(demo, client_for):
    from beistand.conftest import make_persona, with_membership
    from beistand.directory import actions
    from beistand.network.models import Centre

    backup = Centre.objects.get(slug="backup")
    alice = with_membership(make_persona("alice@demo.example", "Alice"), "counsellor", centre=backup)
    service = Service.objects.get(visibility=Visibility.CENTRE)  # Rheinland's, not Alice's
    actions.add_note(alice, Service.objects.filter(owner_centre=backup).first(), backup, "Wartezeit drei Monate")
    response = client_for(alice).get(reverse("directory:export"))
    package = b"".join(response.streaming_content)
    assert response["Content-Type"] == "application/zip"
    everything = b"".join(contents(package).values())
    assert service.name.encode() not in everything
    assert b"Wartezeit" not in everything
    assert PrivateNote.objects.count() == 1


def test_the_api_json_validates_against_the_hsds_schemas(demo, client):
    listed = client.get("/api/v1/hsds/services?per_page=100").json()
    assert listed["total_items"] == len([s for s in demo if s.visibility == Visibility.PUBLIC])
    for item in listed["contents"]:
        assert validate(item, "compiled/service_list.json") == []
        full = client.get(f"/api/v1/hsds/services/{item['id']}").json()
        assert validate(full, "service.json") == [], item["name"]
    organizations = client.get("/api/v1/hsds/organizations?per_page=100&full_service=true").json()
    for organization in organizations["contents"]:
        assert validate(organization, "organization.json") == []
        assert validate(organization, "compiled/organization_list.json") == []
