from __future__ import annotations

import re

import pytest
from django.test import Client
from django.urls import reverse

from guanxi.users.models import ApiToken, hash_token
from tests.conftest import World

pytestmark = pytest.mark.django_db


def test_a_user_creates_a_token_sees_it_once_and_only_its_hash_is_kept(
    client: Client, world: World
) -> None:
    client.force_login(world.owner)
    response = client.post(reverse("tokens"), {"name": "ERP sync"}, HTTP_ACCEPT_LANGUAGE="en")
    raw = re.search(r"gx_[0-9a-f]{8}_[\w-]+", response.content.decode()).group(0)
    token = ApiToken.objects.get(user=world.owner)
    assert token.hashed == hash_token(raw)
    assert raw not in {token.hashed, token.prefix, token.name}

    api = client.get("/api/v1/accounts", HTTP_AUTHORIZATION=f"Bearer {raw}")
    assert api.status_code == 200

    again = client.get(reverse("tokens"))
    assert raw not in again.content.decode()
    assert "ERP sync" in again.content.decode()


def test_revoking_stops_the_token_and_only_the_owner_may_revoke(
    client: Client, world: World
) -> None:
    client.force_login(world.owner)
    client.post(reverse("tokens"), {"name": "夜间同步"})
    token = ApiToken.objects.get(user=world.owner)

    client.force_login(world.outsider)
    assert client.post(reverse("token-revoke", args=[token.pk])).status_code == 404
    assert "夜间同步" not in client.get(reverse("tokens")).content.decode()

    client.force_login(world.owner)
    assert client.post(reverse("token-revoke", args=[token.pk])).status_code == 302
    token.refresh_from_db()
    assert token.revoked_at is not None


def test_a_token_needs_a_name(client: Client, world: World) -> None:
    client.force_login(world.owner)
    response = client.post(reverse("tokens"), {"name": ""})
    assert 'id="form-errors"' in response.content.decode()
    assert not ApiToken.objects.exists()


def test_the_token_page_needs_a_login(client: Client) -> None:
    response = client.get(reverse("tokens"))
    assert response.status_code == 302
    assert response["Location"].startswith("/login/")
