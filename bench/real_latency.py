"""Search latency on the real dev corpus: the archive's `search_articles` (a page of 10 with
snippets and the count) against one plain PostgreSQL statement over the same articles (the
top 10 by `ts_rank` and an exact count) and against Lucene (`ArabicAnalyzer` + BM25, title×3,
the top 10 and the exact count as its JVM times them, `../shared/tools/lucene/`), interleaved
query by query; with `--http`, `/api/search` over HTTP too (gunicorn as deployed,
bench/server.py), in turn with them.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/quality .venv/bin/python bench/real_latency.py [--rounds 3] [--http]

The queries are those of the last `bench/real_quality.py` run (bench/out/real_quality_queries.jsonl),
so the database must be the one that run used. Prints p50 and p99 in ms for each, and the
ratio of the archive's median to the plain statement's.

`--record FILE` times nothing: it writes every query's first page as a line of JSON (ids,
ranks, snippets, `also_in`, counts: a page of 10, and of 20 with facets; with `--http`, the
API's answer too), for comparing two checkouts byte for byte (`cmp`).
"""

import argparse
import http.client
import json
import os
import statistics
import sys
import tempfile
import time
import urllib.parse
from contextlib import nullcontext
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "libya_archive.settings")
# The server bench/server.py starts reads the database this script reads.
os.environ.setdefault("BENCH_DATABASE_URL", os.environ.get("DATABASE_URL", ""))

import django  # noqa: E402
from benchdb import percentile  # noqa: E402

django.setup()

from django.db import connection  # noqa: E402
from real_quality import Lucene, stored_articles, write_docs  # noqa: E402

from libya_archive.archive.arabic import search_document  # noqa: E402
from libya_archive.archive.search import SearchResults, search_articles  # noqa: E402

PLAIN = """
    WITH q AS (SELECT plainto_tsquery('simple', %s) AS q)
    SELECT (SELECT count(*) FROM archive_article, q WHERE search_vector @@ q.q),
           ARRAY(SELECT id FROM archive_article, q WHERE search_vector @@ q.q
                 ORDER BY ts_rank(search_vector, q.q) DESC LIMIT 10)
"""
HTTP_TIMEOUT_SECONDS = 60


def api_search(base_url: str, query: str) -> bytes:
    """The body of `/api/search` for `query`, a page of 10, on a connection of its own (as
    gunicorn keeps none alive); anything but a 200 stops the run."""
    url = urllib.parse.urlsplit(base_url)
    path = "/api/search?" + urllib.parse.urlencode({"q": query, "page_size": 10})
    client = http.client.HTTPConnection(url.hostname, url.port, timeout=HTTP_TIMEOUT_SECONDS)
    try:
        client.request("GET", path)
        response = client.getresponse()
        body = response.read()
    finally:
        client.close()
    if response.status != 200:
        raise SystemExit(f"{path}: HTTP {response.status}")
    return body


def first_page(results: SearchResults) -> dict:
    """What a reader sees of a search's first page, as JSON can hold it (ranks as repr)."""
    return {
        "count": [results.count, results.count_is_capped, results.results_count, results.ranked_newest_only],
        "names": results.entity_names,
        "suggestions": results.suggestions,
        "hits": [
            [hit.article.pk, repr(hit.rank), str(hit.snippet), [other.pk for other in hit.also_in]] for hit in results.hits
        ],
        "facets": repr(results.facets),
    }


def record(queries: list[str], path: Path, base_url: str | None) -> None:
    with path.open("w", encoding="utf-8") as out:
        for query in queries:
            line = {
                "query": query,
                "page_of_10": first_page(search_articles(query, page_size=10)),
                "page_of_20_with_facets": first_page(search_articles(query, page_size=20, with_facets=True)),
            }
            if base_url:
                line["api"] = api_search(base_url, query).decode()
            out.write(json.dumps(line, ensure_ascii=False) + "\n")
    print(f"{len(queries)} queries' first pages written to {path}")


def measure(queries: list[str], rounds: int, base_url: str | None, lucene: Lucene) -> None:
    times: dict[str, list[float]] = {"archive": [], "plain": [], "lucene": [], "http": []}
    for query in queries[:50]:  # warm all
        search_articles(query, page_size=10)
        lucene.milliseconds(query)
        if base_url:
            api_search(base_url, query)
    for _ in range(rounds):
        for query in queries:
            started = time.perf_counter()
            search_articles(query, page_size=10)
            times["archive"].append(1000 * (time.perf_counter() - started))
            started = time.perf_counter()
            with connection.cursor() as cursor:
                cursor.execute(PLAIN, [search_document(query)])
                cursor.fetchall()
            times["plain"].append(1000 * (time.perf_counter() - started))
            times["lucene"].append(lucene.milliseconds(query))
            if base_url:
                started = time.perf_counter()
                api_search(base_url, query)
                times["http"].append(1000 * (time.perf_counter() - started))
    print(f"{len(queries)} queries × {rounds} rounds, interleaved, ms; load average {os.getloadavg()[0]:.1f}")
    print("| what | p50 | p99 |")
    print("| --- | ---: | ---: |")
    names = {
        "archive": "search_articles (page of 10, snippets, count)",
        "plain": "plain PostgreSQL (top 10 by ts_rank, exact count)",
        "lucene": "Lucene title×3 in its JVM (top 10, exact count)",
        "http": "/api/search?page_size=10 over HTTP (gunicorn as deployed)",
    }
    for key, values in times.items():
        if values:
            print(f"| {names[key]} | {statistics.median(values):.1f} | {percentile(values, 0.99):.1f} |")
    print(f"ratio of medians: {statistics.median(times['archive']) / statistics.median(times['plain']):.1f}×")
    print(f"Lucene's index: {lucene.articles} articles in {lucene.index_seconds:.1f} s")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--queries", type=Path, default=ROOT / "bench" / "out" / "real_quality_queries.jsonl")
    parser.add_argument("--http", action="store_true", help="Also time /api/search over HTTP, gunicorn as deployed.")
    parser.add_argument("--lucene", type=Path, default=ROOT.parent / "shared/tools/lucene")
    parser.add_argument("--record", type=Path, help="Write every query's first page to this file instead of timing.")
    options = parser.parse_args()
    queries = list(dict.fromkeys(json.loads(line)["query"] for line in options.queries.open(encoding="utf-8")))
    if options.http:
        import server

        serving = server.gunicorn()
    else:
        serving = nullcontext((None, None))
    with serving as (base_url, _):
        if options.record:
            record(queries, options.record, base_url)
            return
        with tempfile.TemporaryDirectory(prefix="real-latency-docs-") as folder:
            write_docs(stored_articles(), Path(folder))
            lucene = Lucene(options.lucene, Path(folder), 3)
        try:
            measure(queries, options.rounds, base_url, lucene)
        finally:
            lucene.close()


if __name__ == "__main__":
    main()
