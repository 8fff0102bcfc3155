from __future__ import annotations

from typing import Any

import pytest
from django.http import Http404

from guanxi.core.access import (
    account_for_user,
    can_edit_account,
    can_see_sensitive,
    contact_for_user,
    visible_accounts,
)
from tests.conftest import World
from tests.factories import AccountFactory, UserFactory


def test_owner_and_teammate_see_the_account(world: World) -> None:
    assert account_for_user(world.owner, world.account.pk) == world.account
    assert account_for_user(world.teammate, world.account.pk) == world.account


def test_a_teammate_s_page_checks_the_account_once(
    world: World, django_assert_num_queries: Any
) -> None:
    """The account read (1), the rule checked for someone not its owner (1); asking again
    whether they may work on it costs nothing more."""
    with django_assert_num_queries(2):
        account = account_for_user(world.teammate, world.account.pk)
        assert can_edit_account(world.teammate, account)
        assert can_edit_account(world.teammate, account)
    with django_assert_num_queries(1):  # another user is checked for themselves
        assert not can_edit_account(world.outsider, account)


def test_outsider_gets_404_not_the_account(world: World) -> None:
    with pytest.raises(Http404):
        account_for_user(world.outsider, world.account.pk)
    contact = world.account.contacts.get()
    with pytest.raises(Http404):
        contact_for_user(world.outsider, contact.pk)


def test_a_kam_of_the_same_sales_team_but_not_on_the_account_team_sees_nothing(
    world: World,
) -> None:
    colleague = UserFactory(username="colleague", team=world.owner.team)
    assert not visible_accounts(colleague).exists()


def test_manager_sees_their_teams_accounts_only(world: World) -> None:
    other = AccountFactory(owner=world.outsider)
    assert set(visible_accounts(world.manager)) == {world.account}
    assert set(visible_accounts(world.other_manager)) == {other}


def test_executive_and_admin_see_all(world: World) -> None:
    AccountFactory(owner=world.outsider)
    assert visible_accounts(world.executive).count() == 2
    assert visible_accounts(world.admin).count() == 2


def test_sensitive_data_is_for_the_account_team_their_managers_and_executives(
    world: World,
) -> None:
    assert can_see_sensitive(world.owner, world.account)
    assert can_see_sensitive(world.teammate, world.account)
    assert can_see_sensitive(world.manager, world.account)
    assert can_see_sensitive(world.executive, world.account)
    assert not can_see_sensitive(world.admin, world.account)
    assert not can_see_sensitive(world.other_manager, world.account)
    assert not can_see_sensitive(world.outsider, world.account)


def test_inactive_users_see_nothing(world: World) -> None:
    world.owner.is_active = False
    world.owner.save()
    assert not visible_accounts(world.owner).exists()


def test_own_accounts_are_the_owned_and_staffed_ones_as_a_union_within_what_is_seen(
    world: World,
) -> None:
    """What My insights reads: the same UNION, never "owner = me OR id IN (…)"."""
    from guanxi.core.access import own_accounts

    for user in (world.owner, world.teammate, world.manager, world.executive, world.admin):
        mine = own_accounts(user)
        sql = str(mine.query).upper()
        assert " UNION " in sql and " OR " not in sql, sql
        assert set(mine) <= set(visible_accounts(user)), user.username
    assert set(own_accounts(world.owner)) == {world.account}
    assert set(own_accounts(world.teammate)) == {world.account}  # on the account team
    assert not own_accounts(world.outsider).filter(pk=world.account.pk).exists()
    assert not own_accounts(world.manager).exists()  # sees the team's, owns none


def test_the_accounts_a_kam_or_a_manager_sees_are_one_union_not_an_or(world: World) -> None:
    """PostgreSQL cannot use an index for "owner = me OR id IN (…)": it read every contact
    of a 50 k-account workspace to list a KAM's (docs/performance.md)."""
    for user in (world.owner, world.manager):
        sql = str(visible_accounts(user).query).upper()
        assert " UNION " in sql and " OR " not in sql, sql
    assert set(visible_accounts(world.manager)) >= set(visible_accounts(world.owner))
