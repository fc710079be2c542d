"""Loaded by pytest with `-p beistand.lib.pytest_env` (see pyproject.toml), before
pytest-django imports the settings: selects the test mode, which needs no
production secrets and runs background tasks immediately."""

import os

os.environ.setdefault("BEISTAND_ENV", "test")


def pytest_unconfigure(config: object) -> None:
    """Removes this process's key store and file storage, which test mode puts under /tmp."""
    import shutil
    from pathlib import Path

    from django.conf import settings

    if not settings.configured or os.environ.get("BEISTAND_ENV") != "test":
        return
    for folder in (settings.KEY_STORE_DIR, settings.MEDIA_ROOT):
        path = Path(str(folder))
        if path.name.startswith(("beistand-test-keystore-", "beistand-test-media-")):
            shutil.rmtree(path, ignore_errors=True)
