"""The Django admin for sales operations: the main records, never the sensitive ones.

Vested interests are not registered and a contact's personal notes are left out: they are
for the account team, their managers and executives (DESIGN.md §3), not for sales ops.
"""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from guanxi.accounts.models import Account, AccountTeamMember, Competitor
from guanxi.accounts.services import account_delete, accounts_delete
from guanxi.activities.models import Activity
from guanxi.core.access import is_admin
from guanxi.needs.models import Need, Opportunity
from guanxi.stakeholders.models import Contact, ContactLink, EntrenchedPractice, Relationship
from guanxi.users.models import Team, User

admin.site.site_header = "关系 Guanxi"
admin.site.site_title = "关系 Guanxi"
admin.site.index_title = _("Sales operations")


class RoleAdmin:
    """Users with the admin role may manage these records without per-model permissions."""

    def has_module_permission(self, request: HttpRequest) -> bool:
        return is_admin(request.user) or super().has_module_permission(request)  # type: ignore[misc]

    def has_view_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return is_admin(request.user) or super().has_view_permission(request, obj)  # type: ignore[misc]

    def has_add_permission(self, request: HttpRequest, *args: Any) -> bool:
        return is_admin(request.user) or super().has_add_permission(request, *args)  # type: ignore[misc]

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return is_admin(request.user) or super().has_change_permission(request, obj)  # type: ignore[misc]

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return is_admin(request.user) or super().has_delete_permission(request, obj)  # type: ignore[misc]


class ModelAdmin(RoleAdmin, admin.ModelAdmin):  # type: ignore[type-arg]
    show_full_result_count = False
    list_per_page = 50


class HistoryAdmin(RoleAdmin, SimpleHistoryAdmin):  # type: ignore[misc]
    show_full_result_count = False
    list_per_page = 50


@admin.register(Team)
class TeamAdmin(ModelAdmin):
    list_display = ["name", "region"]
    search_fields = ["name"]


@admin.register(User)
class UserAdmin(RoleAdmin, DjangoUserAdmin):  # type: ignore[type-arg]
    list_display = ["username", "display_name", "role", "team", "is_active", "is_staff"]
    list_filter = ["role", "team", "is_active", "is_staff"]
    search_fields = ["username", "display_name", "email"]
    fieldsets = (
        *(DjangoUserAdmin.fieldsets or ()),
        (_("Guanxi"), {"fields": ("display_name", "role", "team", "monthly_capacity_hours")}),
    )
    add_fieldsets = (
        *DjangoUserAdmin.add_fieldsets,
        (_("Guanxi"), {"fields": ("display_name", "role", "team")}),
    )


@admin.register(Competitor)
class CompetitorAdmin(ModelAdmin):
    search_fields = ["name"]


class AccountTeamMemberInline(RoleAdmin, admin.TabularInline):  # type: ignore[type-arg]
    model = AccountTeamMember
    extra = 0
    autocomplete_fields = ["user"]


@admin.register(Account)
class AccountAdmin(HistoryAdmin):
    list_display = ["name", "customer_code", "industry", "tier", "tier_override", "owner"]
    list_filter = ["tier", "industry", "stage"]
    list_select_related = ["owner"]
    search_fields = ["name", "name_latin", "customer_code", "name_pinyin", "name_initials"]
    raw_id_fields = ["parent"]
    autocomplete_fields = ["owner"]
    filter_horizontal = ["incumbent_competitors"]
    inlines = [AccountTeamMemberInline]

    # Through the service, so that the accounts' sales leave the sales store with them.
    def delete_model(self, request: HttpRequest, obj: Account) -> None:
        account_delete(actor=_user(request), account=obj)

    def delete_queryset(self, request: HttpRequest, queryset: QuerySet[Account]) -> None:
        accounts_delete(actor=_user(request), accounts=queryset)


def _user(request: HttpRequest) -> User | None:
    return request.user if isinstance(request.user, User) else None


@admin.register(Contact)
class ContactAdmin(ModelAdmin):
    exclude = ["personal_notes"]
    list_display = ["__str__", "title", "department", "account", "influence", "stance", "status"]
    list_filter = ["status", "stance", "is_placeholder"]
    list_select_related = ["account"]
    search_fields = ["name", "name_latin", "name_pinyin", "account__name"]
    raw_id_fields = ["account", "reports_to"]


@admin.register(ContactLink)
class ContactLinkAdmin(ModelAdmin):
    list_display = ["from_contact", "kind", "to_contact", "strength"]
    list_select_related = ["from_contact", "to_contact"]
    raw_id_fields = ["account", "from_contact", "to_contact"]


@admin.register(Relationship)
class RelationshipAdmin(ModelAdmin):
    list_display = ["user", "contact", "current_level", "target_level", "last_touch"]
    list_select_related = ["user", "contact"]
    raw_id_fields = ["contact"]


@admin.register(EntrenchedPractice)
class EntrenchedPracticeAdmin(ModelAdmin):
    list_display = ["__str__", "account", "blocks_us"]
    list_select_related = ["account"]
    raw_id_fields = ["account"]


@admin.register(Need)
class NeedAdmin(HistoryAdmin):
    list_display = ["__str__", "account", "horizon", "category", "status", "importance"]
    list_filter = ["horizon", "category", "status"]
    list_select_related = ["account"]
    raw_id_fields = ["account", "source_contact", "confirmed_by"]


@admin.register(Opportunity)
class OpportunityAdmin(ModelAdmin):
    list_display = ["name", "account", "stage", "value", "probability", "expected_close"]
    list_select_related = ["account"]
    raw_id_fields = ["account"]
    filter_horizontal = ["needs"]


@admin.register(Activity)
class ActivityAdmin(ModelAdmin):
    list_display = ["date", "kind", "subject", "account", "status", "hours"]
    list_filter = ["kind", "status"]
    list_select_related = ["account"]
    raw_id_fields = ["account", "contacts_met", "created_by"]
    filter_horizontal = ["participants"]
    date_hierarchy = "date"
