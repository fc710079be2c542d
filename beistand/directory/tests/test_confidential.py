"""Confidential addresses (a women's shelter): never in the open API, shown to staff with a warning,
set in the entry form, carried through the HSDS export and import."""

from __future__ import annotations

import csv
import io
import zipfile

import pytest
from django.urls import reverse

from beistand.cases.actions.core import add_new_person
from beistand.cases.testing import make_case
from beistand.directory.actions import postcode_centroid
from beistand.directory.choices import CONFIDENTIAL_ADDRESS, Visibility
from beistand.directory.hsds.export import zip_stream
from beistand.directory.hsds.extensions import attribute_id
from beistand.directory.hsds.importer import import_package
from beistand.directory.hsds.report import Options
from beistand.directory.hsds.schema import validate
from beistand.directory.models import Attribute, Change, Location, Provider, Service, TaxonomyTerm
from beistand.directory.testing import make_service
from beistand.directory.tests.test_entries import entry_post, post

pytestmark = pytest.mark.django_db

STREET = "Geheimweg 7"  # ASCII, so that it is found in JSON with escaped non-ASCII too
# Coordinates no postcode centre has, so that their digits in a response can only come from the shelter.
LATITUDE, LONGITUDE = 51.51937, 7.46281
COORDINATE_DIGITS = ("51.51937", "51,51937", "7.46281", "7,46281")


def confidential_shelter(**fields) -> Service:
    service = make_service("Frauenhaus Dortmund", needs=["housing-women-shelter"], point=(LATITUDE, LONGITUDE), **fields)
    location = service.at_locations.get().location
    location.address_is_confidential = True
    location.transportation = "Hinter der Kirche links."
    location.save()
    location.addresses.update(address_1=STREET, address_2="Hinterhaus")
    return service


@pytest.fixture
def shelter(db):
    return confidential_shelter()


def assert_hidden(text: str) -> None:
    assert STREET not in text and "Hinterhaus" not in text and "Hinter der Kirche" not in text
    for digits in COORDINATE_DIGITS:
        assert digits not in text


# --- The open API ------------------------------------------------------------------------------


def test_the_open_api_lists_the_shelter_without_its_address_and_position(client, shelter):
    for query in ("", "?full=true"):
        response = client.get(f"/api/v1/hsds/services{query}")
        assert response.status_code == 200
        assert "Frauenhaus Dortmund" in response.content.decode()
        assert_hidden(response.content.decode())
    [item] = client.get("/api/v1/hsds/services?full=true").json()["contents"]
    location = item["service_at_locations"][0]["location"]
    assert location["addresses"] == []
    assert "latitude" not in location and "longitude" not in location
    assert validate(item, "compiled/service_list.json") == []


def test_the_open_api_detail_of_the_shelter_hides_the_address_and_validates(client, shelter):
    response = client.get(f"/api/v1/hsds/services/{shelter.public_id}")
    assert response.status_code == 200
    assert_hidden(response.content.decode())
    assert validate(response.json(), "service.json") == []
    organization = client.get(f"/api/v1/hsds/organizations/{shelter.provider.public_id}")
    assert_hidden(organization.content.decode())


def test_an_ordinary_location_keeps_its_address_in_the_api(client, db):
    service = make_service("Praxis Offen", point=(LATITUDE, LONGITUDE))
    response = client.get(f"/api/v1/hsds/services/{service.public_id}")
    location = response.json()["service_at_locations"][0]["location"]
    assert location["addresses"][0]["address_1"] == "Musterstraße 1" and "51.51937" in response.content.decode()


# --- Staff --------------------------------------------------------------------------------------


def test_a_counsellors_entry_page_shows_the_street_and_says_it_is_confidential(alice, client_for, shelter):
    page = client_for(alice).get(reverse("directory:service_detail", args=[shelter.public_id])).content.decode()
    assert STREET in page
    assert "Confidential address: pass it on to the person only." in page


def test_the_card_keeps_the_street_and_warns_the_counsellor(alice, client_for, backup):
    shelter = confidential_shelter()
    case = make_case(backup, assigned=[alice])
    add_new_person(case, pseudonym="Nadia K.", languages=["de"])
    page = client_for(alice).get(reverse("directory:card", args=[case.public_id, shelter.public_id])).content.decode()
    assert STREET in page  # the person needs it to get there
    assert "pass it on to this person only" in page


def test_an_ordinary_card_has_no_warning(alice, client_for, backup):
    service = make_service("Praxis Offen")
    case = make_case(backup, assigned=[alice])
    page = client_for(alice).get(reverse("directory:card", args=[case.public_id, service.public_id])).content.decode()
    assert "Confidential address" not in page


def test_the_entry_form_saves_the_flag_and_the_history_names_it(lena, client_for, state_network, backup):
    client = client_for(lena)
    data = entry_post(state_network, backup, **{"place-address_is_confidential": "on"})
    assert post(client, reverse("directory:service_create"), data).status_code == 302
    service = Service.objects.get(name="Psychotherapie auf Arabisch")
    location = service.at_locations.get().location
    assert location.address_is_confidential
    edit = reverse("directory:service_edit", args=[service.public_id])
    assert 'name="place-address_is_confidential"' in client.get(edit).content.decode()
    data = entry_post(state_network, backup, **{"entry-version": str(service.version)})  # unticked
    assert post(client, edit, data).status_code == 302
    assert not Location.objects.get(pk=location.pk).address_is_confidential
    change = Change.objects.filter(service=service).order_by("-pk").first()
    assert "place.address_is_confidential" in change.fields


def test_a_confidential_place_keeps_only_its_postcodes_centre_as_its_position(lena, client_for, state_network, backup):
    data = entry_post(state_network, backup, **{"place-address_is_confidential": "on", "place-latitude": str(LATITUDE),
                                                "place-longitude": str(LONGITUDE)})
    assert post(client_for(lena), reverse("directory:service_create"), data).status_code == 302
    location = Service.objects.get(name="Psychotherapie auf Arabisch").at_locations.get().location
    assert (location.latitude, location.longitude) == postcode_centroid("44137")


def test_the_flags_term_is_not_a_feature_to_choose(lena, client_for, state_network, backup):
    term = TaxonomyTerm.objects.get(code=CONFIDENTIAL_ADDRESS)
    form = client_for(lena).get(reverse("directory:service_create")).content.decode()
    search = client_for(lena).get(reverse("directory:search")).content.decode()
    assert term.name not in form and term.name not in search


# --- Export and import ---------------------------------------------------------------------------


def attributes_of(package: bytes) -> list[dict[str, str]]:
    with zipfile.ZipFile(io.BytesIO(package)) as archive:
        return list(csv.DictReader(io.StringIO(archive.read("attributes.csv").decode("utf-8"))))


def test_the_export_carries_the_flag_as_an_attribute_of_the_location(shelter):
    location = shelter.at_locations.get().location
    rows = attributes_of(b"".join(zip_stream(Service.objects.all())))
    [flag] = [row for row in rows if row["link_entity"] == "location"]
    assert flag["id"] == attribute_id(location.public_id) and flag["link_id"] == str(location.public_id)
    assert flag["taxonomy_term_id"] == str(TaxonomyTerm.objects.get(code=CONFIDENTIAL_ADDRESS).public_id)


def test_an_import_into_an_empty_directory_keeps_the_address_confidential(shelter, ada):
    package = b"".join(zip_stream(Service.objects.all()))
    Service.objects.all().delete()
    Location.objects.all().delete()
    Provider.objects.all().delete()
    report = import_package(ada, io.BytesIO(package), Options(visibility=Visibility.PUBLIC))
    assert report.error_count == 0, report.errors
    location = Location.objects.get()
    assert location.address_is_confidential
    assert not Attribute.objects.filter(location=location).exists()  # the flag, not an attribute


def test_an_import_keeps_no_exact_position_of_a_confidential_location(shelter, ada):
    # The shelter was made with an exact position; its package carries it, and the import drops it.
    package = b"".join(zip_stream(Service.objects.all()))
    report = import_package(ada, io.BytesIO(package), Options(visibility=Visibility.PUBLIC))
    assert report.error_count == 0, report.errors
    location = Location.objects.get()
    assert (location.latitude, location.longitude) == postcode_centroid(location.addresses.get().postal_code)
    assert (location.latitude, location.longitude) != (LATITUDE, LONGITUDE)


def test_an_import_without_the_attribute_never_makes_an_address_public(shelter, ada):
    package = b"".join(zip_stream(Service.objects.all()))
    Location.objects.update(address_is_confidential=False)
    import_package(ada, io.BytesIO(package), Options(visibility=Visibility.PUBLIC))
    assert Location.objects.get().address_is_confidential  # set by the package
    without_flag = _without_location_attributes(package)
    import_package(ada, io.BytesIO(without_flag), Options(visibility=Visibility.PUBLIC))
    assert Location.objects.get().address_is_confidential  # and an import never clears it


def test_the_flag_on_an_entry_instead_of_a_location_is_refused(shelter, ada):
    package = b"".join(zip_stream(Service.objects.all()))
    swapped = package_with_attributes(package, lambda row: {
        **row, "link_entity": "service", "link_id": str(shelter.public_id)} if row["link_entity"] == "location" else row)
    report = import_package(ada, io.BytesIO(swapped), Options(visibility=Visibility.PUBLIC))
    assert any("belongs to a location" in problem.message for problem in report.errors)
    assert not Attribute.objects.filter(term__code=CONFIDENTIAL_ADDRESS).exists()


def test_a_lead_cannot_flag_another_centres_location_by_import(lena, rheinland_private, backup):
    location = rheinland_private.at_locations.get().location
    own = make_service("Eigener Eintrag", visibility=Visibility.CENTRE, owner_centre=backup)
    package = b"".join(zip_stream(Service.objects.filter(pk=own.pk)))
    extra = {"id": attribute_id(location.public_id), "link_id": str(location.public_id), "link_type": "", "value": "",
             "taxonomy_term_id": str(TaxonomyTerm.objects.get(code=CONFIDENTIAL_ADDRESS).public_id), "link_entity": "location"}
    report = import_package(lena, io.BytesIO(package_with_attributes(package, lambda row: row, extra)),
                            Options(visibility=Visibility.CENTRE, owner_centre=backup))
    assert report.error_count == 1
    assert not Location.objects.get(pk=location.pk).address_is_confidential


def _without_location_attributes(package: bytes) -> bytes:
    return package_with_attributes(package, lambda row: None if row["link_entity"] == "location" else row)


def package_with_attributes(package: bytes, change, extra: dict[str, str] | None = None) -> bytes:
    """The package with attributes.csv rewritten row by row (None drops a row), `extra` added."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(package)) as source, zipfile.ZipFile(out, "w") as target:
        for name in source.namelist():
            data = source.read(name)
            if name == "attributes.csv":
                reader = csv.DictReader(io.StringIO(data.decode("utf-8")))
                text = io.StringIO()
                writer = csv.DictWriter(text, fieldnames=reader.fieldnames, lineterminator="\r\n")
                writer.writeheader()
                rows = [change(row) for row in reader] + ([extra] if extra else [])
                writer.writerows(row for row in rows if row is not None)
                data = text.getvalue().encode("utf-8")
            target.writestr(name, data)
    return out.getvalue()
