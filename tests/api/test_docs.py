"""The OpenAPI document and the Swagger UI page, served by the app itself under its CSP."""

from __future__ import annotations

import re

import pytest
from django.test import Client

from tests.api.conftest import assert_problem
from tests.conftest import World


def test_the_openapi_document_lists_the_resources(world: World, client: Client) -> None:
    client.force_login(world.owner)
    document = client.get("/api/v1/openapi.json").json()
    assert document["info"]["title"] == "Guanxi API"
    assert document["info"]["version"] == "1.0.0"
    assert "problem+json" in document["info"]["description"]
    assert set(document["paths"]) == {
        "/api/v1/accounts",
        "/api/v1/accounts/{account_id}",
        "/api/v1/contacts",
        "/api/v1/contacts/{contact_id}",
        "/api/v1/contact-links",
        "/api/v1/contact-links/{link_id}",
        "/api/v1/relationships",
        "/api/v1/relationships/{relationship_id}",
        "/api/v1/interests",
        "/api/v1/interests/{interest_id}",
        "/api/v1/practices",
        "/api/v1/practices/{practice_id}",
        "/api/v1/qualification",
        "/api/v1/qualification/{account_id}",
        "/api/v1/qualification/runs",
        "/api/v1/qualification/policies",
        "/api/v1/qualification/policies/{name}",
        "/api/v1/insights",
        "/api/v1/accounts/{account_id}/strength",
    }
    assert set(document["paths"]["/api/v1/accounts/{account_id}"]) == {"get", "patch", "delete"}
    assert set(document["components"]["securitySchemes"]) == {"ApiTokenAuth", "SessionAuth"}


@pytest.mark.parametrize(
    ("resource", "item", "schema", "fields"),
    [
        ("contact-links", "link_id", "LinkIn", {"from_contact", "to_contact", "kind", "strength"}),
        (
            "relationships",
            "relationship_id",
            "RelationshipIn",
            {"contact", "user", "current_level"},
        ),
        ("interests", "interest_id", "InterestIn", {"contact", "kind", "mitigation", "ally"}),
        ("practices", "practice_id", "PracticeIn", {"account", "description", "blocks_us"}),
    ],
)
def test_the_map_resources_are_documented_endpoint_by_endpoint_and_field_by_field(
    world: World, client: Client, resource: str, item: str, schema: str, fields: set[str]
) -> None:
    client.force_login(world.owner)
    document = client.get("/api/v1/openapi.json").json()
    collection = document["paths"][f"/api/v1/{resource}"]
    single = document["paths"][f"/api/v1/{resource}/{{{item}}}"]
    assert set(collection) == {"get", "post"}
    assert set(single) == {"get", "patch", "delete"}
    for operation in [*collection.values(), *single.values()]:
        assert operation["tags"] == [resource]
        assert operation["summary"], operation["operationId"]
        assert operation["description"], operation["operationId"]
    listing = {p["name"]: p for p in collection["get"]["parameters"]}
    assert {"limit", "offset"} <= listing.keys()
    properties = document["components"]["schemas"][schema]["properties"]
    for field in fields:
        assert properties[field].get("description"), (schema, field)
    assert (
        "next"
        in document["components"]["schemas"][schema.removesuffix("In") + "Page"]["properties"]
    )


def test_the_people_lists_document_their_search(world: World, client: Client) -> None:
    client.force_login(world.owner)
    paths = client.get("/api/v1/openapi.json").json()["paths"]
    for resource in ("contact-links", "relationships", "interests"):
        search = next(
            p for p in paths[f"/api/v1/{resource}"]["get"]["parameters"] if p["name"] == "search"
        )
        assert "zhangwei" in search["description"] and "zw" in search["description"]
    interests = paths["/api/v1/interests/{interest_id}"]["get"]["description"]
    assert "account team" in interests and "404" in interests


def test_the_openapi_document_needs_credentials_too(world: World, api_with_token) -> None:
    assert_problem(Client().get("/api/v1/openapi.json"), 401)
    assert api_with_token(world.owner).get("openapi.json").status_code == 200


def test_an_anonymous_browser_is_sent_to_log_in_for_the_docs(world: World, settings) -> None:
    settings.LOGIN_URL = "/login/"  # a path, so that this holds whatever the web names its page
    response = Client().get("/api/v1/docs")
    assert response.status_code == 302
    assert response["Location"] == "/login/?next=/api/v1/docs"


def test_the_docs_page_renders_from_our_own_static_files_without_inline_script(
    world: World, client: Client
) -> None:
    client.force_login(world.owner)
    response = client.get("/api/v1/docs")
    assert response.status_code == 200
    html = response.content.decode()
    assert "Content-Security-Policy" in response.headers
    assert "cdn" not in html.lower()
    # Scripts either come from a file or are JSON data: nothing the CSP would have to allow.
    for attributes, body in re.findall(r"<script([^>]*)>(.*?)</script>", html, re.S):
        assert "src=" in attributes or 'type="application/json"' in attributes, attributes
        assert "src=" not in attributes or not body.strip()
    assert "<style" not in html and " style=" not in html
    assets = re.findall(r'(?:src|href)="(/static/[^"]+)"', html)
    assert {a.rsplit("/", 1)[-1] for a in assets} >= {
        "swagger-ui.css",
        "swagger-ui-bundle.js",
        "swagger-ui-init.js",
    }
    for asset in assets:
        static = client.get(asset)
        assert static.status_code == 200, asset
        assert b"".join(static.streaming_content if static.streaming else [static.content])
