"""Loaded by pytest with `-p beistand.lib.pytest_env` (see pyproject.toml), before
pytest-django imports the settings: selects the test mode, which needs no
production secrets and runs background tasks immediately."""

import os

os.environ.setdefault("BEISTAND_ENV", "test")
