from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from guanxi.core.models import TimeStamped


class Industry(models.TextChoices):
    FURNITURE = "furniture", _("Furniture")
    DOORS_WINDOWS = "doors_windows", _("Doors and windows")
    KITCHEN_BATH = "kitchen_bath", _("Kitchen and bath")
    REAL_ESTATE = "real_estate", _("Real estate developer")
    CONSTRUCTION = "construction", _("Construction contractor")
    DECORATION = "decoration", _("Interior decoration")
    HOTEL = "hotel", _("Hotels and hospitality")
    DISTRIBUTOR = "distributor", _("Distributor")
    OTHER = "other", _("Other")


class Stage(models.TextChoices):
    EXPLORATORY = "exploratory", _("Exploratory")
    BASIC = "basic", _("Basic")
    COOPERATIVE = "cooperative", _("Cooperative")
    INTERDEPENDENT = "interdependent", _("Interdependent")
    INTEGRATED = "integrated", _("Integrated")


class Horizon(models.IntegerChoices):
    THREE = 3, _("3 months")
    SIX = 6, _("6 months")
    TWELVE = 12, _("12 months")


class Tier(models.TextChoices):
    STRATEGIC = "A", _("A · strategic")
    KEY = "B", _("B · key")
    DEVELOP = "C", _("C · develop")
    STANDARD = "D", _("D · standard")


class Threat(models.TextChoices):
    NONE = "none", _("None")
    LOW = "low", _("Low")
    MEDIUM = "medium", _("Medium")
    HIGH = "high", _("High")


class CreditRating(models.TextChoices):
    AAA = "AAA", "AAA"
    AA = "AA", "AA"
    A = "A", "A"
    BBB = "BBB", "BBB"
    BB = "BB", "BB"
    B = "B", "B"
    C = "C", "C"


class Competitor(models.Model):
    name = models.CharField(_("name"), max_length=200, unique=True)

    class Meta:
        verbose_name = _("competitor")
        verbose_name_plural = _("competitors")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


def _score_1_to_5(field: str, name: str) -> models.CheckConstraint:
    return models.CheckConstraint(
        condition=Q(**{f"{field}__isnull": True}) | Q(**{f"{field}__gte": 1, f"{field}__lte": 5}),
        name=name,
    )


class Account(TimeStamped):
    name = models.CharField(_("name"), max_length=200)
    name_latin = models.CharField(_("Latin name"), max_length=200, blank=True)
    name_pinyin = models.CharField(max_length=400, editable=False, db_index=True)
    name_initials = models.CharField(max_length=100, editable=False, db_index=True)
    customer_code = models.CharField(_("customer code"), max_length=64, blank=True)
    industry = models.CharField(
        _("industry"), max_length=32, choices=Industry.choices, default=Industry.OTHER
    )
    region = models.CharField(_("region"), max_length=100, blank=True)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("parent account"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="subsidiaries",
    )
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("owner"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="owned_accounts",
    )
    incumbent_competitors = models.ManyToManyField(
        Competitor, verbose_name=_("incumbent competitors"), blank=True, related_name="accounts"
    )
    estimated_category_spend = models.DecimalField(
        _("estimated yearly category spend"),
        max_digits=16,
        decimal_places=2,
        null=True,
        blank=True,
        help_text=_("What the customer spends on our category in a year, from all suppliers."),
    )
    credit_rating = models.CharField(
        _("credit rating"), max_length=3, choices=CreditRating.choices, blank=True
    )
    payment_terms_days = models.PositiveSmallIntegerField(
        _("payment terms (days)"), null=True, blank=True
    )
    access_to_goals = models.PositiveSmallIntegerField(
        _("access to goals (1–5)"),
        null=True,
        blank=True,
        help_text=_("Do they share their plans and goals with us?"),
    )
    openness_to_ideas = models.PositiveSmallIntegerField(
        _("openness to ideas (1–5)"),
        null=True,
        blank=True,
        help_text=_("Do they let us bring new ideas and advice?"),
    )
    stage = models.CharField(
        _("relationship stage"), max_length=16, choices=Stage.choices, default=Stage.EXPLORATORY
    )
    results_horizon = models.PositiveSmallIntegerField(
        _("expected results horizon"), choices=Horizon.choices, null=True, blank=True
    )
    competitor_threat = models.CharField(
        _("competitor threat"), max_length=8, choices=Threat.choices, default=Threat.NONE
    )
    tier = models.CharField(_("tier"), max_length=1, choices=Tier.choices, blank=True)
    tier_override = models.CharField(
        _("tier override"), max_length=1, choices=Tier.choices, blank=True
    )
    tier_override_reason = models.CharField(_("reason for override"), max_length=300, blank=True)
    notes = models.TextField(_("notes"), blank=True)

    history = HistoricalRecords(excluded_fields=["name_pinyin", "name_initials", "updated_at"])

    class Meta:
        verbose_name = _("account")
        verbose_name_plural = _("accounts")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                fields=["customer_code"],
                condition=~Q(customer_code=""),
                name="account_customer_code_unique",
                violation_error_message=_("Another account already has this customer code."),
            ),
            _score_1_to_5("access_to_goals", "account_access_to_goals_1_5"),
            _score_1_to_5("openness_to_ideas", "account_openness_1_5"),
            models.CheckConstraint(
                condition=Q(results_horizon__isnull=True) | Q(results_horizon__in=[3, 6, 12]),
                name="account_horizon_3_6_12",
            ),
            models.CheckConstraint(
                condition=Q(tier_override="") | ~Q(tier_override_reason=""),
                name="account_override_needs_reason",
            ),
        ]
        indexes = [
            models.Index(fields=["owner", "name"], name="account_owner_name"),
            models.Index(fields=["industry"], name="account_industry"),
            models.Index(fields=["tier"], name="account_tier"),
            models.Index(fields=["updated_at"], name="account_updated"),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def effective_tier(self) -> str:
        return self.tier_override or self.tier


class AccountRole(models.TextChoices):
    CO_OWNER = "co_owner", _("Co-owner")
    SALES = "sales", _("Sales support")
    TECHNICAL = "technical", _("Technical support")
    SERVICE = "service", _("Customer service")
    EXECUTIVE_SPONSOR = "executive_sponsor", _("Executive sponsor")


class AccountTeamMember(models.Model):
    account = models.ForeignKey(Account, on_delete=models.CASCADE, related_name="team_members")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        on_delete=models.CASCADE,
        related_name="account_memberships",
    )
    role = models.CharField(_("role"), max_length=20, choices=AccountRole.choices)

    class Meta:
        verbose_name = _("account team member")
        verbose_name_plural = _("account team members")
        constraints = [
            models.UniqueConstraint(fields=["account", "user"], name="account_member_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.user} · {self.get_role_display()}"


class SalesChunk(models.Model):
    """The invoice lines and monthly sums of one bucket of accounts, as Parquet.

    Written and read only through guanxi.accounts.sales_store (see there and
    docs/decisions/0001-sales-line-storage.md): an account's sales live in bucket
    `account_id % BUCKETS`; lines are keyed by account, invoice and line.
    """

    bucket = models.PositiveSmallIntegerField(_("bucket"), unique=True)
    lines = models.BinaryField(_("lines (Parquet)"))
    months = models.BinaryField(_("monthly sums (Parquet)"))
    line_count = models.PositiveIntegerField(_("lines"), default=0)
    month_count = models.PositiveIntegerField(_("months"), default=0)
    first_month = models.DateField(_("first month"), null=True)
    last_invoice_date = models.DateField(_("latest invoice date"), null=True)
    months_valid_from = models.DateField(
        _("sums valid after"),
        null=True,
        help_text=_(
            "The latest due date of an unpaid invoice counted late: an as-of date on or before it changes the sums."
        ),
    )
    months_valid_until = models.DateField(
        _("sums valid until"),
        null=True,
        help_text=_(
            "The earliest due date of an unpaid invoice not yet late: past it, the sums change."
        ),
    )
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("sales chunk")
        verbose_name_plural = _("sales chunks")

    def __str__(self) -> str:
        return f"sales bucket {self.bucket}"
