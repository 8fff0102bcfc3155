"""The list of demo accounts: names, places, owners and groups, decided one after another.

Everything that depends on earlier accounts (unique names, balanced owners, group members)
is decided here; everything else about an account comes from its own random stream.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from random import Random

from guanxi.accounts.models import Industry
from guanxi.demo.constants import customer_code
from guanxi.demo.keys import latin
from guanxi.demo.names import GROUP_TEMPLATE, brand, company_templates
from guanxi.demo.places import CITIES, CITY_WEIGHTS, City
from guanxi.demo.roster import Staff

INDUSTRIES: tuple[str, ...] = (
    Industry.FURNITURE, Industry.DOORS_WINDOWS, Industry.KITCHEN_BATH, Industry.REAL_ESTATE,
    Industry.CONSTRUCTION, Industry.DECORATION, Industry.HOTEL, Industry.DISTRIBUTOR,
)  # fmt: skip
INDUSTRY_WEIGHTS = (22, 14, 12, 12, 9, 10, 6, 15)
GROUP_INDUSTRIES = (Industry.FURNITURE, Industry.REAL_ESTATE, Industry.KITCHEN_BATH)
SUBSIDIARY_TEMPLATES: dict[str, tuple[str, str]] = {
    Industry.FURNITURE: (
        "{brand}家居（{city}）有限公司",
        "{Brand} Home Furnishing ({City}) Co., Ltd.",
    ),
    Industry.REAL_ESTATE: (
        "{brand}置业（{city}）有限公司",
        "{Brand} Real Estate ({City}) Co., Ltd.",
    ),
    Industry.KITCHEN_BATH: (
        "{brand}厨卫（{city}）有限公司",
        "{Brand} Kitchen & Bath ({City}) Co., Ltd.",
    ),
}
SHOWCASES = 2


@dataclass(frozen=True, slots=True)
class AccountPlan:
    index: int
    account_id: int
    code: str
    name: str
    name_latin: str
    brand: str
    industry: str
    city: City
    owner_id: int
    parent_id: int | None = None
    group_owner_id: int | None = None
    is_group_parent: bool = False
    squeezer: bool = False


class Planner:
    def __init__(self, seed: int, staff: Staff, first_id: int) -> None:
        self.rng = Random(seed)
        self.staff = staff
        self.first_id = first_id
        self.used_names: set[str] = set()
        self.turns: dict[str, int] = {}

    def owner_for(self, city: City) -> int:
        kams = self.staff.kam_ids[city.team]
        turn = self.turns.get(city.team, 0)
        self.turns[city.team] = turn + 1
        return kams[turn % len(kams)]

    def plans(self, total: int) -> Iterator[AccountPlan]:
        """Plans for accounts SHOWCASES … total-1 (the showcases are planned on their own)."""
        index = SHOWCASES
        while index < total:
            if total - index >= 4 and self.rng.random() < 0.035:
                group = self._group(index, min(total - index - 1, self.rng.randint(2, 4)))
                yield from group
                index += len(group)
            else:
                yield self._single(index)
                index += 1

    def _single(self, index: int) -> AccountPlan:
        rng = self.rng
        industry = rng.choices(INDUSTRIES, INDUSTRY_WEIGHTS)[0]
        city = rng.choices(CITIES, CITY_WEIGHTS)[0]
        brand_name, name, name_latin = self._name(industry, city)
        squeezer = index % 17 == 5
        return AccountPlan(
            index, self.first_id + index, customer_code(index), name, name_latin, brand_name,
            industry, city, self.owner_for(city), squeezer=squeezer,
        )  # fmt: skip

    def _group(self, index: int, subsidiaries: int) -> list[AccountPlan]:
        rng = self.rng
        industry = rng.choice(GROUP_INDUSTRIES)
        head_office = rng.choices(CITIES, CITY_WEIGHTS)[0]
        brand_name, name, name_latin = self._name(industry, head_office, GROUP_TEMPLATE)
        parent_id = self.first_id + index
        parent_owner = self.owner_for(head_office)
        group = [
            AccountPlan(
                index, parent_id, customer_code(index), name, name_latin, brand_name,
                industry, head_office, parent_owner, is_group_parent=True,
            )
        ]  # fmt: skip
        cities = self._distinct_cities(subsidiaries)
        for offset, city in enumerate(cities, start=1):
            sub_name, sub_latin = _format(SUBSIDIARY_TEMPLATES[industry], brand_name, city)
            self.used_names.add(sub_name)
            group.append(
                AccountPlan(
                    index + offset, parent_id + offset, customer_code(index + offset), sub_name,
                    sub_latin, brand_name, industry, city, self.owner_for(city),
                    parent_id=parent_id, group_owner_id=parent_owner,
                )
            )  # fmt: skip
        return group

    def _distinct_cities(self, count: int) -> list[City]:
        cities: list[City] = []
        while len(cities) < count:
            city = self.rng.choices(CITIES, CITY_WEIGHTS)[0]
            if city not in cities:
                cities.append(city)
        return cities

    def _name(
        self, industry: str, city: City, template: tuple[str, str] | None = None
    ) -> tuple[str, str, str]:
        rng = self.rng
        for attempt in range(40):
            brand_name = brand(rng) + (rng.choice("华金恒宏泰鑫盛兴达") if attempt >= 20 else "")
            name, name_latin = _format(
                template or rng.choice(company_templates(industry)), brand_name, city
            )
            if name not in self.used_names:
                break
        self.used_names.add(name)
        return brand_name, name, name_latin


def _format(template: tuple[str, str], brand_name: str, city: City) -> tuple[str, str]:
    zh, en = template
    return zh.format(city=city.name, brand=brand_name), en.format(
        City=city.latin, Brand=latin(brand_name)
    )
