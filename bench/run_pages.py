"""Page throughput under load: wrk with 32 connections against gunicorn with production
settings, for the home page, article pages, actor pages and the search page, and for later
pages (after a cursor) of an actor, of the article list and of a search by date. Reports
requests/s, latency percentiles, errors (there must be none) and the workers' memory.

    .venv/bin/python bench/run_pages.py                 # after run_import.py
    .venv/bin/python bench/run_pages.py --seconds 10 --no-page-cache

Where a page takes parameters, each request takes the next of a list (wrk's Lua `request`
hook), so the database does not answer one row from cache all the time. With the page
cache on (as in production), every path of a list is kept after its first request: that
run measures pages readers have asked for before; `--no-page-cache` measures first visits.
wrk runs on the same 2 cores as gunicorn and PostgreSQL; it is light next to them, but not
free. Writes bench/out/pages-c32.json (pages-c32-no-cache.json).
"""

import argparse
import json
import random
import re
import shutil
import statistics
import subprocess
import time
import urllib.parse
import urllib.request

import benchdb
from server import GUNICORN_THREADS, GUNICORN_WORKERS

CONNECTIONS = 32
THREADS = 2
# A request slower than this counts as an error. Long enough that a slow page under 32
# connections shows its real latency rather than a count of timeouts.
TIMEOUT = "30s"
ARTICLE_SAMPLE = 200
ALONE_PATHS = 5
SEARCH_SAMPLE = 20
# Later pages of a list start after an article picked at random, anywhere in the archive.
LATER_PAGE_SAMPLE = 20
_UNITS_MS = {"us": 0.001, "ms": 1.0, "s": 1000.0, "m": 60_000.0}
_LATENCY_LINE = re.compile(r"^\s+(50|75|90|99)%\s+([\d.]+)(us|ms|s|m)\s*$", re.MULTILINE)


def page_paths(seed: int) -> dict[str, list[str]]:
    """The paths each page class requests, in turn."""
    from run_queries import medium_range, typed_words

    from libya_archive.archive.models import Actor, Article

    rng = random.Random(seed)
    ids = list(Article.objects.values_list("id", flat=True))
    actors = list(
        Actor.objects.filter(article_count__gt=0).order_by("-article_count", "slug").values_list("slug", flat=True)
    )
    medium = typed_words(rng, {"documents__range": medium_range(len(ids))}, SEARCH_SAMPLE)
    common = typed_words(rng, {}, SEARCH_SAMPLE, commonest=True)
    shown = rng.sample(ids, min(ARTICLE_SAMPLE, len(ids)))
    after = Article.objects.filter(pk__in=rng.sample(ids, min(LATER_PAGE_SAMPLE, len(ids)))).only("id", "published_on")
    later = [article.cursor for article in after]
    median_actor = f"/actors/{urllib.parse.quote(actors[len(actors) // 2])}/"

    def search(words: list[str]) -> list[str]:
        return [f"/search?{urllib.parse.urlencode({'q': word})}" for word in words]

    return {
        "home": ["/"],
        "article": [f"/articles/{pk}/" for pk in shown],
        "actor, most named": [f"/actors/{urllib.parse.quote(actors[0])}/"],
        "actor, median": [median_actor],
        "actor, later pages": [f"{median_actor}?after={cursor}" for cursor in later],
        "article list, later pages": [f"/articles/?after={cursor}" for cursor in later],
        "search, medium words": search(medium),
        "search, common words": search(common),
        "search by date, later pages": [
            f"/search?{urllib.parse.urlencode({'q': word, 'sort': 'date', 'after': cursor})}" for word, cursor in zip(medium, later)
        ],
    }


def lua_script(paths: list[str]) -> str:
    """A wrk script requesting `paths` in turn (they are URL-encoded ASCII: safe in a Lua string)."""
    listed = ",\n  ".join(f'"{path}"' for path in paths)
    return (
        f"local paths = {{\n  {listed}\n}}\n"
        "local n = 0\n"
        "request = function()\n"
        "  n = n + 1\n"
        '  return wrk.format("GET", paths[(n % #paths) + 1])\n'
        "end\n"
    )


def time_alone(base_url: str, paths: list[str]) -> float:
    """The median time of the page with nothing else running: its first few paths, three
    times each, one at a time over HTTP. Fails early on a page that does not answer."""
    times = []
    for path in paths[:ALONE_PATHS] * 3:
        started = time.perf_counter()
        with urllib.request.urlopen(base_url + path, timeout=60) as response:
            response.read()
        times.append(1000 * (time.perf_counter() - started))
    return statistics.median(times)


def sql_of(path: str) -> dict:
    """What one request for `path` asks of the database, in process (Django's test client):
    the statements, their time, and the slowest one."""
    from django.db import connection
    from django.test import Client

    timer = benchdb.StatementTimer(keep=True)
    with connection.execute_wrapper(timer):
        started = time.perf_counter()
        Client().get(path)
        total = time.perf_counter() - started
    seconds, sql, params = max(timer.kept, key=lambda statement: statement[0])
    return {
        "ms": 1000 * total,
        "sql_ms": 1000 * sum(timer.seconds.values()),
        "statements": sum(timer.calls.values()),
        "slowest_ms": 1000 * seconds,
        "slowest_sql": f"{sql} {params}",
    }


def run_wrk(base_url: str, name: str, paths: list[str], seconds: int, connections: int) -> dict:
    script = benchdb.OUT / f"wrk-{re.sub(r'[^a-z]+', '-', name)}.lua"
    script.write_text(lua_script(paths))
    command = ["wrk", "-t", str(THREADS), "-c", str(connections), "-d", f"{seconds}s", "--timeout", TIMEOUT]
    command += ["--latency", "-s", str(script), base_url]
    output = subprocess.run(command, capture_output=True, text=True, check=True, timeout=seconds + 60).stdout
    socket_errors = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", output)
    non_2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    return {
        "requests": int(re.search(r"(\d+) requests in", output).group(1)),
        "requests_per_second": float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1)),
        "latency_ms": {f"p{p}": float(v) * _UNITS_MS[u] for p, v, u in _LATENCY_LINE.findall(output)},
        "errors": sum(map(int, socket_errors.groups())) if socket_errors else 0,
        "non_2xx": int(non_2xx.group(1)) if non_2xx else 0,
        "wrk_output": output,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seconds", type=int, default=20, help="How long each page is loaded (default 20).")
    parser.add_argument("--seed", type=int, default=1, help="Picks the articles and search words (default 1).")
    parser.add_argument("--connections", type=int, default=CONNECTIONS, help=f"wrk connections (default {CONNECTIONS}).")
    parser.add_argument("--pages", nargs="*", help="Only these page classes (default: all).")
    parser.add_argument(
        "--no-page-cache", action="store_true", help="Every page made afresh (PAGE_CACHE_SECONDS=0), as on a first visit."
    )
    parser.add_argument("--workers", type=int, default=GUNICORN_WORKERS, help=f"gunicorn workers (default {GUNICORN_WORKERS}, as deployed).")
    parser.add_argument("--threads", type=int, default=GUNICORN_THREADS, help=f"Threads a worker (default {GUNICORN_THREADS}, as deployed).")
    args = parser.parse_args()
    if not shutil.which("wrk"):
        raise SystemExit("wrk is not installed (Debian: apt-get install wrk)")

    benchdb.setup_django()
    from server import gunicorn, worker_rss_mb

    paths = page_paths(args.seed)
    if args.pages:
        paths = {name: chosen for name, chosen in paths.items() if name in args.pages}
    results = {}
    with gunicorn(page_cache=not args.no_page_cache, workers=args.workers, threads=args.threads) as (base_url, process):
        rss_idle = worker_rss_mb(process)
        for name, chosen in paths.items():
            alone_ms = time_alone(base_url, chosen)
            results[name] = run_wrk(base_url, name, chosen, args.seconds, args.connections)
            results[name] |= {"alone_ms": alone_ms, "worker_rss_mb": worker_rss_mb(process)}
            print(f"  {name}: {results[name]['requests_per_second']:.1f} requests/s", flush=True)

    benchdb.OUT.mkdir(exist_ok=True)
    cache = "page cache off" if args.no_page_cache else "page cache on"
    print(f"\nwrk -t {THREADS} -c {args.connections} -d {args.seconds}s --timeout {TIMEOUT}; gunicorn {args.workers} workers × {args.threads} threads; {cache}")
    print(benchdb.server_settings())
    print(f"worker RSS when started: {', '.join(f'{rss:.0f}' for rss in rss_idle)} MB\n")
    print("| page | alone ms | requests/s | p50 ms | p90 ms | p99 ms | errors | non-2xx | worker RSS after, MB |")
    print("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
    for name, r in results.items():
        latency = r["latency_ms"]
        print(
            f"| {name} | {r['alone_ms']:.0f} | {r['requests_per_second']:.1f} | {latency['p50']:.0f} "
            f"| {latency['p90']:.0f} | {latency['p99']:.0f} | {r['errors']} | {r['non_2xx']} "
            f"| {', '.join(f'{rss:.0f}' for rss in r['worker_rss_mb'])} |"
        )

    # Where a page's time goes: one request in process, its SQL timed statement by statement.
    print("\n| page, one request in process | ms | SQL ms | statements | slowest statement ms |")
    print("| --- | ---: | ---: | ---: | ---: |")
    slowest = {}
    for name, chosen in paths.items():
        slowest[name] = sql_of(chosen[0])
        print(
            f"| {name} | {slowest[name]['ms']:.0f} | {slowest[name]['sql_ms']:.0f} | {slowest[name]['statements']} "
            f"| {slowest[name]['slowest_ms']:.0f} |"
        )
    for name, sql in slowest.items():
        print(f"\nslowest statement of {name} ({sql['slowest_ms']:.0f} ms): {sql['slowest_sql'][:600]}")
    (benchdb.OUT / f"pages-c{args.connections}{'-no-cache' if args.no_page_cache else ''}.json").write_text(
        json.dumps({"paths": paths, "results": results, "sql": slowest}, indent=2, ensure_ascii=False) + "\n"
    )
    failed = [name for name, r in results.items() if r["errors"] or r["non_2xx"]]
    if failed:
        raise SystemExit(f"errors under load: {', '.join(failed)}")


if __name__ == "__main__":
    main()
