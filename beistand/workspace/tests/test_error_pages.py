"""Error pages: in the shell and the page's language, without details of the failure."""

import pytest
from django.test import Client


@pytest.mark.django_db
def test_not_found_is_a_page_in_the_shell_and_language(client):
    response = client.get("/de/centres/does-not-exist/")
    html = response.content.decode()
    assert response.status_code == 404
    assert "Seite nicht gefunden" in html
    assert 'class="skip-link"' in html
    assert response.cookies == {}


@pytest.mark.django_db
def test_a_missing_csrf_token_gets_an_explanation_not_a_technical_page(alice):
    client = Client(enforce_csrf_checks=True)
    client.force_login(alice)
    response = client.post("/de/staff/network/centres/new/", {"name": "x"})
    html = response.content.decode()
    assert response.status_code == 403
    assert "reload" in html or "neu" in html
    assert "CSRF" not in html


def test_server_error_page_needs_no_context():
    from django.template.loader import get_template

    html = get_template("500.html").render()
    assert "110" in html and "112" in html
