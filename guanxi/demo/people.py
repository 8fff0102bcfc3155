"""Org chart templates per industry, and the pools that make people recognisable."""

from __future__ import annotations

from dataclasses import dataclass

from guanxi.accounts.models import Industry
from guanxi.stakeholders.models import BuyingRole as R
from guanxi.stakeholders.models import DecisionOrientation as O


@dataclass(frozen=True, slots=True)
class Position:
    key: str
    title: str
    department: str
    boss: str | None
    roles: tuple[str, ...]
    orientation: str
    influence: tuple[int, int]
    weight: float  # 1.0 = always in the chart; otherwise how likely it is picked
    holders: int = 1


def _pos(key: str, title: str, dept: str, boss: str | None, roles: tuple[str, ...],
         orientation: str, low: int, high: int, weight: float, holders: int = 1) -> Position:  # fmt: skip
    return Position(key, title, dept, boss, roles, orientation, (low, high), weight, holders)


ECON, DM, TECH, USER, GATE, INFL = (
    R.ECONOMIC_BUYER, R.DECISION_MAKER, R.TECHNICAL_BUYER, R.USER_BUYER, R.GATEKEEPER, R.INFLUENCER,
)  # fmt: skip
FIN, TEC, REL, BUS = O.FINANCIAL, O.TECHNICAL, O.RELATIONSHIP, O.BUSINESS

MANUFACTURER = (
    _pos("chair", "董事长", "总经办", None, (ECON,), BUS, 5, 5, 0.35),
    _pos("gm", "总经理", "总经办", "chair", (DM, ECON), BUS, 5, 5, 1.0),
    _pos("vp", "副总经理", "总经办", "gm", (DM,), BUS, 4, 5, 0.3),
    _pos("assistant", "总经理助理", "总经办", "gm", (GATE,), REL, 2, 3, 0.25),
    _pos("cpo", "采购总监", "采购部", "gm", (TECH, GATE), FIN, 3, 5, 1.0),
    _pos("buyer_mgr", "采购经理", "采购部", "cpo", (TECH,), FIN, 2, 4, 0.7),
    _pos("buyer", "采购专员", "采购部", "buyer_mgr", (GATE,), FIN, 1, 2, 0.45, 2),
    _pos("design", "设计总监", "设计部", "gm", (TECH, INFL), TEC, 3, 4, 0.6),
    _pos("designer", "产品设计师", "设计部", "design", (USER,), TEC, 1, 3, 0.4, 2),
    _pos("rd", "研发经理", "研发部", "gm", (TECH,), TEC, 2, 4, 0.35),
    _pos("engineer", "研发工程师", "研发部", "rd", (USER,), TEC, 1, 2, 0.3),
    _pos("production", "生产经理", "生产部", "vp", (USER,), TEC, 2, 4, 0.6),
    _pos("quality", "品质经理", "质量部", "production", (TECH,), TEC, 2, 3, 0.4),
    _pos("cfo", "财务总监", "财务部", "gm", (ECON, INFL), FIN, 3, 4, 0.5),
    _pos("sales", "销售总监", "销售部", "gm", (INFL,), BUS, 3, 4, 0.45),
    _pos("marketing", "市场经理", "市场部", "sales", (INFL,), BUS, 2, 3, 0.3),
)

DEVELOPER = (
    _pos("chair", "董事长", "总经办", None, (ECON,), BUS, 5, 5, 0.5),
    _pos("gm", "总经理", "总经办", "chair", (DM,), BUS, 5, 5, 1.0),
    _pos("vp", "副总裁（分管采购）", "总经办", "gm", (DM,), BUS, 4, 5, 0.5),
    _pos("tender", "招采中心总监", "招采中心", "vp", (TECH, GATE), FIN, 3, 5, 1.0),
    _pos("tender_mgr", "招采经理", "招采中心", "tender", (TECH,), FIN, 2, 3, 0.7, 2),
    _pos("cost", "成本总监", "成本部", "vp", (ECON, INFL), FIN, 3, 4, 0.6),
    _pos("cost_eng", "成本工程师", "成本部", "cost", (GATE,), FIN, 1, 2, 0.3),
    _pos("design", "设计管理部总监", "设计部", "gm", (TECH, INFL), TEC, 3, 4, 0.6),
    _pos("works", "工程总监", "工程部", "gm", (USER, TECH), TEC, 3, 4, 0.6),
    _pos("pm", "项目经理", "工程部", "works", (USER,), TEC, 2, 3, 0.6, 3),
    _pos("cfo", "财务总监", "财务部", "gm", (ECON,), FIN, 3, 4, 0.4),
    _pos("marketing", "营销总监", "营销中心", "gm", (INFL,), BUS, 2, 4, 0.3),
    _pos("service", "客服经理", "客户服务部", "marketing", (USER,), REL, 1, 2, 0.2),
)

CONTRACTOR = (
    _pos("chair", "董事长", "总经办", None, (ECON,), BUS, 5, 5, 0.4),
    _pos("gm", "总经理", "总经办", "chair", (DM, ECON), BUS, 5, 5, 1.0),
    _pos("vp", "副总经理", "总经办", "gm", (DM,), BUS, 4, 5, 0.4),
    _pos("materials", "物资设备部经理", "物资设备部", "vp", (TECH, GATE), FIN, 3, 4, 1.0),
    _pos("clerk", "材料员", "物资设备部", "materials", (GATE,), FIN, 1, 2, 0.5, 2),
    _pos("commercial", "商务经理", "商务合约部", "vp", (INFL,), FIN, 3, 4, 0.5),
    _pos("chief_eng", "总工程师", "技术部", "gm", (TECH,), TEC, 3, 4, 0.5),
    _pos("pm", "项目经理", "项目部", "vp", (USER, DM), TEC, 2, 4, 0.7, 3),
    _pos("cfo", "财务经理", "财务部", "gm", (ECON,), FIN, 2, 3, 0.4),
)

DECORATOR = (
    _pos("gm", "总经理", "总经办", None, (DM, ECON), BUS, 5, 5, 1.0),
    _pos("design", "设计总监", "设计部", "gm", (TECH, INFL), TEC, 3, 5, 0.8),
    _pos("designer", "主案设计师", "设计部", "design", (INFL,), TEC, 2, 3, 0.6, 3),
    _pos("buyer_mgr", "采购经理", "采购部", "gm", (TECH, GATE), FIN, 2, 4, 0.8),
    _pos("pm", "项目经理", "工程部", "gm", (USER,), TEC, 2, 3, 0.6, 2),
    _pos("cfo", "财务经理", "财务部", "gm", (ECON,), FIN, 2, 3, 0.4),
    _pos("business", "商务经理", "市场部", "gm", (INFL,), BUS, 2, 3, 0.3),
)

HOTEL = (
    _pos("gm", "总经理", "总经办", None, (DM,), BUS, 5, 5, 1.0),
    _pos("buyer_mgr", "采购经理", "采购部", "gm", (TECH, GATE), FIN, 2, 4, 1.0),
    _pos("works", "工程总监", "工程部", "gm", (TECH, USER), TEC, 3, 4, 0.8),
    _pos("engineer", "工程主管", "工程部", "works", (USER,), TEC, 1, 2, 0.5),
    _pos("cfo", "财务总监", "财务部", "gm", (ECON,), FIN, 3, 4, 0.5),
    _pos("rooms", "房务总监", "房务部", "gm", (USER,), REL, 2, 3, 0.4),
    _pos("housekeeping", "客房部经理", "房务部", "rooms", (USER,), REL, 1, 2, 0.4),
)

DISTRIBUTOR = (
    _pos("gm", "总经理", "总经办", None, (DM, ECON), BUS, 5, 5, 1.0),
    _pos("buyer_mgr", "采购经理", "采购部", "gm", (TECH,), FIN, 3, 4, 1.0),
    _pos("sales", "销售经理", "销售部", "gm", (INFL, USER), BUS, 2, 4, 0.7, 2),
    _pos("warehouse", "仓库主管", "仓储物流部", "gm", (USER,), TEC, 1, 2, 0.5),
    _pos("cfo", "财务经理", "财务部", "gm", (ECON,), FIN, 2, 4, 0.6),
    _pos("service", "客服专员", "销售部", "sales", (USER,), REL, 1, 2, 0.3),
)

ORG_TEMPLATES: dict[str, tuple[Position, ...]] = {
    Industry.FURNITURE: MANUFACTURER,
    Industry.DOORS_WINDOWS: MANUFACTURER,
    Industry.KITCHEN_BATH: MANUFACTURER,
    Industry.REAL_ESTATE: DEVELOPER,
    Industry.CONSTRUCTION: CONTRACTOR,
    Industry.DECORATION: DECORATOR,
    Industry.HOTEL: HOTEL,
    Industry.DISTRIBUTOR: DISTRIBUTOR,
}

PERSONALITIES = (
    "务实，看数据说话，讨厌空谈", "性格豪爽，讲义气，喜欢交朋友", "谨慎细致，决策慢，要反复比较",
    "很看重面子，喜欢被尊重", "技术出身，喜欢深入讨论细节", "强势，说一不二，不喜欢被推销",
    "温和，愿意听建议，但不愿担责任", "结果导向，只关心交期和成本", "注重流程与合规，按规矩办事",
    "念旧，看重长期合作的老供应商", "年轻有冲劲，愿意尝试新产品", "话不多，先观察再表态",
)  # fmt: skip

PREFERENCES = (
    "喜欢喝普洱茶", "爱打高尔夫", "周末钓鱼", "喜欢喝红酒", "不喝酒，应酬以喝茶为主",
    "爱打羽毛球", "喜欢微信沟通，不爱接电话", "上午开会效率高，下午难约", "关注孩子教育",
    "喜欢书法和字画", "潮汕人，爱喝功夫茶", "跑马拉松", "喜欢吃粤菜，常去早茶", "喜欢收藏紫砂壶",
    "周末带孩子踢球", "爱看足球，支持广州队", "喜欢自驾游", "茶叶只喝铁观音",
)  # fmt: skip

NEXT_STEPS = (
    "请采购经理引荐，约一次午饭", "在行业展会上拜访并交换名片", "请我方总经理在其年会上结识",
    "邀请来我司工厂参观", "通过校友会活动接触", "请经销商老板组局喝茶",
    "借新品发布会邀请其参加", "先与其助理建立联系",
)  # fmt: skip

LEFT_TO = (
    "竞争对手的客户", "自主创业做五金贸易", "同行另一家家居企业", "退休", "调往集团总部", "回老家发展",
)  # fmt: skip

PERSONAL_NOTES = (
    "女儿明年高考，近期较忙", "父亲住院，近期少打扰", "听说正在考虑跳槽", "刚升职，急于做出业绩",
    "与总经理是同乡，私交很好", "对上一家供应商的质量问题记忆犹新",
)  # fmt: skip
