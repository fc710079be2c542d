"""Inactive conversations are deleted after their period; holds keep them; the person is told when."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone

from beistand.cases.models import Notice
from beistand.contact.models import Conversation
from beistand.contact.retention import CATEGORY, deletion_date, retention_days
from beistand.contact.testing import make_conversation
from beistand.contact.tests.conftest import PDF, SECRET_TEXT
from beistand.contact.uploads import PreparedFile
from beistand.keys.models import DataKey
from beistand.keys.testing import database_holds
from beistand.retention import registry
from beistand.retention.jobs import run_category
from beistand.retention.models import LegalHold, RetentionPolicy

pytestmark = pytest.mark.django_db


def age(conversation, days):
    Conversation.objects.filter(pk=conversation.pk).update(
        last_activity_at=timezone.now() - datetime.timedelta(days=days)
    )


def test_the_category_is_registered_and_complete():
    assert registry.get("inactive_conversations") is CATEGORY
    assert registry.contract_problems(CATEGORY) == []
    assert CATEGORY.days() == 90


def test_inactive_conversations_are_shredded_with_files_and_notices(backup, alice, settings, django_capture_on_commit_callbacks):
    pdf = PreparedFile("brief.pdf", "application/pdf", PDF)
    old, _ = make_conversation(backup, SECRET_TEXT, files=(pdf,))
    recent, _ = make_conversation(backup, "Neu")
    age(old, 91)
    age(recent, 89)
    assert Notice.objects.filter(reference=old.reference).exists()
    with django_capture_on_commit_callbacks(execute=True):
        report = run_category(CATEGORY, timezone.now())
    assert not report.failed and report.removed == 1
    assert list(Conversation.objects.all()) == [recent]
    assert DataKey.objects.get(pk=old.data_key_id).is_destroyed
    assert not Notice.objects.filter(reference=old.reference).exists()
    assert report.counts["files"] == 1 and report.counts["keys"] == 1
    assert database_holds(SECRET_TEXT) == []


def test_a_legal_hold_keeps_a_conversation(backup, lena):
    conversation, _ = make_conversation(backup)
    age(conversation, 200)
    LegalHold.objects.create(centre=backup, object_type="contact.conversation",
                             object_public_id=conversation.public_id, reason="proceedings", placed_by=lena.public_id)
    report = run_category(CATEGORY, timezone.now())
    assert report.held == 1 and report.removed == 0
    assert Conversation.objects.filter(pk=conversation.pk).exists()


def test_a_centre_may_keep_them_for_less(backup):
    RetentionPolicy.objects.create(centre=backup, category="inactive_conversations", days=30)
    conversation, _ = make_conversation(backup)
    age(conversation, 31)
    assert retention_days(backup) == 30
    assert run_category(CATEGORY, timezone.now()).removed == 1


def test_the_person_is_told_the_date(backup):
    conversation, _ = make_conversation(backup)
    expected = timezone.localdate(conversation.last_activity_at + datetime.timedelta(days=90))
    assert deletion_date(conversation) == expected
