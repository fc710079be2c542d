"""Optimistic locking: an edit form carries the version its record had when the page was loaded.

Two people may open the same record; whoever saves second would silently
write over the first one's work. So every edit form sends the version back,
the save locks the row and compares, and a stale save raises StaleEdit with
nothing written. The view then shows the user's input again with the current
version, so that saving once more replaces the newer record on purpose.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.db import models
from django.http import QueryDict


class StaleEdit(Exception):
    """The record changed since the form was loaded: the second save is refused."""


def next_version(instance: models.Model, expected: int | None, message: Any, field: str = "version") -> int:
    """Inside a transaction: locks the stored row, checks `expected` against it, returns the next version.

    `expected` None (a form without the hidden field) checks only that the row
    still exists. Raises StaleEdit(message) when the row changed or is gone.
    """
    stored = type(instance)._base_manager.select_for_update().filter(pk=instance.pk)
    current = stored.values_list(field, flat=True).first()
    if current is None or (expected is not None and current != expected):
        raise StaleEdit(message)
    return int(current) + 1


def with_current_version(data: QueryDict, record: models.Model, key: str = "version", field: str = "version") -> QueryDict:
    """The submitted data with the record's current version under `key`, for a deliberate second save."""
    current = type(record)._base_manager.filter(pk=record.pk).values_list(field, flat=True).first()
    refreshed = data.copy()
    refreshed[key] = str(current)
    return refreshed


class VersionedForm(forms.Form):
    """Mixed into a ModelForm: the hidden version its instance had when the form was made."""

    version = forms.IntegerField(widget=forms.HiddenInput, required=False, min_value=0)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        instance = getattr(self, "instance", None)
        if instance is not None and instance.pk is not None:
            self.initial.setdefault("version", instance.version)

    @property
    def changed_data(self) -> list[str]:
        # The version is how the form was loaded, not something the user changed: audit
        # events and "nothing changed" checks must not count it.
        return [name for name in super().changed_data if name != "version"]

    def expected_version(self) -> int | None:
        return getattr(self, "cleaned_data", {}).get("version")
