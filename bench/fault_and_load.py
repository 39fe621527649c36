"""Faults and load against the archive served as deployed, with a real streaming replica:
hostile requests, an import killed with SIGKILL, the primary restarted and the replica
stopped under load. Rerunnable: everything is started afresh and thrown away; the hostile
requests are drawn from a fixed seed.

    .venv/bin/python bench/generate_corpus.py --articles 3000 --out bench/out/corpus-3000
    .venv/bin/python bench/fault_and_load.py bench/out/corpus-3000 [--hostile 10000] [--seed 23]

A primary and its replica of their own (tests/postgres_cluster.py, free ports of 127.0.0.1)
are loaded with the corpus's first two shards; gunicorn serves the archive as deployed
(gunicorn.conf.py, production settings, on BENCH_PORT) reading from the replica. Phases:

  hostile        --hostile requests, 8 at a time: junk and oversized values for every
                 parameter, filters repeated 300 times, bad dates, cursors and ids, invalid
                 UTF-8, long paths, forged cookies and forwarded addresses
  import kill    readers' pages while `import_articles` of the third shard is SIGKILLed
                 mid-way, then run again; `check_archive --exact` must find nothing
  primary restart  wrk -c 32 (or 32 Python clients) while the primary restarts
  replica stop   wrk -c 32 while the replica stops; non-2xx after the first second counted

One table: each phase's responses by status class, the 5xx that are not a 503 with
Retry-After ("bad"), and the longest a web request held a database backend
(pg_stat_activity, sampled every 0.1 s on both servers).
"""

import argparse
import http.client
import os
import random
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from urllib.parse import quote, urlsplit

import server

sys.path.insert(0, str(server.benchdb.ROOT))
from tests import postgres_cluster  # noqa: E402

WEB_APP_NAME = "archive-web"
WRK_SECONDS = 15
FAULT_AT_SECONDS = 4
JUNK = [
    "'; DROP TABLE archive_article; --", "\x00", "%00", "\u202e\u200f", "🙂" * 50, '"' * 31, "(" * 100,
    "حفتر " * 400, "x" * 5000, "-" * 300, "or " * 200, "../../etc/passwd", "<script>alert(1)</script>",
    "١٢٣", "ـــــ", "*", "%", "\\", "null", "-1", "0", "1e400", str(10**40), "2016-13-45", "9999-12-31",
    "2020-01-01T00:00:00+99:00", "2016-05-10." + "9" * 40, "2016-05-10.-1", " ", "\u200b",
]  # fmt: skip
PARAMETERS = ["q", "page", "page_size", "sort", "exact", "entities", "after", "actor", "place", "kind", "source",
              "from", "to", "added_since", "version", "format", "cursor"]  # fmt: skip


def hostile_requests(count: int, seed: int, slugs: list[str]) -> list[tuple[str, str, dict]]:
    """`count` requests (method, path with query, headers) drawn from `seed`."""
    rng = random.Random(seed)
    paths = ["/", "/articles/", "/actors/", "/places/", "/search", "/search/export.csv", "/search/export.jsonl",
             "/api/search", "/api/articles/", "/api/actors/", "/api/places/", "/feeds/articles/", "/feeds/search/",
             "/api/schema/", "/saved/", "/accounts/login/", "/admin/", "/api/docs/"]  # fmt: skip
    paths += [f"/actors/{slug}/" for slug in slugs] + [f"/actors/{slug}/mentions.csv" for slug in slugs]
    paths += [f"/actors/{slug}/mentions/" for slug in slugs] + ["/articles/1/", "/articles/99999999999999999999/"]
    made = []
    for _ in range(count):
        path = rng.choice(paths)
        if rng.random() < 0.05:
            path = rng.choice(["/actors/%FF%FE/", "/articles/-1/", "/" + "a" * rng.randint(100, 5000), "/%2e%2e/%2e%2e/"])
        pairs = []
        for _ in range(rng.randint(0, 6)):
            name = rng.choice(PARAMETERS)
            value = rng.choice(JUNK + slugs + ["حفتر", "سرت", "date", "1", "2"])
            pairs += [(name, value)] * (300 if rng.random() < 0.05 else 1)
        query = "&".join(f"{quote(name)}={quote(value)}" for name, value in pairs)
        if rng.random() < 0.05:
            query += "&q=%ED%A0%80%C0%AF%FF"  # not UTF-8
        headers = {}
        if rng.random() < 0.2:
            headers["Cookie"] = rng.choice(["sessionid=junk", "known_login=a:b:c:d", "read_primary=1", "csrftoken=" + "x" * 4000])
        if rng.random() < 0.1:
            headers["X-Forwarded-For"] = rng.choice(["1.2.3.4", "junk", ", ".join(["10.0.0.1"] * 200)])
        method = rng.choice(["GET"] * 18 + ["HEAD", "POST"])
        made.append((method, f"{path}?{query}" if query else path, headers))
    return made


class Tally:
    """Responses by status class, the bad ones (a 5xx but a 503 with Retry-After) with a few
    examples, and what failed to answer at all."""

    def __init__(self) -> None:
        self.classes: Counter = Counter()
        self.bad_examples: list[str] = []
        self.lock = threading.Lock()

    def add(self, status: int | None, retry_after: bool, what: str = "") -> None:
        with self.lock:
            self.classes["no answer" if status is None else f"{status // 100}xx"] += 1
            if status is not None and status >= 500 and not (status == 503 and retry_after):
                self.classes["bad"] += 1
                if len(self.bad_examples) < 5:
                    self.bad_examples.append(f"{status} {what[:120]}")


def send(base: str, method: str, path: str, headers: dict, tally: Tally) -> None:
    host = urlsplit(base)
    connection = http.client.HTTPConnection(host.hostname, host.port, timeout=60)
    try:
        connection.request(method, path, headers=headers)
        response = connection.getresponse()
        response.read()
        tally.add(response.status, response.getheader("Retry-After") is not None, f"{method} {path}")
    except (OSError, http.client.HTTPException):
        tally.add(None, False, f"{method} {path}")
    finally:
        connection.close()


class BackendHold(threading.Thread):
    """The longest any web request's statement has been running, sampled on each server."""

    def __init__(self, cluster: postgres_cluster.Cluster) -> None:
        super().__init__(daemon=True)
        self.servers = [cluster.primary, cluster.replica]
        self.longest = 0.0
        self.stopping = threading.Event()

    def run(self) -> None:
        connections = {}
        while not self.stopping.wait(0.1):
            for db in self.servers:
                try:
                    connections[db] = connections.get(db) or db.connect()
                    held = connections[db].execute(
                        "SELECT max(extract(epoch FROM clock_timestamp() - query_start)) FROM pg_stat_activity "
                        "WHERE application_name = %s AND state = 'active'",
                        [WEB_APP_NAME],
                    ).fetchone()[0]
                    self.longest = max(self.longest, float(held or 0))
                except Exception:  # a server restarting or stopped: asked again at the next sample
                    connections.pop(db, None)


def load_while(base: str, paths: list[str], tally: Tally, stop: threading.Event, clients: int = 32) -> threading.Thread:
    """Readers requesting `paths` in turn, `clients` at a time, until `stop`."""

    def reader(offset: int) -> None:
        number = offset
        while not stop.is_set():
            send(base, "GET", paths[number % len(paths)], {}, tally)
            number += 1

    pool = [threading.Thread(target=reader, args=(n,), daemon=True) for n in range(clients)]
    for thread in pool:
        thread.start()
    watcher = threading.Thread(target=lambda: [thread.join() for thread in pool], daemon=True)
    watcher.start()
    return watcher


WRK_SCRIPT = """
local paths = {%s}
local threads = {}
function setup(thread) table.insert(threads, thread) end
function init(args) counts = {}; n = math.random(#paths) end
function request() n = n %% #paths + 1; return wrk.format("GET", paths[n]) end
function response(status, headers, body)
  local key = os.time() .. " " .. status .. " " .. tostring(headers["Retry-After"] ~= nil)
  counts[key] = (counts[key] or 0) + 1
end
function done(summary, latency, requests)
  for _, thread in ipairs(threads) do
    for key, count in pairs(thread:get("counts")) do io.write("tally " .. key .. " " .. count .. "\\n") end
  end
end
"""


def under_wrk(base: str, paths: list[str], fault, folder: Path) -> tuple[Tally, Tally]:
    """32 connections for WRK_SECONDS, `fault()` after FAULT_AT_SECONDS; the responses in all,
    and those from a second after the fault on. Without wrk, 32 Python clients."""
    after = Tally()
    if shutil.which("wrk"):
        script = folder / "tally.lua"
        script.write_text(WRK_SCRIPT % ", ".join(f'"{path}"' for path in paths))
        run = subprocess.Popen(["wrk", "-c", "32", "-t", "2", "-d", f"{WRK_SECONDS}s", "-s", script, base], stdout=subprocess.PIPE, text=True)
        time.sleep(FAULT_AT_SECONDS)
        fault_second = time.time()
        fault()
        output, _ = run.communicate()
        total = Tally()
        for second, status, retry_after, count in re.findall(r"^tally (\d+) (\d+) (\w+) (\d+)$", output, re.M):
            for tally in [total] + ([after] if int(second) >= fault_second + 1 else []):
                for _ in range(int(count)):
                    tally.add(int(status), retry_after == "true")
        errors = re.search(r"Socket errors: .*", output)
        if errors:
            total.classes["socket errors"] = errors.group(0)
        return total, after
    total, stop = Tally(), threading.Event()
    watcher = load_while(base, paths, total, stop)
    time.sleep(FAULT_AT_SECONDS)
    fault()
    time.sleep(1)
    second = load_while(base, paths, after, stop)
    time.sleep(WRK_SECONDS - FAULT_AT_SECONDS - 1)
    stop.set()
    watcher.join()
    second.join()
    return total, after


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("corpus", type=Path, help="A folder written by generate_corpus.py (three shards of 1,000 or more).")
    parser.add_argument("--hostile", type=int, default=10_000, help="How many hostile requests (default 10,000).")
    parser.add_argument("--seed", type=int, default=23, help="The hostile requests' seed (default 23).")
    args = parser.parse_args()
    shards = sorted(path for path in args.corpus.iterdir() if path.is_dir())
    if len(shards) < 3:
        raise SystemExit(f"{args.corpus} needs three shards: generate_corpus.py --articles 3000")
    if reason := postgres_cluster.unavailable():
        raise SystemExit(reason)
    cluster = postgres_cluster.Cluster()
    folder = Path(tempfile.mkdtemp(prefix="fault-and-load-"))
    rows = []
    try:
        cluster.start()
        with cluster.primary.connect() as primary:
            primary.execute("CREATE DATABASE archive")
        env = {**os.environ, "DATABASE_URL": cluster.primary.url("archive"), "PGAPPNAME": "import"}

        def manage(*command: str, check: bool = True) -> subprocess.CompletedProcess:
            return subprocess.run([sys.executable, "manage.py", *command], cwd=server.benchdb.ROOT, env=env, check=check, capture_output=True, text=True)

        print("loading", *shards[:2], flush=True)
        manage("migrate", "-v0")
        manage("load_gazetteer", "-v0")
        manage("import_articles", "-v0", "--bulk", str(shards[0]), str(shards[1]))
        cluster.wait_for_replay()
        with cluster.primary.connect("archive") as archive:
            slugs = [slug for (slug,) in archive.execute("SELECT slug FROM archive_actor ORDER BY article_count DESC LIMIT 3")]
            article = archive.execute("SELECT id FROM archive_article ORDER BY id LIMIT 1").fetchone()[0]
        readers = ["/", "/articles/", f"/articles/{article}/", f"/actors/{slugs[0]}/", f"/search?q={quote('حفتر')}",
                   f"/api/search?q={quote('سرت')}", "/api/actors/", f"/search?q={quote('مجلس النواب')}&sort=date"]  # fmt: skip

        os.environ |= {"DATABASE_REPLICA_URLS": cluster.replica.url("archive"), "PGAPPNAME": WEB_APP_NAME}
        server.PRODUCTION_ENV["DATABASE_URL"] = cluster.primary.url("archive")
        with server.gunicorn() as (base, _):
            hold = BackendHold(cluster)
            hold.start()

            def phase(name: str, run) -> None:
                hold.longest = 0.0
                started = time.monotonic()
                tally, note = run()
                rows.append((name, tally, hold.longest, time.monotonic() - started, note))
                print(f"{name}: {dict(tally.classes)} {note}", flush=True)

            def hostile():
                tally = Tally()
                with ThreadPoolExecutor(8) as pool:
                    for method, path, headers in hostile_requests(args.hostile, args.seed, slugs):
                        pool.submit(send, base, method, path, headers, tally)
                return tally, "; ".join(tally.bad_examples)

            def mentions_parts():
                tally, parts, url = Tally(), [], f"/actors/{slugs[0]}/mentions.csv"
                while url:
                    started = time.monotonic()
                    with subprocess.Popen(["curl", "-s", base + url], stdout=subprocess.PIPE, text=True) as curl:
                        text = curl.stdout.read()
                    parts.append(time.monotonic() - started)
                    end = text.rstrip().rsplit("\n", 1)[-1].split(",")
                    tally.add(200 if end[0] in ("#complete", "#continued") else None, False, url)
                    url = urlsplit(end[2]).path + "?" + urlsplit(end[2]).query if end[0] == "#continued" else ""
                return tally, f"{slugs[0]}: {len(parts)} parts, longest {max(parts):.1f} s, all {sum(parts):.1f} s"

            def import_kill():
                tally, stop = Tally(), threading.Event()
                watcher = load_while(base, readers, tally, stop, clients=8)
                process = subprocess.Popen([sys.executable, "manage.py", "import_articles", "-v0", str(shards[2])], cwd=server.benchdb.ROOT, env=env)
                time.sleep(8)
                process.send_signal(signal.SIGKILL)
                process.wait()
                manage("import_articles", "-v0", str(shards[2]))
                stop.set()
                watcher.join()
                check = manage("check_archive", "--exact", check=False)
                return tally, f"check_archive --exact: exit {check.returncode}, {check.stdout.strip().splitlines()[-1]}"

            def under_load(fault):
                def run():
                    total, after = under_wrk(base, readers, fault, folder)
                    non_2xx = sum(count for name, count in after.classes.items() if name not in ("2xx", "socket errors"))
                    return total, f"from a second after the fault: {sum(after.classes[c] for c in ('2xx',))} 2xx, {non_2xx} not"
                return run

            phase("hostile", hostile)
            phase("mentions.csv", mentions_parts)
            phase("import kill", import_kill)
            phase("primary restart", under_load(lambda: cluster.primary.start("restart")))
            phase("replica stop", under_load(cluster.replica.stop))
            hold.stopping.set()
        print_table(rows)
    finally:
        cluster.remove()
        shutil.rmtree(folder, ignore_errors=True)


def print_table(rows) -> None:
    print()
    print("| phase | seconds | requests | 2xx | 3xx | 4xx | 5xx | no answer | bad 5xx | longest backend hold | note |")
    print("| --- | --: | --: | --: | --: | --: | --: | --: | --: | --: | --- |")
    for name, tally, held, seconds, note in rows:
        c = tally.classes
        answered = sum(count for key, count in c.items() if key.endswith("xx") or key == "no answer")
        cells = [c[k] for k in ("2xx", "3xx", "4xx", "5xx", "no answer", "bad")]
        print(f"| {name} | {seconds:.0f} | {answered} | " + " | ".join(map(str, cells)) + f" | {held:.2f} s | {note} {c.get('socket errors', '')} |")


if __name__ == "__main__":
    main()
