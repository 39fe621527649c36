"""Score the archive's search and plain PostgreSQL `arabic` full-text search side by side
on the judged query sets, and time query parsing (normalizing + entity expansion).

    make run            # once: migrates and imports seeds/ into the development database
    .venv/bin/python bench/search_quality.py

Prints Markdown for docs/search.md.
"""

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

from libya_archive.archive.linking import cached_gazetteer  # noqa: E402
from libya_archive.archive.search import search_articles  # noqa: E402
from libya_archive.archive.search.query import parse_query  # noqa: E402
from libya_archive.archive.search_quality import load_judgements, score  # noqa: E402


def found_by_archive(query: str) -> set[str]:
    return {hit.article.source_name for hit in search_articles(query, page_size=100).hits}


def found_by_plain_postgres(query: str) -> set[str]:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT source_name FROM archive_article "
            "WHERE to_tsvector('arabic', title || ' ' || body) @@ websearch_to_tsquery('arabic', %s)",
            [query],
        )
        return {row[0] for row in cursor.fetchall()}


def parse_times_ms(queries: list[str], rounds: int = 20) -> list[float]:
    gazetteer = cached_gazetteer()
    times = []
    for _ in range(rounds):
        for query in queries:
            start = time.perf_counter()
            parse_query(query, gazetteer)
            times.append((time.perf_counter() - start) * 1000)
    return times


def main() -> None:
    sets = {name: load_judgements(ROOT / "tests" / "search_quality" / f"{name}.json") for name in ("queries", "held_out")}
    print("| set | engine | queries | all right | recall | false hits |")
    print("| --- | --- | --- | --- | --- | --- |")
    for name, judgements in sets.items():
        for engine, run in (("archive", found_by_archive), ("plain PostgreSQL arabic", found_by_plain_postgres)):
            result = score(judgements, run)
            right = result.queries - len(result.failures)
            print(f"| {name} | {engine} | {result.queries} | {right} | {result.recall:.1%} | {result.false_hits} |")
    queries = [q["query"] for judgements in sets.values() for q in judgements]
    times = parse_times_ms(queries)
    cold = parse_times_ms(queries, rounds=1)
    print(
        f"\nparse_query over {len(queries)} queries × 20 rounds: median {statistics.median(times):.3f} ms, "
        f"p99 {sorted(times)[int(len(times) * 0.99)]:.3f} ms, max {max(times):.3f} ms "
        f"(first round median {statistics.median(cold):.3f} ms)"
    )


if __name__ == "__main__":
    main()
