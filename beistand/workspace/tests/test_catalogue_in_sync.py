"""Every translatable string in the code is in the German catalogue.

Runs makemessages on a copy of the package and compares the message ids with
the committed catalogue, so a new string without a German translation fails
here instead of showing English on a German page.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[2]
PROJECT = PACKAGE.parent
MSGID = re.compile(r'^msgid ((?:".*"\n)+)', re.M)


def message_ids(po_text: str) -> set[str]:
    ids = {"".join(re.findall(r'"(.*)"', block)) for block in MSGID.findall(po_text)}
    ids.discard("")
    return ids


@pytest.mark.skipif(shutil.which("xgettext") is None, reason="needs GNU gettext (make test installs it)")
def test_catalogue_holds_every_string_of_the_code(tmp_path):
    copy = tmp_path / "beistand"
    shutil.copytree(PACKAGE, copy, ignore=shutil.ignore_patterns("static", "__pycache__", "*.mo"))
    env = {**os.environ, "BEISTAND_ENV": "development", "BEISTAND_DATA_DIR": str(tmp_path / "data")}
    subprocess.run(  # noqa: S603 -- our own manage.py with fixed arguments
        [sys.executable, str(PROJECT / "manage.py"), "makemessages", "-l", "de", "--no-obsolete",
         "--ignore", "tests/*", "--add-location", "file"],
        cwd=copy, env=env, check=True, capture_output=True, timeout=120,
    )
    wanted = message_ids((copy / "locale/de/LC_MESSAGES/django.po").read_text(encoding="utf-8"))
    committed = message_ids((PACKAGE / "locale/de/LC_MESSAGES/django.po").read_text(encoding="utf-8"))
    missing = sorted(wanted - committed)
    assert not missing, f"run `make makemessages` and translate: {missing[:20]}"
