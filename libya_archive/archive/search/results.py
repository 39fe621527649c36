"""What a search gives its callers: a page of hits and what the page says about the rest
(`execution` fills it in)."""

from dataclasses import dataclass, field

from django.conf import settings
from django.utils.safestring import SafeString

from libya_archive.archive.models import Article
from libya_archive.archive.search.facets import Facets
from libya_archive.archive.search.query import ParsedQuery

RELEVANCE, DATE = "relevance", "date"


@dataclass
class SearchHit:
    article: Article
    rank: float | None
    snippet: SafeString
    also_in: list[Article] = field(default_factory=list)  # the other articles of its group of near-duplicates, newest first
    # For an article holding only some of the query's words (`some_words`): the words, as
    # typed, of the part of the query it lacks.
    missing: tuple[str, ...] = ()
    query_without: str = ""  # and the query without that part, for a link to its own search


@dataclass
class SearchResults:
    query: str
    parsed: ParsedQuery
    page: int
    page_size: int
    expand_entities: bool
    sort: str = RELEVANCE
    exact: bool = False
    count: int = 0  # how many articles match
    count_is_capped: bool = False  # more than SEARCH_COUNT_LIMIT matches: `count` is SEARCH_COUNT_LIMIT
    # How many results the pages hold in relevance order, a group of near-duplicates once
    # (`postgres.rank_candidates`): known when every match is ranked, else None.
    results_count: int | None = None
    ranked_newest_only: bool = False  # the page is the top of the newest and best-titled matches, not proven of all
    hits: list[SearchHit] = field(default_factory=list)
    # After the matches, where they all fit on the first page: the best articles holding every
    # part of the query but one, each with what it lacks (`some_words`).
    some_words: list[SearchHit] = field(default_factory=list)
    # Asked for them, with room for them but of more parts than `some_words.MAX_PARTS`: the page says so.
    too_long_for_some_words: bool = False
    next_cursor: str = ""  # date order: where the next page starts
    entity_names: list[str] = field(default_factory=list)
    suggestions: list[str] = field(default_factory=list)
    facets: Facets | None = None
    # Date filters and date order: the matches but for their dates that have none, up to SEARCH_UNDATED_COUNT_LIMIT.
    undated: int = 0
    undated_is_capped: bool = False
    timed_out: bool = False  # stopped after SEARCH_TIMEOUT_MS
    rank_limit: int = field(default_factory=lambda: settings.SEARCH_RANK_LIMIT)

    @property
    def num_pages(self) -> int:
        return max(1, -(-self.reachable // self.page_size))

    @property
    def reachable(self) -> int:
        """How many results the pages reach: in relevance order, of more matches, the best `rank_limit`."""
        if self.sort == RELEVANCE:
            return self.results_count if self.results_count is not None else min(self.count, self.rank_limit)
        return self.count

    @property
    def relevance_stops_short(self) -> bool:
        """Relevance order reaches the best `rank_limit` of more matches only: date order
        pages through them all."""
        return self.sort == RELEVANCE and self.results_count is None and self.count > self.rank_limit

    @property
    def has_next(self) -> bool:
        return bool(self.next_cursor) if self.sort == DATE else self.page < self.num_pages

    @property
    def offset(self) -> int:
        """How many results come before this page's (relevance order)."""
        return (self.page - 1) * self.page_size

    @property
    def has_previous(self) -> bool:
        return self.page > 1

    @property
    def is_past_the_end(self) -> bool:
        """A page number in relevance order beyond the last page (page 1 always exists, if
        empty). Not said of a search that timed out, whose count is unknown."""
        return self.sort == RELEVANCE and not self.timed_out and self.page > self.num_pages

    @property
    def sections(self) -> list[list[SearchHit]]:
        """The page's hits as it shows them: the matches, then any holding some of the words."""
        return [self.hits, self.some_words] if self.some_words else [self.hits]
