"""Short- and long-term needs, who owns them (R3), and the opportunities they lead to."""

from __future__ import annotations

from datetime import date
from random import Random

from guanxi.accounts.models import Industry
from guanxi.demo.constants import DEMO_TODAY
from guanxi.demo.ids import Ids
from guanxi.demo.seeds import ContactSeed, NeedSeed, OpportunitySeed
from guanxi.needs.models import NeedCategory as C
from guanxi.needs.models import NeedStatus, OpportunityStage

MAKERS = frozenset({Industry.FURNITURE, Industry.DOORS_WINDOWS, Industry.KITCHEN_BATH})
BUILDERS = frozenset({Industry.REAL_ESTATE, Industry.CONSTRUCTION, Industry.DECORATION})
ANY: frozenset[str] = frozenset()

# (description, horizon, category, owning department, our answer, industries; empty = any)
NEEDS: tuple[tuple[str, str, str, str, str, frozenset[str]], ...] = (
    ("五金件采购单价每年降低5%–8%", "short", C.COST, "采购部", "年度阶梯价加集中下单折扣", ANY),
    ("旺季（9–12月）交期缩短到7天以内", "short", C.DELIVERY, "采购部", "在当地设安全库存，旺季前锁定备货", ANY),
    ("解决铰链批次异响、松动的质量投诉", "short", C.QUALITY, "质量部", "派工程师驻厂排查，提供批次检测报告", MAKERS),
    ("减少库存占用，改为小批量多频次送货", "short", C.DELIVERY, "仓储物流部", "VMI 寄售库存方案", frozenset({Industry.DISTRIBUTOR})),
    ("账期延长到90天", "short", C.COST, "财务部", "以承兑汇票换账期，价格不变", ANY),
    ("提高安装效率，减少工人工时", "short", C.INNOVATION, "生产部", "推荐快装铰链和卡扣式滑轨", MAKERS),
    ("新项目样板间门锁一周内到货", "short", C.DELIVERY, "工程部", "样板间专用快速通道", BUILDERS),
    ("入住前客房门锁集中更换，不能影响营业", "short", C.SERVICE, "工程部", "分楼层夜间更换，驻场服务", frozenset({Industry.HOTEL})),
    ("产品升级，逐步进入中高端市场", "long", C.BRAND, "市场部", "联合设计部开发高端系列五金方案", MAKERS),
    ("开发智能家居产品线（智能锁、电动升降）", "long", C.INNOVATION, "研发部", "联合开发智能锁与电动支撑系统", MAKERS),
    ("精简供应商，建立三到五家战略供应商", "long", C.DELIVERY, "采购部", "申请成为战略供应商，签三年框架协议", ANY),
    ("出口欧美，五金须符合 EN/ANSI 认证", "long", C.COMPLIANCE, "质量部", "提供 EN 1935 / ANSI 认证产品线", MAKERS),
    ("精装修交付标准升级，减少业主投诉", "long", C.QUALITY, "工程部", "精装五金标准包加安装培训", BUILDERS),
    ("绿色建筑与节能门窗认证", "long", C.COMPLIANCE, "设计部", "提供节能认证配套五金和检测报告", BUILDERS),
    ("三年内完成全部客房门锁的智能化改造", "long", C.INNOVATION, "工程部", "分期改造方案与以旧换新", frozenset({Industry.HOTEL})),
    ("拓展华东市场，扩大经销网络", "long", C.GROWTH, "销售部", "共同开发区域市场，给予区域保护", frozenset({Industry.DISTRIBUTOR})),
    ("打造自有品牌，提升终端溢价", "long", C.BRAND, "销售部", "提供联名五金和终端展示支持", MAKERS | {Industry.DISTRIBUTOR}),
)  # fmt: skip

# What each kind of customer calls the department that owns a need.
DEPARTMENT_NAMES: dict[str, dict[str, str]] = {
    Industry.REAL_ESTATE: {"采购部": "招采中心", "销售部": "营销中心", "市场部": "营销中心"},
    Industry.CONSTRUCTION: {"采购部": "物资设备部", "工程部": "项目部", "设计部": "技术部"},
}
STATUSES = tuple(NeedStatus)
STATUS_WEIGHTS = (35, 25, 20, 12, 8)
STAGE_PROBABILITY = {
    OpportunityStage.PROSPECTING: 10, OpportunityStage.QUALIFYING: 20, OpportunityStage.PROPOSAL: 40,
    OpportunityStage.NEGOTIATION: 60, OpportunityStage.WON: 100, OpportunityStage.LOST: 0,
}  # fmt: skip
OPPORTUNITY_WEIGHTS = (20, 20, 20, 15, 15, 10)
PROJECTS = ("天悦府", "滨江壹号", "云璟花园", "湖畔雅苑", "星河湾", "锦绣华庭", "翠湖山庄")


def draw_needs(rng: Random, industry: str, contacts: list[ContactSeed], ids: Ids) -> list[NeedSeed]:
    pool = [need for need in NEEDS if not need[5] or industry in need[5]]
    roll = rng.random()
    if roll < 0.15:
        pool = [need for need in pool if need[1] == "short"]
    elif roll < 0.22:
        pool = [need for need in pool if need[1] == "long"]
    chosen = rng.sample(pool, min(len(pool), rng.randint(2, 4)))
    names = DEPARTMENT_NAMES.get(industry, {})
    return [
        _need(rng, ids.take("need"), need, names.get(need[3], need[3]), contacts) for need in chosen
    ]


def _need(
    rng: Random,
    need_id: int,
    need: tuple[str, str, str, str, str, frozenset[str]],
    department: str,
    contacts: list[ContactSeed],
) -> NeedSeed:
    description, horizon, category, _, answer, _ = need
    voices = [c for c in contacts if c.reachable and c.department == department]
    source = rng.choice(voices).id if voices and rng.random() < 0.7 else None
    status = rng.choices(STATUSES, STATUS_WEIGHTS)[0]
    confirmer = _confirmer(rng, status, source, contacts)
    answered = status in (NeedStatus.ADDRESSING, NeedStatus.MET) or rng.random() < 0.3
    return NeedSeed(
        need_id, description, horizon, category, department, source, rng.randint(2, 5),
        answer if answered else "", status, confirmer,
        _days_ago(rng, 10, 300) if confirmer else None,
    )  # fmt: skip


def _confirmer(
    rng: Random, status: str, source: int | None, contacts: list[ContactSeed]
) -> int | None:
    """Who confirmed a need that is confirmed or further: the person we heard it from, or a senior."""
    if status not in (NeedStatus.CONFIRMED, NeedStatus.ADDRESSING, NeedStatus.MET):
        return None
    if source is not None:
        return source
    seniors = [c for c in contacts if c.reachable and c.influence >= 4]
    return rng.choice(seniors).id if seniors else None


def _days_ago(rng: Random, low: int, high: int) -> date:
    return date.fromordinal(DEMO_TODAY.toordinal() - rng.randint(low, high))


def draw_opportunities(
    rng: Random, yearly_revenue: float, needs: list[NeedSeed], ids: Ids
) -> list[OpportunitySeed]:
    count = rng.choices((0, 1, 2), (40, 40, 20))[0]
    return [_opportunity(rng, ids.take("opportunity"), yearly_revenue, needs) for _ in range(count)]


def _opportunity(
    rng: Random, opportunity_id: int, yearly_revenue: float, needs: list[NeedSeed]
) -> OpportunitySeed:
    stage = rng.choices(tuple(STAGE_PROBABILITY), OPPORTUNITY_WEIGHTS)[0]
    closed = stage in (OpportunityStage.WON, OpportunityStage.LOST)
    close = (
        _days_ago(rng, 10, 300)
        if closed
        else date.fromordinal(DEMO_TODAY.toordinal() + rng.randint(15, 240))
    )
    name = rng.choice((
        f"{DEMO_TODAY.year + 1}年度五金框架协议", "高端阻尼铰链系列导入", "隐藏式滑轨替换项目",
        f"{rng.choice(PROJECTS)}项目门锁集采", "智能锁试点", "闭门器年度集采",
    ))  # fmt: skip
    value = max(10_000, round(yearly_revenue * rng.uniform(0.05, 0.5), -3))
    linked = (rng.choice(needs).id,) if needs and rng.random() < 0.7 else ()
    return OpportunitySeed(
        opportunity_id, name, int(value), close, stage, STAGE_PROBABILITY[stage], linked
    )
