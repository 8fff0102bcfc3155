"""What the import will do: each row matched to a stored contact of its account (by email,
else mobile, else exact name) or new; then `reports_to` names resolved among the account's
people as they will be once the file is in; nothing is written here.

Rows are taken in file order, so a row that names someone an earlier row already gave is
"the same contact as line N", never a second record.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from guanxi.imports.contacts.checking import Checked, Draft
from guanxi.imports.contacts.values import clean_name, phone_key, phone_numbers
from guanxi.imports.staging import Problem
from guanxi.stakeholders.models import Contact


@dataclass(eq=False)
class Entry:
    """One person of an account: stored, given by a row, or both."""

    contact: Contact | None
    draft: Draft | None = None
    boss: Entry | None = None  # from the row's reports_to, once resolved

    @property
    def live(self) -> bool:
        return self.contact is not None or (self.draft is not None and not self.draft.rejected)

    @property
    def row(self) -> Draft | None:
        return self.draft if self.draft is not None and not self.draft.rejected else None

    @property
    def name(self) -> str:
        if self.row is not None:
            return self.row.name
        return self.contact.name if self.contact is not None else ""

    @property
    def title(self) -> str:
        if self.row is not None and "title" in self.row.fields.values:
            return str(self.row.fields.values["title"])
        return self.contact.title if self.contact is not None else ""

    @property
    def email(self) -> str:
        if self.row is not None and "email" in self.row.fields.values:
            return str(self.row.fields.values["email"]).lower()
        return self.contact.email.lower() if self.contact is not None else ""


class Directory:
    """The people of one account, found by email, phone number and name."""

    def __init__(self, contacts: Iterable[Contact]) -> None:
        self.entries: list[Entry] = []
        self.by_stored_id: dict[int, Entry] = {}
        self._email: dict[str, list[Entry]] = defaultdict(list)
        self._phone: dict[str, list[Entry]] = defaultdict(list)
        self._name: dict[str, list[Entry]] = defaultdict(list)
        for contact in contacts:
            entry = Entry(contact)
            self.by_stored_id[contact.pk] = entry
            numbers = [contact.mobile, *phone_numbers(contact.phone)]
            self._add(entry, contact.name, contact.email, numbers)

    def _add(self, entry: Entry, name: str, email: str, numbers: Iterable[str]) -> None:
        if entry not in self.entries:
            self.entries.append(entry)
        if email:
            self._email[email.lower()].append(entry)
        for number in numbers:
            if key := phone_key(number):
                self._phone[key].append(entry)
        if name:
            self._name[name].append(entry)

    def take(self, draft: Draft) -> tuple[Entry | None, Problem | None]:
        """The entry the row is about (claimed for it), or a problem."""
        found, column = self._match(draft)
        if isinstance(found, list):
            return None, Problem(draft.line, draft.row.label(column), "ambiguous_contact",
                                 draft.row.values.get(column, draft.name))  # fmt: skip
        if found is not None and found.draft is not None:
            return None, Problem(draft.line, draft.row.label(column), "same_contact",
                                 str(found.draft.line))  # fmt: skip
        entry = found or Entry(None)
        entry.draft = draft
        values = draft.fields.values
        self._add(entry, draft.name, str(values.get("email", "")), draft.fields.numbers)
        return entry, None

    def _match(self, draft: Draft) -> tuple[Entry | list[Entry] | None, str]:
        """The one entry found and the column it was found by; several if it is ambiguous."""
        values = draft.fields.values
        email = str(values.get("email", "")).lower()
        title = str(values.get("title", ""))
        if email and (hits := self._email.get(email)):
            return self._pick(hits, draft, title), "email"
        mobile = draft.fields.mobile_key
        if mobile and (hits := self._phone.get(mobile)):
            return self._pick(hits, draft, title), "mobile"
        hits = [
            entry
            for entry in self._name.get(draft.name, [])
            if not (email and entry.email and entry.email != email)  # another person's email
            # the same name with another job, in this file: another person
            and (entry.draft is None or not title or entry.title == title)
        ]
        return (self._pick(hits, draft, title) if hits else None), "name"

    def _pick(self, hits: list[Entry], draft: Draft, title: str) -> Entry | list[Entry]:
        hits = list(dict.fromkeys(hits))
        if len(hits) > 1:
            hits = [entry for entry in hits if entry.name == draft.name] or hits
        if len(hits) > 1:
            hits = [entry for entry in hits if entry.title == title] or hits
        return hits[0] if len(hits) == 1 else hits

    def by_name_and_email(self) -> dict[str, list[Entry]]:
        """The live entries by name and by email, as they are now."""
        index: dict[str, list[Entry]] = defaultdict(list)
        for entry in self.entries:
            if entry.live:
                index[entry.name].append(entry)
                if entry.email:
                    index[entry.email].append(entry)
        return index


@dataclass
class Plan:
    creates: list[Entry] = field(default_factory=list)
    updates: list[tuple[Entry, dict[str, Any]]] = field(default_factory=list)  # and the changes
    unchanged: int = 0
    problems: list[Problem] = field(default_factory=list)


def plan_contacts(checked: Checked) -> Plan:
    account_ids = {draft.account.pk for draft in checked.drafts}
    stored: dict[int, list[Contact]] = defaultdict(list)
    for contact in Contact.objects.filter(account_id__in=account_ids, is_placeholder=False):
        stored[contact.account_id].append(contact)
    directories = {pk: Directory(stored[pk]) for pk in account_ids}
    plan = Plan()
    taken: list[tuple[Draft, Entry]] = []
    for draft in checked.drafts:
        entry, problem = directories[draft.account.pk].take(draft)
        if problem is not None:
            draft.rejected = True
            plan.problems.append(problem)
        elif entry is not None:
            taken.append((draft, entry))
    _resolve_bosses(taken, directories, checked.names_rejected, plan)
    for draft, entry in taken:
        if draft.rejected:
            continue
        if entry.contact is None:
            plan.creates.append(entry)
        elif changes := _changes(entry):
            plan.updates.append((entry, changes))
        else:
            plan.unchanged += 1
    return plan


def _resolve_bosses(
    taken: list[tuple[Draft, Entry]],
    directories: dict[int, Directory],
    names_rejected: dict[tuple[int, str], int],
    plan: Plan,
) -> None:
    """Again until a pass leaves no row out: a row left out takes with it the rows that name
    it, and a renamed contact's old name comes back."""
    while True:
        before = len(plan.problems)
        people = {pk: directory.by_name_and_email() for pk, directory in directories.items()}
        for draft, entry in taken:
            if draft.reports_to and not draft.rejected:
                entry.boss, problem = _boss(draft, entry, people, directories, names_rejected)
                if problem is not None:
                    draft.rejected = True
                    plan.problems.append(problem)
        live = [(draft, entry) for draft, entry in taken if not draft.rejected]
        for draft, chain in _loops(live, directories):
            draft.rejected = True
            plan.problems.append(Problem(draft.line, draft.row.label("reports_to"), "boss_loop",
                                         " → ".join(chain)))  # fmt: skip
        if len(plan.problems) == before:
            return


def _boss(
    draft: Draft,
    entry: Entry,
    people: dict[int, dict[str, list[Entry]]],
    directories: dict[int, Directory],
    names_rejected: dict[tuple[int, str], int],
) -> tuple[Entry | None, Problem | None]:
    """The one person the row's reports_to names (by name, or by email), or a problem.

    `people` is taken at the start of a pass; a pass that leaves a row out is followed by
    another, so the last pass sees the people as they will be."""
    name = clean_name(draft.reports_to)
    label = draft.row.label("reports_to")
    found = [e for e in people[draft.account.pk].get(name.lower() if "@" in name else name, [])
             if e.live]  # fmt: skip
    if len(found) == 1 and found[0] is entry:
        return None, Problem(draft.line, label, "self_boss", name)
    if len(found) == 1:
        return found[0], None
    if found:
        return None, Problem(draft.line, label, "ambiguous_boss", name)
    if (line := names_rejected.get((draft.account.pk, name))) is not None:
        return None, Problem(draft.line, label, "rejected_boss", str(line))
    rejected = [d.line for d, _ in _rows_named(directories[draft.account.pk], name)]
    if rejected:
        return None, Problem(draft.line, label, "rejected_boss", str(min(rejected)))
    return None, Problem(draft.line, label, "unknown_boss", name)


def _rows_named(directory: Directory, name: str) -> list[tuple[Draft, Entry]]:
    """Rows left out that gave this name: the reason says where they are."""
    return [
        (entry.draft, entry)
        for entry in directory.entries
        if entry.draft is not None and entry.draft.rejected and entry.draft.name == name
    ]


def _loops(
    live: list[tuple[Draft, Entry]], directories: dict[int, Directory]
) -> list[tuple[Draft, list[str]]]:
    """Rows whose reports_to closes a circle (A → B → A), with the circle's names."""

    def boss_of(entry: Entry) -> Entry | None:
        if entry.row is not None and entry.row.reports_to:
            return entry.boss
        contact = entry.contact
        if contact is None or contact.reports_to_id is None:
            return None
        return directories[contact.account_id].by_stored_id.get(contact.reports_to_id)

    found = []
    for draft, entry in live:
        if not draft.reports_to:
            continue
        chain, seen, boss = [entry.name], {id(entry)}, boss_of(entry)
        while boss is not None and id(boss) not in seen:
            chain.append(boss.name)
            seen.add(id(boss))
            boss = boss_of(boss)
        if boss is entry:
            found.append((draft, [*chain, entry.name]))
    return found


def _changes(entry: Entry) -> dict[str, Any]:
    """The fields the row gives that differ from the stored contact (Contact attnames)."""
    assert entry.contact is not None and entry.row is not None
    contact, row = entry.contact, entry.row
    changes: dict[str, Any] = {}
    for name, value in row.fields.values.items():
        stored = getattr(contact, name)
        if name == "buying_roles":
            same = set(stored) == set(value)
        elif name in ("mobile", "phone"):  # +86 138 0013 8000 is 13800138000
            same = phone_key(value) in {phone_key(n) for n in phone_numbers(stored)}
        else:
            same = stored == value
        if not same:
            changes[name] = value
    if row.reports_to:
        boss = entry.boss
        if boss is None or boss.contact is None or boss.contact.pk != contact.reports_to_id:
            changes["reports_to"] = boss
    return changes
