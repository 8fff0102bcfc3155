"""How a sales import job reads on its page: where it is, then what it did (as the CLI says it),
worded in the reader's language from the codes the job stored."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.contrib.humanize.templatetags.humanize import intcomma
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext, ngettext

from guanxi.imports.columns import HeaderError
from guanxi.imports.jobs import Progress, problems_from_json, rejects_of
from guanxi.imports.messages import header_error, problem_reason, source_error
from guanxi.imports.models import JobStatus, SalesImportJob
from guanxi.imports.sources import SourceError
from guanxi.imports.uploads import file_of
from guanxi.web.sales_import_forms import COLUMN_LABELS, ENCODING_NAMES


@dataclass(frozen=True)
class JobSummary:
    key: str  # what is shown: a phase, or how it ended; the page announces a change of it
    text: str
    tone: str  # a Bootstrap colour
    completed: int = 0
    total: int | None = None
    figures: str = ""


@dataclass(frozen=True)
class ProblemRow:
    line: int
    column: str
    reason: str
    value: str


def _phase_text(phase: str) -> str:
    texts = {
        "reading": gettext("Reading the file…"),
        "validating": gettext("Checking the rows…"),
        "writing": gettext("Writing to the database…"),
    }
    return texts.get(phase, gettext("Starting…"))


def _figures(job: SalesImportJob, progress: Progress) -> str:
    if progress.total is None:
        return ""
    if progress.phase == "reading" and job.upload.kind == "csv":
        completed, total = filesizeformat(progress.completed), filesizeformat(progress.total)
    else:
        completed, total = intcomma(progress.completed), intcomma(progress.total)
    return gettext("%(completed)s of %(total)s") % {"completed": completed, "total": total}


def job_summary(job: SalesImportJob, progress: Progress) -> JobSummary:
    if job.status == JobStatus.QUEUED:
        return JobSummary("queued", gettext("Waiting for a worker to start…"), "secondary")
    if job.status == JobStatus.RUNNING:
        phase = progress.phase or "starting"
        return JobSummary(phase, _phase_text(phase), "primary", progress.completed,
                          progress.total, _figures(job, progress))  # fmt: skip
    if job.status == JobStatus.FAILED:
        text = gettext("The check failed.") if job.dry_run else gettext("The import failed.")
        return JobSummary("failed", text, "danger")
    return _ended(job, job.report or {})


def _ended(job: SalesImportJob, report: dict[str, Any]) -> JobSummary:
    rejected = report.get("rows_rejected", 0)
    if report.get("rejected"):
        text = ngettext(
            "Nothing was written: %(count)s row has problems.",
            "Nothing was written: %(count)s rows have problems.",
            rejected,
        ) % {"count": intcomma(rejected)}
        return JobSummary("rejected", text, "warning")
    if job.dry_run:
        text = gettext("Check done: nothing was written. The import would do this:")
        return JobSummary("checked", text, "info")
    if rejected:
        text = ngettext(
            "Import done; %(count)s row was left out.",
            "Import done; %(count)s rows were left out.",
            rejected,
        ) % {"count": intcomma(rejected)}
        return JobSummary("done", text, "success")
    return JobSummary("done", gettext("Import done."), "success")


def failure_text(error: dict[str, Any]) -> str:
    kind = error.get("kind")
    if kind == "source":
        return source_error(SourceError(error["code"], error.get("detail", "")))
    if kind == "header":
        return header_error(HeaderError(error["code"], error["columns"], error["headers"]))
    if kind == "refused":
        return gettext("Only admins may import, and whoever started this one no longer is.")
    if kind == "lost":
        return gettext(
            "It stopped before the end: the worker running it ended (a restart, or not enough "
            "memory). An import is written whole or not at all, so nothing of it was written: "
            "start it again."
        )
    return gettext("The import stopped with an error: %(detail)s") % {
        "detail": error.get("detail", "")
    }


def report_context(job: SalesImportJob) -> dict[str, Any]:
    if job.status == JobStatus.FAILED:
        return {"failure": failure_text(job.error or {})}
    report = job.report
    if job.status != JobStatus.DONE or report is None:
        return {}
    problems = [
        ProblemRow(p.line, str(COLUMN_LABELS.get(p.column, p.column)), problem_reason(p),
                   "" if p.value is None else str(p.value))
        for p in problems_from_json(report)
    ]  # fmt: skip
    file_kept = job.upload.removed_at is None and file_of(job.upload).is_file()
    return {
        "report": report,
        "encoding_name": ENCODING_NAMES.get(report["encoding"] or "", report["encoding"]),
        "problems": problems,
        "more_problems": report["problem_count"] - len(problems),
        "rejects": rejects_of(job) is not None,
        "can_import": job.dry_run and not report["rejected"] and file_kept,
    }
