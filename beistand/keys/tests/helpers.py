"""Small helpers shared by the key tests."""

from __future__ import annotations

from typing import Any


def reload(row: Any) -> Any:
    """The row as a fresh request would load it."""
    return type(row).objects.select_related("data_key__centre").get(pk=row.pk)


def sealed_blob(row: Any, field: str) -> bytes | None:
    """The ciphertext of a field as stored, without opening it."""
    state = reload(row).__dict__[field]
    return None if state is None else state.blob
