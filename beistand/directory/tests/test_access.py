"""Who reads, who edits: the scopes of access.py, and the same 404 for "not yours" as for "missing"."""

from __future__ import annotations

import uuid

import pytest
from django.http import Http404
from django.urls import reverse

from beistand.directory import access
from beistand.directory.choices import Visibility
from beistand.directory.testing import make_service

pytestmark = pytest.mark.django_db


def test_counsellors_read_public_network_and_own_centre_entries(alice, carol, network_entry, rheinland_private):
    public = make_service("Öffentlich", visibility=Visibility.PUBLIC)
    assert set(access.readable_services(alice)) == {public, network_entry}
    assert set(access.readable_services(carol)) == {public, network_entry, rheinland_private}


def test_an_entry_of_another_network_stays_inside_it(alice, kai, network_entry):
    from beistand.network.models import Network

    elsewhere = Network.objects.create(slug="anderes", name="Anderes Netzwerk")
    foreign = make_service("Anderswo", visibility=Visibility.NETWORK, network=elsewhere)
    assert foreign not in access.readable_services(alice)
    assert foreign not in access.readable_services(kai)
    with pytest.raises(Http404):
        access.get_service(alice, foreign.public_id)


def test_referrers_have_no_staff_directory(paul, client_for):
    make_service("Öffentlich", visibility=Visibility.PUBLIC)
    assert access.readable_services(paul).count() == 0
    assert client_for(paul).get(reverse("directory:search")).status_code == 404


def test_leads_edit_their_centres_entries_and_coordinators_their_networks(lena, kai, alice, carol, network_entry, rheinland_private):
    assert set(access.editable_services(lena)) == {network_entry}
    assert set(access.editable_services(kai)) == {network_entry}
    assert access.editable_services(alice).count() == 0
    assert access.editable_services(carol).count() == 0


def test_admins_read_and_edit_everything_but_have_no_notes(ada, network_entry, rheinland_private):
    assert set(access.readable_services(ada)) == {network_entry, rheinland_private}
    assert access.note_centres(ada).count() == 0
    with pytest.raises(Http404):
        access.require_note_writer(ada)


def test_foreign_and_missing_entries_answer_the_same_404(alice, client_for, rheinland_private):
    client = client_for(alice)
    foreign = client.get(reverse("directory:service_detail", args=[rheinland_private.public_id]))
    missing = client.get(reverse("directory:service_detail", args=[uuid.uuid4()]))
    assert foreign.status_code == missing.status_code == 404
    assert foreign.content == missing.content


def test_the_navigation_helper_says_who_has_a_directory(alice, kai, paul, ada, rf):
    from beistand.directory.templatetags.directory import uses_directory

    def asking(user):
        request = rf.get("/")
        request.user = user
        return uses_directory(request)

    assert [asking(user) for user in (alice, kai, ada, paul)] == [True, True, True, False]
