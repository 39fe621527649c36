"""A database restart while the site serves: 503 pages during the outage, then service
again without restarting the application."""

import shutil
import tempfile
import warnings
from pathlib import Path
from urllib.parse import quote

import pytest

from tests.conftest import manage
from tests.live_server import fetch, gunicorn, wait_for


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
    with gunicorn(env) as site:
        page = f"{site}/articles/"
        stop_database()
        body = wait_for(page, 503)
        assert "الأرشيف غير متاح مؤقتًا" in body
        start_database()
        assert 'lang="ar"' in wait_for(page, 200)
        assert fetch(f"{site}/search?q={quote('سرت')}")[0] == 200
