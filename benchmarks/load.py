"""Load: many users at once against `guanxi serve` on the default SQLite (DESIGN §9).

Target: 50 concurrent users, mixed reads and writes, 60 s, default SQLite deployment: zero
errors, no "database is locked".

The server is the real one (`guanxi serve`: granian and the background worker) on the demo
workspace, built afresh in a temporary GUANXI_HOME (`guanxi demo --no-serve`) unless
--home names one built before. Each user is a thread with its own keep-alive connection,
logged in through the login form as one of the demo's key account managers (the same
manager may be logged in several times), and, for its writes, holding that manager's API
token. Until the time is up, each user in turn:

- reads (4 in 5): the account list, one of its accounts' overview or Map tab, the map's
  insights fragment, or "My insights";
- writes (1 in 5), through the API: changes a contact's stance (each change is kept in the
  contact's history and queues its map to be drawn again), or adds a contact.

Counted as an error: any answer but the one expected (200, 201), and any request that
fails. After the run the server's own output is searched for "database is locked" and for
tracebacks. The load generator runs on the same machine as the server (2 cores here), so
the figures are those of a machine doing both.

    .venv/bin/python benchmarks/load.py [--users 50] [--seconds 60] [--home DIR]
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import platform
import random
import re
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections import defaultdict
from dataclasses import dataclass, field
from http.cookies import SimpleCookie
from pathlib import Path
from urllib.parse import urlencode

ARGS = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
ARGS.add_argument("--users", type=int, default=50)
ARGS.add_argument("--seconds", type=float, default=60)
ARGS.add_argument("--workers", type=int, default=2, help="the web server's processes")
ARGS.add_argument("--home", type=Path, help="a GUANXI_HOME where `guanxi demo` built before")
ARGS.add_argument("--writes", type=float, default=0.2, help="the share of requests that write")
PASSWORD = "guanxi-demo"  # the demo's
GUANXI = [sys.executable, "-m", "guanxi"]


@dataclass
class Tally:
    times: dict[str, list[float]] = field(default_factory=lambda: defaultdict(list))
    errors: dict[str, list[str]] = field(default_factory=lambda: defaultdict(list))
    lock: threading.Lock = field(default_factory=threading.Lock)

    def add(self, kind: str, seconds: float, error: str | None) -> None:
        with self.lock:
            self.times[kind].append(seconds)
            if error is not None:
                self.errors[kind].append(error)


class Browser:
    """One user's connection: cookies kept, keep-alive, HTTP/1.1."""

    def __init__(self, port: int) -> None:
        self.port = port
        self.cookies: dict[str, str] = {}
        self.connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)

    def request(
        self,
        method: str,
        path: str,
        body: bytes | None = None,
        headers: dict[str, str] | None = None,
    ) -> tuple[int, bytes]:
        sent = dict(headers or {})
        if self.cookies:
            sent["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        for attempt in (1, 2):  # a kept-alive connection the server closed: once more
            try:
                self.connection.request(method, path, body=body, headers=sent)
                answer = self.connection.getresponse()
                data = answer.read()
                break
            except (http.client.RemoteDisconnected, BrokenPipeError, ConnectionResetError):
                self.connection.close()
                self.connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=60)
                if attempt == 2:
                    raise
        for header in answer.headers.get_all("Set-Cookie") or []:
            for name, morsel in SimpleCookie(header).items():
                self.cookies[name] = morsel.value
        return answer.status, data

    def log_in(self, username: str) -> None:
        status, page = self.request("GET", "/login/")
        token = re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', page)
        assert status == 200 and token, status
        form = urlencode(
            {"username": username, "password": PASSWORD, "csrfmiddlewaretoken": token[1].decode()}
        ).encode()
        status, _ = self.request(
            "POST", "/login/", form, {"Content-Type": "application/x-www-form-urlencoded"}
        )
        assert status == 302, f"{username}: login answered {status}"


@dataclass
class Manager:
    username: str
    token: str
    accounts: list[int]
    contacts: list[int]


def main() -> None:
    args = ARGS.parse_args()
    home = args.home or Path(tempfile.mkdtemp(prefix="guanxi-load-"))
    env = {**os.environ, "GUANXI_HOME": str(home), "GUANXI_LANGUAGE": "en"}
    env["DATABASE_URL"] = f"sqlite:///{home / 'demo.sqlite3'}"
    env.pop("DJANGO_SETTINGS_MODULE", None)
    if args.home is None:
        print(f"building the demo workspace in {home} …", flush=True)
        subprocess.run([*GUANXI, "demo", "--no-serve"], env=env, check=True, capture_output=True)
    port = _free_port()
    log = home / "load-server.log"
    with log.open("wb") as output:
        server = subprocess.Popen(
            [*GUANXI, "serve", "--port", str(port), "--workers", str(args.workers)],
            env=env, stdout=output, stderr=subprocess.STDOUT, start_new_session=True,
        )  # fmt: skip
        try:
            _wait_for(port)
            managers = _managers(env, port)
            tally, done = _run(args, port, managers)
        finally:
            server.send_signal(signal.SIGTERM)
            server.wait(timeout=60)
    said = log.read_text(encoding="utf-8", errors="replace")
    _report(args, tally, done, said, managers)


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _wait_for(port: int) -> None:
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        try:
            status, _ = Browser(port).request("GET", "/healthz")
            if status == 200:
                return
        except OSError:
            pass
        time.sleep(0.5)
    raise SystemExit("the server did not answer /healthz within 120 s")


def _managers(env: dict[str, str], port: int) -> list[Manager]:
    """The demo's key account managers, each with an API token and what it can write to."""
    listing = subprocess.run(
        [*GUANXI, "manage", "shell", "--no-imports", "-c",
         "from guanxi.users.models import User; "
         "print(' '.join(f'{u}:{pk}' for u, pk in User.objects.filter(role='kam')"
         ".order_by('username').values_list('username', 'pk')))"],
        env=env, check=True, capture_output=True, text=True,
    ).stdout.split()  # fmt: skip
    managers = []
    for username, pk in (item.split(":") for item in listing):
        token = subprocess.run(
            [*GUANXI, "user", "token", username, "--name", "load"],
            env=env, check=True, capture_output=True, text=True,
        ).stdout.strip()  # fmt: skip
        api = Browser(port)
        auth = {"Authorization": f"Bearer {token}"}
        _, body = api.request("GET", f"/api/v1/accounts?limit=200&owner={pk}", headers=auth)
        accounts = [item["id"] for item in json.loads(body)["items"]]  # their own: theirs to edit
        contacts = []
        for account in accounts[:10]:
            _, body = api.request("GET", f"/api/v1/contacts?account={account}", headers=auth)
            contacts += [item["id"] for item in json.loads(body)["items"]]
        if accounts and contacts:
            managers.append(Manager(username, token, accounts, contacts))
    if not managers:
        raise SystemExit("no key account manager with accounts and contacts in the workspace")
    return managers


def _run(args: argparse.Namespace, port: int, managers: list[Manager]) -> tuple[Tally, float]:
    tally = Tally()
    deadline: list[float] = []  # set once every user has logged in, before any goes on
    ready = threading.Barrier(
        args.users + 1, action=lambda: deadline.append(time.monotonic() + args.seconds)
    )

    def user(number: int) -> None:
        rng = random.Random(number)
        manager = managers[number % len(managers)]
        browser = Browser(port)
        browser.log_in(manager.username)
        api = Browser(port)
        auth = {"Authorization": f"Bearer {manager.token}", "Content-Type": "application/json"}
        ready.wait()
        while time.monotonic() < deadline[0]:
            account = rng.choice(manager.accounts)
            if rng.random() < args.writes:
                if rng.random() < 0.8:
                    kind, method, expected = "write: stance", "PATCH", 200
                    path = f"/api/v1/contacts/{rng.choice(manager.contacts)}"
                    body: dict[str, object] = {"stance": rng.randint(-2, 2)}
                else:
                    kind, method, path, expected = (
                        "write: new contact",
                        "POST",
                        "/api/v1/contacts",
                        201,
                    )
                    body = {"account": account, "name": f"负载测试{number}-{rng.randrange(10**6)}"}
                data: bytes | None = json.dumps(body).encode()
                headers, client = auth, api
            else:
                kind, path = rng.choice(
                    [
                        ("account list", "/"),
                        ("account overview", f"/accounts/{account}/"),
                        ("map tab", f"/accounts/{account}/map/"),
                        ("map insights", f"/accounts/{account}/map/insights/"),
                        ("my insights", "/insights/"),
                    ]
                )
                method, data, headers, expected, client = "GET", None, {}, 200, browser
            started = time.perf_counter()
            try:
                status, _ = client.request(method, path, data, headers)
                error = None if status == expected else f"{status} {method} {path}"
            except (OSError, http.client.HTTPException) as failure:
                error = f"{type(failure).__name__}: {failure} ({method} {path})"
            tally.add(kind, time.perf_counter() - started, error)

    threads = [threading.Thread(target=user, args=(n,), daemon=True) for n in range(args.users)]
    for thread in threads:
        thread.start()
    ready.wait()  # every user logged in
    begun = time.monotonic()
    for thread in threads:
        thread.join(args.seconds + 120)
    return tally, time.monotonic() - begun


def _report(
    args: argparse.Namespace, tally: Tally, seconds: float, said: str, managers: list[Manager]
) -> None:
    total = sum(len(times) for times in tally.times.values())
    errors = sum(len(found) for found in tally.errors.values())
    locked = said.count("database is locked")
    tracebacks = said.count("Traceback")
    load = " ".join(f"{value:.1f}" for value in os.getloadavg())
    print(
        f"{platform.machine()}, {os.cpu_count()} cores, load {load}, Python "
        f"{platform.python_version()}; SQLite, {args.workers} web processes"
    )
    print(
        f"{args.users} users ({len(managers)} key account managers), {seconds:.0f} s: "
        f"{total:,} requests, {total / seconds:.1f} a second"
    )
    print(f"{'request':<22}{'count':>8}{'errors':>8}{'p50 ms':>9}{'p95 ms':>9}{'max ms':>9}")
    for kind in sorted(tally.times):
        times = sorted(tally.times[kind])
        p95 = times[min(len(times) - 1, int(len(times) * 0.95))]
        print(
            f"{kind:<22}{len(times):>8,}{len(tally.errors[kind]):>8}"
            f"{statistics.median(times) * 1000:>9.1f}{p95 * 1000:>9.1f}{times[-1] * 1000:>9.1f}"
        )
    print(f"errors: {errors}; 'database is locked' in the server's output: {locked}; "
          f"tracebacks: {tracebacks}")  # fmt: skip
    for kind, found in sorted(tally.errors.items()):
        for example in sorted(set(found))[:3]:
            print(f"  {kind}: {example}")
    if errors or locked or tracebacks:
        raise SystemExit(1)


if __name__ == "__main__":
    main()
