"""Import a generated corpus into the benchmark database through the archive's own import
path (`importing.import_paths`, what `manage.py import_articles` runs) and report articles
per second and the size of the database.

    .venv/bin/python bench/run_import.py bench/out/corpus-10000
    .venv/bin/python bench/run_import.py bench/out/corpus-10000 --limit 2000 --profile bench/out/import.prof

The database (see benchdb.py) is dropped and created afresh, migrated and given the seed
gazetteer first. After the import it is VACUUM ANALYZEd, as autovacuum would in time, so
that the query benchmarks plan on real statistics. Writes bench/out/import.json.
"""

import argparse
import cProfile
import json
import os
import pstats
import sys
import time
from collections import Counter
from pathlib import Path

import benchdb

PROGRESS_EVERY = 1000
# The archive's own tables: what the import writes.
TABLES = ("archive_article", "archive_actormention", "archive_placemention", "archive_searchterm")


def backend_cpu_seconds(pid: int) -> float:
    """CPU time of one PostgreSQL backend process (same machine): user + system."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def children_cpu_seconds() -> float:
    """CPU time of this process's children that have ended: user + system."""
    times = os.times()
    return times.children_user + times.children_system


def import_corpus(paths: list[Path], workers: int, bulk: bool) -> dict:
    """Run the import; return the counts of outcomes, the seconds spent and where."""
    from django.db import connection

    from libya_archive.archive.importing import import_paths

    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        (backend,) = cursor.fetchone()
    timer = benchdb.StatementTimer()
    counts: Counter = Counter()
    backend_cpu, python_cpu, workers_cpu = backend_cpu_seconds(backend), time.process_time(), children_cpu_seconds()
    started = last_block = time.perf_counter()
    last_article = started
    with connection.execute_wrapper(timer):
        for outcome in import_paths(paths, workers=workers, bulk=bulk):
            counts[outcome.status] += 1
            if outcome.status == "skipped":
                print(f"  skipped {outcome.path}: {outcome.message}", file=sys.stderr)
            last_article = time.perf_counter()
            done = sum(counts.values())
            if done % PROGRESS_EVERY == 0:
                # The rate of each block shows whether the import slows as the tables grow.
                rate = PROGRESS_EVERY / (last_article - last_block)
                print(f"  {done:,} articles, last {PROGRESS_EVERY:,} at {rate:.1f}/s", flush=True)
                last_block = last_article
    finished = time.perf_counter()
    return {
        "outcomes": dict(counts),
        "articles_seconds": last_article - started,
        # What follows the last article's outcome (the last batch is written before it is reported).
        "after_last_seconds": finished - last_article,
        "seconds": finished - started,
        "python_cpu_seconds": time.process_time() - python_cpu,
        # The worker processes that analyse articles, counted once they have ended.
        "workers_cpu_seconds": children_cpu_seconds() - workers_cpu,
        "postgres_backend_cpu_seconds": backend_cpu_seconds(backend) - backend_cpu,
        "statements": {
            kind: {"calls": timer.calls[kind], "seconds": seconds}
            for kind, seconds in sorted(timer.seconds.items(), key=lambda item: -item[1])
        },
    }


def database_sizes() -> dict:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_database_size(current_database())")
        (database,) = cursor.fetchone()
        tables = {}
        for table in TABLES:
            cursor.execute(
                f"SELECT count(*), pg_table_size(%s), pg_indexes_size(%s), pg_total_relation_size(%s) FROM {table}",
                [table, table, table],
            )
            rows, data, indexes, total = cursor.fetchone()
            tables[table] = {"rows": rows, "table_bytes": data, "index_bytes": indexes, "total_bytes": total}
        cursor.execute(
            "SELECT indexrelid::regclass::text, pg_relation_size(indexrelid) FROM pg_index "
            "WHERE indrelid = 'archive_article'::regclass ORDER BY 2 DESC"
        )
        article_indexes = dict(cursor.fetchall())
        # What an article row holds, column by column, as stored (compressed, maybe in TOAST).
        columns = ("title", "body", "search_title", "search_lead", "search_body", "search_entities", "search_vector", "search_shingles")
        cursor.execute(
            "SELECT sum(array_length(string_to_array(search_lead || ' ' || search_body, ' '), 1)), "
            + ", ".join(f"avg(pg_column_size({column}))" for column in columns)
            + " FROM archive_article"
        )
        words, *column_bytes = cursor.fetchone()
        cursor.execute(
            "SELECT relname, n_live_tup, n_dead_tup FROM pg_stat_user_tables WHERE relname LIKE 'archive_%%'"
        )
        dead_rows = {table: {"live": live, "dead": dead} for table, live, dead in cursor.fetchall()}
    return {
        "database_bytes": database,
        "tables": tables,
        "article_indexes": article_indexes,
        "article_column_bytes": {c: float(b or 0) for c, b in zip(columns, column_bytes)},
        "rows_live_dead": dead_rows,
        "words": int(words or 0),
    }


def vacuum_analyze() -> float:
    """VACUUM ANALYZE, then a CHECKPOINT, so that the benchmarks after the import do not
    share the machine with its write-back."""
    from django.db import connection

    started = time.perf_counter()
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE")
        cursor.execute("CHECKPOINT")
    return time.perf_counter() - started


def mb(size: int) -> str:
    return f"{size / 2**20:,.1f} MB"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("corpus", type=Path, help="A folder written by generate_corpus.py.")
    parser.add_argument("--limit", type=int, help="Import only the first LIMIT files (to extrapolate from).")
    parser.add_argument("--profile", type=Path, help="Profile the import with cProfile and save the profile here.")
    parser.add_argument(
        "--workers", type=int, default=2, help="Processes reading and analysing files (import_articles --workers; default 2)."
    )
    parser.add_argument("--bulk", action="store_true", help="import_articles --bulk: the search index built at the end.")
    args = parser.parse_args()

    benchdb.recreate()
    benchdb.setup_django()
    from django.core.management import call_command

    from libya_archive.archive.import_files import article_files

    call_command("migrate", verbosity=0)
    call_command("load_gazetteer", verbosity=0)
    # Named files are imported exactly as the files under a named folder are.
    paths = list(article_files([args.corpus]))[: args.limit] if args.limit else [args.corpus]

    profiler = cProfile.Profile() if args.profile else None
    if profiler:
        profiler.enable()
    result = import_corpus(paths, args.workers, args.bulk)
    if profiler:
        profiler.disable()
        profiler.dump_stats(args.profile)
        pstats.Stats(profiler).sort_stats("tottime").print_stats(25)

    imported = result["outcomes"].get("imported", 0)
    sizes = database_sizes()
    result |= {
        "corpus": str(args.corpus),
        "limit": args.limit,
        "profiled": bool(profiler),
        "workers": args.workers,
        "bulk": args.bulk,
        "articles_per_second": imported / result["articles_seconds"],
        "sizes_after_import": sizes,
        "vacuum_analyze_seconds": vacuum_analyze(),
    }
    result["sizes_after_vacuum"] = database_sizes()
    mentions = sizes["tables"]["archive_actormention"]["rows"] + sizes["tables"]["archive_placemention"]["rows"]
    benchdb.OUT.mkdir(exist_ok=True)
    (benchdb.OUT / "import.json").write_text(json.dumps(result, indent=2) + "\n")

    print(f"\n{imported:,} articles imported {dict(result['outcomes'])}")
    print(
        f"import: {result['seconds']:.1f} s, {result['articles_per_second']:.1f} articles/s "
        f"({result['workers']} workers; files {result['articles_seconds']:.1f} s, after the last {result['after_last_seconds']:.1f} s)"
    )
    print(
        f"  Python CPU {result['python_cpu_seconds']:.1f} s (workers {result['workers_cpu_seconds']:.1f} s), "
        f"PostgreSQL backend CPU {result['postgres_backend_cpu_seconds']:.1f} s"
    )
    print("  | statement | calls | total s | ms per call |\n  | --- | ---: | ---: | ---: |")
    for kind, statement in result["statements"].items():
        calls, seconds = statement["calls"], statement["seconds"]
        print(f"  | {kind} | {calls:,} | {seconds:.1f} | {1000 * seconds / calls:.2f} |")
    print(f"linked mentions: {mentions:,}, {1000 * mentions / max(1, sizes['words']):.1f} per 1,000 words")
    print(f"VACUUM ANALYZE and CHECKPOINT: {result['vacuum_analyze_seconds']:.1f} s")
    print(f"database: {mb(sizes['database_bytes'])}")
    print("| table | rows | table (with TOAST) | indexes | total |")
    print("| --- | ---: | ---: | ---: | ---: |")
    for table, size in sizes["tables"].items():
        print(
            f"| {table} | {size['rows']:,} | {mb(size['table_bytes'])} | {mb(size['index_bytes'])} "
            f"| {mb(size['total_bytes'])} |"
        )
    print(
        "archive_article indexes: " + ", ".join(f"{name} {mb(size)}" for name, size in sizes["article_indexes"].items())
    )
    print(
        "archive_article bytes per row, as stored: "
        + ", ".join(f"{column} {size:,.0f}" for column, size in sizes["article_column_bytes"].items())
    )
    live_dead = sizes["rows_live_dead"]["archive_article"]
    print(f"archive_article rows after import: {live_dead['live']:,} live, {live_dead['dead']:,} dead")


if __name__ == "__main__":
    main()
