#!/usr/bin/env python3
"""Project-specific rules that ruff cannot express. Run by `make lint` and CI.

Each rule names what it forbids, why, and a good and a bad example. A line can
be exempted with the marker `rules: allow <rule-name>` and a reason beside it.
"""

from __future__ import annotations

import re
import sys
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CODE = ROOT / "beistand"


@dataclass(frozen=True)
class Rule:
    name: str
    pattern: re.Pattern[str]
    suffixes: tuple[str, ...]
    why: str
    good: str
    bad: str
    skip_tests: bool = True
    only_views: bool = False


RULES = [
    Rule(
        "no-safe-filter",
        re.compile(r"\|\s*safe\b|mark_safe\(|\{%\s*autoescape\s+off"),
        # Plain-text e-mails (.txt) are never parsed as HTML; escaping would only mangle them.
        (".html", ".py"),
        "switching off escaping lets text typed by the public run as HTML in a counsellor's browser",
        "{{ message.text }}",
        "{{ message.text|safe }}",
    ),
    Rule(
        "no-logging-request-data",
        re.compile(r"log\w*\.\w+\(.*request\.(POST|GET|body|META|FILES)"),
        (".py",),
        "logs are not encrypted; form values and request metadata are personal data",
        'logger.info("reply sent", extra={"conversation": conversation.public_id})',
        'logger.info("reply %s", request.POST)',
    ),
    Rule(
        "no-client-address",
        re.compile(r"REMOTE_ADDR|HTTP_X_FORWARDED_FOR|X-Forwarded-For|HTTP_X_REAL_IP"),
        (".py",),
        "no IP address of anybody is read, stored or logged (design invariant 5)",
        "throttle by account or by a global budget",
        'request.META["REMOTE_ADDR"]',
    ),
    Rule(
        "no-unscoped-centre-data-in-views",
        # Models that hold a centre's own data. Views reach them only through the
        # access-checked getters and scoped querysets of their app.
        re.compile(
            r"\b(AuditEvent|DataKey|CentreKeyPair|Case|Person|Incident|Conversation|Message)"
            r"\.objects\b"
        ),
        (".py",),
        "an unscoped query in a view can show one centre's data to another (design invariant 3)",
        "events = audit_access.events_for(request.user, filters)",
        "events = AuditEvent.objects.filter(action=action)",
        only_views=True,
    ),
    Rule(
        "no-third-party-resources",
        re.compile(r"""(src|href|action)\s*=\s*["'](https?:)?//|url\(\s*["']?(https?:)?//|@import\s+["']?(https?:)?//"""),
        (".html", ".css"),
        "every request to another host tells it who visits a counselling site",
        '<script src="{% static \'beistand/js/htmx.min.js\' %}">',
        '<script src="https://unpkg.com/htmx.org">',
    ),
    Rule(
        "no-inline-script-or-style",
        # JSON data blocks (type="application/json") are not executed and are allowed.
        re.compile(
            r"<script(?![^>]*\b(src=|type=\"application/json\"))[^>]*>"
            r"|\sstyle\s*=\s*[\"']|\son[a-z]+\s*=\s*[\"']"
        ),
        (".html",),
        "the Content Security Policy forbids inline code; it would be blocked, and allowing it weakens XSS protection",
        '<script src="{% static \'beistand/js/quick-exit.js\' %}" defer></script>',
        '<button onclick="leave()">',
    ),
]


def violations(rule: Rule) -> list[str]:
    found = []
    for path in sorted(CODE.rglob("*")):
        if path.suffix not in rule.suffixes or "node_modules" in path.parts:
            continue
        if rule.skip_tests and "tests" in path.parts:
            continue
        if rule.only_views and not (path.name.startswith("views") or "views" in path.parts):
            continue
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
            if rule.pattern.search(line) and f"rules: allow {rule.name}" not in line:
                found.append(f"{path.relative_to(ROOT)}:{number}: {line.strip()[:120]}")
    return found


def main() -> int:
    failed = False
    for rule in RULES:
        found = violations(rule)
        if not found:
            continue
        failed = True
        print(f"[{rule.name}] {rule.why}\n  good: {rule.good}\n  bad:  {rule.bad}")
        for location in found:
            print(f"  {location}")
    if not failed:
        print("project rules: all clear")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
