"""Helpers and page objects for the browser tests."""

from __future__ import annotations

import json
from pathlib import Path

from playwright.sync_api import Page, expect

AXE_SOURCE = (Path(__file__).parent / "node_modules" / "axe-core" / "axe.min.js").read_text(
    encoding="utf-8"
)
WCAG_21_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]


def assert_accessible(page: Page) -> None:
    """axe-core finds no WCAG 2.1 A/AA violation on the page as it is now.

    axe is evaluated through the DevTools protocol, which the page's Content
    Security Policy does not govern, so the policy under test stays as strict
    as in production.
    """
    page.evaluate(AXE_SOURCE)
    result = page.evaluate(
        "async (tags) => await axe.run(document, {runOnly: {type: 'tag', values: tags}})",
        WCAG_21_AA,
    )
    problems = [
        {"id": v["id"], "impact": v["impact"], "help": v["help"],
         "nodes": [node["target"] for node in v["nodes"]][:5]}
        for v in result["violations"]
    ]
    assert not problems, f"axe on {page.url}:\n{json.dumps(problems, indent=2, ensure_ascii=False)}"


class LoginPage:
    def __init__(self, page: Page, base_url: str, language: str = "de") -> None:
        self.page = page
        self.url = f"{base_url}/{language}/accounts/login/"

    def open(self) -> LoginPage:
        self.page.goto(self.url)
        return self

    def sign_in(self, email: str, password: str) -> None:
        self.page.locator("input[name=login]").fill(email)
        self.page.locator("input[name=password]").fill(password)
        self.page.locator("form button[type=submit]").first.click()

    def enter_code(self, code: str) -> None:
        self.page.locator("input[name=code]").fill(code)
        self.page.locator("form button[type=submit]").first.click()


def has_no_horizontal_scroll(page: Page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


__all__ = ["LoginPage", "assert_accessible", "expect", "has_no_horizontal_scroll"]


def sign_in_directly(context, base_url: str, user) -> None:
    """Puts a signed-in session (second factor passed) into the browser context.

    The sign-in pages themselves are tested in test_staff_login.py; other journeys
    start in the workspace.
    """
    from django.conf import settings
    from django.test import Client

    client = Client()
    client.force_login(user)
    cookie = client.cookies[settings.SESSION_COOKIE_NAME]
    context.add_cookies([{"name": cookie.key, "value": cookie.value, "url": base_url}])
