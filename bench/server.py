"""The archive under gunicorn with production settings, on loopback, for the HTTP benchmarks.

gunicorn as deployed (the project's gunicorn.conf.py, unless workers or threads are given),
settings as in .env.example but for plain http on 127.0.0.1 (SECURE_SSL_REDIRECT=0), against
the benchmark database.
"""

import os
import runpy
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path

import benchdb

HOST = "127.0.0.1"
PORT = int(os.environ.get("BENCH_PORT", "8765"))
STARTUP_SECONDS = 30
_DEPLOYED = runpy.run_path(str(benchdb.ROOT / "gunicorn.conf.py"))
GUNICORN_WORKERS, GUNICORN_THREADS = _DEPLOYED["workers"], _DEPLOYED["threads"]
# The Python running the benchmark: `make bench` runs .venv's; a worktree may run another checkout's.
PYTHON = Path(sys.executable)
PRODUCTION_ENV = {
    "DEBUG": "0",
    "SECRET_KEY": "bench-only-secret-key-for-loopback-benchmarks-0123456789-abcdefghij",
    "ALLOWED_HOSTS": HOST,
    "SECURE_SSL_REDIRECT": "0",
    "DATABASE_URL": benchdb.DATABASE_URL,
}


def collect_static(env: dict) -> None:
    """Production serves hashed static files from the manifest collectstatic writes."""
    subprocess.run(
        [PYTHON, "manage.py", "collectstatic", "--noinput", "--verbosity", "0"], cwd=benchdb.ROOT, env=env, check=True
    )


def _port_is_free() -> bool:
    with socket.socket() as probe:
        return probe.connect_ex((HOST, PORT)) != 0


def _wait_until_up(base_url: str, process: subprocess.Popen) -> None:
    deadline = time.monotonic() + STARTUP_SECONDS
    while True:
        try:
            with urllib.request.urlopen(base_url + "/", timeout=5):
                return
        except OSError:  # not listening yet, or an HTTP error
            if process.poll() is not None or time.monotonic() > deadline:
                raise SystemExit(f"gunicorn did not start; see {benchdb.OUT / 'gunicorn.log'}") from None
            time.sleep(0.5)


@contextmanager
def gunicorn(
    *,
    page_cache: bool = True,
    workers: int = GUNICORN_WORKERS,
    threads: int = GUNICORN_THREADS,
    app: str = "libya_archive.wsgi",
    options: Sequence[str] = (),
) -> Iterator[tuple[str, subprocess.Popen]]:
    """Start gunicorn, wait until it answers, yield its base URL and process, stop it.
    Without `page_cache`, every page is made afresh (PAGE_CACHE_SECONDS=0). `app` is the WSGI
    application to serve, `options` more of gunicorn's flags, over gunicorn.conf.py's."""
    if not _port_is_free():
        raise SystemExit(f"{HOST}:{PORT} is taken; set BENCH_PORT to a free port")
    env = {**os.environ, **PRODUCTION_ENV} | ({} if page_cache else {"PAGE_CACHE_SECONDS": "0"})
    collect_static(env)
    # gunicorn.conf.py, read from the working directory, gives the rest (gthread, the access log).
    command = [PYTHON, "-m", "gunicorn", app, "--bind", f"{HOST}:{PORT}"]
    command += ["--workers", str(workers), "--threads", str(threads), *options]
    benchdb.OUT.mkdir(exist_ok=True)
    with open(benchdb.OUT / "gunicorn.log", "ab") as log:
        process = subprocess.Popen(command, cwd=benchdb.ROOT, env=env, stdout=log, stderr=log)
        base_url = f"http://{HOST}:{PORT}"
        try:
            _wait_until_up(base_url, process)
            yield base_url, process
        finally:
            process.terminate()
            process.wait(timeout=30)


def worker_rss_mb(process: subprocess.Popen) -> list[float]:
    """The resident memory of each gunicorn worker (the master's children), in MB."""
    output = subprocess.run(
        ["ps", "-o", "rss=", "--ppid", str(process.pid)], capture_output=True, text=True, check=False
    ).stdout
    return [int(rss) / 1024 for rss in output.split()]
