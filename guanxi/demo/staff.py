"""Our side of the demo: teams and users, all with one demo password."""

from __future__ import annotations

from random import Random

from django.contrib.auth.hashers import make_password

from guanxi.demo.constants import DEMO_PASSWORD, EAST_TEAM, SOUTH_TEAM
from guanxi.demo.names import person_name
from guanxi.demo.roster import Login, Staff
from guanxi.users.models import Role, Team, User

KAM_CAPACITIES = (60, 70, 80, 80, 90, 100)


def kam_count(accounts: int) -> int:
    """About 15 accounts per KAM, at least 4 and at most 1,000 (50 each at 50,000 accounts)."""
    return max(4, min(1_000, round(accounts / 15)))


def _fixed_users(teams: dict[str, Team]) -> list[User]:
    return [
        User(username="admin", display_name="周静", role=Role.ADMIN, is_staff=True,
             monthly_capacity_hours=0, languages="zh-hans,en"),
        User(username="manager", display_name="黄国栋", role=Role.MANAGER,
             team=teams[SOUTH_TEAM], monthly_capacity_hours=40, languages="zh-hans"),
        User(username="manager2", display_name="沈嘉怡", role=Role.MANAGER,
             team=teams[EAST_TEAM], monthly_capacity_hours=40, languages="zh-hans,en"),
        User(username="exec", display_name="林振华", role=Role.EXECUTIVE,
             monthly_capacity_hours=16, languages="zh-hans,en"),
    ]  # fmt: skip


def _kams(rng: Random, count: int, teams: dict[str, Team]) -> list[User]:
    kams = []
    for number in range(1, count + 1):
        name = person_name(rng)
        team = teams[SOUTH_TEAM] if number % 2 else teams[EAST_TEAM]
        kams.append(
            User(
                username=f"kam{number}",
                display_name=name.full,
                role=Role.KAM,
                team=team,
                monthly_capacity_hours=rng.choice(KAM_CAPACITIES),
                languages="zh-hans",
            )
        )
    return kams


def create_staff(rng: Random, accounts: int) -> Staff:
    teams = {
        SOUTH_TEAM: Team.objects.create(name=SOUTH_TEAM, region="华南"),
        EAST_TEAM: Team.objects.create(name=EAST_TEAM, region="华东"),
    }
    password = make_password(DEMO_PASSWORD)
    users = _fixed_users(teams) + _kams(rng, kam_count(accounts), teams)
    for user in users:
        user.password = password
    created = {user.username: user for user in User.objects.bulk_create(users)}
    kam_ids = {
        name: tuple(u.pk for u in created.values() if u.role == Role.KAM and u.team_id == team.pk)
        for name, team in teams.items()
    }
    return Staff(
        admin_id=created["admin"].pk,
        executive_id=created["exec"].pk,
        manager_ids={SOUTH_TEAM: created["manager"].pk, EAST_TEAM: created["manager2"].pk},
        kam_ids=kam_ids,
        logins=tuple(_login(user, teams) for user in created.values()),
    )


def _login(user: User, teams: dict[str, Team]) -> Login:
    team = next((name for name, t in teams.items() if t.pk == user.team_id), "")
    return Login(user.username, str(user.role), user.display_name, team)
