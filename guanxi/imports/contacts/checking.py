"""Each row on its own: whose contact it is (an account the importing user may edit) and
what it says, as model values; the problems of the rows that cannot be imported."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from guanxi.accounts.models import Account
from guanxi.core.access import can_edit_account, sensitive_account_ids, visible_accounts
from guanxi.imports.contacts.rows import ContactRow
from guanxi.imports.contacts.values import Fields, Words, clean_name, row_fields
from guanxi.imports.staging import Problem
from guanxi.users.models import User


@dataclass(eq=False)
class Draft:
    """A row that can be imported, as far as it alone can tell."""

    row: ContactRow
    account: Account
    fields: Fields
    rejected: bool = False

    @property
    def line(self) -> int:
        return self.row.line

    @property
    def name(self) -> str:
        return str(self.fields.values["name"])

    @property
    def reports_to(self) -> str:
        return self.row.values.get("reports_to", "")


@dataclass
class Checked:
    drafts: list[Draft]
    problems: list[Problem]
    names_rejected: dict[tuple[int, str], int]  # (account, name) → line, for the reasons
    notes_withheld: int


class Accounts:
    """The accounts a file names, among those the user may edit (all, for the operator).

    An account outside them is "not found", whether or not it exists."""

    def __init__(self, rows: Sequence[ContactRow], fixed: Account | None, user: User | None):
        self.user = user
        self.fixed = fixed
        codes = {row.values["customer_id"] for row in rows if "customer_id" in row.values}
        names = {row.values["account_name"] for row in rows if "account_name" in row.values}
        scope = Account.objects.all() if user is None else visible_accounts(user)
        found = self._editable(scope.filter(customer_code__in=codes))
        self.by_code = {account.customer_code: account for account in found}
        self.by_name: dict[str, list[Account]] = defaultdict(list)
        for account in self._editable(scope.filter(name__in=names) if fixed is None else []):
            self.by_name[account.name].append(account)
        touched = {account.pk for account in found} | {
            account.pk for accounts in self.by_name.values() for account in accounts
        }
        touched |= {fixed.pk} if fixed is not None else set()
        self.sensitive = touched if user is None else sensitive_account_ids(user, touched)

    def _editable(self, accounts: Iterable[Account]) -> list[Account]:
        user = self.user
        return [account for account in accounts if user is None or can_edit_account(user, account)]


def check_rows(
    rows: Sequence[ContactRow], *, account: Account | None, user: User | None, words: Words
) -> Checked:
    accounts = Accounts(rows, account, user)
    checked = Checked([], [], {}, 0)
    for row in rows:
        problems = list(row.problems)
        owner, problem = _account(row, accounts)
        if problem is not None:
            problems.append(problem)
        fields = row_fields(row.values, words)
        problems += [
            Problem(row.line, row.label(column), code, value)
            for column, code, value in fields.problems
        ]
        if owner is not None and owner.pk not in accounts.sensitive:
            # Personal notes are the account team's (DESIGN §8): not written by others.
            checked.notes_withheld += fields.values.pop("personal_notes", None) is not None
        if problems or owner is None:
            checked.problems += problems
            if owner is not None and "name" in row.values:
                key = (owner.pk, clean_name(row.values["name"]))
                checked.names_rejected.setdefault(key, row.line)
            continue
        checked.drafts.append(Draft(row, owner, fields))
    return checked


def _account(row: ContactRow, accounts: Accounts) -> tuple[Account | None, Problem | None]:
    """The row's own customer code first; then --account; then a vCard's organisation."""
    if "customer_id" in row.values:
        code = row.values["customer_id"]
        found = accounts.by_code.get(code)
        return found, None if found else Problem(row.line, "customer_id", "unknown_account", code)
    if accounts.fixed is not None:
        return accounts.fixed, None
    label = row.labels.get("account_name", "customer_id")
    name = row.values.get("account_name")
    if name is None:
        return None, Problem(row.line, label, "missing_account", None)
    matches = accounts.by_name.get(name, [])
    if len(matches) == 1:
        return matches[0], None
    return None, Problem(
        row.line, label, "ambiguous_account" if matches else "unknown_account", name
    )
