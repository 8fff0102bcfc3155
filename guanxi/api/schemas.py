"""What goes in and out of the API."""

from __future__ import annotations

from collections.abc import Collection
from copy import copy
from datetime import date, datetime
from decimal import Decimal
from typing import TYPE_CHECKING, Annotated, Any, Literal

from ninja import Field, Schema
from pydantic import AfterValidator, ConfigDict, WithJsonSchema, create_model

from guanxi.accounts.models import (
    Account,
    CreditRating,
    Horizon,
    Industry,
    Stage,
    Threat,
    Tier,
)
from guanxi.accounts.selectors import ACCOUNT_ORDERINGS
from guanxi.planning.labels import FLAG_REASONS, reason_text
from guanxi.planning.models import QualificationPolicy, QualificationResult, QualificationRun
from guanxi.stakeholders.models import (
    BuyingRole,
    Contact,
    ContactStatus,
    DecisionOrientation,
    Stance,
)


def _one_of(allowed: Collection[str]) -> AfterValidator:
    def check(value: str) -> str:
        if value not in allowed:
            raise ValueError(f"must be one of: {', '.join(allowed)}")
        return value

    return AfterValidator(check)


Blank = Literal[""]
Score = Annotated[int, Field(ge=1, le=5)]
Text = Annotated[str, Field(max_length=100_000)]
Name = Annotated[str, Field(min_length=1, max_length=200)]
Short = Annotated[str, Field(max_length=100)]
AccountOrder = Annotated[
    str,
    _one_of(ACCOUNT_ORDERINGS),
    WithJsonSchema({"type": "string", "enum": list(ACCOUNT_ORDERINGS)}),
]


class PageParams(Schema):
    limit: Annotated[int, Field(ge=1, le=200)] = 50
    offset: Annotated[int, Field(ge=0)] = 0


class Input(Schema):
    # A misspelt or read-only field is an error, never silently dropped.
    model_config = ConfigDict(extra="forbid")


def patch_of(schema: type[Input], name: str) -> type[Input]:
    """The same fields, each optional to send; null only where the field itself takes null.

    Defaults are not validated, so an omitted field stays unset (dump with exclude_unset),
    while an explicit null for, say, `name` fails validation like any wrong type.
    """
    fields: dict[str, Any] = {}
    for field_name, field in schema.model_fields.items():
        optional = copy(field)
        optional.default = None
        optional.default_factory = None
        fields[field_name] = (field.annotation, optional)
    return create_model(name, __base__=Input, **fields)


# ---- accounts -------------------------------------------------------------------------


class AccountFilters(PageParams):
    search: str = Field(
        "", description="Chinese characters, full pinyin (zhangwei), initials (zw) or customer code"
    )
    owner: int | None = Field(None, description="owner's user id")
    tier: Tier | None = None
    industry: Industry | None = None
    order: AccountOrder = "name"


class AccountIn(Input):
    name: Name
    name_latin: Annotated[str, Field(max_length=200)] = ""
    customer_code: Annotated[str, Field(max_length=64)] = ""
    industry: Industry = Industry.OTHER
    region: Short = ""
    parent: int | None = Field(None, description="parent account id (group customers)")
    owner: int | None = Field(
        None, description="owner's user id; only managers and admins may give accounts away"
    )
    estimated_category_spend: (
        Annotated[Decimal, Field(ge=0, max_digits=16, decimal_places=2)] | None
    ) = None
    credit_rating: CreditRating | Blank = ""
    payment_terms_days: Annotated[int, Field(ge=0, le=32767)] | None = None
    access_to_goals: Score | None = None
    openness_to_ideas: Score | None = None
    stage: Stage = Stage.EXPLORATORY
    results_horizon: Horizon | None = None
    competitor_threat: Threat = Threat.NONE
    tier_override: Tier | Blank = ""
    tier_override_reason: Annotated[str, Field(max_length=300)] = ""
    notes: Text = ""


if TYPE_CHECKING:
    AccountPatch = AccountIn
else:
    AccountPatch = patch_of(AccountIn, "AccountPatch")


class AccountOut(Schema):
    id: int
    name: str
    name_latin: str
    name_pinyin: str
    customer_code: str
    industry: Industry
    region: str
    parent: int | None
    owner: int | None
    owner_username: str | None
    incumbent_competitors: list[str]
    estimated_category_spend: Decimal | None
    credit_rating: CreditRating | Blank
    payment_terms_days: int | None
    access_to_goals: int | None
    openness_to_ideas: int | None
    stage: Stage
    results_horizon: Horizon | None
    competitor_threat: Threat
    tier: Tier | Blank = Field(description="result of qualification")
    tier_override: Tier | Blank
    tier_override_reason: str
    effective_tier: Tier | Blank = Field(description="the override if set, else the tier")
    notes: str
    created_at: datetime
    updated_at: datetime

    @staticmethod
    def resolve_parent(account: Account) -> int | None:
        return account.parent_id

    @staticmethod
    def resolve_owner(account: Account) -> int | None:
        return account.owner_id

    @staticmethod
    def resolve_owner_username(account: Account) -> str | None:
        return account.owner.username if account.owner is not None else None

    @staticmethod
    def resolve_incumbent_competitors(account: Account) -> list[str]:
        return [competitor.name for competitor in account.incumbent_competitors.all()]


class AccountPage(Schema):
    items: list[AccountOut]
    limit: int
    offset: int
    next: str | None = Field(description="the next page's URL, or null on the last page")


# ---- contacts -------------------------------------------------------------------------


class ContactFilters(PageParams):
    search: str = Field("", description="Chinese name, full pinyin (zhangwei) or initials (zw)")
    account: int | None = Field(None, description="account id")
    status: ContactStatus | None = None


class ContactFields(Input):
    name: Short = Field("", description="may be blank only for a placeholder")
    name_latin: Short = ""
    title: Short = ""
    department: Short = ""
    reports_to: int | None = Field(None, description="contact id, in the same account")
    mobile: Annotated[str, Field(max_length=40)] = ""
    phone: Annotated[str, Field(max_length=40)] = Field("", description="office phone")
    email: Annotated[str, Field(max_length=254)] = ""
    wechat_id: Annotated[str, Field(max_length=64)] = ""
    buying_roles: list[BuyingRole] = Field(default_factory=list)
    influence: Score = 3
    stance: Stance = Field(Stance.NEUTRAL, description="-2 opponent … +2 champion")
    decision_orientation: DecisionOrientation | Blank = ""
    personality: Text = ""
    preferences: Text = ""
    personality_known: bool = False
    next_step_to_know: Annotated[str, Field(max_length=300)] = ""
    status: ContactStatus = ContactStatus.ACTIVE
    left_on: date | None = None
    left_to: Annotated[str, Field(max_length=200)] = ""
    is_placeholder: bool = False
    personal_notes: Text = Field(
        "", description="sensitive: only the account team, their managers and executives"
    )


class ContactIn(ContactFields):
    account: int = Field(description="account id")


if TYPE_CHECKING:
    ContactPatch = ContactFields
else:
    ContactPatch = patch_of(ContactFields, "ContactPatch")


class ContactOut(Schema):
    id: int
    account: int
    account_name: str
    name: str
    name_latin: str
    name_pinyin: str
    title: str
    department: str
    reports_to: int | None
    mobile: str
    phone: str
    email: str
    wechat_id: str
    buying_roles: list[BuyingRole]
    influence: int
    stance: Stance
    decision_orientation: DecisionOrientation | Blank
    personality: str
    preferences: str
    personality_known: bool
    next_step_to_know: str
    status: ContactStatus
    left_on: date | None
    left_to: str
    is_placeholder: bool
    personal_notes: str | None = Field(
        description="sensitive: null unless you are on the account team, their manager or an executive"
    )
    created_at: datetime
    updated_at: datetime

    @staticmethod
    def resolve_account(contact: Contact) -> int:
        return contact.account_id

    @staticmethod
    def resolve_account_name(contact: Contact) -> str:
        return contact.account.name

    @staticmethod
    def resolve_reports_to(contact: Contact) -> int | None:
        return contact.reports_to_id

    @staticmethod
    def resolve_personal_notes(contact: Contact, context: dict[str, Any] | None) -> str | None:
        # Hidden unless the caller says, account by account, that it may be shown.
        sensitive_account_ids = (context or {}).get("sensitive_account_ids", frozenset())
        return contact.personal_notes if contact.account_id in sensitive_account_ids else None


class ContactPage(Schema):
    items: list[ContactOut]
    limit: int
    offset: int
    next: str | None = Field(description="the next page's URL, or null on the last page")


# ---- qualification --------------------------------------------------------------------

QualificationFlag = Literal[
    "price_squeezer", "late_payer", "declining", "single_criterion_dominant", "insufficient_data"
]


class QualificationFilters(PageParams):
    tier: Tier | None = Field(None, description="recommended tier")
    flag: QualificationFlag | None = None
    min_score: Annotated[float, Field(ge=0, le=100)] | None = None


class QualificationOut(Schema):
    account: int = Field(description="account id")
    account_name: str
    customer_code: str
    run: int
    as_of: date
    policy: str
    policy_version: int
    score: float = Field(description="0–100")
    confidence: float = Field(description="0–1: the share of the policy's weight that had data")
    tier: Tier = Field(description="recommended by the qualification")
    tier_override: Tier | Blank
    effective_tier: Tier | Blank = Field(description="the override if set, else the tier")
    flags: list[QualificationFlag]
    metrics: dict[str, Any] = Field(description="the figures behind the score; null where unknown")

    @staticmethod
    def resolve_account(result: QualificationResult) -> int:
        return result.account_id

    @staticmethod
    def resolve_account_name(result: QualificationResult) -> str:
        return result.account.name

    @staticmethod
    def resolve_customer_code(result: QualificationResult) -> str:
        return result.account.customer_code

    @staticmethod
    def resolve_run(result: QualificationResult) -> int:
        return result.run_id

    @staticmethod
    def resolve_as_of(result: QualificationResult) -> date:
        return result.run.as_of

    @staticmethod
    def resolve_policy(result: QualificationResult) -> str:
        return result.run.policy.name

    @staticmethod
    def resolve_policy_version(result: QualificationResult) -> int:
        return result.run.policy.version

    @staticmethod
    def resolve_tier_override(result: QualificationResult) -> str:
        return result.account.tier_override

    @staticmethod
    def resolve_effective_tier(result: QualificationResult) -> str:
        return result.account.effective_tier


class MeasureOut(Schema):
    metric: str
    value: float | None
    score: float | None = Field(description="the curve's value, 0–100; null without data")
    weight: float


class ContributionOut(Schema):
    criterion: str
    weight: float = Field(description="as the policy sets it")
    share: float = Field(description="of the score, after leaving out what had no data")
    score: float | None = Field(description="0–100; null without data")
    points: float = Field(description="share × score: what it adds to the total")
    reason: str = Field(description="code: <criterion>.<high|medium|low|no_data>")
    reason_text: str
    measures: list[MeasureOut]

    @staticmethod
    def resolve_reason_text(contribution: dict[str, Any]) -> str:
        return reason_text(contribution["reason"])


class QualificationDetailOut(QualificationOut):
    contributions: list[ContributionOut]
    flag_texts: dict[str, str] = Field(description="what each flag means, in words")

    @staticmethod
    def resolve_flag_texts(result: QualificationResult) -> dict[str, str]:
        return {code: str(FLAG_REASONS.get(code, "")) for code in result.flags}


class QualificationPage(Schema):
    items: list[QualificationOut]
    limit: int
    offset: int
    next: str | None = Field(description="the next page's URL, or null on the last page")


class QualificationRunIn(Input):
    policy: Annotated[str, Field(max_length=100)] | None = Field(
        None, description="policy name; the default policy if omitted"
    )
    as_of: date | None = Field(
        None, description="count periods back from this date; default: the latest invoice date"
    )


class QualificationRunOut(Schema):
    id: int
    policy: str
    policy_version: int
    as_of: date
    account_count: int
    created_at: datetime

    @staticmethod
    def resolve_policy(run: QualificationRun) -> str:
        return run.policy.name

    @staticmethod
    def resolve_policy_version(run: QualificationRun) -> int:
        return run.policy.version


class PolicyIn(Input):
    name: Annotated[str, Field(min_length=1, max_length=100)]
    definition: dict[str, Any] = Field(description="criteria, gates and tier cut-offs, as listed")
    is_default: bool = False


class PolicyUpdate(Input):
    definition: dict[str, Any]
    is_default: bool | None = Field(None, description="unchanged if omitted")


class PolicyOut(Schema):
    id: int
    name: str
    version: int
    is_default: bool
    definition: dict[str, Any]
    created_by: str | None
    created_at: datetime

    @staticmethod
    def resolve_created_by(policy: QualificationPolicy) -> str | None:
        return policy.created_by.username if policy.created_by is not None else None
