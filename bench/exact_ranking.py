"""Is the first page the top of every match? The archive's relevance page against a ranking
of all matches by the same scoring, query by query.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/quality .venv/bin/python bench/exact_ranking.py \
        [--queries bench/out/real_quality_queries.jsonl | --common 200 | --medium 25] [--limit 400] [--page-size 20]

The queries: the "query" of each JSON line of --queries, once each, in file order; or with
--common N, the archive's N most common words (from the vocabulary, stop words aside) alone
and N pairs of them, the hardest case: every one matches more than can be ranked at once;
with --medium N, N words held by 1-5 % of articles (a fixed sample) and N pairs of them.
For each query: `search_articles`
page 1, and, by reading every match (`ranking.rank_every_match`), the same page. Counts the
queries whose matches are more than SEARCH_RANK_LIMIT (where the search ranks a part of
them), how many of those pages it proves exact, and whether every page it calls exact
equals the exhaustive one (it must: a mismatch is a bug); prints p50 and p99 of both.
Pages it does not prove are compared too (ties aside): how often they differ.
"""

import argparse
import json
import os
import random
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "libya_archive.settings")

import django  # noqa: E402
from benchdb import percentile  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402

from libya_archive.archive.arabic import STOP_WORDS  # noqa: E402
from libya_archive.archive.models import Article, SearchTerm  # noqa: E402
from libya_archive.archive.search import search_articles, search_matches  # noqa: E402
from libya_archive.archive.search.ranking import rank_every_match  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--queries", type=Path, default=ROOT / "bench/out/real_quality_queries.jsonl")
    parser.add_argument("--common", type=int, default=0)
    parser.add_argument("--medium", type=int, default=0, help="N words held by 1-5%% of articles (seed 1) and N pairs of them")
    parser.add_argument("--limit", type=int, default=400)
    parser.add_argument("--page-size", type=int, default=20)
    args = parser.parse_args()
    if args.common:
        words = [word for word in SearchTerm.objects.order_by("-documents").values_list("word", flat=True)[: args.common * 2] if word not in STOP_WORDS]
        words = words[: args.common]
        queries = words + [f"{first} {second}" for first, second in zip(words, words[1:] + words[:1], strict=True)]
    elif args.medium:
        articles = Article.objects.count()
        held = SearchTerm.objects.filter(documents__gte=articles // 100, documents__lte=articles // 20).order_by("word")
        words = random.Random(1).sample([w for w in held.values_list("word", flat=True) if w not in STOP_WORDS and len(w) >= 3], args.medium)
        queries = words + [f"{first} {second}" for first, second in zip(words, words[1:] + words[:1], strict=True)]
    else:
        queries = list(dict.fromkeys(json.loads(line)["query"] for line in args.queries.open(encoding="utf-8")))
    queries = queries[: args.limit]
    search_ms, every_ms = [], []
    many = proven = wrong = unproven_differ = 0
    for query in queries:
        started = time.perf_counter()
        results = search_articles(query, page_size=args.page_size)
        search_ms.append((time.perf_counter() - started) * 1000)
        if results.timed_out or not results.count:
            continue
        started = time.perf_counter()
        parsed, matches = search_matches(query)
        every = [pk for pk, _ in rank_every_match(matches, parsed, 0, args.page_size)]
        every_ms.append((time.perf_counter() - started) * 1000)
        shown = [hit.article.pk for hit in results.hits]
        if results.count > settings.SEARCH_RANK_LIMIT:
            many += 1
            proven += not results.ranked_newest_only
            unproven_differ += results.ranked_newest_only and shown != every
        wrong += not results.ranked_newest_only and shown != every
    print(f"{len(queries)} queries, page of {args.page_size}; SEARCH_RANK_LIMIT {settings.SEARCH_RANK_LIMIT}")
    print(f"more matches than ranked at once: {many}; proven the top of all: {proven}; not proven and differing: {unproven_differ}")
    print(f"pages called exact that differ from the exhaustive ranking: {wrong}")
    print("| what | p50 ms | p99 ms |\n| --- | ---: | ---: |")
    print(f"| search_articles, page 1 | {statistics.median(search_ms):.1f} | {percentile(search_ms, 0.99):.1f} |")
    print(f"| ranking every match (reads them all) | {statistics.median(every_ms):.1f} | {percentile(every_ms, 0.99):.1f} |")


if __name__ == "__main__":
    main()
