"""A sales file uploaded by an admin: its preview, then a check or an import run by a worker,
followed on the job's page (polled every second) until its report is there.

To anyone but an admin these pages do not exist (404), like the policy editor.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from guanxi.core.access import is_admin
from guanxi.imports.columns import HeaderError, match_headers
from guanxi.imports.jobs import job_progress, rejects_of, settle_lost
from guanxi.imports.messages import header_error, source_error
from guanxi.imports.models import JobStatus, SalesImportJob, SalesImportUpload
from guanxi.imports.preview import SalesPreview, proposed_mapping, sales_preview
from guanxi.imports.sources import SourceError
from guanxi.imports.tasks import sales_import_job_start
from guanxi.imports.uploads import file_of
from guanxi.web.sales_import_forms import (
    COLUMN_LABELS,
    ENCODING_NAMES,
    ENCODINGS,
    ImportChoice,
    column_rows,
    import_choice,
)
from guanxi.web.sales_import_report import job_summary, report_context
from guanxi.web.views.base import AuthenticatedRequest, render_page

STARTS = ("dry_run", "import")


def _admin_only(request: AuthenticatedRequest) -> None:
    if not is_admin(request.user):
        raise Http404


def _upload(token: str) -> SalesImportUpload:
    upload = SalesImportUpload.objects.select_related("uploaded_by").filter(token=token).first()
    if upload is None:
        raise Http404
    return upload


def _job(job_id: int) -> SalesImportJob:
    job = SalesImportJob.objects.select_related("upload", "started_by").filter(pk=job_id).first()
    if job is None:
        raise Http404
    return job


def _start(
    request: AuthenticatedRequest,
    upload: SalesImportUpload,
    choice: ImportChoice,
    mapping: dict[str, str],
    dry_run: bool,
) -> HttpResponse:
    busy = SalesImportJob.objects.busy(timezone.now()).filter(upload=upload).first()
    if busy is not None and not settle_lost(busy).finished:
        messages.info(request, gettext("This file is being imported already; here is how far."))
        return redirect("sales-import-job", busy.pk)
    job = sales_import_job_start(
        actor=request.user,
        upload=upload,
        mapping={column: header.strip() for column, header in mapping.items()},
        encoding=choice.encoding or None,
        dry_run=dry_run,
        skip_invalid=choice.skip_invalid,
    )
    return redirect("sales-import-job", job.pk)


@require_http_methods(["GET", "POST"])
def sales_import_preview(request: AuthenticatedRequest, token: str) -> HttpResponse:
    _admin_only(request)
    upload = _upload(token)
    context: dict[str, Any] = {
        "title": gettext("Import %(file)s") % {"file": upload.file_name},
        "breadcrumbs": [
            (gettext("Import sales"), reverse("sales-import")),
            (upload.file_name, None),
        ],
        "upload": upload,
        "encodings": ENCODINGS,
    }
    if upload.removed_at is not None or not file_of(upload).is_file():
        context["gone"] = True
        return render_page(request, "web/pages/sales_import_preview.html", context, status=410)
    data = request.POST if request.method == "POST" else request.GET
    choice = import_choice(data)
    try:
        preview = sales_preview(file_of(upload), choice.encoding or None)
    except SourceError as unreadable:
        context.update(choice=choice, error=source_error(unreadable))
        return render_page(request, "web/pages/sales_import_preview.html", context)
    choice = import_choice(data, preview.headers)
    mapping = proposed_mapping(preview.headers, choice.chosen)
    error = _mapping_error(preview, mapping)
    action = data.get("action")
    if request.method == "POST" and action in STARTS and error is None:
        return _start(request, upload, choice, mapping, dry_run=action == "dry_run")
    context.update(_preview_context(preview, choice, mapping), error=error)
    status = 400 if request.method == "POST" and action in STARTS else 200
    return render_page(request, "web/pages/sales_import_preview.html", context, status=status)


def _mapping_error(preview: SalesPreview, mapping: dict[str, str]) -> str | None:
    try:
        match_headers(preview.headers, {column: h.strip() for column, h in mapping.items()})
    except HeaderError as error:
        if error.code == "missing_required":
            names = ", ".join(str(COLUMN_LABELS.get(c, c)) for c in error.columns)
            return gettext("Choose the file's column for each required column: %(columns)s.") % {
                "columns": names
            }
        return header_error(error)
    return None


def _preview_context(
    preview: SalesPreview, choice: ImportChoice, mapping: dict[str, str]
) -> dict[str, Any]:
    column_of = {header: column for column, header in mapping.items()}
    return {
        "preview": preview,
        "choice": choice,
        "encoding_name": ENCODING_NAMES.get(preview.encoding or "", preview.encoding),
        "columns": column_rows(mapping),
        "header_columns": [
            (header, COLUMN_LABELS.get(column_of.get(header, ""))) for header in preview.headers
        ],
    }


@require_GET
def sales_import_job_page(request: AuthenticatedRequest, job_id: int) -> HttpResponse:
    _admin_only(request)
    job = settle_lost(_job(job_id))
    summary = job_summary(job, job_progress(job))
    context = {
        "title": gettext("Sales import #%(number)s") % {"number": job.pk},
        "breadcrumbs": [
            (gettext("Import sales"), reverse("sales-import")),
            (job.upload.file_name, None),
        ],
        "job": job,
        "summary": summary,
        "announce": request.GET.get("shown") != summary.key,
        **report_context(job),
    }
    return render_page(request, "web/pages/sales_import_job.html", context, fragment="job-status")


@require_POST
def sales_import_job_import(request: AuthenticatedRequest, job_id: int) -> HttpResponse:
    """The real import after a check, with the same file and settings."""
    _admin_only(request)
    checked = _job(job_id)
    report = checked.report or {}
    usable = checked.dry_run and checked.status == JobStatus.DONE and not report.get("rejected")
    if not usable or checked.upload.removed_at is not None or not file_of(checked.upload).is_file():
        messages.error(request, gettext("This check cannot be imported: upload the file again."))
        return redirect("sales-import-job", checked.pk)
    choice = ImportChoice(encoding=checked.encoding, skip_invalid=checked.skip_invalid)
    return _start(request, checked.upload, choice, checked.mapping, dry_run=False)


@require_GET
def sales_import_rejects(request: AuthenticatedRequest, job_id: int) -> FileResponse:
    _admin_only(request)
    path = rejects_of(_job(job_id))
    if path is None:
        raise Http404
    return FileResponse(
        path.open("rb"), as_attachment=True, filename=path.name, content_type="text/csv"
    )
