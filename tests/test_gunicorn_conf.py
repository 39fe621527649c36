"""gunicorn as gunicorn.conf.py sets it up: a worker busy with one request accepts no other,
so requests go to the workers free to serve them; a URL longer than it reads is a 414."""

import socket
import urllib.request

from tests.conftest import database_url
from tests.live_server import fetch, gunicorn


def served(workers: int):
    """gunicorn serving the archive on the test database, with gunicorn.conf.py."""
    return gunicorn({"DATABASE_URL": database_url(), "DEBUG": "1"}, workers=workers)


def test_requests_beside_a_held_worker_are_served_by_the_free_one(transactional_db):
    with served(workers=2) as base_url:
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
    with served(workers=1) as base_url:
        assert fetch(f"{base_url}/api/search?q={'x' * 5000}")[0] == 414
    declared = client.get("/api/schema/", {"format": "json"}).json()["paths"]["/api/search"]["get"]["responses"]
    assert "414" in declared
