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
    for user in personas:
        expected = {a.pk for a in accounts if can_see_sensitive(user, a)}
        with django_assert_max_num_queries(1):
            assert sensitive_account_ids(user, [a.pk for a in accounts]) == expected, user
    assert sensitive_account_ids(world.owner, []) == set()
