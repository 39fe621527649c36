"""When every article holding all of a query's words fits on its first page: the articles
holding all of them but one, after those, each saying which it lacks. A word spelt or
inflected otherwise than the article has it (وعدة for عدة), or one word too many, then costs
the reader one result, not every result. See docs/search.md "Some of the words".
"""

from django.db.models import BooleanField, ExpressionWrapper, Q, QuerySet

from libya_archive.archive.models import Article
from libya_archive.archive.search.filters import SearchFilters
from libya_archive.archive.search.query import ParsedQuery, raw_query
from libya_archive.archive.search.results import RELEVANCE, SearchResults

# A query of more parts than this gets none: its search asks for each way of leaving one
# out, and a query that long is a list of words, not a headline misremembered.
MAX_PARTS = 6


def are_wanted(results: SearchResults) -> bool:
    """Whether a search's page has room after its matches: the first page in relevance
    order, all the matches on it, of a query of two to MAX_PARTS parts, searched in any
    spelling. Not for a query holding a quoted phrase: its matches are found through the
    phrase's shingles (`matching_articles`), which the articles lacking it need not hold, so
    that every article holding its words, however common, would be checked word by word."""
    return _has_room(results) and len(results.parsed.clauses) <= MAX_PARTS


def too_long(results: SearchResults) -> bool:
    """Whether a page would have room for them (`are_wanted`) but for the query's having more
    than MAX_PARTS parts: its page says to try fewer words."""
    return _has_room(results) and len(results.parsed.clauses) > MAX_PARTS


def _has_room(results: SearchResults) -> bool:
    return (
        results.sort == RELEVANCE
        and results.page == 1
        and not results.exact
        and len(results.parsed.clauses) > 1
        and not any(part.shingles for clause in results.parsed.clauses for part in clause)
        and not results.has_next
        and len(results.hits) < results.page_size
    )


def all_but_one(parsed: ParsedQuery, filters: SearchFilters) -> QuerySet[Article]:
    """The articles holding every part of the query but one (a word, a name, or words joined
    by `or`), and none it negates, within the filters: not the matches."""
    clauses = parsed.clause_tsqueries
    each_without_one = " | ".join(
        "(" + " & ".join(clause for j, clause in enumerate(clauses) if j != i) + ")" for i in range(len(clauses))
    )
    tsquery = f"({each_without_one}) & !({' & '.join(clauses)}){parsed.negated_tsquery}"
    return filters.apply(Article.objects.filter(search_vector=raw_query(tsquery)))


def missing_parts(parsed: ParsedQuery, articles: list[Article]) -> dict[int, tuple[tuple[str, ...], str]]:
    """For each of `articles` (of `all_but_one`), the words, as typed, of the part of the
    query it lacks, asked of their search vectors in one statement, and the query without
    that part, for a link to its own search."""
    clauses = parsed.clause_tsqueries
    holds = {
        f"holds_{i}": ExpressionWrapper(Q(search_vector=raw_query(clause)), BooleanField())
        for i, clause in enumerate(clauses)
    }
    rows = Article.objects.filter(pk__in=[article.pk for article in articles]).annotate(**holds).values_list("pk", *holds)
    missing = {}
    for pk, *holding in rows:
        lacked = [index for index, held in enumerate(holding) if not held]
        if lacked:
            missing[pk] = (tuple(part.typed for part in parsed.clauses[lacked[0]]), _query_without(parsed, lacked[0]))
    return missing


def _query_without(parsed: ParsedQuery, index: int) -> str:
    """The query as typed but for its part `index`: the other parts (words joined by `or`
    again by أو), then what it excludes (a phrase quoted again)."""
    kept = [" أو ".join(part.typed for part in clause) for i, clause in enumerate(parsed.clauses) if i != index]
    excluded = [f'-"{part.typed}"' if " " in part.typed else f"-{part.typed}" for part in parsed.negated]
    return " ".join(kept + excluded)
