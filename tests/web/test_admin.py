"""The Django admin: for staff only, and without the sensitive records."""

from __future__ import annotations

from django.urls import reverse

from tests.conftest import World
from tests.web.conftest import SENSITIVE_NOTE, Filled, client_for


def staff_admin(world: World) -> None:
    world.admin.is_staff = True
    world.admin.save()


def test_the_admin_role_manages_the_main_records(filled: Filled) -> None:
    world = filled.world
    staff_admin(world)
    client = client_for(world.admin)
    index = client.get(reverse("admin:index")).content.decode()
    for name in (
        "accounts_account",
        "stakeholders_contact",
        "needs_need",
        "activities_activity",
        "users_user",
        "users_team",
    ):
        assert f'href="{reverse(f"admin:{name}_changelist")}"' in index, name
    assert client.get(reverse("admin:accounts_account_changelist")).status_code == 200
    assert (
        client.get(reverse("admin:accounts_account_change", args=[world.account.pk])).status_code
        == 200
    )


def test_the_admin_never_shows_personal_notes_or_vested_interests(filled: Filled) -> None:
    world = filled.world
    staff_admin(world)
    client = client_for(world.admin)
    page = client.get(reverse("admin:stakeholders_contact_change", args=[filled.buyer.pk]))
    assert page.status_code == 200
    body = page.content.decode()
    assert 'name="personal_notes"' not in body
    assert SENSITIVE_NOTE not in body
    assert client.get("/admin/stakeholders/vestedinterest/").status_code == 404
    assert "vestedinterest" not in client.get(reverse("admin:index")).content.decode()


def test_people_who_are_not_staff_are_kept_out(world: World) -> None:
    for user in (world.owner, world.executive, world.admin):
        response = client_for(user).get(reverse("admin:index"))
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("admin:login"))


def test_accounts_deleted_in_the_admin_leave_no_sales_behind(filled: Filled) -> None:
    from datetime import date

    from guanxi.accounts import sales_store
    from guanxi.accounts.models import Account
    from tests import sales
    from tests.factories import AccountFactory

    world = filled.world
    staff_admin(world)
    client = client_for(world.admin)
    one, two = AccountFactory(owner=world.owner), AccountFactory(owner=world.owner)
    sales.add_lines([sales.line(who, date(2024, 3, 5)) for who in (world.account, one, two)])

    deleted = client.post(reverse("admin:accounts_account_delete", args=[one.pk]), {"post": "yes"})
    assert deleted.status_code == 302
    changelist = reverse("admin:accounts_account_changelist")
    bulk = {"action": "delete_selected", "_selected_action": [two.pk], "post": "yes"}
    assert client.post(changelist, bulk).status_code == 302

    assert not Account.objects.filter(pk__in=[one.pk, two.pk]).exists()
    assert sales_store.lines().column("account_id").to_pylist() == [world.account.pk]
    sales.assert_months_match_lines()
