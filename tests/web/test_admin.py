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
