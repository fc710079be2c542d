"""Every staff URL of the network directory, for every role.

A new URL pattern that is not listed in PAGES fails the suite: decide who
may open it before adding it.
"""

from __future__ import annotations

import pytest
from django.urls import reverse

from beistand.accounts.models import User
from beistand.network import urls as network_urls
from beistand.network.models import Centre, Network, Organisation
from beistand.network.tests.factories import centre_data, post

READERS = ["alice", "bob", "carol", "lena", "paul", "kai", "ada"]
NON_EDITORS = ["alice", "bob", "carol", "lena", "paul"]

# URL name → slug argument (None: no argument). In scope for kai: backup, its carrier, the state network.
READ_PAGES = {
    "centre_list": None,
    "centre_detail": "backup",
    "organisation_list": None,
    "organisation_detail": "backup-comeback",
    "network_list": None,
    "network_detail": "landesnetzwerk-nrw",
}
EDIT_PAGES = {
    "centre_create": None,
    "centre_edit": "backup",
    "organisation_create": None,
    "organisation_edit": "backup-comeback",
    "network_create": None,
    "network_edit": "landesnetzwerk-nrw",
}
# The same edit pages for objects outside kai's networks.
FOREIGN_EDIT_PAGES = {
    "centre_edit": "weact-bochum",
    "organisation_edit": "bonem",
    "network_edit": "weact",
}
PAGES = {**READ_PAGES, **EDIT_PAGES}


def url(name: str, slug: str | None) -> str:
    return reverse(f"network:{name}", args=[slug] if slug else [])


@pytest.fixture
def directory(state_network, outside_centre, alice, bob, carol, lena, paul, kai, ada):
    """All personas and both kai's network and one outside it."""


def test_every_url_pattern_is_in_the_matrix():
    names = {pattern.name for pattern in network_urls.urlpatterns}
    assert names == set(PAGES)


@pytest.mark.django_db
@pytest.mark.parametrize("name", PAGES)
def test_anonymous_is_sent_to_login(client, directory, name):
    response = client.get(url(name, PAGES[name]))
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


@pytest.mark.django_db
@pytest.mark.parametrize("persona", READERS)
@pytest.mark.parametrize("name", READ_PAGES)
def test_every_role_reads_the_directory(request, client_for, directory, persona, name):
    response = client_for(request.getfixturevalue(persona)).get(url(name, READ_PAGES[name]))
    assert response.status_code == 200


@pytest.mark.django_db
@pytest.mark.parametrize("name", PAGES)
def test_account_without_role_gets_404(client_for, directory, name):
    from beistand.conftest import make_persona

    nobody = make_persona("nobody@example.org", "Nobody")
    assert client_for(nobody).get(url(name, PAGES[name])).status_code == 404


@pytest.mark.django_db
@pytest.mark.parametrize("persona", ["ada", "kai"])
@pytest.mark.parametrize("name", EDIT_PAGES)
def test_admin_and_coordinator_open_edit_pages_in_scope(request, client_for, directory, persona, name):
    response = client_for(request.getfixturevalue(persona)).get(url(name, EDIT_PAGES[name]))
    assert response.status_code == 200


@pytest.mark.django_db
@pytest.mark.parametrize("persona", NON_EDITORS)
@pytest.mark.parametrize("name", EDIT_PAGES)
def test_other_roles_get_404_on_every_edit_page(request, client_for, directory, persona, name):
    client = client_for(request.getfixturevalue(persona))
    assert client.get(url(name, EDIT_PAGES[name])).status_code == 404
    assert post(client, url(name, EDIT_PAGES[name]), {"name": "Changed"}).status_code == 404


@pytest.mark.django_db
@pytest.mark.parametrize("name", FOREIGN_EDIT_PAGES)
def test_coordinator_gets_404_outside_his_networks(client_for, directory, kai, ada, name):
    target = url(name, FOREIGN_EDIT_PAGES[name])
    assert client_for(kai).get(target).status_code == 404
    assert post(client_for(kai), target, {"name": "Changed"}).status_code == 404
    assert client_for(ada).get(target).status_code == 200


@pytest.mark.django_db
def test_missing_and_foreign_look_the_same(client_for, directory, kai):
    client = client_for(kai)
    foreign = client.get(url("centre_edit", "weact-bochum"))
    missing = client.get(url("centre_edit", "no-such-centre"))
    assert foreign.status_code == missing.status_code == 404
    assert foreign.content == missing.content


@pytest.mark.django_db
def test_counsellor_post_changes_nothing(client_for, directory, alice, backup):
    post(client_for(alice), url("centre_edit", "backup"), centre_data(backup, name="Hacked"))
    backup.refresh_from_db()
    assert backup.name == "BackUp"


@pytest.mark.django_db
def test_edit_links_only_where_allowed(client_for, directory, kai, alice):
    html = client_for(kai).get(url("centre_list", None)).content.decode()
    assert url("centre_edit", "backup") in html
    assert url("centre_edit", "weact-bochum") not in html
    assert url("centre_create", None) in html
    html = client_for(alice).get(url("centre_list", None)).content.decode()
    assert "/edit/" not in html
    assert url("centre_create", None) not in html


@pytest.mark.django_db
def test_kai_saves_a_centre_in_scope(client_for, directory, kai, backup, state_network):
    data = centre_data(backup, name="BackUp Westfalen", networks=[str(state_network.pk)])
    response = post(client_for(kai), url("centre_edit", "backup"), data)
    assert response.status_code == 302
    assert response["Location"] == url("centre_detail", "backup")
    backup.refresh_from_db()
    assert backup.name == "BackUp Westfalen"


@pytest.mark.django_db
def test_kai_keeps_memberships_in_networks_he_does_not_coordinate(
    client_for, directory, kai, backup, state_network, outside_network
):
    backup.networks.add(outside_network)
    data = centre_data(backup, networks=[str(state_network.pk)])
    assert post(client_for(kai), url("centre_edit", "backup"), data).status_code == 302
    assert set(backup.networks.all()) == {state_network, outside_network}


@pytest.mark.django_db
def test_kai_cannot_move_a_centre_into_a_foreign_network(
    client_for, directory, kai, backup, outside_network
):
    data = centre_data(backup, networks=[str(outside_network.pk)])
    response = post(client_for(kai), url("centre_edit", "backup"), data)
    assert response.status_code == 200
    assert outside_network not in backup.networks.all()


@pytest.mark.django_db
def test_kai_creates_a_centre_only_inside_his_networks(client_for, directory, kai, carrier, state_network):
    client = client_for(kai)
    data = centre_data(organisation=str(carrier.pk), networks=[])
    response = post(client, url("centre_create", None), data)
    assert response.status_code == 200
    assert "Choose at least one of the networks you coordinate." in response.content.decode()
    assert not Centre.objects.filter(slug="neue-beratungsstelle").exists()

    data["networks"] = [str(state_network.pk)]
    response = post(client, url("centre_create", None), data)
    assert response.status_code == 302
    assert Centre.objects.get(slug="neue-beratungsstelle").networks.get() == state_network


@pytest.mark.django_db
def test_kai_creates_an_organisation_in_his_network(client_for, directory, kai, state_network):
    client = client_for(kai)
    data = {"name": "Neuer Träger e.V.", "slug": "", "kind": "carrier", "networks": []}
    assert post(client, url("organisation_create", None), data).status_code == 200
    data["networks"] = [str(state_network.pk)]
    response = post(client, url("organisation_create", None), data)
    assert response.status_code == 302
    organisation = Organisation.objects.get(slug="neuer-traeger-ev")
    assert response["Location"] == url("organisation_detail", organisation.slug)


@pytest.mark.django_db
def test_kai_founds_networks_only_for_his_own_office(client_for, directory, kai, lks, ada):
    from beistand.network.models import Centre as CentreModel

    other_office = CentreModel.objects.create(
        slug="lks-gewalt-nrw", name="LKS Gewalt", type="coordination", organisation=lks.organisation
    )
    client = client_for(kai)
    data = {"name": "Neues Netz", "slug": "neues-netz", "coordinated_by": str(other_office.pk)}
    assert post(client, url("network_create", None), data).status_code == 200
    assert not Network.objects.filter(slug="neues-netz").exists()
    data["coordinated_by"] = str(lks.pk)
    assert post(client, url("network_create", None), data).status_code == 302
    assert Network.objects.get(slug="neues-netz").coordinated_by == lks


@pytest.mark.django_db
def test_admin_creates_a_network_without_coordinator(client_for, directory, ada):
    data = {"name": "VBRG", "slug": "vbrg", "coordinated_by": ""}
    assert post(client_for(ada), url("network_create", None), data).status_code == 302
    assert Network.objects.get(slug="vbrg").coordinated_by is None


def test_personas_exist_as_documented():
    assert set(READERS) >= set(NON_EDITORS)
    assert User.USERNAME_FIELD == "email"
