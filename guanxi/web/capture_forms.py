"""Small forms for capturing the map on the account page: a person, a link, a relationship,
a vested interest, a practice. Validation and widgets only; saving goes through the services.

Each form gets its own `auto_id` prefix, so several can sit on one page without clashing ids.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import Model, QuerySet
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from guanxi.accounts.models import Account
from guanxi.stakeholders.models import (
    BuyingRole,
    Contact,
    ContactLink,
    EntrenchedPractice,
    Mitigation,
    Relationship,
    VestedInterest,
)
from guanxi.users.models import User
from guanxi.web.forms import PageForm, date_widget, model_label, score_field


class PersonChoiceField(forms.ModelChoiceField):  # type: ignore[type-arg]
    """People of the account, named with their title so two 王伟 can be told apart."""

    def label_from_instance(self, obj: Model) -> str:
        assert isinstance(obj, Contact)
        return f"{obj} · {obj.title}" if obj.name and obj.title else str(obj)


def account_people(account: Account) -> QuerySet[Contact]:
    return Contact.objects.filter(account=account).order_by("-influence", "name_pinyin", "pk")


def our_people() -> QuerySet[User]:
    return User.objects.filter(is_active=True).order_by("display_name", "username")


def _people_field(form: forms.BaseForm, name: str, account: Account) -> None:
    old = form.fields[name]
    form.fields[name] = PersonChoiceField(
        queryset=account_people(account),
        label=old.label,
        required=old.required,
        help_text=old.help_text,
        widget=forms.Select(attrs={"class": "form-select"}),
    )


class CaptureForm(PageForm):
    """A compact form: its fields' ids start with `key`, e.g. `link_kind`."""

    key = "capture"

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("auto_id", f"{self.key}_%s")
        super().__init__(*args, **kwargs)

    def section_fields(self) -> list[tuple[Promise, list[forms.BoundField]]]:
        """On a page of its own (without JavaScript) the small form is one section."""
        title = capfirst(self._meta.model._meta.verbose_name)
        return [(title, [self[name] for name in self.fields])]


class QuickContactForm(CaptureForm):
    key = "contact"
    buying_roles = forms.MultipleChoiceField(
        label=model_label(Contact, "buying_roles"),
        choices=BuyingRole.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    influence = score_field(Contact, "influence", required=True)

    class Meta:
        model = Contact
        fields = [
            "name",
            "title",
            "department",
            "reports_to",
            "influence",
            "stance",
            "buying_roles",
            "is_placeholder",
        ]

    def __init__(self, *args: Any, account: Account, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _people_field(self, "reports_to", account)
        if self.instance.pk is not None:
            reports_to = self.fields["reports_to"]
            assert isinstance(reports_to, forms.ModelChoiceField)
            reports_to.queryset = reports_to.queryset.exclude(pk=self.instance.pk)  # type: ignore[union-attr]
        self.fields["is_placeholder"].help_text = _(
            "We know the role exists but not who holds it: leave the name empty."
        )

    def clean(self) -> dict[str, Any]:
        super().clean()
        cleaned = self.cleaned_data
        if not cleaned.get("name") and not cleaned.get("is_placeholder"):
            self.add_error("name", _("Give a name, or mark the contact as a placeholder."))
        if cleaned.get("is_placeholder") and not cleaned.get("title"):
            self.add_error("title", _("Say which role we are looking for."))
        return cleaned


class LeftForm(CaptureForm):
    key = "left"

    class Meta:
        model = Contact
        fields = ["left_on", "left_to"]
        widgets = {"left_on": date_widget()}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["left_on"].required = True
        self.initial.setdefault("left_on", timezone.localdate())
        self.fields["left_to"].help_text = _("Where they went, if known: they may still help us.")


class LinkForm(CaptureForm):
    key = "link"
    strength = score_field(ContactLink, "strength", required=True)

    class Meta:
        model = ContactLink
        fields = ["from_contact", "kind", "to_contact", "strength", "note"]

    def __init__(self, *args: Any, account: Account, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _people_field(self, "from_contact", account)
        _people_field(self, "to_contact", account)
        self.initial.setdefault("strength", 3)
        self.fields["note"].help_text = _("e.g. 华南理工大学校友, or what the influence is about.")

    def clean(self) -> dict[str, Any]:
        super().clean()
        cleaned = self.cleaned_data
        first, second = cleaned.get("from_contact"), cleaned.get("to_contact")
        if first is not None and first == second:
            self.add_error("to_contact", _("Pick two different people."))
        elif first is not None and second is not None and cleaned.get("kind"):
            same = ContactLink.objects.filter(
                from_contact=first, to_contact=second, kind=cleaned["kind"]
            )
            if same.exists():
                self.add_error("kind", _("These two are already linked this way."))
        return cleaned


class RelationshipForm(CaptureForm):
    key = "relationship"

    class Meta:
        model = Relationship
        fields = ["contact", "user", "current_level", "target_level"]

    def __init__(self, *args: Any, account: Account, actor: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _people_field(self, "contact", account)
        user = self.fields["user"]
        assert isinstance(user, forms.ModelChoiceField)
        user.queryset = our_people()
        self.initial.setdefault("user", actor.pk)
        self.fields["current_level"].help_text = _("If it is already recorded, this updates it.")

    def clean(self) -> dict[str, Any]:
        super().clean()
        cleaned = self.cleaned_data
        current, target = cleaned.get("current_level"), cleaned.get("target_level")
        if current is not None and target is not None and target < current:
            self.add_error("target_level", _("Aim at least as high as where we are."))
        contact, user = cleaned.get("contact"), cleaned.get("user")
        recorded = Relationship.objects.filter(contact=contact, user=user).first()
        if recorded is not None:
            self.instance = recorded  # one row per pair: saving again updates it
        return cleaned


class InterestForm(CaptureForm):
    key = "interest"

    class Meta:
        model = VestedInterest
        fields = [
            "contact",
            "kind",
            "severity",
            "status",
            "description",
            "mitigation",
            "ally",
            "owner",
        ]
        widgets = {"description": forms.Textarea(attrs={"rows": 2})}

    def __init__(self, *args: Any, account: Account, actor: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _people_field(self, "contact", account)
        _people_field(self, "ally", account)
        owner = self.fields["owner"]
        assert isinstance(owner, forms.ModelChoiceField)
        owner.queryset = our_people()
        if self.instance.pk is None:
            self.initial.setdefault("owner", actor.pk)
        self.fields["mitigation"].help_text = _(
            "Go around them, win their trust over time, have an ally speak for us, "
            "or wait for them to leave (R2.6)."
        )
        self.fields["ally"].help_text = _("Needed when an ally speaks for us.")

    def clean(self) -> dict[str, Any]:
        super().clean()
        cleaned = self.cleaned_data
        if cleaned.get("mitigation") == Mitigation.ALLY_SPEAKS and not cleaned.get("ally"):
            self.add_error("ally", _("Name the ally who speaks for us."))
        if cleaned.get("ally") is not None and cleaned.get("ally") == cleaned.get("contact"):
            self.add_error("ally", _("The ally must be someone else than the holder."))
        return cleaned


class PracticeForm(CaptureForm):
    key = "practice"

    class Meta:
        model = EntrenchedPractice
        fields = ["description", "blocks_us", "how_we_work_with_it"]
        widgets = {
            "description": forms.Textarea(attrs={"rows": 2}),
            "how_we_work_with_it": forms.Textarea(attrs={"rows": 2}),
        }
