"""docs/openapi.yaml describes the API as it answers: real responses validate against it."""

from __future__ import annotations

from pathlib import Path

import pytest

from beistand.helpfinder.api import ERROR_CODES
from beistand.helpfinder.choices import Situation
from beistand.helpfinder.tests.conftest import api
from beistand.helpfinder.tests.openapi_reader import YamlError, load, resolve, validate
from beistand.network.choices import COUNSELLING_LANGUAGE_CODES

OPENAPI = Path(__file__).resolve().parents[3] / "docs" / "openapi.yaml"
PATH = "/api/v1/helpfinder"


@pytest.fixture(scope="module")
def spec() -> dict:
    return load(OPENAPI.read_text(encoding="utf-8"))


def schema_for(spec: dict, status: int) -> dict:
    return spec["paths"][PATH]["get"]["responses"][str(status)]["content"]["application/json"]["schema"]


def every_reference(node) -> list[str]:
    if isinstance(node, dict):
        own = [node["$ref"]] if "$ref" in node else []
        return own + [r for value in node.values() for r in every_reference(value)]
    if isinstance(node, list):
        return [r for item in node for r in every_reference(item)]
    return []


def test_the_file_is_openapi_3_1_and_every_reference_resolves(spec):
    assert spec["openapi"].startswith("3.1.")
    assert PATH in spec["paths"]
    for reference in every_reference(spec):
        assert isinstance(resolve(spec, reference), dict), reference


def test_the_code_lists_match_the_code(spec):
    schemas = spec["components"]["schemas"]
    assert schemas["Situation"]["enum"] == Situation.values
    assert set(schemas["LanguageCode"]["enum"]) == COUNSELLING_LANGUAGE_CODES
    codes = schemas["Error"]["properties"]["error"]["properties"]["code"]["enum"]
    assert set(codes) == set(ERROR_CODES.values())
    parameters = {p["name"] for p in spec["paths"][PATH]["get"]["parameters"]}
    assert parameters == {*ERROR_CODES, "lang"}


def test_the_examples_follow_the_schemas(spec):
    for status in (200, 400):
        response = spec["paths"][PATH]["get"]["responses"][str(status)]["content"]["application/json"]
        assert validate(response["example"], response["schema"], spec) == []


@pytest.mark.django_db
@pytest.mark.parametrize("query", [
    {"situation": "attack", "place": "44137"},
    {"situation": "domestic_violence", "place": "40210", "language": "ar", "lang": "de"},
    {"situation": "community", "place": "Bielefeld", "who": "professionals", "contact": "in_person"},
    {"situation": "attack", "place": "10115"},
    {"situation": "exit"},
])
def test_real_answers_follow_the_schema(client, demo, spec, query):
    response = api(client, **query)
    assert response.status_code == 200
    assert validate(response.json(), schema_for(spec, 200), spec) == []


@pytest.mark.django_db
@pytest.mark.parametrize("query", [
    {"situation": "robbery", "place": "44137"},
    {"situation": "attack", "place": "00000"},
    {"situation": "attack", "language": "xx"},
    {"situation": "attack", "lang": "xx"},
])
def test_real_errors_follow_the_schema(client, regions, spec, query):
    response = api(client, **query)
    assert response.status_code == 400
    assert validate(response.json(), schema_for(spec, 400), spec) == []


def test_the_validator_notices_a_broken_answer(spec):
    broken = {"place": None, "results": [{"centre": {"slug": "x"}}], "helplines": [], "emergency": [],
              "extra": 1}
    problems = validate(broken, schema_for(spec, 200), spec)
    assert "$: 'extra' is not allowed" in problems
    assert "$.emergency: fewer than 1 items" in problems
    assert "$.results[0].centre: 'name' is missing" in problems


def test_the_reader_refuses_what_it_does_not_understand():
    with pytest.raises(YamlError, match="line 2"):
        load("a: 1\nb: {c: 2}\n")
    assert load("a:\n  - x: 1\n    y: [p, \"q\"]\n  - |\n    text\n") == {"a": [{"x": 1, "y": ["p", "q"]}, "text\n"]}
