"""Our users as the generator sees them: ids and logins.

Free of Django, so that it can be handed to the generator process before Django is set up there.
"""

from __future__ import annotations

from dataclasses import dataclass

from guanxi.demo.constants import SOUTH_TEAM


@dataclass(frozen=True, slots=True)
class Login:
    username: str
    role: str
    display_name: str
    team: str


@dataclass(frozen=True, slots=True)
class Staff:
    admin_id: int
    executive_id: int
    manager_ids: dict[str, int]
    kam_ids: dict[str, tuple[int, ...]]
    logins: tuple[Login, ...]

    @property
    def kam1_id(self) -> int:
        return self.kam_ids[SOUTH_TEAM][0]
