"""When every article holding all of a query's words fits on its first page: the articles
holding all of them but one, after those, each saying which it lacks. A word spelt or
inflected otherwise than the article has it (وعدة for عدة), or one word too many, then costs
the reader one result, not every result. See docs/search.md "Some of the words".
"""

from collections.abc import Iterator
from dataclasses import replace

from libya_archive.archive.paging import newest_first_key
from libya_archive.archive.search.query import ParsedQuery
from libya_archive.archive.search.results import RELEVANCE, SearchHit, SearchResults

# A query of more parts than this gets none: each part costs a search of its own, and a
# query that long is a list of words, not a headline misremembered.
MAX_PARTS = 6


def are_wanted(results: SearchResults) -> bool:
    """Whether a search's page has room after its matches: the first page in relevance
    order, all the matches on it, of a query of two to MAX_PARTS parts, searched in any
    spelling."""
    return (
        results.sort == RELEVANCE
        and results.page == 1
        and not results.exact
        and 1 < len(results.parsed.clauses) <= MAX_PARTS
        and not results.has_next
        and len(results.hits) < results.page_size
    )


def without_each_part(parsed: ParsedQuery) -> Iterator[tuple[ParsedQuery, tuple[str, ...]]]:
    """The query without each of its parts in turn (a word, a phrase, a name, or words
    joined by `or`), with that part's words as typed. What it highlights stays the whole
    query's: an article is marked wherever it holds any of it."""
    for index, clause in enumerate(parsed.clauses):
        yield replace(parsed, clauses=parsed.clauses[:index] + parsed.clauses[index + 1 :]), tuple(part.typed for part in clause)


def after_matches(matches: list[SearchHit], found: list[list[SearchHit]], wanted: int) -> list[SearchHit]:
    """Up to `wanted` of the hits `found` without each part (each marked with what it lacks),
    best scored first, without the `matches` and their groups' other articles, each once.
    The scores of the searches without each part compare: each sums the parts an article
    holds, so one lacking a common word comes before one lacking a rare one."""
    shown = {hit.article.pk for hit in matches} | {other.pk for hit in matches for other in hit.also_in}
    candidates = sorted(
        (hit for hits in found for hit in hits),
        key=lambda hit: (-(hit.rank or 0), newest_first_key(hit.article.pk, hit.article.published_on)),
    )
    added = []
    for hit in candidates:
        if len(added) == wanted:
            break
        if hit.article.pk not in shown:
            # Two searches may each show another article of one group: the group once.
            shown.update((hit.article.pk, *(other.pk for other in hit.also_in)))
            added.append(hit)
    return added
