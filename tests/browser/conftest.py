"""Browser tests: Playwright for Python driving Debian's Chromium (/usr/bin/chromium;
Playwright never downloads a browser here), with axe-core checking every page
a test visits against WCAG 2.1 A/AA.

Page objects and helpers live in pages.py; tests read as Given/When/Then.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, BrowserContext, ConsoleMessage, Page, sync_playwright

# Playwright's sync API runs an event loop in the test thread; the ORM calls the
# tests make around it are synchronous and safe.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = Path(os.environ.get("BEISTAND_CHROMIUM", "/usr/bin/chromium"))
# Flags that keep Chromium from calling home: this machine has no network, and a
# test must never depend on one.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-default-apps",
    "--disable-domain-reliability",
    "--disable-breakpad",
]


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    browser_dir = Path(__file__).parent
    for item in items:
        if browser_dir in Path(item.fspath).parents:
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    if not CHROMIUM.exists():
        pytest.fail(f"{CHROMIUM} is missing: run scripts/ensure-test-tools.sh (make test does)")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield browser
        browser.close()


def _new_context(browser: Browser, **options) -> BrowserContext:
    return browser.new_context(locale="de-DE", service_workers="block", **options)


@pytest.fixture
def console_errors() -> list[str]:
    return []


@pytest.fixture
def context(browser: Browser) -> Iterator[BrowserContext]:
    context = _new_context(browser)
    yield context
    context.close()


@pytest.fixture
def page(context: BrowserContext, console_errors: list[str], live_server) -> Iterator[Page]:
    page = context.new_page()
    page.on("console", lambda message: _record_error(message, console_errors))
    page.on("pageerror", lambda error: console_errors.append(str(error)))
    # Any request to another host fails the test (no third-party requests, invariant 5).
    foreign: list[str] = []
    page.on("request", lambda request: _record_foreign(request.url, live_server.url, foreign))
    yield page
    assert not foreign, f"requests to other hosts: {foreign}"
    # A Content-Security-Policy violation or script error shows up here.
    assert not console_errors, f"browser console errors: {console_errors}"


@pytest.fixture
def page_without_js(browser: Browser, live_server) -> Iterator[Page]:
    context = _new_context(browser, java_script_enabled=False)
    yield context.new_page()
    context.close()


def _record_error(message: ConsoleMessage, errors: list[str]) -> None:
    if message.type == "error":
        errors.append(message.text)


def _record_foreign(url: str, base: str, foreign: list[str]) -> None:
    if not (url.startswith(base) or url.startswith("data:") or url.startswith("about:")):
        foreign.append(url)
