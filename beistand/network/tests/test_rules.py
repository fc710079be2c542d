"""Who may read and change the directory, at the level of predicates and getters."""

import pytest
from django.http import Http404

from beistand.network import rules as network_rules
from beistand.network.models import Organisation


@pytest.mark.django_db
def test_admin_changes_everything(ada, backup, outside_centre, outside_network, outside_carrier):
    assert network_rules.can_change_centre.test(ada, outside_centre)
    assert network_rules.can_change_network.test(ada, outside_network)
    assert network_rules.can_change_organisation.test(ada, outside_carrier)
    assert network_rules.can_add_centre.test(ada)
    assert network_rules.can_add_network.test(ada)


@pytest.mark.django_db
def test_coordinator_scope_is_the_coordinated_networks(
    kai, backup, rheinland, carrier, state_network, outside_centre, outside_network, outside_carrier
):
    assert set(network_rules.editable_centres(kai)) == {backup, rheinland}
    assert list(network_rules.editable_networks(kai)) == [state_network]
    assert carrier in network_rules.editable_organisations(kai)
    assert not network_rules.can_change_centre.test(kai, outside_centre)
    assert not network_rules.can_change_network.test(kai, outside_network)
    assert not network_rules.can_change_organisation.test(kai, outside_carrier)


@pytest.mark.django_db
def test_coordinators_own_office_is_not_in_scope_unless_in_a_network(kai, lks):
    assert not network_rules.can_change_centre.test(kai, lks)


@pytest.mark.django_db
def test_organisation_in_scope_through_its_networks(kai, state_network):
    organisation = Organisation.objects.create(slug="new-carrier", name="New", kind="carrier")
    assert not network_rules.can_change_organisation.test(kai, organisation)
    organisation.networks.add(state_network)
    assert network_rules.can_change_organisation.test(kai, organisation)


@pytest.mark.django_db
@pytest.mark.parametrize("persona", ["alice", "bob", "carol", "lena", "paul"])
def test_other_roles_read_but_never_change(request, persona, backup, carrier, state_network):
    user = request.getfixturevalue(persona)
    assert network_rules.can_read_directory.test(user)
    assert not network_rules.can_add_centre.test(user)
    assert not network_rules.can_add_organisation.test(user)
    assert not network_rules.can_add_network.test(user)
    assert not network_rules.can_change_centre.test(user, backup)
    assert not network_rules.can_change_organisation.test(user, carrier)
    assert not network_rules.can_change_network.test(user, state_network)
    with pytest.raises(Http404):
        network_rules.get_centre_for_edit(user, backup.slug)


@pytest.mark.django_db
def test_permissions_are_registered_for_has_perm(kai, alice, backup):
    assert kai.has_perm("network.change_centre", backup)
    assert not alice.has_perm("network.change_centre", backup)
    assert alice.has_perm("network.view_directory")


@pytest.mark.django_db
def test_deactivated_coordinator_loses_everything(kai, backup):
    kai.is_active = False
    kai.save()
    assert not network_rules.can_change_centre.test(kai, backup)
    assert not network_rules.can_read_directory.test(kai)


@pytest.mark.django_db
def test_getters_answer_missing_and_foreign_alike(kai, backup, outside_centre):
    assert network_rules.get_centre_for_edit(kai, "backup") == backup
    for slug in ("weact-bochum", "does-not-exist"):
        with pytest.raises(Http404):
            network_rules.get_centre_for_edit(kai, slug)
    assert network_rules.get_centre_for_read(kai, "weact-bochum") == outside_centre
