"""What our people did (and plan to do) in each account over the last eighteen months."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from random import Random

from guanxi.accounts.models import AccountRole
from guanxi.activities.models import ActivityKind as K
from guanxi.activities.models import ActivityStatus
from guanxi.demo.constants import ACTIVITY_DAYS_AHEAD, ACTIVITY_DAYS_BACK, DEMO_TODAY, SALES_MONTHS
from guanxi.demo.draws import between, pick
from guanxi.demo.ids import Ids
from guanxi.demo.seeds import AccountDraft, ContactSeed, ScriptedActivity
from guanxi.demo.values import day_text

TODAY = DEMO_TODAY.toordinal()
QUARTER_HOURS = tuple(str(Decimal(q) / 4) for q in range(97))

# kind: (weight, quarter hours low–high, contacts met low–high, subject template)
KINDS: dict[str, tuple[int, int, int, int, int, str]] = {
    K.CALL: (22, 1, 2, 1, 1, "致电{who}：{topic}"),
    K.MESSAGE: (15, 1, 1, 1, 1, "微信{who}：{topic}"),
    K.VISIT: (20, 6, 16, 1, 2, "拜访{who}，{topic}"),
    K.MEAL: (8, 8, 14, 1, 3, "与{who}{topic}"),
    K.INFORMATION: (8, 1, 4, 1, 1, "给{who}{topic}"),
    K.PRESENTATION: (7, 6, 12, 2, 4, "向{who}{topic}"),
    K.PROPOSAL: (5, 8, 16, 1, 1, "向{who}{topic}"),
    K.TRIAL: (4, 8, 24, 1, 2, "{topic}，{who}负责验收"),
    K.TRAINING: (3, 8, 16, 2, 4, "{topic}（{who}安排）"),
    K.EXECUTIVE_VISIT: (2, 12, 24, 1, 2, "{topic}（会见{who}）"),
}
KIND_DRAWS = tuple(kind for kind, spec in KINDS.items() for _ in range(spec[0]))
WEEKEND_OK = frozenset({K.MEAL, K.MESSAGE})
TOPICS: dict[str, tuple[str, ...]] = {
    K.CALL: ("跟进报价", "确认交期", "催收货款", "约下次拜访时间", "确认样品反馈"),
    K.MESSAGE: ("发送新品目录", "发送报价单", "节日问候", "确认送货时间", "发送对账单"),
    K.VISIT: ("讨论年度框架价格", "介绍新款阻尼铰链", "处理上批货的质量投诉", "了解明年新品开发计划",
              "对账与回款", "商量旺季备货计划", "参观生产线，了解装配痛点"),
    K.MEAL: ("吃饭应酬", "喝早茶", "吃潮汕牛肉火锅", "晚宴应酬", "打高尔夫后晚餐"),
    K.INFORMATION: ("寄送样品和检测报告", "提供竞品对比资料", "发送行业趋势报告"),
    K.PRESENTATION: ("演示隐藏式阻尼滑轨", "演示智能锁方案", "介绍高端五金系列"),
    K.PROPOSAL: ("提交年度供货方案", "提交项目门锁报价方案", "提交降本方案"),
    K.TRIAL: ("铰链样品试装", "小批量试用滑轨", "样板间智能锁试装"),
    K.TRAINING: ("安装工人培训", "产品知识培训"),
    K.EXECUTIVE_VISIT: ("我方林总拜访，商谈战略合作", "高层互访，讨论三年合作规划"),
}  # fmt: skip
OUTCOMES = (
    "对方认可样品质量，但要求再降价3%", "约定下月安排试装", "客户反馈交期偏长，需要改善",
    "拿到明年的新品开发计划", "对方暂无需求，保持联系", "引荐了设计部负责人", "同意进入供应商名录",
    "回款计划已确认", "竞品报价更低，客户在观望", "达成初步意向", "对方提出质量改进要求",
)  # fmt: skip
SHORT_OUTCOMES = (
    "已回复，确认收到", "对方说下周回复", "确认交期没问题", "对方又提降价", "约好下周见面",
    "回款计划已确认", "对方在出差，改天再约",
)  # fmt: skip
SHORT_KINDS = frozenset({K.CALL, K.MESSAGE, K.INFORMATION})
NEXT_STEPS = (
    "发送修改后的报价", "安排样品寄送", "约技术交流会", "请我方林总出面拜访", "跟进回款", "准备试装方案",
)  # fmt: skip

# id, account, date, kind, subject, hours, outcome, next step, due, status, created by
ActivityRow = tuple[int, int, str, str, str, str, str, str, str | None, str, int]


@dataclass(slots=True)
class ActivityRows:
    activities: list[ActivityRow] = field(default_factory=list)
    participants: list[tuple[int, int]] = field(default_factory=list)
    contacts_met: list[tuple[int, int]] = field(default_factory=list)
    touches: dict[tuple[int, int], int] = field(default_factory=dict)  # (contact, user) → day


def address(contact: ContactSeed) -> str:
    """How a salesperson would write the person: 王总, 李经理, 张工."""
    title = contact.title
    if any(word in title for word in ("董事长", "总经理", "总监", "副总", "总工")):
        return contact.surname + "总"
    if "经理" in title:
        return contact.surname + "经理"
    if "工程师" in title or "设计师" in title:
        return contact.surname + "工"
    return contact.name


@dataclass(frozen=True, slots=True)
class Bosses:
    """Our senior people who join some activities: the team's manager and the executive."""

    manager_id: int
    executive_id: int


def draw_activities(
    rng: Random, draft: AccountDraft, bosses: Bosses, ids: Ids, out: ActivityRows
) -> None:
    known: dict[int, list[ContactSeed]] = {}
    by_id = {c.id: c for c in draft.contacts}
    for acquaintance in draft.acquaintances:
        known.setdefault(acquaintance.user_id, []).append(by_id[acquaintance.contact_id])
    span = ACTIVITY_DAYS_BACK
    if draft.profile.first_month:
        span = min(span, (SALES_MONTHS - draft.profile.first_month) * 30 + 90)
    for _ in range(draft.profile.activities):
        _activity(rng, draft, known, bosses, span, ids.take("activity"), out)
    for scripted in draft.scripted:
        _scripted(draft, scripted, ids.take("activity"), out)


def _activity(
    rng: Random, draft: AccountDraft, known: dict[int, list[ContactSeed]], bosses: Bosses,
    span: int, activity_id: int, out: ActivityRows,
) -> None:  # fmt: skip
    kind = pick(rng, KIND_DRAWS)
    if kind == K.EXECUTIVE_VISIT and not draft.profile.executive_sponsor:
        kind = K.VISIT if draft.profile.yearly_revenue < 1_000_000 else kind
    planned = rng.random() < 0.1
    day = _day(rng, kind, planned, span)
    users = _participants(rng, draft, kind, bosses)
    met = _contacts_met(rng, kind, users, known, day)
    _, low, high, _, _, template = KINDS[kind]
    who = "、".join(address(c) for c in met) or "客户"
    subject = template.format(who=who, topic=pick(rng, TOPICS[kind]))
    outcomes = SHORT_OUTCOMES if kind in SHORT_KINDS else OUTCOMES
    outcome = "" if planned or rng.random() < 0.3 else pick(rng, outcomes)
    step = pick(rng, NEXT_STEPS) if rng.random() < 0.35 else ""
    due = day_text(day + between(rng, 3, 21)) if step else None
    status = ActivityStatus.PLANNED if planned else ActivityStatus.DONE
    out.activities.append((
        activity_id, draft.plan.account_id, day_text(day), kind, subject[:200],
        QUARTER_HOURS[between(rng, low, high)], outcome, step, due, status, draft.plan.owner_id,
    ))  # fmt: skip
    out.participants.extend((activity_id, user) for user in users)
    out.contacts_met.extend((activity_id, c.id) for c in met)
    if not planned:
        _touch(out, users, [c.id for c in met], day)


def _scripted(
    draft: AccountDraft, activity: ScriptedActivity, activity_id: int, out: ActivityRows
) -> None:
    day = TODAY + activity.days_from_today
    status = ActivityStatus.PLANNED if day > TODAY else ActivityStatus.DONE
    out.activities.append((
        activity_id, draft.plan.account_id, day_text(day), activity.kind, activity.subject,
        QUARTER_HOURS[activity.quarter_hours], activity.outcome, activity.next_step,
        day_text(day + 7) if activity.next_step else None, status, draft.plan.owner_id,
    ))  # fmt: skip
    out.participants.extend((activity_id, user) for user in activity.user_ids)
    out.contacts_met.extend((activity_id, contact) for contact in activity.contact_ids)
    if status == ActivityStatus.DONE:
        _touch(out, activity.user_ids, activity.contact_ids, day)


def _touch(out: ActivityRows, users: Iterable[int], contacts: Iterable[int], day: int) -> None:
    for user in users:
        for contact in contacts:
            key = (contact, user)
            out.touches[key] = max(out.touches.get(key, 0), day)


def _day(rng: Random, kind: str, planned: bool, span: int) -> int:
    if planned:
        day = TODAY + between(rng, 1, ACTIVITY_DAYS_AHEAD)
        weekday = (day - 1) % 7  # ordinal 1 is a Monday
        return day + (7 - weekday if weekday >= 5 and kind not in WEEKEND_OK else 0)
    day = TODAY - int(span * rng.random() ** 1.4)
    weekday = (day - 1) % 7
    return day - (weekday - 4 if weekday >= 5 and kind not in WEEKEND_OK else 0)


def _participants(rng: Random, draft: AccountDraft, kind: str, bosses: Bosses) -> list[int]:
    users = [draft.plan.owner_id]
    if kind == K.EXECUTIVE_VISIT:
        users.append(bosses.executive_id)
    for user, role in draft.members:
        if role != AccountRole.EXECUTIVE_SPONSOR and rng.random() < 0.15:
            users.append(user)
    if kind in (K.VISIT, K.MEAL, K.EXECUTIVE_VISIT) and rng.random() < 0.04:
        users.append(bosses.manager_id)
    return list(dict.fromkeys(users))


def _contacts_met(
    rng: Random, kind: str, users: list[int], known: dict[int, list[ContactSeed]], day: int
) -> list[ContactSeed]:
    pool = known.get(users[0], []) if len(users) == 1 else _union(known, users)
    people = [c for c in pool if c.left_on is None or c.left_on.toordinal() > day]
    if not people:
        return []
    _, _, _, low, high, _ = KINDS[kind]
    count = min(len(people), between(rng, low, high))
    if kind == K.EXECUTIVE_VISIT:
        return sorted(people, key=lambda c: -c.influence)[:count]
    return rng.sample(people, count) if count > 1 else [pick(rng, people)]


def _union(known: dict[int, list[ContactSeed]], users: list[int]) -> list[ContactSeed]:
    return list({c.id: c for user in users for c in known.get(user, ())}.values())
