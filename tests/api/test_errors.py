"""Every error is application/problem+json (RFC 9457), with field errors for invalid input."""

from __future__ import annotations

import pytest

from tests.api.conftest import assert_problem
from tests.conftest import World


def test_malformed_json_is_a_400_problem(world: World, client) -> None:
    client.force_login(world.owner)
    response = client.post("/api/v1/accounts", "{not json", content_type="application/json")
    problem = assert_problem(response, 400)
    assert problem["type"] == "about:blank"
    assert problem["title"] == "Bad Request"
    assert problem["instance"] == "/api/v1/accounts"


def test_invalid_input_is_a_422_problem_listing_each_field(world: World, api_as) -> None:
    response = api_as(world.owner).post(
        "accounts", {"name": "", "access_to_goals": 9, "industry": "mining"}
    )
    problem = assert_problem(response, 422)
    assert problem["type"] == "urn:guanxi:problem:validation"
    assert {e["field"] for e in problem["errors"]} == {"name", "access_to_goals", "industry"}
    assert all(e["message"] and e["code"] for e in problem["errors"])


def test_a_missing_required_field_is_named(world: World, api_as) -> None:
    problem = assert_problem(api_as(world.owner).post("contacts", {"name": "王芳"}), 422)
    assert problem["errors"] == [
        {"field": "account", "message": "Field required", "code": "missing"}
    ]


def test_invalid_query_parameters_are_named(world: World, api_as) -> None:
    problem = assert_problem(api_as(world.owner).get("accounts", order="size", offset=-1), 422)
    assert {e["field"] for e in problem["errors"]} == {"order", "offset"}


def test_rules_of_the_model_come_back_with_their_field(world: World, api_as) -> None:
    contact = world.account.contacts.get()
    problem = assert_problem(
        api_as(world.owner).patch(f"contacts/{contact.pk}", {"email": "not-an-email"}), 422
    )
    assert problem["errors"][0]["field"] == "email"


def test_a_wrong_path_parameter_or_unknown_path_is_a_problem(world: World, api_as) -> None:
    api = api_as(world.owner)
    assert_problem(api.get("accounts/nope"), 404)
    assert_problem(api.get("nothing-here"), 404)
    assert_problem(api.get("/api/v1/"), 404)


def test_an_unsupported_method_is_a_405_problem_with_allow(world: World, client) -> None:
    client.force_login(world.owner)
    response = client.put("/api/v1/accounts", {}, content_type="application/json")
    assert_problem(response, 405)
    assert set(response["Allow"].split(", ")) == {"GET", "POST"}


def test_a_crash_is_a_500_problem_that_tells_nothing_inside(
    world: World, api_as, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(*args: object, **kwargs: object) -> None:
        raise RuntimeError("secret internals")

    monkeypatch.setattr("guanxi.api.accounts.account_list", broken)
    problem = assert_problem(api_as(world.owner).get("accounts"), 500)
    assert "secret" not in problem["detail"]
