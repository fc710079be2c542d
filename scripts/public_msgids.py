#!/usr/bin/env python3
"""The message ids of the public face, and which of them a language still lacks.

"Public" is every string a person without an account can read: the public
templates (found by path pattern, so the public templates of a new app count at
once), the templates they include or extend, and the Python modules that produce
public text (form labels and errors, code-list labels, the help finder's answers).
The strings are collected with Django's own `makemessages` on a copy of just
those files, so they are exactly the msgids the catalogues hold.

    .venv/bin/python scripts/public_msgids.py                 # every public msgid
    .venv/bin/python scripts/public_msgids.py --missing tr    # what Turkish lacks
    .venv/bin/python scripts/public_msgids.py --summary       # how many each language lacks

The JSON has the shape of the translators' briefs: msgid -> "" for a plain
string, {"ctx": ...} for a string with a context, {"plural": ..., "ctx": ...}
for a plural (with "forms": n where the language has more than two forms).
beistand/workspace/tests/test_public_translations.py fails while a public
string lacks a translation in one of the public languages.
"""

from __future__ import annotations

import argparse
import ast
import json
import os
import re
import subprocess
import sys
import tempfile
import textwrap
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "beistand"
LOCALE = PACKAGE / "locale"
SOURCE_LANGUAGE = "en"

# Templates the public sees, relative to the package. Every app's
# templates/<app>/public/ folder is public by this convention, text templates
# (such as the directory's card sent in a message) as much as pages.
PUBLIC_TEMPLATES = (
    "templates/public/**/*.html",
    "templates/_language_switcher.html",
    "templates/40[0-9]*.html",
    "templates/50[0-9].html",
    "*/templates/*/public/**/*.html",
    "*/templates/*/public/**/*.txt",
)

# Python modules whose strings the public reads. "module.py::Class.Inner" takes
# only that class or function from a module that is otherwise for staff. A
# module with a few staff strings besides is listed whole: translating them too
# is cheaper than a public page in the wrong language. Patterns that match
# nothing yet (public modules of apps still being written) are fine.
PUBLIC_MODULES = (
    "*/views_public.py",
    "*/views/public.py",
    "*/forms_public.py",
    "*/forms/public.py",
    "network/choices.py",  # centre types, topics, channels, languages, weekdays on centre pages
    "network/service_area.py",  # "Nationwide", "… (administrative district)"
    "network/places.py",  # why a postcode or town was not understood
    "network/models/regions.py::District.Kind",  # "rural district" after a Kreis's name
    "contact/forms.py",  # the forms to write, return, delete and object
    "contact/uploads.py",  # why a file was refused
    "helpfinder/choices.py",  # situations, who is asking, ways of contact
    "helpfinder/forms.py",
    "helpfinder/routing.py",  # the reasons given for each centre
    "helpfinder/reasons.py",
    "helpfinder/api.py",  # the API's error messages
    "helpfinder/nearby.py",  # further help near you: the needs and the reasons
    "directory/choices.py::Weekday",  # the card's opening hours, in the person's language
)

# {% include "name" %} and {% extends "name" %} with a literal template name.
TEMPLATE_REFERENCE = re.compile(r"""\{%\s*(?:include|extends)\s+["']([^"']+)["']""")


@dataclass(frozen=True)
class Message:
    """One translatable string as the catalogues key it."""

    msgid: str
    plural: str = ""
    context: str = ""

    @property
    def key(self) -> tuple[str, str]:
        return (self.context, self.msgid)


@dataclass
class Entry:
    message: Message
    translations: dict[int, str] = field(default_factory=dict)
    fuzzy: bool = False


@dataclass
class Catalogue:
    entries: dict[tuple[str, str], Entry]
    plural_forms: int | None  # None: the header names no valid number of forms


# --- Which files are public ----------------------------------------------------


def public_files(package: Path = PACKAGE) -> list[Path]:
    """The public templates and modules, with every template they include or extend."""
    return sorted(public_sources(package))


def public_sources(package: Path = PACKAGE) -> dict[Path, list[str]]:
    """Each public file with the names of the parts that are public ([]: all of it)."""
    templates = _matching(package, PUBLIC_TEMPLATES)
    pending = list(templates)
    while pending:
        for name in TEMPLATE_REFERENCE.findall(pending.pop().read_text(encoding="utf-8")):
            found = _find_template(package, name)
            if found and found not in templates:
                templates.add(found)
                pending.append(found)
    sources: dict[Path, list[str]] = {path: [] for path in templates}
    for pattern in PUBLIC_MODULES:
        module, _sep, part = pattern.partition("::")
        for path in _matching(package, [module]):
            if not part:
                sources[path] = []
            elif sources.get(path, [None]):  # a whole module stays whole
                sources.setdefault(path, []).append(part)
    return sources


def public_source_text(path: Path, parts: list[str]) -> str:
    """The file's text, or only the named classes and functions of it."""
    text = path.read_text(encoding="utf-8")
    if not parts:
        return text
    tree = ast.parse(text)
    return "\n\n".join(textwrap.dedent(_segment(text, tree, part)) for part in parts) + "\n"


def _segment(text: str, tree: ast.AST, qualified_name: str) -> str:
    node = tree
    for name in qualified_name.split("."):
        node = next(
            child for child in ast.iter_child_nodes(node)
            if isinstance(child, ast.ClassDef | ast.FunctionDef) and child.name == name
        )
    return ast.get_source_segment(text, node, padded=True) or ""


def _matching(package: Path, patterns: Iterable[str]) -> set[Path]:
    return {
        path
        for pattern in patterns
        for path in package.glob(pattern)
        if path.is_file() and "tests" not in path.relative_to(package).parts
    }


def _find_template(package: Path, name: str) -> Path | None:
    """The project's template of that name; None for Django's and other packages' own."""
    for folder in [package / "templates", *sorted(package.glob("*/templates"))]:
        if (folder / name).is_file():
            return folder / name
    return None


# --- Collecting the msgids with makemessages -------------------------------------


def public_messages(workdir: Path, package: Path = PACKAGE) -> list[Message]:
    """Runs makemessages on a copy of the public files in `workdir` and reads the result."""
    copy = workdir / "beistand"
    for path, parts in public_sources(package).items():
        target = copy / path.relative_to(package)
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(public_source_text(path, parts), encoding="utf-8")
    (copy / "locale").mkdir()
    env = {**os.environ, "BEISTAND_ENV": "development", "BEISTAND_DATA_DIR": str(workdir / "data")}
    subprocess.run(  # noqa: S603 -- our own manage.py with fixed arguments
        [sys.executable, str(ROOT / "manage.py"), "makemessages", "-l", SOURCE_LANGUAGE,
         "--no-location", "--no-wrap"],
        cwd=copy, env=env, check=True, capture_output=True, timeout=300,
    )
    po_file = copy / "locale" / SOURCE_LANGUAGE / "LC_MESSAGES" / "django.po"
    return [entry.message for entry in read_catalogue(po_file).entries.values()]


# --- Reading catalogues ------------------------------------------------------------

_FIELD = re.compile(r'^(msgctxt|msgid_plural|msgid|msgstr(?:\[(\d+)\])?)\s+"(.*)"$')
_CONTINUATION = re.compile(r'^"(.*)"$')
_ESCAPES = {"n": "\n", "t": "\t", '"': '"', "\\": "\\", "r": "\r"}
_PLURAL_FORMS = re.compile(r"Plural-Forms:.*?nplurals\s*=\s*(\d+)\s*;")


def _unescape(text: str) -> str:
    return re.sub(r"\\(.)", lambda match: _ESCAPES.get(match[1], match[0]), text)


def parse_catalogue(text: str) -> Catalogue:
    """The entries of a .po file, without the header and without obsolete (#~) entries."""
    entries: dict[tuple[str, str], Entry] = {}
    plural_forms: int | None = None
    for block in re.split(r"\n[ \t]*\n", text):
        fields, fuzzy = _fields(block)
        if "msgid" not in fields:
            continue
        if fields["msgid"] == "" and not fields.get("msgctxt"):
            found = _PLURAL_FORMS.search(fields.get("msgstr", "").replace("\n", " "))
            plural_forms = int(found[1]) if found else None
            continue
        message = Message(fields["msgid"], fields.get("msgid_plural", ""), fields.get("msgctxt", ""))
        entries[message.key] = Entry(message, _translations(fields), fuzzy)
    return Catalogue(entries, plural_forms)


def read_catalogue(path: Path) -> Catalogue:
    return parse_catalogue(path.read_text(encoding="utf-8"))


def _fields(block: str) -> tuple[dict[str, str], bool]:
    fields: dict[str, str] = {}
    fuzzy = False
    current = None
    for line in block.splitlines():
        line = line.strip()
        if line.startswith("#,"):
            fuzzy = fuzzy or "fuzzy" in (flag.strip() for flag in line[2:].split(","))
        elif line.startswith("#"):
            continue  # comments, locations and obsolete entries
        elif match := _FIELD.match(line):
            current = match[1]
            fields[current] = _unescape(match[3])
        elif (match := _CONTINUATION.match(line)) and current:
            fields[current] += _unescape(match[1])
    return fields, fuzzy


def _translations(fields: dict[str, str]) -> dict[int, str]:
    if "msgstr" in fields:
        return {0: fields["msgstr"]}
    return {int(name[7:-1]): text for name, text in fields.items() if name.startswith("msgstr[")}


def is_translated(entry: Entry | None, plural_forms: int | None) -> bool:
    """Translated: not fuzzy, and every form the language needs is filled in."""
    if entry is None or entry.fuzzy:
        return False
    forms = range(plural_forms or 0) if entry.message.plural else [0]
    return bool(forms) and all(entry.translations.get(form) for form in forms)


def untranslated(messages: Iterable[Message], catalogue: Catalogue) -> list[Message]:
    return [m for m in messages if not is_translated(catalogue.entries.get(m.key), catalogue.plural_forms)]


# --- Languages --------------------------------------------------------------------


def public_languages() -> list[str]:
    """Every language of settings.LANGUAGES but the source language."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "beistand.settings")
    os.environ.setdefault("BEISTAND_ENV", "development")
    from django.conf import settings

    return [code for code, _name in settings.LANGUAGES if code != SOURCE_LANGUAGE]


def catalogue_path(language: str) -> Path:
    """Django's folder name for the language: de-ls lives in de_LS."""
    from django.utils.translation import to_locale

    return LOCALE / to_locale(language) / "LC_MESSAGES" / "django.po"


# --- Command line ------------------------------------------------------------------


def as_brief(messages: Iterable[Message], plural_forms: int | None = None) -> dict[str, object]:
    brief: dict[str, object] = {}
    for message in sorted(messages, key=lambda m: m.key):
        value: dict[str, object] = {"ctx": message.context} if message.context else {}
        if message.plural:
            value["plural"] = message.plural
            if plural_forms and plural_forms != 2:
                value["forms"] = plural_forms
        brief[message.msgid] = value or ""
    return brief


def _summary(messages: list[Message]) -> dict[str, object]:
    counts: dict[str, object] = {}
    for language in public_languages():
        path = catalogue_path(language)
        if not path.exists():
            counts[language] = "no catalogue"
        else:
            counts[language] = len(untranslated(messages, read_catalogue(path)))
    return {"public strings": len(messages), "missing per language": counts}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    choice = parser.add_mutually_exclusive_group()
    choice.add_argument("--missing", metavar="LANGUAGE", help="only the strings this language lacks")
    choice.add_argument("--summary", action="store_true", help="how many strings each language lacks")
    arguments = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as workdir:
        messages = public_messages(Path(workdir))
    if arguments.summary:
        result: dict[str, object] = _summary(messages)
    elif arguments.missing:
        path = catalogue_path(arguments.missing)
        catalogue = read_catalogue(path) if path.exists() else Catalogue({}, None)
        result = as_brief(untranslated(messages, catalogue), catalogue.plural_forms)
    else:
        result = as_brief(messages)
    json.dump(result, sys.stdout, ensure_ascii=False, indent=1)
    print()
    return 0


if __name__ == "__main__":
    sys.exit(main())
