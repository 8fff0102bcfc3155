"""A contact row's texts as the Contact model's values, or a reason code for each bad cell.

Stances, buying roles and decision orientations are accepted as their codes and as the
labels the app shows, in every language it speaks (支持者, 中立, Supporter …), plus the
short words people type in a spreadsheet (支持, 反对 …).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db.models import Choices
from django.utils import translation

from guanxi.imports.contacts.columns import TEXT_LIMITS
from guanxi.stakeholders.models import BuyingRole, DecisionOrientation, Stance

LANGUAGES = ("en", "zh-hans", "zh-hant")
TEXT_FIELDS = {  # canonical column → Contact field, for plain text
    "name_latin": "name_latin",
    "title": "title",
    "department": "department",
    "wechat": "wechat_id",
    "personality": "personality",
    "preferences": "preferences",
    "notes": "personal_notes",
}
_STANCE_WORDS = {
    "反对": -2, "反對": -2, "怀疑": -1, "懷疑": -1, "支持": 1, "坚定支持": 2, "堅定支持": 2,
    "拥护": 2, "擁護": 2, "oppose": -2, "skeptic": -1, "sceptical": -1,
    "skeptical": -1, "support": 1,
}  # fmt: skip
_ROLE_WORDS = {
    "内线": "coach", "內線": "coach", "教练": "coach", "教練": "coach", "coach": "coach",
    "champion": "coach", "决策人": "decision_maker", "決策人": "decision_maker",
    "拍板人": "decision_maker", "用户": "user_buyer", "用戶": "user_buyer",
    "user": "user_buyer", "影响人": "influencer", "影響人": "influencer",
}  # fmt: skip
_INFLUENCE_WORDS = {"高": 5, "中": 3, "低": 1, "high": 5, "medium": 3, "low": 1}
_ROLE_SEPARATORS = re.compile(r"[,，、;；|]")
_SPACES = re.compile(r"\s+")
_CJK_GAP = re.compile(r"(?<=[\u3400-\u9fff\uf900-\ufaff]) (?=[\u3400-\u9fff\uf900-\ufaff])")
_CHINA = re.compile(r"^(?:\+?0{0,2}86)(1\d{10})$")


def fold(text: str) -> str:
    """How words are compared: width-folded, lower-cased, without spaces."""
    return "".join(unicodedata.normalize("NFKC", text).lower().split())


def clean_name(text: str) -> str:
    """One space between words; none between Chinese characters (张　伟, padded to line
    up with three-character names in a spreadsheet, is 张伟)."""
    return _CJK_GAP.sub("", _SPACES.sub(" ", text.strip()))


def phone_key(text: str) -> str:
    """The digits that identify a number: +86 138 0013 8000 and 13800138000 are one."""
    digits = "".join(char for char in text if char.isdigit())
    china = _CHINA.match(digits)
    return china.group(1) if china else digits


def phone_numbers(stored: str) -> list[str]:
    """The numbers in a phone field (one may hold several: `010-1234 / 138 0013 8000`)."""
    return [part.strip() for part in re.split(r"[/,，;；]", stored) if part.strip()]


@dataclass(frozen=True)
class Words:
    """Every word accepted for a choice: built once per import, in every language."""

    stance: Mapping[str, int]
    roles: Mapping[str, str]
    orientation: Mapping[str, str]

    @classmethod
    def build(cls) -> Words:
        return cls(
            stance=_choice_words(Stance, _STANCE_WORDS),
            roles=_choice_words(BuyingRole, _ROLE_WORDS),
            orientation=_choice_words(DecisionOrientation, {}),
        )


def _choice_words(choices: type[Choices], extra: Mapping[str, Any]) -> dict[str, Any]:
    words: dict[str, Any] = {}
    for language in LANGUAGES:
        with translation.override(language):
            words.update({fold(str(label)): value for value, label in choices.choices})
    words.update({fold(str(value)): value for value in choices.values})
    words.update({fold(word): value for word, value in extra.items()})
    return words


@dataclass
class Fields:
    """What one row says about a contact, as model values (only what it gives)."""

    values: dict[str, Any] = field(default_factory=dict)  # Contact field → value
    numbers: list[str] = field(default_factory=list)  # the numbers given: mobile, office
    mobile_key: str = ""
    problems: list[tuple[str, str, str | None]] = field(default_factory=list)  # column, code, text

    def bad(self, column: str, code: str, text: str | None) -> None:
        self.problems.append((column, code, text))


def row_fields(texts: Mapping[str, str], words: Words) -> Fields:
    fields = Fields()
    for column, text in texts.items():
        limit = TEXT_LIMITS.get(column)
        if limit is not None and len(text) > limit:
            fields.bad(column, "too_long", str(limit))  # the reason names the limit
    name = clean_name(texts.get("name", ""))
    if not name:
        fields.bad("name", "missing", None)
    fields.values["name"] = name
    for column, model_field in TEXT_FIELDS.items():
        if column in texts:
            fields.values[model_field] = texts[column]
    if "email" in texts:
        _email(texts["email"], fields)
    _phones(texts, fields)
    _choices(texts, words, fields)
    return fields


def _email(text: str, fields: Fields) -> None:
    try:
        validate_email(text)
    except ValidationError:
        fields.bad("email", "bad_email", text)
        return
    fields.values["email"] = text


def _phones(texts: Mapping[str, str], fields: Fields) -> None:
    for column in ("mobile", "phone"):  # the columns are the Contact fields' names
        text = texts.get(column)
        if text is None:
            continue
        if not phone_key(text):
            fields.bad(column, "bad_phone", text)
        else:
            fields.values[column] = text
            fields.numbers.append(text)
    if "mobile" in texts:
        fields.mobile_key = phone_key(texts["mobile"])


def _choices(texts: Mapping[str, str], words: Words, fields: Fields) -> None:
    if "stance" in texts:
        stance = _number(texts["stance"], range(-2, 3))
        stance = words.stance.get(fold(texts["stance"])) if stance is None else stance
        if stance is None:
            fields.bad("stance", "bad_stance", texts["stance"])
        else:
            fields.values["stance"] = stance
    if "influence" in texts:
        influence = _number(texts["influence"], range(1, 6))
        influence = _INFLUENCE_WORDS.get(fold(texts["influence"]), influence)
        if influence is None:
            fields.bad("influence", "bad_influence", texts["influence"])
        else:
            fields.values["influence"] = influence
    if "buying_roles" in texts:
        roles, unknown = _roles(_ROLE_SEPARATORS.split(texts["buying_roles"]), words)
        if unknown is not None:
            fields.bad("buying_roles", "bad_role", unknown)
        else:
            fields.values["buying_roles"] = roles
    if "decision_orientation" in texts:
        orientation = words.orientation.get(fold(texts["decision_orientation"]))
        if orientation is None:
            fields.bad("decision_orientation", "bad_orientation", texts["decision_orientation"])
        else:
            fields.values["decision_orientation"] = orientation


def _number(text: str, allowed: range) -> int | None:
    """A whole number in range: '2', '+1', '−2' (a typographic minus), '3.0' from Excel."""
    cleaned = unicodedata.normalize("NFKC", text).replace("\u2212", "-").strip()
    try:
        number = float(cleaned)
    except ValueError:
        return None
    if not number.is_integer() or int(number) not in allowed:
        return None
    return int(number)


def _roles(parts: Iterable[str], words: Words) -> tuple[list[str], str | None]:
    """The roles named, in order, once each; or the first word that names none."""
    roles: list[str] = []
    for part in parts:
        if not part.strip():
            continue
        role = words.roles.get(fold(part))
        if role is None:
            return roles, part.strip()
        if role not in roles:
            roles.append(role)
    return roles, None
