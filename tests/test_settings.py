import os
import subprocess
import sys
from pathlib import Path

PROJECT = Path(__file__).resolve().parent.parent
PRODUCTION = {
    "DEBUG": "0",
    "SECRET_KEY": "a-production-secret-key-that-is-long-and-random-enough-0123456789",
    "ALLOWED_HOSTS": "archive.example.org",
    # Settings are only read: no connection is made to this database.
    "DATABASE_URL": "postgres://postgres@127.0.0.1:5432/unused",
}


def manage(*args: str, **env: str) -> subprocess.CompletedProcess:
    # The browser tests' conftest turns Django's async-safety check off for this test run;
    # a production process never has it off, and `check --deploy` rightly fails when it is.
    inherited = {name: value for name, value in os.environ.items() if name != "DJANGO_ALLOW_ASYNC_UNSAFE"}
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=PROJECT,
        env={**inherited, **env},
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_the_deployment_check_is_clean_in_production_mode():
    result = manage("check", "--deploy", "--fail-level", "WARNING", **PRODUCTION)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_production_mode_refuses_to_start_without_a_secret_key():
    result = manage("check", **{**PRODUCTION, "SECRET_KEY": ""})
    assert result.returncode != 0
    assert "SECRET_KEY must be set" in result.stderr


def test_a_malformed_boolean_setting_fails_loudly():
    result = manage("check", **{**PRODUCTION, "DEBUG": "maybe"})
    assert result.returncode != 0
    assert "DEBUG must be a boolean" in result.stderr


def test_every_connection_gives_a_sort_or_bitmap_16_mb_of_memory(db):
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SHOW work_mem")
        assert cursor.fetchone() == ("16MB",)


def test_an_empty_work_memory_setting_leaves_the_servers_own():
    check = "from django.conf import settings; print(settings.DATABASES['default'].get('OPTIONS', {}).get('options', ''))"
    unused = PRODUCTION["DATABASE_URL"]
    asked = manage("shell", "--no-imports", "-c", check, DATABASE_URL=unused, DATABASE_WORK_MEM="8MB").stdout.strip()
    left = manage("shell", "--no-imports", "-c", check, DATABASE_URL=unused, DATABASE_WORK_MEM="").stdout.strip()
    assert (asked, left) == ("-c work_mem=8MB", "")
