"""Unrelated requests while one slow request holds a worker: whether they wait behind it.

Starts gunicorn with the project's gunicorn.conf.py (bench/server.py, production settings)
on the benchmark database (BENCH_DATABASE_URL; any archive will do, it is only read),
serving the archive plus one path of this script's own, /bench/slow, which stands for a long
export: it streams a line a second for --held seconds, each line after a one-second
statement in PostgreSQL (each under the request deadline, as an export's are). While it runs,
--requests GET /api/actors/ are sent at once, each with a --timeout; their latency and
failures are printed, for each gunicorn setting asked:

  before   --worker-connections 1000 --keep-alive 2 (gunicorn's defaults, the project's until
           it set them): a worker accepts connections its one thread cannot serve yet
  after    gunicorn.conf.py as it is

    BENCH_DATABASE_URL=postgres://postgres@127.0.0.1:5432/helper_ops \\
        .venv/bin/python bench/run_beside_slow.py [--held 30] [--requests 80] [--timeout 25]

Pages are made afresh (PAGE_CACHE_SECONDS=0), so each request asks the database.
"""

import argparse
import statistics
import threading
import time
import urllib.request
from functools import cache

import server

SLOW_PATH = "/bench/slow"
PROBE_PATH = "/api/actors/"
SETTINGS = {
    "before": ["--worker-connections", "1000", "--keep-alive", "2"],
    "after": [],
}


@cache
def _archive():
    from libya_archive.wsgi import application

    return application


def application(environ, start_response):
    """The archive, and /bench/slow: what gunicorn serves here (`run_beside_slow:application`)."""
    if environ["PATH_INFO"] != SLOW_PATH:
        return _archive()(environ, start_response)
    _archive()  # Django set up
    seconds = int(environ.get("QUERY_STRING", "").removeprefix("seconds=") or 30)
    start_response("200 OK", [("Content-Type", "text/plain")])
    return _slow_lines(seconds)


def _slow_lines(seconds: int):
    from django.db import connection

    for second in range(seconds):
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_sleep(1)")
        yield f"{second}\n".encode()


def _get(url: str, timeout: float) -> tuple[float, int | str]:
    """(seconds, HTTP status or the error's name)."""
    started = time.perf_counter()
    try:
        with urllib.request.urlopen(url, timeout=timeout) as response:
            response.read()
            status = response.status
    except urllib.error.HTTPError as error:
        status = error.code
    except OSError as error:
        status = type(error).__name__
    return time.perf_counter() - started, status


def measure(name: str, *, held: int, requests: int, timeout: float) -> dict:
    options = ["--pythonpath", str(server.benchdb.ROOT / "bench"), *SETTINGS[name]]
    with server.gunicorn(page_cache=False, app="run_beside_slow:application", options=options) as (base_url, _):
        for _ in range(4 * server.GUNICORN_WORKERS):  # every worker's imports and connection made
            _get(base_url + PROBE_PATH, timeout)
        slow: list = []
        slow_thread = threading.Thread(target=lambda: slow.append(_get(f"{base_url}{SLOW_PATH}?seconds={held}", held + 60)))
        if held:
            slow_thread.start()
            time.sleep(1)  # on a worker by now
        results: list = [None] * requests
        start = threading.Barrier(requests)

        def probe(number: int) -> None:
            start.wait()
            results[number] = _get(base_url + PROBE_PATH, timeout)

        threads = [threading.Thread(target=probe, args=(number,)) for number in range(requests)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        if held:
            slow_thread.join()
    latencies = sorted(seconds * 1000 for seconds, status in results if status == 200)
    failed = [status for _, status in results if status != 200]
    return {
        "setting": name,
        "ok": len(latencies),
        "failed": len(failed),
        "why": ", ".join(sorted({str(status) for status in failed})),
        "p50": statistics.median(latencies) if latencies else float("nan"),
        "p99": latencies[min(len(latencies) - 1, round(0.99 * len(latencies)))] if latencies else float("nan"),
        "max": latencies[-1] if latencies else float("nan"),
        "slow": slow[0] if slow else None,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--held", type=int, default=30, help="seconds the slow request lasts (default 30; 0: none)")
    parser.add_argument("--requests", type=int, default=80, help="unrelated requests sent at once (default 80)")
    parser.add_argument("--timeout", type=float, default=25, help="each one's client timeout in seconds (default 25)")
    parser.add_argument("--settings", nargs="+", choices=list(SETTINGS), default=list(SETTINGS))
    args = parser.parse_args()
    rows = [measure(name, held=args.held, requests=args.requests, timeout=args.timeout) for name in args.settings]
    print(f"{args.requests} × GET {PROBE_PATH} at once, while one request holds a worker for {args.held} s")
    print(f"(gunicorn: {server.GUNICORN_WORKERS} workers × {server.GUNICORN_THREADS} thread; client timeout {args.timeout:g} s)")
    print("| setting | answered | failed | p50 ms | p99 ms | max ms | slow request |")
    print("| --- | ---: | ---: | ---: | ---: | ---: | --- |")
    for row in rows:
        failed = f"{row['failed']} ({row['why']})" if row["failed"] else "0"
        slow = f"{row['slow'][1]} in {row['slow'][0]:.1f} s" if row["slow"] else "none"
        print(
            f"| {row['setting']} | {row['ok']} | {failed} | {row['p50']:,.0f} | {row['p99']:,.0f} | {row['max']:,.0f} | {slow} |"
        )


if __name__ == "__main__":
    main()
