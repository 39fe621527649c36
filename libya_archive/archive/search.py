"""Query → ranked, highlighted articles. The page, the API and the command all call this.

A query follows web-search syntax: words, "quoted phrases", -excluded words, and `or`
(or أو) between alternatives. Each word is reduced to its search form by `arabic`,
exactly as article text was when it was indexed, and PostgreSQL matches and ranks.
"""

import re
from bisect import bisect_left
from dataclasses import dataclass, field

from django.contrib.postgres.search import SearchQuery, SearchRank
from django.db.models import F
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from libya_archive.archive.arabic import STOP_WORDS, normalize_arabic, search_form, tokenize
from libya_archive.archive.models import SEARCH_CONFIG, Article

MAX_QUERY_LENGTH = 500
MAX_PAGE_SIZE = 100
SNIPPET_WORDS = 30
_QUERY_PART = re.compile(r'(-?)"([^"]*)"?|(\S+)')
_LINE_BREAKS = re.compile(r"\s*\n\s*")
_OR_WORDS = {"or", normalize_arabic("أو")}


@dataclass(frozen=True)
class ParsedQuery:
    websearch: str  # what websearch_to_tsquery receives: search forms and operators only
    terms: frozenset[str] = frozenset()  # search forms a hit may have, for highlighting

    def __bool__(self) -> bool:
        return bool(self.terms)


def parse_query(text: str) -> ParsedQuery:
    parts: list[str] = []
    terms: set[str] = set()
    for negated, phrase, word in _QUERY_PART.findall(text[:MAX_QUERY_LENGTH]):
        if word and normalize_arabic(word) in _OR_WORDS:
            if parts and parts[-1] != "or":
                parts.append("or")
            continue
        if word.startswith("-"):
            negated, word = "-", word[1:]
        forms = [search_form(token.form) for token in tokenize(phrase or word)]
        if word:
            forms = [form for form in forms if form not in STOP_WORDS]
        if not forms:
            continue
        if negated:
            parts.append('-"' + " ".join(forms) + '"')
        else:
            parts.append('"' + " ".join(forms) + '"' if phrase else " ".join(forms))
            terms.update(forms)
    while parts and parts[-1] == "or":
        parts.pop()
    return ParsedQuery(" ".join(parts), frozenset(terms))


def highlight(text: str, terms: frozenset[str], *, words: int = SNIPPET_WORDS) -> SafeString:
    """The stretch of `text` with the most hits of `terms`, each hit in <mark>.

    Hits are found by search form, so every spelling of a term is marked as written.
    """
    marks = [(token.start, token.end) for token in tokenize(text) if search_form(token.form) in terms]
    return snippet(text, marks, words=words)


def snippet(text: str, marks: list[tuple[int, int]], *, words: int = SNIPPET_WORDS) -> SafeString:
    """The `words`-word stretch of `text` holding the most of `marks` (sorted character
    spans), escaped, each mark in <mark>, with … where text was left out."""
    tokens = tokenize(text)
    if not tokens:
        return mark_safe("")
    starts = [start for start, _ in marks]
    is_hit = []
    for token in tokens:
        # The last mark starting before the token ends overlaps it if it ends after the token starts.
        before = bisect_left(starts, token.end) - 1
        is_hit.append(int(before >= 0 and marks[before][1] > token.start))
    best_start = 0
    hits = best_hits = sum(is_hit[:words])
    for start in range(1, max(1, len(tokens) - words + 1)):
        hits += is_hit[start + words - 1] - is_hit[start - 1]
        if hits > best_hits:
            best_start, best_hits = start, hits
    first, last = tokens[best_start], tokens[min(len(tokens), best_start + words) - 1]
    at_end = last is tokens[-1]
    # A snippet that reaches either end of the text shows it whole, punctuation included.
    window_start, window_end = (first.start if best_start else 0), (len(text) if at_end else last.end)
    html = ["… "] if best_start else []
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


def _escape_inline(text: str) -> str:
    """Escaped, with line breaks folded: a snippet is one line, even across paragraphs."""
    return escape(_LINE_BREAKS.sub(" ", text))


@dataclass
class SearchHit:
    article: Article
    rank: float
    snippet: SafeString


@dataclass
class SearchResults:
    query: str
    parsed: ParsedQuery
    page: int
    page_size: int
    count: int = 0
    hits: list[SearchHit] = field(default_factory=list)

    @property
    def num_pages(self) -> int:
        return max(1, -(-self.count // self.page_size))

    @property
    def has_next(self) -> bool:
        return self.page < self.num_pages

    @property
    def has_previous(self) -> bool:
        return self.page > 1


def search_articles(query: str, *, page: int = 1, page_size: int = 20) -> SearchResults:
    """The articles matching `query`, best first, one page of them with snippets."""
    page = max(1, page)
    page_size = min(max(1, page_size), MAX_PAGE_SIZE)
    parsed = parse_query(query)
    results = SearchResults(query=query, parsed=parsed, page=page, page_size=page_size)
    if not parsed:
        return results
    ts_query = SearchQuery(parsed.websearch, search_type="websearch", config=SEARCH_CONFIG)
    matches = Article.objects.filter(search_vector=ts_query)
    results.count = matches.count()
    ranked = (
        matches.annotate(rank=SearchRank(F("search_vector"), ts_query))
        .order_by("-rank", "-published_on", "-id")
        .only("id", "title", "body", "source_name", "published_on", "source")
    )
    offset = (page - 1) * page_size
    results.hits = [
        SearchHit(article, article.rank, highlight(article.body, parsed.terms))
        for article in ranked[offset : offset + page_size]
    ]
    return results
