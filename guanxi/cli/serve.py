from __future__ import annotations

import gettext as terminal  # the catalogue the command speaks (translated.speaking)
import os
import signal
import socket
import subprocess
import sys
import time
from types import FrameType

import click

from guanxi.cli.django_setup import reject, setup_django
from guanxi.cli.translated import Command, gettext_noop

STOP_SIGNALS = (signal.SIGTERM, signal.SIGHUP)
STOP_SECONDS = 10  # for each process to finish what it is doing, before it is killed
WATCH_SECONDS = 1.0  # how often the worker is looked at
RESTART_SECONDS = 5.0  # a worker that keeps failing is started again at most this often


class _Stopped(Exception):
    """SIGTERM or SIGHUP reached `guanxi serve`."""


def run_server(host: str, port: int, *, workers: int = 2) -> None:
    """Run granian (the web server) and a django-tasks database worker until interrupted.
    The worker's first job: the big relationship maps, drawn before anyone opens them.

    A worker that stops (the database gone for a while, say) is started again: without
    it, imports from the web and maps drawn ahead would wait for ever. Stopped by Ctrl-C,
    SIGTERM or SIGHUP sent to this process alone (`kill`, a service manager), it stops
    both before it exits: left running, they would go on answering on the port beside the
    next server started."""
    from django.core.management import call_command
    from django.utils.translation import gettext

    call_command("draw_maps_ahead", verbosity=0)
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "guanxi.config.settings"}
    web = [
        sys.executable, "-m", "granian", "--interface", "wsgi",
        "--host", host, "--port", str(port), "--workers", str(workers),
        "--blocking-threads", "4", "guanxi.config.wsgi:application",
    ]  # fmt: skip
    worker = [sys.executable, "-m", "guanxi", "manage", "db_worker", "--interval", "2"]

    def stop(_signal: int, _frame: FrameType | None) -> None:
        raise _Stopped

    before = {number: signal.signal(number, stop) for number in STOP_SIGNALS}
    children: list[subprocess.Popen[bytes]] = []
    ended: int | None = None  # the web server's exit code, had it stopped by itself
    try:
        children.append(subprocess.Popen(worker, env=env))
        started = time.monotonic()
        children.append(subprocess.Popen(web, env=env))
        while (ended := children[1].poll()) is None:
            code = children[0].poll()
            if code is not None and time.monotonic() - started >= RESTART_SECONDS:
                click.echo(
                    gettext("The background worker stopped (exit code %(code)s): started again.")
                    % {"code": code},
                    err=True,
                )
                children[0] = subprocess.Popen(worker, env=env)
                started = time.monotonic()
            time.sleep(WATCH_SECONDS)
    except (KeyboardInterrupt, _Stopped):
        pass
    finally:
        for number in STOP_SIGNALS:  # a second signal no longer interrupts the stopping
            signal.signal(number, signal.SIG_IGN)
        _stop(children)
        for number, handler in before.items():
            signal.signal(number, handler)
    if ended:  # it failed (its port taken, say): so does this command
        raise SystemExit(ended)


PORT_TAKEN = gettext_noop(
    "Cannot listen on %(host)s port %(port)s (%(reason)s). Is another server running there? "
    "Choose another port with --port."
)


def refuse_a_taken_port(host: str, port: int) -> None:
    """Stop with a clear word, before any work, when nothing can listen on host:port (a
    server already there): the web server would fail only later, in a trace of its own.
    Needs no Django: its words come from the catalogue the command speaks (`speaking`)."""
    try:
        family = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)[0][0]
        with socket.socket(family, socket.SOCK_STREAM) as probe:
            probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)  # as servers do
            probe.bind((host, port))
    except OSError as error:
        reason = error.strerror or str(error)
        reject(terminal.gettext(PORT_TAKEN) % {"host": host, "port": port, "reason": reason})


def _stop(children: list[subprocess.Popen[bytes]]) -> None:
    """The web server, then the worker: each asked to stop, killed if it has not."""
    for child in reversed(children):
        if child.poll() is None:
            child.terminate()
    for child in reversed(children):
        try:
            child.wait(timeout=STOP_SECONDS)
        except subprocess.TimeoutExpired:
            child.kill()
            child.wait()


@click.command(
    cls=Command,
    help=gettext_noop("Migrate the database, then run the web server and a background worker."),
)
@click.option(
    "--host", default="127.0.0.1", show_default=True, help=gettext_noop("Address to listen on.")
)
@click.option(
    "--port",
    default=8000,
    show_default=True,
    type=click.IntRange(1, 65535),
    help=gettext_noop("Port to listen on."),
)
@click.option(
    "--workers",
    default=2,
    show_default=True,
    type=click.IntRange(1, 64),
    help=gettext_noop("Web server processes."),
)
def serve(host: str, port: int, workers: int) -> None:
    setup_django()
    from django.core.management import call_command
    from django.utils.translation import gettext

    refuse_a_taken_port(host, port)
    call_command("migrate", interactive=False, verbosity=0)
    click.echo(gettext("Guanxi is at %(url)s") % {"url": f"http://{host}:{port}/"})
    run_server(host, port, workers=workers)
