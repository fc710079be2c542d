"""Role predicates and the centres a user works in."""

from __future__ import annotations

from django.contrib.auth.models import AnonymousUser

from beistand.accounts.models import Membership, Role, User
from beistand.accounts.rules import (
    centres_for,
    is_admin,
    is_centre_lead,
    is_centre_member,
    is_coordinator,
)


def test_admin(ada, alice):
    assert is_admin(ada)
    assert not is_admin(alice)
    assert not is_admin(AnonymousUser())
    assert ada.has_perm("accounts.manage_accounts")
    assert not alice.has_perm("accounts.manage_accounts")


def test_deactivated_accounts_hold_no_role(ada, lena, backup):
    User.objects.filter(pk__in=[ada.pk, lena.pk]).update(is_active=False)
    ada.refresh_from_db()
    lena.refresh_from_db()
    assert not is_admin(ada)
    assert not is_centre_lead(lena, backup)
    assert not centres_for(lena).exists()


def test_coordinator(kai, alice, ada):
    assert is_coordinator(kai)
    assert not is_coordinator(alice)
    assert not is_coordinator(ada)


def test_centre_lead_only_of_their_own_centre(lena, alice, backup, rheinland):
    assert is_centre_lead(lena, backup)
    assert not is_centre_lead(lena, rheinland)
    assert not is_centre_lead(alice, backup)


def test_centre_member(alice, carol, lena, kai, paul, backup, rheinland, lks):
    assert is_centre_member(alice, backup)
    assert is_centre_member(lena, backup)
    assert not is_centre_member(alice, rheinland)
    assert is_centre_member(carol, rheinland)
    assert is_centre_member(kai, lks)
    assert not is_centre_member(kai, backup)  # coordinating a network is not membership
    assert not is_centre_member(paul, backup)
    assert not is_centre_member(AnonymousUser(), backup)
    assert not is_centre_member(alice, None)


def test_centres_for(alice, lena, kai, paul, ada, backup, rheinland, lks):
    Membership.objects.create(user=alice, role=Role.LEAD, centre=backup)  # two roles, one centre
    Membership.objects.create(user=alice, role=Role.COUNSELLOR, centre=rheinland)

    assert list(centres_for(alice).order_by("slug")) == [backup, rheinland]
    assert list(centres_for(lena)) == [backup]
    assert list(centres_for(kai)) == [lks]
    assert not centres_for(paul).exists()
    assert not centres_for(ada).exists()
    assert not centres_for(AnonymousUser()).exists()
