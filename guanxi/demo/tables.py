"""The tables the demo fills, in an order that respects foreign keys, and a fast writer for them.

The generator hands out primary keys itself and inserts plain tuples with executemany: at
50,000 accounts that is tens of millions of rows, too many for model instances. Columns the
generator does not give get the model field's default, so a new field does not break the demo.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.db import connection, models

from guanxi.accounts.models import Account, AccountTeamMember
from guanxi.activities.models import Activity
from guanxi.needs.models import Need, Opportunity
from guanxi.stakeholders.models import (
    Contact,
    ContactLink,
    EntrenchedPractice,
    Relationship,
    VestedInterest,
)

Row = tuple[Any, ...]  # plain values the driver takes: int, str, bool, None, dates, Decimal
STAMPS = ("created_at", "updated_at")


@dataclass(frozen=True, slots=True)
class Table:
    key: str
    model: type[models.Model]
    fields: tuple[str, ...]
    stamped: bool = False


TABLES: tuple[Table, ...] = (
    Table("account", Account, (
        "id", "name", "name_latin", "name_pinyin", "name_initials", "customer_code", "industry",
        "region", "parent", "owner", "estimated_category_spend", "credit_rating",
        "payment_terms_days", "access_to_goals", "openness_to_ideas", "stage", "results_horizon",
        "competitor_threat", "tier", "tier_override", "tier_override_reason", "notes",
    ), stamped=True),
    Table("competitor_link", Account.incumbent_competitors.through, ("account", "competitor")),
    Table("member", AccountTeamMember, ("account", "user", "role")),
    Table("contact", Contact, (
        "id", "account", "name", "name_latin", "name_pinyin", "name_initials", "title",
        "department", "reports_to", "mobile", "email", "wechat_id", "buying_roles", "influence",
        "stance", "decision_orientation", "personality", "preferences", "personality_known",
        "next_step_to_know", "status", "left_on", "left_to", "is_placeholder", "personal_notes",
    ), stamped=True),
    Table("link", ContactLink, ("account", "from_contact", "to_contact", "kind", "strength", "note")),
    Table("practice", EntrenchedPractice, ("account", "description", "blocks_us", "how_we_work_with_it"), stamped=True),
    Table("interest", VestedInterest, (
        "account", "contact", "kind", "description", "severity", "mitigation", "ally", "owner", "status",
    ), stamped=True),
    Table("need", Need, (
        "id", "account", "description", "horizon", "category", "owning_department", "source_contact",
        "importance", "our_answer", "status", "confirmed_by", "confirmed_on",
    ), stamped=True),
    Table("opportunity", Opportunity, (
        "id", "account", "name", "value", "expected_close", "stage", "probability",
    ), stamped=True),
    Table("opportunity_need", Opportunity.needs.through, ("opportunity", "need")),
    Table("activity", Activity, (
        "id", "account", "date", "kind", "subject", "hours", "outcome", "next_step",
        "next_step_due", "status", "created_by",
    ), stamped=True),
    Table("participant", Activity.participants.through, ("activity", "user")),
    Table("contact_met", Activity.contacts_met.through, ("activity", "contact")),
    Table("relationship", Relationship, ("contact", "user", "current_level", "target_level", "last_touch")),
)  # fmt: skip
# The generator hands out these primary keys itself (see ids.Ids), so rows can refer to them.
OUR_IDS: dict[str, type[models.Model]] = {
    "account": Account,
    "contact": Contact,
    "need": Need,
    "opportunity": Opportunity,
    "activity": Activity,
}


class TableWriter:
    def __init__(self, table: Table, stamp: datetime) -> None:
        meta = table.model._meta
        named = [
            _field(table.model, name)
            for name in (*table.fields, *(STAMPS if table.stamped else ()))
        ]
        given = {field.name for field in named}
        rest = [f for f in meta.concrete_fields if f.name not in given and not f.primary_key]
        stamp_value = connection.ops.adapt_datetimefield_value(stamp)
        self.tail: Row = (
            *((stamp_value, stamp_value) if table.stamped else ()),
            *(f.get_db_prep_save(f.get_default(), connection) for f in rest),
        )
        columns = [f.column for f in (*named, *rest)]
        quote = connection.ops.quote_name
        # Table and column names come from the models, quoted; values are parameters.
        self.sql = "INSERT INTO {} ({}) VALUES ({})".format(  # noqa: S608
            quote(meta.db_table),
            ", ".join(quote(c) for c in columns),
            ", ".join(["%s"] * len(columns)),
        )

    def insert(self, rows: Sequence[Row]) -> None:
        if not rows:
            return
        tail = self.tail
        with connection.cursor() as cursor:
            cursor.executemany(self.sql, [row + tail for row in rows] if tail else rows)


def _field(model: type[models.Model], name: str) -> models.Field[object, object]:
    field = model._meta.get_field(name)
    if not isinstance(field, models.Field):
        raise TypeError(f"{model.__name__}.{name} is not a column")
    return field
