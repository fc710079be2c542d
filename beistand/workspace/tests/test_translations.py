"""The German catalogue is complete: every string of the interface has a translation."""

import re
from pathlib import Path

LOCALE = Path(__file__).resolve().parents[2] / "locale"


def entries(po_file: Path) -> list[str]:
    return po_file.read_text(encoding="utf-8").split("\n\n")[1:]


def is_untranslated(entry: str) -> bool:
    return bool(re.search(r'^msgstr(\[\d\])? ""$(?!\n")', entry, re.M))


def test_german_catalogue_has_no_empty_or_fuzzy_entry():
    po_file = LOCALE / "de" / "LC_MESSAGES" / "django.po"
    problems = [e for e in entries(po_file) if is_untranslated(e) or "#, fuzzy" in e]
    assert len(entries(po_file)) > 400
    assert not problems, "\n\n".join(problems[:10])


def test_the_check_notices_a_missing_translation():
    assert is_untranslated('msgid "Police"\nmsgstr ""')
    assert not is_untranslated('msgid "Police"\nmsgstr "Polizei"')
    assert not is_untranslated('msgid "Long"\nmsgstr ""\n"Lang"')
