"""Forms of the web pages: validation and widgets only; saving goes through the services."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from django import forms
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db.models import Model, QuerySet
from django.utils.functional import Promise
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from guanxi.accounts.models import Account
from guanxi.activities.models import Activity
from guanxi.core.access import can_assign_owner, visible_accounts
from guanxi.needs.models import Need, NeedHorizon
from guanxi.stakeholders.models import BuyingRole, Contact, ContactStatus
from guanxi.users.models import User

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

Section = tuple[Promise, Sequence[str]]

SCORE_CHOICES = [("", "—"), *((str(n), str(n)) for n in range(1, 6))]
WIDE_WIDGETS = (forms.Textarea, forms.CheckboxSelectMultiple, forms.RadioSelect)


def _css_class(widget: forms.Widget) -> str:
    if isinstance(widget, forms.CheckboxInput | forms.CheckboxSelectMultiple | forms.RadioSelect):
        return "form-check-input"
    if isinstance(widget, forms.Select):
        return "form-select"
    return "form-control"


def model_label(model: type[Model], name: str) -> StrOrPromise:
    return capfirst(model._meta.get_field(name).verbose_name)  # type: ignore[union-attr]


def score_field(model: type[Model], name: str, *, required: bool) -> forms.IntegerField:
    """A 1–5 judgement as a short select, labelled like the model field."""
    choices = SCORE_CHOICES if not required else SCORE_CHOICES[1:]
    return forms.IntegerField(
        label=model_label(model, name),
        help_text=model._meta.get_field(name).help_text,  # type: ignore[union-attr]
        min_value=1,
        max_value=5,
        required=required,
        widget=forms.Select(choices=choices),
    )


def date_widget() -> forms.DateInput:
    return forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class PageForm(forms.ModelForm):  # type: ignore[type-arg]
    """Bootstrap classes on every widget, and the invalid state on fields with errors."""

    sections: Sequence[Section] = ()

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            field.widget.attrs.setdefault("class", _css_class(field.widget))

    def full_clean(self) -> None:
        super().full_clean()
        for name in self.errors:
            if name in self.fields:
                attrs = self.fields[name].widget.attrs
                attrs["class"] = f"{attrs.get('class', '')} is-invalid".strip()
                attrs["aria-invalid"] = "true"
                attrs["aria-describedby"] = f"{self[name].auto_id}_errors"

    def section_fields(self) -> list[tuple[Promise, list[forms.BoundField]]]:
        laid_out = [
            (title, [self[name] for name in names if name in self.fields])
            for title, names in self.sections
        ]
        return [(title, fields) for title, fields in laid_out if fields]

    def service_fields(self) -> dict[str, Any]:
        """Cleaned values for the service call: model fields only, many-to-many left out."""
        many = {f.name for f in self._meta.model._meta.many_to_many}
        return {
            name: value
            for name, value in self.cleaned_data.items()
            if name in self._meta.fields and name not in many  # type: ignore[operator]
        }


def is_wide(field: forms.BoundField) -> bool:
    return isinstance(field.field.widget, WIDE_WIDGETS)


class AccountForm(PageForm):
    parent_code = forms.CharField(
        label=_("Parent account (customer code)"),
        required=False,
        max_length=64,
        help_text=_("For group customers: the customer code of the parent account."),
    )
    access_to_goals = score_field(Account, "access_to_goals", required=False)
    openness_to_ideas = score_field(Account, "openness_to_ideas", required=False)

    sections = (
        (
            _("Account"),
            ("name", "name_latin", "customer_code", "industry", "region", "parent_code", "owner"),
        ),
        (
            _("Relationship"),
            (
                "stage",
                "results_horizon",
                "competitor_threat",
                "access_to_goals",
                "openness_to_ideas",
                "incumbent_competitors",
            ),
        ),
        (
            _("Money"),
            ("estimated_category_spend", "credit_rating", "payment_terms_days"),
        ),
        (_("Tier"), ("tier_override", "tier_override_reason")),
        (_("Notes"), ("notes",)),
    )

    class Meta:
        model = Account
        fields = [
            "name",
            "name_latin",
            "customer_code",
            "industry",
            "region",
            "owner",
            "stage",
            "results_horizon",
            "competitor_threat",
            "access_to_goals",
            "openness_to_ideas",
            "incumbent_competitors",
            "estimated_category_spend",
            "credit_rating",
            "payment_terms_days",
            "tier_override",
            "tier_override_reason",
            "notes",
        ]
        widgets = {
            "notes": forms.Textarea(attrs={"rows": 4}),
            "incumbent_competitors": forms.CheckboxSelectMultiple,
        }

    def __init__(self, *args: Any, user: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.user = user
        if can_assign_owner(user):
            owner_field = self.fields["owner"]
            assert isinstance(owner_field, forms.ModelChoiceField)
            owner_field.queryset = User.objects.filter(is_active=True).order_by(
                "display_name", "username"
            )
        else:
            del self.fields["owner"]
        self.fields["tier_override"].help_text = _("Leave empty to keep the qualified tier.")
        self._set_up_parent()

    def _set_up_parent(self) -> None:
        parent_id = self.instance.parent_id
        if parent_id is None:
            return
        parent = visible_accounts(self.user).filter(pk=parent_id).first()
        if parent is None:
            # A parent this user cannot see stays as it is, unseen and untouched.
            del self.fields["parent_code"]
            return
        self.initial.setdefault("parent_code", parent.customer_code)

    def clean_customer_code(self) -> str:
        code: str = self.cleaned_data["customer_code"].strip()
        others = Account.objects.filter(customer_code=code).exclude(pk=self.instance.pk)
        if code and others.exists():
            raise forms.ValidationError(_("Another account already has this customer code."))
        return code

    def clean_parent_code(self) -> Account | None:
        code = self.cleaned_data["parent_code"].strip()
        if not code:
            return None
        parent = visible_accounts(self.user).filter(customer_code=code).first()
        if parent is None:
            raise forms.ValidationError(_("No account you can see has this customer code."))
        ancestor: Account | None = parent
        while ancestor is not None:
            if self.instance.pk is not None and ancestor.pk == self.instance.pk:
                raise forms.ValidationError(_("An account cannot be its own parent."))
            ancestor = ancestor.parent
        return parent

    def clean(self) -> dict[str, Any]:
        super().clean()
        cleaned = self.cleaned_data
        if cleaned.get("tier_override") and not cleaned.get("tier_override_reason"):
            self.add_error("tier_override_reason", _("Say why the tier is overridden."))
        return cleaned

    def service_fields(self) -> dict[str, Any]:
        fields = super().service_fields()
        if "parent_code" in self.fields:
            fields["parent"] = self.cleaned_data["parent_code"]
        return fields


class ContactForm(PageForm):
    buying_roles = forms.MultipleChoiceField(
        label=model_label(Contact, "buying_roles"),
        choices=BuyingRole.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    influence = score_field(Contact, "influence", required=True)

    sections = (
        (
            _("Person"),
            ("name", "name_latin", "is_placeholder", "title", "department", "reports_to"),
        ),
        (_("How to reach them"), ("mobile", "phone", "email", "wechat_id")),
        (
            _("Role in the decision"),
            ("buying_roles", "influence", "stance", "decision_orientation"),
        ),
        (
            _("Personality and preferences"),
            ("personality_known", "personality", "preferences", "next_step_to_know"),
        ),
        (_("Status"), ("status", "left_on", "left_to")),
        (_("Sensitive"), ("personal_notes",)),
    )

    class Meta:
        model = Contact
        fields = [
            "name",
            "name_latin",
            "is_placeholder",
            "title",
            "department",
            "reports_to",
            "mobile",
            "phone",
            "email",
            "wechat_id",
            "buying_roles",
            "influence",
            "stance",
            "decision_orientation",
            "personality_known",
            "personality",
            "preferences",
            "next_step_to_know",
            "status",
            "left_on",
            "left_to",
            "personal_notes",
        ]
        widgets = {
            "personality": forms.Textarea(attrs={"rows": 3}),
            "preferences": forms.Textarea(attrs={"rows": 3}),
            "personal_notes": forms.Textarea(attrs={"rows": 3}),
            "left_on": date_widget(),
        }

    def __init__(self, *args: Any, account: Account, sensitive: bool, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        reports_to = self.fields["reports_to"]
        assert isinstance(reports_to, forms.ModelChoiceField)
        colleagues = Contact.objects.filter(account=account).order_by("name_pinyin", "pk")
        if self.instance.pk is not None:
            colleagues = colleagues.exclude(pk=self.instance.pk)
        reports_to.queryset = colleagues
        if not sensitive:
            del self.fields["personal_notes"]

    def clean(self) -> dict[str, Any]:
        super().clean()
        cleaned = self.cleaned_data
        if not cleaned.get("name") and not cleaned.get("is_placeholder"):
            self.add_error("name", _("Give a name, or mark the contact as a placeholder."))
        if cleaned.get("status") == ContactStatus.LEFT and not cleaned.get("left_on"):
            self.add_error("left_on", _("Say when they left."))
        return cleaned


class ContactChoiceField(forms.ModelMultipleChoiceField):  # type: ignore[type-arg]
    def label_from_instance(self, obj: Model) -> str:
        assert isinstance(obj, Contact)
        return f"{obj} · {obj.title}" if obj.name and obj.title else str(obj)


def _account_contacts(account: Account) -> QuerySet[Contact]:
    return Contact.objects.filter(account=account).order_by("-influence", "name_pinyin", "pk")


class ActivityForm(PageForm):
    contacts_met = ContactChoiceField(
        label=model_label(Activity, "contacts_met"),
        queryset=Contact.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    sections = (
        (_("Activity"), ("date", "kind", "status", "hours", "subject")),
        (_("People"), ("participants", "contacts_met")),
        (_("Result"), ("outcome", "next_step", "next_step_due")),
    )

    class Meta:
        model = Activity
        fields = [
            "date",
            "kind",
            "status",
            "hours",
            "subject",
            "participants",
            "contacts_met",
            "outcome",
            "next_step",
            "next_step_due",
        ]
        widgets = {
            "date": date_widget(),
            "next_step_due": date_widget(),
            "outcome": forms.Textarea(attrs={"rows": 3}),
            "participants": forms.CheckboxSelectMultiple,
            "hours": forms.NumberInput(attrs={"step": "0.25", "min": "0", "max": "24"}),
        }

    def __init__(self, *args: Any, account: Account, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        participants = self.fields["participants"]
        assert isinstance(participants, forms.ModelMultipleChoiceField)
        participants.queryset = User.objects.filter(is_active=True).order_by(
            "display_name", "username"
        )
        contacts_met = self.fields["contacts_met"]
        assert isinstance(contacts_met, forms.ModelMultipleChoiceField)
        contacts_met.queryset = _account_contacts(account)
        self.fields["hours"].validators += [MinValueValidator(0), MaxValueValidator(24)]


class NeedForm(PageForm):
    importance = score_field(Need, "importance", required=True)

    sections = (
        (_("Need"), ("description", "horizon", "category", "importance", "status")),
        (_("Who"), ("owning_department", "source_contact", "confirmed_by", "confirmed_on")),
        (_("Our answer"), ("our_answer",)),
    )

    class Meta:
        model = Need
        fields = [
            "description",
            "horizon",
            "category",
            "importance",
            "status",
            "owning_department",
            "source_contact",
            "confirmed_by",
            "confirmed_on",
            "our_answer",
        ]
        widgets = {
            "description": forms.Textarea(attrs={"rows": 3}),
            "our_answer": forms.Textarea(attrs={"rows": 3}),
            "horizon": forms.RadioSelect,
            "confirmed_on": date_widget(),
        }

    def __init__(self, *args: Any, account: Account, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        horizon = self.fields["horizon"]
        assert isinstance(horizon, forms.ChoiceField)
        horizon.choices = NeedHorizon.choices
        for name in ("source_contact", "confirmed_by"):
            field = self.fields[name]
            assert isinstance(field, forms.ModelChoiceField)
            field.queryset = _account_contacts(account)
        self.fields["owning_department"].help_text = _(
            "Who in the customer owns this need; the right door is not always purchasing."
        )

    def clean(self) -> dict[str, Any]:
        super().clean()
        cleaned = self.cleaned_data
        if cleaned.get("confirmed_by") and not cleaned.get("confirmed_on"):
            self.add_error("confirmed_on", _("Say when it was confirmed."))
        return cleaned
