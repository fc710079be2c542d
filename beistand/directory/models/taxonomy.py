"""Taxonomies of the directory (HSDS taxonomy, taxonomy_term): needs and features.

The default terms (directory.taxonomy_defaults) are loaded by a migration and
stay editable. Terms are database content in German, like the entries.
"""

from __future__ import annotations

import uuid

from django.db import models
from django.utils.translation import gettext_lazy as _


class HsdsRecord(models.Model):
    """A row with the identifier HSDS exchanges (`id` in the files and the API)."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)

    class Meta:
        abstract = True


class Taxonomy(HsdsRecord):
    code = models.SlugField(_("code"), max_length=60, unique=True)
    name = models.CharField(_("name"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    uri = models.URLField(_("address of the taxonomy"), blank=True)
    version = models.CharField(_("version"), max_length=40, blank=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("taxonomy")
        verbose_name_plural = _("taxonomies")

    def __str__(self) -> str:
        return self.name


class TaxonomyTerm(HsdsRecord):
    taxonomy = models.ForeignKey(
        Taxonomy, on_delete=models.PROTECT, related_name="terms", verbose_name=_("taxonomy")
    )
    code = models.SlugField(_("code"), max_length=80, unique=True)
    name = models.CharField(_("name"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    parent = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="children",
        verbose_name=_("broader term"),
    )
    language = models.CharField(_("language of the name"), max_length=10, default="de")
    term_uri = models.URLField(_("address of the term"), blank=True)
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    # Optimistic locking of the edit form (beistand/lib/locking.py).
    version = models.PositiveIntegerField(default=1, editable=False)

    class Meta:
        ordering = ["position", "name"]
        verbose_name = _("taxonomy term")
        verbose_name_plural = _("taxonomy terms")

    def __str__(self) -> str:
        return self.name
