"""Shared fixtures: the test personas of design.md and their centres.

Alice and Bob counsel at BackUp, Carol at Opferberatung Rheinland, Lena leads
BackUp, Kai coordinates at LKS NRW, Paul refers from the Dortmund police, Ada
administers accounts. Every persona has a TOTP authenticator, because the
workspace refuses accounts without a second factor.
"""

from __future__ import annotations

import pytest
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
from django.test import Client

from beistand.accounts.models import Membership, Role, User
from beistand.network.choices import CentreType, OrganisationKind
from beistand.network.models import Centre, Network, Organisation

PASSWORD = "correct horse battery staple"


@pytest.fixture
def carrier(db) -> Organisation:
    return Organisation.objects.create(
        slug="backup-comeback", name="Backup – ComeBack e.V.", kind=OrganisationKind.CARRIER
    )


@pytest.fixture
def backup(carrier) -> Centre:
    return Centre.objects.create(
        slug="backup", name="BackUp", type=CentreType.VICTIM_COUNSELLING, organisation=carrier,
        channels=["phone", "outreach", "anonymous"], languages=["de", "en"],
    )


@pytest.fixture
def rheinland(db) -> Centre:
    carrier = Organisation.objects.create(
        slug="ibis", name="IBIS – Interkulturelle Arbeitsstelle", kind=OrganisationKind.CARRIER
    )
    return Centre.objects.create(
        slug="opferberatung-rheinland", name="Opferberatung Rheinland",
        type=CentreType.VICTIM_COUNSELLING, organisation=carrier,
    )


@pytest.fixture
def lks(db) -> Centre:
    ministry = Organisation.objects.create(
        slug="mkw-nrw", name="Ministerium für Kultur und Wissenschaft NRW", kind=OrganisationKind.MINISTRY
    )
    return Centre.objects.create(
        slug="lks-nrw", name="LKS NRW", type=CentreType.COORDINATION, organisation=ministry
    )


@pytest.fixture
def state_network(lks, backup, rheinland) -> Network:
    network = Network.objects.create(slug="landesnetzwerk-nrw", name="Landesnetzwerk NRW", coordinated_by=lks)
    network.centres.add(backup, rheinland)
    return network


@pytest.fixture
def police(db) -> Organisation:
    return Organisation.objects.create(
        slug="polizei-dortmund", name="Polizeipräsidium Dortmund", kind=OrganisationKind.PUBLIC_AUTHORITY
    )


def make_persona(email: str, name: str, *, admin: bool = False) -> User:
    user = User.objects.create_user(email, PASSWORD, display_name=name, is_admin=admin)
    TOTP.activate(user, generate_totp_secret())
    return user


def with_membership(user: User, role: str, *, centre=None, organisation=None) -> User:
    Membership.objects.create(user=user, role=role, centre=centre, organisation=organisation)
    return user


@pytest.fixture
def alice(backup) -> User:
    return with_membership(make_persona("alice@backup.example", "Alice"), Role.COUNSELLOR, centre=backup)


@pytest.fixture
def bob(backup) -> User:
    return with_membership(make_persona("bob@backup.example", "Bob"), Role.COUNSELLOR, centre=backup)


@pytest.fixture
def carol(rheinland) -> User:
    return with_membership(make_persona("carol@rheinland.example", "Carol"), Role.COUNSELLOR, centre=rheinland)


@pytest.fixture
def lena(backup) -> User:
    return with_membership(make_persona("lena@backup.example", "Lena"), Role.LEAD, centre=backup)


@pytest.fixture
def kai(lks, state_network) -> User:
    return with_membership(make_persona("kai@lks.example", "Kai"), Role.COORDINATOR, centre=lks)


@pytest.fixture
def paul(police) -> User:
    return with_membership(make_persona("paul@polizei.example", "Paul"), Role.REFERRER, organisation=police)


@pytest.fixture
def ada(db) -> User:
    return make_persona("ada@beistand.example", "Ada", admin=True)


@pytest.fixture
def client_for():
    """A logged-in test client for a persona (second factor already passed). CSRF stays on."""

    def make(user: User) -> Client:
        client = Client(enforce_csrf_checks=True)
        client.force_login(user)
        return client

    return make


def has_totp(user: User) -> bool:
    return Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists()
