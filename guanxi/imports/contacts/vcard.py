"""vCard files (3.0 and 4.0, and the 2.1 that Chinese phones still export) as contact rows.

A small reader rather than a library: each card stands alone (a broken card is one row's
problem, not the file's), its line is the line of its BEGIN, and 2.1's QUOTED-PRINTABLE
values come in whatever CHARSET the phone wrote (GB2312 as often as UTF-8).
"""

from __future__ import annotations

import codecs
import quopri
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from itertools import pairwise
from pathlib import Path

from guanxi.domain.names import has_chinese
from guanxi.imports.contacts.rows import ContactRow
from guanxi.imports.sources import GB18030, SourceError, choose_encoding
from guanxi.imports.staging import Problem

SUFFIXES = (".vcf", ".vcard")
_LINE_BREAK = re.compile(r"\r\n|\r|\n")
_ESCAPED = re.compile(r"\\([\\,;:nN])")
_ENCODINGS = {"QUOTED-PRINTABLE", "BASE64", "B", "8BIT", "7BIT"}
_GB = {"gb2312", "gbk", "cp936", "gb18030", "hz"}


@dataclass(frozen=True)
class Property:
    name: str  # upper-case, without its group (item1.TEL → TEL)
    params: dict[str, list[str]]  # upper-case name → values; 2.1's bare words are TYPEs
    value: str  # as written, still escaped and encoded

    @property
    def types(self) -> set[str]:
        return {kind.lower() for kind in self.params.get("TYPE", [])}

    @property
    def preferred(self) -> bool:
        return "pref" in self.types or "PREF" in self.params


@dataclass
class Card:
    line: int
    lines: list[str] = field(default_factory=list)  # as in the file, for the rejects file
    properties: list[Property] = field(default_factory=list)
    complete: bool = False


@dataclass(frozen=True)
class VCardFile:
    path: Path
    encoding: str
    rows: list[ContactRow]


def read_vcard_file(path: Path, encoding: str | None) -> VCardFile:
    data = path.read_bytes()
    if not data.strip():
        raise SourceError("empty")
    chosen, guessed = choose_encoding(data, encoding, False)
    try:
        text = data.decode(chosen)
    except UnicodeDecodeError as error:
        if not guessed:
            raise SourceError("unreadable", str(error)) from error
        chosen, text = GB18030, data.decode(GB18030, errors="replace")
    cards = list(_cards(text.lstrip("\ufeff")))
    if not cards:
        raise SourceError("unreadable", "no BEGIN:VCARD")
    return VCardFile(path, chosen, [card_row(card) for card in cards])


def _cards(text: str) -> Iterator[Card]:
    """Cards with their logical (unfolded) lines parsed; lines outside cards are ignored."""
    card: Card | None = None
    for number, line in _unfolded(text):
        upper = line.strip().upper()
        if upper == "BEGIN:VCARD":
            if card is not None:
                yield card  # it had no END
            card = Card(number, [line])
            continue
        if card is None:
            continue
        card.lines.append(line)
        if upper == "END:VCARD":
            card.complete = True
            yield card
            card = None
        elif (parsed := _property(line)) is not None:
            card.properties.append(parsed)
    if card is not None:
        yield card


def _unfolded(text: str) -> Iterator[tuple[int, str]]:
    """Logical lines with the number of their first physical line.

    A line starting with a space or tab continues the one before (RFC 6350 §3.2); in 2.1,
    a QUOTED-PRINTABLE value ending in `=` continues on the next line whatever it starts with.
    """
    current: tuple[int, str] | None = None
    for index, line in enumerate(_LINE_BREAK.split(text), start=1):
        if current is not None:
            number, sofar = current
            if _soft_break(sofar):
                current = (number, sofar[:-1] + (line[1:] if line[:1] in " \t" else line))
                continue
            if line[:1] in " \t":
                current = (number, sofar + line[1:])
                continue
            yield current
            current = None
        if line.strip():
            current = (index, line)
    if current is not None:
        yield current


def _soft_break(line: str) -> bool:
    head = line.partition(":")[0].upper()
    return line.endswith("=") and "QUOTED-PRINTABLE" in head


def _property(line: str) -> Property | None:
    colon = _outside_quotes(line, ":")
    if not colon:
        return None
    head, value = line[: colon[0]], line[colon[0] + 1 :]
    name, *raw_params = _split(head, _outside_quotes(head, ";"))
    params: dict[str, list[str]] = {}
    for raw in raw_params:
        key, sep, values = raw.partition("=")
        if not sep:  # 2.1: `TEL;CELL;PREF:…`, `N;QUOTED-PRINTABLE:…`
            key, values = ("ENCODING" if key.upper() in _ENCODINGS else "TYPE"), key
        items = [item.strip() for item in values.replace('"', "").split(",") if item.strip()]
        params.setdefault(key.strip().upper(), []).extend(items)
    return Property(name.rsplit(".", 1)[-1].strip().upper(), params, value)


def _outside_quotes(text: str, separator: str) -> list[int]:
    """Where the separator occurs outside double quotes (parameter values may quote it)."""
    found, quoted = [], False
    for index, char in enumerate(text):
        if char == '"':
            quoted = not quoted
        elif char == separator and not quoted:
            found.append(index)
    return found


def _split(text: str, at: list[int]) -> list[str]:
    bounds = [-1, *at, len(text)]
    return [text[start + 1 : end] for start, end in pairwise(bounds)]


class CharsetError(ValueError):
    pass


def decoded(prop: Property, structured: bool = False) -> list[str]:
    """The value's components (one unless structured), unescaped and decoded."""
    parts = _split_structured(prop.value) if structured else [prop.value]
    encoding = (prop.params.get("ENCODING") or [""])[0].upper()
    if encoding == "QUOTED-PRINTABLE":
        charset = _charset((prop.params.get("CHARSET") or ["utf-8"])[0])
        try:
            parts = [quopri.decodestring(part.encode(charset)).decode(charset) for part in parts]
        except (UnicodeError, ValueError) as error:
            raise CharsetError(charset) from error
    return [_ESCAPED.sub(_unescape, part).strip() for part in parts]


def _charset(name: str) -> str:
    try:
        codec = codecs.lookup(name).name
    except LookupError as error:
        raise CharsetError(name) from error
    return GB18030 if codec in _GB else codec


def _split_structured(value: str) -> list[str]:
    """Split on `;` that is not escaped (`\\;` stays in its component)."""
    parts, current, escaped = [], [], False
    for char in value:
        if escaped:
            current.append("\\" + char)
            escaped = False
        elif char == "\\":
            escaped = True
        elif char == ";":
            parts.append("".join(current))
            current = []
        else:
            current.append(char)
    parts.append("".join(current))
    return parts


def _unescape(match: re.Match[str]) -> str:
    char = match.group(1)
    return "\n" if char in "nN" else char


def card_row(card: Card) -> ContactRow:
    """The card's properties as the canonical columns of a contact file."""
    values: dict[str, str] = {}
    labels: dict[str, str] = {}
    problems: list[Problem] = []
    if not card.complete:
        problems.append(Problem(card.line, "END", "incomplete_card", None))

    def put(column: str, text: str, label: str) -> None:
        if text and column not in values:
            values[column], labels[column] = text, label

    def parts(prop: Property, structured: bool = False) -> list[str]:
        try:
            return decoded(prop, structured)
        except CharsetError as error:
            problems.append(Problem(card.line, prop.name, "bad_charset", str(error)))
            return []

    by_name: dict[str, list[Property]] = {}
    for prop in card.properties:
        by_name.setdefault(prop.name, []).append(prop)
    for prop in _first(by_name, "N"):
        name = person_name(parts(prop, structured=True))
        put("name", name, "N")
    for prop in _first(by_name, "FN"):
        full = " ".join(parts(prop))
        if "name" in values and has_chinese(values["name"]) and not has_chinese(full):
            put("name_latin", full, "FN")
        put("name", full, "FN")
    for prop in _first(by_name, "ORG"):
        org = [part for part in parts(prop, structured=True) if part]
        if org:
            put("account_name", org[0], "ORG")
            put("department", " / ".join(org[1:]), "ORG")
    for prop in _first(by_name, "TITLE"):
        put("title", " ".join(parts(prop)), "TITLE")
    for prop in _by_preference(by_name.get("TEL", [])):
        kinds = prop.types
        if "fax" in kinds or "pager" in kinds:
            continue
        number = " ".join(parts(prop)).removeprefix("tel:")
        put("mobile" if kinds & {"cell", "mobile", "iphone"} else "phone", number, "TEL")
    for prop in _by_preference(by_name.get("EMAIL", [])):
        put("email", " ".join(parts(prop)).removeprefix("mailto:"), "EMAIL")
    for prop in _first(by_name, "NOTE"):
        put("notes", "\n".join(parts(prop)), "NOTE")
    for prop in _first(by_name, "X-WECHAT"):
        put("wechat", " ".join(parts(prop)), prop.name)
    for prop in by_name.get("IMPP", []):
        scheme, _, handle = " ".join(parts(prop)).partition(":")
        if scheme.lower() in ("weixin", "wechat", "x-wechat"):
            put("wechat", handle, prop.name)
    labels.setdefault("name", "N")
    labels.setdefault("account_name", "ORG")
    text = "\n".join(card.lines)
    return ContactRow(card.line, values, card=text, labels=labels, problems=tuple(problems))


def person_name(components: list[str]) -> str:
    """N's family;given;additional;prefixes;suffixes → 张伟 (CJK, family first, no space)
    or "Wei Zhang" (Latin: given names first)."""
    family, given, additional = [
        " ".join(part.replace(",", " ").split()) for part in [*components, "", "", ""][:3]
    ]
    if has_chinese(family + given):
        return family + additional + given
    return " ".join(part for part in (given, additional, family) if part)


def _first(by_name: dict[str, list[Property]], name: str) -> list[Property]:
    return by_name.get(name, [])[:1]


def _by_preference(props: list[Property]) -> list[Property]:
    return sorted(props, key=lambda prop: not prop.preferred)


def write_rejected_cards(path: Path, encoding: str, cards: list[tuple[ContactRow, str]]) -> Path:
    """The rejected cards as they were, each with its reasons in an X- property (which
    other programs ignore), so the file can be corrected and imported again."""
    rejects = path.with_name(f"{path.stem}.rejects.vcf")
    with rejects.open("w", encoding=encoding, errors="replace", newline="\r\n") as out:
        for row, reason in cards:
            text = row.card
            head, sep, end = text.rpartition("\n")
            if not sep or end.strip().upper() != "END:VCARD":
                head, end = text, "END:VCARD"
            escaped = reason.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,")
            out.write(f"{head}\nX-GUANXI-REJECTED:{escaped}\n{end}\n")
    return rejects
