"""Backing the archive up to one file and restoring it, with PostgreSQL's own tools.

The tools are those of PostgreSQL 16 that pgserver installs with the project, so nothing
else is needed; pg_dump 16 also reads older servers. For a newer server, point PG_BIN_DIR
at its client tools.
"""

import os
import subprocess
from pathlib import Path

from django.conf import settings
from django.db import connections

from libya_archive.archive.editions import current_edition, move_editions_past


class BackupError(RuntimeError):
    pass


def _tool(name: str) -> str:
    if os.environ.get("PG_BIN_DIR"):
        return str(Path(os.environ["PG_BIN_DIR"]) / name)
    from pgserver._commands import POSTGRES_BIN_PATH

    return str(POSTGRES_BIN_PATH / name)


def _connection_arguments() -> tuple[list[str], dict]:
    config = settings.DATABASES["default"]
    arguments = ["--host", config["HOST"] or "localhost", "--username", config["USER"], "--dbname", config["NAME"]]
    if config.get("PORT"):
        arguments += ["--port", str(config["PORT"])]
    return arguments, {**os.environ, "PGPASSWORD": config.get("PASSWORD") or ""}


def _run(command: list[str], env: dict) -> None:
    result = subprocess.run(command, env=env, capture_output=True, text=True)
    if result.returncode != 0:
        raise BackupError(result.stderr.strip() or f"{Path(command[0]).name} failed")


def backup(path: Path) -> None:
    """Write the whole database to `path` (PostgreSQL's compressed custom format)."""
    arguments, env = _connection_arguments()
    path.parent.mkdir(parents=True, exist_ok=True)
    _run([_tool("pg_dump"), "--format=custom", "--no-owner", "--file", str(path), *arguments], env)


def restore(path: Path) -> None:
    """Replace the database's contents with the backup in `path`."""
    if not path.is_file():
        raise BackupError(f"{path}: no such backup file")
    edition = current_edition()
    connections.close_all()
    arguments, env = _connection_arguments()
    _run([_tool("pg_restore"), "--clean", "--if-exists", "--no-owner", "--single-transaction", *arguments, str(path)], env)
    move_editions_past(edition)
