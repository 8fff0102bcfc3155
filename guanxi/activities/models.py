from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from guanxi.accounts.models import Account
from guanxi.core.models import TimeStamped
from guanxi.stakeholders.models import Contact


class ActivityKind(models.TextChoices):
    INFORMATION = "information", _("Information")
    PRESENTATION = "presentation", _("Presentation / demo")
    TRIAL = "trial", _("Trial")
    VISIT = "visit", _("Visit")
    EXECUTIVE_VISIT = "executive_visit", _("Executive visit")
    MEAL = "meal", _("Meal / entertainment (应酬)")
    CALL = "call", _("Call")
    MESSAGE = "message", _("Message")
    PROPOSAL = "proposal", _("Proposal")
    TRAINING = "training", _("Training")


class ActivityStatus(models.TextChoices):
    PLANNED = "planned", _("Planned")
    DONE = "done", _("Done")


class Activity(TimeStamped):
    account = models.ForeignKey(
        Account, verbose_name=_("account"), on_delete=models.CASCADE, related_name="activities"
    )
    date = models.DateField(_("date"))
    kind = models.CharField(_("kind"), max_length=16, choices=ActivityKind.choices)
    subject = models.CharField(_("subject"), max_length=200, blank=True)
    participants = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("our participants"),
        blank=True,
        related_name="activities",
    )
    contacts_met = models.ManyToManyField(
        Contact, verbose_name=_("contacts met"), blank=True, related_name="activities"
    )
    hours = models.DecimalField(_("hours spent"), max_digits=5, decimal_places=2, default=1)
    outcome = models.TextField(_("outcome"), blank=True)
    next_step = models.CharField(_("next step"), max_length=300, blank=True)
    next_step_due = models.DateField(_("next step due"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=8, choices=ActivityStatus.choices, default=ActivityStatus.DONE
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        verbose_name = _("activity")
        verbose_name_plural = _("activities")
        ordering = ["-date", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(hours__gte=0, hours__lte=24), name="activity_hours_in_day"
            ),
            models.CheckConstraint(
                condition=Q(status__in=["planned", "done"]), name="activity_status_valid"
            ),
        ]
        indexes = [models.Index(fields=["account", "-date"], name="activity_account_date")]

    def __str__(self) -> str:
        return f"{self.date} {self.get_kind_display()}"
