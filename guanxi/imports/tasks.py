"""Background work of imports: a sales import started from the web runs in a worker."""

from __future__ import annotations

from typing import Any

from django_tasks import task

from guanxi.imports.jobs import sales_import_job_create, sales_import_job_run
from guanxi.imports.models import SalesImportJob, SalesImportUpload
from guanxi.users.models import User


@task()
def sales_import_task(*, job_id: int) -> dict[str, Any]:
    job = sales_import_job_run(job_id=job_id)
    return {"job_id": job.pk, "status": job.status}


def sales_import_job_start(
    *,
    actor: User,
    upload: SalesImportUpload,
    mapping: dict[str, str],
    encoding: str | None,
    dry_run: bool,
    skip_invalid: bool,
) -> SalesImportJob:
    """Record the job, then hand it to a worker (at once, with the tests' immediate backend)."""
    job = sales_import_job_create(
        actor=actor,
        upload=upload,
        mapping=mapping,
        encoding=encoding,
        dry_run=dry_run,
        skip_invalid=skip_invalid,
    )
    result = sales_import_task.enqueue(job_id=job.pk)
    SalesImportJob.objects.filter(pk=job.pk).update(task_id=result.id)
    return job
