"""Start-up checks: production refuses to run without a usable key store."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core import checks

from beistand.keys.keystore import KeyStoreUnavailable, key_store


@checks.register("keys")
def key_store_available(app_configs: Any = None, **kwargs: Any) -> list[checks.CheckMessage]:
    if not settings.PRODUCTION:
        return []
    try:
        key_store().require_root()
    except (KeyStoreUnavailable, OSError) as error:
        return [checks.Error(str(error), id="keys.E010")]
    return []
