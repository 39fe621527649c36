"""Grow the benchmark database N-fold by copying its imported articles in SQL, for
measuring search and pages at a size the import could not reach in the time at hand.

    .venv/bin/python bench/run_import.py bench/out/corpus-100000 --bulk   # the real import path
    .venv/bin/python bench/replicate.py --times 10                         # 100,000 → 1,000,000

Each copy k of an article gets the id old + k·OFFSET, its own file name and content hash,
and a publication date k·37 days later, so dates, ids and names stay unique and spread; its
mentions and its set of entities are copied with it. PostgreSQL computes every copy's search
vector as for any insert (a generated column). The search index and the mention indexes are dropped for the
copy and built again at the end, as `import_articles --bulk` does for the search indexes;
copies and index builds run in two processes, one per core. Actors' and places' article counts and the
vocabulary's document counts are multiplied accordingly.

The copies repeat the imported articles' text, so term and name frequencies scale exactly
with size while the vocabulary does not grow: a fair stand-in for query and page costs, not
for import speed, which run_import.py measures on real files.
"""

import argparse
import sys
import time
from concurrent.futures import ProcessPoolExecutor

import benchdb

OFFSET = 10_000_000
# Made afresh for each copy; the generated columns PostgreSQL computes; the rest copied.
MADE_AFRESH = ("id", "source_name", "content_hash", "published_on")


def timed(cursor, sql: str, params=()) -> float:
    started = time.perf_counter()
    cursor.execute(sql, params)
    return time.perf_counter() - started


def copy(number: int) -> str:
    """Copy every imported article, with its mentions and its set of entities, once more (as
    copy `number`)."""
    benchdb.setup_django()
    from django.db import connection

    from libya_archive.archive.models import Article

    copied = ", ".join(
        field.column for field in Article._meta.concrete_fields if not field.generated and field.column not in MADE_AFRESH
    )
    with connection.cursor() as cursor:
        seconds = timed(
            cursor,
            f"INSERT INTO archive_article ({', '.join(MADE_AFRESH)}, {copied}) "
            "SELECT id + %s, source_name || '#' || %s, md5(content_hash || %s) || md5(%s || content_hash), "
            f"published_on + %s * 37, {copied} FROM archive_article WHERE id < %s",
            [number * OFFSET, number, number, number, number, OFFSET],
        )
        for kind in ("actor", "place"):
            seconds += timed(
                cursor,
                f'INSERT INTO archive_{kind}mention (article_id, start, "end", {kind}_id) '
                f'SELECT article_id + %s, start, "end", {kind}_id FROM archive_{kind}mention WHERE article_id < %s',
                [number * OFFSET, OFFSET],
            )
        seconds += timed(
            cursor,
            "INSERT INTO archive_articleentities (article_id, actor_ids, place_ids) "
            "SELECT article_id + %s, actor_ids, place_ids FROM archive_articleentities WHERE article_id < %s",
            [number * OFFSET, OFFSET],
        )
    return f"copy {number}: {seconds:.0f} s"


def _schema_objects():
    """The indexes and constraints dropped for the copies, largest first: (model, object)."""
    from libya_archive.archive.models import ActorMention, Article, PlaceMention

    indexes = [(model, index) for model in (Article, ActorMention, PlaceMention) for index in model._meta.indexes]
    indexes = [(model, index) for model, index in indexes if model is not Article or index.name.endswith("gin")]
    # The shingles index alone takes about as long as all the rest.
    indexes.sort(key=lambda entry: entry[1].name != "article_search_shingles_gin")
    constraints = [(model, c) for model in (ActorMention, PlaceMention) for c in model._meta.constraints if hasattr(c, "fields")]
    return indexes, constraints


def build(number: int) -> str:
    """Build index or constraint `number` of `_schema_objects` again."""
    benchdb.setup_django()
    from django.db import connection

    indexes, constraints = _schema_objects()
    model, built = (indexes + constraints)[number]
    started = time.perf_counter()
    with connection.cursor() as cursor:
        cursor.execute("SET maintenance_work_mem = '4GB'")
    with connection.schema_editor() as editor:
        (editor.add_index if number < len(indexes) else editor.add_constraint)(model, built)
    return f"{built.name}: {time.perf_counter() - started:.0f} s"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--times", type=int, default=10, help="How many times as many articles (default 10).")
    args = parser.parse_args()

    benchdb.setup_django()
    from django.db import connection

    indexes, constraints = _schema_objects()

    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*), max(id) FROM archive_article")
        articles, highest = cursor.fetchone()
    if highest >= OFFSET:
        sys.exit("the database has been replicated already")
    print(f"{articles:,} articles → {articles * args.times:,}", flush=True)

    started = time.perf_counter()
    with connection.schema_editor() as editor:
        for model, index in indexes:
            editor.remove_index(model, index)
        for model, constraint in constraints:
            editor.remove_constraint(model, constraint)
    connection.close()
    with ProcessPoolExecutor(2) as pool:
        for line in pool.map(copy, range(1, args.times)):
            print(line, flush=True)
    print(f"copies: {time.perf_counter() - started:.0f} s", flush=True)

    with connection.cursor() as cursor:
        for table in ("archive_actor", "archive_place"):
            cursor.execute(f"UPDATE {table} SET article_count = article_count * %s", [args.times])
        cursor.execute("UPDATE archive_searchterm SET documents = documents * %s", [args.times])
        cursor.execute("SELECT setval(pg_get_serial_sequence('archive_article', 'id'), (SELECT max(id) FROM archive_article))")
    started = time.perf_counter()
    connection.close()
    with ProcessPoolExecutor(2) as pool:
        for line in pool.map(build, range(len(indexes) + len(constraints))):
            print(line, flush=True)
    print(f"indexes and constraints built again: {time.perf_counter() - started:.0f} s", flush=True)
    with connection.cursor() as cursor:
        print(f"VACUUM ANALYZE: {timed(cursor, 'VACUUM ANALYZE'):.0f} s", flush=True)
        cursor.execute("SELECT count(*), pg_size_pretty(pg_database_size(current_database())) FROM archive_article")
        print("articles, database size:", cursor.fetchone(), flush=True)


if __name__ == "__main__":
    main()
