"""The words for what a contact import found (the sales import's, plus the contacts' own)."""

from __future__ import annotations

from django.db.models import Choices
from django.utils.translation import gettext as _

from guanxi.imports.messages import problem_line, problem_reason, shorten, source_error
from guanxi.imports.sources import SourceError
from guanxi.imports.staging import Problem
from guanxi.stakeholders.models import BuyingRole, DecisionOrientation, Stance


def contact_problem_reason(problem: Problem) -> str:
    value = shorten(problem.value)
    match problem.code:
        case "too_long":
            return _("longer than %(limit)s characters") % {"limit": problem.value}
        case "missing_account":
            return _("required but empty (or give --account)")
        case "unknown_account":
            return _("account not found: %(value)s") % {"value": value}
        case "ambiguous_account":
            return _("several accounts are called %(value)s: give --account") % {"value": value}
        case "bad_email":
            return _("not an email address: %(value)s") % {"value": value}
        case "bad_phone":
            return _("not a phone number: %(value)s") % {"value": value}
        case "bad_stance":
            return _choice_reason(_("not a stance: %(value)s (use %(choices)s)"), value, Stance)
        case "bad_influence":
            return _("not an influence from 1 to 5: %(value)s") % {"value": value}
        case "bad_role":
            reason = _("not a buying role: %(value)s (use %(choices)s)")
            return _choice_reason(reason, value, BuyingRole)
        case "bad_orientation":
            reason = _("not a decision orientation: %(value)s (use %(choices)s)")
            return _choice_reason(reason, value, DecisionOrientation)
    return _relation_reason(problem, value)


def _relation_reason(problem: Problem, value: str) -> str:
    """Reasons about the rows together: who is who, who reports to whom."""
    match problem.code:
        case "same_contact":
            return _("the same contact as line %(line)s") % {"line": problem.value}
        case "ambiguous_contact":
            return _(
                "several contacts of this account match %(value)s: add an email or a title"
            ) % {"value": value}
        case "unknown_boss":
            return _("no contact called %(value)s in this account") % {"value": value}
        case "ambiguous_boss":
            return _("several contacts of this account are called %(value)s") % {"value": value}
        case "rejected_boss":
            return _("the contact it names is on line %(line)s, which has problems") % {
                "line": problem.value
            }
        case "self_boss":
            return _("a contact cannot report to themselves")
        case "boss_loop":
            return _("would make a reporting loop: %(names)s") % {"names": problem.value}
        case "incomplete_card":
            return _("the card has no END:VCARD")
        case "bad_charset":
            return _("cannot be decoded as %(charset)s") % {"charset": problem.value}
    return problem_reason(problem)


def _choice_reason(reason: str, value: str, choices: type[Choices]) -> str:
    return reason % {"value": value, "choices": ", ".join(str(label) for label in choices.labels)}


def contact_problem_line(problem: Problem) -> str:
    return problem_line(problem, contact_problem_reason)


def contact_source_error(error: SourceError) -> str:
    if error.code == "unsupported_format":
        return _("Unsupported file type %(suffix)s: use CSV, XLSX or vCard (.vcf).") % {
            "suffix": error.detail
        }
    return source_error(error)
