"""What we sell: building hardware (五金) in three price tiers."""

from __future__ import annotations

from dataclasses import dataclass
from enum import IntEnum

from guanxi.accounts.models import Industry


class Grade(IntEnum):
    LOW = 0
    MID = 1
    HIGH = 2


# Gross margin of each grade at list price, in percent; accounts then get their own discount.
GRADE_MARGIN = {Grade.LOW: 19.0, Grade.MID: 28.0, Grade.HIGH: 36.0}


@dataclass(frozen=True, slots=True)
class Product:
    product_id: str
    category: str
    name: str
    grade: Grade
    unit_price_cents: int


def _p(product_id: str, category: str, name: str, grade: Grade, yuan: float) -> Product:
    return Product(product_id, category, name, grade, round(yuan * 100))


L, M, H = Grade.LOW, Grade.MID, Grade.HIGH

PRODUCTS: tuple[Product, ...] = (
    _p("HG-110-L", "铰链", "二段力铰链 110°", L, 1.8),
    _p("HG-110-M", "铰链", "液压阻尼铰链 110°", M, 6.5),
    _p("HG-165-H", "铰链", "一体阻尼大角度铰链 165°", H, 22.0),
    _p("SL-3S-L", "滑轨", "三节钢珠滑轨", L, 9.0),
    _p("SL-UM-M", "滑轨", "隐藏式阻尼滑轨", M, 38.0),
    _p("SL-PO-H", "滑轨", "反弹全拉出隐藏滑轨", H, 95.0),
    _p("HD-ZN-L", "拉手", "锌合金拉手", L, 4.5),
    _p("HD-AL-M", "拉手", "铝合金隐形拉手", M, 18.0),
    _p("HD-BR-H", "拉手", "黄铜设计师拉手", H, 65.0),
    _p("GS-80-L", "气撑", "80N 气撑", L, 5.5),
    _p("LF-AV-H", "气撑", "上翻门随意停支撑系统", H, 180.0),
    _p("WR-AL-L", "衣通", "铝合金衣通", L, 8.0),
    _p("KB-SS-M", "拉篮", "不锈钢厨房拉篮", M, 150.0),
    _p("LK-MC-L", "门锁", "机械分体门锁", L, 45.0),
    _p("LK-SS-M", "门锁", "不锈钢静音门锁", M, 120.0),
    _p("LK-SM-H", "门锁", "指纹密码智能锁", H, 980.0),
    _p("DC-61-L", "闭门器", "61 型闭门器", L, 38.0),
    _p("DC-HD-M", "闭门器", "隐藏式液压闭门器", M, 160.0),
    _p("FS-84-H", "地弹簧", "重型地弹簧", H, 420.0),
    _p("BH-SS-L", "合页", "不锈钢合页", L, 5.0),
    _p("BH-MU-M", "合页", "子母静音合页", M, 16.0),
    _p("BH-3D-H", "合页", "三维可调隐藏合页", H, 68.0),
    _p("DS-ZN-L", "门吸", "锌合金门吸", L, 6.0),
    _p("WH-AL-L", "执手", "铝合金窗执手", L, 6.0),
    _p("FS-SS-M", "风撑", "不锈钢风撑", M, 15.0),
    _p("MP-LK-H", "执手", "多点锁传动系统", H, 85.0),
)

_CATEGORIES_BY_INDUSTRY: dict[str, frozenset[str]] = {
    Industry.FURNITURE: frozenset({"铰链", "滑轨", "拉手", "气撑", "衣通"}),
    Industry.KITCHEN_BATH: frozenset({"铰链", "滑轨", "拉手", "气撑", "拉篮"}),
    Industry.DOORS_WINDOWS: frozenset({"执手", "风撑", "合页", "门锁", "闭门器"}),
    Industry.REAL_ESTATE: frozenset({"门锁", "闭门器", "地弹簧", "合页", "门吸"}),
    Industry.CONSTRUCTION: frozenset({"门锁", "闭门器", "地弹簧", "合页", "门吸"}),
    Industry.HOTEL: frozenset({"门锁", "闭门器", "门吸", "合页"}),
    Industry.DECORATION: frozenset({"铰链", "滑轨", "拉手", "门锁", "合页", "门吸"}),
}


def products_for(industry: str, grades: frozenset[Grade]) -> tuple[Product, ...]:
    """What a customer in this industry buys from us, within the grades it buys."""
    categories = _CATEGORIES_BY_INDUSTRY.get(industry)
    chosen = tuple(
        product
        for product in PRODUCTS
        if product.grade in grades and (categories is None or product.category in categories)
    )
    return chosen or tuple(product for product in PRODUCTS if product.grade in grades)
