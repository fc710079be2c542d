"""URL matrix entries for deadlines, documents, "my week" and notices (see tests/matrix.py)."""

from __future__ import annotations

import atexit
import shutil
import tempfile
import uuid

from django.conf import settings
from django.test import override_settings
from django.utils import timezone

from beistand.cases.choices import DeadlineKind
from beistand.cases.models import Deadline, NoticeKind
from beistand.cases.notices import notify
from beistand.cases.tests.test_care_helpers import stored_document
from tests.matrix import CASEWORKERS, MISSING_CASE, Route, case_of, only

# A record of another centre's case is for Alice and Lena what a missing one is: 404.
OUTSIDE = {"alice": 404, "lena": 404}
# POST views answer their own with a redirect (back to the case, or where the button was).
CASEWORKERS_REDIRECTED = only(("alice", "lena"), status=302)


def _outside_the_source_tree() -> None:
    """Stored documents go to a temporary directory while the settings name no MEDIA_ROOT.

    Without one, Django stores files relative to the working directory, i.e.
    in the source tree. Set once per test process and never undone; a test
    that sets its own MEDIA_ROOT (the `settings` fixture) still wins.
    """
    if not settings.MEDIA_ROOT:
        root = tempfile.mkdtemp(prefix="beistand-matrix-media-")
        atexit.register(shutil.rmtree, root, ignore_errors=True)
        override_settings(MEDIA_ROOT=root).enable()


def deadline_of(attribute: str):
    def kwargs(world) -> dict:
        case = getattr(world, attribute)
        deadline = Deadline(case=case, kind=DeadlineKind.TASK, due_on=timezone.localdate(), title="Matrix")
        deadline.save()
        return {"case_id": case.public_id, "record_id": deadline.public_id}

    return kwargs


def document_of(attribute: str):
    def kwargs(world) -> dict:
        _outside_the_source_tree()
        case = getattr(world, attribute)
        return {"case_id": case.public_id, "record_id": stored_document(case).public_id}

    return kwargs


def missing_record(world) -> dict:
    """The own case, a record id that does not exist in it."""
    return {"case_id": world.own_case.public_id, "record_id": uuid.uuid4()}


def notice_for(persona: str):
    """A notice for one persona of the world: Alice's own, or Bob's (which nobody else may touch)."""

    def kwargs(world) -> dict:
        from beistand.accounts.models import User

        recipient = User.objects.get(email=f"{persona}@backup.example")
        return {"notice_id": notify(recipient, NoticeKind.DEADLINE_DUE, world.own_case).public_id}

    return kwargs


CASE = {
    "kwargs": case_of("own_case"), "foreign": case_of("foreign_case"), "foreign_expect": OUTSIDE,
    "missing": MISSING_CASE,
}


def records(make) -> dict:
    return {"kwargs": make("own_case"), "foreign": make("foreign_case"), "foreign_expect": OUTSIDE,
            "missing": missing_record}


ROUTES: dict[str, Route] = {
    "cases:deadline_create": Route(CASEWORKERS, **CASE),
    "cases:deadline_edit": Route(CASEWORKERS, **records(deadline_of)),
    "cases:deadline_done": Route(CASEWORKERS_REDIRECTED, method="post", **records(deadline_of)),
    "cases:document_upload": Route(CASEWORKERS, **CASE),
    "cases:document_file": Route(CASEWORKERS, **records(document_of)),
    "cases:document_preview": Route(CASEWORKERS, **records(document_of)),
    "cases:document_delete": Route(CASEWORKERS, **records(document_of)),
    "cases:my_week": Route(CASEWORKERS),
    # Only the recipient marks a notice read; the lead of the same centre gets the 404 of a missing one.
    "cases:notice_read": Route(
        only(("alice",), status=302), method="post", kwargs=notice_for("alice"),
        foreign=notice_for("bob"), foreign_expect={"alice": 404},
        missing=lambda world: {"notice_id": uuid.uuid4()},
    ),
}
