"""manage.py load_demo: the demo network, the demo personas and their demo cases, and how to sign in."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from beistand.cases.models import Case
from beistand.demo.personas import DEMO_PASSWORD, DemoRefused, PersonaLogin, create_personas

LOGIN_URL = "http://127.0.0.1:8000/de/accounts/login/"
COLUMNS = ("Persona", "Role", "E-mail", "Recovery code (once)", "TOTP secret")


class Command(BaseCommand):
    help = "Load the demo network, the demo personas and their demo cases (refused in production)."

    def handle(self, *args: Any, **options: Any) -> None:
        if not getattr(settings, "DEMO_ALLOWED", False):
            raise CommandError("The demo is never loaded in production (DEMO_ALLOWED is off).")
        # Imported here: the network loader is the network engineers' module.
        from beistand.demo.cases import create_demo_cases
        from beistand.demo.network import load_demo_network
        from beistand.directory.demo import load_demo_directory
        from beistand.helpfinder.demo import load_demo_routing

        try:
            load_demo_network()
            load_demo_routing()
            load_demo_directory()
            logins = create_personas()
            cases = create_demo_cases()
        except (DemoRefused, RuntimeError) as error:
            raise CommandError(str(error)) from error
        self.stdout.write(login_instructions(logins))
        self.stdout.write(demo_case_list(cases))


def login_instructions(logins: list[PersonaLogin]) -> str:
    rows = [COLUMNS] + [
        (login.name, login.role, login.email, login.recovery_code, login.totp_secret)
        for login in logins
    ]
    widths = [max(len(row[column]) for row in rows) for column in range(len(COLUMNS))]
    table = ["  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=True)).rstrip()
             for row in rows]
    table.insert(1, "  ".join("-" * width for width in widths))
    return "\n".join([
        "Demo loaded. Sign in at " + LOGIN_URL,
        f"Password for every persona: {DEMO_PASSWORD}",
        "",
        *table,
        "",
        "Second factor: add the TOTP secret to an authenticator app, or print the current code:",
        "  BEISTAND_ENV=development .venv/bin/python manage.py demo_totp alice@demo.beistand.invalid",
        "A recovery code works once; running load_demo (or make run) again shows the next unused one.",
    ]) + "\n"


def demo_case_list(cases: list[Case]) -> str:
    """References only: the case list in the workspace shows the rest to whoever signs in."""
    references = ", ".join(case.reference for case in cases)
    return f"Demo cases (all invented): {references}\n"
