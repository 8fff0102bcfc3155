"""Helpers for the API tests: JSON calls as a persona, by session or by personal token."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from guanxi.users.models import User
from guanxi.users.services import api_token_create

PROBLEM = "application/problem+json"


class ApiClient:
    """Django's test client speaking JSON to /api/v1/."""

    def __init__(self, client: Client, headers: dict[str, str] | None = None) -> None:
        self.client = client
        self.headers = headers or {}

    def get(self, path: str, **params: Any) -> Any:
        return self.client.get(_url(path), params, headers=self.headers)

    def post(self, path: str, body: Any) -> Any:
        return self.client.post(
            _url(path), body, content_type="application/json", headers=self.headers
        )

    def patch(self, path: str, body: Any) -> Any:
        return self.client.patch(
            _url(path), body, content_type="application/json", headers=self.headers
        )

    def delete(self, path: str) -> Any:
        return self.client.delete(_url(path), headers=self.headers)


def _url(path: str) -> str:
    return path if path.startswith(("/", "http")) else f"/api/v1/{path}"


@pytest.fixture
def api_as(client: Client) -> Any:
    """`api_as(user)`: a JSON client logged in by session as `user`."""

    def login(user: User) -> ApiClient:
        client.force_login(user)
        return ApiClient(client)

    return login


@pytest.fixture
def api_with_token(db: None) -> Any:
    """`api_with_token(user)`: a JSON client without session, carrying a fresh personal token."""

    def with_token(user: User) -> ApiClient:
        _token, raw = api_token_create(user=user, name="script")
        return ApiClient(Client(), headers={"Authorization": f"Bearer {raw}"})

    return with_token


def assert_problem(response: Any, status: int) -> dict[str, Any]:
    assert response.status_code == status, response.content
    assert response["Content-Type"] == PROBLEM
    problem = response.json()
    assert problem["status"] == status
    assert {"type", "title", "status", "detail"} <= problem.keys()
    return problem
