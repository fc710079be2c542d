"""Every URL of the project, for every persona, against its own and a foreign centre.

Each URL pattern must have an entry in ROUTES; a new view without one fails
`test_every_url_pattern_is_in_the_matrix`. An entry says what each persona gets
for a GET: 200, a redirect (302, to sign-in or to second-factor setup) or 404 —
the same 404 for "not yours" as for "does not exist" (design invariant 3).
Objects are chosen per persona's perspective: `own` lies inside the scope of the
personas who may work on it, `foreign` outside it, `missing` does not exist.
"""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from beistand.accounts.models import Membership
from beistand.cases.testing import make_case
from beistand.network.choices import CentreType
from beistand.network.models import Centre, Network, Organisation
from tests.case_routes import CASE_ROUTES
from tests.contact_routes import CONTACT_ROUTES
from tests.directory_routes import DIRECTORY_ROUTES
from tests.helpfinder_routes import HELPFINDER_ROUTES
from tests.matrix import (
    ACCOUNT,
    ADMIN_ONLY,
    EDITORS,
    MEMBERSHIP,
    MISSING_ACCOUNT,
    MISSING_SLUG,
    PERSONAS,
    SIGNED_IN_ELSEWHERE,
    STAFF,
    Route,
    World,
    everyone,
    only,
    slug_of,
    staff,
)

ROUTES: dict[str, Route] = {
    "health": Route(everyone(200)),
    # The public face: the same for everybody.
    "public:home": Route(everyone(200)),
    "public:centres": Route(everyone(200)),
    "public:centre": Route(everyone(200), kwargs=slug_of("own_centre"), missing=MISSING_SLUG),
    # Sign-in and second factor (django-allauth).
    "account_login": Route(SIGNED_IN_ELSEWHERE),
    "account_logout": Route({"anonymous": 302, **dict.fromkeys(STAFF, 200)}),
    "account_signup": Route(everyone(404)),
    "account_email": Route(everyone(404)),
    "account_inactive": Route(everyone(200)),
    "account_reauthenticate": Route(staff(200)),
    "account_email_verification_sent": Route(everyone(200)),
    "account_change_password": Route(staff(200)),
    "account_set_password": Route(staff(302)),
    "account_reset_password": Route(everyone(200)),
    "account_reset_password_done": Route(everyone(200)),
    "account_reset_password_from_key": Route(
        everyone(200), kwargs=lambda world: {"uidb36": "zz", "key": "not-a-key"}
    ),
    "account_reset_password_from_key_done": Route(everyone(200)),
    "account_confirm_login_code": Route(everyone(302)),
    "account_confirm_email": Route(everyone(200), kwargs=lambda world: {"key": "not-a-key"}),
    "mfa_index": Route(staff(200)),
    "mfa_authenticate": Route(everyone(302)),
    "mfa_reauthenticate": Route(staff(200)),
    "mfa_activate_totp": Route(staff(302)),
    "mfa_deactivate_totp": Route(staff(302)),
    "mfa_view_recovery_codes": Route(staff(404)),
    "mfa_generate_recovery_codes": Route(staff(302)),
    "mfa_download_recovery_codes": Route(staff(404)),
    "mfa_list_webauthn": Route(staff(200)),
    "mfa_add_webauthn": Route(staff(302)),
    "mfa_reauthenticate_webauthn": Route(staff(302)),
    "mfa_remove_webauthn": Route(staff(302), kwargs=lambda world: {"pk": 999999}),
    "mfa_edit_webauthn": Route(staff(302), kwargs=lambda world: {"pk": 999999}),
    "mfa_login_webauthn": Route(everyone(302)),
    # The workspace.
    "workspace:home": Route(staff(200)),
    # The network directory: everyone with a role reads; coordinators edit within their networks.
    "network:centre_list": Route(staff(200)),
    "network:centre_create": Route(EDITORS),
    "network:centre_detail": Route(staff(200), kwargs=slug_of("own_centre"), missing=MISSING_SLUG),
    "network:centre_edit": Route(
        EDITORS, kwargs=slug_of("own_centre"),
        foreign=slug_of("foreign_centre"), foreign_expect=only(("ada",)), missing=MISSING_SLUG,
    ),
    "network:organisation_list": Route(staff(200)),
    "network:organisation_create": Route(EDITORS),
    "network:organisation_detail": Route(
        staff(200), kwargs=slug_of("own_organisation"), missing=MISSING_SLUG
    ),
    "network:organisation_edit": Route(
        EDITORS, kwargs=slug_of("own_organisation"),
        foreign=slug_of("foreign_organisation"), foreign_expect=only(("ada",)), missing=MISSING_SLUG,
    ),
    "network:network_list": Route(staff(200)),
    "network:network_create": Route(EDITORS),
    "network:network_detail": Route(staff(200), kwargs=slug_of("own_network"), missing=MISSING_SLUG),
    "network:network_edit": Route(
        EDITORS, kwargs=slug_of("own_network"),
        foreign=slug_of("foreign_network"), foreign_expect=only(("ada",)), missing=MISSING_SLUG,
    ),
    # The audit log: centre leads see their centre's events, admins the technical ones.
    "audit:event_list": Route(only(("lena", "ada"))),
    # Account administration: admins only; everybody else gets the 404 of a missing page.
    "staff_accounts:user_list": Route(ADMIN_ONLY),
    "staff_accounts:user_create": Route(ADMIN_ONLY),
    "staff_accounts:user_detail": Route(ADMIN_ONLY, kwargs=ACCOUNT, missing=MISSING_ACCOUNT),
    "staff_accounts:user_edit": Route(ADMIN_ONLY, kwargs=ACCOUNT, missing=MISSING_ACCOUNT),
    "staff_accounts:membership_add": Route(ADMIN_ONLY, kwargs=ACCOUNT, missing=MISSING_ACCOUNT),
    "staff_accounts:membership_remove": Route(ADMIN_ONLY, kwargs=MEMBERSHIP),
    "staff_accounts:user_deactivate": Route(ADMIN_ONLY, kwargs=ACCOUNT, missing=MISSING_ACCOUNT),
    "staff_accounts:user_reactivate": Route(
        only(("ada",), status=302), kwargs=ACCOUNT, missing=MISSING_ACCOUNT, method="post"
    ),
    "staff_accounts:user_reset_mfa": Route(ADMIN_ONLY, kwargs=ACCOUNT, missing=MISSING_ACCOUNT),
    "staff_accounts:user_send_link": Route(
        only(("ada",), status=302), kwargs=ACCOUNT, missing=MISSING_ACCOUNT, method="post"
    ),
}
ROUTES.update(CASE_ROUTES)
ROUTES.update(CONTACT_ROUTES)
ROUTES.update(HELPFINDER_ROUTES)
ROUTES.update(DIRECTORY_ROUTES)


def url_names(resolver: URLResolver | None = None, namespace: str = "") -> set[str]:
    names: set[str] = set()
    for pattern in (resolver or get_resolver()).url_patterns:
        if isinstance(pattern, URLResolver):
            inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
            names |= url_names(pattern, inner)
        elif isinstance(pattern, URLPattern):
            assert pattern.name, f"unnamed URL pattern {pattern.pattern} cannot be checked"
            names.add(f"{namespace}{pattern.name}")
    return names


def test_every_url_pattern_is_in_the_matrix():
    missing = sorted(url_names() - set(ROUTES))
    stale = sorted(set(ROUTES) - url_names())
    assert not missing, f"URL patterns without an entry in ROUTES (add them): {missing}"
    assert not stale, f"ROUTES entries for URLs that no longer exist: {stale}"


@pytest.fixture
def world(backup, rheinland, state_network, police, lena, bob, alice) -> World:
    outside_office = Centre.objects.create(
        slug="lks-gewalt", name="LKS Gewalt", type=CentreType.COORDINATION,
        organisation=police,
    )
    foreign_network = Network.objects.create(slug="gewaltschutz", name="Gewaltschutz", coordinated_by=outside_office)
    foreign_carrier = Organisation.objects.create(slug="frauenhilfe", name="Frauenhilfe e.V.", kind="carrier")
    foreign_centre = Centre.objects.create(
        slug="frauenberatung", name="Frauenberatung", type=CentreType.DOMESTIC_VIOLENCE_COUNSELLING,
        organisation=foreign_carrier,
    )
    foreign_centre.networks.add(foreign_network)
    return World(
        own_centre=backup,
        foreign_centre=foreign_centre,
        own_organisation=backup.organisation,
        foreign_organisation=foreign_carrier,
        own_network=state_network,
        foreign_network=foreign_network,
        colleague_id=bob.public_id,
        colleague_membership_id=Membership.objects.get(user=bob).public_id,
        own_case=make_case(backup, assigned=[alice]),
        foreign_case=make_case(foreign_centre),
    )


@pytest.fixture
def clients(alice, lena, kai, paul, ada) -> dict[str, Client]:
    signed_in = {"anonymous": Client()}
    for name, user in {"alice": alice, "lena": lena, "kai": kai, "paul": paul, "ada": ada}.items():
        signed_in[name] = Client()
        signed_in[name].force_login(user)
    return signed_in


def status(client: Client, name: str, kwargs: dict | None) -> int:
    url = reverse(name, kwargs=kwargs or None)
    if ROUTES[name].method == "post":
        return client.post(url).status_code
    return client.get(url).status_code


@pytest.mark.django_db
@pytest.mark.parametrize("name", sorted(ROUTES))
def test_each_persona_gets_what_its_role_allows(name, world, clients):
    route = ROUTES[name]
    own = route.kwargs(world) if route.kwargs else None
    got = {persona: status(clients[persona], name, own) for persona in PERSONAS}
    assert got == route.expect


@pytest.mark.django_db
@pytest.mark.parametrize("name", sorted(n for n, r in ROUTES.items() if r.foreign))
def test_foreign_objects_answer_like_missing_ones(name, world, clients):
    route = ROUTES[name]
    assert route.foreign is not None
    got = {persona: status(clients[persona], name, route.foreign(world)) for persona in PERSONAS}
    assert got == {**route.expect, **route.foreign_expect}


@pytest.mark.django_db
@pytest.mark.parametrize("name", sorted(n for n, r in ROUTES.items() if r.missing))
def test_missing_objects_are_404_for_everybody_signed_in(name, world, clients):
    route = ROUTES[name]
    assert route.missing is not None
    got = {persona: status(clients[persona], name, route.missing(world)) for persona in PERSONAS}
    expected_anonymous = route.expect["anonymous"] if route.expect["anonymous"] != 200 else 404
    assert got == {"anonymous": expected_anonymous, **dict.fromkeys(STAFF, 404)}
