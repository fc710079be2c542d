"""Logs carry neither form values, query strings nor IP addresses."""

from __future__ import annotations

import io
import logging
import logging.config

import pytest
from django.conf import settings
from django.test import Client, override_settings

MARKER = "Zeuge-Mustermann-4711"


@pytest.fixture
def log_output():
    """The project's console handler (with its redaction filter), writing into a buffer."""
    config = {**settings.LOGGING, "disable_existing_loggers": False}
    logging.config.dictConfig(config)
    handler = logging.getLogger().handlers[0]
    buffer = io.StringIO()
    handler.setStream(buffer)  # type: ignore[attr-defined]
    yield buffer
    logging.config.dictConfig(settings.LOGGING)


def test_request_line_loses_its_query_string(log_output):
    logging.getLogger("django.server").info('"%s" %s %s', f"GET /de/?place={MARKER} HTTP/1.1", 200, 512)
    written = log_output.getvalue()
    assert "GET /de/?… HTTP/1.1" in written
    assert MARKER not in written


@pytest.mark.django_db
@override_settings(ROOT_URLCONF="beistand.lib.tests.failing_urls")
def test_a_failing_view_logs_no_form_value_query_or_address(log_output):
    client = Client(raise_request_exception=False)
    response = client.post(f"/explode/?name={MARKER}", {"message": MARKER}, REMOTE_ADDR="203.0.113.9")
    written = log_output.getvalue()
    assert response.status_code == 500
    assert "RuntimeError: the view failed" in written  # the failure itself is logged
    assert MARKER not in written
    assert "203.0.113.9" not in written
    assert MARKER not in response.content.decode()


@pytest.mark.django_db
def test_a_failed_sign_in_logs_nothing_of_what_was_typed(log_output):
    Client().post("/de/accounts/login/", {"login": f"{MARKER}@example.org", "password": MARKER})
    assert MARKER not in log_output.getvalue()
