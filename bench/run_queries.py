"""Search latency by query class, p50/p95/p99: the real `search_articles` in process, then
the search page over HTTP from gunicorn with production settings.

    .venv/bin/python bench/run_queries.py                  # after run_import.py
    .venv/bin/python bench/run_queries.py --rounds 3 --no-http

The queries are picked from the imported corpus itself, deterministically: single words
by how many articles hold them (the SearchTerm vocabulary, from ts_stat), phrases from
article bodies, Latin names from the gazetteer. Every query runs once to warm up, then
ROUNDS times; then with the facets, none kept, as on a first visit to the search page.
Then the slowest class is profiled (cProfile) and the slowest query's SQL explained
(EXPLAIN ANALYZE). Writes bench/out/queries.json.
"""

import argparse
import cProfile
import itertools
import json
import pstats
import random
import statistics
import time
import urllib.parse
import urllib.request

import benchdb

QUERIES_PER_CLASS = 12
MEDIUM_SHARE = (0.005, 0.05)  # a medium word is in 0.5%-5% of articles
# A rare word is in at most 3 articles of 100,000, the same share at any size (a replicated
# archive, bench/replicate.py, holds each word ten times as often).
RARE_PER_100K = 3
HTTP_TIMEOUT_SECONDS = 60


def as_written(lexeme: str) -> str | None:
    """The shortest spelling of an index word in an article holding it: what a reader
    would type (ليبيا for the index's يبيا), or None if no article holds it."""
    from django.contrib.postgres.search import SearchQuery

    from libya_archive.archive.arabic import search_form, tokenize
    from libya_archive.archive.models import SEARCH_CONFIG, Article

    article = Article.objects.filter(search_vector=SearchQuery(lexeme, config=SEARCH_CONFIG)).only("title", "body")
    article = article.first()
    text = f"{article.title}\n{article.body}" if article else ""
    spellings = [text[t.start : t.end] for t in tokenize(text) if search_form(t.form) == lexeme]
    return min(spellings, key=lambda spelling: (len(spelling), spelling), default=None)


def typed_words(rng: random.Random, filters: dict, count: int, *, commonest: bool = False) -> list[str]:
    """Words a reader could type, as articles write them, whose index word matches
    `filters` in the vocabulary (SearchTerm, from ts_stat): picked at random, or the
    commonest first. No function words, numbers or names (names are a class of their own)."""
    from libya_archive.archive.arabic import STOP_WORDS, tokenize
    from libya_archive.archive.linking import cached_gazetteer, names_in_words
    from libya_archive.archive.models import SearchTerm

    gazetteer = cached_gazetteer()
    terms = SearchTerm.objects.filter(**filters).order_by("-documents" if commonest else "word")
    lexemes = list(terms.values_list("word", flat=True))
    if not commonest:
        rng.shuffle(lexemes)
    words: list[str] = []
    for lexeme in lexemes:
        if len(words) == count:
            break
        if len(lexeme) < 3 or lexeme in STOP_WORDS or not lexeme.isalpha():
            continue
        written = as_written(lexeme)
        if written and not names_in_words(tokenize(written), gazetteer):
            words.append(written)
    return words


def corpus_phrases(rng: random.Random, count: int) -> list[str]:
    """Quoted runs of 2-3 words as some article writes them, not all function words."""
    from libya_archive.archive.arabic import STOP_WORDS, tokenize
    from libya_archive.archive.models import Article

    ids = list(Article.objects.order_by("id").values_list("id", flat=True))
    phrases: list[str] = []
    for article_id in rng.sample(ids, min(len(ids), count * 3)):
        if len(phrases) == count:
            break
        body = Article.objects.get(pk=article_id).body
        tokens = tokenize(body)
        size = rng.choice((2, 3))
        start = rng.randrange(len(tokens) - size)
        run = tokens[start : start + size]
        whitespace_only = all(body[a.end : b.start].isspace() for a, b in itertools.pairwise(run))
        if whitespace_only and any(t.form not in STOP_WORDS for t in run):
            phrases.append('"' + body[run[0].start : run[-1].end] + '"')
    return phrases


def latin_names(rng: random.Random, count: int) -> list[str]:
    """A Latin alias of the most named entities and of others picked at random."""
    from django.db.models import Count

    from libya_archive.archive.models import Actor, Place

    entities = []
    for model in (Actor, Place):
        for entity in model.objects.annotate(times=Count("mentions")).prefetch_related("aliases"):
            latin = sorted(alias.name for alias in entity.aliases.all() if alias.name.isascii())
            if latin:
                entities.append((entity.times, entity.slug, latin[0]))
    entities.sort(reverse=True)
    top = [name for _, _, name in entities[: count // 2]]
    return top + rng.sample([name for _, _, name in entities[count // 2 :]], count - len(top))


def zero_result_queries(rng: random.Random, rare: list[str], count: int) -> list[str]:
    """Words the archive does not hold (the suggestion path runs), and pairs of rare words
    no article holds together."""
    from libya_archive.archive.models import SearchTerm
    from libya_archive.archive.search import search_articles

    letters = "ابتثجحخدذرزسشصضطظعغفقكلمنهوي"
    unknown: list[str] = []
    while len(unknown) < count // 2:  # bounded: almost every random word is unknown
        word = "".join(rng.choice(letters) for _ in range(6))
        if not SearchTerm.objects.filter(word=word).exists():
            unknown.append(word)
    pairs = [f"{a} {b}" for a, b in zip(rare, rare[1:] + rare[:1])]
    return unknown + [q for q in pairs if not search_articles(q, page_size=1).count][: count - len(unknown)]


def medium_range(articles: int) -> tuple[int, int]:
    return max(rare_documents(articles) + 1, int(articles * MEDIUM_SHARE[0])), int(articles * MEDIUM_SHARE[1])


def rare_documents(articles: int) -> int:
    return max(RARE_PER_100K, articles * RARE_PER_100K // 100_000)


def pick_queries(seed: int) -> dict[str, list[str]]:
    from libya_archive.archive.models import Article, SearchTerm

    rng = random.Random(seed)
    total = Article.objects.count()
    # A generated vocabulary may hold few words that rare (at 100,000 articles each of its
    # words is in four or more): its rarest words then, enough of them to pick from.
    rarest = SearchTerm.objects.order_by("documents").values_list("documents", flat=True)[QUERIES_PER_CLASS * 10 :]
    at_most = max(rare_documents(total), rarest.first() or 0)
    rare = typed_words(rng, {"documents__lte": at_most}, QUERIES_PER_CLASS)
    medium = typed_words(rng, {"documents__range": medium_range(total)}, QUERIES_PER_CLASS)
    # The commonest words, and the two names the issue asks about by name.
    common = typed_words(rng, {}, QUERIES_PER_CLASS - 2, commonest=True) + ["داعش", "ليبيا"]
    boolean = [
        *(f"{a} or {b}" for a, b in zip(common[:3], medium[:3])),
        *(f"{a} or {b}" for a, b in zip(medium[3:6], medium[6:9])),
        *(f"{a} -{b}" for a, b in zip(common[3:6], medium[:3])),
        *(f"{a} {b} -{c}" for a, b, c in zip(common[6:9], common[:3], rare[:3])),
    ]
    return {
        "rare": rare,
        "medium": medium,
        "common": common,
        "phrase": corpus_phrases(rng, QUERIES_PER_CLASS),
        "entity": latin_names(rng, QUERIES_PER_CLASS),
        "boolean": boolean,
        "zero": zero_result_queries(rng, rare, QUERIES_PER_CLASS),
    }


def summary(times_ms: list[float]) -> dict:
    return {
        "samples": len(times_ms),
        "p50": benchdb.percentile(times_ms, 0.50),
        "p95": benchdb.percentile(times_ms, 0.95),
        "p99": benchdb.percentile(times_ms, 0.99),
        "max": max(times_ms),
    }


def time_in_process(queries: list[str], rounds: int) -> tuple[dict, dict[str, float]]:
    """Latency of `search_articles` (query, count, page of 20, snippets), and each query's median."""
    from django.db import connection

    from libya_archive.archive.search import search_articles

    counts = {query: search_articles(query).count for query in queries}  # and warms up
    times: dict[str, list[float]] = {query: [] for query in queries}
    sql_ms, statements = [], []
    for _ in range(rounds):
        for query in queries:
            started = time.perf_counter()
            search_articles(query)
            times[query].append(1000 * (time.perf_counter() - started))
    for query in queries:  # once more, timing the SQL it sends
        timer = benchdb.StatementTimer()
        with connection.execute_wrapper(timer):
            search_articles(query)
        sql_ms.append(1000 * sum(timer.seconds.values()))
        statements.append(sum(timer.calls.values()))
    medians = {query: statistics.median(values) for query, values in times.items()}
    result = summary([t for values in times.values() for t in values])
    result |= {
        "sql_ms_median": statistics.median(sql_ms),
        "statements_median": statistics.median(statements),
        "hits_median": statistics.median(counts.values()),
        "slowest_query": max(medians, key=medians.get),
        "slowest_query_ms": max(medians.values()),
    }
    return result, medians


def time_first_visits(queries: list[str], rounds: int) -> dict:
    """Latency of the search page's search on a first visit: with its facets, none of them
    kept (kept for no time), as a reader asking a query first waits for it."""
    from django.test.utils import override_settings

    from libya_archive.archive.search import search_articles

    times = []
    with override_settings(SEARCH_FACET_CACHE_SECONDS=0):
        for _ in range(rounds):
            for query in queries:
                started = time.perf_counter()
                search_articles(query, with_facets=True)
                times.append(1000 * (time.perf_counter() - started))
    return summary(times)


def time_http(base_url: str, queries: list[str], rounds: int) -> dict:
    """Latency of the search page, one request at a time; every answer must be 200."""
    times = []
    for round_number in range(rounds + 1):
        for query in queries:
            started = time.perf_counter()
            url = f"{base_url}/search?{urllib.parse.urlencode({'q': query})}"
            with urllib.request.urlopen(url, timeout=HTTP_TIMEOUT_SECONDS) as response:
                response.read()
                if response.status != 200:
                    raise SystemExit(f"{url}: HTTP {response.status}")
            if round_number:  # round 0 warms up
                times.append(1000 * (time.perf_counter() - started))
    return summary(times)


def profile_queries(queries: list[str]) -> None:
    from libya_archive.archive.search import search_articles

    profiler = cProfile.Profile()
    profiler.enable()
    for query in queries:
        search_articles(query)
    profiler.disable()
    profiler.dump_stats(benchdb.OUT / "queries.prof")
    pstats.Stats(profiler).sort_stats("cumulative").print_stats(20)


def explain(query: str) -> None:
    """EXPLAIN ANALYZE the two slowest statements one search for `query` sends."""
    from django.db import connection, transaction

    from libya_archive.archive.search import search_articles

    timer = benchdb.StatementTimer(keep=True)
    with connection.execute_wrapper(timer):
        search_articles(query)
    with transaction.atomic(), connection.cursor() as cursor:
        for seconds, sql, params in sorted(timer.kept, key=lambda statement: -statement[0])[:2]:
            print(f"\n-- {1000 * seconds:.1f} ms: {sql[:300]} {params}")
            # `postgres.values_up_to` sends its read between a SET LOCAL and a RESET, in one
            # string: the setting is made, the read explained, the RESET left to the rollback.
            *settings, read = [part for part in sql.split("; ") if not part.startswith("RESET ")]
            for setting in settings:
                cursor.execute(setting)
            cursor.execute("EXPLAIN (ANALYZE, BUFFERS) " + read, params)
            print("\n".join(row[0] for row in cursor.fetchall()))
        transaction.set_rollback(True)


def table(title: str, results: dict[str, dict], extra: tuple[str, ...] = ()) -> None:
    print(f"\n{title}\n")
    print("| class | samples | p50 ms | p95 ms | p99 ms | max ms |" + "".join(f" {e} |" for e in extra))
    print("| --- |" + " ---: |" * (5 + len(extra)))
    for name, r in results.items():
        cells = [r["samples"], *(f"{r[k]:.1f}" for k in ("p50", "p95", "p99", "max"))]
        cells += [f"{r[e]:.1f}" if isinstance(r[e], float) else str(r[e]) for e in extra]
        print(f"| {name} | " + " | ".join(str(c) for c in cells) + " |")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rounds", type=int, default=5, help="Timed runs of every query (default 5).")
    parser.add_argument("--seed", type=int, default=1, help="Picks the queries (default 1).")
    parser.add_argument("--no-http", action="store_true", help="Skip the HTTP measurement.")
    args = parser.parse_args()

    benchdb.setup_django()
    from libya_archive.archive.models import Article

    started = time.perf_counter()
    queries = pick_queries(args.seed)
    print(benchdb.server_settings())
    print(f"{Article.objects.count():,} articles; queries picked in {time.perf_counter() - started:.1f} s:")
    for name, chosen in queries.items():
        print(f"  {name}: {' | '.join(chosen)}")

    in_process = {}
    medians: dict[str, float] = {}
    for name, chosen in queries.items():
        in_process[name], class_medians = time_in_process(chosen, args.rounds)
        medians |= class_medians
    table(
        "search_articles in process (ms):",
        in_process,
        ("sql_ms_median", "statements_median", "hits_median"),
    )
    first_visits = {name: time_first_visits(chosen, args.rounds) for name, chosen in queries.items()}
    table("search_articles with facets on a first visit, nothing kept (ms):", first_visits)
    results = {"queries": queries, "in_process": in_process, "first_visits": first_visits, "query_medians": medians}

    if not args.no_http:
        from server import GUNICORN_THREADS, GUNICORN_WORKERS, gunicorn

        # The search itself, every time: a page kept from the warm-up round would time the page cache.
        with gunicorn(page_cache=False) as (base_url, _):
            results["http"] = {name: time_http(base_url, chosen, args.rounds) for name, chosen in queries.items()}
        table(
            f"GET /search over HTTP, gunicorn {GUNICORN_WORKERS} workers × {GUNICORN_THREADS} threads, one client at a time (ms):",
            results["http"],
        )

    benchdb.OUT.mkdir(exist_ok=True)
    (benchdb.OUT / "queries.json").write_text(json.dumps(results, indent=2, ensure_ascii=False) + "\n")

    slowest_class = max(in_process, key=lambda name: in_process[name]["p50"])
    print(f"\nWhere time goes: cProfile of the slowest class by p50, {slowest_class!r}")
    profile_queries(queries[slowest_class])
    slowest_query = max(medians, key=medians.get)
    print(f"\nEXPLAIN ANALYZE of the slowest query, {slowest_query!r} (median {medians[slowest_query]:.1f} ms)")
    explain(slowest_query)


if __name__ == "__main__":
    main()
