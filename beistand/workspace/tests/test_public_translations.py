"""Every public string is translated into every language of the public face.

The public strings are collected by scripts/public_msgids.py: makemessages on a
copy of the public templates (by path pattern, with what they include), and of
the Python modules that produce public text. Each language's catalogue must
hold a translation of each of them that is neither empty nor fuzzy, with every
plural form the language needs. English is the source language.
"""

from __future__ import annotations

import importlib.util
import shutil
import sys
from pathlib import Path

import pytest

_SCRIPT = Path(__file__).resolve().parents[3] / "scripts" / "public_msgids.py"
_spec = importlib.util.spec_from_file_location("public_msgids", _SCRIPT)
assert _spec and _spec.loader
public_msgids = importlib.util.module_from_spec(_spec)
sys.modules[_spec.name] = public_msgids  # dataclasses look their module up while it runs
_spec.loader.exec_module(public_msgids)

needs_gettext = pytest.mark.skipif(
    shutil.which("xgettext") is None, reason="needs GNU gettext (make test installs it)"
)


@pytest.fixture(scope="module")
def public_messages(tmp_path_factory) -> list:
    return public_msgids.public_messages(tmp_path_factory.mktemp("public-msgids"))


@needs_gettext
@pytest.mark.parametrize("language", public_msgids.public_languages())
def test_every_public_string_is_translated(language, public_messages):
    path = public_msgids.catalogue_path(language)
    assert path.exists(), f"no catalogue for {language}: cd beistand && ../manage.py makemessages -l {path.parts[-3]}"
    catalogue = public_msgids.read_catalogue(path)
    assert catalogue.plural_forms, f"{path}: the header needs a valid Plural-Forms line"
    missing = [message.msgid for message in public_msgids.untranslated(public_messages, catalogue)]
    assert not missing, (
        f"{len(missing)} public strings lack a {language} translation "
        f"(scripts/public_msgids.py --missing {language} lists them): {missing[:10]}"
    )


@needs_gettext
def test_the_public_strings_come_from_templates_includes_and_python_modules(public_messages):
    ids = {message.msgid for message in public_messages}
    assert "Leave this page quickly" in ids  # templates/public/base.html
    assert "Language" in ids  # _language_switcher.html
    assert "Page not found" in ids  # 404.html
    assert "Write anonymously" in ids  # contact/_write_link.html, included by the public centre page
    assert "Your passphrase" in ids  # contact/forms.py
    assert "Comes to you" in ids  # network/choices.py
    assert "Nationwide" in ids  # network/service_area.py
    assert "rural district" in ids  # only District.Kind of network/models/regions.py ...
    assert "population" not in ids  # ... not the staff's field names beside it
    assert "How to get there" in ids  # directory/public/card.txt and _card.html: the card the person gets
    assert "Wednesday" in ids  # the card's opening hours (directory/choices.py::Weekday)
    assert "Further help near you" in ids  # the help finder's public directory entries
    # Staff pages are not public: the workspace's navigation is not among them.
    assert "Log out" not in ids
    assert "Audit log" not in ids


def test_public_templates_are_found_by_path_pattern_with_their_includes(tmp_path):
    package = tmp_path / "beistand"
    _write(package / "newapp/templates/newapp/public/page.html", '{% include "newapp/_part.html" %}')
    _write(package / "newapp/templates/newapp/_part.html", "{% translate 'Hello' %}")
    _write(package / "newapp/templates/newapp/staff.html", "{% translate 'Staff only' %}")
    _write(package / "newapp/templates/newapp/public/tests/sample.html", "")
    found = {path.relative_to(package).as_posix() for path in public_msgids.public_files(package)}
    assert found == {"newapp/templates/newapp/public/page.html", "newapp/templates/newapp/_part.html"}


def test_public_text_templates_count_too(tmp_path):
    package = tmp_path / "beistand"
    _write(package / "newapp/templates/newapp/public/message.txt", "{% translate 'Hello' %}")
    _write(package / "newapp/templates/newapp/staff.txt", "{% translate 'Staff only' %}")
    found = {path.relative_to(package).as_posix() for path in public_msgids.public_files(package)}
    assert found == {"newapp/templates/newapp/public/message.txt"}


def test_only_the_named_part_of_a_staff_module_is_taken(tmp_path):
    module = tmp_path / "models.py"
    module.write_text(
        "from x import _\n\n"
        "class District:\n"
        "    name = _('population')\n\n"
        "    class Kind:\n"
        "        RURAL = 'rural', _('rural district')\n",
        encoding="utf-8",
    )
    text = public_msgids.public_source_text(module, ["District.Kind"])
    assert "rural district" in text
    assert "population" not in text


def _write(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


CATALOGUE = r'''msgid ""
msgstr ""
"Content-Type: text/plain; charset=UTF-8\n"
"Plural-Forms: nplurals=3; plural=(n==1 ? 0 : n%10>=2 && n%10<=4 ? 1 : 2);\n"

msgid "Police"
msgstr "Policja"

#, fuzzy
msgid "Help line"
msgstr "Telefon"

msgid "Empty"
msgstr ""

msgid "Long"
msgstr ""
"Długi "
"tekst \"w\" cudzysłowie"

msgctxt "weekday"
msgid "May"
msgstr "maj"

msgid "%(count)d file"
msgid_plural "%(count)d files"
msgstr[0] "%(count)d plik"
msgstr[1] "%(count)d pliki"
msgstr[2] ""

msgid "%(count)d day"
msgid_plural "%(count)d days"
msgstr[0] "%(count)d dzień"
msgstr[1] "%(count)d dni"
msgstr[2] "%(count)d dni"

#~ msgid "Gone"
#~ msgstr ""
'''


def test_the_check_accepts_translations_and_refuses_fuzzy_empty_and_missing_plural_forms():
    catalogue = public_msgids.parse_catalogue(CATALOGUE)
    Message = public_msgids.Message
    wanted = [
        Message("Police"),
        Message("Help line"),
        Message("Empty"),
        Message("Long"),
        Message("May", context="weekday"),
        Message("May"),
        Message("%(count)d file", "%(count)d files"),
        Message("%(count)d day", "%(count)d days"),
        Message("Gone"),
    ]
    missing = {(m.context, m.msgid) for m in public_msgids.untranslated(wanted, catalogue)}
    assert catalogue.plural_forms == 3
    assert catalogue.entries[("", "Long")].translations == {0: 'Długi tekst "w" cudzysłowie'}
    assert missing == {("", "Help line"), ("", "Empty"), ("", "May"), ("", "%(count)d file"), ("", "Gone")}


def test_a_catalogue_without_a_valid_plural_rule_translates_no_plural():
    header = 'msgid ""\nmsgstr ""\n"Plural-Forms: nplurals=INTEGER; plural=EXPRESSION;\\n"\n\n'
    catalogue = public_msgids.parse_catalogue(
        header + 'msgid "a day"\nmsgid_plural "days"\nmsgstr[0] "x"\nmsgstr[1] "y"\n'
    )
    assert catalogue.plural_forms is None
    assert public_msgids.untranslated([public_msgids.Message("a day", "days")], catalogue)
