from __future__ import annotations

import ast
import contextlib
import gettext
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterable, Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner
from django.utils import translation

from guanxi.cli.main import cli
from guanxi.users.models import User


@pytest.fixture(autouse=True)
def _forget_the_cli_language() -> Iterator[None]:
    yield
    translation.deactivate()  # the CLI activates the terminal's language for the process


@pytest.mark.parametrize(
    "args", [[], ["demo"], ["serve"], ["user"], ["user", "add"], ["user", "token"]], ids=" ".join
)
def test_every_command_explains_itself(args: list[str], monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("GUANXI_LANGUAGE", "en")
    result = CliRunner().invoke(cli, [*args, "--help"])
    assert result.exit_code == 0
    assert "Usage:" in result.output


@pytest.mark.parametrize(
    ("language", "words"),
    [
        ("zh-hans", ["用法：", "选项：", "命令：", "显示此帮助并退出。", "导入数据"]),
        ("zh-hant", ["用法：", "選項：", "命令：", "顯示此幫助並退出。", "匯入資料"]),
        ("en", ["Usage:", "Options:", "Commands:", "Show this message and exit.", "Import data"]),
    ],
)
def test_help_speaks_the_terminals_language(
    language: str, words: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("GUANXI_LANGUAGE", language)
    output = CliRunner().invoke(cli, ["--help"]).output
    assert [word for word in words if word not in output] == []
    sales = CliRunner().invoke(cli, ["import", "sales", "--help"]).output
    assert ("Check the file and say what would change." in sales) is (language == "en")


@pytest.mark.parametrize(
    ("lang", "said", "english"),
    [
        ("zh_CN.UTF-8", ["用法：", "运行 'guanxi import sales --help' 查看帮助。", "错误：没有选项 '--bogus'。"], False),
        ("zh_TW.UTF-8", ["用法：", "執行 'guanxi import sales --help' 檢視幫助。", "錯誤：沒有選項 '--bogus'。"], False),
        ("en_GB.UTF-8", ["Usage:", "Try 'guanxi import sales --help' for help.", "Error: No such option '--bogus'."], True),
    ],
)  # fmt: skip
def test_usage_errors_speak_the_terminals_language(
    lang: str, said: list[str], english: bool, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Click's own words too: they come before Django is set up, from the same catalogue."""
    for variable in ("GUANXI_LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANGUAGE"):
        monkeypatch.delenv(variable, raising=False)
    monkeypatch.setenv("LANG", lang)
    result = CliRunner().invoke(cli, ["import", "sales", "--bogus"], prog_name="guanxi")
    assert result.exit_code == 2
    assert [words for words in said if words not in result.output] == []
    assert ("No such option" in result.output) is english
    # Click's own full stop after a missing argument: full-width in Chinese.
    stop = "." if english else "\u3002"
    without = CliRunner().invoke(cli, ["import", "sales"], prog_name="guanxi")
    assert without.exit_code == 2
    assert without.output.rstrip().endswith(f"'FILE'{stop}")
    # A file that is not there, named in the language spoken (click names it at import).
    missing = CliRunner().invoke(cli, ["import", "sales", "/no/such/file.csv"]).output
    assert ("File '/no/such/file.csv'" in missing) is english
    assert ("/no/such/file.csv" in missing) is True
    # Spoken only while the command runs: the process's gettext is as it was.
    assert "LANGUAGE" not in os.environ
    assert gettext.textdomain() == "messages"


def test_the_site_language_is_the_one_speaking_before_django() -> None:
    from django.conf import settings

    from guanxi.cli.django_setup import SITE_LANGUAGE

    assert settings.LANGUAGE_CODE == SITE_LANGUAGE


# Click's messages about a command declared wrongly: only its authors could see them.
DECLARATION_ERRORS = {
    "Could not determine name for option with declarations {decls!r}",
    "No options defined but a name was passed ({name}). Did you mean to declare an argument "
    "instead? Did you mean to pass '--{name}'?",
    "Arguments take exactly one parameter declaration, got {length}: {decls}.",
    "Name '{name}' defined twice",
    "Boolean option {decl!r} cannot use the same flag for true/false.",
    "Value must be an iterable.",
    "Invalid start character for option ({option})",
    "Unknown color {colour!r}",
    "Unknown standard stream '{name}'",
}
WINDOWS_ONLY = {"Windows error: {error}"}  # click's Windows console; Guanxi runs on Linux


def test_every_word_click_says_is_in_the_catalogue() -> None:
    """Read from click's own source: an upgrade that adds words fails here until they are
    added to CLICK_WORDS (and translated: test_i18n)."""
    import click

    from guanxi.cli import translated

    said = _first_words(Path(click.__file__).parent.glob("*.py"), {"_", "ngettext"})
    said.add("required")  # core.py: extra["required"] = "required", then _(extra["required"])
    listed = _first_words([Path(translated.__file__)], {"gettext_lazy", "ngettext_lazy"})
    assert len(said) > 50
    assert len(listed) == len(translated.CLICK_WORDS)
    assert said - DECLARATION_ERRORS - WINDOWS_ONLY - listed == set()
    assert listed - said == set()


def _first_words(sources: Iterable[Path], functions: set[str]) -> set[str]:
    """The text given first to each call of `functions` in these Python files."""
    found = set()
    for source in sources:
        for node in ast.walk(ast.parse(source.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Call) and getattr(node.func, "id", "") in functions:
                first = node.args[0]
                if isinstance(first, ast.Constant):
                    found.add(first.value)
    return found


def test_usage_errors_exit_with_2() -> None:
    result = CliRunner().invoke(cli, ["user", "add", "x", "--role", "pope"])
    assert result.exit_code == 2


@pytest.mark.django_db
def test_user_add_reads_the_password_file_and_joins_the_team(tmp_path: Path) -> None:
    password_file = tmp_path / "pw"
    password_file.write_text("a-long-enough-passphrase\n")
    result = CliRunner().invoke(
        cli,
        ["user", "add", "kam9", "--role", "kam", "--team", "华南组", "--name", "王磊",
         "--password-file", str(password_file)],
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    user = User.objects.get(username="kam9")
    assert user.check_password("a-long-enough-passphrase")
    assert (user.role, user.team.name, user.display_name) == ("kam", "华南组", "王磊")


@pytest.mark.django_db
def test_user_add_rejects_a_weak_password_and_a_taken_name_with_exit_1(tmp_path: Path) -> None:
    weak = tmp_path / "weak"
    weak.write_text("123")
    result = CliRunner().invoke(
        cli, ["user", "add", "k", "--role", "kam", "--password-file", str(weak)]
    )
    assert result.exit_code == 1
    assert not User.objects.filter(username="k").exists()

    User.objects.create(username="taken")
    strong = tmp_path / "strong"
    strong.write_text("a-long-enough-passphrase")
    taken = ["user", "add", "taken", "--role", "kam", "--password-file", str(strong)]
    result = CliRunner().invoke(cli, taken, env={"LANG": "en_US.UTF-8"})
    assert result.exit_code == 1
    assert "already exists" in result.output
    result = CliRunner().invoke(cli, taken, env={"LANG": "zh_CN.UTF-8"})
    assert "已存在" in result.output


@pytest.mark.parametrize(
    ("lang", "expected"),
    [("zh_TW.UTF-8", "zh-hant"), ("zh_CN.UTF-8", "zh-hans"), ("en_GB.UTF-8", "en"), ("C", None)],
)
def test_the_cli_speaks_the_terminals_language(
    monkeypatch: pytest.MonkeyPatch, lang: str, expected: str | None
) -> None:
    from guanxi.cli.django_setup import terminal_language

    for variable in ("GUANXI_LANGUAGE", "LC_ALL", "LC_MESSAGES"):
        monkeypatch.delenv(variable, raising=False)
    monkeypatch.setenv("LANG", lang)
    assert terminal_language() == expected


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def test_serve_migrates_and_answers_health_checks(tmp_path: Path) -> None:
    port = _free_port()
    env = {k: v for k, v in os.environ.items() if k != "DJANGO_SETTINGS_MODULE"}
    env["GUANXI_HOME"] = str(tmp_path)
    env["GUANXI_LANGUAGE"] = "en"
    env.pop("DATABASE_URL", None)
    server = subprocess.Popen(
        [sys.executable, "-m", "guanxi", "serve", "--port", str(port), "--workers", "1"],
        env=env,
        start_new_session=True,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )
    try:
        body = ""
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=2) as r:
                    body = r.read().decode()
                    break
            except OSError:
                time.sleep(0.5)
        assert body.strip() == "ok"
        assert (tmp_path / "guanxi.sqlite3").exists()
        with urllib.request.urlopen(
            f"http://127.0.0.1:{port}/static/vendor/bootstrap/css/bootstrap.min.css", timeout=5
        ) as r:
            assert r.status == 200
        # A background worker that stops is started again.
        worker = _worker_of(server.pid)
        os.kill(worker, signal.SIGKILL)
        deadline = time.monotonic() + 30
        while _worker_of(server.pid) in (None, worker) and time.monotonic() < deadline:
            time.sleep(0.5)
        assert _worker_of(server.pid) not in (None, worker)
        # Stopped as a service manager or `kill` stops it: the signal to this process
        # alone. It stops the web server and the worker it started, and frees the port.
        server.send_signal(signal.SIGTERM)
        server.wait(timeout=30)
        with pytest.raises(ProcessLookupError):
            os.killpg(server.pid, 0)  # nobody is left of the processes it started
        with socket.socket() as s:  # no listener left on the port (closed ones may linger)
            s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            s.bind(("127.0.0.1", port))
    finally:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(server.pid, signal.SIGKILL)
        server.wait(timeout=20)
    said = server.stdout.read().decode() if server.stdout else ""
    assert "The background worker stopped (exit code -9): started again." in said


@pytest.mark.parametrize(
    ("language", "said"),
    [("en", "Is another server running there?"), ("zh-hans", "那里是否已有另一个服务器在运行")],
)
def test_serve_and_demo_refuse_a_taken_port_before_any_work(
    language: str, said: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("GUANXI_LANGUAGE", language)
    monkeypatch.setenv("GUANXI_HOME", str(tmp_path))
    served = tmp_path / "demo.sqlite3"  # a demo being served: not to be cleared
    served.write_bytes(b"a demo")
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = str(taken.getsockname()[1])
        for args in (["serve", "--port", port], ["demo", "--port", port]):
            result = CliRunner().invoke(cli, args)
            assert result.exit_code == 1, result.output
            assert said in result.output
            assert len(result.output.strip().splitlines()) == 1  # nothing built, nor served
    assert served.read_bytes() == b"a demo"


def _worker_of(pid: int) -> int | None:
    """The running django-tasks worker among the children of this process."""
    children = Path(f"/proc/{pid}/task/{pid}/children").read_text().split()
    for child in children:
        with contextlib.suppress(OSError):
            command = Path(f"/proc/{child}/cmdline").read_bytes().split(b"\0")
            state = Path(f"/proc/{child}/stat").read_text().rsplit(")", 1)[1].split()[0]
            if b"db_worker" in command and state != "Z":
                return int(child)
    return None


@pytest.mark.django_db
def test_user_token_prints_a_working_token_once(client) -> None:  # type: ignore[no-untyped-def]
    User.objects.create(username="scripter", role="admin")
    result = CliRunner().invoke(cli, ["user", "token", "scripter", "--name", "nightly"])
    assert result.exit_code == 0, result.output
    raw = result.output.strip()
    assert raw.startswith("gx_")
    assert client.get("/api/v1/accounts", HTTP_AUTHORIZATION=f"Bearer {raw}").status_code == 200
    assert CliRunner().invoke(cli, ["user", "token", "nobody"]).exit_code == 1
