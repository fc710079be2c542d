"""Deadlines and tasks, consents per purpose, documents."""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from typing import Any, TypeVar

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from beistand.cases.choices import ConsentForm, ConsentPurpose, DeadlineKind, DocumentKind
from beistand.cases.models.base import CaseRecord
from beistand.keys.fields import EncryptedTextField
from beistand.keys.files import EncryptedFileField

# How many done deadlines the case page lists (to reopen one); older ones stay in the database.
DONE_ON_CASE_PAGE = 10

RecordT = TypeVar("RecordT", bound=CaseRecord)


def with_case_key(records: Iterable[RecordT], case: Any) -> list[RecordT]:
    """The records, each opening with the case's own data key instance.

    A case page lists many records of one case: sharing the case's (already
    unwrapped) key means one unwrap per page and no key query per row.
    """
    rows = list(records)
    for row in rows:
        row.case = case
        if row.data_key_id == case.data_key_id:
            row.data_key = case.data_key
    return rows


class DeadlineManager(models.Manager["Deadline"]):
    def for_case_page(self) -> dict[str, list[Deadline]]:
        """On `case.deadlines` (the case is the manager's instance): open ones, and the last done."""
        case = self.instance  # type: ignore[attr-defined]
        rows = self.select_related("assigned_to")
        return {
            "open": with_case_key(rows.filter(done_at__isnull=True), case),
            "done": with_case_key(rows.filter(done_at__isnull=False).order_by("-done_at")[:DONE_ON_CASE_PAGE], case),
        }


class DocumentManager(models.Manager["Document"]):
    def for_case_page(self) -> list[Document]:
        """On `case.documents`: every document of the case, newest first, with the case's key."""
        return with_case_key(self.all(), self.instance)  # type: ignore[attr-defined]


class Deadline(CaseRecord):
    """A deadline the law gives (computed from its event) or a free task."""

    case = models.ForeignKey("cases.Case", on_delete=models.CASCADE, related_name="deadlines")
    kind = models.CharField(_("kind"), max_length=30, choices=DeadlineKind.choices, default=DeadlineKind.TASK)
    # The event the deadline runs from (the incident, the police deployment, ...).
    event_on = models.DateField(_("event on"), null=True, blank=True)
    due_on = models.DateField(_("due on"))
    title = EncryptedTextField(_("what is to be done"), null=True, blank=True)
    assigned_to = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
        related_name="deadlines", verbose_name=_("assigned to"),
    )
    remind_days_before = models.PositiveSmallIntegerField(_("remind days before"), default=3)
    reminded_at = models.DateTimeField(null=True, blank=True, editable=False)
    done_at = models.DateTimeField(_("done at"), null=True, blank=True)

    objects = DeadlineManager()

    class Meta:
        verbose_name = _("deadline")
        verbose_name_plural = _("deadlines")
        ordering = ["due_on", "pk"]
        indexes = [models.Index(fields=["due_on"], condition=Q(done_at__isnull=True), name="cases_open_deadline_idx")]

    def __str__(self) -> str:
        return f"deadline {self.public_id}"

    @property
    def is_done(self) -> bool:
        return self.done_at is not None


class Consent(CaseRecord):
    """One statement of a person on one purpose: given or withdrawn. Never edited, only followed.

    The current state for a purpose (and partner) is the newest statement.
    """

    case = models.ForeignKey("cases.Case", on_delete=models.CASCADE, related_name="consents")
    person = models.ForeignKey(
        "cases.CasePerson", on_delete=models.CASCADE, related_name="consents", verbose_name=_("person")
    )
    purpose = models.CharField(_("purpose"), max_length=20, choices=ConsentPurpose.choices)
    # For sharing: with whom (encrypted, it names the person's lawyer, doctor, ...).
    partner = EncryptedTextField(_("partner"), null=True, blank=True)
    given = models.BooleanField(_("given"))
    stated_at = models.DateTimeField(_("stated at"), default=timezone.now)
    form = models.CharField(_("form"), max_length=20, choices=ConsentForm.choices)
    language = models.CharField(_("language"), max_length=10)
    text_version = models.CharField(_("version of the consent text"), max_length=30)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+", editable=False
    )

    class Meta:
        verbose_name = _("consent")
        verbose_name_plural = _("consents")
        ordering = ["-stated_at", "-pk"]

    def __str__(self) -> str:
        return f"consent {self.public_id}"


class Document(CaseRecord):
    case = models.ForeignKey("cases.Case", on_delete=models.CASCADE, related_name="documents")
    kind = models.CharField(_("kind"), max_length=20, choices=DocumentKind.choices)
    file = EncryptedFileField(_("file"), upload_to="cases/documents")
    original_name = EncryptedTextField(_("file name"))
    content_type = models.CharField(max_length=100, editable=False)
    size = models.PositiveIntegerField(editable=False)
    # A small JPEG of images and PDFs' first page, made on the server; encrypted too.
    preview = EncryptedFileField(upload_to="cases/previews", null=True, blank=True, editable=False)
    description = EncryptedTextField(_("description"), null=True, blank=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+", editable=False
    )

    objects = DocumentManager()

    class Meta:
        verbose_name = _("document")
        verbose_name_plural = _("documents")
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"document {self.public_id}"


class NoticeKind(models.TextChoices):
    DEADLINE_DUE = "deadline_due", _("A deadline is due")
    CASE_DELETED = "case_deleted", _("A case was deleted")
    CASE_ASSIGNED = "case_assigned", _("A case was assigned to you")
    NEW_MESSAGE = "new_message", _("A new message is waiting")


class Notice(models.Model):
    """An in-app notice for one staff member. It never holds content, only a kind and a reference.

    The reference is kept as text (e.g. BU-2026-0042), so a notice that a case
    was deleted still says which one; `case` is cleared when the case goes.
    """

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    recipient = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notices")
    centre = models.ForeignKey("network.Centre", on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(max_length=20, choices=NoticeKind.choices)
    reference = models.CharField(max_length=30, blank=True)
    case = models.ForeignKey("cases.Case", on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    due_on = models.DateField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    read_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["recipient", "read_at"], name="cases_notice_unread_idx")]

    def __str__(self) -> str:
        return f"{self.kind} {self.reference}"
