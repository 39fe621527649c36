"""Search latency on the real dev corpus: the archive's `search_articles` (a page of 10 with
snippets and the count) against one plain PostgreSQL statement over the same articles (the
top 10 by `ts_rank` and an exact count), interleaved query by query, in one process.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/quality .venv/bin/python bench/real_latency.py [--rounds 3]

The queries are those of the last `bench/real_quality.py` run (bench/out/real_quality_queries.jsonl),
so the database must be the one that run used. Prints p50 and p99 in ms for both, and their ratio.
"""

import argparse
import json
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "libya_archive.settings")

import django  # noqa: E402

django.setup()

from django.db import connection  # noqa: E402

from libya_archive.archive.arabic import search_document  # noqa: E402
from libya_archive.archive.search import search_articles  # noqa: E402

PLAIN = """
    WITH q AS (SELECT plainto_tsquery('simple', %s) AS q)
    SELECT (SELECT count(*) FROM archive_article, q WHERE search_vector @@ q.q),
           ARRAY(SELECT id FROM archive_article, q WHERE search_vector @@ q.q
                 ORDER BY ts_rank(search_vector, q.q) DESC LIMIT 10)
"""


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--queries", type=Path, default=ROOT / "bench" / "out" / "real_quality_queries.jsonl")
    options = parser.parse_args()
    queries = list(dict.fromkeys(json.loads(line)["query"] for line in options.queries.open(encoding="utf-8")))
    archive, plain = [], []
    for query in queries[:50]:  # warm both
        search_articles(query, page_size=10)
    for _ in range(options.rounds):
        for query in queries:
            started = time.perf_counter()
            search_articles(query, page_size=10)
            archive.append(1000 * (time.perf_counter() - started))
            started = time.perf_counter()
            with connection.cursor() as cursor:
                cursor.execute(PLAIN, [search_document(query)])
                cursor.fetchall()
            plain.append(1000 * (time.perf_counter() - started))
    print(f"{len(queries)} queries × {options.rounds} rounds, interleaved, ms")
    print("| what | p50 | p99 |")
    print("| --- | ---: | ---: |")
    for name, values in (("search_articles (page of 10, snippets, count)", archive), ("plain PostgreSQL (top 10 by ts_rank, exact count)", plain)):
        print(f"| {name} | {statistics.median(values):.1f} | {percentile(values, 0.99):.1f} |")
    print(f"ratio of medians: {statistics.median(archive) / statistics.median(plain):.1f}×")


if __name__ == "__main__":
    main()
