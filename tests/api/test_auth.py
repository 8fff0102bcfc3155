"""Who may call the API: personal tokens for scripts, the login session for the browser."""

from __future__ import annotations

from datetime import timedelta

from django.test import Client
from django.utils import timezone

from guanxi.accounts.models import Account
from guanxi.users.models import ApiToken, hash_token
from guanxi.users.services import api_token_create, api_token_revoke
from tests.api.conftest import ApiClient, assert_problem
from tests.conftest import World


def bearer(raw: str) -> ApiClient:
    return ApiClient(Client(), headers={"Authorization": f"Bearer {raw}"})


def test_without_credentials_the_api_answers_401_not_a_login_redirect(world: World) -> None:
    api = ApiClient(Client())
    for response in (
        api.get("accounts"),
        api.get(f"accounts/{world.account.pk}"),
        api.post("accounts", {"name": "新客户"}),
        api.delete(f"contacts/{world.account.contacts.get().pk}"),
    ):
        problem = assert_problem(response, 401)
        assert "Bearer" in problem["detail"]
        assert response["WWW-Authenticate"].startswith("Bearer")


def test_a_personal_token_lets_a_script_in_as_its_user(world: World) -> None:
    token, raw = api_token_create(user=world.teammate, name="nightly export")
    assert raw.startswith("gx_")
    response = bearer(raw).get("accounts")
    assert response.status_code == 200
    assert [a["id"] for a in response.json()["items"]] == [world.account.pk]
    token.refresh_from_db()
    assert token.last_used_at is not None


def test_a_token_sees_only_what_its_user_sees(world: World, api_with_token) -> None:
    api = api_with_token(world.outsider)
    assert api.get("accounts").json()["items"] == []
    assert_problem(api.get(f"accounts/{world.account.pk}"), 404)


def test_revoked_wrong_and_foreign_tokens_are_refused(world: World) -> None:
    token, raw = api_token_create(user=world.owner, name="old laptop")
    api_token_revoke(token=token)
    for presented in (raw, raw[:-2] + "xx", "gx_deadbeef_nothing", "not-even-ours", ""):
        assert_problem(bearer(presented).get("accounts"), 401)


def test_a_token_of_a_deactivated_user_is_refused(world: World) -> None:
    _token, raw = api_token_create(user=world.owner, name="script")
    world.owner.is_active = False
    world.owner.save()
    assert_problem(bearer(raw).get("accounts"), 401)


def test_a_wrong_token_is_refused_even_with_a_valid_session(world: World, client: Client) -> None:
    client.force_login(world.owner)
    response = client.get("/api/v1/accounts", headers={"Authorization": "Bearer gx_wrong"})
    assert_problem(response, 401)


def test_tokens_are_stored_hashed_only(world: World) -> None:
    token, raw = api_token_create(user=world.owner, name="script")
    assert token.hashed == hash_token(raw)
    row = ApiToken.objects.filter(pk=token.pk).values().get()
    assert all(raw not in str(value) for value in row.values())
    assert not ApiToken.objects.filter(hashed=raw).exists()


def test_last_use_is_recorded_at_most_once_a_minute(
    world: World, django_assert_num_queries
) -> None:
    token, raw = api_token_create(user=world.owner, name="script")
    recently = timezone.now() - timedelta(seconds=20)
    ApiToken.objects.filter(pk=token.pk).update(last_used_at=recently)
    api = bearer(raw)
    # token with its user, accounts, competitors: no write
    with django_assert_num_queries(3):
        api.get("accounts")
    token.refresh_from_db()
    assert token.last_used_at == recently
    ApiToken.objects.filter(pk=token.pk).update(last_used_at=recently - timedelta(minutes=5))
    api.get("accounts")
    token.refresh_from_db()
    assert token.last_used_at > recently


def test_writes_by_token_need_no_csrf_and_record_the_tokens_user(world: World) -> None:
    _token, raw = api_token_create(user=world.owner, name="import script")
    api = ApiClient(Client(enforce_csrf_checks=True), {"Authorization": f"Bearer {raw}"})
    response = api.post("accounts", {"name": "东莞新客户"})
    assert response.status_code == 201, response.content
    account = Account.objects.get(pk=response.json()["id"])
    assert account.history.get().history_user == world.owner
    api.patch(f"accounts/{account.pk}", {"region": "东莞"})
    assert account.history.latest().history_user == world.owner


def test_session_writes_need_the_csrf_token(world: World) -> None:
    browser = Client(enforce_csrf_checks=True)
    browser.force_login(world.owner)
    api = ApiClient(browser)
    assert api.get("accounts").status_code == 200
    problem = assert_problem(api.post("accounts", {"name": "新客户"}), 403)
    assert "CSRF" in problem["detail"]
    browser.get("/api/v1/docs")  # any page with a form sets the CSRF cookie
    api.headers = {"X-CSRFToken": browser.cookies["csrftoken"].value}
    assert api.post("accounts", {"name": "新客户"}).status_code == 201


def test_without_any_credentials_a_write_gets_401_not_a_csrf_complaint(world: World) -> None:
    api = ApiClient(Client(enforce_csrf_checks=True))
    assert_problem(api.post("accounts", {"name": "新客户"}), 401)


def test_a_deactivated_users_session_is_refused(world: World, client: Client) -> None:
    client.force_login(world.owner)
    world.owner.is_active = False
    world.owner.save()
    assert_problem(client.get("/api/v1/accounts"), 401)
