"""Where uploaded sales files live: one folder per upload under GUANXI_HOME/imports/.

The folder name is random and the file name sanitised, so nothing a browser sends decides
a path; the folder is outside the static files. A file is removed once an import has
written it, and every folder older than GUANXI_IMPORT_KEEP_DAYS goes with its rejects file.
"""

from __future__ import annotations

import secrets
import shutil
from datetime import datetime, timedelta
from pathlib import Path

from django.conf import settings
from django.core.exceptions import SuspiciousFileOperation
from django.utils.text import get_valid_filename

from guanxi.imports.models import SalesImportJob, SalesImportUpload

# What guanxi.imports.sources.open_source reads, by file name suffix.
KINDS = {
    ".csv": "csv",
    ".txt": "csv",
    ".tsv": "csv",
    ".xlsx": "xlsx",
    ".xlsm": "xlsx",
    ".parquet": "parquet",
    ".pq": "parquet",
}
NAME_LIMIT = 100
ORPHAN_AGE = timedelta(days=1)  # a folder without its row: an upload that never finished


def imports_root() -> Path:
    return Path(settings.GUANXI_HOME) / "imports"


def new_folder() -> tuple[str, Path]:
    token = secrets.token_hex(16)
    folder = imports_root() / token
    folder.mkdir(parents=True, mode=0o700)
    return token, folder


def folder_of(upload: SalesImportUpload) -> Path:
    return imports_root() / upload.token


def file_of(upload: SalesImportUpload) -> Path:
    return folder_of(upload) / upload.file_name


def kind_of(name: str) -> str | None:
    return KINDS.get(Path(name).suffix.lower())


def safe_file_name(name: str) -> str:
    """The browser's file name without any folder, odd characters or excess length."""
    suffix = Path(name).suffix.lower()
    stem = Path(Path(name.replace("\\", "/")).name).stem.strip(". ")[: NAME_LIMIT - len(suffix)]
    try:
        return get_valid_filename(f"{stem or 'upload'}{suffix}")
    except SuspiciousFileOperation:
        return f"upload{suffix}"


def remove_file(upload: SalesImportUpload) -> None:
    file_of(upload).unlink(missing_ok=True)


def purge_old_uploads(now: datetime) -> int:
    """Remove the folders kept longer than GUANXI_IMPORT_KEEP_DAYS; how many went."""
    cutoff = now - timedelta(days=settings.GUANXI_IMPORT_KEEP_DAYS)
    busy = SalesImportJob.objects.busy(now).values("upload_id")
    old = SalesImportUpload.objects.filter(uploaded_at__lt=cutoff).exclude(pk__in=busy)
    root = imports_root()
    removed = 0
    for token in set(old.values_list("token", flat=True)):
        if (root / token).is_dir():
            shutil.rmtree(root / token, ignore_errors=True)
            removed += 1
    old.filter(removed_at__isnull=True).update(removed_at=now)
    known = set(SalesImportUpload.objects.values_list("token", flat=True))
    for folder in root.iterdir() if root.is_dir() else ():
        stale = now.timestamp() - folder.stat().st_mtime > ORPHAN_AGE.total_seconds()
        if folder.is_dir() and folder.name not in known and stale:
            shutil.rmtree(folder, ignore_errors=True)
            removed += 1
    return removed
