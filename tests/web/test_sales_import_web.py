"""The sales import from the web: upload, preview, check, import as a background task; admins only.

Real files in real encodings go through the real import; tasks run at once (test settings).
"""

from __future__ import annotations

import csv
import io
import json
import os
import threading
import time
from datetime import timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from guanxi.accounts.models import Account
from guanxi.imports import jobs
from guanxi.imports.jobs import (
    JobProgress,
    Progress,
    job_progress,
    progress_path,
    sales_import_job_create,
    sales_import_job_run,
    settle_lost,
)
from guanxi.imports.models import JobStatus, SalesImportJob, SalesImportUpload
from guanxi.imports.uploads import purge_old_uploads, safe_file_name
from guanxi.users.models import User
from tests import sales
from tests.conftest import World
from tests.factories import UserFactory
from tests.web.conftest import client_for, has_inline_style

pytestmark = pytest.mark.django_db

CHINESE = ["客户编号", "客户名称", "发票号", "行号", "开票日期", "金额", "成本"]
GOOD = [
    ["GZ001", "广州美家家具有限公司", "FP-1", 1, "2024年3月5日", "1,234.50", "1,000.00"],
    ["GZ001", "广州美家家具有限公司", "FP-1", 2, "2024年3月5日", "765.50", ""],
    ["SZ002", "深圳宏达门窗", "FP-2", 1, "2024/3/20", "500", "400"],
]
BAD = [
    ["GZ001", "广州美家家具有限公司", "FP-1", 1, "2024-05-02", "100", ""],
    ["", "深圳宏达门窗", "FP-2", 1, "2024-13-40", "abc", ""],
    ["SZ002", "深圳宏达门窗", "FP-3", 1, "someday", "7", ""],
]


@pytest.fixture(autouse=True)
def home(settings: Any, tmp_path: Path) -> Path:
    settings.GUANXI_HOME = tmp_path
    return tmp_path


@pytest.fixture
def admin(world: World) -> Client:
    return client_for(world.admin)


def csv_bytes(
    rows: list[list[Any]], headers: list[str] = CHINESE, encoding: str = "gb18030"
) -> bytes:
    text = io.StringIO()
    writer = csv.writer(text)
    writer.writerow(headers)
    writer.writerows(rows)
    return text.getvalue().encode(encoding)


def upload(client: Client, name: str, content: bytes) -> Any:
    return client.post(reverse("sales-import"), {"file": SimpleUploadedFile(name, content)})


def uploaded(client: Client, name: str, content: bytes) -> SalesImportUpload:
    response = upload(client, name, content)
    assert response.status_code == 302, response.content.decode()
    token = response["Location"].rstrip("/").rsplit("/", 1)[-1]
    assert response["Location"] == reverse("sales-import-preview", args=[token])
    return SalesImportUpload.objects.get(token=token)


def preview_url(upload: SalesImportUpload) -> str:
    return reverse("sales-import-preview", args=[upload.token])


def proposed(client: Client, upload: SalesImportUpload) -> dict[str, str]:
    """What the preview form sends back unchanged: every column's selected header."""
    response = client.get(preview_url(upload))
    return {row.name: row.header for row in response.context["columns"] if row.header}


def start(client: Client, upload: SalesImportUpload, action: str, **changes: str) -> SalesImportJob:
    data = proposed(client, upload) | {"action": action} | changes
    response = client.post(preview_url(upload), data)
    assert response.status_code == 302, response.content.decode()
    return SalesImportJob.objects.latest("pk")


def job_page(client: Client, job: SalesImportJob) -> str:
    response = client.get(reverse("sales-import-job", args=[job.pk]))
    assert response.status_code == 200
    return response.content.decode()


def test_a_gb18030_file_with_chinese_headers_is_previewed_with_its_columns(
    admin: Client, home: Path
) -> None:
    upload = uploaded(admin, "../../销售 明细.csv", csv_bytes(GOOD))

    assert upload.file_name == "销售_明细.csv" and upload.kind == "csv"
    stored = home / "imports" / upload.token / upload.file_name
    assert stored.read_bytes() == csv_bytes(GOOD)
    response = admin.get(preview_url(upload))
    body = response.content.decode()
    assert response.status_code == 200
    assert 'id="file-encoding">GB18030 <span class="text-body-secondary">(detected)' in body
    columns = {row.name: row.header for row in response.context["columns"]}
    assert columns["customer_id"] == "客户编号" and columns["amount"] == "金额"
    assert columns["invoice_date"] == "开票日期" and columns["quantity"] is None
    assert '<option value="客户编号" selected>客户编号</option>' in body
    assert "→ Customer code" in body and "广州美家家具有限公司" in body and "1,234.50" in body
    assert not has_inline_style(body)


def test_an_encoding_can_be_forced_and_a_wrong_one_is_said_not_a_500(admin: Client) -> None:
    upload = uploaded(admin, "sales.csv", csv_bytes(GOOD))

    wrong = admin.get(preview_url(upload), {"encoding": "utf-8"})
    right = admin.get(preview_url(upload), {"encoding": "gb18030"})

    assert wrong.status_code == 200
    assert "The file cannot be read" in wrong.content.decode()
    assert '<option value="utf-8" selected>' in wrong.content.decode()
    assert right.context["choice"].encoding == "gb18030"
    assert "(chosen)" in right.content.decode()


def test_a_missing_required_column_is_named_and_nothing_starts(admin: Client) -> None:
    headers = ["客户编号", "发票号", "开票日期", "含税金额"]
    upload = uploaded(admin, "sales.csv", csv_bytes([["C1", "F1", "2024-01-02", "5"]], headers))

    body = admin.get(preview_url(upload)).content.decode()
    started = admin.post(preview_url(upload), proposed(admin, upload) | {"action": "import"})

    message = "Choose the file&#x27;s column for each required column: Amount (net revenue)."
    assert message in body
    assert 'id="id_amount_errors"' in body
    assert started.status_code == 400 and message in started.content.decode()
    assert not SalesImportJob.objects.exists()


def test_a_changed_mapping_is_previewed_then_a_dry_run_writes_nothing(admin: Client) -> None:
    headers = ["客户编号", "客户名称", "发票号", "开票日期", "含税金额", "不含税金额"]
    rows = [["C1", "宏达", "F1", "2024-01-02", "113", "100"],
            ["C2", "美家", "F2", "2024-01-03", "226", "200"]]  # fmt: skip
    upload = uploaded(admin, "sales.csv", csv_bytes(rows, headers, "utf-8"))
    assert proposed(admin, upload)["amount"] == "不含税金额"

    changed = admin.post(
        preview_url(upload), proposed(admin, upload) | {"amount": "含税金额", "action": "preview"}
    )
    body = changed.content.decode()
    assert '<option value="含税金额" selected>' in body
    fed = {header: label and str(label) for header, label in changed.context["header_columns"]}
    assert fed["含税金额"] == "Amount (net revenue)" and fed["不含税金额"] is None

    job = start(admin, upload, "dry_run", amount="含税金额")

    job.refresh_from_db()
    assert job.status == JobStatus.DONE and job.dry_run
    assert job.mapping["amount"] == "含税金额"
    assert job.report["customers_created"] == 2 and job.report["lines_inserted"] == 2
    assert Account.objects.count() == 1  # the world's, none of the file's
    assert not sales.lines() and not sales.months()
    page = job_page(admin, job)
    assert "Check done: nothing was written." in page
    assert "2 created, 0 matched" in page and "2 inserted, 0 updated, 0 unchanged" in page
    assert 'id="import-now"' in page and "hx-trigger" not in page

    now = admin.post(reverse("sales-import-job-import", args=[job.pk]))

    real = SalesImportJob.objects.latest("pk")
    assert now["Location"] == reverse("sales-import-job", args=[real.pk])
    assert real.status == JobStatus.DONE and not real.dry_run
    assert sorted(line.amount for line in sales.lines()) == [113, 226]


def test_an_import_writes_lines_and_months_and_removes_the_file(admin: Client, home: Path) -> None:
    upload = uploaded(admin, "销售.csv", csv_bytes(GOOD))

    job = start(admin, upload, "import")

    job.refresh_from_db()
    assert job.status == JobStatus.DONE and job.finished_at is not None
    assert job.report["encoding"] == "gb18030" and job.report["written"]
    assert len(sales.lines()) == 3
    [month] = sales.months(customer_code="GZ001")
    assert month.revenue == Decimal("2000.00")
    assert not (home / "imports" / upload.token / upload.file_name).exists()
    upload.refresh_from_db()
    assert upload.removed_at is not None
    page = job_page(admin, job)
    assert "Import done." in page and 'id="report-encoding">GB18030' in page
    assert "2 created, 0 matched" in page and "3 inserted" in page
    assert 'id="import-now"' not in page
    gone = admin.get(preview_url(upload))
    assert gone.status_code == 410 and "Upload it again" in gone.content.decode()
    listing = admin.get(reverse("sales-import")).content.decode()
    assert "销售.csv" in listing and reverse("sales-import-job", args=[job.pk]) in listing


def test_bad_rows_are_listed_and_nothing_is_written(admin: Client) -> None:
    upload = uploaded(admin, "sales.csv", csv_bytes(BAD))

    job = start(admin, upload, "import")

    job.refresh_from_db()
    assert job.status == JobStatus.DONE and job.report["rejected"]
    assert Account.objects.count() == 1 and not sales.lines()
    page = job_page(admin, job)
    assert "Nothing was written: 2 rows have problems." in page
    assert "<td>Customer code</td>\n              <td>required but empty</td>" in page
    assert "not a date: &#x27;2024-13-40&#x27;" in page and "<code>abc</code>" in page
    assert "not a date: &#x27;someday&#x27;" in page
    lines = [problem.line for problem in admin.get(
        reverse("sales-import-job", args=[job.pk])).context["problems"]]  # fmt: skip
    assert lines == [3, 3, 3, 4]
    assert 'id="import-now"' not in page and 'id="rejects-link"' not in page
    assert SalesImportUpload.objects.get().removed_at is None  # kept, to import it otherwise


def test_skip_invalid_imports_the_rest_and_offers_the_rejects(admin: Client, world: World) -> None:
    upload = uploaded(admin, "sales.csv", csv_bytes(BAD))

    job = start(admin, upload, "import", skip_invalid="on")

    job.refresh_from_db()
    assert job.skip_invalid and job.report["written"] and job.report["rows_rejected"] == 2
    assert [line.amount for line in sales.lines()] == [Decimal("100.00")]
    page = job_page(admin, job)
    assert "Import done; 2 rows were left out." in page and 'id="rejects-link"' in page
    response = admin.get(reverse("sales-import-rejects", args=[job.pk]))
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment")
    rejects = b"".join(response.streaming_content).decode("gb18030")
    assert "2024-13-40" in rejects and "someday" in rejects and "FP-1" not in rejects
    for user in (world.owner, world.manager, world.executive):
        url = reverse("sales-import-rejects", args=[job.pk])
        assert client_for(user).get(url).status_code == 404


def test_a_check_of_a_file_with_bad_rows_offers_no_import(admin: Client) -> None:
    upload = uploaded(admin, "sales.csv", csv_bytes(BAD))

    job = start(admin, upload, "dry_run")

    page = job_page(admin, job)
    assert "Nothing was written: 2 rows have problems." in page
    assert 'id="import-now"' not in page
    refused = admin.post(reverse("sales-import-job-import", args=[job.pk]))
    assert refused.status_code == 302 and SalesImportJob.objects.count() == 1


def test_an_xlsx_file_is_previewed_without_an_encoding(admin: Client) -> None:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(CHINESE)
    sheet.append(["GZ001", "广州美家", "FP-1", 1, "2024-03-05", 12.5, None])
    content = io.BytesIO()
    book.save(content)
    upload = uploaded(admin, "销售.xlsx", content.getvalue())

    body = admin.get(preview_url(upload)).content.decode()

    assert 'id="file-kind">XLSX' in body and 'id="id_encoding"' not in body
    assert "广州美家" in body and "12.5" in body


def test_a_file_too_large_or_of_an_unknown_kind_is_refused_clearly(
    admin: Client, settings: Any, home: Path
) -> None:
    settings.GUANXI_IMPORT_MAX_BYTES = 1000

    large = upload(admin, "sales.csv", b"x" * 5000)
    slightly = upload(admin, "sales.csv", csv_bytes(GOOD * 20))
    unknown = upload(admin, "sales.docx", b"PK\x03\x04")
    empty = upload(admin, "sales.csv", b"")
    nothing = admin.post(reverse("sales-import"), {})

    assert large.status_code == 413
    assert "The file is larger than 1000\xa0bytes, the most an upload may be." in (
        large.content.decode()
    )
    assert slightly.status_code == 413
    assert unknown.status_code == 400
    assert "Unsupported file type .docx: use CSV, XLSX or Parquet." in unknown.content.decode()
    assert empty.status_code == 400 and "The file is empty." in empty.content.decode()
    assert nothing.status_code == 400 and "Choose a file to upload." in nothing.content.decode()
    assert not SalesImportUpload.objects.exists()
    assert not any((home / "imports").iterdir())


def test_the_upload_checks_csrf(world: World, home: Path) -> None:
    client = Client(enforce_csrf_checks=True)
    client.force_login(world.admin)

    response = upload(client, "sales.csv", csv_bytes(GOOD))

    assert response.status_code == 403
    assert not SalesImportUpload.objects.exists() and not any((home / "imports").iterdir())


@pytest.mark.parametrize("persona", ["owner", "teammate", "outsider", "manager", "executive"])
def test_only_admins_may_import(world: World, admin: Client, home: Path, persona: str) -> None:
    upload = uploaded(admin, "sales.csv", csv_bytes(BAD))
    job = start(admin, upload, "dry_run", skip_invalid="on")
    user: User = getattr(world, persona)
    client = client_for(user)
    job_url = reverse("sales-import-job", args=[job.pk])

    assert client.get(reverse("sales-import")).status_code == 404
    assert upload_as(client).status_code == 404
    assert client.get(preview_url(upload)).status_code == 404
    assert client.post(preview_url(upload), {"action": "import"}).status_code == 404
    assert client.get(job_url).status_code == 404
    assert client.get(job_url, headers={"HX-Request": "true"}).status_code == 404
    assert client.post(reverse("sales-import-job-import", args=[job.pk])).status_code == 404
    assert client.get(reverse("sales-import-rejects", args=[job.pk])).status_code == 404
    assert 'id="sales-import-link"' not in client.get(reverse("accounts")).content.decode()
    assert SalesImportJob.objects.count() == 1 and SalesImportUpload.objects.count() == 1
    assert len(list((home / "imports").iterdir())) == 1
    assert 'id="sales-import-link"' in admin.get(reverse("accounts")).content.decode()


def upload_as(client: Client) -> Any:
    return upload(client, "sales.csv", csv_bytes(GOOD))


def test_the_job_page_polls_while_running_and_announces_phase_changes(
    admin: Client, world: World
) -> None:
    upload = uploaded(admin, "sales.csv", csv_bytes(GOOD))
    job = sales_import_job_create(actor=world.admin, upload=upload, mapping={}, encoding=None,
                                  dry_run=True, skip_invalid=False)  # fmt: skip
    url = reverse("sales-import-job", args=[job.pk])
    htmx = {"HX-Request": "true"}

    queued = admin.get(url).content.decode()
    assert 'hx-trigger="every 1s"' in queued and "Waiting for a worker to start…" in queued
    assert 'id="job-phase" aria-live="polite"' in queued

    SalesImportJob.objects.filter(pk=job.pk).update(
        status=JobStatus.RUNNING, phase="validating", completed=1, total=4
    )
    polled = admin.get(url, {"shown": "queued"}, headers=htmx).content.decode()
    assert polled.strip().startswith('<div id="job-status"')
    assert 'max="4" value="1"' in polled and "1 of 4" in polled
    assert '<span id="job-phase" hx-swap-oob="innerHTML">Checking the rows…</span>' in polled
    again = admin.get(url, {"shown": "validating"}, headers=htmx).content.decode()
    assert "hx-swap-oob" not in again

    sales_import_job_run(job_id=job.pk)
    done = admin.get(url, {"shown": "validating"}, headers=htmx).content.decode()
    assert "hx-trigger" not in done and "Check done: nothing was written." in done
    assert 'hx-swap-oob="innerHTML">Check done' in done


def test_a_job_that_cannot_read_its_file_fails_with_the_reason(admin: Client, world: World) -> None:
    upload = uploaded(admin, "sales.csv", csv_bytes(GOOD))
    job = sales_import_job_create(actor=world.admin, upload=upload, mapping={}, encoding="utf-8",
                                  dry_run=False, skip_invalid=False)  # fmt: skip

    sales_import_job_run(job_id=job.pk)

    job.refresh_from_db()
    assert job.status == JobStatus.FAILED and job.error["kind"] == "source"
    page = job_page(admin, job)
    assert "The import failed." in page and "The file cannot be read" in page
    assert SalesImportUpload.objects.get().removed_at is None  # kept, to try again


def test_a_job_of_someone_no_longer_admin_is_refused(admin: Client, world: World) -> None:
    upload = uploaded(admin, "sales.csv", csv_bytes(GOOD))
    former = UserFactory(username="former_admin", role="admin")
    job = sales_import_job_create(actor=former, upload=upload, mapping={}, encoding=None,
                                  dry_run=False, skip_invalid=False)  # fmt: skip
    User.objects.filter(pk=former.pk).update(role="kam")

    sales_import_job_run(job_id=job.pk)

    job.refresh_from_db()
    assert job.status == JobStatus.FAILED and job.error == {"kind": "refused"}
    assert not sales.lines()


def test_the_job_page_reads_in_few_queries_whatever_the_problems(
    admin: Client, django_assert_max_num_queries: Any
) -> None:
    rows = [["C1", "宏达", f"F{n}", 1, "not a date", "x", ""] for n in range(700)]
    upload = uploaded(admin, "sales.csv", csv_bytes(rows))
    job = start(admin, upload, "import")
    job.refresh_from_db()
    assert len(job.report["problems"]) == 1000 and job.report["problem_count"] == 1400

    with django_assert_max_num_queries(4):
        body = job_page(admin, job)

    assert body.count("<tr>") == 1001 and "… and 400 more problems." in body
    with django_assert_max_num_queries(4):
        admin.get(reverse("sales-import"))


def test_progress_goes_to_a_small_file_from_any_thread_at_most_twice_a_second(
    admin: Client, world: World, django_assert_num_queries: Any
) -> None:
    upload = uploaded(admin, "sales.csv", csv_bytes(GOOD))
    job = sales_import_job_create(actor=world.admin, upload=upload, mapping={}, encoding=None,
                                  dry_run=False, skip_invalid=False)  # fmt: skip
    progress = JobProgress(job)

    with django_assert_num_queries(0):
        reader = threading.Thread(target=progress.update, args=("reading", 10, 100))
        reader.start()
        reader.join()
        progress.update("reading", 20, 100)  # within half a second: kept, not written
        assert json.loads(progress.path.read_text()) == ["reading", 10, 100]
        progress.update("validating", 0, 1)  # a new phase: written at once
        assert json.loads(progress.path.read_text()) == ["validating", 0, 1]

    SalesImportJob.objects.filter(pk=job.pk).update(status=JobStatus.RUNNING)
    job.refresh_from_db()
    assert job_progress(job) == Progress("validating", 0, 1)
    progress.close()
    assert not progress.path.exists()
    assert job_progress(job) == Progress("", 0, None)


def test_old_uploads_are_purged_with_their_folders(admin: Client, home: Path) -> None:
    old = uploaded(admin, "old.csv", csv_bytes(GOOD))
    SalesImportUpload.objects.filter(pk=old.pk).update(
        uploaded_at=timezone.now() - timedelta(days=8)
    )

    fresh = uploaded(admin, "fresh.csv", csv_bytes(GOOD))  # an upload purges the old ones

    assert not (home / "imports" / old.token).exists()
    assert (home / "imports" / fresh.token / "fresh.csv").exists()
    old.refresh_from_db()
    assert old.removed_at is not None
    assert purge_old_uploads(timezone.now()) == 0


@pytest.mark.parametrize(
    ("name", "safe"),
    [("销售 2024.CSV", "销售_2024.csv"), ("../../etc/passwd.csv", "passwd.csv"),
     ("C:\\Users\\a\\b.xlsx", "b.xlsx"), ("..csv", "upload.csv")],
)  # fmt: skip
def test_file_names_are_sanitised(name: str, safe: str) -> None:
    assert safe_file_name(name) == safe


def test_a_file_being_imported_is_not_started_again_unless_its_job_is_long_lost(
    admin: Client, world: World
) -> None:
    upload = uploaded(admin, "sales.csv", csv_bytes(GOOD))
    waiting = sales_import_job_create(actor=world.admin, upload=upload, mapping={}, encoding=None,
                                      dry_run=True, skip_invalid=False)  # fmt: skip
    data = proposed(admin, upload) | {"action": "import"}

    again = admin.post(preview_url(upload), data)

    assert again["Location"] == reverse("sales-import-job", args=[waiting.pk])
    assert SalesImportJob.objects.count() == 1
    SalesImportJob.objects.filter(pk=waiting.pk).update(
        created_at=timezone.now() - timedelta(days=2)
    )
    admin.post(preview_url(upload), data)
    assert SalesImportJob.objects.latest("pk").status == JobStatus.DONE


def test_a_job_whose_worker_died_is_said_lost_and_its_file_may_be_imported_again(
    admin: Client, world: World
) -> None:
    upload = uploaded(admin, "sales.csv", csv_bytes(GOOD))
    lost = sales_import_job_create(actor=world.admin, upload=upload, mapping={}, encoding=None,
                                   dry_run=False, skip_invalid=False)  # fmt: skip
    started = timezone.now() - timedelta(minutes=10)
    SalesImportJob.objects.filter(pk=lost.pk).update(status=JobStatus.RUNNING, started_at=started)
    beat = progress_path(lost)  # what a killed worker leaves: its last figures, gone stale
    beat.write_text(json.dumps(["writing", 5, 10]))
    stale = time.time() - jobs.LOST_AFTER - 5
    os.utime(beat, (stale, stale))
    data = proposed(admin, upload) | {"action": "import"}

    page = job_page(admin, lost)

    assert "It stopped before the end: the worker running it ended" in page
    assert "nothing of it was written: start it again." in page
    assert 'hx-trigger="every 1s"' not in page  # no more polling
    lost.refresh_from_db()
    assert (lost.status, lost.error) == (JobStatus.FAILED, {"kind": "lost"})
    assert lost.finished_at is not None
    again = admin.post(preview_url(upload), data)  # the file is free again
    assert again["Location"] != reverse("sales-import-job", args=[lost.pk])
    assert SalesImportJob.objects.latest("pk").status == JobStatus.DONE


def test_a_running_job_keeps_its_heartbeat_through_a_long_silent_phase(
    admin: Client, world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(jobs, "HEARTBEAT_EVERY", 0.05)
    upload = uploaded(admin, "sales.csv", csv_bytes(GOOD))
    job = sales_import_job_create(actor=world.admin, upload=upload, mapping={}, encoding=None,
                                  dry_run=False, skip_invalid=False)  # fmt: skip
    SalesImportJob.objects.filter(pk=job.pk).update(
        status=JobStatus.RUNNING, started_at=timezone.now() - timedelta(minutes=10)
    )
    job.refresh_from_db()
    progress = JobProgress(job)
    try:
        progress.update("writing", 3, 10)
        stale = time.time() - jobs.LOST_AFTER - 5
        os.utime(progress.path, (stale, stale))
        deadline = time.monotonic() + 5
        while progress.path.stat().st_mtime == stale and time.monotonic() < deadline:
            time.sleep(0.02)  # no update meanwhile: only the heartbeat writes
        assert settle_lost(job).status == JobStatus.RUNNING
        assert json.loads(progress.path.read_text()) == ["writing", 3, 10]
    finally:
        progress.close()
    assert not progress.path.exists()
