"""Entrenched interests (R2.5–R2.6) and entrenched practices (R2.7)."""

from __future__ import annotations

from random import Random

from guanxi.demo.seeds import ContactSeed, InterestSeed, PracticeSeed
from guanxi.stakeholders.models import InterestKind, InterestStatus, Mitigation

INTEREST_STORIES = {
    InterestKind.ROLE_DEVALUED: "担心我方的标准化安装方案让其技术把关的角色变得可有可无",
    InterestKind.INFLUENCE_DILUTED: "我方直接向总经理提改进建议，削弱了其在供应商选择上的话语权",
    InterestKind.BUDGET_LOSS: "集中采购后其部门的采购预算和审批权将被收回",
    InterestKind.KICKBACK: "与现供应商关系过密，疑有利益往来；我方份额扩大会影响其好处",
    InterestKind.OTHER: "曾推荐现供应商入围，换供应商等于承认当初看走眼",
}
KINDS = tuple(INTEREST_STORIES)
KIND_WEIGHTS = (30, 25, 20, 10, 15)
MITIGATIONS = (
    Mitigation.NONE, Mitigation.GO_AROUND, Mitigation.WIN_TRUST, Mitigation.ALLY_SPEAKS,
    Mitigation.WAIT_DEPARTURE, Mitigation.OTHER,
)  # fmt: skip
MITIGATION_WEIGHTS = (25, 20, 25, 20, 5, 5)

PRACTICES = (
    ("每年只在年底招标一次，锁定全年价格", True, "提前三个月准备投标资料，年中用新品试点切入"),
    ("新供应商必须先过三个月小批量试用", True, "主动申请试用，派工程师跟进每一批反馈"),
    ("只接受两到三天的标准培训，不要驻场辅导", False, "把辅导内容拆进标准培训，再用回访补上"),
    ("采购只看单价，三家比价取最低", True, "用总拥有成本（返修率、安装工时）说话，请生产部出面"),
    ("付款走六个月承兑汇票", False, "报价中计入贴息成本"),
    ("样品必须由设计总监亲自测试签字", False, "样品直接送设计部，并约总监现场演示"),
    ("不接受没做过本行业的顾问和方案", True, "先拿同行案例，再请老客户帮忙背书"),
    ("所有五金必须进集团的合格供应商名录", True, "通过集团审厂，借子公司的好评推动入录"),
    ("项目部可以自行零星采购，绕过总部", False, "同时维护项目经理关系，按项目报价"),
)  # fmt: skip


def draw_interests(rng: Random, contacts: list[ContactSeed]) -> list[InterestSeed]:
    holders = [c for c in contacts if c.reachable and c.influence >= 3 and c.reports_to is not None]
    if not holders or rng.random() >= 0.08:
        return []
    holder = rng.choice(holders)
    holder.stance = rng.choice((-2, -1, -1))
    kind = rng.choices(KINDS, KIND_WEIGHTS)[0]
    mitigation = rng.choices(MITIGATIONS, MITIGATION_WEIGHTS)[0]
    allies = [c for c in contacts if c.reachable and c.stance >= 1 and c is not holder]
    ally = rng.choice(allies) if allies and mitigation == Mitigation.ALLY_SPEAKS else None
    if mitigation == Mitigation.ALLY_SPEAKS and ally is None:
        mitigation = Mitigation.WIN_TRUST
    status = rng.choices(tuple(InterestStatus), (60, 30, 10))[0]
    if mitigation == Mitigation.NONE:
        status = InterestStatus.OPEN
    return [
        InterestSeed(
            holder.id, kind, INTEREST_STORIES[kind], rng.choice((2, 3, 3)) if kind == InterestKind.KICKBACK else rng.randint(1, 3),
            mitigation, ally.id if ally else None, status,
        )
    ]  # fmt: skip


def draw_practices(rng: Random) -> list[PracticeSeed]:
    if rng.random() >= 0.3:
        return []
    chosen = rng.sample(PRACTICES, rng.randint(1, 2))
    return [PracticeSeed(*practice) for practice in chosen]
