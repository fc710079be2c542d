"""The demo personas of design.md as real accounts, ready to sign in with.

Everybody signs in with the same demo password, DEMO_PASSWORD below
("beistand-demo-password"). Each persona has an authenticator (TOTP) and
recovery codes, because the workspace admits nobody without a second factor;
`manage.py demo_totp <email>` prints the current code, so no authenticator
app is needed to try the demo.

`create_personas()` is idempotent: it finds personas by e-mail and only
repairs what differs (name, role, password, authenticator), so running it
twice changes nothing. It refuses to run where settings.DEMO_ALLOWED is off
(production).
"""

from __future__ import annotations

import time
from dataclasses import dataclass

from allauth.mfa import app_settings as mfa_settings
from allauth.mfa.models import Authenticator
from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes
from allauth.mfa.totp.internal.auth import (
    TOTP,
    format_hotp_value,
    generate_totp_secret,
    hotp_value,
)
from allauth.mfa.utils import decrypt
from django.conf import settings
from django.db import transaction

from beistand.accounts.models import Membership, Role, User
from beistand.network.models import Centre, Organisation

DEMO_PASSWORD = "beistand-demo-password"  # noqa: S105 -- documented, demo only
EMAIL_DOMAIN = "demo.beistand.invalid"


class DemoRefused(RuntimeError):
    """Demo accounts are never created where DEMO_ALLOWED is off, or without the demo network."""


@dataclass(frozen=True)
class Persona:
    key: str
    name: str
    description: str
    role: str | None = None
    centre: str | None = None  # slug
    organisation: str | None = None  # slug
    is_admin: bool = False

    @property
    def email(self) -> str:
        return f"{self.key}@{EMAIL_DOMAIN}"


@dataclass(frozen=True)
class PersonaLogin:
    """What one needs to sign in as a persona."""

    name: str
    role: str
    email: str
    password: str
    totp_secret: str
    recovery_code: str  # one unused code; each code works once


PERSONAS = [
    Persona("alice", "Alice", "Counsellor, BackUp", Role.COUNSELLOR, centre="backup"),
    Persona("bob", "Bob", "Counsellor, BackUp", Role.COUNSELLOR, centre="backup"),
    Persona(
        "carol", "Carol", "Counsellor, Opferberatung Rheinland",
        Role.COUNSELLOR, centre="opferberatung-rheinland",
    ),
    Persona("lena", "Lena", "Centre lead, BackUp", Role.LEAD, centre="backup"),
    Persona("kai", "Kai", "Coordinator, LKS NRW", Role.COORDINATOR, centre="lks-nrw"),
    Persona(
        "paul", "Paul", "Referrer, Polizeipräsidium Dortmund",
        Role.REFERRER, organisation="polizei-dortmund",
    ),
    Persona("ada", "Ada", "Administrator (accounts, no case content)", is_admin=True),
]


def create_personas() -> list[PersonaLogin]:
    """Create or repair the demo personas; returns how to sign in as each."""
    refuse_outside_demo()
    with transaction.atomic():
        return [_ensure_persona(persona) for persona in PERSONAS]


def refuse_outside_demo() -> None:
    if not getattr(settings, "DEMO_ALLOWED", False):
        raise DemoRefused("Demo personas are never created in production (DEMO_ALLOWED is off).")


def _ensure_persona(persona: Persona) -> PersonaLogin:
    user = _ensure_user(persona)
    _ensure_membership(user, persona)
    return PersonaLogin(
        name=persona.name,
        role=persona.description,
        email=persona.email,
        password=DEMO_PASSWORD,
        totp_secret=_ensure_totp_secret(user),
        recovery_code=_ensure_recovery_code(user),
    )


def _ensure_user(persona: Persona) -> User:
    wanted = {"display_name": persona.name, "is_admin": persona.is_admin, "is_active": True}
    user = User.objects.filter(email=persona.email).first()
    if user is None:
        return User.objects.create_user(persona.email, DEMO_PASSWORD, **wanted)
    changed = [field for field, value in wanted.items() if getattr(user, field) != value]
    for field in changed:
        setattr(user, field, wanted[field])
    if not user.check_password(DEMO_PASSWORD):
        user.set_password(DEMO_PASSWORD)
        changed.append("password")
    if changed:
        user.save(update_fields=changed)
    return user


def _ensure_membership(user: User, persona: Persona) -> None:
    if persona.role is None:
        return
    centre = _lookup(Centre, persona.centre)
    organisation = _lookup(Organisation, persona.organisation)
    Membership.objects.get_or_create(
        user=user, role=persona.role, centre=centre, organisation=organisation
    )


def _lookup(
    model: type[Centre] | type[Organisation], slug: str | None
) -> Centre | Organisation | None:
    if slug is None:
        return None
    found = model.objects.filter(slug=slug).first()
    if found is None:
        raise DemoRefused(
            f"{model._meta.verbose_name} '{slug}' is missing: load the demo network first "
            "(manage.py load_demo does both)."
        )
    return found


def _ensure_totp_secret(user: User) -> str:
    authenticator = Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).first()
    if authenticator is not None:
        return decrypt(authenticator.data["secret"])
    secret = generate_totp_secret()
    TOTP.activate(user, secret)
    return secret


def _ensure_recovery_code(user: User) -> str:
    unused = RecoveryCodes.activate(user).get_unused_codes()
    if not unused:
        # All codes used up while trying the demo: a fresh set, like "generate" in the UI.
        Authenticator.objects.filter(user=user, type=Authenticator.Type.RECOVERY_CODES).delete()
        unused = RecoveryCodes.activate(user).get_unused_codes()
    return unused[0]


def current_totp_code(email: str) -> tuple[str, int]:
    """The six-digit code a demo persona's authenticator app would show now,
    and how many seconds it stays valid. Only for demo personas."""
    refuse_outside_demo()
    if email.lower() not in {persona.email for persona in PERSONAS}:
        raise DemoRefused(f"{email} is not a demo persona.")
    user = User.objects.filter(email=email.lower()).first()
    authenticator = Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).first()
    if authenticator is None:
        raise DemoRefused(f"{email} has no authenticator yet: run manage.py load_demo first.")
    period = mfa_settings.TOTP_PERIOD
    now = int(time.time())
    code = format_hotp_value(hotp_value(decrypt(authenticator.data["secret"]), now // period))
    return code, period - now % period
