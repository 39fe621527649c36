"""Query → ranked, highlighted articles. The page, the API and the command all call this.

A query follows web-search syntax: words (all must occur), "quoted phrases", -excluded
words or phrases, and `or` / `أو` between alternatives (binding tighter than the implicit
and: `a b or c` is a and (b or c)). Every word is reduced to its search form by `arabic`,
exactly as article text was when it was indexed. Words that name a known actor or place,
by any alias, also match the articles linked to it (see docs/search.md).
"""

import hashlib
import json
import re
import time
from bisect import bisect_left, bisect_right
from collections import Counter
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from itertools import accumulate
from functools import reduce
from operator import or_, sub

from django.contrib.postgres.search import SearchQuery, SearchRank, SearchVectorField
from django.core.cache import cache
from django.db import OperationalError, connection, connections, transaction
from django.db.models import Exists, F, OuterRef, Q, QuerySet, Value
from django.db.models.expressions import RawSQL
from django.db.models.functions import Coalesce
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from libya_archive.archive.arabic import (
    STOP_WORDS,
    Token,
    normalize_arabic,
    search_form,
    search_form_of_word,
    spellings_pattern,
    tokenize,
    word_around,
    word_offsets,
)
from libya_archive.archive.linking import (
    EntityKey,
    Gazetteer,
    cached_gazetteer,
    entities_in_search_text,
    entity_token,
    names_in_words,
)
from libya_archive.archive.models import (
    SEARCH_CONFIG,
    Actor,
    ActorMention,
    Article,
    Place,
    PlaceMention,
    SearchTerm,
    integer_array_literal,
    read_after,
)
from libya_archive.archive.word_shingles import phrase_shingles
from libya_archive.db_routing import one_read_database

MAX_QUERY_LENGTH = 500
MAX_QUERY_PARTS = 32
MAX_PAGE_SIZE = 100
RELEVANCE, DATE = "relevance", "date"
# Bounds that keep a search fast however many articles match (see docs/search.md).
# Ranking and facets take their matches from the newest COUNT_LIMIT + 1 the count found:
# neither limit may be larger.
COUNT_LIMIT = 1_000
RANK_LIMIT = 1_000
FACET_LIMIT = 1_000
FACET_CACHE_SECONDS = 300
SEARCH_TIMEOUT_MS = 3000
FACETS_ONLY_UNDER_SECONDS = 1.0
FACET_SIZE = 12
# The newest matches are first looked for among the newest sixteenth of the archive at most.
FIRST_WINDOW_SHARE = 1 / 16
PERCENTILES_CACHE_SECONDS = 60
SNIPPET_WORDS = 30
# ts_rank normalization 1: divide by 1 + log(article length), so long articles do not win by length alone.
RANK_NORMALIZATION = 1
_QUERY_PART = re.compile(r'(-?)"([^"]*)"?|(\S+)')
_LINE_BREAKS = re.compile(r"\s*\n\s*")
_OR_WORDS = {"or", normalize_arabic("أو")}
_ARABIC_LETTERS = "ءابتثجحخدذرزسشصضطظعغفقكلمنهوي"
_LATIN_LETTERS = "abcdefghijklmnopqrstuvwxyz"


@dataclass(frozen=True)
class QueryPart:
    """One word, phrase or name of a query: how the index is asked for it, and how it was typed."""

    tsquery: str
    typed: str
    shingles: tuple[int, ...] = ()  # for a phrase: the shingles its articles hold (`word_shingles`)


@dataclass(frozen=True)
class ParsedQuery:
    clauses: tuple[tuple[QueryPart, ...], ...] = ()  # all clauses must match; any part of one
    negated: tuple[QueryPart, ...] = ()
    terms: frozenset[str] = frozenset()  # search forms a hit may have, for highlighting
    entities: tuple[EntityKey, ...] = ()  # entities the query names, matched in any spelling
    words: tuple[Token, ...] = ()  # the query's own words, for suggesting corrections

    def __bool__(self) -> bool:
        return bool(self.clauses)

    @property
    def tsquery(self) -> str:
        """The query in to_tsquery syntax, over search forms and entity tokens."""
        positive = " & ".join("(" + " | ".join(f"({part.tsquery})" for part in clause) + ")" for clause in self.clauses)
        return positive + "".join(f" & !({part.tsquery})" for part in self.negated)

    @property
    def shingles_condition(self) -> Q:
        """What every match holds in `Article.search_shingles`: for each clause of phrases
        only, one phrase's shingles. Nothing when no clause is of phrases."""
        condition = Q()
        for clause in self.clauses:
            if all(part.shingles for part in clause):
                condition &= reduce(or_, (Q(search_shingles__contains=list(part.shingles)) for part in clause))
        return condition

    @property
    def is_of_phrases(self) -> bool:
        """Whether every clause is of phrases, so that their shingles alone find the candidates."""
        return all(part.shingles for clause in self.clauses for part in clause)


def _lexeme(form: str) -> str:
    return "'" + form.replace("'", "''") + "'"


def _phrase(tokens: list[Token]) -> str:
    return " <-> ".join(_lexeme(search_form(token.form)) for token in tokens)


def _phrase_part(tokens: list[Token], typed: str) -> QueryPart:
    return QueryPart(_phrase(tokens), typed, tuple(phrase_shingles([search_form(token.form) for token in tokens])))


def parse_query(text: str, gazetteer: Gazetteer | None = None, *, exact: bool = False) -> ParsedQuery:
    """Turn what a reader typed into query parts; with a gazetteer, names also match entities.

    In exact mode every word counts as typed, stop words included, and names are not
    expanded: the parts then say what to look for letter by letter (see `exact_condition`).
    """
    text = text[:MAX_QUERY_LENGTH]
    parts: list[QueryPart | None] = []  # in order; None stands for `or`
    negated: list[QueryPart] = []
    terms: set[str] = set()
    entities: list[EntityKey] = []
    words: list[Token] = []
    run: list[Token] = []  # consecutive bare words, read together so names of several words are found

    def typed(tokens: list[Token]) -> str:
        return " ".join(text[token.start : token.end] for token in tokens)

    def or_entity(literal: str, entity: EntityKey) -> str:
        """`literal`, or an article linked to `entity`, or the entity's own name as text
        (so UN also finds الأمم المتحدة where it stands inside a longer name)."""
        entities.append(entity)
        name = tokenize(gazetteer.names[entity])
        terms.update(search_form(token.form) for token in name)
        return f"{literal} | {_lexeme(entity_token(entity))} | {_phrase(name)}"

    def name_or(tokens: list[Token]) -> QueryPart:
        """The tokens as a phrase, or also the entity they name, when they name exactly one."""
        names = names_in_words(tokens, gazetteer) if gazetteer else []
        if len(names) == 1 and names[0][:2] == (0, len(tokens) - 1):
            return QueryPart(or_entity(_phrase(tokens), names[0][3]), typed(tokens))
        return _phrase_part(tokens, typed(tokens))

    def end_run() -> None:
        names = names_in_words(run, gazetteer) if gazetteer else []
        index = 0
        for first, last, _, entity in [*names, (len(run), len(run), 0, None)]:
            for token in run[index:first]:
                form = search_form(token.form)
                if exact or form not in STOP_WORDS:
                    parts.append(QueryPart(_lexeme(form), typed([token])))
                    terms.add(form)
            if entity is not None:
                name = run[first : last + 1]
                parts.append(QueryPart(or_entity(_phrase(name), entity), typed(name)))
                terms.update(search_form(token.form) for token in name)
            index = last + 1
        run.clear()

    for match in _QUERY_PART.finditer(text):
        minus, phrase, word = match.groups()
        if word and normalize_arabic(word) in _OR_WORDS:
            end_run()
            parts.append(None)
            continue
        offset = match.start(3) if word else match.start(2)
        if word and word.startswith("-") and len(word) > 1:
            minus, word, offset = "-", word[1:], offset + 1
        tokens = [Token(t.start + offset, t.end + offset, t.form) for t in tokenize(phrase if phrase is not None else word)]
        words += tokens
        if not tokens:
            continue
        if word and not minus:
            run.extend(tokens)
            continue
        end_run()
        if minus:
            negated.append(name_or(tokens))
        else:
            parts.append(name_or(tokens))
            terms.update(search_form(token.form) for token in tokens)
    end_run()

    clauses: list[list[QueryPart]] = []
    joins_previous = False
    for part in parts[: MAX_QUERY_PARTS * 2]:
        if part is None:
            joins_previous = bool(clauses)
        elif joins_previous:
            clauses[-1].append(part)
            joins_previous = False
        else:
            clauses.append([part])
    return ParsedQuery(
        tuple(tuple(clause) for clause in clauses),
        tuple(negated[:MAX_QUERY_PARTS]),
        frozenset(terms),
        tuple(dict.fromkeys(entities)),
        tuple(words),
    )


# Letters that continue a word: an exact match must not have one on either side.
_WORD_LETTER = "[\u0600-\u06ffA-Za-z0-9_]"


def exact_pattern(typed: str) -> str:
    """A regular expression (valid for PostgreSQL and Python alike) for `typed` as a whole
    word or phrase, letter for letter, with any white space between its words."""
    words = [re.escape(word) for word in typed.split()]
    return f"(?<!{_WORD_LETTER})" + "\\s+".join(words) + f"(?!{_WORD_LETTER})"


def exact_condition(parsed: ParsedQuery) -> Q:
    """Articles whose title or text holds every clause exactly as typed."""

    def holds(part: QueryPart) -> Q:
        pattern = exact_pattern(part.typed)
        return Q(title__iregex=pattern) | Q(body__iregex=pattern)

    condition = Q()
    for clause in parsed.clauses:
        alternatives = Q()
        for part in clause:
            alternatives |= holds(part)
        condition &= alternatives
    for part in parsed.negated:
        condition &= ~holds(part)
    return condition


def exact_spans(text: str, parsed: ParsedQuery) -> list[tuple[int, int]]:
    """Where `text` holds the query's words exactly as typed."""
    spans = []
    for part in (part for clause in parsed.clauses for part in clause):
        for match in re.finditer(exact_pattern(part.typed), text, flags=re.IGNORECASE):
            spans.append(match.span())
    return spans


def term_spans(text: str, terms: frozenset[str]) -> list[tuple[int, int]]:
    """Where in `text` words stand whose search form is one of `terms`.

    A word's search form is a stretch of its normalized letters, so only the words holding
    some spelling of a term are looked at (`spellings_pattern`, scanned in C): 7× faster than
    reading every word of a body (bench/RESULTS.md).
    """
    pattern = spellings_pattern(terms)
    if pattern is None:
        written, starts, ends = word_offsets(text)
        is_term = map(terms.__contains__, map(search_form_of_word, written))
        return [(starts[i], ends[i]) for i, hit in enumerate(is_term) if hit]
    spans: list[tuple[int, int]] = []
    looked_at_until = 0
    for stretch in pattern.finditer(text):
        if stretch.start() < looked_at_until:
            continue  # in a word already looked at
        start, looked_at_until = word_around(text, *stretch.span())
        if search_form_of_word(text[start:looked_at_until]) in terms:
            spans.append((start, looked_at_until))
    return spans


def snippet(text: str, marks: list[tuple[int, int]], *, words: int = SNIPPET_WORDS) -> SafeString:
    """The `words`-word stretch of `text` holding the most of `marks` (sorted character
    spans), escaped, each mark in <mark>, with … where text was left out.

    It is looked for around the densest marks only (`_snippet_region`): reading a whole body
    into words cost 0.5–0.7 ms, and a page shows twenty.
    """
    region_start, region_end = _snippet_region(text, marks, words)
    # Only word boundaries matter here, not word forms.
    _, starts, ends = word_offsets(text[region_start:region_end])
    if not starts:
        return mark_safe("")
    starts, ends = [start + region_start for start in starts], [end + region_start for end in ends]
    is_hit = [0] * len(starts)
    for mark_start, mark_end in marks:
        # The words a mark overlaps: from the first ending after it starts to the last starting before it ends.
        for index in range(bisect_right(ends, mark_start), bisect_left(starts, mark_end)):
            is_hit[index] = 1
    hits_before = [0, *accumulate(is_hit)]
    # Hits in each window of `words` words, by its first word, summed in C. Of the first run
    # of windows holding the most, the middle one wins, so its hits have words on either
    # side; unless the first of them opens the region: the opening is shown then, as it is
    # when nothing is marked.
    in_window = list(map(sub, hits_before[words:], hits_before[: len(starts) - words + 1])) or [0]
    most = max(in_window)
    first_best = last_best = in_window.index(most)
    while first_best and last_best + 1 < len(in_window) and in_window[last_best + 1] == most:
        last_best += 1
    best_start = (first_best + last_best) // 2
    last = min(len(starts), best_start + words) - 1
    at_start = best_start == 0 and region_start == 0
    at_end = last == len(starts) - 1 and region_end == len(text)
    # A snippet that reaches either end of the text shows it whole, punctuation included.
    window_start, window_end = (0 if at_start else starts[best_start]), (len(text) if at_end else ends[last])
    html = [] if at_start else ["… "]
    cursor = window_start
    for start, end in marks:
        if end <= window_start or start >= window_end:
            continue
        start, end = max(start, window_start), min(end, window_end)
        html += [_escape_inline(text[cursor:start]), "<mark>", escape(text[start:end]), "</mark>"]
        cursor = end
    html.append(_escape_inline(text[cursor:window_end]))
    if not at_end:
        html.append(" …")
    return mark_safe("".join(html))


# Characters an Arabic word and the space after it take, generously (bench/RESULTS.md: 6–7).
_CHARACTERS_A_WORD = 12
_SPACE = re.compile(r"\s")


def _snippet_region(text: str, marks: list[tuple[int, int]], words: int) -> tuple[int, int]:
    """Where in `text` the snippet is looked for: around the first mark that has the most
    marks within about `words` words after it (or at the start), as many words again on
    either side, cut at white space."""
    reach = words * _CHARACTERS_A_WORD
    centre, most = 0, 0
    following = 0  # the first mark beyond the reach of the one looked at
    for index, (start, _) in enumerate(marks):
        following = max(following, index)
        while following < len(marks) and marks[following][0] < start + reach // 2:
            following += 1
        if following - index > most:
            centre, most = start, following - index
    region_start, region_end = max(0, centre - reach), centre + reach
    if region_start:
        space = _SPACE.search(text, region_start, centre)
        region_start = space.end() if space else 0
    space = _SPACE.search(text, region_end)
    return region_start, space.start() if space else len(text)


def _escape_inline(text: str) -> str:
    """Escaped, with line breaks folded: a snippet is one line, even across paragraphs."""
    return escape(_LINE_BREAKS.sub(" ", text))


@dataclass(frozen=True)
class SearchFilters:
    """Narrowing a search: every filter given must hold (slugs, kinds and sources are ANDed)."""

    actors: tuple[str, ...] = ()
    places: tuple[str, ...] = ()
    actor_kinds: tuple[str, ...] = ()
    sources: tuple[str, ...] = ()
    date_from: date | None = None
    date_to: date | None = None
    added_since: datetime | None = None  # imported after this moment (new for a saved search)

    def apply(self, articles: QuerySet[Article]) -> QuerySet[Article]:
        for slug in self.actors:
            articles = articles.filter(Exists(ActorMention.objects.filter(article=OuterRef("pk"), actor__slug=slug)))
        for slug in self.places:
            articles = articles.filter(Exists(PlaceMention.objects.filter(article=OuterRef("pk"), place__slug=slug)))
        for kind in self.actor_kinds:
            articles = articles.filter(Exists(ActorMention.objects.filter(article=OuterRef("pk"), actor__kind=kind)))
        if self.sources:
            articles = articles.filter(source__in=self.sources)
        if self.date_from:
            articles = articles.filter(published_on__gte=self.date_from)
        if self.date_to:
            articles = articles.filter(published_on__lte=self.date_to)
        if self.added_since:
            articles = articles.filter(created_at__gt=self.added_since)
        return articles


NO_FILTERS = SearchFilters()


@dataclass(frozen=True)
class Facet:
    value: str
    label: str
    count: int


@dataclass(frozen=True)
class Facets:
    actors: list[Facet]
    places: list[Facet]
    actor_kinds: list[Facet]
    sources: list[Facet]
    years: list[Facet]
    sampled: bool  # counted over the newest FACET_LIMIT matches, not all of them


@dataclass
class SearchHit:
    article: Article
    rank: float | None
    snippet: SafeString


@dataclass
class SearchResults:
    query: str
    parsed: ParsedQuery
    page: int
    page_size: int
    expand_entities: bool
    sort: str = RELEVANCE
    exact: bool = False
    count: int = 0
    count_is_capped: bool = False  # more than COUNT_LIMIT matches: `count` is COUNT_LIMIT
    ranked_newest_only: bool = False  # relevance ranks the newest RANK_LIMIT matches only
    hits: list[SearchHit] = field(default_factory=list)
    next_cursor: str = ""  # date order: where the next page starts
    entity_names: list[str] = field(default_factory=list)
    suggestions: list[str] = field(default_factory=list)
    facets: Facets | None = None
    timed_out: bool = False  # stopped after SEARCH_TIMEOUT_MS
    rank_limit: int = RANK_LIMIT
    facet_limit: int = FACET_LIMIT

    @property
    def num_pages(self) -> int:
        reachable = min(self.count, RANK_LIMIT) if self.sort == RELEVANCE else self.count
        return max(1, -(-reachable // self.page_size))

    @property
    def has_next(self) -> bool:
        return bool(self.next_cursor) if self.sort == DATE else self.page < self.num_pages

    @property
    def has_previous(self) -> bool:
        return self.page > 1


def _date(value: str | None) -> date | None:
    try:
        return date.fromisoformat(value) if value else None
    except ValueError:
        return None


def _moment(value: str | None) -> datetime | None:
    try:
        moment = datetime.fromisoformat(value) if value else None
    except ValueError:
        return None
    return moment if moment is None or moment.tzinfo else moment.replace(tzinfo=UTC)


def search_options(params) -> dict:
    """What a search page, API call, feed or export asks for, from its query string.

    Filters: actor, place, kind (actor kind), source (each repeatable), from and to
    (YYYY-MM-DD); sort=date; exact=1 for exact spelling; entities=0 to match words only.
    Values that make no sense are ignored rather than refused.
    """
    return {
        "filters": SearchFilters(
            actors=tuple(params.getlist("actor")),
            places=tuple(params.getlist("place")),
            actor_kinds=tuple(kind for kind in params.getlist("kind") if kind in Actor.Kind.values),
            sources=tuple(params.getlist("source")),
            date_from=_date(params.get("from")),
            date_to=_date(params.get("to")),
            added_since=_moment(params.get("added_since")),
        ),
        "sort": params.get("sort", RELEVANCE),
        "exact": params.get("exact") == "1",
        "expand_entities": params.get("entities") != "0",
        "after": params.get("after", ""),
    }


def matching_articles(parsed: ParsedQuery, *, filters: SearchFilters = NO_FILTERS, exact: bool = False) -> QuerySet[Article]:
    """Every article the query and filters select, unordered: the one place a match is defined."""
    ts_query = SearchQuery(parsed.tsquery, search_type="raw", config=SEARCH_CONFIG)
    if parsed.is_of_phrases:
        # The shingles index finds the candidates and only theirs are checked for the words
        # in place, by an expression the search index cannot serve. Asked as well, that index
        # would be read whole for a word like في, and the planner, taking it for independent
        # of the shingles, would expect so few matches as to leave the date index out of a
        # date range (`newest_ids`): 205 ms a range at 1M, against 21 (bench/RESULTS.md).
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
) -> SearchResults:
    """One page of the articles matching `query`, with snippets (and facets if asked).

    Bounded at any archive size: the count stops at COUNT_LIMIT, relevance ranks at most
    RANK_LIMIT matches (the newest, when there are more), facets count the newest
    FACET_LIMIT, and date order pages by a cursor instead of an offset.
    """
    page = max(1, page)
    page_size = min(max(1, page_size), MAX_PAGE_SIZE)
    sort = DATE if sort == DATE else RELEVANCE
    expand_entities = expand_entities and not exact
    gazetteer = cached_gazetteer() if expand_entities else None
    parsed = parse_query(query, gazetteer, exact=exact)
    results = SearchResults(query, parsed, page, page_size, expand_entities, sort, exact)
    if not parsed:
        return results
    results.entity_names = [gazetteer.names[entity] for entity in parsed.entities if entity in gazetteer.names]
    try:
        # A query that would take too long (a phrase of very common words, say) is stopped,
        # and the page says so, rather than holding a worker for minutes.
        with (
            one_read_database(Article) as database,
            transaction.atomic(using=database),
            connections[database].execute_wrapper(_Deadline(SEARCH_TIMEOUT_MS)),
        ):
            _find(results, parsed, filters=filters, exact=exact, after=after, with_facets=with_facets)
    except OperationalError as error:
        if "statement timeout" not in str(error):
            raise
        results.timed_out, results.hits = True, []
    return results


class _Deadline:
    """A Django execute wrapper that gives each statement of a search only the time the
    search has left (a statement timeout, set before it), so the search as a whole stops
    after `milliseconds`, however many statements it takes."""

    def __init__(self, milliseconds: int) -> None:
        self.ends = time.monotonic() + milliseconds / 1000

    def __call__(self, execute, sql, params, many, context):
        left = max(1, int((self.ends - time.monotonic()) * 1000))
        if not many:  # `execute` is executemany then, and a search never uses it
            execute(f"SET LOCAL statement_timeout = {left}", None, False, context)
        return execute(sql, params, many, context)


def _find(results: SearchResults, parsed: ParsedQuery, *, filters, exact, after, with_facets) -> None:
    started = time.monotonic()
    page, page_size, sort = results.page, results.page_size, results.sort
    matches = matching_articles(parsed, filters=filters, exact=exact)
    # The newest matches, one more than are counted: how many there are is the count, and
    # they are what relevance ranks, facets count and date order shows first.
    # For phrases the planner's estimate of the matches is a guess (see `matching_articles`);
    # of the articles holding their shingles, it is as good as for a word.
    expected = phrase_candidates(parsed, filters) if parsed.is_of_phrases else None
    newest = newest_ids(matches, COUNT_LIMIT + 1, expected=expected)
    counted = len(newest)
    results.count, results.count_is_capped = min(counted, COUNT_LIMIT), counted > COUNT_LIMIT
    if not results.count:
        results.suggestions = suggest_corrections(results.query, parsed)
        return
    columns = ("id", "title", "body", "source_name", "published_on", "source")
    if sort == DATE:
        shown = _ids_after(matches, after, page_size + 1, expected) if after else newest[: page_size + 1]
        articles = list(Article.objects.filter(pk__in=shown).newest_first().only(*columns))
        if len(articles) > page_size:
            articles = articles[:page_size]
            results.next_cursor = articles[-1].cursor
    else:
        ranked = Article.objects.filter(pk__in=one_of(newest[:RANK_LIMIT]))
        results.ranked_newest_only = counted > RANK_LIMIT
        ts_query = SearchQuery(parsed.tsquery, search_type="raw", config=SEARCH_CONFIG)
        rank = SearchRank(F("search_vector"), ts_query, normalization=Value(RANK_NORMALIZATION))
        offset = (page - 1) * page_size
        ordered = ranked.annotate(rank=rank).order_by("-rank", F("published_on").desc(nulls_last=True), "-id")
        articles = list(ordered.only(*columns)[offset : offset + page_size])
    for article, marked in zip(articles, marked_snippets(articles, parsed, exact), strict=True):
        results.hits.append(SearchHit(article, getattr(article, "rank", None), marked))
    # Facets cost as much again as the search: a search that was slow already goes without.
    if with_facets and time.monotonic() - started < FACETS_ONLY_UNDER_SECONDS:
        results.facets = cached_facets(parsed, filters, exact, newest)


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


def one_of(ids: list[int]) -> RawSQL:
    """`ids` for a `pk__in` lookup as one array parameter, in PostgreSQL's text form of an
    array. A thousand ids written as `IN (%s, …)` cost about 3 ms a statement to send:
    psycopg re-parses a statement that long on every call (it keeps only short ones
    parsed). Sent as a Python list, they cost 1.2 ms more than as text."""
    return RawSQL("SELECT unnest(%s::bigint[])", [integer_array_literal(ids)])


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
    archive found the newer ones empty, and then all of the matches were sorted: later
    pages of a search by date ran out of time at 1M (bench/RESULTS.md, eleventh session).
    """
    newest = matches.newest_first().values_list("pk", flat=True)
    bounds = published_on_percentiles()
    if published_by is not None:
        bounds = [bound for bound in bounds if bound <= published_by]
    share = 1
    if len(bounds) > 1:
        # Expected to be few in all (under half as many again as wanted), the matches are
        # sorted at once; expected to be very many, the first range is narrower than usual.
        wanted = 1.5 * limit / max(1, _estimated_count(matches if expected is None else expected))
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


def _estimated_count(matches: QuerySet[Article]) -> int:
    """How many articles PostgreSQL's planner expects `matches` to hold (no row is read),
    or more: where it intersects two indexes, the larger side's estimate counts. It takes
    the two for independent, and a phrase's words and shingles are anything but (2,198
    articles expected for "بان كي", of 23,106). Too high an estimate costs `newest_ids` a
    date range more; too low, a range far too wide."""
    plan = json.loads(matches.order_by().values("pk").explain(format="json"))[0]["Plan"]

    def intersections(node: dict) -> list[int]:
        larger = [max(child["Plan Rows"] for child in node["Plans"])] if node["Node Type"] == "BitmapAnd" else []
        return larger + [rows for child in node.get("Plans", []) for rows in intersections(child)]

    return max([plan["Plan Rows"], *intersections(plan)])


def published_on_percentiles() -> list[date]:
    """Publication dates that cut the dated articles into equal shares, oldest first:
    PostgreSQL's statistics as last gathered (none before the table is first analyzed),
    kept a minute: only a guide for newest_ids."""
    return cache.get_or_set("published_on_bounds", _published_on_percentiles, PERCENTILES_CACHE_SECONDS)


def _published_on_percentiles() -> list[date]:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT histogram_bounds::text::date[] FROM pg_stats "
            "WHERE schemaname = current_schema() AND tablename = %s AND attname = 'published_on'",
            [Article._meta.db_table],
        )
        row = cursor.fetchone()
    return (row[0] if row else None) or []


def marked_snippets(
    articles: list[Article], parsed: ParsedQuery, exact: bool = False, *, words: int = SNIPPET_WORDS
) -> list[SafeString]:
    """Each article's stretch with the most of what the query looks for, every hit marked:
    its words in any spelling (or as typed) and the mentions of the entities it names."""
    spans = _entity_spans([article.pk for article in articles], parsed.entities)
    return [
        snippet(article.body, _merge_spans(hit_spans(article.body, parsed, exact) + spans.get(article.pk, [])), words=words)
        for article in articles
    ]


def article_hits(
    article: Article, query: str, *, expand_entities: bool = True, exact: bool = False, **_
) -> list[tuple[int, int]]:
    """Where one article holds what `query` looks for, as the search that found it saw it:
    its words in any spelling (or as typed) and the mentions of the entities it names."""
    expand_entities = expand_entities and not exact
    parsed = parse_query(query, cached_gazetteer() if expand_entities else None, exact=exact)
    if not parsed:
        return []
    spans = _entity_spans([article.pk], parsed.entities).get(article.pk, [])
    return _merge_spans(hit_spans(article.body, parsed, exact) + spans)


def keyword_in_context(
    text: str, start: int, end: int, *, words: int = 8, tokens: list[Token] | None = None
) -> tuple[str, str, str]:
    """A mention with up to `words` words on either side: (before, the mention, after).
    `tokens`, the text's tokens when already at hand, spare tokenizing it for every mention."""
    tokens = tokenize(text) if tokens is None else tokens
    before = [token for token in tokens if token.end <= start][-words:]
    after = [token for token in tokens if token.start >= end][:words]
    left = _LINE_BREAKS.sub(" ", text[before[0].start : start]) if before else ""
    right = _LINE_BREAKS.sub(" ", text[end : after[-1].end]) if after else ""
    return left, text[start:end], right


def hit_spans(text: str, parsed: ParsedQuery, exact: bool = False) -> list[tuple[int, int]]:
    """Where `text` holds what the query looks for: its words in any spelling, or as typed."""
    return exact_spans(text, parsed) if exact else term_spans(text, parsed.terms)


def cached_facets(parsed: ParsedQuery, filters: SearchFilters, exact: bool, newest: list[int]) -> Facets:
    """`facets_of(…)`, kept a few minutes per query: readers page through results and
    narrow them, asking for the same facets again and again."""
    key = "facets:" + hashlib.sha256(repr((parsed.clauses, parsed.negated, filters, exact)).encode()).hexdigest()
    facets = cache.get(key)
    if facets is None:
        facets = facets_of(newest)
        cache.set(key, facets, FACET_CACHE_SECONDS)
    return facets


def facets_of(newest: list[int]) -> Facets:
    """How the matches divide by actor, place, actor kind, source and year, counted over
    the newest FACET_LIMIT of them: `newest`, the search's newest matches (up to COUNT_LIMIT + 1).

    The entities are read from the articles' entity tokens (`search_entities`, written with
    their mentions), one short text an article: grouping their mention rows instead, 65 an
    article, took three aggregations of ≈ 40 ms each at 1M (bench/RESULTS.md).
    """
    sample = newest[:FACET_LIMIT]
    articles = Article.objects.filter(pk__in=one_of(sample)).values_list("search_entities", "source", "published_on")
    mentioned: dict[str, Counter[int]] = {"actor": Counter(), "place": Counter()}
    actors_of_articles: list[set[int]] = []
    sources: Counter[str] = Counter()
    years: Counter[int] = Counter()
    for search_entities, source, published_on in articles:
        entities = entities_in_search_text(search_entities)
        for kind, pk in entities:
            mentioned[kind][pk] += 1
        actors_of_articles.append({pk for kind, pk in entities if kind == "actor"})
        if source:
            sources[source] += 1
        if published_on:
            years[published_on.year] += 1
    actors = {actor.pk: actor for actor in Actor.objects.filter(pk__in=mentioned["actor"]).only("slug", "name", "kind")}
    places = Place.objects.filter(pk__in=mentioned["place"]).only("slug", "name")
    kinds = Counter(kind for pks in actors_of_articles for kind in {actors[pk].kind for pk in pks if pk in actors})
    kind_labels = dict(Actor.Kind.choices)

    def top(entities, counts: Counter[int]) -> list[Facet]:
        ranked = sorted(entities, key=lambda entity: (-counts[entity.pk], entity.name))
        return [Facet(entity.slug, entity.name, counts[entity.pk]) for entity in ranked[:FACET_SIZE]]

    return Facets(
        actors=top(actors.values(), mentioned["actor"]),
        places=top(places, mentioned["place"]),
        actor_kinds=sorted(
            (Facet(kind, kind_labels.get(kind, kind), n) for kind, n in kinds.items()), key=lambda facet: (-facet.count, facet.label)
        ),
        sources=[Facet(source, source, n) for source, n in sorted(sources.items(), key=lambda item: (-item[1], item[0]))][:FACET_SIZE],
        years=[Facet(str(year), str(year), n) for year, n in sorted(years.items(), reverse=True)],
        sampled=len(newest) > FACET_LIMIT,
    )


def _entity_spans(article_ids: list[int], entities: tuple[EntityKey, ...]) -> dict[int, list[tuple[int, int]]]:
    """Where the page's articles mention the entities the query names, by article."""
    spans: dict[int, list[tuple[int, int]]] = {}
    for kind, mention_model in (("actor", ActorMention), ("place", PlaceMention)):
        ids = [pk for entity_kind, pk in entities if entity_kind == kind]
        if ids and article_ids:
            rows = mention_model.objects.filter(article_id__in=article_ids, **{f"{kind}_id__in": ids})
            for article_id, start, end in rows.values_list("article_id", "start", "end"):
                spans.setdefault(article_id, []).append((start, end))
    return spans


def _merge_spans(spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    merged: list[tuple[int, int]] = []
    for start, end in sorted(spans):
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return merged


def _one_edit_away(word: str) -> set[str]:
    letters = _LATIN_LETTERS if word.isascii() else _ARABIC_LETTERS
    splits = [(word[:i], word[i:]) for i in range(len(word) + 1)]
    return (
        {a + b[1:] for a, b in splits if b}
        | {a + b[1] + b[0] + b[2:] for a, b in splits if len(b) > 1}
        | {a + c + b[1:] for a, b in splits if b for c in letters}
        | {a + c + b for a, b in splits for c in letters}
    ) - {word}


def suggest_corrections(query: str, parsed: ParsedQuery) -> list[str]:
    """Queries one edit away from `query` whose words the archive holds, most common first.

    Each word the archive's vocabulary lacks is replaced by the most frequent vocabulary
    word one letter away (a letter missing, extra, changed or swapped).
    """
    words = [t for t in parsed.words if search_form(t.form) not in STOP_WORDS]
    known = set(SearchTerm.objects.filter(word__in=[search_form(t.form) for t in words]).values_list("word", flat=True))
    replacements: list[tuple[Token, str]] = []
    for token in words:
        form = search_form(token.form)
        if form in known or len(form) < 3:
            continue
        # The few hundred variants looked up by word, the best chosen here: ordered by
        # documents in SQL, PostgreSQL would walk the whole vocabulary, commonest first.
        found = SearchTerm.objects.filter(word__in=_one_edit_away(form)).values_list("documents", "word")
        best = min(found, key=lambda row: (-row[0], row[1]), default=None)
        if best is not None:
            replacements.append((token, _as_written(best[1])))
    if not replacements:
        return []
    suggestion = query
    for token, word in sorted(replacements, key=lambda r: r[0].start, reverse=True):
        suggestion = suggestion[: token.start] + word + suggestion[token.end :]
    return [suggestion]


def _as_written(word: str) -> str:
    """How the archive writes a search form: its shortest spelling in an article holding it
    (الصخيرات for صخير, القذافي for قذافي), or the form itself if none is found."""
    holding = Article.objects.filter(search_vector=SearchQuery(_lexeme(word), search_type="raw", config=SEARCH_CONFIG))
    # Any article holding it will do: a slice of the unordered matches, since first() would
    # order them by id and so let PostgreSQL walk the id index, testing every article on the way.
    article = next(iter(holding.order_by().only("body")[:1]), None)
    spellings = [
        article.body[t.start : t.end] for t in tokenize(article.body if article else "") if search_form(t.form) == word
    ]
    return min(spellings, key=len, default=word)


# Any number, the same in every process: the advisory lock vocabulary changes take turns by.
VOCABULARY_LOCK = 7_160_017


def add_to_vocabulary(documents: Counter[str]) -> None:
    """Count newly stored articles into the vocabulary (search form → articles holding it),
    or, by negative counts, articles that no longer hold a form; a form no article holds
    leaves it."""
    added = sorted(word for word, articles in documents.items() if articles > 0)
    removed = sorted(word for word, articles in documents.items() if articles < 0)
    if not added and not removed:
        return
    table = SearchTerm._meta.db_table
    with transaction.atomic(), connection.cursor() as cursor:
        # Adding and removing lock their rows in two sorted runs, not one: so that no two
        # writers (imports side by side, an editor) deadlock, they take turns.
        cursor.execute("SELECT pg_advisory_xact_lock(%s)", [VOCABULARY_LOCK])
        if added:
            cursor.execute(
                f"INSERT INTO {table} (word, documents) SELECT * FROM unnest(%s::text[], %s::int[]) "
                f"ON CONFLICT (word) DO UPDATE SET documents = {table}.documents + EXCLUDED.documents",
                [added, [documents[word] for word in added]],
            )
        if removed:
            cursor.execute(
                f"UPDATE {table} SET documents = greatest({table}.documents + change.articles, 0) "
                "FROM unnest(%s::text[], %s::int[]) AS change (word, articles) "
                f"WHERE {table}.word = change.word",
                [removed, [documents[word] for word in removed]],
            )
            cursor.execute(f"DELETE FROM {table} WHERE word = ANY(%s) AND documents = 0", [removed])


def change_vocabulary(forms_before: set[str], forms_after: set[str]) -> None:
    """Count an edited article (its distinct search forms before and after) into the vocabulary."""
    add_to_vocabulary(Counter(dict.fromkeys(forms_after - forms_before, 1) | dict.fromkeys(forms_before - forms_after, -1)))


def refresh_vocabulary() -> int:
    """Rebuild the archive's vocabulary from its search index; return how many words."""
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SELECT pg_advisory_xact_lock(%s)", [VOCABULARY_LOCK])
        cursor.execute(f"DELETE FROM {SearchTerm._meta.db_table}")
        cursor.execute(
            f"INSERT INTO {SearchTerm._meta.db_table} (word, documents) "
            "SELECT word, ndoc FROM ts_stat(%s) WHERE word NOT LIKE 'entity%%'",
            [f"SELECT search_vector FROM {Article._meta.db_table}"],
        )
        return cursor.rowcount
