"""Pinyin search keys computed in a child process: pypinyin needs ≈0.3 ms a name, which for
the 100 k customers of a first import is half a minute of CPU. In a child it runs on
another core while the parent writes, and takes no GIL from it.

    python -m guanxi.imports.pinyin_worker < names.jsonl > keys.jsonl
"""

from __future__ import annotations

import json
import subprocess
import sys
import threading
from collections.abc import Iterable

from guanxi.domain.names import pinyin_full, pinyin_initials

IN_PROCESS_BELOW = 1000  # fewer names are not worth starting an interpreter


def search_keys(names: Iterable[str]) -> dict[str, tuple[str, str]]:
    return {name: (pinyin_full(name), pinyin_initials(name)) for name in set(names)}


class PinyinJob:
    """Started at once; `result()` waits for the keys of every distinct name."""

    def __init__(self, names: Iterable[str]) -> None:
        self._names = sorted(set(names))
        self._keys: dict[str, tuple[str, str]] = {}
        self._error: BaseException | None = None
        self._child: subprocess.Popen[str] | None = None
        if len(self._names) < IN_PROCESS_BELOW:
            self._thread = None
            return
        self._child = subprocess.Popen(
            [sys.executable, "-m", "guanxi.imports.pinyin_worker"],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
            encoding="utf-8",
        )
        self._thread = threading.Thread(target=self._talk, name="pinyin", daemon=True)
        self._thread.start()

    def _talk(self) -> None:
        assert self._child is not None
        try:
            payload = "".join(json.dumps(name) + "\n" for name in self._names)
            output, _ = self._child.communicate(payload)
            if self._child.returncode != 0:
                raise RuntimeError(f"pinyin worker exited with {self._child.returncode}")
            keys = [json.loads(line) for line in output.splitlines()]
            self._keys = {
                name: (full, initials)
                for name, (full, initials) in zip(self._names, keys, strict=True)
            }
        except BaseException as error:  # handed to result()
            self._error = error

    def result(self) -> dict[str, tuple[str, str]]:
        if self._thread is None:
            return search_keys(self._names)
        self._thread.join()
        if self._error is not None:
            raise self._error
        return self._keys

    def cancel(self) -> None:
        if self._child is not None and self._child.poll() is None:
            self._child.kill()


def main() -> None:
    sys.stdin.reconfigure(encoding="utf-8")  # type: ignore[union-attr]
    sys.stdout.reconfigure(encoding="utf-8")  # type: ignore[union-attr]
    for line in sys.stdin:
        name = json.loads(line)
        sys.stdout.write(json.dumps([pinyin_full(name), pinyin_initials(name)]) + "\n")


if __name__ == "__main__":
    main()
