#!/usr/bin/env python3
"""Django's command-line utility for Beistand."""

import os
import sys


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "beistand.settings")
    from django.conf import settings
    from django.core.management import execute_from_command_line

    from beistand.lib.env import ConfigError

    try:
        settings.INSTALLED_APPS  # noqa: B018 -- load settings now, to report config errors in one line
    except ConfigError as error:
        sys.stderr.write(f"beistand: configuration error: {error}\n")
        sys.exit(2)
    execute_from_command_line(sys.argv)


if __name__ == "__main__":
    main()
