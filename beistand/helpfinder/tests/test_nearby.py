"""Further help near you: public directory entries in the help finder's page and API."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest

from beistand.directory.choices import Visibility
from beistand.directory.hsds.export import zip_stream
from beistand.directory.hsds.importer import import_package
from beistand.directory.hsds.report import Options
from beistand.directory.models import Service
from beistand.directory.testing import make_service
from beistand.helpfinder.nearby import SHOWN, Near, Nearby, choose
from beistand.helpfinder.tests.conftest import api, results_page
from beistand.helpfinder.tests.openapi_reader import load, validate

pytestmark = pytest.mark.django_db

OPENAPI = Path(__file__).resolve().parents[3] / "docs" / "openapi.yaml"
ATTACK_IN_DORTMUND = {"situation": "attack", "place": "44137"}


@pytest.fixture
def forensic(regions):
    """A public forensic ambulance in Dortmund, open on weekdays, speaking German and Turkish."""
    return make_service("Gewaltopferambulanz Dortmund", needs=["medical-forensic"], languages=["de", "tr"],
                        postcode="44137", phone="0231 1234567", hours=[("MO,TU", "08:00", "16:00")])


def nearby_section(html: str) -> str:
    if 'id="nearby-heading"' not in html:
        return ""
    start = html.index('id="nearby-heading"')
    return html[start:html.index("</section>", start)]


def test_a_public_entry_near_the_place_appears_with_its_reasons(client, forensic):
    section = nearby_section(results_page(client, "en", **ATTACK_IN_DORTMUND))
    assert "Gewaltopferambulanz Dortmund" in section
    assert "<li>Medical care and documentation of injuries</li>" in section
    assert "km from 44137 Dortmund</li>" in section
    assert "Musterstraße 1, 44137 Dortmund" in section
    assert 'href="tel:+492311234567"' in section
    assert "Monday" in section and "08:00–16:00" in section
    # No link to anywhere else: plain text and tel: only.
    assert section.count("<a ") == section.count('href="tel:')


def test_the_section_comes_after_the_centres_and_help_lines_before_the_emergency_note(client, forensic):
    html = results_page(client, "en", **ATTACK_IN_DORTMUND)
    assert html.index("We know of no centre for this") < html.index('id="nearby-heading"') < html.index('class="emergency-note"')


def test_network_wide_centre_private_inactive_and_far_entries_never_appear(client, forensic, state_network, backup):
    make_service("Nur im Netzwerk", visibility=Visibility.NETWORK, network=state_network, needs=["medical-forensic"])
    make_service("Nur für BackUp", visibility=Visibility.CENTRE, owner_centre=backup, needs=["medical-forensic"])
    make_service("Geschlossen", needs=["medical-forensic"], status="inactive")
    make_service("Weit weg in Köln", needs=["medical-forensic"], postcode="50667", city="Köln")
    section = nearby_section(results_page(client, "en", **ATTACK_IN_DORTMUND))
    assert "Gewaltopferambulanz Dortmund" in section
    for name in ("Nur im Netzwerk", "Nur für BackUp", "Geschlossen", "Weit weg in Köln"):
        assert name not in section


def test_only_entries_for_the_situation_appear(client, forensic):
    make_service("Schuldnerberatung", needs=["social"])
    assert "Schuldnerberatung" not in nearby_section(results_page(client, "en", **ATTACK_IN_DORTMUND))
    # Leaving the scene is the centres' own work: no entries.
    assert nearby_section(results_page(client, "en", situation="exit", place="44137")) == ""


def test_nothing_when_the_place_is_not_said(client, forensic):
    html = results_page(client, "en", situation="attack", no_place="on")
    assert nearby_section(html) == ""
    assert "Gewaltopferambulanz" not in html


def test_the_language_asked_for_must_be_spoken(client, forensic):
    make_service("Traumatherapie auf Arabisch", needs=["trauma-therapy"], languages=["de", "ar"])
    section = nearby_section(results_page(client, "en", language="ar", **ATTACK_IN_DORTMUND))
    assert "Traumatherapie auf Arabisch" in section and "<li>Speaks Arabic</li>" in section
    assert "Gewaltopferambulanz" not in section
    turkish = nearby_section(results_page(client, "en", language="tr", **ATTACK_IN_DORTMUND))
    assert "Gewaltopferambulanz" in turkish and "Traumatherapie auf Arabisch" not in turkish


def test_the_page_speaks_the_persons_language(client, forensic):
    section = nearby_section(results_page(client, "ar", **ATTACK_IN_DORTMUND))
    assert "Further help near you" not in section
    assert "Medical care and documentation of injuries" not in section
    assert '<span lang="de" dir="ltr">Gewaltopferambulanz Dortmund</span>' in section


def test_the_nearest_of_each_need_comes_before_more_of_one_need():
    psychotherapists = [Nearby(pk, pk / 10, frozenset({"psychological"}), frozenset({"de"}), False) for pk in range(1, 8)]
    ambulance = Nearby(99, 20.0, frozenset({"medical"}), frozenset({"de"}), False)
    chosen = choose(Near.of([*psychotherapists, ambulance]), ["psychological", "medical"], "")
    assert len(chosen) == SHOWN
    assert [entry.service_id for entry, _codes in chosen] == [1, 2, 3, 4, 99]  # nearest first
    assert chosen[-1][1] == ["medical"]


def test_a_changed_entry_shows_at_once(client, forensic):
    results_page(client, "en", **ATTACK_IN_DORTMUND)  # remembered now
    forensic.name = "Rechtsmedizin Dortmund"
    forensic.save()
    assert "Rechtsmedizin Dortmund" in nearby_section(results_page(client, "en", **ATTACK_IN_DORTMUND))


def test_an_imported_entry_shows_at_once(client, forensic, ada, django_capture_on_commit_callbacks):
    # An import writes in bulk, which sends no save signals: it says so itself once committed.
    results_page(client, "en", **ATTACK_IN_DORTMUND)  # remembered now
    package = b"".join(zip_stream(Service.objects.filter(pk=forensic.pk)))
    with django_capture_on_commit_callbacks(execute=True):
        report = import_package(ada, io.BytesIO(renamed(package, "Gewaltopferambulanz", "Rechtsmedizin")),
                                Options(visibility=Visibility.PUBLIC))
    assert report.imported and not report.error_count
    assert "Rechtsmedizin Dortmund" in nearby_section(results_page(client, "en", **ATTACK_IN_DORTMUND))


def renamed(package: bytes, old: str, new: str) -> bytes:
    """The same data package with a name replaced in every file."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(package)) as source, zipfile.ZipFile(out, "w") as target:
        for member in source.infolist():
            target.writestr(member.filename, source.read(member).replace(old.encode(), new.encode()))
    return out.getvalue()


def test_a_warm_answer_costs_no_query(client, forensic, django_assert_max_num_queries):
    results_page(client, "en", **ATTACK_IN_DORTMUND)
    with django_assert_max_num_queries(0):
        section = nearby_section(results_page(client, "en", **ATTACK_IN_DORTMUND))
    assert "Gewaltopferambulanz Dortmund" in section
    # Another place: its lookup (three), its point, the search near it (four); the entry is known.
    with django_assert_max_num_queries(8):
        section = nearby_section(results_page(client, "en", situation="attack", place="44135"))
    assert "Gewaltopferambulanz Dortmund" in section


def test_the_api_lists_the_entries_in_the_documented_shape(client, forensic):
    answer = api(client, lang="de", **ATTACK_IN_DORTMUND).json()
    [service] = answer["services"]
    assert service == {
        "name": "Gewaltopferambulanz Dortmund", "provider": "Gewaltopferambulanz Dortmund (Träger)",
        "needs": ["medical"], "languages": ["de", "tr"], "distance_km": service["distance_km"],
        "address": "Musterstraße 1, 44137 Dortmund", "address_on_request": False, "address_note": None,
        "phones": ["0231 1234567"], "reasons": service["reasons"],
    }
    assert service["distance_km"] < 1
    assert service["reasons"][0] == "Medizinische Versorgung und Dokumentation von Verletzungen"
    spec = load(OPENAPI.read_text(encoding="utf-8"))
    schema = spec["paths"]["/api/v1/helpfinder"]["get"]["responses"]["200"]["content"]["application/json"]["schema"]
    assert validate(answer, schema, spec) == []
    assert api(client, situation="attack").json()["services"] == []


def test_the_demo_directory_helps_after_an_attack_in_dortmund(client, demo):
    from beistand.directory.demo import load_demo_directory

    load_demo_directory()
    section = nearby_section(results_page(client, "en", **ATTACK_IN_DORTMUND))
    assert section.count('<li class="card offer nearby">') == SHOWN
    assert "Gewaltopferambulanz Dortmund (Beispiel)" in section
    assert "Strafrecht und Nebenklage" in section
    assert "Example data" in section  # the demo's placeholders say what they are
