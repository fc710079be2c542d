"""Versioned code lists: new versions per network, mappings, what incidents are offered, who may do what."""

from __future__ import annotations

import pytest

from beistand.audit.models import AuditEvent, Category
from beistand.cases import codes
from beistand.cases.models import Code, CodeList, CodeMapping
from beistand.cases.testing import make_case
from beistand.network.models import Network
from tests.case_routes.records import make_incident, page, post

pytestmark = pytest.mark.django_db


def default_list(scheme: str = "motive") -> CodeList:
    return CodeList.objects.get(network=None, scheme=scheme, is_current=True)


def codes_of(code_list: CodeList) -> dict[str, Code]:
    return {code.code: code for code in code_list.codes.all()}


def management(prefix: str, total: int, initial: int) -> dict[str, str]:
    return {f"{prefix}-TOTAL_FORMS": str(total), f"{prefix}-INITIAL_FORMS": str(initial),
            f"{prefix}-MIN_NUM_FORMS": "0", f"{prefix}-MAX_NUM_FORMS": "1000"}


def codes_formset(code_list: CodeList, changes: dict[str, dict] | None = None, new: list[dict] | None = None) -> dict:
    """The edit form as a browser submits it: every saved code, then the new rows."""
    rows = list(code_list.codes.order_by("position", "code"))
    data = management("codes", len(rows) + len(new or []), len(rows))
    for index, code in enumerate(rows):
        row = {"id": code.pk, "code": code.code, "label": code.label, "parent": code.parent_id or "",
               "is_active": "on" if code.is_active else ""}
        row.update((changes or {}).get(code.code, {}))
        data.update({f"codes-{index}-{name}": value for name, value in row.items() if value != ""})
    for offset, row in enumerate(new or [], start=len(rows)):
        data.update({f"codes-{offset}-{name}": value for name, value in row.items()})
    return data


def test_kai_makes_a_network_version_that_new_incidents_get(client_for, kai, alice, state_network, backup):
    source = default_list()
    response = post(client_for(kai), page("cases:codelist_new_version", list_id=source.public_id),
                    {"target": state_network.slug})
    assert response.status_code == 302
    own = CodeList.objects.get(network=state_network, scheme="motive")
    assert response["Location"] == page("cases:codelist_edit", list_id=own.public_id)
    assert own.is_current and own.previous == source and own.version == source.version + 1
    assert set(codes_of(own)) == set(codes_of(source))
    assert codes_of(own)["journalists"].parent == codes_of(own)["political_opponents"]
    # The defaults stay current for networks without a list of their own.
    source.refresh_from_db()
    assert source.is_current
    # BackUp is in the state network: its new incidents get the network's codes, nothing else.
    offered = codes.codes_for_centre(backup)["motive"]
    assert {code.code_list_id for code in offered} == {own.pk}
    event = AuditEvent.objects.get(object_id=str(own.public_id))
    assert event.category == Category.TECHNICAL


def test_a_mapping_puts_old_codes_on_the_new_version(kai, state_network):
    old = default_list()
    new = codes.new_version(kai, old, state_network)
    old_codes, new_codes = codes_of(old), codes_of(new)
    # Copied codes map onto their namesakes.
    assert codes.map_to_current(old_codes["racism"], state_network) == [new_codes["racism"]]
    # The network merges the two social-Darwinism codes into one.
    merged = Code.objects.create(code_list=new, code="social_darwinism", label="Sozialdarwinismus", position=99)
    codes.set_mappings(new, {
        old_codes["social_darwinism_homeless"].pk: [merged],
        old_codes["social_darwinism_disability"].pk: [merged],
    })
    assert codes.map_to_current(old_codes["social_darwinism_homeless"], state_network) == [merged]
    assert codes.map_to_current(old_codes["social_darwinism_disability"], state_network) == [merged]
    # A current code is itself; without the network, the defaults are current.
    assert codes.map_to_current(merged, state_network) == [merged]
    assert codes.map_to_current(old_codes["racism"]) == [old_codes["racism"]]


def test_mappings_follow_several_versions(kai, state_network):
    first = default_list()
    second = codes.new_version(kai, first, state_network)
    third = codes.new_version(kai, second, state_network)
    assert third.previous == second and not CodeList.objects.get(pk=second.pk).is_current
    assert codes.map_to_current(codes_of(first)["antisemitism"], state_network) == [codes_of(third)["antisemitism"]]
    # A code dropped in between maps to nothing.
    CodeMapping.objects.filter(source__code_list=second, source__code="misogyny").delete()
    assert codes.map_to_current(codes_of(first)["misogyny"], state_network) == []


def test_the_incident_form_offers_only_the_current_versions_codes(client_for, kai, alice, state_network, backup):
    old = default_list()
    new = codes.new_version(kai, old, state_network)
    deactivated = codes_of(new)["unclear"]
    deactivated.is_active = False
    deactivated.save()
    form = client_for(alice).get(page("cases:incident_create", case_id=make_case(backup).public_id)).context["form"]
    offered = set(form.fields["motives"].queryset)
    assert offered == set(new.codes.filter(is_active=True))
    assert deactivated not in offered
    assert not offered & set(old.codes.all())


def test_an_old_incident_keeps_its_codes_and_its_edit_form_shows_them(client_for, kai, alice, state_network, backup):
    case = make_case(backup, assigned=[alice])
    old_racism = codes_of(default_list())["racism"]
    incident = make_incident(case)
    incident.motives.add(old_racism)
    codes.new_version(kai, default_list(), state_network)
    response = client_for(alice).get(page("cases:incident_edit", case_id=case.public_id, record_id=incident.public_id))
    field = response.context["form"].fields["motives"]
    assert old_racism in field.queryset
    assert "Rassismus (no longer in use)" in response.content.decode()
    assert list(incident.motives.all()) == [old_racism]


def test_a_centre_in_two_networks_gets_the_union_of_their_lists(kai, state_network, backup, lks):
    second = Network.objects.create(slug="zweites", name="Zweites Netz", coordinated_by=lks)
    second.centres.add(backup)
    first_list = codes.new_version(kai, default_list(), state_network)
    second_list = codes.new_version(kai, default_list(), second)
    offered = codes.codes_for_centre(backup)
    assert {code.code_list_id for code in offered["motive"]} == {first_list.pk, second_list.pk}
    # Schemes neither network replaced come from the defaults.
    assert {code.code_list_id for code in offered["offence"]} == {default_list("offence").pk}


def test_kai_edits_labels_adds_and_deactivates_codes(client_for, kai, state_network):
    own = codes.new_version(kai, default_list(), state_network)
    url = page("cases:codelist_edit", list_id=own.public_id)
    data = codes_formset(own, changes={"unclear": {"is_active": ""}, "racism": {"label": "Rassismus (alle Formen)"}},
                         new=[{"code": "anti_muslim", "label": "antimuslimischer Rassismus", "is_active": "on"}])
    old_codes = codes_of(default_list())
    data.update({f"mappings-code_{code.pk}": codes_of(own)[code.code].pk for code in old_codes.values()})
    response = post(client_for(kai), url, data)
    assert response.status_code == 302, response.context["errors"]
    saved = codes_of(own)
    assert saved["racism"].label == "Rassismus (alle Formen)"
    assert not saved["unclear"].is_active
    assert saved["anti_muslim"].is_active and saved["anti_muslim"].position > saved["other"].position
    assert Code.objects.filter(code="unclear").count() == 2  # deactivated, never deleted


def test_a_duplicate_code_is_refused_with_the_input_kept(client_for, kai, state_network):
    own = codes.new_version(kai, default_list(), state_network)
    data = codes_formset(own, new=[{"code": "racism", "label": "Noch einmal", "is_active": "on"}])
    response = post(client_for(kai), page("cases:codelist_edit", list_id=own.public_id), data)
    assert response.status_code == 200
    content = response.content.decode()
    assert "This code is already in the list." in content and "Noch einmal" in content
    assert own.codes.filter(code="racism").count() == 1


def test_a_save_from_a_page_loaded_before_someone_elses_save_is_refused_with_the_entries_kept(
    client_for, kai, state_network
):
    own = codes.new_version(kai, default_list(), state_network)
    url = page("cases:codelist_edit", list_id=own.public_id)
    loaded = client_for(kai).get(url).context["revision"]["revision"].value()
    first = codes_formset(own, changes={"racism": {"label": "Rassismus (erste Sitzung)"}})
    second = codes_formset(own, changes={"racism": {"label": "Rassismus (zweite Sitzung)"}})
    first["list-revision"] = second["list-revision"] = loaded
    assert post(client_for(kai), url, first).status_code == 302

    refused = post(client_for(kai), url, second)
    assert refused.status_code == 200
    assert "Someone else saved this code list while you were editing it." in refused.text
    assert "Rassismus (zweite Sitzung)" in refused.text  # the entries are kept
    assert codes_of(own)["racism"].label == "Rassismus (erste Sitzung)"  # nothing of the late save

    # The page now carries the current revision: saving again replaces the list deliberately.
    second["list-revision"] = refused.context["revision"]["revision"].value()
    assert post(client_for(kai), url, second).status_code == 302
    assert codes_of(own)["racism"].label == "Rassismus (zweite Sitzung)"


def test_a_save_without_changes_does_not_count_as_a_revision(client_for, kai, state_network):
    own = codes.new_version(kai, default_list(), state_network)
    data = codes_formset(own)
    new = codes_of(own)
    data.update({f"mappings-code_{code.pk}": new[code.code].pk for code in codes_of(default_list()).values()})
    data.update({"list-revision": own.revision})
    assert post(client_for(kai), page("cases:codelist_edit", list_id=own.public_id), data).status_code == 302
    own.refresh_from_db()
    assert own.revision == 0


def test_mappings_are_changed_in_the_edit_form(client_for, kai, state_network):
    own = codes.new_version(kai, default_list(), state_network)
    old, new = codes_of(default_list()), codes_of(own)
    data = codes_formset(own)
    data.update({f"mappings-code_{code.pk}": new[code.code].pk for code in old.values()})
    data[f"mappings-code_{old['antiziganism'].pk}"] = new["racism"].pk
    data[f"mappings-code_{old['unclear'].pk}"] = ""
    assert post(client_for(kai), page("cases:codelist_edit", list_id=own.public_id), data).status_code == 302
    assert codes.map_to_current(old["antiziganism"], state_network) == [new["racism"]]
    assert codes.map_to_current(old["unclear"], state_network) == []


def test_who_may_do_what_with_code_lists(client_for, kai, ada, alice, paul, state_network):
    default = default_list()
    own = codes.new_version(kai, default, state_network)
    # Admins maintain the defaults, not a network's list; coordinators the reverse.
    assert codes.can_edit(ada, default) and not codes.can_edit(ada, own)
    assert codes.can_edit(kai, own) and not codes.can_edit(kai, default)
    assert not codes.can_edit(alice, own) and not codes.can_edit(alice, default)
    # An earlier version is never changed, by anybody.
    old = codes.new_version(ada, default, None)
    assert not codes.can_edit(ada, CodeList.objects.get(pk=default.pk)) and codes.can_edit(ada, old)
    assert client_for(alice).get(page("cases:codelist_detail", list_id=own.public_id)).status_code == 200
    assert client_for(alice).get(page("cases:codelist_edit", list_id=own.public_id)).status_code == 404
    assert client_for(paul).get(page("cases:codelist_list")).status_code == 404


def test_admin_makes_a_new_default_version(client_for, ada):
    source = default_list("offence")
    response = post(client_for(ada), page("cases:codelist_new_version", list_id=source.public_id), {"target": "default"})
    assert response.status_code == 302
    new = default_list("offence")
    assert new.pk != source.pk and new.network is None and new.previous == source


def test_a_target_outside_the_users_scope_is_refused(client_for, kai, state_network):
    foreign = Network.objects.create(slug="fremd", name="Fremdes Netz")
    response = post(client_for(kai), page("cases:codelist_new_version", list_id=default_list().public_id),
                    {"target": foreign.slug})
    assert response.status_code == 200
    assert "Select a valid choice" in response.content.decode()
    assert not CodeList.objects.filter(network=foreign).exists()


def test_the_list_page_shows_defaults_and_own_network_lists(client_for, kai, alice, state_network):
    codes.new_version(kai, default_list(), state_network)
    content = client_for(alice).get(page("cases:codelist_list")).content.decode()
    assert "Installation defaults" in content and state_network.name in content
