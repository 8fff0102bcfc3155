"""Qualification policies (versioned, never edited in place), runs and their results."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from guanxi.accounts.models import Account, Tier


class QualificationPolicy(models.Model):
    """One version of a named policy; an edit adds a version, old versions stay for old runs."""

    name = models.CharField(_("name"), max_length=100)
    version = models.PositiveIntegerField(_("version"))
    definition = models.JSONField(_("definition"))
    is_default = models.BooleanField(
        _("default"), default=False, help_text=_("The policy used when none is named.")
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("qualification policy")
        verbose_name_plural = _("qualification policies")
        ordering = ["name", "-version"]
        constraints = [
            models.UniqueConstraint(
                fields=["name", "version"], name="qualification_policy_version"
            ),
            # Only the latest version of one policy carries the flag.
            models.UniqueConstraint(
                fields=["is_default"],
                condition=Q(is_default=True),
                name="qualification_policy_one_default",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} v{self.version}"


class QualificationRun(models.Model):
    policy = models.ForeignKey(
        QualificationPolicy,
        verbose_name=_("policy"),
        on_delete=models.PROTECT,
        related_name="runs",
    )
    as_of = models.DateField(_("as of"))
    account_count = models.PositiveIntegerField(_("accounts"), default=0)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("qualification run")
        verbose_name_plural = _("qualification runs")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.policy} @ {self.as_of}"


class QualificationResult(models.Model):
    run = models.ForeignKey(
        QualificationRun, verbose_name=_("run"), on_delete=models.CASCADE, related_name="results"
    )
    account = models.ForeignKey(
        Account,
        verbose_name=_("account"),
        on_delete=models.CASCADE,
        related_name="qualification_results",
    )
    # The account's newest result: lists filter and sort on it without a subquery per row.
    is_latest = models.BooleanField(default=True)
    score = models.FloatField(_("score"))
    confidence = models.FloatField(_("confidence"))
    tier = models.CharField(_("recommended tier"), max_length=1, choices=Tier.choices)
    flags = models.JSONField(_("flags"), default=list)
    contributions = models.JSONField(_("contributions"), default=list)
    metrics = models.JSONField(_("figures"), default=dict)

    class Meta:
        verbose_name = _("qualification result")
        verbose_name_plural = _("qualification results")
        constraints = [
            models.UniqueConstraint(fields=["run", "account"], name="qualification_result_once"),
            models.UniqueConstraint(
                fields=["account"],
                condition=Q(is_latest=True),
                name="qualification_result_one_latest",
            ),
            models.CheckConstraint(
                condition=Q(score__gte=0, score__lte=100), name="qualification_score_0_100"
            ),
            models.CheckConstraint(
                condition=Q(confidence__gte=0, confidence__lte=1),
                name="qualification_confidence_0_1",
            ),
        ]
        indexes = [
            models.Index(fields=["account", "-run"], name="qualification_account_run"),
            models.Index(
                fields=["-score", "account"],
                condition=Q(is_latest=True),
                name="qualification_latest_score",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.account_id} {self.score:.1f} {self.tier}"
