"""docs/openapi.yaml describes the HSDS API as it answers: real responses validate against it.

The file is read with the help finder's small YAML reader and validator (no new dependency).
"""

from __future__ import annotations

import uuid
from pathlib import Path

import pytest

from beistand.directory.choices import Visibility
from beistand.directory.testing import make_service
from beistand.helpfinder.tests.openapi_reader import load, validate

OPENAPI = Path(__file__).resolve().parents[3] / "docs" / "openapi.yaml"
pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def spec() -> dict:
    return load(OPENAPI.read_text(encoding="utf-8"))


def schema_of(spec: dict, path: str, status: int) -> dict:
    return spec["paths"][path]["get"]["responses"][str(status)]["content"]["application/json"]["schema"]


@pytest.fixture
def entry():
    return make_service("Öffentlich", visibility=Visibility.PUBLIC, needs=["legal"], languages=["de", "ar"],
                        hours=[("MO", "09:00", "12:00")])


@pytest.mark.parametrize(("path", "url", "query"), [
    ("/api/v1/hsds/", "/api/v1/hsds/", {}),
    ("/api/v1/hsds/services", "/api/v1/hsds/services", {}),
    ("/api/v1/hsds/services", "/api/v1/hsds/services", {"full": "true"}),
    ("/api/v1/hsds/organizations", "/api/v1/hsds/organizations", {"full_service": "true"}),
    ("/api/v1/hsds/taxonomy_terms", "/api/v1/hsds/taxonomy_terms", {"per_page": "200"}),
])
def test_real_lists_follow_the_documented_schemas(client, spec, entry, path, url, query):
    response = client.get(url, query)
    assert response.status_code == 200
    assert validate(response.json(), schema_of(spec, path, 200), spec) == []


def test_single_objects_and_errors_follow_the_documented_schemas(client, spec, entry):
    service = client.get(f"/api/v1/hsds/services/{entry.public_id}").json()
    assert validate(service, schema_of(spec, "/api/v1/hsds/services/{id}", 200), spec) == []
    organization = client.get(f"/api/v1/hsds/organizations/{entry.provider.public_id}").json()
    assert validate(organization, schema_of(spec, "/api/v1/hsds/organizations/{id}", 200), spec) == []
    missing = client.get(f"/api/v1/hsds/services/{uuid.uuid4()}").json()
    assert validate(missing, schema_of(spec, "/api/v1/hsds/services/{id}", 404), spec) == []
    bad = client.get("/api/v1/hsds/services", {"page": "null"}).json()
    assert validate(bad, schema_of(spec, "/api/v1/hsds/services", 400), spec) == []


def test_every_hsds_route_is_documented(spec):
    from beistand.directory import urls_api

    def documented_path(pattern: str) -> str:
        return "/api/v1/hsds/" + pattern.replace("<uuid:service_id>", "{id}").replace("<uuid:organization_id>", "{id}")

    routes = {documented_path(str(pattern.pattern)) for pattern in urls_api.urlpatterns}
    assert routes == {path for path in spec["paths"] if path.startswith("/api/v1/hsds/")}
