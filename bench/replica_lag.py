"""How far a streaming replica trails its primary while `import_articles` writes.

    .venv/bin/python bench/generate_corpus.py --articles 3000 --out bench/out/corpus-3000
    .venv/bin/python bench/replica_lag.py bench/out/corpus-3000            # and --bulk

Starts a primary and its streaming replica of its own (tests/postgres_cluster.py: initdb,
pg_basebackup -R, free ports of 127.0.0.1; fsync off on both), migrates, loads the
gazetteer, then imports the corpus into the primary while sampling the primary's
`pg_stat_replication` every SAMPLE_SECONDS: `replay_lag` (how long ago the primary wrote what
the replica has just replayed, as PostgreSQL measures it) and the bytes of WAL not yet
replayed. Prints the import's time and the lag's median, 99th percentile and maximum, and
once the import is over, how long the replica took to catch up. Stops both servers.
"""

import argparse
import json
import os
import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchdb import percentile  # noqa: E402

from tests import postgres_cluster  # noqa: E402

SAMPLE_SECONDS = 0.1


class LagSampler(threading.Thread):
    """Samples the replica's lag on the primary until stopped."""

    def __init__(self, cluster: postgres_cluster.Cluster) -> None:
        super().__init__(daemon=True)
        self.cluster = cluster
        self.seconds: list[float] = []
        self.bytes: list[int] = []
        self.stopping = threading.Event()

    def run(self) -> None:
        with self.cluster.primary.connect() as primary:
            while not self.stopping.wait(SAMPLE_SECONDS):
                row = primary.execute(
                    "SELECT extract(epoch FROM replay_lag), pg_wal_lsn_diff(pg_current_wal_lsn(), replay_lsn) "
                    "FROM pg_stat_replication"
                ).fetchone()
                if row:
                    self.seconds.append(float(row[0] or 0))
                    self.bytes.append(int(row[1] or 0))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("corpus", type=Path, help="A folder of articles (generate_corpus.py writes one).")
    parser.add_argument("--bulk", action="store_true", help="import_articles --bulk (search indexes built at the end).")
    args = parser.parse_args()
    if reason := postgres_cluster.unavailable():
        raise SystemExit(reason)
    cluster = postgres_cluster.Cluster()
    try:
        cluster.start()
        with cluster.primary.connect() as primary:
            primary.execute("CREATE DATABASE archive")
        env = {**os.environ, "DATABASE_URL": cluster.primary.url("archive")}

        def manage(*command: str) -> None:
            subprocess.run([sys.executable, "manage.py", *command], cwd=ROOT, env=env, check=True, stdout=subprocess.DEVNULL)

        manage("migrate", "-v0")
        manage("load_gazetteer", "-v0")
        cluster.wait_for_replay()
        sampler = LagSampler(cluster)
        sampler.start()
        started = time.monotonic()
        manage("import_articles", str(args.corpus), "-v0", *(["--bulk"] if args.bulk else []))
        imported = time.monotonic() - started
        sampler.stopping.set()
        sampler.join()
        caught_up = time.monotonic()
        cluster.wait_for_replay()
        result = {
            "import": "--bulk" if args.bulk else "plain",
            "import_seconds": round(imported, 1),
            "samples": len(sampler.seconds),
            "replay_lag_ms": {
                "median": round(1000 * statistics.median(sampler.seconds or [0]), 1),
                "p99": round(1000 * percentile(sampler.seconds, 0.99), 1),
                "max": round(1000 * max(sampler.seconds or [0]), 1),
            },
            "wal_behind_kb": {
                "median": round(statistics.median(sampler.bytes or [0]) / 1024, 1),
                "max": round(max(sampler.bytes or [0]) / 1024, 1),
            },
            "caught_up_after_import_ms": round(1000 * (time.monotonic() - caught_up), 1),
        }
        print(json.dumps(result, indent=2))
    finally:
        cluster.remove()


if __name__ == "__main__":
    main()
