"""The page shell: language in the URL, right-to-left, headers, no cookies on public pages."""

import pytest


@pytest.mark.django_db
def test_root_redirects_to_a_language_prefix(client):
    response = client.get("/", HTTP_ACCEPT_LANGUAGE="ar")
    assert response.status_code == 302
    assert response["Location"] == "/ar/"


@pytest.mark.django_db
@pytest.mark.parametrize(("code", "lang", "direction"), [("de", "de", "ltr"), ("ar", "ar", "rtl"), ("fa", "fa", "rtl"), ("de-ls", "de-x-ls", "ltr")])
def test_html_lang_and_dir_follow_the_language(client, code, lang, direction):
    html = client.get(f"/{code}/").content.decode()
    assert f'<html lang="{lang}" dir="{direction}">' in html


@pytest.mark.django_db
def test_public_page_sets_no_cookie_and_a_strict_policy(client):
    response = client.get("/de/")
    assert response.cookies == {}
    policy = response["Content-Security-Policy"]
    assert "default-src 'none'" in policy
    assert "unsafe-inline" not in policy
    assert response["Referrer-Policy"] == "same-origin"


@pytest.mark.django_db
def test_workspace_requires_login(client):
    response = client.get("/de/staff/")
    assert response.status_code == 302
    assert response["Location"].startswith("/de/accounts/login/")


def test_health_answers_without_cookies(client, db):
    response = client.get("/health/")
    assert response.status_code == 200
    assert response.content == b"ok\n"
    assert response.cookies == {}


@pytest.mark.django_db
def test_the_language_links_lead_to_the_same_page_and_query_in_each_language(client):
    html = client.get("/de/help/?situation=attack&place=44137").content.decode()
    for code in ("en", "ar", "de-ls"):
        assert f'href="/{code}/help/?situation=attack&amp;place=44137"' in html

