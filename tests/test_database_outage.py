"""A database restart while the site serves: 503 pages during the outage, then service
again without restarting the application."""

import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
import warnings
from pathlib import Path
from urllib.parse import quote

import pytest

from tests.conftest import PROJECT, manage


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def fetch(url: str) -> tuple[int, str]:
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            return response.status, response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode()


def wait_for(url: str, status: int, seconds: float = 30) -> str:
    deadline = time.monotonic() + seconds
    while True:
        try:
            got, body = fetch(url)
        except OSError:
            got, body = None, ""
        if got == status:
            return body
        if time.monotonic() > deadline:
            raise AssertionError(f"{url} answered {got}, not {status}")
        time.sleep(0.2)


@pytest.fixture
def own_database_server():
    """An embedded PostgreSQL of this test's own, which it may stop and start."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        import pgserver
        from pgserver._commands import pg_ctl

    # Not under pytest's tmp_path: run as root, pgserver starts PostgreSQL as its own
    # unprivileged user, which may not enter pytest's private temporary folders.
    folder = Path(tempfile.mkdtemp(prefix="archive-outage-"))
    folder.chmod(0o755)
    server = pgserver.get_server(folder / "pgdata", cleanup_mode="delete")
    socket_dir = server.get_uri().split("host=")[1]
    server.psql("CREATE DATABASE outage;")

    def stop():
        pg_ctl(["-w", "stop", "-m", "fast"], pgdata=server.pgdata, user=server.system_user)

    def start():
        server.ensure_postgres_running()

    yield f"postgres://postgres@{quote(socket_dir, safe='')}/outage", stop, start
    server.cleanup()
    shutil.rmtree(folder, ignore_errors=True)


def test_pages_answer_503_while_the_database_restarts_and_recover_by_themselves(own_database_server):
    url, stop_database, start_database = own_database_server
    env = {"DATABASE_URL": url, "DEBUG": "1"}
    manage("migrate", "-v0", env=env)
    port = free_port()
    app = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "libya_archive.wsgi", "--bind", f"127.0.0.1:{port}", "--workers", "1"],
        cwd=PROJECT,
        env={**os.environ, **env},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    page = f"http://127.0.0.1:{port}/articles/"
    try:
        wait_for(page, 200)
        stop_database()
        body = wait_for(page, 503)
        assert "الأرشيف غير متاح مؤقتًا" in body
        start_database()
        assert 'lang="ar"' in wait_for(page, 200)
        assert fetch(f"http://127.0.0.1:{port}/search?q={quote('سرت')}")[0] == 200
    finally:
        app.terminate()
        app.wait(timeout=30)
