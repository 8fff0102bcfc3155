"""One ordinary demo account, drawn from its own random stream."""

from __future__ import annotations

from random import Random

from guanxi.accounts.models import Threat, Tier
from guanxi.demo.contacts import draw_contacts
from guanxi.demo.coverage import draw_acquaintances, draw_members
from guanxi.demo.ids import Ids
from guanxi.demo.interests import draw_interests, draw_practices
from guanxi.demo.needs import draw_needs, draw_opportunities
from guanxi.demo.plan import AccountPlan
from guanxi.demo.profiles import AccountProfile, Pattern, draw_profile
from guanxi.demo.roster import Staff
from guanxi.demo.seeds import AccountDraft
from guanxi.demo.ties import draw_links

NOTES = {
    Pattern.SQUEEZER: "量大但一直压价，回款很慢；去年曾以停单相要挟要求再降价",
    Pattern.LATE_PAYER: "回款经常拖延，需要财务每月跟进对账",
    Pattern.GROWING: "近两年增长快，新厂区明年投产",
    Pattern.DECLINING: "采购量连续下滑，部分品类已转给竞争对手",
    Pattern.NEW: "今年新开发的客户，还在试单阶段",
}


def account_rng(seed: int, index: int) -> Random:
    """Each account has its own stream, so account i is the same whatever the total."""
    return Random(seed * 4_294_967_296 + index)


def draw_account(
    rng: Random, plan: AccountPlan, staff: Staff, competitor_ids: list[int], ids: Ids
) -> AccountDraft:
    profile = draw_profile(rng, plan)
    contacts = draw_contacts(rng, plan, profile.contacts, ids)
    members = draw_members(
        rng, staff, plan.owner_id, plan.city.team, plan.group_owner_id, profile.executive_sponsor
    )
    draft = AccountDraft(plan, profile, contacts, members=members)
    draft.interests = draw_interests(rng, contacts)
    draft.acquaintances = draw_acquaintances(rng, contacts, plan.owner_id, members, profile.stage)
    draft.links = draw_links(rng, contacts)
    draft.practices = draw_practices(rng)
    draft.needs = draw_needs(rng, plan.industry, contacts, ids)
    draft.opportunities = draw_opportunities(rng, profile.yearly_revenue, draft.needs, ids)
    draft.competitor_ids = _competitors(rng, profile, competitor_ids)
    draft.notes = NOTES.get(profile.pattern, "") if rng.random() < 0.7 else ""
    spend = profile.yearly_revenue / profile.share_of_wallet
    draft.estimated_spend_yuan = None if rng.random() < 0.1 else int(round(spend, -4))
    if plan.parent_id is not None and profile.tier == Tier.STANDARD and rng.random() < 0.5:
        draft.tier_override = (Tier.DEVELOP, "集团客户的子公司，按集团整体潜力管理")
    return draft


def _competitors(rng: Random, profile: AccountProfile, competitor_ids: list[int]) -> list[int]:
    if profile.competitor_threat == Threat.NONE and rng.random() < 0.7:
        return []
    return rng.sample(competitor_ids, rng.randint(1, 2))
