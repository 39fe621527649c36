"""PostgreSQL's own mechanics that the ORM cannot say, in one place: COPY, arrays sent as
text, the planner's estimates and statistics, advisory locks, random samples of a table and
its indexes' validity, how far the WAL has gone. Each says why it is raw."""

import json
import random
from collections.abc import Iterable
from datetime import date
from typing import TYPE_CHECKING

import psycopg
from django.db import connection, connections
from django.db.models import CharField, Lookup, QuerySet
from django.db.models.expressions import RawSQL

if TYPE_CHECKING:  # the score's types live with the search, whose package imports this module
    from libya_archive.archive.search.scoring import RankedPart, Weights

# Any number, the same in every process: the advisory lock vocabulary changes take turns by.
VOCABULARY_LOCK = 7_160_017
# Any other: the class of the advisory locks a running import holds on its ImportRun's id.
IMPORT_RUN_LOCK = 7_160_018
# And the one near-duplicate groups are written in turn by.
GROUPING_LOCK = 7_160_025


def integer_array_literal(numbers: Iterable[int]) -> str:
    """Numbers in PostgreSQL's text form of an array ("{1,2,3}"): psycopg sends a Python
    list element by element, a thousand numbers in about a millisecond; this text at once."""
    return "{" + ",".join(map(str, numbers)) + "}"


def one_of(ids: list[int]) -> RawSQL:
    """`ids` for a `pk__in` lookup as one array parameter: a thousand ids written as
    `IN (%s, …)` make a statement psycopg parses again on every call."""
    return RawSQL("SELECT unnest(%s::bigint[])", [integer_array_literal(ids)])


@CharField.register_lookup
class OneOfWords(Lookup):
    """`field__one_of=words`: the field holds one of `words` (a collection), sent as one
    array (`= ANY(%s::text[])`): the ORM's `IN (%s, …)` of a query's few hundred corrections
    cost more in Django and psycopg than in PostgreSQL, and `IN (SELECT unnest(…))` was
    planned as a join over the whole vocabulary where its statistics were stale (23 ms on
    the dev corpus, against 0.7 so)."""

    lookup_name = "one_of"

    def get_prep_lookup(self) -> tuple[str, ...]:
        if isinstance(self.rhs, str):
            raise TypeError("one_of takes a collection of words, not a word")
        return tuple(self.rhs)  # read once: a queryset may be compiled again

    def as_sql(self, compiler, connection):
        lhs, params = self.process_lhs(compiler, connection)
        quoted = ('"' + word.replace("\\", "\\\\").replace('"', '\\"') + '"' for word in self.rhs)
        return f"{lhs} = ANY(%s::text[])", [*params, "{" + ",".join(quoted) + "}"]


def copy_rows(table: str, columns: Iterable[str], rows: Iterable[Iterable]) -> None:
    """Write `rows` into `table` with COPY, which costs PostgreSQL less than INSERT. Django
    wraps what `execute` raises, not what COPY does: wrapped here, a row that cannot be
    stored raises Django's IntegrityError (a DatabaseError), as an INSERT would."""
    names = ", ".join(connection.ops.quote_name(column) for column in columns)
    with connection.cursor() as cursor, connection.wrap_database_errors:
        with cursor.copy(f"COPY {table} ({names}) FROM STDIN") as copy:
            for row in rows:
                copy.write_row(row)


def next_ids(table: str, how_many: int) -> list[int]:
    """Ids drawn from `table`'s sequence, for rows written by COPY (which returns none)."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT nextval(pg_get_serial_sequence(%s, 'id')) FROM generate_series(1, %s)", [table, how_many])
        return [pk for (pk,) in cursor.fetchall()]


def articles_sharing_keys(keys: list[int]) -> dict[int, list[int]]:
    """Each of `keys` an article holds → the ids of the articles whose near-duplicate keys
    hold it, a key at a time through the keys' index: asked as one overlap (`&&`), the
    planner expects every article to match and reads them all (11 s a batch, not 0.1 s)."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT k.key, a.id FROM unnest(%s::bigint[]) AS k (key) JOIN archive_article a ON a.duplicate_keys @> ARRAY[k.key]",
            [integer_array_literal(keys)],
        )
        sharing: dict[int, list[int]] = {}
        for key, pk in cursor.fetchall():
            sharing.setdefault(key, []).append(pk)
        return sharing


def other_papers_copies(articles: list[tuple[int, int, date, str]], days: int) -> list[tuple[int, int]]:
    """For (id, headline key, date, source) of articles, the pairs (id, other id) of another
    source's articles holding that key, dated within `days` of it (as `articles_sharing_keys`).
    The dates are compared as a difference, which no index serves: asked as a range, the
    planner reads the date index's week of articles for each key (864 ms a batch, not 14)."""
    ids, keys, dates, sources = zip(*articles, strict=True) if articles else ((), (), (), ())
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT h.id, a.id FROM unnest(%s::bigint[], %s::bigint[], %s::date[], %s::text[]) AS h (id, key, day, source) "
            "JOIN archive_article a ON a.duplicate_keys @> ARRAY[h.key] AND a.source <> '' AND a.source <> h.source "
            "AND abs(a.published_on - h.day) <= %s",
            [list(ids), list(keys), list(dates), list(sources), days],
        )
        return cursor.fetchall()


def analyze(tables: list[str]) -> None:
    """Gathers PostgreSQL's statistics of `tables` now. Raw: the ORM has no word for ANALYZE."""
    if not tables:
        raise ValueError("no tables to analyze: a bare ANALYZE reads the whole database")
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE " + ", ".join(map(connection.ops.quote_name, tables)))


def table_estimate(table: str) -> int:
    """How many rows `table` holds by PostgreSQL's statistics, as last gathered: counting
    them exactly scans the table."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT reltuples::bigint FROM pg_class WHERE oid = %s::regclass", [table])
        return cursor.fetchone()[0]


def common_values(table: str, column: str, using: str) -> dict[int, float]:
    """The commonest values of an integer `column` of `table`, each with the share of the
    rows holding it, by PostgreSQL's statistics as last gathered (`pg_stats`; empty before
    the table is first analysed): for a column of few values, all but the rarest. Counting
    them exactly reads every row."""
    with connections[using].cursor() as cursor:
        cursor.execute(
            "SELECT most_common_vals::text, most_common_freqs FROM pg_stats "
            "WHERE tablename = %s AND attname = %s AND NOT inherited",
            [table, column],
        )
        row = cursor.fetchone()
    if row is None or row[0] is None:
        return {}
    return dict(zip(map(int, row[0].strip("{}").split(",")), row[1], strict=True))


def sample_ids(table: str, how_many: int) -> list[int]:
    """Up to `how_many` ids of `table` chosen at random (all of them when its ids span no
    more): each the first id at or after a random number between the least and the greatest,
    one probe of the primary key, where ORDER BY random() reads every row. An id after a gap
    is the likelier, which a health check's sample can bear."""
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT min(id), max(id) FROM {table}")
        low, high = cursor.fetchone()
        if low is None:
            return []
        if high - low < how_many:
            cursor.execute(f"SELECT id FROM {table} ORDER BY id")
            return [pk for (pk,) in cursor.fetchall()]
        starts = random.sample(range(low, high + 1), how_many)
        cursor.execute(
            f"SELECT DISTINCT (SELECT id FROM {table} WHERE id >= start ORDER BY id LIMIT 1) "
            "FROM unnest(%s::bigint[]) AS start",
            [integer_array_literal(starts)],
        )
        return sorted(pk for (pk,) in cursor.fetchall())


def index_validity(tables: Iterable[str]) -> dict[str, bool]:
    """Every index of `tables`, name → whether PostgreSQL may use it: a CREATE INDEX
    CONCURRENTLY that failed leaves its index behind, invalid, which Django's introspection
    lists as any other."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT c.relname, i.indisvalid FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid "
            "WHERE i.indrelid::regclass::text = ANY(%s)",
            [list(tables)],
        )
        return dict(cursor.fetchall())


def rebuild_index(name: str) -> None:
    """Build index `name` again from its table (REINDEX), which makes an invalid one valid."""
    with connection.cursor() as cursor:
        cursor.execute(f"REINDEX INDEX {connection.ops.quote_name(name)}")


def planner_estimate(rows: QuerySet) -> int:
    """How many rows the planner expects `rows` to hold (none is read), or more: where it
    intersects two indexes, the larger side's estimate counts. It takes the two for
    independent, and a phrase's words and shingles are anything but."""
    plan = json.loads(rows.order_by().values("pk").explain(format="json"))[0]["Plan"]

    def intersections(node: dict) -> list[int]:
        larger = [max(child["Plan Rows"] for child in node["Plans"])] if node["Node Type"] == "BitmapAnd" else []
        return larger + [rows for child in node.get("Plans", []) for rows in intersections(child)]

    return max([plan["Plan Rows"], *intersections(plan)])


def ids_up_to(rows: QuerySet, limit: int, *, newest_first: bool = False) -> list[int]:
    """The ids of `rows`, up to `limit` of them, read through the indexes: how many there
    are, and which, for the facets. In no order, or `newest_first` (the archive's order:
    undated last, the newer import first on one day). Those are sorted once read, in an
    outer statement: asked of the read itself, the order would have the planner walk the
    date index, testing every article's search vector on the way."""
    if not newest_first:
        return [pk for (pk,) in values_up_to(rows, limit, "pk")]
    return [pk for (pk,) in values_up_to(rows, limit, "pk", "published_on", outer=_NEWEST_FIRST)]


# The archive's order of `values_up_to`'s rows read as (pk, published_on): what
# `paging.newest_first_key` gives, where PostgreSQL sorts them.
_NEWEST_FIRST = "SELECT pk FROM ({}) AS up_to (pk, published_on) ORDER BY published_on DESC NULLS LAST, pk DESC"


def values_up_to(rows: QuerySet, limit: int, *fields: str, outer: str = "{}") -> list[tuple]:
    """`fields` of `rows`, up to `limit` of them, in no order, read through the indexes (or
    what the statement `outer` makes of them). The planner would read a common word's
    matches by a sequential scan, whose every row is a search vector to fetch from TOAST and
    test (250 ms for a word in a quarter of 15,000 articles, 8 ms through the search index),
    so within this statement it may not. The three statements go in one round trip
    (Django's client-side cursor sends them as one string), the second's rows read after
    the first's empty result."""
    sql, params = rows.order_by().values_list(*fields)[:limit].query.sql_with_params()
    with connections[rows.db].cursor() as cursor:
        cursor.execute(f"SET LOCAL enable_seqscan = off; {outer.format(sql)}; RESET enable_seqscan", params)
        cursor.nextset()
        return cursor.fetchall()


def date_percentiles(table: str, column: str) -> list[date]:
    """Dates that cut `column` into equal shares, oldest first: the histogram of
    PostgreSQL's statistics as last gathered (none before the table is first analyzed)."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT histogram_bounds::text::date[] FROM pg_stats "
            "WHERE schemaname = current_schema() AND tablename = %s AND attname = %s",
            [table, column],
        )
        row = cursor.fetchone()
    return (row[0] if row else None) or []


def is_statement_timeout(error: Exception) -> bool:
    """Whether a database error is PostgreSQL stopping a statement at its deadline (a
    `statement_timeout`), not the database being unreachable or the statement wrong."""
    return isinstance(error.__cause__, psycopg.errors.QueryCanceled) and "statement timeout" in str(error)


def lock_in_turn(key: int) -> None:
    """Take the transaction-long advisory lock `key`: writers holding it take turns."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_advisory_xact_lock(%s)", [key])


def try_session_lock(kind: int, key: int) -> bool:
    """Take the advisory lock (`kind`, `key`) for as long as this session lasts, or until
    `release_session_lock`, if no other session holds it. PostgreSQL releases it when the
    session ends, however it ends: a killed process holds none. Raw: no ORM for locks."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_try_advisory_lock(%s, %s)", [kind, key])
        return cursor.fetchone()[0]


def release_session_lock(kind: int, key: int) -> None:
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_advisory_unlock(%s, %s)", [kind, key])


def rank_candidates(
    ids: list[int],
    parts: list["RankedPart"],
    side_by_side: tuple[str, float, float] | None,
    weights: "Weights",
    *,
    offset: int,
    limit: int,
    using: str = "default",
    page_columns: tuple[str, ...] = (),
    text_ceiling: float | None = None,
) -> tuple[list[tuple], int]:
    """The page from `offset` of the articles `ids`, best first by search/ranking.py's score,
    ties newest first: (id, score), and how many results all pages hold. With `page_columns`
    (of archive_article), each row also holds them and the id of the article's group of
    near-duplicates (None outside any): the page's articles, read in the same statement. A group of
    near-duplicates is one result, its best article, but for an article whose own title holds
    every part in its own words, worded otherwise than the group's other titles (a reader
    typing a headline's words may be after that paper's version). `side_by_side` is a phrase
    with its bonus in the title, else in the text. Whether the title holds a part is asked of
    the stored title vector, as the ranking's title scores ask it.
    With `text_ceiling` (the most an article's text can add to its title score), the text is
    scored only for the articles whose title score and that ceiling reach the least of the
    best title scores of the stories the page wants: the others cannot reach the page, and
    their search vectors (9 KB each, in TOAST) are left unread; how many results all pages
    hold is then not counted (0).
    Raw SQL, and one statement: only the numbers computed from each article's search vector
    go on to the order; through the ORM every ts_rank of every part read the vector again
    for the sort. Each ts_rank reads the stored vector itself: a copy made once for all of
    them (`search_vector || ''`) cost more than it saved (bench/RESULTS.md). The scores' parts are
    materialized CTEs: inlined, each is written out again wherever the sums name it, which
    the planner then folds (every `to_tsquery` parsed) and the executor computes, each time."""
    params: dict = {"ids": integer_array_literal(ids), "offset": offset, "limit": limit, "text": weights.text}
    params |= {"boost": weights.title_boost, "k1": weights.k1, "title_b": weights.title_b}
    params |= {"length_b": weights.length_b, "shortest": weights.shortest_share}
    params |= {"title_words": weights.average_title_words, "lexemes": weights.average_lexemes}
    params["related"], params["as_written"] = weights.related, weights.as_written
    params["wanted"], params["ceiling"] = offset + limit, text_ceiling
    title_columns, text_columns, title_score, text_score = [], [], ["0"], ["0"]
    for n, (query, wider, idf, written) in enumerate(parts):
        params[f"q{n}"], params[f"idf{n}"], params[f"w{n}"] = query, idf, wider
        in_title = f"(a.title_vector @@ to_tsquery('simple', %(q{n})s))::int"
        in_text = f"ts_rank(%(text)s::real[], a.search_vector, to_tsquery('simple', %(q{n})s))"
        if wider:
            in_title = f"greatest({in_title}, %(related)s * (a.title_vector @@ to_tsquery('simple', %(w{n})s))::int)"
            in_text = f"greatest({in_text}, %(related)s * ts_rank(%(text)s::real[], a.search_vector, to_tsquery('simple', %(w{n})s)))"
        # The title's words as written, padded, hold the word as typed between spaces.
        params[f"a{n}"] = f" {written} "
        as_written = f"(strpos(' ' || a.title_as_written || ' ', %(a{n})s) > 0)::int" if written else "0"
        title_columns += [f"{in_title} AS in_title{n}", f"{as_written} AS as_written{n}"]
        text_columns.append(f"{in_text} AS in_text{n}")
        title_score.append(
            f"%(idf{n})s * (%(boost)s * in_title{n} * (%(k1)s + 1) / (in_title{n} + title_norm) + %(as_written)s * as_written{n})"
        )
        text_score.append(f"%(idf{n})s * in_text{n} / text_norm")
    if side_by_side:
        params["phrase"], params["in_title"], params["in_text"] = side_by_side
        title_columns.append("CASE WHEN a.title_vector @@ to_tsquery('simple', %(phrase)s) THEN %(in_title)s ELSE 0 END AS title_bonus")
        text_columns.append(
            "CASE WHEN titled.title_bonus = 0 AND a.search_vector @@ to_tsquery('simple', %(phrase)s) THEN %(in_text)s ELSE 0 END AS text_bonus"
        )
    else:
        title_columns.append("0 AS title_bonus")
        text_columns.append("0 AS text_bonus")
    read, joined = "", ""
    if page_columns:
        quote = connections[using].ops.quote_name
        read = "".join(f", a.{quote(column)}" for column in page_columns) + ", g.group_id"
        joined = " JOIN archive_article a ON a.id = page.id LEFT JOIN archive_nearduplicate g ON g.article_id = page.id"
    # Every article scores at least its title score: the stories the page wants score at least
    # the least of their best ones, which an article short of it by more than the text's
    # ceiling cannot reach.
    reaching = (
        "WHERE titled.title_score + %(ceiling)s >= coalesce((SELECT best FROM (SELECT max(title_score) AS best FROM titled"
        " GROUP BY story) AS stories ORDER BY best DESC OFFSET %(wanted)s - 1 LIMIT 1), 0)"
        if text_ceiling is not None
        else ""
    )
    statement = f"""
        WITH titled_parts AS MATERIALIZED (
            SELECT a.id, a.published_on, a.title_words, coalesce(g.group_id, a.id) AS story, a.search_title,
                   %(k1)s * (1 - %(title_b)s + %(title_b)s * a.title_words / %(title_words)s) AS title_norm,
                   {", ".join(title_columns)}
            FROM archive_article a
            LEFT JOIN archive_nearduplicate g ON g.article_id = a.id
            WHERE a.id = ANY(%(ids)s::bigint[])
        ), titled AS MATERIALIZED (
            SELECT titled_parts.*, ({" + ".join(title_score)}) + title_bonus AS title_score
            FROM titled_parts
        ), scored AS MATERIALIZED (
            SELECT titled.*, length(a.search_vector) AS length, {", ".join(text_columns)}
            FROM titled
            JOIN archive_article a ON a.id = titled.id
            {reaching}
        ), normed AS (
            SELECT scored.*,
                   1 - %(length_b)s + %(length_b)s * greatest(length, %(lexemes)s * %(shortest)s) / %(lexemes)s AS text_norm
            FROM scored
        ), totalled AS (
            SELECT id, published_on, story, search_title, title_score + ({" + ".join(text_score)}) + text_bonus AS score,
                   least({", ".join(f"in_title{n}" for n in range(len(parts))) or "0"}) = 1 AS title_holds_all
            FROM normed
        ), ranked AS (
            SELECT totalled.*,
                   row_number() OVER (PARTITION BY story ORDER BY score DESC, published_on DESC NULLS LAST, id DESC) AS in_story,
                   row_number() OVER (PARTITION BY story, search_title ORDER BY score DESC, published_on DESC NULLS LAST, id DESC) AS in_headline
            FROM totalled
        ), page AS (
            SELECT id, score, published_on, count(*) OVER () AS results
            FROM ranked
            WHERE in_story = 1 OR (title_holds_all AND in_headline = 1)
            ORDER BY score DESC, published_on DESC NULLS LAST, id DESC
            OFFSET %(offset)s LIMIT %(limit)s
        )
        SELECT page.id, page.score, page.results{read}
        FROM page{joined}
        ORDER BY page.score DESC, page.published_on DESC NULLS LAST, page.id DESC
    """
    with connections[using].cursor() as cursor:
        cursor.execute(statement, params)
        rows = cursor.fetchall()
    if text_ceiling is not None:
        return [(pk, score, *rest) for pk, score, _, *rest in rows], 0
    if rows or not offset:
        return [(pk, score, *rest) for pk, score, _, *rest in rows], rows[0][2] if rows else 0
    return [], rank_candidates(ids, parts, side_by_side, weights, offset=0, limit=1, using=using)[1]


def sequence_values_and_wal_position(sequences: list[str]) -> tuple[list[int], int]:
    """The last values of `sequences` and how far the primary has written its WAL (in
    bytes), read in one statement so that the position is at least the commit of whatever
    moved the values. Raw: the ORM has no word for sequences or the WAL."""
    tables = ", ".join(f"{sequence} AS s{n}" for n, sequence in enumerate(sequences))
    values = ", ".join(f"s{n}.last_value" for n in range(len(sequences)))
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {values}, pg_current_wal_lsn() - '0/0'::pg_lsn FROM {tables}")
        *values, position = cursor.fetchone()
    return values, int(position)


def replayed_wal_position(alias: str) -> int | None:
    """How far replica `alias` has replayed the primary's WAL (in bytes): every commit up to
    it shows to its queries from now on. None from a server that replays none (not a
    replica). Raw: the ORM has no word for the WAL."""
    with connections[alias].cursor() as cursor:
        cursor.execute("SELECT pg_last_wal_replay_lsn() - '0/0'::pg_lsn")
        (position,) = cursor.fetchone()
    return None if position is None else int(position)
