"""Helpers for contact import tests: real files written in tmp_path, the CLI run in-process."""

from __future__ import annotations

import csv
from collections.abc import Sequence
from pathlib import Path

from click.testing import CliRunner, Result

from guanxi.cli.main import cli

HEADERS = ["客户编号", "姓名", "职务", "部门", "电话", "手机", "邮箱", "微信", "上级"]


def run_contacts(*args: str | Path) -> Result:
    """`guanxi import contacts …` in English, whatever the machine's locale."""
    return CliRunner().invoke(
        cli, ["import", "contacts", *map(str, args)], env={"GUANXI_LANGUAGE": "en"}
    )


def write_csv(
    path: Path,
    rows: Sequence[Sequence[object]],
    headers: Sequence[str] = HEADERS,
    encoding: str = "utf-8",
) -> Path:
    with path.open("w", encoding=encoding, newline="") as out:
        writer = csv.writer(out)
        writer.writerow(headers)
        writer.writerows(rows)
    return path


def write_vcf(path: Path, text: str, encoding: str = "utf-8") -> Path:
    """vCard lines end in CRLF (RFC 6350); the text is written as given otherwise."""
    path.write_bytes(text.replace("\n", "\r\n").encode(encoding))
    return path
