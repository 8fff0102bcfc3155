"""Draw the rows of every demo account, chunk by chunk, always in the same order."""

from __future__ import annotations

from collections.abc import Iterator
from itertools import islice
from random import Random

from guanxi.demo.account import account_rng, draw_account
from guanxi.demo.activities import Bosses
from guanxi.demo.furniture import furniture_maker
from guanxi.demo.ids import Ids
from guanxi.demo.kickback import kickback_account
from guanxi.demo.pipeline import Recipe, Rows
from guanxi.demo.plan import Planner
from guanxi.demo.rows import ChunkRows, add_account
from guanxi.demo.seeds import AccountDraft


def generate(recipe: Recipe) -> Iterator[Rows]:
    ids = Ids(recipe.first_ids)
    staff = recipe.staff
    drafts = _drafts(recipe, ids)
    while batch := list(islice(drafts, recipe.chunk)):
        rows = ChunkRows()
        for draft, rng in batch:
            bosses = Bosses(staff.manager_ids[draft.plan.city.team], staff.executive_id)
            add_account(rows, draft, rng, bosses, ids)
        yield rows.rows


def _drafts(recipe: Recipe, ids: Ids) -> Iterator[tuple[AccountDraft, Random]]:
    """Drafts in account order; ids are taken as each draft is drawn, so the order is fixed."""
    seed, staff, competitors = recipe.seed, recipe.staff, recipe.competitors
    first = ids.peek("account")
    yield furniture_maker(first, staff, competitors, ids), account_rng(seed, 0)
    if recipe.accounts > 1:
        yield kickback_account(first, staff, competitors, ids), account_rng(seed, 1)
    competitor_ids = sorted(competitors.values())
    for plan in Planner(seed, staff, first).plans(recipe.accounts):
        rng = account_rng(seed, plan.index)
        yield draw_account(rng, plan, staff, competitor_ids, ids), rng
