"""Short words the relationship map is drawn with, in the active language."""

from __future__ import annotations

from typing import Protocol

from django.utils.functional import Promise
from django.utils.translation import gettext, pgettext_lazy

from guanxi.stakeholders.models import BuyingRole, LinkKind, Stance

ROLE_ABBREVIATIONS: dict[str, Promise] = {
    BuyingRole.ECONOMIC_BUYER: pgettext_lazy("buying role, abbreviated", "EB"),
    BuyingRole.DECISION_MAKER: pgettext_lazy("buying role, abbreviated", "DM"),
    BuyingRole.TECHNICAL_BUYER: pgettext_lazy("buying role, abbreviated", "TB"),
    BuyingRole.USER_BUYER: pgettext_lazy("buying role, abbreviated", "UB"),
    BuyingRole.COACH: pgettext_lazy("buying role, abbreviated", "CO"),
    BuyingRole.GATEKEEPER: pgettext_lazy("buying role, abbreviated", "GK"),
    BuyingRole.INFLUENCER: pgettext_lazy("buying role, abbreviated", "IN"),
}

TIE_LABELS: dict[str, Promise] = {
    LinkKind.ALUMNI: pgettext_lazy("personal tie, short", "alumni"),
    LinkKind.HOMETOWN: pgettext_lazy("personal tie, short", "hometown"),
    LinkKind.FORMER_COLLEAGUE: pgettext_lazy("personal tie, short", "ex-colleagues"),
    LinkKind.FAMILY: pgettext_lazy("personal tie, short", "family"),
    LinkKind.FRIEND: pgettext_lazy("personal tie, short", "friends"),
}

_ROLE_LABELS = dict(BuyingRole.choices)
_KIND_LABELS = dict(LinkKind.choices)
_STANCE_LABELS = dict(Stance.choices)


class Strength(Protocol):
    @property
    def strength(self) -> int: ...

    @property
    def note(self) -> str: ...


def stance_sign(stance: int) -> str:
    """−2 … +2 with a real minus sign: the stance without its colour."""
    if stance > 0:
        return f"+{stance}"
    if stance < 0:
        return f"\u2212{-stance}"
    return "0"


def stance_label(stance: int) -> str:
    return str(_STANCE_LABELS.get(stance, stance))


def role_abbreviation(role: str) -> str:
    return str(ROLE_ABBREVIATIONS.get(role, role[:2].upper()))


def role_label(role: str) -> str:
    return str(_ROLE_LABELS.get(role, role))


def kind_label(kind: str) -> str:
    return str(_KIND_LABELS.get(kind, kind))


def tie_label(kind: str) -> str:
    return str(TIE_LABELS.get(kind, kind))


def link_text(kind: str, from_name: str, to_name: str, link: Strength) -> str:
    """One link in words: who, how, to whom, how strong, and the note if any."""
    text = gettext("%(from)s → %(to)s: %(kind)s, strength %(strength)s of 5") % {
        "from": from_name,
        "to": to_name,
        "kind": kind_label(kind),
        "strength": link.strength,
    }
    return f"{text}. {link.note}" if link.note else text
