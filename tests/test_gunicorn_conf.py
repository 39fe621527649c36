"""gunicorn as gunicorn.conf.py sets it up: a worker busy with one request accepts no other,
so requests go to the workers free to serve them."""

import os
import socket
import subprocess
import sys
import urllib.request

from tests.conftest import PROJECT, database_url
from tests.test_database_outage import free_port, wait_for


def test_requests_beside_a_held_worker_are_served_by_the_free_one(transactional_db):
    port = free_port()
    app = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "libya_archive.wsgi", "--bind", f"127.0.0.1:{port}", "--workers", "2"],
        cwd=PROJECT,
        env={**os.environ, "DATABASE_URL": database_url(), "DEBUG": "1"},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    url = f"http://127.0.0.1:{port}/api/actors/"
    try:
        wait_for(url, 200)
        # A request whose headers never end: the worker that takes it keeps its one thread
        # waiting for them, as a long export keeps it busy.
        held = socket.create_connection(("127.0.0.1", port))
        held.sendall(b"GET /api/actors/ HTTP/1.1\r\nHost: 127.0.0.1\r\n")
        try:
            for _ in range(12):
                with urllib.request.urlopen(url, timeout=3) as response:
                    assert response.status == 200
        finally:
            held.close()
    finally:
        app.terminate()
        app.wait(timeout=30)
