"""gunicorn as gunicorn.conf.py sets it up: a worker busy with one request accepts no other,
so requests go to the workers free to serve them; a URL longer than it reads is a 414."""

import os
import socket
import subprocess
import sys
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager

from tests.conftest import PROJECT, database_url
from tests.test_database_outage import fetch, free_port, wait_for


@contextmanager
def gunicorn(workers: int) -> Iterator[str]:
    """gunicorn serving the archive on the test database, with gunicorn.conf.py; its base URL."""
    port = free_port()
    app = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "libya_archive.wsgi", "--bind", f"127.0.0.1:{port}", "--workers", str(workers)],
        cwd=PROJECT,
        env={**os.environ, "DATABASE_URL": database_url(), "DEBUG": "1"},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        wait_for(f"http://127.0.0.1:{port}/api/", 200)
        yield f"http://127.0.0.1:{port}"
    finally:
        app.terminate()
        app.wait(timeout=30)


def test_requests_beside_a_held_worker_are_served_by_the_free_one(transactional_db):
    with gunicorn(workers=2) as base_url:
        # A request whose headers never end: the worker that takes it keeps its one thread
        # waiting for them, as a long export keeps it busy.
        held = socket.create_connection(("127.0.0.1", int(base_url.rsplit(":", 1)[1])))
        held.sendall(b"GET /api/actors/ HTTP/1.1\r\nHost: 127.0.0.1\r\n")
        try:
            for _ in range(12):
                with urllib.request.urlopen(f"{base_url}/api/actors/", timeout=3) as response:
                    assert response.status == 200
        finally:
            held.close()


def test_a_url_longer_than_gunicorn_reads_is_the_414_the_api_schema_declares(client, db):
    with gunicorn(workers=1) as base_url:
        assert fetch(f"{base_url}/api/search?q={'x' * 5000}")[0] == 414
    declared = client.get("/api/schema/", {"format": "json"}).json()["paths"]["/api/search"]["get"]["responses"]
    assert "414" in declared
