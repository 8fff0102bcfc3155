"""Every code the domain speaks has its words, with no placeholder left unfilled."""

from __future__ import annotations

import pytest
from django.utils import translation

from guanxi.domain.insights import Insight, InsightCode, NextStep, Severity
from guanxi.domain.relationships.strength import Part
from guanxi.insights import labels
from guanxi.insights.mappers import ContactLabel, Labels

LABELS = Labels(
    contacts={
        1: ContactLabel(1, "陈国华", "总经理", "总经办"),
        2: ContactLabel(2, "", "设计师", "设计部"),
    }
)
PARAMS = {
    "known": 1, "target": 3, "level": 2, "introducer_id": 2, "influence": 4, "stance": -2,
    "interest_ids": (5,), "interest_kinds": ("kickback",), "left_on": "2026-10-01",
    "successor_ids": (2,), "last_touch": "2026-09-01", "days": 87, "cadence_days": 30,
    "before": 1, "after": -1, "on": "2026-11-01", "roles": ("decision_maker",), "department": "设计部",
}  # fmt: skip


@pytest.mark.parametrize("language", ["en", "zh-hans", "zh-hant"])
@pytest.mark.parametrize("sensitive", [False, True])
def test_every_code_and_next_step_has_words(language: str, sensitive: bool) -> None:
    with translation.override(language):
        for code in InsightCode:
            for step in NextStep:
                insight = Insight(code, Severity.HIGH, 1, step, (1,), (9,), PARAMS, sensitive)
                for text in (
                    labels.reason_text(insight, LABELS),
                    labels.next_step_text(insight, LABELS),
                ):
                    assert text and "%(" not in text
            assert labels.title_text(code) != code.value


def test_the_words_speak_chinese_when_asked() -> None:
    insight = Insight(
        InsightCode.NO_DECISION_MAKER_RELATIONSHIP,
        Severity.HIGH,
        1,
        NextStep.ASK_INTRODUCTION,
        (1,),
        params={"level": 0, "introducer_id": 2},
    )
    with translation.override("en"):
        english = labels.next_step_text(insight, LABELS)
    with translation.override("zh-hans"):
        chinese = labels.next_step_text(insight, LABELS)
    assert "设计师" in english and "设计师" in chinese  # a placeholder is named by its title
    assert english != chinese


def test_every_part_state_has_words() -> None:
    states = {
        "known_contacts": 3,
        "role_coverage": 3,
        "stance": 4,
        "decision_makers": 4,
        "freshness": 3,
        "threats": 4,
    }
    assert {p.value for p in Part} == set(states)
    for part, count in states.items():
        assert len([k for k in labels.PART_STATES if k.startswith(f"{part}.")]) == count
