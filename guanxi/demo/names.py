"""Name pools: people, companies and competitors, all fictional."""

from __future__ import annotations

from dataclasses import dataclass
from random import Random

from guanxi.accounts.models import Industry

# Common surnames, weighted roughly by how often they occur.
SURNAMES: tuple[str, ...] = (
    *"王王王李李李张张张刘刘陈陈杨杨黄黄赵吴周徐孙马朱胡郭何高林林罗郑梁梁谢宋唐许韩冯邓",
    *"曹彭曾肖田董袁潘蒋蔡余杜叶程苏魏吕丁任沈姚卢钟谭陆汪范金石廖贾夏韦方白邹孟熊秦邱江",
    *"尹薛段雷侯龙史陶黎贺顾毛郝龚邵万严覃戴莫孔汤温",
    "欧阳", "司徒", "上官",
)  # fmt: skip

# Given names, by the sex they are usual for.
FEMALE_NAMES: tuple[str, ...] = (
    "芳", "娜", "敏", "静", "丽", "艳", "娟", "霞", "婷", "欣", "琳", "秀英", "桂英", "海燕",
    "雨桐", "嘉怡", "晓燕", "丽华", "玉兰", "春梅", "晓红", "丹丹", "婷婷", "梦琪", "欣怡",
    "雅琪", "文静", "美玲", "佳琪", "雪梅", "慧敏", "秋菊", "嘉欣", "敏华", "瑞琪", "思琪",
    "晓丽", "玉珍", "永红", "晓敏", "丽娟", "凤英",
)  # fmt: skip
MALE_NAMES: tuple[str, ...] = (
    "伟", "强", "磊", "军", "洋", "勇", "杰", "涛", "明", "超", "平", "刚", "斌", "鹏", "浩",
    "宇", "凯", "健", "晨", "建华", "志强", "晓明", "文博", "子豪", "俊杰", "浩然", "思远",
    "建国", "国强", "志明", "伟东", "振华", "海涛", "永强", "立新", "宏伟", "晓东", "子轩",
    "志伟", "国平", "建平", "建军", "少华", "锦辉", "永康", "家豪", "泽民", "卫东", "振宇",
    "海波", "文杰", "宏亮", "德明", "光明", "耀华", "炳坤", "伟强", "国栋", "冠宇", "明辉",
    "俊峰", "晓峰", "天佑", "泽宇", "宝华", "世杰", "华强", "新民",
)  # fmt: skip
FEMALE_ENGLISH = (
    "Linda",
    "Amy",
    "Vicky",
    "Cindy",
    "Helen",
    "Grace",
    "Sunny",
    "Coco",
    "Joyce",
    "Iris",
)
MALE_ENGLISH = ("Kevin", "Jack", "Tony", "Eric", "Jason", "Peter", "Frank", "David", "Alan", "Ben")

# Two of these make a brand: 华轩, 金盛, 恒泰 …
BRAND_CHARS = "华金恒宏泰鑫盛兴达美雅居轩宇润嘉德森豪丰源凯瑞福安康佳荣昌隆鼎晟铭博卓越新利通永汇景"

_TEMPLATES: dict[str, tuple[tuple[str, str], ...]] = {
    Industry.FURNITURE: (
        ("{city}{brand}家具有限公司", "{City} {Brand} Furniture Co., Ltd."),
        ("{brand}家居股份有限公司", "{Brand} Home Furnishing Co., Ltd."),
        ("{city}{brand}定制家居有限公司", "{City} {Brand} Custom Home Co., Ltd."),
        ("{city}{brand}办公家具有限公司", "{City} {Brand} Office Furniture Co., Ltd."),
    ),
    Industry.DOORS_WINDOWS: (
        ("{city}{brand}门窗有限公司", "{City} {Brand} Doors & Windows Co., Ltd."),
        ("{city}{brand}门业有限公司", "{City} {Brand} Door Co., Ltd."),
        ("{brand}铝业门窗科技有限公司", "{Brand} Aluminium Windows Technology Co., Ltd."),
    ),
    Industry.KITCHEN_BATH: (
        ("{city}{brand}橱柜有限公司", "{City} {Brand} Cabinetry Co., Ltd."),
        ("{city}{brand}卫浴有限公司", "{City} {Brand} Sanitary Ware Co., Ltd."),
        ("{brand}厨卫科技有限公司", "{Brand} Kitchen & Bath Technology Co., Ltd."),
    ),
    Industry.REAL_ESTATE: (
        ("{brand}地产集团有限公司", "{Brand} Property Group Co., Ltd."),
        ("{city}{brand}置业有限公司", "{City} {Brand} Real Estate Co., Ltd."),
        ("{city}{brand}房地产开发有限公司", "{City} {Brand} Property Development Co., Ltd."),
    ),
    Industry.CONSTRUCTION: (
        ("{brand}建设集团有限公司", "{Brand} Construction Group Co., Ltd."),
        ("{city}{brand}建筑工程有限公司", "{City} {Brand} Building Engineering Co., Ltd."),
    ),
    Industry.DECORATION: (
        ("{city}{brand}装饰工程有限公司", "{City} {Brand} Decoration Engineering Co., Ltd."),
        ("{city}{brand}装饰设计有限公司", "{City} {Brand} Interior Design Co., Ltd."),
    ),
    Industry.HOTEL: (
        ("{brand}酒店管理有限公司", "{Brand} Hotel Management Co., Ltd."),
        ("{city}{brand}大酒店有限公司", "{City} {Brand} Grand Hotel Co., Ltd."),
    ),
    Industry.DISTRIBUTOR: (
        ("{city}{brand}五金贸易有限公司", "{City} {Brand} Hardware Trading Co., Ltd."),
        (
            "{city}{brand}建材五金批发有限公司",
            "{City} {Brand} Building Hardware Wholesale Co., Ltd.",
        ),
    ),
}

GROUP_TEMPLATE = ("{brand}控股集团有限公司", "{Brand} Holding Group Co., Ltd.")

# Fictional suppliers we compete with.
COMPETITORS: tuple[str, ...] = (
    "锐锋五金 (Ruifeng Hardware)",
    "金鼎精密五金 (Jinding Precision)",
    "恒力铰链 (Hengli Hinges)",
    "欧德堡五金 (Odeburg)",
    "嘉美滑轨 (Jiamei Slides)",
    "固特锁业 (Guter Locks)",
    "双龙门控 (Shuanglong Door Control)",
    "佳福五金制品 (Jiafu Hardware)",
    "北辰智能锁 (Beichen Smart Lock)",
    "联创家居五金 (Lianchuang)",
)


@dataclass(frozen=True, slots=True)
class PersonName:
    surname: str
    given: str
    english: str  # the English name they may use with foreign partners

    @property
    def full(self) -> str:
        return self.surname + self.given


def person_name(rng: Random) -> PersonName:
    female = rng.random() < 0.42
    given = rng.choice(FEMALE_NAMES if female else MALE_NAMES)
    english = rng.choice(FEMALE_ENGLISH if female else MALE_ENGLISH)
    return PersonName(rng.choice(SURNAMES), given, english)


def brand(rng: Random) -> str:
    first, second = rng.sample(BRAND_CHARS, 2)
    return first + second


def company_templates(industry: str) -> tuple[tuple[str, str], ...]:
    return _TEMPLATES.get(industry, _TEMPLATES[Industry.DISTRIBUTOR])
