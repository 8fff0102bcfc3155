"""Turn one account's draft, its activities and its sales into table rows."""

from __future__ import annotations

import json
from collections.abc import Sequence
from datetime import date
from decimal import Decimal
from functools import lru_cache
from random import Random

from guanxi.demo.activities import ActivityRows, Bosses, draw_activities
from guanxi.demo.ids import Ids
from guanxi.demo.keys import search_keys
from guanxi.demo.sales import sales_lines
from guanxi.demo.seeds import AccountDraft, ContactSeed
from guanxi.demo.tables import Row
from guanxi.stakeholders.models import ContactStatus


class ChunkRows:
    """Rows of a chunk of accounts, by table key (see tables.TABLES)."""

    def __init__(self) -> None:
        self.rows: dict[str, list[Row]] = {}

    def add(self, key: str, rows: Sequence[Row]) -> None:
        self.rows.setdefault(key, []).extend(rows)

    def get(self, key: str) -> list[Row]:
        return self.rows.get(key, [])


@lru_cache(maxsize=512)
def roles_value(roles: tuple[str, ...]) -> str:
    """buying_roles as JSON text, as Django writes it (PostgreSQL casts the text to jsonb)."""
    return json.dumps(list(roles))


def add_account(out: ChunkRows, draft: AccountDraft, rng: Random, bosses: Bosses, ids: Ids) -> None:
    account_id = draft.plan.account_id
    out.add("account", [account_row(draft)])
    out.add("competitor_link", [(account_id, c) for c in draft.competitor_ids])
    out.add("member", [(account_id, user, role) for user, role in draft.members])
    out.add("contact", [contact_row(account_id, c) for c in draft.contacts])
    out.add(
        "link", [(account_id, k.from_id, k.to_id, k.kind, k.strength, k.note) for k in draft.links]
    )
    out.add(
        "practice",
        [(account_id, p.description, p.blocks_us, p.how_we_work_with_it) for p in draft.practices],
    )
    owner = draft.plan.owner_id
    out.add("interest", [
        (account_id, i.contact_id, i.kind, i.description, i.severity, i.mitigation, i.ally_id, owner, i.status)
        for i in draft.interests
    ])  # fmt: skip
    out.add("need", [
        (n.id, account_id, n.description, n.horizon, n.category, n.department, n.source_id,
         n.importance, n.our_answer, n.status, n.confirmed_by, n.confirmed_on)
        for n in draft.needs
    ])  # fmt: skip
    out.add("opportunity", [
        (o.id, account_id, o.name, Decimal(o.value_yuan), o.expected_close, o.stage, o.probability)
        for o in draft.opportunities
    ])  # fmt: skip
    out.add("opportunity_need", [(o.id, n) for o in draft.opportunities for n in o.need_ids])
    _add_activities(out, draft, rng, bosses, ids)
    out.add(
        "sales", sales_lines(rng, draft.profile, account_id, draft.plan.code, draft.plan.industry)
    )


def _add_activities(
    out: ChunkRows, draft: AccountDraft, rng: Random, bosses: Bosses, ids: Ids
) -> None:
    activities = ActivityRows()
    draw_activities(rng, draft, bosses, ids, activities)
    out.add("activity", activities.activities)
    out.add("participant", activities.participants)
    out.add("contact_met", activities.contacts_met)
    touches = activities.touches
    out.add("relationship", [
        (a.contact_id, a.user_id, a.current_level, a.target_level, _day(touches.get((a.contact_id, a.user_id))))
        for a in draft.acquaintances
    ])  # fmt: skip


def _day(ordinal: int | None) -> date | None:
    return date.fromordinal(ordinal) if ordinal else None


def account_row(draft: AccountDraft) -> Row:
    plan, profile = draft.plan, draft.profile
    pinyin, initials = search_keys(plan.name)
    spend = Decimal(draft.estimated_spend_yuan) if draft.estimated_spend_yuan else None
    override, reason = draft.tier_override
    return (
        plan.account_id, plan.name, plan.name_latin, pinyin, initials, plan.code, plan.industry,
        plan.city.region, plan.parent_id, plan.owner_id, spend, profile.credit_rating,
        profile.payment_terms, profile.access_to_goals, profile.openness_to_ideas, profile.stage,
        profile.results_horizon, profile.competitor_threat, profile.tier, override, reason, draft.notes,
    )  # fmt: skip


def contact_row(account_id: int, c: ContactSeed) -> Row:
    pinyin, initials = search_keys(c.name) if c.name else ("", "")
    status = ContactStatus.LEFT if c.left_on else ContactStatus.ACTIVE
    return (
        c.id, account_id, c.name, c.name_latin, pinyin, initials, c.title, c.department,
        c.reports_to, c.mobile, c.email, c.wechat, roles_value(c.roles), c.influence, c.stance,
        c.orientation, c.personality, c.preferences, bool(c.personality), c.next_step, status,
        c.left_on, c.left_to, c.placeholder, c.personal_notes,
    )  # fmt: skip
