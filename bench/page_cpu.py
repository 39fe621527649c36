"""The Python CPU time a page costs to make, in process: the pages of `run_pages.py`,
requested through Django's test client with the production settings and the page cache
off, each class's paths in turn, a few rounds. Reports the median per request and each
round's.

    .venv/bin/python bench/page_cpu.py                        # after run_import.py
    .venv/bin/python bench/page_cpu.py --rounds 5 --pages article "actor, median"

On a shared machine, wrk's requests/s move by a third from run to run, and wall-clock
times move as much. The CPU time of the process moves less, but on some machines still by
a third within the hour. It leaves out PostgreSQL's share, which `run_pages.py` reports
statement by statement. So run this from two versions of the code in turn, on the same
database, to compare them; `--calls` also counts the Python function calls a request makes
(under cProfile), which do not move with the machine at all.
"""

import argparse
import cProfile
import os
import pstats
import statistics
import time

import benchdb
from server import PRODUCTION_ENV, collect_static

# The test client's host; the rest as gunicorn runs in the benchmark.
IN_PROCESS_ENV = PRODUCTION_ENV | {"ALLOWED_HOSTS": "testserver", "PAGE_CACHE_SECONDS": "0"}
# A class of one path (an actor page) is requested this many times a round, so that one
# slow request does not make the round.
REQUESTS_A_ROUND = 20


def cpu_ms_per_request(client, paths: list[str]) -> float:
    started = time.process_time()
    for path in paths:
        if client.get(path).status_code != 200:
            raise SystemExit(f"{path} did not answer 200")
    return 1000 * (time.process_time() - started) / len(paths)


def calls_per_request(client, paths: list[str]) -> int:
    profile = cProfile.Profile()
    profile.runcall(cpu_ms_per_request, client, paths)
    return round(pstats.Stats(profile).total_calls / len(paths))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rounds", type=int, default=3, help="Times each class's paths are requested (default 3).")
    parser.add_argument("--seed", type=int, default=1, help="Picks the articles and search words (default 1).")
    parser.add_argument("--pages", nargs="*", help="Only these page classes (default: all).")
    parser.add_argument("--calls", action="store_true", help="Also count the Python function calls a request makes.")
    args = parser.parse_args()

    os.environ.update(IN_PROCESS_ENV)
    collect_static(dict(os.environ))
    benchdb.setup_django()
    from django.test import Client
    from run_pages import page_paths

    paths = page_paths(args.seed)
    if args.pages:
        paths = {name: chosen for name, chosen in paths.items() if name in args.pages}
    client = Client()
    print("| page | paths | CPU ms a request, median | each round |" + (" Python calls a request |" if args.calls else ""))
    print("| --- | ---: | ---: | --- |" + (" ---: |" if args.calls else ""))
    for name, chosen in paths.items():
        chosen = chosen * -(-REQUESTS_A_ROUND // len(chosen))
        cpu_ms_per_request(client, chosen)  # first requests: templates compiled, caches filled
        rounds = [cpu_ms_per_request(client, chosen) for _ in range(args.rounds)]
        each = ", ".join(f"{ms:.1f}" for ms in rounds)
        calls = f" {calls_per_request(client, chosen):,} |" if args.calls else ""
        print(f"| {name} | {len(chosen)} | {statistics.median(rounds):.1f} | {each} |{calls}", flush=True)


if __name__ == "__main__":
    main()
