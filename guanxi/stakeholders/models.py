from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from simple_history.models import HistoricalRecords

from guanxi.accounts.models import Account
from guanxi.core.models import TimeStamped


class BuyingRole(models.TextChoices):
    ECONOMIC_BUYER = "economic_buyer", _("Economic buyer")
    DECISION_MAKER = "decision_maker", _("Decision maker")
    TECHNICAL_BUYER = "technical_buyer", _("Technical buyer")
    USER_BUYER = "user_buyer", _("User buyer")
    COACH = "coach", _("Coach / champion")
    GATEKEEPER = "gatekeeper", _("Gatekeeper")
    INFLUENCER = "influencer", _("Influencer")


class Stance(models.IntegerChoices):
    OPPONENT = -2, _("Opponent")
    SCEPTIC = -1, _("Sceptic")
    NEUTRAL = 0, _("Neutral")
    SUPPORTER = 1, _("Supporter")
    CHAMPION = 2, _("Champion")


class DecisionOrientation(models.TextChoices):
    FINANCIAL = "financial", _("Financial")
    TECHNICAL = "technical", _("Technical")
    RELATIONSHIP = "relationship", _("Relationship")
    BUSINESS = "business", _("Business")


class ContactStatus(models.TextChoices):
    ACTIVE = "active", _("Active")
    LEFT = "left", _("Left the company")


class Contact(TimeStamped):
    account = models.ForeignKey(
        Account, verbose_name=_("account"), on_delete=models.CASCADE, related_name="contacts"
    )
    name = models.CharField(pgettext_lazy("person", "name"), max_length=100, blank=True)
    name_latin = models.CharField(_("Latin name"), max_length=100, blank=True)
    name_pinyin = models.CharField(max_length=200, editable=False, db_index=True)
    name_initials = models.CharField(max_length=50, editable=False, db_index=True)
    title = models.CharField(_("title"), max_length=100, blank=True)
    department = models.CharField(_("department"), max_length=100, blank=True)
    reports_to = models.ForeignKey(
        "self",
        verbose_name=_("reports to"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="direct_reports",
    )
    mobile = models.CharField(_("mobile"), max_length=40, blank=True, default="", db_default="")
    phone = models.CharField(_("office phone"), max_length=40, blank=True)
    email = models.EmailField(_("email"), blank=True)
    wechat_id = models.CharField(_("WeChat ID"), max_length=64, blank=True)
    buying_roles = models.JSONField(_("buying roles"), default=list, blank=True)
    influence = models.PositiveSmallIntegerField(_("influence (1–5)"), default=3)
    stance = models.SmallIntegerField(_("stance"), choices=Stance.choices, default=Stance.NEUTRAL)
    decision_orientation = models.CharField(
        _("decision orientation"), max_length=16, choices=DecisionOrientation.choices, blank=True
    )
    personality = models.TextField(_("personality"), blank=True)
    preferences = models.TextField(
        _("preferences"), blank=True, help_text=_("Tastes, habits and ways of working (嗜好).")
    )
    personality_known = models.BooleanField(_("personality known"), default=False)
    next_step_to_know = models.CharField(
        _("next step to get to know them"), max_length=300, blank=True
    )
    status = models.CharField(
        _("status"), max_length=8, choices=ContactStatus.choices, default=ContactStatus.ACTIVE
    )
    left_on = models.DateField(_("left on"), null=True, blank=True)
    left_to = models.CharField(_("left to"), max_length=200, blank=True)
    is_placeholder = models.BooleanField(
        _("placeholder"),
        default=False,
        help_text=_("A known role whose holder we do not know yet."),
    )
    personal_notes = models.TextField(
        _("personal notes"), blank=True, help_text=_("Sensitive: seen by the account team only.")
    )

    history = HistoricalRecords(excluded_fields=["name_pinyin", "name_initials", "updated_at"])

    class Meta:
        verbose_name = _("contact")
        verbose_name_plural = _("contacts")
        ordering = ["-influence", "name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(influence__gte=1, influence__lte=5), name="contact_influence_1_5"
            ),
            models.CheckConstraint(
                condition=Q(stance__gte=-2, stance__lte=2), name="contact_stance_range"
            ),
            models.CheckConstraint(
                condition=Q(is_placeholder=True) | ~Q(name=""),
                name="contact_named_unless_placeholder",
            ),
            models.CheckConstraint(
                condition=~Q(status="left") | Q(left_on__isnull=False), name="contact_left_has_date"
            ),
            models.CheckConstraint(
                condition=Q(status__in=["active", "left"]), name="contact_status_valid"
            ),
        ]
        indexes = [models.Index(fields=["account", "status"], name="contact_account_status")]

    def __str__(self) -> str:
        return self.name or self.title


class LinkKind(models.TextChoices):
    INFLUENCE = "influence", _("Influences")
    CONFLICT = "conflict", _("In conflict with")
    ALUMNI = "alumni", _("Alumni (校友)")
    HOMETOWN = "hometown", _("Same hometown (老乡)")
    FORMER_COLLEAGUE = "former_colleague", _("Former colleagues")
    FAMILY = "family", _("Family")
    FRIEND = "friend", _("Friends")


class ContactLink(models.Model):
    account = models.ForeignKey(Account, on_delete=models.CASCADE, related_name="contact_links")
    from_contact = models.ForeignKey(
        Contact, verbose_name=_("from"), on_delete=models.CASCADE, related_name="links_out"
    )
    to_contact = models.ForeignKey(
        Contact, verbose_name=_("to"), on_delete=models.CASCADE, related_name="links_in"
    )
    kind = models.CharField(_("kind"), max_length=20, choices=LinkKind.choices)
    strength = models.PositiveSmallIntegerField(_("strength (1–5)"), default=3)
    note = models.CharField(_("note"), max_length=300, blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("contact link")
        verbose_name_plural = _("contact links")
        constraints = [
            models.UniqueConstraint(
                fields=["from_contact", "to_contact", "kind"], name="contact_link_unique"
            ),
            models.CheckConstraint(
                condition=~Q(from_contact=F("to_contact")), name="contact_link_not_self"
            ),
            models.CheckConstraint(
                condition=Q(strength__gte=1, strength__lte=5), name="contact_link_strength_1_5"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.from_contact} → {self.to_contact} ({self.get_kind_display()})"


class RelationshipLevel(models.IntegerChoices):
    NONE = 0, _("None")
    ACQUAINTED = 1, _("Acquainted")
    VENDOR = 2, _("Vendor")
    CREDIBLE_SOURCE = 3, _("Credible source")
    PROBLEM_SOLVER = 4, _("Problem solver")
    TRUSTED_ADVISOR = 5, _("Trusted advisor")


class Relationship(models.Model):
    """How well one of our people knows one of theirs."""

    contact = models.ForeignKey(Contact, on_delete=models.CASCADE, related_name="relationships")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("our person"),
        on_delete=models.CASCADE,
        related_name="relationships",
    )
    current_level = models.PositiveSmallIntegerField(
        _("current level"), choices=RelationshipLevel.choices, default=RelationshipLevel.NONE
    )
    target_level = models.PositiveSmallIntegerField(
        _("target level"), choices=RelationshipLevel.choices, default=RelationshipLevel.VENDOR
    )
    last_touch = models.DateField(
        _("last touch"), null=True, blank=True, help_text=_("Derived from activities.")
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("relationship")
        verbose_name_plural = _("relationships")
        constraints = [
            models.UniqueConstraint(fields=["contact", "user"], name="relationship_unique"),
            models.CheckConstraint(
                condition=Q(current_level__lte=5, target_level__lte=5), name="relationship_levels"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} ↔ {self.contact}"


class InterestKind(models.TextChoices):
    KICKBACK = "kickback", _("Kickback from the incumbent")
    ROLE_DEVALUED = "role_devalued", _("Role devalued")
    INFLUENCE_DILUTED = "influence_diluted", _("Influence diluted")
    BUDGET_LOSS = "budget_loss", _("Budget loss")
    OTHER = "other", _("Other")


class Mitigation(models.TextChoices):
    NONE = "", _("No plan yet")
    GO_AROUND = "go_around", _("Go around")
    WIN_TRUST = "win_trust", _("Win trust over time")
    ALLY_SPEAKS = "ally_speaks", _("An ally speaks for us")
    WAIT_DEPARTURE = "wait_departure", _("Wait for departure")
    OTHER = "other", _("Other")


class InterestStatus(models.TextChoices):
    OPEN = "open", _("Open")
    MITIGATING = "mitigating", _("Mitigating")
    RESOLVED = "resolved", _("Resolved")


class Severity(models.IntegerChoices):
    LOW = 1, _("Low")
    MEDIUM = 2, _("Medium")
    HIGH = 3, _("High")


class VestedInterest(TimeStamped):
    """An entrenched interest that our sale threatens (R2.5). Sensitive."""

    account = models.ForeignKey(Account, on_delete=models.CASCADE, related_name="vested_interests")
    contact = models.ForeignKey(
        Contact, verbose_name=_("holder"), on_delete=models.CASCADE, related_name="vested_interests"
    )
    kind = models.CharField(_("kind"), max_length=20, choices=InterestKind.choices)
    description = models.TextField(_("description"), blank=True)
    severity = models.PositiveSmallIntegerField(
        _("severity"), choices=Severity.choices, default=Severity.MEDIUM
    )
    mitigation = models.CharField(
        _("mitigation strategy"), max_length=16, choices=Mitigation.choices, blank=True
    )
    ally = models.ForeignKey(
        Contact,
        verbose_name=_("ally"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="speaks_for_us_on",
    )
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("owner"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="owned_interests",
    )
    status = models.CharField(
        _("status"), max_length=12, choices=InterestStatus.choices, default=InterestStatus.OPEN
    )

    history = HistoricalRecords(excluded_fields=["updated_at"])

    class Meta:
        verbose_name = _("vested interest")
        verbose_name_plural = _("vested interests")
        constraints = [
            models.CheckConstraint(
                condition=~Q(mitigation="ally_speaks") | Q(ally__isnull=False),
                name="interest_ally_named",
            ),
            models.CheckConstraint(
                condition=Q(severity__gte=1, severity__lte=3), name="interest_severity_1_3"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.contact} · {self.get_kind_display()}"


class EntrenchedPractice(TimeStamped):
    """How the customer habitually buys or works (R2.7)."""

    account = models.ForeignKey(
        Account, on_delete=models.CASCADE, related_name="entrenched_practices"
    )
    description = models.TextField(_("practice"))
    blocks_us = models.BooleanField(_("blocks us"), default=False)
    how_we_work_with_it = models.TextField(_("how we work with it"), blank=True)

    history = HistoricalRecords(excluded_fields=["updated_at"])

    class Meta:
        verbose_name = _("entrenched practice")
        verbose_name_plural = _("entrenched practices")

    def __str__(self) -> str:
        return self.description[:60]
