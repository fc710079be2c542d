"""Regions and postcodes: the shipped data, its loader and the place lookup.

The test database gets the regions through migrations 0002 and 0004, which run
the same loader as `manage.py load_regions`.
"""

from __future__ import annotations

import gzip
import shutil
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import translation
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from beistand.network.models import AdministrativeRegion, District, Municipality, Postcode, State
from beistand.network.places import lookup_place
from beistand.network.regions import (
    DATA_DIR,
    FILES,
    RegionDataMissing,
    RegionModels,
    load_regions,
    name_key,
)

NRW = "05"


@pytest.fixture
def regions(db) -> None:
    """The migrations loaded the regions; a transactional test elsewhere may have flushed them."""
    if not Postcode.objects.exists():
        load_regions()


def place(text: str) -> tuple[list[str], list[str]]:
    result = lookup_place(text)
    assert result.found, (text, str(result.message))
    return [m.name for m in result.municipalities], [d.name for d in result.districts]


# ---------------------------------------------------------------- counts


@pytest.mark.django_db
def test_germany_has_16_states_and_19_administrative_regions(regions):
    assert State.objects.count() == 16
    assert AdministrativeRegion.objects.count() == 19
    assert State.objects.get(code="NW").ags == NRW


@pytest.mark.django_db
def test_nrw_has_5_regions_53_kreise_and_396_gemeinden(regions):
    regions_nrw = AdministrativeRegion.objects.filter(state__ags=NRW)
    assert sorted(regions_nrw.values_list("ags", "name")) == [
        ("051", "Düsseldorf"),
        ("053", "Köln"),
        ("055", "Münster"),
        ("057", "Detmold"),
        ("059", "Arnsberg"),
    ]
    kreise = District.objects.filter(state__ags=NRW)
    assert kreise.count() == 53
    assert kreise.filter(kind=District.Kind.URBAN).count() == 22
    assert kreise.exclude(kind=District.Kind.URBAN).count() == 31
    assert kreise.get(ags="05334").name == "Städteregion Aachen"
    assert not kreise.filter(administrative_region=None).exists()
    assert Municipality.objects.filter(district__state__ags=NRW).count() == 396


@pytest.mark.django_db
def test_all_kreise_of_germany_with_population(regions):
    assert District.objects.count() == 400
    # 106 kreisfreie Städte since Eisenach joined the Wartburgkreis in 2021
    assert District.objects.filter(kind=District.Kind.URBAN).count() == 106
    assert District.objects.get(ags="16063").kind == District.Kind.RURAL
    assert not District.objects.filter(population=None).exists()
    assert not Postcode.objects.filter(districts=None).exists()


# ---------------------------------------------------------------- postcodes


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("code", "municipality", "district", "region"),
    [
        ("44137", "Dortmund", "Dortmund", "Arnsberg"),
        ("50667", "Köln", "Köln", "Köln"),
        ("33602", "Bielefeld", "Bielefeld", "Detmold"),
        ("48143", "Münster", "Münster", "Münster"),
        ("40210", "Düsseldorf", "Düsseldorf", "Düsseldorf"),
    ],
)
def test_nrw_postcodes(regions, code, municipality, district, region):
    result = lookup_place(code)
    assert result.found
    assert result.postcode == code
    assert result.municipality.name == municipality
    assert [d.name for d in result.districts] == [district]
    assert result.administrative_region.name == region
    assert result.state.code == "NW"


@pytest.mark.django_db
def test_postcodes_outside_nrw_resolve_to_their_own_land(regions):
    berlin = lookup_place("10115")
    assert (berlin.district.name, berlin.state.name, berlin.administrative_region) == (
        "Berlin", "Berlin", None,
    )
    munich = lookup_place("80331")
    assert (munich.district.name, munich.state.code) == ("München", "BY")
    assert munich.district.kind == District.Kind.URBAN
    assert munich.administrative_region.name == "Oberbayern"


@pytest.mark.django_db
def test_a_postcode_spanning_two_kreise_resolves_to_both(regions):
    # 40472 covers Düsseldorf-Rath and a part of Ratingen (Kreis Mettmann).
    result = lookup_place("40472")
    assert [d.name for d in result.districts] == ["Düsseldorf", "Mettmann"]
    assert {m.name for m in result.municipalities} == {"Düsseldorf", "Ratingen"}
    assert result.ambiguous


@pytest.mark.django_db
def test_a_postcode_spanning_two_lands_resolves_to_both(regions):
    # 59969: Hallenberg (Hochsauerlandkreis, NRW) and Bromskirchen (Waldeck-Frankenberg, Hessen).
    result = lookup_place("59969")
    assert [(d.name, d.state.code) for d in result.districts] == [
        ("Hochsauerlandkreis", "NW"),
        ("Waldeck-Frankenberg", "HE"),
    ]


@pytest.mark.django_db
def test_postcode_with_spaces_full_width_digits_or_a_town_name(regions):
    assert lookup_place(" 44 137 ").district.name == "Dortmund"
    full_width = "".join(chr(0xFF10 + int(d)) for d in "44137")
    assert lookup_place(full_width).district.name == "Dortmund"
    assert lookup_place("44137 Dortmund").district.name == "Dortmund"
    assert lookup_place("Dortmund\n").district.name == "Dortmund"


@pytest.mark.django_db
def test_postcode_lookup_costs_three_queries(regions, django_assert_max_num_queries):
    with django_assert_max_num_queries(3):
        result = lookup_place("40472")
        assert result.administrative_region.name == "Düsseldorf"
        assert result.state.code == "NW"


@pytest.mark.django_db
def test_place_object_for_the_json_api(regions):
    assert lookup_place("44137").as_place() == {
        "postcode": "44137",
        "municipality": "Dortmund",
        "district": {"ags": "05913", "name": "Dortmund"},
        "region": {"name": "Arnsberg"},
        "state": {"code": "NW", "name": "Nordrhein-Westfalen"},
    }
    assert lookup_place("10115").as_place()["region"] is None
    assert lookup_place("00000").as_place() is None


# ---------------------------------------------------------------- names


@pytest.mark.django_db
@pytest.mark.parametrize("text", ["Köln", "koeln", "KOELN", "Koln", "  köln "])
def test_cologne_with_and_without_umlaut(regions, text):
    municipalities, districts = place(text)
    assert municipalities == ["Köln"]
    assert districts == ["Köln"]


@pytest.mark.django_db
@pytest.mark.parametrize("text", ["Münster", "Muenster", "MÜNSTER"])
def test_muenster_means_the_city_first(regions, text):
    result = lookup_place(text)
    assert result.district.ags == "05515"
    assert result.administrative_region.name == "Münster"


@pytest.mark.django_db
def test_names_with_more_words(regions):
    assert place("Frankfurt am Main") == (["Frankfurt am Main"], ["Frankfurt am Main"])
    assert place("Frankfurt")[0] == ["Frankfurt am Main", "Frankfurt (Oder)"]
    assert place("Mülheim an der Ruhr")[1] == ["Mülheim an der Ruhr"]
    assert place("St. Augustin") == (["Sankt Augustin"], ["Rhein-Sieg-Kreis"])
    assert place("Halle")[0][0] == "Halle (Saale)"


@pytest.mark.django_db
@pytest.mark.parametrize("text", ["Kreis Unna", "Unna", "kreis unna", "Stadt Unna"])
def test_kreis_unna(regions, text):
    result = lookup_place(text)
    assert result.district.ags == "05978"
    assert result.administrative_region.name == "Arnsberg"


@pytest.mark.django_db
def test_town_before_kreis_of_the_same_name(regions):
    assert lookup_place("München").district.kind == District.Kind.URBAN
    landkreis = lookup_place("Landkreis München")
    assert (landkreis.district.name, landkreis.district.kind) == ("München", District.Kind.RURAL)
    assert landkreis.municipalities == []
    assert place("Hochsauerlandkreis") == ([], ["Hochsauerlandkreis"])
    assert place("Städteregion Aachen") == ([], ["Städteregion Aachen"])
    assert place("Aachen") == (["Aachen"], ["Städteregion Aachen"])


@pytest.mark.django_db
def test_name_lookup_costs_at_most_two_queries(regions, django_assert_max_num_queries):
    for text in ("Köln", "Kreis Unna", "Gibtesnichtdorf"):
        with django_assert_max_num_queries(2):
            result = lookup_place(text)
            _ = result.state, result.administrative_region


def test_name_key_folds_spellings():
    assert {name_key(n) for n in ("Köln", "koeln", "KOELN", "Koln")} == {"koln"}
    assert name_key("Muenster") == name_key("Münster") == "munster"
    assert name_key("St. Augustin") == name_key("Sankt Augustin")
    assert name_key("Halle (Saale)") == "halle saale"


# ---------------------------------------------------------------- bad input


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "Please enter a postcode"),
        ("   ", "Please enter a postcode"),
        ("99999", "We do not know the postcode 99999"),
        ("1234", "five digits"),
        ("123456", "five digits"),
        ("x" * 101, "too long"),
        ("Köln\x00", "letters and digits"),
        ("Dort\u200bmund", "letters and digits"),
        ("Gibtesnichtdorf", "could not find"),
        ("'; DROP TABLE network_state; --", "could not find"),
        ("' OR 1=1 --", "could not find"),
        ("%", "could not find"),
        ("_", "could not find"),
        ("!!!", "could not find"),
    ],
)
def test_unknown_or_garbage_input_is_not_found(regions, text, message):
    with translation.override("en"):
        result = lookup_place(text)
        assert not result.found
        assert message in str(result.message)
    assert result.district is None and result.state is None
    assert result.as_place() is None
    assert State.objects.count() == 16


@pytest.mark.django_db
@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(text=st.text(max_size=120))
def test_lookup_never_raises(regions, text):
    result = lookup_place(text)
    assert result.found == bool(result.districts)
    assert str(result.message) or result.found


# ---------------------------------------------------------------- loader


@pytest.mark.django_db
def test_loading_twice_changes_nothing(regions):
    counts = _counts()
    first = load_regions()
    second = load_regions()
    assert _counts() == counts
    assert (second.created, second.updated, second.deleted_links) == (0, 0, 0)
    assert first.counts == second.counts
    assert second.counts["states"] == 16


@pytest.mark.django_db
def test_loading_repairs_changed_rows_and_links(regions):
    dortmund = District.objects.get(ags="05913")
    District.objects.filter(pk=dortmund.pk).update(name="Dortmunt", name_key="dortmunt")
    postcode = Postcode.objects.get(code="44137")
    postcode.districts.add(District.objects.get(ags="05315"))
    postcode.municipalities.clear()
    result = load_regions()
    assert (result.updated, result.deleted_links) == (1, 1)
    assert District.objects.get(ags="05913").name == "Dortmund"
    assert lookup_place("44137").municipality.name == "Dortmund"
    assert [d.ags for d in lookup_place("44137").districts] == ["05913"]


@pytest.mark.django_db
def test_loader_works_with_the_historical_models_of_migration_0002(regions):
    state = MigrationExecutor(connection).loader.project_state(("network", "0002_load_regions"))
    historical = RegionModels.from_apps(state.apps)
    result = load_regions(historical)
    assert (result.created, result.updated) == (0, 0)
    assert result.counts["municipalities"] == Municipality.objects.count()


@pytest.mark.django_db
def test_loader_reads_gzipped_files(regions, tmp_path):
    for name in FILES:
        with (DATA_DIR / f"{name}.csv").open("rb") as plain, gzip.open(
            tmp_path / f"{name}.csv.gz", "wb"
        ) as packed:
            shutil.copyfileobj(plain, packed)
    result = load_regions(data_dir=tmp_path)
    assert (result.created, result.updated) == (0, 0)


def test_missing_data_fails_with_a_clear_message(tmp_path: Path):
    with pytest.raises(RegionDataMissing, match=r"states\.csv is missing"):
        load_regions(data_dir=tmp_path)


@pytest.mark.django_db
def test_management_command_reports_counts(regions):
    out = StringIO()
    call_command("load_regions", stdout=out)
    report = out.getvalue()
    assert "states" in report and " 16" in report
    assert "created 0, updated 0" in report


def _counts() -> dict[str, int]:
    return {
        "states": State.objects.count(),
        "regions": AdministrativeRegion.objects.count(),
        "districts": District.objects.count(),
        "municipalities": Municipality.objects.count(),
        "postcodes": Postcode.objects.count(),
        "postcode_districts": Postcode.districts.through.objects.count(),
        "postcode_municipalities": Postcode.municipalities.through.objects.count(),
    }
