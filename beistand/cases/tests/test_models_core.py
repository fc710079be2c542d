"""The case model's foundations: references, keys, encryption at rest, scoping."""

from __future__ import annotations

import pytest
from django.http import Http404

from beistand.cases import access
from beistand.cases.actions.core import add_new_person
from beistand.cases.choices import CaseKind, ProtectionLevel
from beistand.cases.models import Case, CodeList, Person
from beistand.cases.testing import make_case
from beistand.keys.testing import database_holds

pytestmark = pytest.mark.django_db


def test_references_count_up_per_centre_and_year(backup, rheinland):
    backup.case_reference_prefix = "BU"
    backup.save()
    first, second = make_case(backup), make_case(backup)
    other = make_case(rheinland)
    year = first.opened_on.year
    assert (first.reference, second.reference) == (f"BU-{year}-0001", f"BU-{year}-0002")
    assert other.reference == f"OP-{year}-0001"


def test_each_case_has_its_own_data_key_bound_to_its_centre(backup):
    first, second = make_case(backup), make_case(backup)
    assert first.data_key_id != second.data_key_id
    assert first.data_key.centre == backup


def test_exit_cases_are_always_high_protection(backup):
    assert make_case(backup, kind=CaseKind.EXIT).protection_level == ProtectionLevel.HIGH


def test_person_fields_are_encrypted_at_rest_and_searchable_by_blind_index(backup):
    case = make_case(backup, title="Angriff am Bahnhof Markerwort")
    add_new_person(case, pseudonym="Ayşe Markerperson", name="Ayşe Yılmaz-Geheim")
    assert not database_holds("Markerperson")
    assert not database_holds("Geheim")
    assert not database_holds("Markerwort")
    found = Person.objects.get(pseudonym_index=" ayşe markerperson ")
    assert found.pseudonym == "Ayşe Markerperson"


def test_outsiders_get_404_and_high_protection_hides_from_unassigned(backup, alice, bob, lena, kai, ada, carol):
    normal = make_case(backup, assigned=[alice])
    high = make_case(backup, assigned=[alice], protection_level=ProtectionLevel.HIGH)
    assert access.get_case(bob, normal.public_id) == normal
    for outsider in (kai, ada, carol):
        with pytest.raises(Http404):
            access.get_case(outsider, normal.public_id)
    with pytest.raises(Http404):
        access.get_case(bob, high.public_id)
    assert access.get_case(lena, high.public_id) == high
    assert set(access.visible_cases(bob)) == {normal}


def test_default_code_lists_are_installed():
    schemes = set(CodeList.objects.current().filter(network=None).values_list("scheme", flat=True))
    assert schemes == {"motive", "offence", "rias_type", "rias_background", "discrimination_ground", "life_area"}
    assert Case.objects.count() == 0
