"""Ties between the customer's people: influence, conflict and personal bonds (关系)."""

from __future__ import annotations

from random import Random

from guanxi.demo.seeds import ContactSeed, LinkSeed
from guanxi.stakeholders.models import LinkKind

UNIVERSITIES = (
    "华南理工大学",
    "中山大学",
    "同济大学",
    "浙江大学",
    "武汉理工大学",
    "湖南大学",
    "暨南大学",
)
HOMETOWNS = ("都是潮汕人", "湖南老乡", "客家老乡", "温州老乡", "同是四川人", "江西老乡")
FORMER_EMPLOYERS = ("一家港资家具厂", "同一家地产公司", "一家台资五金厂", "同一家装饰公司")
FRIENDS = ("常一起打羽毛球", "周末一起钓鱼", "球友", "两家孩子是同学")

# (kind, chance per account, note pool, strength range)
PERSONAL_TIES = (
    (LinkKind.ALUMNI, 0.35, tuple(f"{u}校友" for u in UNIVERSITIES), (2, 4)),
    (LinkKind.HOMETOWN, 0.3, HOMETOWNS, (2, 4)),
    (LinkKind.FORMER_COLLEAGUE, 0.25, tuple(f"曾在{e}共事" for e in FORMER_EMPLOYERS), (2, 4)),
    (LinkKind.FRIEND, 0.2, FRIENDS, (3, 5)),
)


def draw_links(rng: Random, contacts: list[ContactSeed]) -> list[LinkSeed]:
    people = [c for c in contacts if c.reachable]
    root = next((c for c in people if c.reports_to is None), None)
    links: dict[tuple[int, int, str], LinkSeed] = {}
    if root is not None:
        _influence(rng, people, root, links)
        _family(rng, people, root, links)
    _conflict(rng, people, links)
    for kind, chance, notes, (low, high) in PERSONAL_TIES:
        if len(people) >= 2 and rng.random() < chance:
            first, second = rng.sample(people, 2)
            _add(
                links,
                LinkSeed(first.id, second.id, kind, rng.randint(low, high), rng.choice(notes)),
            )
    return list(links.values())


def _add(links: dict[tuple[int, int, str], LinkSeed], link: LinkSeed) -> None:
    if link.from_id != link.to_id:
        links.setdefault((link.from_id, link.to_id, link.kind), link)


def _influence(
    rng: Random,
    people: list[ContactSeed],
    root: ContactSeed,
    links: dict[tuple[int, int, str], LinkSeed],
) -> None:
    advisers = [c for c in people if c is not root and c.influence >= 3]
    for adviser in rng.sample(advisers, min(len(advisers), rng.randint(0, 2))):
        boss = root.title.removesuffix("兼总经理")
        note = f"{boss}很听其意见" if rng.random() < 0.5 else f"其专业意见对{boss}影响大"
        _add(links, LinkSeed(adviser.id, root.id, LinkKind.INFLUENCE, rng.randint(3, 5), note))


def _family(
    rng: Random,
    people: list[ContactSeed],
    root: ContactSeed,
    links: dict[tuple[int, int, str], LinkSeed],
) -> None:
    finance = [c for c in people if c.department == "财务部"]
    if finance and rng.random() < 0.2:
        note = rng.choice(("夫妻", f"{root.title}的表弟", f"{root.title}的妹妹"))
        _add(links, LinkSeed(finance[0].id, root.id, LinkKind.FAMILY, 5, note))


def _conflict(
    rng: Random, people: list[ContactSeed], links: dict[tuple[int, int, str], LinkSeed]
) -> None:
    buyers = [c for c in people if c.department in ("采购部", "招采中心", "物资设备部")]
    makers = [c for c in people if c.department in ("设计部", "研发部", "生产部", "工程部")]
    if buyers and makers and rng.random() < 0.25:
        note = "在供应商选择上意见不合"
        _add(
            links,
            LinkSeed(
                rng.choice(buyers).id,
                rng.choice(makers).id,
                LinkKind.CONFLICT,
                rng.randint(2, 4),
                note,
            ),
        )
