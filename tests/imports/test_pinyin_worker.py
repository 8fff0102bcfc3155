"""Search keys for many new accounts come from a child process, and match the domain's."""

from __future__ import annotations

from guanxi.domain.names import pinyin_full, pinyin_initials
from guanxi.imports.pinyin_worker import IN_PROCESS_BELOW, PinyinJob


def test_a_large_job_runs_in_a_child_and_gives_the_same_keys() -> None:
    names = [f"深圳宏达{i}号门窗 ABC" for i in range(IN_PROCESS_BELOW + 10)] + ["重庆", "重庆"]
    job = PinyinJob(names)
    assert job._child is not None  # the child process path, not the in-process one
    keys = job.result()
    assert len(keys) == len(set(names))
    for name in (names[0], names[-12], "重庆"):
        assert keys[name] == (pinyin_full(name), pinyin_initials(name))


def test_a_small_job_stays_in_process() -> None:
    job = PinyinJob(["张伟"])
    assert job._child is None
    assert job.result() == {"张伟": ("zhangwei", "zw")}
