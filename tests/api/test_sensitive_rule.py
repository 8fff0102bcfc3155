"""The lists' one-query rule for personal notes is the same rule as `can_see_sensitive`."""

from __future__ import annotations

from guanxi.core.access import can_see_sensitive, sensitive_account_ids
from tests.conftest import World
from tests.factories import AccountFactory, AccountTeamMemberFactory, UserFactory


def test_sensitive_account_ids_agrees_with_can_see_sensitive_for_every_persona(
    world: World, django_assert_max_num_queries
) -> None:
    northern = AccountFactory(owner=world.outsider)
    shared = AccountFactory(owner=world.outsider)
    AccountTeamMemberFactory(account=shared, user=world.teammate)
    unowned = AccountFactory(owner=None)
    accounts = [world.account, northern, shared, unowned]
    superuser = UserFactory(username="root", is_superuser=True, team=None)
    personas = [
        world.owner,
        world.teammate,
        world.outsider,
        world.manager,
        world.other_manager,
        world.executive,
        world.admin,
        superuser,
    ]
    owners = {a.pk: a.owner_id for a in accounts}
    for user in personas:
        expected = {a.pk for a in accounts if can_see_sensitive(user, a)}
        with django_assert_max_num_queries(1):
            assert sensitive_account_ids(user, [a.pk for a in accounts]) == expected, user
        with django_assert_max_num_queries(1):  # the owners known: the same answer
            assert sensitive_account_ids(user, list(owners), owners) == expected, user
    assert sensitive_account_ids(world.owner, []) == set()


def test_an_owner_needs_no_query_for_their_own_accounts(
    world: World, django_assert_num_queries
) -> None:
    own = {world.account.pk: world.owner.pk}
    with django_assert_num_queries(0):
        assert sensitive_account_ids(world.owner, list(own), own) == {world.account.pk}
    with django_assert_num_queries(1):  # anyone else is asked of the database
        assert sensitive_account_ids(world.outsider, list(own), own) == set()
