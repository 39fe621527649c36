"""The benchmark's own database, apart from the development one; Django set up on it; a
timer of the SQL statements Django sends.

BENCH_DATABASE_URL names it (default postgres://postgres@127.0.0.1:5432/bench, the system
PostgreSQL); it must be on 127.0.0.1. `run_import.py` creates it afresh, the other scripts
read it, and `python bench/benchdb.py drop` drops it.
"""

import math
import os
import re
import sys
import time
from collections import Counter, defaultdict
from pathlib import Path
from urllib.parse import urlsplit

import psycopg

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "bench" / "out"
DATABASE_URL = os.environ.get("BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/bench")


def percentile(values: list[float], share: float) -> float:
    """The nearest-rank percentile of `values` (0 for none): the least value at or above
    which `share` of them lie."""
    ordered = sorted(values)
    return ordered[max(0, math.ceil(share * len(ordered)) - 1)] if ordered else 0.0


_STATEMENT = re.compile(r"^(SELECT|INSERT INTO|UPDATE|DELETE FROM|SAVEPOINT|RELEASE SAVEPOINT|ROLLBACK TO SAVEPOINT)")
_TABLE = re.compile(r"\b(archive_\w+)")


class StatementTimer:
    """A Django execute wrapper (`connection.execute_wrapper`): the time spent in each kind
    of SQL statement (verb and table), measured from the client, so it includes the round
    trip. With `keep`, every statement is kept as (seconds, sql, params) too."""

    def __init__(self, *, keep: bool = False) -> None:
        self.calls: Counter = Counter()
        self.seconds: defaultdict = defaultdict(float)
        self.kept: list[tuple[float, str, object]] = []
        self.keep = keep

    def __call__(self, execute, sql, params, many, context):
        verb = _STATEMENT.match(sql)
        table = _TABLE.search(sql)
        kind = f"{verb.group(1) if verb else sql.split()[0]} {table.group(1) if table else ''}".strip()
        if verb and verb.group(1) == "SELECT" and "FOR UPDATE" in sql:
            kind += " FOR UPDATE"
        started = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            elapsed = time.perf_counter() - started
            self.calls[kind] += 1
            self.seconds[kind] += elapsed
            if self.keep:
                self.kept.append((elapsed, sql, params))


def _server_and_name() -> tuple[str, str]:
    """A connection string to the server's `postgres` database, and the benchmark database's name."""
    url = urlsplit(DATABASE_URL)
    if url.hostname != "127.0.0.1":
        raise SystemExit(f"BENCH_DATABASE_URL must point at 127.0.0.1, not {url.hostname!r}")
    name = url.path.lstrip("/")
    if not name.isidentifier():
        raise SystemExit(f"the benchmark database name {name!r} must be a plain identifier")
    return url._replace(path="/postgres").geturl(), name


def recreate() -> None:
    server, name = _server_and_name()
    with psycopg.connect(server, autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        connection.execute(f'CREATE DATABASE "{name}"')


def drop() -> None:
    server, name = _server_and_name()
    with psycopg.connect(server, autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


# Server settings a result depends on, besides the code and the machine.
SERVER_SETTINGS = ("server_version", "shared_buffers", "effective_cache_size", "work_mem", "random_page_cost", "jit")


def server_settings() -> str:
    """The benchmark server's SERVER_SETTINGS, for the line above a result (Django set up)."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SELECT name, setting, unit FROM pg_settings WHERE name = ANY(%s)", [list(SERVER_SETTINGS)])
        found = {name: (setting, unit) for name, setting, unit in cursor.fetchall()}
    return "PostgreSQL " + ", ".join(f"{name} {_with_unit(*found[name])}" for name in SERVER_SETTINGS if name in found)


def _with_unit(setting: str, unit: str | None) -> str:
    """A setting as pg_settings gives it (a count of 8 kB pages, say) in MB where it is memory."""
    if unit in ("8kB", "kB"):
        return f"{int(setting) * (8 if unit == '8kB' else 1) // 1024} MB"
    return setting


def setup_django() -> None:
    """Django on the benchmark database, with the project's settings otherwise."""
    os.environ["DATABASE_URL"] = DATABASE_URL
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "libya_archive.settings")
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()


if __name__ == "__main__":
    if sys.argv[1:] != ["drop"]:
        raise SystemExit("usage: python bench/benchdb.py drop")
    drop()
    print(f"dropped {DATABASE_URL}")
