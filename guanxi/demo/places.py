"""Where the demo customers are, and which of our teams covers each place."""

from __future__ import annotations

from dataclasses import dataclass

from guanxi.demo.constants import EAST_TEAM, SOUTH_TEAM


@dataclass(frozen=True, slots=True)
class City:
    name: str
    province: str
    latin: str
    team: str
    weight: int

    @property
    def region(self) -> str:
        return self.name if self.province == self.name else f"{self.province}·{self.name}"


CITIES: tuple[City, ...] = (
    City("广州", "广东", "Guangzhou", SOUTH_TEAM, 14),
    City("佛山", "广东", "Foshan", SOUTH_TEAM, 14),
    City("东莞", "广东", "Dongguan", SOUTH_TEAM, 9),
    City("深圳", "广东", "Shenzhen", SOUTH_TEAM, 9),
    City("中山", "广东", "Zhongshan", SOUTH_TEAM, 5),
    City("江门", "广东", "Jiangmen", SOUTH_TEAM, 3),
    City("珠海", "广东", "Zhuhai", SOUTH_TEAM, 2),
    City("厦门", "福建", "Xiamen", SOUTH_TEAM, 3),
    City("福州", "福建", "Fuzhou", SOUTH_TEAM, 2),
    City("南宁", "广西", "Nanning", SOUTH_TEAM, 2),
    City("长沙", "湖南", "Changsha", SOUTH_TEAM, 3),
    City("成都", "四川", "Chengdu", SOUTH_TEAM, 4),
    City("重庆", "重庆", "Chongqing", SOUTH_TEAM, 3),
    City("上海", "上海", "Shanghai", EAST_TEAM, 10),
    City("杭州", "浙江", "Hangzhou", EAST_TEAM, 7),
    City("宁波", "浙江", "Ningbo", EAST_TEAM, 4),
    City("温州", "浙江", "Wenzhou", EAST_TEAM, 3),
    City("苏州", "江苏", "Suzhou", EAST_TEAM, 5),
    City("南京", "江苏", "Nanjing", EAST_TEAM, 4),
    City("无锡", "江苏", "Wuxi", EAST_TEAM, 2),
    City("合肥", "安徽", "Hefei", EAST_TEAM, 2),
    City("青岛", "山东", "Qingdao", EAST_TEAM, 3),
    City("济南", "山东", "Jinan", EAST_TEAM, 2),
    City("北京", "北京", "Beijing", EAST_TEAM, 5),
    City("天津", "天津", "Tianjin", EAST_TEAM, 2),
    City("武汉", "湖北", "Wuhan", EAST_TEAM, 3),
    City("郑州", "河南", "Zhengzhou", EAST_TEAM, 2),
)
CITY_WEIGHTS: tuple[int, ...] = tuple(city.weight for city in CITIES)
CITY_BY_NAME = {city.name: city for city in CITIES}
