"""The demo network: idempotent, complete, honest about example data, right geography."""

from __future__ import annotations

import pytest

from beistand.demo import network as demo
from beistand.network.models import Centre, District, Network, OpeningHours, Organisation
from beistand.network.tests.factories import ensure_nrw_regions

MOBILE_TEAMS = ["arnsberg", "detmold", "muenster", "duesseldorf", "koeln"]
WEACT_SITES = ["bielefeld", "bochum", "koeln", "muenster", "augsburg", "nuernberg", "muenchen",
               "braunschweig", "hannover", "bensheim", "mannheim"]


def real_regions_loaded() -> bool:
    return District.objects.filter(ags="05913").exists()


@pytest.fixture
def loaded(db) -> None:
    """The demo on top of whatever regions exist, completed by the few NRW ones it needs."""
    ensure_nrw_regions()
    demo.load_demo_network()


@pytest.fixture
def real_regions(db) -> None:
    if not real_regions_loaded():
        pytest.skip("The real region data (District 05913 Dortmund) are not loaded yet; "
                    "the migration network.0002_load_regions fills them.")
    demo.load_demo_network()


def snapshot() -> dict:
    return {
        "counts": [model.objects.count() for model in (Organisation, Centre, Network, OpeningHours)],
        "centres": sorted(Centre.objects.values_list("slug", "public_id", "name", "organisation__slug")),
        "hours": sorted(OpeningHours.objects.values_list("pk", "centre__slug", "weekday")),
        "members": sorted(Centre.networks.through.objects.values_list("centre__slug", "network__slug")),
        "districts": sorted(Centre.districts.through.objects.values_list("centre__slug", "district__ags")),
        "coordinators": sorted(Network.objects.values_list("slug", "coordinated_by__slug")),
    }


@pytest.mark.django_db
def test_running_twice_changes_nothing(loaded):
    first = snapshot()
    demo.load_demo_network()
    assert snapshot() == first


@pytest.mark.django_db
def test_contains_the_centres_other_code_relies_on(loaded):
    slugs = set(Centre.objects.values_list("slug", flat=True))
    expected = {
        "backup", "opferberatung-rheinland", "comeback", "maennerhilfetelefon", "maennerschutz-nrw",
        "hilfetelefon-gewalt-gegen-frauen", "lks-nrw", "lks-gewalt-nrw",
        *(f"mobile-beratung-{team}" for team in MOBILE_TEAMS),
        *(f"weact-{site}" for site in WEACT_SITES),
    }
    assert expected <= slugs
    assert Organisation.objects.get(slug="polizei-dortmund").kind == "public_authority"
    assert Centre.objects.get(slug="backup").organisation.slug == "backup-comeback"
    assert Centre.objects.get(slug="comeback").organisation.slug == "backup-comeback"


@pytest.mark.django_db
def test_networks_members_and_coordinators(loaded):
    def members(slug: str) -> set[str]:
        return set(Network.objects.get(slug=slug).centres.values_list("slug", flat=True))

    assert members("landesnetzwerk-nrw") == {
        "backup", "opferberatung-rheinland", "comeback",
        *(f"mobile-beratung-{team}" for team in MOBILE_TEAMS),
    }
    assert members("weact") == {f"weact-{site}" for site in WEACT_SITES}
    assert members("vbrg") == {"backup", "opferberatung-rheinland"}
    assert {"maennerhilfetelefon", "maennerschutz-nrw", "haeusliche-gewalt-dortmund"} <= members(
        "gewaltschutz-nrw"
    )
    coordinators = dict(Network.objects.values_list("slug", "coordinated_by__slug"))
    assert coordinators == {"landesnetzwerk-nrw": "lks-nrw", "weact": None, "vbrg": None,
                            "gewaltschutz-nrw": "lks-gewalt-nrw"}


@pytest.mark.django_db
def test_every_invented_contact_is_marked_as_example(loaded):
    for centre in Centre.objects.all():
        if centre.phone == demo.EXAMPLE_PHONE or centre.email.endswith("example.org"):
            assert centre.contact_is_example, centre.slug
        if "(Beispiel)" in centre.name:
            assert centre.contact_is_example, centre.slug
    real = Centre.objects.get(slug="hilfetelefon-gewalt-gegen-frauen")
    assert (real.phone, real.nationwide, real.contact_is_example) == ("116 016", True, False)
    assert Centre.objects.get(slug="maennerhilfetelefon").phone == "0800 123 99 00"


@pytest.mark.django_db
def test_opening_hours_are_marked_as_examples(loaded):
    for centre in Centre.objects.filter(opening_hours__isnull=False).distinct():
        assert centre.opening_hours_note.startswith("Beispiel"), centre.slug


@pytest.mark.django_db
def test_every_centre_passes_model_validation(loaded):
    for centre in Centre.objects.all():
        centre.full_clean()


@pytest.mark.django_db
def test_weact_areas_are_marked_as_assumptions(loaded):
    for centre in Centre.objects.filter(networks__slug="weact"):
        assert centre.service_area_note.startswith("Annahme"), centre.slug
    assert "nennt die Quelle nicht" in Centre.objects.get(slug="weact-muenster").description


@pytest.mark.django_db
def test_missing_regions_stop_with_a_clear_message(db, monkeypatch):
    monkeypatch.setattr(District.objects, "exists", lambda: False)
    with pytest.raises(demo.DemoDataError, match=r"manage\.py migrate"):
        demo.load_demo_network()
    assert not Centre.objects.exists()


@pytest.mark.django_db
def test_incomplete_regions_stop_with_a_clear_message(db, monkeypatch):
    ensure_nrw_regions()
    monkeypatch.setattr(demo, "REQUIRED_DISTRICTS", ["99999"])
    with pytest.raises(demo.DemoDataError, match=r"99999.*manage\.py migrate"):
        demo.load_demo_network()


@pytest.mark.django_db
def test_never_loaded_in_production(db, settings):
    settings.DEMO_ALLOWED = False
    with pytest.raises(demo.DemoDataError):
        demo.load_demo_network()


# --- Geography: needs the real region data --------------------------------------------------


def covering(ags: str) -> set[str]:
    return set(Centre.objects.covering(District.objects.get(ags=ags)).values_list("slug", flat=True))


@pytest.mark.django_db
def test_backup_covers_dortmund_through_arnsberg(real_regions):
    dortmund = District.objects.get(ags="05913")
    assert dortmund.administrative_region.ags == "059"
    assert {"backup", "comeback", "mobile-beratung-arnsberg", "haeusliche-gewalt-dortmund",
            "maennerhilfetelefon", "hilfetelefon-gewalt-gegen-frauen"} <= covering("05913")
    assert "opferberatung-rheinland" not in covering("05913")


@pytest.mark.django_db
def test_rhineland_and_westphalia_are_split(real_regions):
    assert {"opferberatung-rheinland", "mobile-beratung-koeln", "weact-koeln"} <= covering("05315")
    assert "backup" not in covering("05315")
    assert {"mobile-beratung-detmold", "backup", "weact-bielefeld"} <= covering("05711")
    assert "mobile-beratung-muenster" in covering("05515")
    assert "opferberatung-rheinland" in covering("05111")


@pytest.mark.django_db
def test_sites_outside_nrw_get_their_kreis(real_regions):
    expected = {"augsburg": "09761", "nuernberg": "09564", "muenchen": "09162",
                "braunschweig": "03101", "hannover": "03241", "bensheim": "06431",
                "mannheim": "08222"}
    for site, ags in expected.items():
        centre = Centre.objects.get(slug=f"weact-{site}")
        assert list(centre.districts.values_list("ags", flat=True)) == [ags], site
