"""Which models hold encrypted fields: filled by the fields' contribute_to_class.

Data-key rotation and master-key rotation walk this registry to find every row
bound to a key and every blind index to recompute.
"""

from __future__ import annotations

from django.db import models

_models: dict[str, type[models.Model]] = {}


def register(model: type[models.Model]) -> None:
    from django.apps import apps as global_apps

    # Migrations build copies of models in registries of their own (SQLite even a
    # temporary "new__" table); only the real models count.
    if not model._meta.abstract and model._meta.apps is global_apps:
        _models[model._meta.label_lower] = model


def unregister(model: type[models.Model]) -> None:
    _models.pop(model._meta.label_lower, None)


def encrypted_models() -> list[type[models.Model]]:
    return sorted(_models.values(), key=lambda model: model._meta.label_lower)


def encrypted_fields(model: type[models.Model]) -> list[models.Field]:
    """The fields whose content is sealed with the row's data key (text, JSON, files)."""
    return [field for field in model._meta.concrete_fields if getattr(field, "is_encrypted", False)]


def blind_index_fields(model: type[models.Model]) -> list[models.Field]:
    return [field for field in model._meta.concrete_fields if getattr(field, "is_blind_index", False)]
