"""The sales import page, for admins: upload a file (streamed to its own folder), recent jobs.

The file is received by an upload handler set before the body is read, so that a file that
is too large or of an unknown kind is never written (and one that grows too large midway is
deleted); CSRF is therefore checked inside the view, after the handler is in place.
"""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any, BinaryIO

from django.conf import settings
from django.core.files.uploadhandler import FileUploadHandler, SkipFile
from django.http import Http404, HttpResponse
from django.shortcuts import redirect
from django.template.defaultfilters import filesizeformat
from django.utils import timezone
from django.utils.translation import gettext
from django.views.decorators.csrf import csrf_exempt, csrf_protect
from django.views.decorators.http import require_http_methods

from guanxi.core.access import is_admin
from guanxi.imports.jobs import recent_jobs, sales_import_upload_create
from guanxi.imports.messages import source_error
from guanxi.imports.sources import SourceError
from guanxi.imports.uploads import (
    KINDS,
    kind_of,
    new_folder,
    purge_old_uploads,
    safe_file_name,
)
from guanxi.web.views.base import AuthenticatedRequest, render_page

JOBS_SHOWN = 20
FORM_OVERHEAD = 64 << 10  # the request's other fields and multipart boundaries


class SalesFileReceiver(FileUploadHandler):
    """Writes the `file` field into the upload's folder, and nothing that breaks the limits."""

    def __init__(self, request: AuthenticatedRequest, folder: Path, limit: int) -> None:
        super().__init__(request)
        self.folder, self.limit = folder, limit
        self.path: Path | None = None
        self.name = ""
        self.problem = ""  # "too_large" | "unsupported"
        self.received = 0
        self._request_size = 0
        self._out: BinaryIO | None = None

    def handle_raw_input(self, input_data: Any, META: Any, content_length: int, *args: Any) -> None:
        self._request_size = content_length

    def new_file(self, field_name: str, file_name: str, *args: Any, **kwargs: Any) -> None:
        super().new_file(field_name, file_name, *args, **kwargs)
        if field_name != "file" or self.path is not None:
            raise SkipFile
        self.name = file_name
        if kind_of(file_name) is None:
            self.problem = "unsupported"
            raise SkipFile
        if self._request_size > self.limit + FORM_OVERHEAD:
            self.problem = "too_large"
            raise SkipFile
        self.path = self.folder / safe_file_name(file_name)
        self._out = self.path.open("xb")

    def receive_data_chunk(self, raw_data: bytes, start: int) -> None:
        assert self._out is not None
        self.received += len(raw_data)
        if self.received > self.limit:
            self.problem = "too_large"
            self._out.close()
            self.path = None
            raise SkipFile
        self._out.write(raw_data)

    def file_complete(self, file_size: int) -> None:
        if self._out is not None:
            self._out.close()

    def error(self) -> str | None:
        if self.problem == "too_large":
            return gettext("The file is larger than %(limit)s, the most an upload may be.") % {
                "limit": filesizeformat(self.limit)
            }
        if self.problem == "unsupported":
            return source_error(SourceError("unsupported_format", Path(self.name).suffix))
        if self.path is None:
            return gettext("Choose a file to upload.")
        if self.received == 0:
            return source_error(SourceError("empty"))
        return None


def _admin_only(request: AuthenticatedRequest) -> None:
    if not is_admin(request.user):
        raise Http404


def _page(
    request: AuthenticatedRequest, error: str | None = None, status: int = 200
) -> HttpResponse:
    context = {
        "title": gettext("Import sales"),
        "breadcrumbs": [(gettext("Import sales"), None)],
        "error": error,
        "accept": ",".join(sorted(KINDS)),
        "limit": settings.GUANXI_IMPORT_MAX_BYTES,
        "jobs": recent_jobs(JOBS_SHOWN),
    }
    return render_page(request, "web/pages/sales_import.html", context, status=status)


@csrf_exempt  # checked by `_receive`, once the upload handler is in place
@require_http_methods(["GET", "POST"])
def sales_import_page(request: AuthenticatedRequest) -> HttpResponse:
    _admin_only(request)
    if request.method == "GET":
        return _page(request)
    token, folder = new_folder()
    receiver = SalesFileReceiver(request, folder, settings.GUANXI_IMPORT_MAX_BYTES)
    request.upload_handlers = [receiver]
    response = None
    try:
        response = _receive(request, token, receiver)
    finally:
        if response is None or response.status_code != 302:
            shutil.rmtree(folder, ignore_errors=True)
    return response


@csrf_protect
def _receive(
    request: AuthenticatedRequest, token: str, receiver: SalesFileReceiver
) -> HttpResponse:
    _ = request.POST  # the body is read here, through the receiver, unless CSRF already did
    error = receiver.error()
    if error:
        return _page(request, error, status=413 if receiver.problem == "too_large" else 400)
    assert receiver.path is not None
    kind = kind_of(receiver.path.name) or ""
    sales_import_upload_create(
        actor=request.user,
        token=token,
        file_name=receiver.path.name,
        kind=kind,
        size=receiver.received,
    )
    purge_old_uploads(timezone.now())
    return redirect("sales-import-preview", token)
