"""Imports started from the web: the uploaded file, and each run over it (check or import)."""

from __future__ import annotations

from datetime import datetime, timedelta

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class SalesImportUpload(models.Model):
    """A file an admin uploaded, kept in GUANXI_HOME/imports/<token>/ while it may be used."""

    token = models.CharField(_("folder"), max_length=32, unique=True)
    file_name = models.CharField(_("file name"), max_length=120)
    kind = models.CharField(_("kind"), max_length=10)  # csv | xlsx | parquet
    size = models.BigIntegerField(_("size in bytes"))
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("uploaded by"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
    )
    uploaded_at = models.DateTimeField(_("uploaded"), auto_now_add=True)
    removed_at = models.DateTimeField(_("file removed"), null=True, blank=True)

    class Meta:
        verbose_name = _("sales file upload")
        verbose_name_plural = _("sales file uploads")
        constraints = [
            models.CheckConstraint(condition=Q(size__gte=0), name="sales_import_upload_size"),
        ]

    def __str__(self) -> str:
        return self.file_name


class JobStatus(models.TextChoices):
    QUEUED = "queued", _("Waiting for a worker")
    RUNNING = "running", _("Running")
    DONE = "done", _("Done")
    FAILED = "failed", _("Failed")


# A job still unfinished after this has lost its worker (killed mid-import): it no longer
# holds its file back from another run or from being removed.
UNFINISHED_AT_MOST = timedelta(days=1)


class SalesImportJobQuerySet(models.QuerySet["SalesImportJob"]):
    def busy(self, now: datetime) -> SalesImportJobQuerySet:
        return self.filter(
            status__in=[JobStatus.QUEUED, JobStatus.RUNNING],
            created_at__gte=now - UNFINISHED_AT_MOST,
        )


class SalesImportJob(models.Model):
    """One run of `sales_import` over an upload, as a background task; the page polls this row."""

    upload = models.ForeignKey(
        SalesImportUpload, verbose_name=_("file"), on_delete=models.CASCADE, related_name="jobs"
    )
    started_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("started by"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
    )
    mapping = models.JSONField(_("column mapping"), default=dict)  # canonical column → header
    encoding = models.CharField(_("encoding"), max_length=20, blank=True)  # blank: detected
    dry_run = models.BooleanField(_("dry run"), default=False)
    skip_invalid = models.BooleanField(_("skip invalid rows"), default=False)
    status = models.CharField(
        _("status"), max_length=10, choices=JobStatus.choices, default=JobStatus.QUEUED
    )
    phase = models.CharField(_("phase"), max_length=20, blank=True)
    completed = models.BigIntegerField(_("completed"), default=0)
    total = models.BigIntegerField(_("total"), null=True, blank=True)
    report = models.JSONField(_("report"), null=True, blank=True)
    error = models.JSONField(_("error"), null=True, blank=True)  # what went wrong, as codes
    task_id = models.CharField(_("task"), max_length=64, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    started_at = models.DateTimeField(_("started"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)

    objects = SalesImportJobQuerySet.as_manager()

    class Meta:
        verbose_name = _("sales import")
        verbose_name_plural = _("sales imports")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=JobStatus.values), name="sales_import_job_status"
            ),
            models.CheckConstraint(
                condition=Q(completed__gte=0), name="sales_import_job_completed"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.upload} #{self.pk}"

    @property
    def finished(self) -> bool:
        return self.status in (JobStatus.DONE, JobStatus.FAILED)
