"""The furniture maker of METHOD.md R3.4: it only talks price cuts, but wants to move up-market.

Purchasing pushes prices down (a short-term need). Behind it lies a long-term need owned by
design and marketing: compete on quality and innovative design, not price. We sell low-end
products and know purchasing well; in design, marketing and sales we know nobody yet.
"""

from __future__ import annotations

from datetime import date

from guanxi.accounts.models import CreditRating, Industry, Stage, Threat, Tier
from guanxi.activities.models import ActivityKind as K
from guanxi.demo.constants import DEMO_TODAY, FURNITURE_MAKER_CODE
from guanxi.demo.ids import Ids
from guanxi.demo.profiles import AccountProfile, Pattern
from guanxi.demo.roster import Staff
from guanxi.demo.seeds import (
    AccountDraft,
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
from guanxi.stakeholders.models import LinkKind

PEOPLE = (
    Person("gm", "陈国华", "董事长兼总经理", "总经办", None, (R.DECISION_MAKER, R.ECONOMIC_BUYER), 5, 0, O.BUSINESS,
           next_step="请我方林总借参观其新展厅的机会拜访"),
    Person("cpo", "梁志强", "采购总监", "采购部", "gm", (R.TECHNICAL_BUYER, R.GATEKEEPER), 4, -1, O.FINANCIAL,
           personality="强势，只谈价格，每次见面都要求降价", preferences="喜欢喝普洱茶"),
    Person("buyer_mgr", "何丽华", "采购经理", "采购部", "cpo", (R.TECHNICAL_BUYER,), 3, 0, O.FINANCIAL,
           personality="按规矩办事，注重流程", preferences="不喝酒，应酬以喝茶为主"),
    Person("buyer", "吴婷婷", "采购专员", "采购部", "buyer_mgr", (R.GATEKEEPER,), 1, 0, O.FINANCIAL),
    Person("design", "苏文博", "设计总监", "设计部", "gm", (R.TECHNICAL_BUYER, R.INFLUENCER), 4, 0, O.TECHNICAL,
           next_step="请生产经理黄建平引荐（两人是老同事）"),
    Person("designer", "", "高级产品设计师", "设计部", "design", (R.USER_BUYER,), 2, 0, O.TECHNICAL,
           next_step="拜访设计总监时请他介绍"),
    Person("marketing", "罗嘉欣", "市场总监", "市场部", "gm", (R.INFLUENCER,), 4, 0, O.BUSINESS,
           next_step="在广州家博会上拜访其展位"),
    Person("sales", "郑俊杰", "销售总监", "销售部", "gm", (R.INFLUENCER,), 3, 0, O.BUSINESS),
    Person("production", "黄建平", "生产经理", "生产部", "gm", (R.USER_BUYER, R.COACH), 3, 1, O.TECHNICAL,
           personality="务实，关注返修率和安装工时", preferences="爱打羽毛球"),
    Person("cfo", "陈秀英", "财务总监", "财务部", "gm", (R.ECONOMIC_BUYER,), 3, 0, O.FINANCIAL),
)  # fmt: skip


def _profile() -> AccountProfile:
    return AccountProfile(
        pattern=Pattern.STEADY, yearly_revenue=3_200_000, growth=0.97, first_month=0,
        grade_weights=(1.0, 0.0, 0.0), margin_offset=-2.5, pay_delay=(-1.0, 4.0), payment_terms=60,
        credit_rating=CreditRating.A, stage=Stage.BASIC, access_to_goals=2, openness_to_ideas=2,
        results_horizon=12, competitor_threat=Threat.HIGH, tier=Tier.KEY, share_of_wallet=0.55,
        contacts=len(PEOPLE), activities=48, executive_sponsor=False,
    )  # fmt: skip


def furniture_maker(
    first_account_id: int, staff: Staff, competitor_ids: dict[str, int], ids: Ids
) -> AccountDraft:
    kam1_id, boss = staff.kam1_id, staff.executive_id
    plan = showcase_plan(
        0, FURNITURE_MAKER_CODE, "广州华轩家具有限公司", "Guangzhou Huaxuan Furniture Co., Ltd.",
        "华轩", Industry.FURNITURE, "广州", kam1_id, first_account_id,
    )  # fmt: skip
    people = seat_people(PEOPLE, ids, plan.brand)
    draft = AccountDraft(plan, _profile(), list(people.values()))
    draft.acquaintances = acquaint(people, (
        ("cpo", kam1_id, 2, 3), ("buyer_mgr", kam1_id, 2, 3), ("buyer", kam1_id, 1, 2),
        ("production", kam1_id, 3, 4),
    ))  # fmt: skip
    p = {key: c.id for key, c in people.items()}
    draft.links = [
        LinkSeed(
            p["production"],
            p["design"],
            LinkKind.FORMER_COLLEAGUE,
            4,
            "曾在一家港资家具厂共事，可请其引荐",
        ),
        LinkSeed(
            p["design"], p["gm"], LinkKind.INFLUENCE, 4, "新产品方向由设计总监主导，总经理很听他的"
        ),
        LinkSeed(p["marketing"], p["gm"], LinkKind.INFLUENCE, 4, "正在推动品牌升级"),
        LinkSeed(p["cfo"], p["gm"], LinkKind.FAMILY, 5, "总经理的妹妹"),
        LinkSeed(p["cpo"], p["design"], LinkKind.CONFLICT, 3, "采购要压成本，设计要用好五金"),
    ]
    draft.needs = _needs(p, ids)
    draft.opportunities = _opportunities(draft.needs, ids)
    draft.practices = [PracticeSeed(
        "采购部每季度三家比价，只看单价", True,
        "低端产品保持有竞争力的报价守住份额；产品升级的事不找采购，找设计部和市场部谈",
    )]  # fmt: skip
    draft.competitor_ids = [competitor_ids["佳福五金制品 (Jiafu Hardware)"]]
    draft.estimated_spend_yuan = 5_800_000
    draft.scripted = _scripted(p, kam1_id, boss)
    draft.notes = (
        "只谈降价的家具厂（R3.4）：短期压成本的背后，是逐步走向中高端、以质量而非价格竞争的长期需求。"
        "低端产品继续卖；同时与设计部、市场部和销售部合作规划下一步营销，再推荐创新设计的高端五金。"
    )
    return draft


def _needs(p: dict[str, int], ids: Ids) -> list[NeedSeed]:
    confirmed = date.fromordinal(DEMO_TODAY.toordinal() - 60)
    return [
        NeedSeed(ids.take("need"), "五金采购成本每年降低8%，每季度重新报价", "short", NeedCategory.COST,
                 "采购部", p["cpo"], 4, "继续供应低端铰链和三节滑轨，给出年度阶梯价，守住份额",
                 NeedStatus.CONFIRMED, p["cpo"], confirmed),
        NeedSeed(ids.take("need"), "降低安装返修率（低端铰链松动、异响）", "short", NeedCategory.QUALITY,
                 "生产部", p["production"], 3, "提供液压阻尼铰链小批量试用", NeedStatus.CONFIRMED,
                 p["production"], confirmed),
        NeedSeed(ids.take("need"), "品牌升级：从低价走向中高端，以质量和创新设计而非价格竞争", "long",
                 NeedCategory.BRAND, "设计部", p["production"], 5,
                 "与设计部、销售部一起规划下一步营销，再推荐阻尼铰链、隐藏式滑轨等创新设计的高端五金",
                 NeedStatus.IDENTIFIED, None, None),
        NeedSeed(ids.take("need"), "推出自有高端系列，进入一二线城市的高端家居卖场", "long",
                 NeedCategory.GROWTH, "市场部", None, 4, "", NeedStatus.IDENTIFIED, None, None),
    ]  # fmt: skip


def _opportunities(needs: list[NeedSeed], ids: Ids) -> list[OpportunitySeed]:
    today = DEMO_TODAY.toordinal()
    return [
        OpportunitySeed(ids.take("opportunity"), "高端系列五金方案（阻尼铰链＋隐藏式滑轨）", 1_200_000,
                        date.fromordinal(today + 180), OpportunityStage.PROSPECTING, 10, (needs[2].id,)),
        OpportunitySeed(ids.take("opportunity"), f"{DEMO_TODAY.year + 1}年度低端五金框架协议", 3_000_000,
                        date.fromordinal(today + 35), OpportunityStage.NEGOTIATION, 60, (needs[0].id,)),
    ]  # fmt: skip


def _scripted(p: dict[str, int], kam1: int, boss: int) -> list[ScriptedActivity]:
    return [
        ScriptedActivity(-40, K.MEAL, "与梁总、何经理吃饭应酬：又谈明年降价", 12, (kam1,), (p["cpo"], p["buyer_mgr"]),
                         "梁总要求明年再降8%，否则引入佳福五金", "准备年度阶梯价方案"),
        ScriptedActivity(-12, K.VISIT, "拜访黄经理，参观生产线：低端铰链返修多", 14, (kam1,), (p["production"],),
                         "黄经理透露：公司在做中高端新系列，由设计总监苏文博牵头", "请黄经理引荐苏总"),
        ScriptedActivity(9, K.VISIT, "经黄经理引荐，拜访设计总监苏总：了解高端系列规划", 12, (kam1,),
                         (p["production"], p["design"])),
        ScriptedActivity(30, K.EXECUTIVE_VISIT, "林总拜访陈董，参观其新展厅", 16, (boss, kam1), (p["gm"],)),
    ]  # fmt: skip
