"""What goes in and out of /api/v1/insights and /api/v1/accounts/{id}/strength."""

from __future__ import annotations

from datetime import date
from typing import Any

from ninja import Field, Schema

from guanxi.api.schemas import PageParams
from guanxi.domain.insights import InsightCode, NextStep, Severity
from guanxi.domain.relationships.strength import Part


class InsightFilters(PageParams):
    account: int | None = Field(None, description="account id; 404 if it is not yours to see")
    severity: Severity | None = None
    code: InsightCode | None = None
    as_of: date | None = Field(
        None, description="judge freshness and recent changes as of this day; default: today"
    )


class AccountRef(Schema):
    id: int
    customer_code: str
    name: str


class ContactRef(Schema):
    id: int
    name: str = Field(description="the name, or the title of a placeholder")
    title: str
    department: str


class NeedRef(Schema):
    id: int
    description: str


class NextStepOut(Schema):
    code: NextStep
    text: str


class InsightOut(Schema):
    code: InsightCode
    title: str
    severity: Severity
    account: AccountRef
    contacts: list[ContactRef] = Field(description="whom it is about, most important first")
    needs: list[NeedRef]
    reason: str
    next_step: NextStepOut
    params: dict[str, Any] = Field(description="the figures and ids behind the words, per code")
    sensitive: bool = Field(
        description="reveals a vested interest: only for the account team, their managers "
        "and executives"
    )


class InsightPage(Schema):
    items: list[InsightOut]
    limit: int
    offset: int
    next: str | None = Field(description="the next page's URL, or null on the last page")


class StrengthPartOut(Schema):
    part: Part
    label: str
    value: float = Field(description="0–1: how much of the part is achieved")
    weight: float
    points: float = Field(description="value × weight; negative for open threats")
    reason: str = Field(description="code: <part>.<state>")
    reason_text: str
    params: dict[str, Any]


class StrengthOut(Schema):
    account: AccountRef
    as_of: date
    score: float = Field(description="0–100")
    threats_withheld: bool = Field(
        description="vested interests are not yours to see: the threats part is left out"
    )
    parts: list[StrengthPartOut]
