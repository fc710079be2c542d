"""manage.py demo_totp <email>: the current authenticator code of a demo persona."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from beistand.demo.personas import DemoRefused, current_totp_code


class Command(BaseCommand):
    help = "Print the current six-digit code of a demo persona, e.g. alice@demo.beistand.invalid."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("email")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            code, seconds_left = current_totp_code(options["email"])
        except DemoRefused as error:
            raise CommandError(str(error)) from error
        self.stdout.write(code)
        self.stderr.write(
            f"valid for {seconds_left} more seconds; each code signs in once"
        )
