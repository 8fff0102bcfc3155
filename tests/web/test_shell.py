"""The frame around every page: login, logout, health, language, CSP, navigation."""

from __future__ import annotations

import re

import pytest
from django.test import Client
from django.urls import reverse

from tests.conftest import World
from tests.web.conftest import Filled, client_for, has_inline_style

PASSWORD = "pw-for-tests-only"


def page_urls(filled: Filled) -> list[str]:
    account = filled.world.account
    return [
        reverse("accounts"),
        reverse("account", args=[account.pk]),
        reverse("account-contacts", args=[account.pk]),
        reverse("account-activities", args=[account.pk]),
        reverse("account-needs", args=[account.pk]),
        reverse("contact", args=[filled.buyer.pk]),
        reverse("account-create"),
        reverse("account-edit", args=[account.pk]),
        reverse("contact-create", args=[account.pk]),
        reverse("contact-edit", args=[filled.buyer.pk]),
        reverse("activity-create", args=[account.pk]),
        reverse("activity-edit", args=[filled.activity.pk]),
        reverse("need-create", args=[account.pk]),
        reverse("need-edit", args=[filled.need.pk]),
    ]


def test_anonymous_visitors_are_sent_to_the_login_page(filled: Filled) -> None:
    for url in page_urls(filled):
        response = Client().get(url)
        assert response.status_code == 302, url
        assert response["Location"].startswith(reverse("login")), url


def test_the_login_page_needs_no_login_and_offers_the_language_switch(db: None) -> None:
    response = Client().get(reverse("login"))
    assert response.status_code == 200
    body = response.content.decode()
    assert 'id="id_username"' in body
    assert 'id="id_password"' in body
    assert 'id="language-select"' in body
    for own_name in ("简体中文", "繁體中文", "English"):
        assert own_name in body


def test_a_user_logs_in_with_the_password_and_lands_on_the_accounts(world: World) -> None:
    client = Client()
    response = client.post(reverse("login"), {"username": "owner", "password": PASSWORD})
    assert response.status_code == 302
    assert response["Location"] == reverse("accounts")
    assert world.account.name in client.get(reverse("accounts")).content.decode()


def test_a_wrong_password_is_refused_with_a_message(world: World) -> None:
    response = Client().post(reverse("login"), {"username": "owner", "password": "wrong"})
    assert response.status_code == 200
    assert 'id="form-errors"' in response.content.decode()
    assert "_auth_user_id" not in response.wsgi_request.session


def test_logout_is_a_post(world: World) -> None:
    client = client_for(world.owner)
    assert client.get(reverse("logout")).status_code == 405
    response = client.post(reverse("logout"))
    assert response.status_code == 302
    assert client.get(reverse("accounts")).status_code == 302


def test_the_health_check_answers_without_login(db: None) -> None:
    response = Client().get(reverse("healthz"))
    assert response.status_code == 200
    assert response.content == b"ok"
    assert reverse("healthz") == "/healthz"


def test_pages_speak_simplified_chinese_by_default(world: World) -> None:
    body = client_for(world.owner, language=None).get(reverse("accounts")).content.decode()
    assert '<html lang="zh-hans">' in body
    assert '<option value="zh-hans" lang="zh-hans" selected>简体中文</option>' in body


def test_a_chinese_browser_gets_chinese_and_an_english_one_english(world: World) -> None:
    client = client_for(world.owner, language=None)
    body = client.get(reverse("accounts"), headers={"Accept-Language": "zh-TW,zh;q=0.9"}).content
    assert '<html lang="zh-hant">' in body.decode()
    body = client.get(reverse("accounts"), headers={"Accept-Language": "en-US,en;q=0.9"}).content
    assert '<html lang="en">' in body.decode()


def test_the_language_switch_sets_the_language(world: World) -> None:
    client = client_for(world.owner, language=None)
    response = client.post(
        reverse("set_language"), {"language": "en", "next": reverse("accounts")}, follow=True
    )
    body = response.content.decode()
    assert response.redirect_chain[-1][0] == reverse("accounts")
    assert '<html lang="en">' in body
    assert '<option value="en" lang="en" selected>English</option>' in body
    assert "This field is required." in client.post(reverse("account-create"), {}).content.decode()


def test_the_language_switch_works_before_logging_in(db: None) -> None:
    client = Client()
    response = client.post(
        reverse("set_language"), {"language": "zh-hant", "next": reverse("login")}, follow=True
    )
    assert '<html lang="zh-hant">' in response.content.decode()


def test_pages_carry_a_csp_with_a_nonce_that_the_scripts_use(world: World) -> None:
    response = client_for(world.owner).get(reverse("accounts"))
    policy = response["Content-Security-Policy"]
    assert "style-src 'self'" in policy
    nonce = re.search(r"'nonce-([^']+)'", policy)
    assert nonce is not None
    body = response.content.decode()
    assert f'nonce="{nonce.group(1)}"' in body  # htmx
    assert "cdn" not in body.lower()


def test_no_page_has_inline_styles(filled: Filled) -> None:
    client = client_for(filled.world.owner)
    for url in [*page_urls(filled), reverse("login")]:
        body = client.get(url).content.decode()
        assert not has_inline_style(body), url
        assert "<style" not in body, url


def test_csrf_token_reaches_htmx_through_the_body(world: World) -> None:
    body = client_for(world.owner).get(reverse("accounts")).content.decode()
    assert re.search(r"<body hx-headers='\{\"X-CSRFToken\": \"[^\"]+\"\}'>", body)


def test_the_navbar_shows_the_user_and_role_and_a_skip_link(world: World) -> None:
    body = client_for(world.manager).get(reverse("accounts")).content.decode()
    assert 'href="#main"' in body
    assert str(world.manager) in body
    assert "Sales manager" in body


@pytest.mark.parametrize(("staff", "shown"), [(True, True), (False, False)])
def test_only_staff_see_the_admin_link(world: World, staff: bool, shown: bool) -> None:
    world.admin.is_staff = staff
    world.admin.save()
    body = client_for(world.admin).get(reverse("accounts")).content.decode()
    assert (f'href="{reverse("admin:index")}"' in body) is shown
