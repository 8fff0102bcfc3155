from __future__ import annotations

import os
import subprocess
import sys

import click

from guanxi.cli.django_setup import setup_django
from guanxi.cli.translated import Command, gettext_noop


def run_server(host: str, port: int, *, workers: int = 2) -> None:
    """Run granian (the web server) and a django-tasks database worker until interrupted.
    The worker's first job: the big relationship maps, drawn before anyone opens them."""
    from django.core.management import call_command

    call_command("draw_maps_ahead", verbosity=0)
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "guanxi.config.settings"}
    worker = subprocess.Popen(
        [sys.executable, "-m", "guanxi", "manage", "db_worker", "--interval", "2"], env=env
    )
    web = [
        sys.executable, "-m", "granian", "--interface", "wsgi",
        "--host", host, "--port", str(port), "--workers", str(workers),
        "--blocking-threads", "4", "guanxi.config.wsgi:application",
    ]  # fmt: skip
    try:
        subprocess.run(web, env=env, check=False)
    except KeyboardInterrupt:
        pass
    finally:
        worker.terminate()
        try:
            worker.wait(timeout=10)
        except subprocess.TimeoutExpired:
            worker.kill()


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

    call_command("migrate", interactive=False, verbosity=0)
    click.echo(gettext("Guanxi is at %(url)s") % {"url": f"http://{host}:{port}/"})
    run_server(host, port, workers=workers)
