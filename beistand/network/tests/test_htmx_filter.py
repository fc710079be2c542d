"""The centre filter answers htmx with the results fragment only, plain requests with the page."""

import pytest


@pytest.mark.django_db
def test_htmx_request_gets_only_the_results(client_for, alice, backup, rheinland):
    client = client_for(alice)
    response = client.get("/de/staff/network/?q=Rheinland", HTTP_HX_REQUEST="true")
    html = response.content.decode()
    assert response.status_code == 200
    assert html.lstrip().startswith('<div id="centre-results">')
    assert "Opferberatung Rheinland" in html
    assert ">BackUp<" not in html
    assert "<html" not in html
    assert "HX-Request" in response["Vary"]


@pytest.mark.django_db
def test_plain_request_gets_the_whole_page_with_the_same_results(client_for, alice, backup, rheinland):
    html = client_for(alice).get("/de/staff/network/?q=Rheinland").content.decode()
    assert "<html" in html
    assert 'id="centre-results"' in html
    assert "Opferberatung Rheinland" in html
    assert ">BackUp<" not in html
