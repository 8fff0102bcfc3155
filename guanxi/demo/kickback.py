"""The kickback case of METHOD.md R2.5: an influential purchasing manager is paid by the incumbent.

He blocks us at every step. The plan (R2.6): the technical director, our champion and the
general manager's fellow alumnus, speaks for us, and our executive visits the general manager.
"""

from __future__ import annotations

from datetime import date

from guanxi.accounts.models import AccountRole, CreditRating, Industry, Stage, Threat, Tier
from guanxi.activities.models import ActivityKind as K
from guanxi.demo.constants import DEMO_TODAY, KICKBACK_ACCOUNT_CODE
from guanxi.demo.ids import Ids
from guanxi.demo.profiles import AccountProfile, Pattern
from guanxi.demo.roster import Staff
from guanxi.demo.seeds import (
    AccountDraft,
    InterestSeed,
    LinkSeed,
    NeedSeed,
    OpportunitySeed,
    PracticeSeed,
    ScriptedActivity,
)
from guanxi.demo.showcase import Person, acquaint, seat_people, showcase_plan
from guanxi.needs.models import NeedCategory, NeedStatus, OpportunityStage
from guanxi.stakeholders.models import BuyingRole as R
from guanxi.stakeholders.models import DecisionOrientation as O
from guanxi.stakeholders.models import InterestKind, InterestStatus, LinkKind, Mitigation, Severity

INCUMBENT = "锐锋五金 (Ruifeng Hardware)"
PEOPLE = (
    Person("gm", "何振华", "总经理", "总经办", None, (R.DECISION_MAKER, R.ECONOMIC_BUYER), 5, 1, O.BUSINESS,
           personality="念旧但务实，重视产品认证", preferences="喜欢喝普洱茶；爱打高尔夫"),
    Person("buyer_mgr", "刘建军", "采购经理", "采购部", "gm", (R.TECHNICAL_BUYER, R.GATEKEEPER), 4, -2, O.FINANCIAL,
           personality="表面客气，实际处处设卡", preferences="喜欢喝红酒",
           personal_notes="与锐锋五金的业务员私交甚密，常一起打牌"),
    Person("buyer", "孔晓燕", "采购专员", "采购部", "buyer_mgr", (R.GATEKEEPER,), 1, 0, O.FINANCIAL),
    Person("cto", "钟少华", "技术总监", "技术部", "gm", (R.TECHNICAL_BUYER, R.INFLUENCER, R.COACH), 4, 2, O.TECHNICAL,
           personality="技术出身，认同我们的多点锁方案", preferences="跑马拉松"),
    Person("production", "谭伟东", "生产经理", "生产部", "gm", (R.USER_BUYER,), 3, 1, O.TECHNICAL),
    Person("quality", "邓国平", "品质经理", "质量部", "production", (R.TECHNICAL_BUYER,), 2, 1, O.TECHNICAL),
    Person("cfo", "何美玲", "财务总监", "财务部", "gm", (R.ECONOMIC_BUYER,), 3, 0, O.FINANCIAL),
    Person("sales", "杨子豪", "销售总监", "销售部", "gm", (R.INFLUENCER,), 3, 0, O.BUSINESS,
           next_step="请钟总在季度技术交流会上介绍"),
)  # fmt: skip


def _profile() -> AccountProfile:
    return AccountProfile(
        pattern=Pattern.STEADY, yearly_revenue=2_400_000, growth=1.05, first_month=0,
        grade_weights=(0.5, 0.8, 0.2), margin_offset=0.0, pay_delay=(-2.0, 5.0), payment_terms=60,
        credit_rating=CreditRating.AA, stage=Stage.BASIC, access_to_goals=3, openness_to_ideas=4,
        results_horizon=6, competitor_threat=Threat.HIGH, tier=Tier.KEY, share_of_wallet=0.2,
        contacts=len(PEOPLE), activities=44, executive_sponsor=True,
    )  # fmt: skip


def kickback_account(
    first_account_id: int, staff: Staff, competitor_ids: dict[str, int], ids: Ids
) -> AccountDraft:
    kam1, boss = staff.kam1_id, staff.executive_id
    plan = showcase_plan(
        1, KICKBACK_ACCOUNT_CODE, "佛山金盛门窗有限公司", "Foshan Jinsheng Doors & Windows Co., Ltd.",
        "金盛", Industry.DOORS_WINDOWS, "佛山", kam1, first_account_id,
    )  # fmt: skip
    people = seat_people(PEOPLE, ids, plan.brand)
    p = {key: c.id for key, c in people.items()}
    draft = AccountDraft(
        plan, _profile(), list(people.values()), members=[(boss, AccountRole.EXECUTIVE_SPONSOR)]
    )
    draft.acquaintances = acquaint(people, (
        ("gm", kam1, 2, 4), ("buyer_mgr", kam1, 2, 3), ("buyer", kam1, 1, 2), ("cto", kam1, 4, 5),
        ("production", kam1, 3, 4), ("quality", kam1, 2, 3), ("gm", boss, 2, 4),
    ))  # fmt: skip
    draft.interests = [InterestSeed(
        p["buyer_mgr"], InterestKind.KICKBACK,
        "据多方消息，刘建军从现供应商锐锋五金拿回扣；我司份额扩大会直接减少其好处，"
        "因此在样品评审和比价上处处设卡（样品“不合格”、报价“偏高”）。",
        Severity.HIGH, Mitigation.ALLY_SPEAKS, p["cto"], InterestStatus.MITIGATING,
    )]  # fmt: skip
    draft.links = [
        LinkSeed(p["cto"], p["gm"], LinkKind.INFLUENCE, 5, "总经理在技术问题上完全信任他"),
        LinkSeed(p["cto"], p["gm"], LinkKind.ALUMNI, 4, "华南理工大学校友"),
        LinkSeed(p["buyer_mgr"], p["cto"], LinkKind.CONFLICT, 3, "在供应商评审上多次争执"),
        LinkSeed(p["cfo"], p["gm"], LinkKind.FAMILY, 5, "夫妻"),
    ]
    draft.needs = _needs(p, ids)
    draft.opportunities = [OpportunitySeed(
        ids.take("opportunity"), "节能门窗多点锁系统导入", 2_500_000,
        date.fromordinal(DEMO_TODAY.toordinal() + 120), OpportunityStage.PROPOSAL, 40, (draft.needs[1].id,),
    )]  # fmt: skip
    draft.practices = [PracticeSeed(
        "五金供应商入围由采购经理组织评审，技术部只有建议权", True,
        "请钟总把技术标准写进评审表，并请总经理参加终审",
    )]  # fmt: skip
    draft.competitor_ids = [competitor_ids[INCUMBENT]]
    draft.estimated_spend_yuan = 12_000_000
    draft.scripted = _scripted(p, kam1, boss)
    draft.notes = (
        "现供应商锐锋五金占大头；采购经理刘建军疑拿回扣，处处设卡（R2.5）。"
        "对策（R2.6）：请技术总监钟少华在总经理面前为我们说话，同时安排林总拜访总经理。"
    )
    return draft


def _needs(p: dict[str, int], ids: Ids) -> list[NeedSeed]:
    confirmed = date.fromordinal(DEMO_TODAY.toordinal() - 45)
    return [
        NeedSeed(ids.take("need"), "旺季门窗五金准时交付（去年9月现供应商断货两周）", "short",
                 NeedCategory.DELIVERY, "生产部", p["production"], 4,
                 "佛山仓备两周安全库存，旺季前锁价锁量", NeedStatus.CONFIRMED, p["production"], confirmed),
        NeedSeed(ids.take("need"), "通过节能门窗认证，进入高端地产精装项目的供应链", "long",
                 NeedCategory.COMPLIANCE, "技术部", p["cto"], 5, "提供通过检测的多点锁系统和风撑，联合送检",
                 NeedStatus.ADDRESSING, p["cto"], confirmed),
    ]  # fmt: skip


def _scripted(p: dict[str, int], kam1: int, boss: int) -> list[ScriptedActivity]:
    return [
        ScriptedActivity(-20, K.TRIAL, "多点锁样品试装，钟总组织技术评审", 24, (kam1,), (p["cto"], p["quality"]),
                         "技术评审通过；刘经理仍以“价格偏高”为由压着不报", "请钟总向何总汇报评审结果"),
        ScriptedActivity(-6, K.CALL, "致电钟总：他已向何总推荐我们的方案", 2, (kam1,), (p["cto"],),
                         "何总愿意见林总，谈节能门窗认证合作"),
        ScriptedActivity(12, K.EXECUTIVE_VISIT, "林总拜访何总：节能门窗认证合作", 16, (boss, kam1), (p["gm"], p["cto"])),
    ]  # fmt: skip
