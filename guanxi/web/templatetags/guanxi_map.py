"""Words and marks for the relationship map's templates; none of them query the database."""

from __future__ import annotations

from functools import lru_cache

from django import template
from django.utils import timezone
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language, gettext

from guanxi.domain.relationships.layout import Badge, MapPerson
from guanxi.stakeholders.map_svg import stance_sparkline
from guanxi.stakeholders.map_words import kind_label, stance_label, stance_sign, tie_label
from guanxi.stakeholders.models import RelationshipLevel
from guanxi.stakeholders.pulse import ContactPulse

register = template.Library()

_LEVELS = dict(RelationshipLevel.choices)
SEVERITY_BADGES = {
    "high": "text-bg-danger",
    "medium": "text-bg-warning",
    "low": "text-bg-secondary",
}
DEEPEST_INDENT = 6


@register.filter(name="stance_label")
def stance_label_filter(stance: int) -> str:
    return stance_label(stance)


@register.filter(name="stance_sign")
def stance_sign_filter(stance: int) -> str:
    return stance_sign(stance)


@register.filter
def level_label(level: int) -> str:
    return str(_LEVELS.get(level, level))


@register.filter(name="tie_label")
def tie_label_filter(kind: str) -> str:
    return tie_label(kind)


@register.filter(name="kind_label")
def kind_label_filter(kind: str) -> str:
    return kind_label(kind)


@register.filter
def indent(depth: int) -> str:
    """A class per level of the hierarchy (the CSP allows no inline style)."""
    return f"map-depth-{min(depth, DEEPEST_INDENT)}"


@register.filter
def score_dots(score: int) -> SafeString:
    """What web/components/score.html draws, without an include per row of a long table."""
    return _score_dots(score, get_language())


@lru_cache(maxsize=64)
def _score_dots(score: int, language: str | None) -> SafeString:
    dots = "".join(
        f'<i class="bi {"bi-circle-fill" if n <= score else "bi-circle"}"></i>' for n in range(1, 6)
    )
    words = gettext("%(score)s of 5") % {"score": score}
    return format_html(
        '<span class="score" aria-hidden="true">{}</span><span class="visually-hidden">{}</span>',
        mark_safe(dots),  # noqa: S308 - fixed markup
        words,
    )


@register.filter
def badge_words(person: MapPerson) -> list[str]:
    words = {
        Badge.PLACEHOLDER: gettext("Known role, holder unknown"),
        Badge.LEFT: gettext("Left the company"),
        Badge.PERSONALITY_UNKNOWN: gettext("Personality unknown"),
    }
    found = [words[b] for b in person.badges if b in words]
    if Badge.OPEN_INTERESTS in person.badges:
        found.append(gettext("Open vested interests: %(count)s") % {"count": person.open_interests})
    return found


@register.filter
def severity_badge(severity: str) -> str:
    return SEVERITY_BADGES.get(severity, "text-bg-secondary")


@register.filter
def sparkline(pulse: ContactPulse) -> SafeString:
    """The stance line of a person's pulse, said in words for those who cannot see it."""
    points = [(point.when, point.stance) for point in pulse.stance]
    steps = ", ".join(
        f"{stance_label(point.stance)} ({timezone.localtime(point.when):%Y-%m-%d})"
        for point in pulse.stance
    )
    label = gettext("Stance over time: %(steps)s") % {"steps": steps}
    # Every text in it is escaped by stance_sparkline.
    return mark_safe(stance_sparkline(points, until=timezone.now(), label=label))  # noqa: S308
