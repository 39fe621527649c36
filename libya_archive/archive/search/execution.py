"""Running a search: matching, counting, ranking and paging, bounded in time and work.

Bounded at any archive size: the count stops at SEARCH_COUNT_LIMIT, relevance ranks at most
SEARCH_RANK_LIMIT matches (the newest and the best titles, when there are more), facets count
at most SEARCH_FACET_LIMIT (the newest), date order pages by a cursor instead of an offset,
and the whole search stops after SEARCH_TIMEOUT_MS (settings; docs/search.md).
"""

import time
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date

from django.conf import settings
from django.contrib.postgres.search import SearchVectorField
from django.core.cache import cache
from django.db import OperationalError, connections, transaction
from django.db.models import Q, QuerySet, Value
from django.db.models.functions import Coalesce

from libya_archive.archive.editions import Edition, current_editions
from libya_archive.archive.linking import (
    cached_gazetteer,
)
from libya_archive.archive.models import (
    Article,
)
from libya_archive.archive.paging import read_after
from libya_archive.archive.postgres import (
    date_percentiles,
    ids_up_to,
    is_statement_timeout,
    one_of,
    planner_estimate,
)
from libya_archive.archive.search import ranking, some_words
from libya_archive.archive.search.facets import cached_facets
from libya_archive.archive.search.filters import NO_FILTERS, SearchFilters
from libya_archive.archive.search.highlight import marked_snippets
from libya_archive.archive.search.query import ParsedQuery, exact_condition, parse_query, raw_query, searched_query
from libya_archive.archive.search.results import DATE, RELEVANCE, SearchHit, SearchResults
from libya_archive.archive.search.suggestions import suggest_corrections
from libya_archive.archive.selectors import other_versions, with_versions_group
from libya_archive.db_routing import one_read_database

MAX_PAGE_SIZE = 100


FACETS_ONLY_UNDER_SECONDS = 1.0


# The newest matches are first looked for among the newest sixteenth of the archive at most.
FIRST_WINDOW_SHARE = 1 / 16


PERCENTILES_CACHE_SECONDS = 60

# What a page of results reads of each article.
PAGE_COLUMNS = ("title", "body", "source_name", "published_on", "source")


def matching_articles(parsed: ParsedQuery, *, filters: SearchFilters = NO_FILTERS, exact: bool = False) -> QuerySet[Article]:
    """Every article the query and filters select, unordered: the one place a match is defined."""
    ts_query = raw_query(parsed.tsquery)
    if parsed.is_of_phrases:
        # The shingles index finds the candidates and only theirs are checked for the words
        # in place, by an expression the search index cannot serve. Asked as well, that index
        # would be read whole for a word like في, and the planner, taking it for independent
        # of the shingles, would expect so few matches as to leave the date index out of a
        # date range (`newest_ids`), which then reads every candidate of the range.
        unindexed = Coalesce("search_vector", Value("", output_field=SearchVectorField()))
        matches = phrase_candidates(parsed, filters).alias(vector=unindexed).filter(vector=ts_query)
    else:
        matches = filters.apply(Article.objects.filter(parsed.shingles_condition, search_vector=ts_query))
    # Exact spelling: the index finds every spelling (a superset), the text keeps the typed one.
    return matches.filter(exact_condition(parsed)) if exact else matches


def phrase_candidates(parsed: ParsedQuery, filters: SearchFilters = NO_FILTERS) -> QuerySet[Article]:
    """The articles holding the shingles of a query of phrases only (`is_of_phrases`): all
    its matches, and a few more that its word positions turn away."""
    return filters.apply(Article.objects.filter(parsed.shingles_condition))


def search_matches(
    query: str, *, filters: SearchFilters = NO_FILTERS, exact: bool = False, expand_entities: bool = True, **_
) -> tuple[ParsedQuery, QuerySet[Article]]:
    """Every article the search page finds for `query` with these options (`search_options`),
    unordered and unpaged, and the query as parsed for it: the whole result set of a search,
    which its feed and exports read."""
    expand_entities = expand_entities and not exact
    parsed = parse_query(query, cached_gazetteer() if expand_entities else None, exact=exact)
    return parsed, matching_articles(parsed, filters=filters, exact=exact) if parsed else Article.objects.none()


def search_articles(
    query: str,
    *,
    page: int = 1,
    page_size: int = 20,
    expand_entities: bool = True,
    filters: SearchFilters = NO_FILTERS,
    sort: str = RELEVANCE,
    exact: bool = False,
    after: str = "",
    with_facets: bool = False,
    with_some_words: bool = False,
) -> SearchResults:
    """One page of the articles matching `query`, with snippets (and facets, and the articles
    holding all of the query but one part after few matches, `some_words`, if asked).

    Bounded at any archive size (see the module's docstring).
    """
    query = searched_query(query)  # the query the results and their suggestions are of
    page = max(1, page)
    page_size = min(max(1, page_size), MAX_PAGE_SIZE)
    sort = DATE if sort == DATE else RELEVANCE
    expand_entities = expand_entities and not exact
    # Both editions in one query: the gazetteer's for the names, the archive's for the facets
    # and the words' counts, kept under it, read before the reads they count.
    editions = current_editions()
    gazetteer = cached_gazetteer(editions.gazetteer) if expand_entities else None
    parsed = parse_query(query, gazetteer, exact=exact)
    results = SearchResults(query, parsed, page, page_size, expand_entities, sort, exact)
    if not parsed:
        return results
    results.entity_names = [gazetteer.names[entity] for entity in parsed.entities if entity in gazetteer.names]
    try:
        # A query that would take too long (a phrase of very common words, say) is stopped,
        # and the page says so, rather than holding a worker for minutes.
        with within_search_deadline() as database:
            _find(results, parsed, editions.archive, filters=filters, exact=exact, after=after, with_facets=with_facets)
            results.too_long_for_some_words = with_some_words and some_words.too_long(results)
            if with_some_words and some_words.are_wanted(results):
                _add_some_words(results, editions.archive, filters, database)
    except OperationalError as error:
        if not is_statement_timeout(error):
            raise
        results.timed_out, results.hits = True, []
    return results


@contextmanager
def within_search_deadline() -> Iterator[str]:
    """One read database for the statements inside, the name given, all of them together
    stopped after SEARCH_TIMEOUT_MS (an OperationalError `postgres.is_statement_timeout`
    tells), in one transaction."""
    with (
        one_read_database(Article) as database,
        transaction.atomic(using=database),
        connections[database].execute_wrapper(_Deadline(settings.SEARCH_TIMEOUT_MS)),
    ):
        yield database


def _add_some_words(results: SearchResults, edition: Edition, filters: SearchFilters, database: str) -> None:
    """After the matches, the best articles holding every part of the query but one
    (`some_words`), ranked as the query's matches are (each part they hold counts), in the
    time the search has left: out of time, the page keeps its matches."""
    parsed, wanted = results.parsed, results.page_size - len(results.hits)
    # The matches' groups are shown: their other articles are not shown again.
    shown = {hit.article.pk for hit in results.hits} | {other.pk for hit in results.hits for other in hit.also_in}
    try:
        with transaction.atomic(using=database):
            candidates = some_words.all_but_one(parsed, filters).exclude(pk__in=one_of(list(shown)))
            newest = newest_ids(candidates, settings.SEARCH_RANK_LIMIT + 1)
            articles = ranking.rank(candidates, parsed, newest, 0, wanted, columns=PAGE_COLUMNS, edition=edition).page
            missing = some_words.missing_parts(parsed, articles)
            also_in = other_versions(articles, {article.pk: article.version_of for article in articles})
            snippets = marked_snippets(articles, parsed)
    except OperationalError as error:
        if not is_statement_timeout(error):
            raise
        return
    results.some_words = [
        SearchHit(article, article.rank, marked, also_in.get(article.pk, []), *missing.get(article.pk, ((), "")))
        for article, marked in zip(articles, snippets, strict=True)
    ]


_SAVEPOINT_STATEMENTS = ("SAVEPOINT", "RELEASE SAVEPOINT", "ROLLBACK TO SAVEPOINT")


class _Deadline:
    """A Django execute wrapper that gives each statement of a search only the time the
    search has left (a statement timeout), so the search as a whole stops after
    `milliseconds`, however many statements it takes. The timeout is set again only once
    the time left has fallen a tenth of the whole below it: a fast search sets it once
    rather than before each statement (a round trip each, half of a search's), and a slow
    one overruns by at most that tenth."""

    def __init__(self, milliseconds: int) -> None:
        self.ends = time.monotonic() + milliseconds / 1000
        self.slack = milliseconds // 10
        self.set_to: int | None = None

    def __call__(self, execute, sql, params, many, context):
        if sql.startswith(_SAVEPOINT_STATEMENTS):
            # A rollback to a savepoint must reach an aborted transaction as it is (it would
            # refuse a SET first), and undoes a timeout set after the savepoint.
            if sql.startswith("ROLLBACK"):
                self.set_to = None
            return execute(sql, params, many, context)
        left = max(1, int((self.ends - time.monotonic()) * 1000))
        # (`many` is executemany, which a search never uses.)
        if not many and self.set_to is None:
            # A search's statements take milliseconds: compiling one (JIT, about 10 ms) or
            # starting workers for it (30 ms at a million articles) costs more than it saves,
            # where PostgreSQL's costing of a walk of the titles would choose both.
            execute(f"SET LOCAL statement_timeout = {left}; SET LOCAL jit = off; SET LOCAL max_parallel_workers_per_gather = 0", None, False, context)
            self.set_to = left
        elif not many and self.set_to - left > self.slack:
            execute(f"SET LOCAL statement_timeout = {left}", None, False, context)
            self.set_to = left
        return execute(sql, params, many, context)


def _find(results: SearchResults, parsed: ParsedQuery, edition: Edition, *, filters, exact, after, with_facets) -> None:
    started = time.monotonic()
    page, page_size, sort = results.page, results.page_size, results.sort
    matches = matching_articles(parsed, filters=filters, exact=exact)
    # For phrases the planner's estimate of the matches is a guess (see `matching_articles`);
    # of the articles holding their shingles, it is as good as for a word.
    expected = phrase_candidates(parsed, filters) if parsed.is_of_phrases else None
    wanted = settings.SEARCH_RANK_LIMIT
    plain = filters == NO_FILTERS and not exact
    ranking.read_counts(parsed, edition)
    newest, results.count, results.count_is_capped, every = _newest_and_count(matches, parsed, expected, plain=plain, edition=edition)
    if filters.has_dates or sort == DATE:
        # A date range cannot hold an undated article, and date order puts them last: the page says how many.
        results.undated, results.undated_is_capped = _undated(parsed, filters, exact, newest, wanted)
    if not results.count:
        results.suggestions = suggest_corrections(results.query, parsed)
        return
    if sort == DATE:
        shown = _ids_after(matches, after, page_size + 1, expected) if after else newest[: page_size + 1]
        articles = list(with_versions_group(Article.objects.filter(pk__in=shown)).newest_first().only(*PAGE_COLUMNS))
        if len(articles) > page_size:
            articles = articles[:page_size]
            results.next_cursor = articles[-1].cursor
    else:
        offset = (page - 1) * page_size
        # A title holding every clause of a query of words alone is a match, unfiltered.
        titles_match = plain and not parsed.negated and not parsed.is_of_phrases
        ranked = ranking.rank(
            matches, parsed, newest, offset, page_size, columns=PAGE_COLUMNS, titles_match=titles_match, edition=edition
        )
        results.ranked_newest_only, results.results_count = not ranked.exact, ranked.results
        articles = ranked.page
    also_in = other_versions(articles, {article.pk: article.version_of for article in articles})
    for article, marked in zip(articles, marked_snippets(articles, parsed, exact), strict=True):
        results.hits.append(SearchHit(article, getattr(article, "rank", None), marked, also_in.get(article.pk, [])))
    # Facets cost as much again as the search: a search that was slow already goes without.
    if with_facets and time.monotonic() - started < FACETS_ONLY_UNDER_SECONDS:
        # Counted over every match, as the count read them, up to SEARCH_FACET_LIMIT; of more,
        # over the newest the ranking read: the newest 10,000 would cost a reader's first
        # visit half a second more at 100,000 articles (bench/RESULTS.md).
        def counted() -> tuple[list[int], bool]:
            if every is not None and len(every) <= settings.SEARCH_FACET_LIMIT:
                return every, False
            shown = newest[: min(wanted, settings.SEARCH_FACET_LIMIT)]
            return shown, len(shown) < len(newest)

        results.facets = cached_facets(parsed, filters, exact, counted, edition)


def _newest_and_count(
    matches: QuerySet[Article], parsed: ParsedQuery, expected: QuerySet[Article] | None, *, plain: bool, edition: Edition
) -> tuple[list[int], int, bool, list[int] | None]:
    """The newest matches, one more than relevance ranks (what date order shows first, and
    how many there are when they are all), then the count as `_count` gives it. Where the
    vocabulary says few enough match to count them all anyway, every match is read once, with
    its date: the planner's guess at a word outside its statistics is a fixed share of the
    table, and planned on it the date ranges walked the date index through every article
    (docs/search.md, bench/RESULTS.md)."""
    wanted, limit = settings.SEARCH_RANK_LIMIT, settings.SEARCH_COUNT_LIMIT
    at_most = ranking.most_matches(parsed, edition)
    if at_most is None or at_most > limit:
        newest = newest_ids(matches, wanted + 1, expected=expected)
        return newest, *_count(matches, parsed, newest, wanted, plain=plain, edition=edition)
    every = ids_up_to(matches, limit + 1, newest_first=True)
    return every[: wanted + 1], min(len(every), limit), len(every) > limit, every if len(every) <= limit else None


def _count(
    matches: QuerySet[Article], parsed: ParsedQuery, newest: list[int], wanted: int, *, plain: bool, edition: Edition
) -> tuple[int, bool, list[int] | None]:
    """How many articles match, up to SEARCH_COUNT_LIMIT, whether more do, and the ids of
    every match when they were read and are no more. The `newest` ids, when they are all of
    them (at most `wanted`). More than the limit, without reading any, where one word or name
    of a query of one clause, `plain` (unfiltered, not exact), is alone in more articles. Else
    read through the indexes, one heap row a match."""
    limit = settings.SEARCH_COUNT_LIMIT
    if len(newest) <= wanted:
        every = newest
    elif plain and ranking.fewest_matches(parsed, edition) > limit:
        return limit, True, None
    else:
        every = ids_up_to(matches, limit + 1)
    return min(len(every), limit), len(every) > limit, every if len(every) <= limit else None


def _undated(parsed: ParsedQuery, filters: SearchFilters, exact: bool, newest: list[int], wanted: int) -> tuple[int, bool]:
    """How many of the matches, but for their date filters, have no date, up to
    SEARCH_UNDATED_COUNT_LIMIT, and whether there are more. Without date filters and with
    every match among the `newest` ids, they are counted among those, not searched for again."""
    if not filters.has_dates and len(newest) <= wanted:
        undated = Article.objects.filter(pk__in=one_of(newest), published_on__isnull=True)
    else:
        undated = matching_articles(parsed, filters=filters.without_dates(), exact=exact).filter(published_on__isnull=True)
    limit = settings.SEARCH_UNDATED_COUNT_LIMIT
    counted = len(ids_up_to(undated, limit + 1))
    return min(counted, limit), counted > limit


def _ids_after(matches: QuerySet[Article], after: str, limit: int, expected: QuerySet[Article] | None) -> list[int]:
    """The ids of the `limit` matches after the cursor `after`, newest first: the dated ones
    by date ranges up to its day (`newest_ids`, `expected` as there), then, if those run
    out, the undated ones, which have no dates to look in ranges of."""

    def read(stretch: str, bounds: dict, limit: int) -> list[int]:
        in_stretch = matches.in_stretch(stretch, bounds)
        if stretch in ("newest", "dated_before"):
            expected_in_stretch = expected.in_stretch(stretch, bounds) if expected is not None else None
            return newest_ids(in_stretch, limit, expected=expected_in_stretch, published_by=bounds.get("day"))
        return list(in_stretch.newest_first().values_list("pk", flat=True)[:limit])

    return read_after(after, limit, read)


def newest_ids(
    matches: QuerySet[Article], limit: int, *, expected: QuerySet[Article] | None = None, published_by: date | None = None
) -> list[int]:
    """The ids of the newest `limit` of `matches`, in newest-first order (undated last).

    Ordering every match by date means reading every matching row, 50,000 of them for a
    word in 5 % of a million articles. So they are looked for among the newest articles
    first, a date range that the date index intersects with the search index before any
    row is read: as wide as should hold `limit` and half again, by the planner's estimate
    of how many match (or are in `expected`, if given). Then in older ranges, each as much
    wider as the last ones fell short, until `limit` are found or only the oldest (and
    undated) articles are left.

    `published_by` is the day a later page starts on (`matches` then hold only the dated
    articles up to it): the ranges are of the articles up to that day. Ranges of the whole
    archive found the newer ones empty, and then all of the matches were sorted.
    """
    newest = matches.newest_first().values_list("pk", flat=True)
    bounds = published_on_percentiles()
    if published_by is not None:
        bounds = [bound for bound in bounds if bound <= published_by]
    share = 1
    if len(bounds) > 1:
        # Expected to be few in all (under half as many again as wanted), the matches are
        # sorted at once; expected to be very many, the first range is narrower than usual.
        wanted = 1.5 * limit / max(1, planner_estimate(matches if expected is None else expected))
        share = min(FIRST_WINDOW_SHARE, wanted) if wanted < 1 else 1
    ids: list[int] = []
    older_than = None  # where the ranges looked through so far end
    while share < 1 and len(bounds) > 1:
        since = bounds[int((1 - share) * (len(bounds) - 1))]
        window = newest.filter(published_on__gte=since)
        if older_than is not None:
            window = window.filter(published_on__lt=older_than)
        ids += window[: limit - len(ids)]
        if len(ids) == limit:
            return ids
        older_than = since
        # The share the matches so far suggest would hold `limit`, and half again.
        share = share * 1.5 * limit / len(ids) if ids else share * 16
    if older_than is not None:
        older = Q(published_on__lt=older_than)
        # Without the undated articles (none up to `published_by`) the date index can start at `older_than`.
        newest = newest.filter(older if published_by is not None else older | Q(published_on__isnull=True))
    return ids + list(newest[: limit - len(ids)])


def published_on_percentiles() -> list[date]:
    """Publication dates that cut the dated articles into equal shares, oldest first:
    PostgreSQL's statistics as last gathered (none before the table is first analyzed),
    kept a minute: only a guide for newest_ids."""
    return cache.get_or_set(
        "published_on_bounds", lambda: date_percentiles(Article._meta.db_table, "published_on"), PERCENTILES_CACHE_SECONDS
    )
