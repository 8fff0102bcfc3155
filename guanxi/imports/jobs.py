"""Sales imports started from the web: the upload, a job per run, and the run in a worker.

The run goes through `sales_import` like the CLI's; the job row carries its status, its
progress and, at the end, the report as JSON (problems as codes: the page words them in
the reader's language).
"""

from __future__ import annotations

import json
import logging
import os
import threading
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.utils import timezone

from guanxi.core.access import is_admin
from guanxi.imports.columns import HeaderError
from guanxi.imports.models import JobStatus, SalesImportJob, SalesImportUpload
from guanxi.imports.services import SalesImportReport, sales_import
from guanxi.imports.sources import SourceError
from guanxi.imports.staging import Problem
from guanxi.imports.uploads import file_of, folder_of, remove_file
from guanxi.users.models import User

PROGRESS_EVERY = 0.5  # seconds between two progress writes of one phase
HEARTBEAT_EVERY = 5.0  # seconds: a running job's progress file is rewritten at least this often
LOST_AFTER = 60.0  # seconds without a heartbeat: the worker that ran the job is gone
COUNTS = (
    "rows_read",
    "rows_rejected",
    "problem_count",
    "customers_created",
    "customers_matched",
    "lines_inserted",
    "lines_updated",
    "lines_unchanged",
)
logger = logging.getLogger(__name__)


class Refused(Exception):
    """Whoever started the job may no longer import."""


@dataclass(frozen=True)
class Progress:
    phase: str
    completed: int
    total: int | None


def sales_import_upload_create(
    *, actor: User, token: str, file_name: str, kind: str, size: int
) -> SalesImportUpload:
    return SalesImportUpload.objects.create(
        token=token, file_name=file_name, kind=kind, size=size, uploaded_by=actor
    )


def sales_import_job_create(
    *,
    actor: User,
    upload: SalesImportUpload,
    mapping: dict[str, str],
    encoding: str | None,
    dry_run: bool,
    skip_invalid: bool,
) -> SalesImportJob:
    return SalesImportJob.objects.create(
        upload=upload,
        started_by=actor,
        mapping=mapping,
        encoding=encoding or "",
        dry_run=dry_run,
        skip_invalid=skip_invalid,
    )


def sales_import_job_run(*, job_id: int) -> SalesImportJob:
    """Run the import a job describes, recording on the job row how it went."""
    job = SalesImportJob.objects.select_related("upload", "started_by").get(pk=job_id)
    _save(job, status=JobStatus.RUNNING, started_at=timezone.now())
    progress = JobProgress(job)
    try:
        report = _import(job, progress)
    except Exception as error:
        _save(job, status=JobStatus.FAILED, error=_error(error), **_ended(progress))
        if not isinstance(error, SourceError | HeaderError | Refused):
            logger.exception("sales import job %s failed", job.pk)
            raise
    else:
        _save(job, status=JobStatus.DONE, report=report_to_json(report), **_ended(progress))
        if report.written:  # the file has done its work; its rejects stay for download
            remove_file(job.upload)
            SalesImportUpload.objects.filter(pk=job.upload.pk).update(removed_at=timezone.now())
    finally:
        progress.close()
    return job


def _import(job: SalesImportJob, progress: JobProgress) -> SalesImportReport:
    user = job.started_by
    if user is None or not user.is_active or not is_admin(user):
        raise Refused  # rights lost since the job was asked for
    return sales_import(
        path=file_of(job.upload),
        mapping=job.mapping,
        encoding=job.encoding or None,
        dry_run=job.dry_run,
        skip_invalid=job.skip_invalid,
        progress=progress,
    )


def _ended(progress: JobProgress) -> dict[str, Any]:
    last = progress.latest
    return {"phase": last.phase, "completed": last.completed, "total": last.total,
            "finished_at": timezone.now()}  # fmt: skip


def _error(error: Exception) -> dict[str, Any]:
    """What went wrong, as codes the page words in the reader's language."""
    if isinstance(error, SourceError):
        return {"kind": "source", "code": error.code, "detail": error.detail}
    if isinstance(error, HeaderError):
        return {"kind": "header", "code": error.code, "columns": list(error.columns),
                "headers": list(error.headers)}  # fmt: skip
    if isinstance(error, Refused):
        return {"kind": "refused"}
    return {"kind": "crash", "detail": f"{type(error).__name__}: {error}"[:500]}


def _save(job: SalesImportJob, **fields: Any) -> None:
    for name, value in fields.items():
        setattr(job, name, value)
    SalesImportJob.objects.filter(pk=job.pk).update(**fields)


class JobProgress:
    """The running job's figures for its page: a small file in the upload's folder, replaced
    whole at most every PROGRESS_EVERY seconds per phase (a new phase and its end at once),
    and at least every HEARTBEAT_EVERY seconds by a thread of its own, however long DuckDB
    stays silent: a file older than LOST_AFTER means the worker died (`settle_lost`).

    Not the job row, for two reasons. The reader calls back from pyarrow's threads, where
    Django would open a database connection per thread. And the writing phase runs inside the
    import's transaction: an update of the row there would belong to the import, unseen until
    it commits and undone by a dry run, while on SQLite another connection would wait for the
    write lock the import holds. The row gets the last figures when the job ends.
    """

    def __init__(self, job: SalesImportJob) -> None:
        self.path = progress_path(job)
        self.latest = Progress("", 0, None)
        self._lock = threading.Lock()
        self._written_at = 0.0
        self._write()
        self._stop = threading.Event()
        self._heart = threading.Thread(target=self._beat, name="import-heartbeat", daemon=True)
        self._heart.start()

    def update(self, phase: str, completed: int, total: int | None) -> None:
        with self._lock:
            new_phase = phase != self.latest.phase
            self.latest = Progress(phase, completed, total)
            now = time.monotonic()
            finished = total is not None and completed >= total  # a phase's end is always shown
            if not new_phase and not finished and now - self._written_at < PROGRESS_EVERY:
                return
            self._write()

    def _beat(self) -> None:
        while not self._stop.wait(HEARTBEAT_EVERY):
            with self._lock:
                self._write()

    def _write(self) -> None:
        """Under the lock (or before the heartbeat starts)."""
        self._written_at = time.monotonic()
        latest = self.latest
        try:
            partial = self.path.with_name(f"{self.path.name}.part")
            partial.write_text(json.dumps([latest.phase, latest.completed, latest.total]))
            os.replace(partial, self.path)
        except OSError:  # the page shows less, the import goes on
            logger.warning("sales import: progress not written to %s", self.path)

    def close(self) -> None:
        self._stop.set()
        self._heart.join()
        self.path.unlink(missing_ok=True)


def progress_path(job: SalesImportJob) -> Path:
    return folder_of(job.upload) / f"job-{job.pk}.progress.json"


def settle_lost(job: SalesImportJob) -> SalesImportJob:
    """A running job whose heartbeat stopped (its worker was killed, or the machine
    restarted) is marked failed: the import is one transaction, so nothing of it was
    written, and the file is free for another run."""
    if job.status != JobStatus.RUNNING:
        return job
    try:
        beat = progress_path(job).stat().st_mtime
    except OSError:  # no file yet (just started) or gone with its worker
        beat = job.started_at.timestamp() if job.started_at else time.time()
    if time.time() - beat < LOST_AFTER:
        return job
    fields = {"status": JobStatus.FAILED, "error": {"kind": "lost"}, "finished_at": timezone.now()}
    # Only if it is still running: a job that ends meanwhile keeps its own end.
    if SalesImportJob.objects.filter(pk=job.pk, status=JobStatus.RUNNING).update(**fields):
        for name, value in fields.items():
            setattr(job, name, value)
        logger.warning("sales import job %s lost its worker: marked failed", job.pk)
    else:
        job.refresh_from_db()
    return job


def job_progress(job: SalesImportJob) -> Progress:
    """Where a job is: its progress file while it runs, else what the row kept."""
    if job.status == JobStatus.RUNNING:
        try:
            phase, completed, total = json.loads(progress_path(job).read_text())
            return Progress(phase, completed, total)
        except (OSError, ValueError):
            pass
    return Progress(job.phase, job.completed, job.total)


def report_to_json(report: SalesImportReport) -> dict[str, Any]:
    rejects = report.rejects_path
    return {
        "kind": report.kind,
        "encoding": report.encoding,
        "ignored_headers": list(report.ignored_headers),
        **{name: getattr(report, name) for name in COUNTS},
        "problems": [[p.line, p.column, p.code, p.value] for p in report.problems],
        "dry_run": report.dry_run,
        "skip_invalid": report.skip_invalid,
        "written": report.written,
        "rejected": report.rejected,
        "rejects_file": rejects.name if rejects is not None else None,
        "seconds": round(report.seconds, 2),
    }


def problems_from_json(report: dict[str, Any]) -> list[Problem]:
    return [Problem(line, column, code, value) for line, column, code, value in report["problems"]]


def rejects_of(job: SalesImportJob) -> Path | None:
    """The rejects file a job wrote, if it is still there."""
    name = (job.report or {}).get("rejects_file")
    if not name or Path(name).name != name:
        return None
    path = folder_of(job.upload) / name
    return path if path.is_file() else None


def recent_jobs(limit: int) -> list[SalesImportJob]:
    jobs = SalesImportJob.objects.select_related("upload", "started_by")[:limit]
    return [settle_lost(job) for job in jobs]
