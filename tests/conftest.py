"""Three personas on every view (STYLE.md): the owner, a teammate on the account team, an outsider."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pytest

from guanxi.accounts.models import Account
from guanxi.users.models import Role, User
from tests.factories import (
    AccountFactory,
    AccountTeamMemberFactory,
    ContactFactory,
    TeamFactory,
    UserFactory,
)


@pytest.fixture(autouse=True)
def _drawings_of_this_test(settings: Any, tmp_path_factory: pytest.TempPathFactory) -> None:
    """Each test keeps its drawn maps to itself, in memory and on disk. They are named by
    what they show, so another test's would be right (databases reuse ids between tests),
    but a test that counts drawings or watches one being made wants only its own."""
    from django.core.cache import cache

    from guanxi.stakeholders import kept

    cache.clear()
    kept.clear()
    settings.GUANXI_DRAWINGS = tmp_path_factory.mktemp("drawings")


@dataclass
class World:
    account: Account
    owner: User
    teammate: User
    outsider: User
    manager: User
    other_manager: User
    executive: User
    admin: User


@pytest.fixture
def world(db: None) -> World:
    south = TeamFactory(name="华南组")
    north = TeamFactory(name="华北组")
    owner = UserFactory(username="owner", team=south)
    teammate = UserFactory(username="teammate", team=south)
    outsider = UserFactory(username="outsider", team=north)
    account = AccountFactory(name="广州美家家具有限公司", customer_code="GZ0001", owner=owner)
    AccountTeamMemberFactory(account=account, user=teammate, role="technical")
    ContactFactory(account=account, name="张伟", title="采购总监")
    return World(
        account=account,
        owner=owner,
        teammate=teammate,
        outsider=outsider,
        manager=UserFactory(username="manager", role=Role.MANAGER, team=south),
        other_manager=UserFactory(username="other_manager", role=Role.MANAGER, team=north),
        executive=UserFactory(username="exec", role=Role.EXECUTIVE, team=None),
        admin=UserFactory(username="admin", role=Role.ADMIN, team=None),
    )


def pytest_terminal_summary(terminalreporter: Any) -> None:
    """Say plainly how many browser tests ran in Chromium, and on which database."""
    from django.conf import settings

    passed = [r for r in terminalreporter.stats.get("passed", []) if "browser" in r.keywords]
    failed = [r for r in terminalreporter.stats.get("failed", []) if "browser" in r.keywords]
    engine = settings.DATABASES["default"]["ENGINE"].rsplit(".", 1)[-1]
    terminalreporter.write_line(
        f"database: {engine}; browser tests in Chromium: {len(passed)} passed, {len(failed)} failed"
    )
