"""Every response of every /api/v1/ operation carries an example body that its own schema accepts."""

import jsonschema
import pytest

pytestmark = pytest.mark.django_db


def as_json_schema(node):
    """OpenAPI 3.0 schema objects as JSON Schema: ``nullable`` as a null type, refs into ``$defs``."""
    if isinstance(node, list):
        return [as_json_schema(item) for item in node]
    if not isinstance(node, dict):
        return node
    converted = {key: as_json_schema(value) for key, value in node.items()}
    if converted.get("nullable") and "type" in converted:
        converted["type"] = [converted["type"], "null"]
    if "$ref" in converted:
        converted["$ref"] = converted["$ref"].replace("#/components/schemas/", "#/$defs/")
    return converted


def test_every_api_response_has_an_example_its_schema_accepts(client):
    schema = client.get("/api/v1/schema/?format=json").json()
    definitions = as_json_schema(schema["components"]["schemas"])
    checked = set()
    for path, operations in schema["paths"].items():
        if not path.startswith("/api/v1/"):
            continue
        for method, operation in operations.items():
            for status, response in operation["responses"].items():
                for media in (response.get("content") or {}).values():
                    example = media["example"]
                    jsonschema.validate(example, {**as_json_schema(media["schema"]), "$defs": definitions})
                    checked.add((path, method, status))
    assert ("/api/v1/search/", "get", "200") in checked
    assert ("/api/v1/news/", "get", "400") in checked
    assert len({path for path, _method, _status in checked}) >= 11
    search = schema["paths"]["/api/v1/search/"]["get"]["responses"]["200"]["content"]["application/json"]["example"]
    assert search["results"][0]["type"] == "news"
    assert "<mark>" in search["results"][0]["snippet"]
