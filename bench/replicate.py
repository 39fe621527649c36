"""Grow the benchmark database tenfold (or N-fold) by copying its imported articles in SQL,
for measuring search and pages at a size the import could not reach in the time at hand.

    .venv/bin/python bench/run_import.py bench/out/corpus-100000 --bulk   # the real import path
    .venv/bin/python bench/replicate.py --times 10                         # 100,000 → 1,000,000

Each copy k of an article gets the id old + k·OFFSET, its own file name and content hash,
and a publication date k·37 days later, so dates, ids and names stay unique and spread. Its
mentions are copied with it. The search vector is computed by PostgreSQL for every copy as
for any insert (it is a generated column); the search index is dropped for the copy and
built again at the end, as `import_articles --bulk` does. Actors' and places' article counts
and the vocabulary's document counts are multiplied accordingly.

The copies repeat the imported articles' text, so term frequencies scale exactly with size
while the vocabulary does not grow: a fair stand-in for query and page costs, not for import.
"""

import argparse
import sys
import time

import benchdb

OFFSET = 10_000_000


def run(cursor, sql: str, params=()) -> float:
    started = time.perf_counter()
    cursor.execute(sql, params)
    return time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--times", type=int, default=10, help="How many times as many articles (default 10).")
    args = parser.parse_args()

    benchdb.setup_django()
    from django.db import connection

    from libya_archive.archive.models import SEARCH_INDEX_NAME

    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*), max(id) FROM archive_article")
        articles, highest = cursor.fetchone()
        if highest >= OFFSET:
            sys.exit("the database has been replicated already")
        print(f"{articles:,} articles → {articles * args.times:,}", flush=True)
        cursor.execute("SET maintenance_work_mem = '1GB'")
        print(f"drop search index: {run(cursor, f'DROP INDEX {SEARCH_INDEX_NAME}'):.1f} s", flush=True)
        columns = "title, body, published_on, source, url, created_at, updated_at, search_title, search_lead, search_body, search_entities"
        for copy in range(1, args.times):
            seconds = run(
                cursor,
                f"INSERT INTO archive_article (id, source_name, content_hash, {columns}) "
                f"SELECT id + %s, source_name || '#' || %s, md5(content_hash || %s) || md5(%s || content_hash), "
                f"{columns.replace('published_on', 'published_on + %s * 37')} FROM archive_article WHERE id < %s",
                [copy * OFFSET, copy, copy, copy, copy, OFFSET],
            )
            seconds += run(
                cursor,
                'INSERT INTO archive_actormention (article_id, start, "end", actor_id) '
                'SELECT article_id + %s, start, "end", actor_id FROM archive_actormention WHERE article_id < %s',
                [copy * OFFSET, OFFSET],
            )
            seconds += run(
                cursor,
                'INSERT INTO archive_placemention (article_id, start, "end", place_id) '
                'SELECT article_id + %s, start, "end", place_id FROM archive_placemention WHERE article_id < %s',
                [copy * OFFSET, OFFSET],
            )
            print(f"copy {copy}: {seconds:.1f} s", flush=True)
        for table in ("archive_actor", "archive_place"):
            run(cursor, f"UPDATE {table} SET article_count = article_count * %s", [args.times])
        run(cursor, "UPDATE archive_searchterm SET documents = documents * %s", [args.times])
        run(cursor, "SELECT setval(pg_get_serial_sequence('archive_article', 'id'), (SELECT max(id) FROM archive_article))")
        seconds = run(cursor, f"CREATE INDEX {SEARCH_INDEX_NAME} ON archive_article USING gin (search_vector)")
        print(f"build search index: {seconds:.1f} s", flush=True)
        print(f"VACUUM ANALYZE: {run(cursor, 'VACUUM ANALYZE'):.1f} s", flush=True)
        cursor.execute("SELECT count(*), pg_size_pretty(pg_database_size(current_database())) FROM archive_article")
        print("articles, database size:", cursor.fetchone())


if __name__ == "__main__":
    main()
