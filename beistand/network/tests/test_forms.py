"""Bad input on every directory form: kept, explained, never a 500."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from beistand.network.forms import CentreForm
from beistand.network.forms.fields import district_choices, make_slug, model_choice_field
from beistand.network.models import Centre, OpeningHours
from beistand.network.tests.factories import centre_data, hours_management, post

# Text a browser can send: anything but lone surrogates (not encodable as UTF-8).
any_text = st.text(alphabet=st.characters(codec="utf-8"), max_size=300)
no_health_check = settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)


def edit_url(name: str, slug: str) -> str:
    return reverse(f"network:{name}", args=[slug])


@pytest.mark.django_db
def test_centre_form_keeps_input_and_summarises_errors(client_for, ada, backup):
    data = centre_data(backup, name="", phone="call me", postcode="44A", email="not-an-address",
                       description="Beschreibung bleibt erhalten")
    response = post(client_for(ada), edit_url("centre_edit", "backup"), data)
    html = response.content.decode()
    assert response.status_code == 200
    assert 'class="error-summary"' in html
    assert 'href="#id_phone"' in html and 'href="#id_postcode"' in html and 'href="#id_name"' in html
    assert 'value="call me"' in html and 'value="44A"' in html and "Beschreibung bleibt erhalten" in html
    assert 'aria-invalid="true"' in html
    backup.refresh_from_db()
    assert backup.name == "BackUp"


@pytest.mark.django_db
def test_centre_form_keeps_ticked_checkboxes_after_an_error(client_for, ada, backup, nrw_regions):
    region = nrw_regions["regions"]["059"]
    data = centre_data(backup, name="", topics=["racism"], administrative_regions=[str(region.pk)])
    html = post(client_for(ada), edit_url("centre_edit", "backup"), data).content.decode()
    assert re.search(r'value="racism"[^>]*checked', html)
    assert not re.search(r'value="antisemitism"[^>]*checked', html)
    # The group holding the ticked Regierungsbezirk starts open.
    assert '<details class="choice-group" open>' in html


@pytest.mark.django_db
def test_nationwide_and_regions_together_is_explained(client_for, ada, backup, nrw_regions):
    data = centre_data(backup, nationwide="on", states=[str(nrw_regions["state"].pk)])
    response = post(client_for(ada), edit_url("centre_edit", "backup"), data)
    assert response.status_code == 200
    assert "A nationwide centre needs no Länder" in response.content.decode()


@pytest.mark.django_db
def test_unknown_codes_are_rejected(client_for, ada, backup):
    data = centre_data(backup, channels=["carrier-pigeon"])
    response = post(client_for(ada), edit_url("centre_edit", "backup"), data)
    assert response.status_code == 200
    assert "carrier-pigeon" not in Centre.objects.get(slug="backup").channels


@pytest.mark.django_db
def test_reserved_and_taken_slugs(client_for, ada, backup, rheinland):
    client = client_for(ada)
    for slug in ("new", "opferberatung-rheinland", "Not a slug!"):
        response = post(client, edit_url("centre_edit", "backup"), centre_data(backup, slug=slug))
        assert response.status_code == 200, slug
        assert f'value="{slug}"' in response.content.decode()
    assert Centre.objects.filter(slug="backup").exists()


@pytest.mark.django_db
def test_empty_slug_is_made_from_the_name(client_for, ada, backup, state_network):
    data = centre_data(backup, slug="", name="Opferberatung Köln-Süd")
    response = post(client_for(ada), edit_url("centre_edit", "backup"), data)
    assert response.status_code == 302
    assert Centre.objects.filter(slug="opferberatung-koeln-sued").exists()


def test_make_slug_transliterates_german_letters():
    assert make_slug("Männerschutz Düsseldorf \N{EN DASH} Straße") == "maennerschutz-duesseldorf-strasse"
    assert make_slug("!!!") == ""


# --- Opening hours ---------------------------------------------------------------------


def hours_row(index: int, weekday: str, opens: str, closes: str) -> dict[str, str]:
    return {f"hours-{index}-weekday": weekday, f"hours-{index}-opens": opens,
            f"hours-{index}-closes": closes}


@pytest.mark.django_db
def test_closing_before_opening_is_refused_with_a_clear_message(client_for, ada, backup):
    data = centre_data(backup, **hours_management(total=1), **hours_row(0, "0", "16:00", "09:00"))
    response = post(client_for(ada), edit_url("centre_edit", "backup"), data)
    html = response.content.decode()
    assert response.status_code == 200
    assert "The closing time must be later than the opening time." in html
    assert 'href="#id_hours-0-closes"' in html
    assert 'value="16:00"' in html and 'value="09:00"' in html
    assert not OpeningHours.objects.exists()


@pytest.mark.django_db
@pytest.mark.parametrize(("opens", "closes"), [("10:00", "10:00"), ("25:00", "12:00"), ("ten", "12:00")])
def test_invalid_hours_never_reach_the_database(client_for, ada, backup, opens, closes):
    data = centre_data(backup, **hours_management(total=1), **hours_row(0, "2", opens, closes))
    assert post(client_for(ada), edit_url("centre_edit", "backup"), data).status_code == 200
    assert not OpeningHours.objects.exists()


@pytest.mark.django_db
def test_opening_hours_are_saved_changed_and_removed(client_for, ada, backup):
    client = client_for(ada)
    data = centre_data(backup, **hours_management(total=2),
                       **hours_row(0, "0", "09:00", "12:00"), **hours_row(1, "3", "14:00", "18:00"))
    assert post(client, edit_url("centre_edit", "backup"), data).status_code == 302
    rows = list(backup.opening_hours.all())
    assert [(r.weekday, r.opens.hour, r.closes.hour) for r in rows] == [(0, 9, 12), (3, 14, 18)]

    data = centre_data(backup, **hours_management(total=2, initial=2),
                       **hours_row(0, "0", "09:00", "13:00"), **hours_row(1, "3", "14:00", "18:00"),
                       **{"hours-0-id": str(rows[0].pk), "hours-1-id": str(rows[1].pk),
                          "hours-1-DELETE": "on"})
    assert post(client, edit_url("centre_edit", "backup"), data).status_code == 302
    assert [(r.weekday, r.closes.hour) for r in backup.opening_hours.all()] == [(0, 13)]


@pytest.mark.django_db
def test_tampered_management_form_is_an_error_not_a_crash(client_for, ada, backup):
    data = centre_data(backup, **{"hours-TOTAL_FORMS": "many", "hours-INITIAL_FORMS": "-1"})
    assert post(client_for(ada), edit_url("centre_edit", "backup"), data).status_code == 200


# --- Organisations and networks -------------------------------------------------------------


@pytest.mark.django_db
def test_organisation_form_keeps_input(client_for, ada, carrier):
    data = {"name": "Backup \N{EN DASH} ComeBack e.V.", "slug": "backup-comeback", "kind": "nonsense",
            "website": "not a web address", "city": "Hamm"}
    response = post(client_for(ada), edit_url("organisation_edit", "backup-comeback"), data)
    html = response.content.decode()
    assert response.status_code == 200
    assert 'value="not a web address"' in html and 'value="Hamm"' in html
    assert 'href="#id_kind"' in html and 'href="#id_website"' in html


@pytest.mark.django_db
def test_network_form_keeps_input(client_for, ada, state_network):
    data = {"name": "", "slug": "bad slug", "description": "Bleibt", "coordinated_by": "999999"}
    response = post(client_for(ada), edit_url("network_edit", "landesnetzwerk-nrw"), data)
    html = response.content.decode()
    assert response.status_code == 200
    assert 'value="bad slug"' in html and "Bleibt" in html
    assert 'href="#id_coordinated_by"' in html and 'href="#id_name"' in html


@pytest.mark.django_db
def test_network_can_only_be_coordinated_by_a_coordination_office(client_for, ada, state_network, backup):
    data = {"name": "Netz", "slug": "landesnetzwerk-nrw", "coordinated_by": str(backup.pk)}
    response = post(client_for(ada), edit_url("network_edit", "landesnetzwerk-nrw"), data)
    assert response.status_code == 200


# --- Arbitrary input -------------------------------------------------------------------------------


@pytest.mark.django_db
@no_health_check
@given(name=any_text, slug=any_text, phone=any_text, postcode=any_text, website=any_text,
       email=any_text, description=any_text, topic=any_text, region=any_text, weekday=any_text,
       opens=any_text)
def test_centre_form_never_fails_on_arbitrary_text(
    client_for, ada, backup, name, slug, phone, postcode, website, email, description, topic,
    region, weekday, opens,
):
    data = centre_data(
        backup, name=name, slug=slug, phone=phone, postcode=postcode, website=website, email=email,
        description=description, topics=[topic], districts=[region],
        **hours_management(total=1), **hours_row(0, weekday, opens, "12:00"),
    )
    response = post(client_for(ada), edit_url("centre_edit", Centre.objects.get(pk=backup.pk).slug), data)
    assert response.status_code in (200, 302)


@pytest.mark.django_db
@no_health_check
@given(name=any_text, slug=any_text, kind=any_text, website=any_text, city=any_text,
       description=any_text, network=any_text)
def test_organisation_form_never_fails_on_arbitrary_text(
    client_for, kai, carrier, name, slug, kind, website, city, description, network
):
    data = {"name": name, "slug": slug, "kind": kind, "website": website, "city": city,
            "description": description, "networks": [network]}
    response = post(client_for(kai), reverse("network:organisation_create"), data)
    assert response.status_code in (200, 302)


@pytest.mark.django_db
@no_health_check
@given(q=any_text, type_=any_text, network=any_text, area=any_text)
def test_centre_filters_never_fail(client_for, alice, q, type_, network, area):
    response = client_for(alice).get(
        reverse("network:centre_list"), {"q": q, "type": type_, "network": network, "area": area}
    )
    assert response.status_code == 200


@pytest.mark.django_db
def test_centre_form_lists_regions_grouped(ada, nrw_regions):
    form = CentreForm(user=ada)
    assert model_choice_field(form, "districts").choices
    groups = dict(district_choices())
    assert any(group.endswith("Arnsberg") for group in groups)
    assert ("Dortmund" in dict(groups["Nordrhein-Westfalen \N{EN DASH} Arnsberg"]).values())


# --- Optimistic locking ------------------------------------------------------------------


STALE = "Someone else saved this entry while you were editing it."


def loaded_version(client, url: str) -> str:
    """The version the edit page carries in its hidden field, as a browser would send it back."""
    return re.search(r'name="version" value="(\d+)"', client.get(url).content.decode()).group(1)


@pytest.mark.django_db
def test_a_centre_saved_from_a_stale_page_is_refused_with_the_input_kept(client_for, ada, kai, backup):
    url = edit_url("centre_edit", "backup")
    version = loaded_version(client_for(ada), url)
    assert post(client_for(kai), url, centre_data(backup, version=version, phone="0231 111")).status_code == 302

    refused = post(client_for(ada), url, centre_data(backup, version=version, phone="0231 222"))
    html = refused.content.decode()
    assert refused.status_code == 200
    assert STALE in html and 'value="0231 222"' in html  # the late input is kept ...
    backup.refresh_from_db()
    assert backup.phone == "0231 111"  # ... and not saved

    # Saving again with the version the page now carries replaces the newer centre on purpose.
    again = centre_data(backup, version=re.search(r'name="version" value="(\d+)"', html).group(1), phone="0231 222")
    assert post(client_for(ada), url, again).status_code == 302
    backup.refresh_from_db()
    assert backup.phone == "0231 222"


@pytest.mark.django_db
@pytest.mark.parametrize(("name", "slug", "data"), [
    ("organisation_edit", "backup-comeback", {"name": "{}", "slug": "backup-comeback", "kind": "carrier"}),
    ("network_edit", "landesnetzwerk-nrw", {"name": "{}", "slug": "landesnetzwerk-nrw"}),
])
def test_organisations_and_networks_saved_from_a_stale_page_are_refused(
    client_for, ada, carrier, state_network, lks, name, slug, data
):
    url = edit_url(name, slug)
    version = loaded_version(client_for(ada), url)
    if name == "network_edit":
        data = {**data, "coordinated_by": str(lks.pk)}
    first = {**data, "name": "Erster Name", "version": version}
    late = {**data, "name": "Später Name", "version": version}
    assert post(client_for(ada), url, first).status_code == 302
    refused = post(client_for(ada), url, late)
    assert refused.status_code == 200
    assert STALE in refused.content.decode() and 'value="Später Name"' in refused.content.decode()
    record = carrier if name == "organisation_edit" else state_network
    record.refresh_from_db()
    assert record.name == "Erster Name"
