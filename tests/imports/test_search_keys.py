"""Many new accounts from an import get their pinyin search keys from a background task."""

from __future__ import annotations

from pathlib import Path

import pytest

from guanxi.accounts.models import Account
from guanxi.accounts.tasks import account_search_keys_task
from guanxi.domain.names import pinyin_full, pinyin_initials
from tests.factories import AccountFactory
from tests.imports.conftest import run, write_csv

pytestmark = pytest.mark.django_db

NAMES = {"K1": "深圳宏达门窗", "K2": "重庆 ABC 建材", "K3": "广州美家家具有限公司"}


def _keys() -> dict[str, tuple[str, str]]:
    return {
        code: (pinyin, initials)
        for code, pinyin, initials in Account.objects.values_list(
            "customer_code", "name_pinyin", "name_initials"
        )
    }


def test_accounts_imported_without_keys_get_them_from_the_task_after_the_commit(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, django_capture_on_commit_callbacks
) -> None:
    monkeypatch.setattr("guanxi.imports.services.SEARCH_KEYS_INLINE", 1)
    known = AccountFactory(customer_code="K0", name="张伟建材")
    rows = [[code, name, f"I-{code}", 1, "2024-03-05", "10", "", "", "", ""]
            for code, name in {"K0": "张伟建材", **NAMES}.items()]  # fmt: skip

    with django_capture_on_commit_callbacks() as callbacks:
        result = run(write_csv(tmp_path / "sales.csv", rows))

    assert result.exit_code == 0, result.output
    assert "Customers: 3 created, 1 matched" in result.output
    # more new accounts than SEARCH_KEYS_INLINE: their keys are left for the task
    new = {code: keys for code, keys in _keys().items() if code != "K0"}
    assert new == dict.fromkeys(NAMES, ("", ""))
    assert len(callbacks) == 1
    callbacks[0]()  # the commit enqueues the task; tests run tasks at once
    assert _keys() == {
        "K0": (known.name_pinyin, known.name_initials),
        **{code: (pinyin_full(name), pinyin_initials(name)) for code, name in NAMES.items()},
    }
    assert account_search_keys_task.call() == 0  # nothing left to do


def test_a_few_new_accounts_get_their_keys_in_the_import(tmp_path: Path) -> None:
    rows = [[code, name, f"I-{code}", 1, "2024-03-05", "10", "", "", "", ""]
            for code, name in NAMES.items()]  # fmt: skip
    result = run(write_csv(tmp_path / "sales.csv", rows))
    assert result.exit_code == 0, result.output
    assert _keys() == {
        code: (pinyin_full(name), pinyin_initials(name)) for code, name in NAMES.items()
    }


def test_the_task_fills_keys_batch_by_batch_and_takes_no_account_twice(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr("guanxi.accounts.tasks.BATCH", 2)
    for number in range(5):
        Account.objects.create(customer_code=f"B{number}", name=f"佛山顺发{number}号五金")
    Account.objects.create(customer_code="B9", name="—·—")
    Account.objects.create(customer_code="B-empty", name="")
    assert account_search_keys_task.call() == 6
    keys = _keys()
    assert keys["B3"] == ("foshanshunfa3haowujin", "fssf3hwj")
    assert keys["B9"][0] == "—·—"  # no pinyin at all: the name itself, so it is done
    assert keys["B-empty"] == ("", "")
