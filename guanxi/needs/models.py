from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from guanxi.accounts.models import Account
from guanxi.core.models import TimeStamped
from guanxi.stakeholders.models import Contact


class NeedHorizon(models.TextChoices):
    SHORT = "short", _("Short-term")
    LONG = "long", _("Long-term")


class NeedCategory(models.TextChoices):
    COST = "cost", _("Cost reduction")
    QUALITY = "quality", _("Quality")
    DELIVERY = "delivery", _("Delivery and supply")
    INNOVATION = "innovation", _("Design and innovation")
    GROWTH = "growth", _("Growth and new markets")
    BRAND = "brand", _("Brand and positioning")
    SERVICE = "service", _("Service and support")
    COMPLIANCE = "compliance", _("Compliance and safety")
    OTHER = "other", _("Other")


class NeedStatus(models.TextChoices):
    IDENTIFIED = "identified", _("Identified")
    CONFIRMED = "confirmed", _("Confirmed")
    ADDRESSING = "addressing", _("Being addressed")
    MET = "met", _("Met")
    DROPPED = "dropped", _("Dropped")


class Need(TimeStamped):
    account = models.ForeignKey(
        Account, verbose_name=_("account"), on_delete=models.CASCADE, related_name="needs"
    )
    description = models.TextField(_("need"))
    horizon = models.CharField(_("horizon"), max_length=5, choices=NeedHorizon.choices)
    category = models.CharField(
        _("category"), max_length=16, choices=NeedCategory.choices, default=NeedCategory.OTHER
    )
    owning_department = models.CharField(_("owning department"), max_length=100, blank=True)
    source_contact = models.ForeignKey(
        Contact,
        verbose_name=_("heard from"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="needs_voiced",
    )
    importance = models.PositiveSmallIntegerField(_("importance (1–5)"), default=3)
    our_answer = models.TextField(_("our answer"), blank=True)
    status = models.CharField(
        _("status"), max_length=12, choices=NeedStatus.choices, default=NeedStatus.IDENTIFIED
    )
    confirmed_by = models.ForeignKey(
        Contact,
        verbose_name=_("confirmed by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="needs_confirmed",
    )
    confirmed_on = models.DateField(_("confirmed on"), null=True, blank=True)

    history = HistoricalRecords(excluded_fields=["updated_at"])

    class Meta:
        verbose_name = _("need")
        verbose_name_plural = _("needs")
        ordering = ["-importance", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(importance__gte=1, importance__lte=5), name="need_importance_1_5"
            ),
            models.CheckConstraint(
                condition=Q(horizon__in=["short", "long"]), name="need_horizon_valid"
            ),
        ]

    def __str__(self) -> str:
        return self.description[:60]


class OpportunityStage(models.TextChoices):
    PROSPECTING = "prospecting", _("Prospecting")
    QUALIFYING = "qualifying", _("Qualifying")
    PROPOSAL = "proposal", _("Proposal")
    NEGOTIATION = "negotiation", _("Negotiation")
    WON = "won", _("Won")
    LOST = "lost", _("Lost")


class Opportunity(TimeStamped):
    account = models.ForeignKey(
        Account, verbose_name=_("account"), on_delete=models.CASCADE, related_name="opportunities"
    )
    name = models.CharField(_("name"), max_length=200)
    value = models.DecimalField(_("value"), max_digits=16, decimal_places=2)
    expected_close = models.DateField(_("expected close"), null=True, blank=True)
    stage = models.CharField(
        _("stage"),
        max_length=12,
        choices=OpportunityStage.choices,
        default=OpportunityStage.PROSPECTING,
    )
    probability = models.PositiveSmallIntegerField(_("probability (%)"), default=10)
    needs = models.ManyToManyField(
        Need, verbose_name=_("needs"), blank=True, related_name="opportunities"
    )

    class Meta:
        verbose_name = _("opportunity")
        verbose_name_plural = _("opportunities")
        constraints = [
            models.CheckConstraint(
                condition=Q(probability__lte=100), name="opportunity_probability"
            ),
            models.CheckConstraint(condition=Q(value__gte=0), name="opportunity_value_positive"),
        ]

    def __str__(self) -> str:
        return self.name
