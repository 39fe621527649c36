"""Query → ranked, highlighted articles. The page, the API and the command all call this.

A query follows web-search syntax: words (all must occur), "quoted phrases", -excluded
words or phrases, and `or` / `أو` between alternatives (binding tighter than the implicit
and: `a b or c` is a and (b or c)). Every word is reduced to its search form by `arabic`,
exactly as article text was when it was indexed. Words that name a known actor or place,
by any alias, also match the articles linked to it (see docs/search.md).
"""

import re
from bisect import bisect_left
from dataclasses import dataclass, field

from django.contrib.postgres.search import SearchQuery, SearchRank
from django.db import connection, transaction
from django.db.models import F, Value
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from libya_archive.archive.arabic import STOP_WORDS, Token, normalize_arabic, search_form, tokenize
from libya_archive.archive.linking import EntityKey, Gazetteer, cached_gazetteer, entity_token, names_in_words
from libya_archive.archive.models import SEARCH_CONFIG, ActorMention, Article, PlaceMention, SearchTerm

MAX_QUERY_LENGTH = 500
MAX_QUERY_PARTS = 32
MAX_PAGE_SIZE = 100
SNIPPET_WORDS = 30
# ts_rank normalization 1: divide by 1 + log(article length), so long articles do not win by length alone.
RANK_NORMALIZATION = 1
_QUERY_PART = re.compile(r'(-?)"([^"]*)"?|(\S+)')
_LINE_BREAKS = re.compile(r"\s*\n\s*")
_OR_WORDS = {"or", normalize_arabic("أو")}
_ARABIC_LETTERS = "ءابتثجحخدذرزسشصضطظعغفقكلمنهوي"
_LATIN_LETTERS = "abcdefghijklmnopqrstuvwxyz"


@dataclass(frozen=True)
class ParsedQuery:
    tsquery: str = ""  # to_tsquery syntax over search forms and entity tokens
    terms: frozenset[str] = frozenset()  # search forms a hit may have, for highlighting
    entities: tuple[EntityKey, ...] = ()  # entities the query names, matched in any spelling
    words: tuple[Token, ...] = ()  # the query's own words, for suggesting corrections

    def __bool__(self) -> bool:
        return bool(self.tsquery)


def _lexeme(form: str) -> str:
    return "'" + form.replace("'", "''") + "'"


def _phrase(tokens: list[Token]) -> str:
    return " <-> ".join(_lexeme(search_form(token.form)) for token in tokens)


def parse_query(text: str, gazetteer: Gazetteer | None = None) -> ParsedQuery:
    """Turn what a reader typed into a tsquery; with a gazetteer, names also match entities."""
    text = text[:MAX_QUERY_LENGTH]
    parts: list[str | None] = []  # query parts in order; None stands for `or`
    negated: list[str] = []
    terms: set[str] = set()
    entities: list[EntityKey] = []
    words: list[Token] = []
    run: list[Token] = []  # consecutive bare words, read together so names of several words are found

    def or_entity(literal: str, entity: EntityKey) -> str:
        """`literal`, or an article linked to `entity`, or the entity's own name as text
        (so UN also finds الأمم المتحدة where it stands inside a longer name)."""
        entities.append(entity)
        name = tokenize(gazetteer.names[entity])
        terms.update(search_form(token.form) for token in name)
        return f"{literal} | {_lexeme(entity_token(entity))} | {_phrase(name)}"

    def name_or(tokens: list[Token], literal: str) -> str:
        """`literal`, or also the entity the tokens name, when they name exactly one."""
        names = names_in_words(tokens, gazetteer) if gazetteer else []
        if len(names) == 1 and names[0][:2] == (0, len(tokens) - 1):
            return or_entity(literal, names[0][3])
        return literal

    def end_run() -> None:
        names = names_in_words(run, gazetteer) if gazetteer else []
        index = 0
        for first, last, _, entity in [*names, (len(run), len(run), 0, None)]:
            for token in run[index:first]:
                form = search_form(token.form)
                if form not in STOP_WORDS:
                    parts.append(_lexeme(form))
                    terms.add(form)
            if entity is not None:
                parts.append(or_entity(_phrase(run[first : last + 1]), entity))
                terms.update(search_form(token.form) for token in run[first : last + 1])
            index = last + 1
        run.clear()

    for match in _QUERY_PART.finditer(text):
        minus, phrase, word = match.groups()
        if word and normalize_arabic(word) in _OR_WORDS:
            end_run()
            parts.append(None)
            continue
        if word and word.startswith("-") and len(word) > 1:
            minus, word = "-", word[1:]
        offset = match.start(3) if word else match.start(2)
        tokens = [Token(t.start + offset, t.end + offset, t.form) for t in tokenize(phrase if phrase is not None else word)]
        words += tokens
        if not tokens:
            continue
        if word and not minus:
            run.extend(tokens)
            continue
        end_run()
        if minus:
            negated.append(name_or(tokens, _phrase(tokens)))
        else:
            parts.append(name_or(tokens, _phrase(tokens)))
            terms.update(search_form(token.form) for token in tokens)
    end_run()

    clauses: list[list[str]] = []
    joins_previous = False
    for part in parts[: MAX_QUERY_PARTS * 2]:
        if part is None:
            joins_previous = bool(clauses)
        elif joins_previous:
            clauses[-1].append(part)
            joins_previous = False
        else:
            clauses.append([part])
    if not clauses:
        return ParsedQuery(words=tuple(words))
    tsquery = " & ".join("(" + " | ".join(f"({p})" for p in clause) + ")" for clause in clauses)
    tsquery += "".join(f" & !({part})" for part in negated[:MAX_QUERY_PARTS])
    return ParsedQuery(tsquery, frozenset(terms), tuple(dict.fromkeys(entities)), tuple(words))


def highlight(text: str, terms: frozenset[str], *, words: int = SNIPPET_WORDS) -> SafeString:
    """The stretch of `text` with the most hits of `terms`, each hit in <mark>.

    Hits are found by search form, so every spelling of a term is marked as written.
    """
    return snippet(text, term_spans(text, terms), words=words)


def term_spans(text: str, terms: frozenset[str]) -> list[tuple[int, int]]:
    """Where in `text` words stand whose search form is one of `terms`."""
    return [(token.start, token.end) for token in tokenize(text) if search_form(token.form) in terms]


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
    expand_entities: bool
    count: int = 0
    hits: list[SearchHit] = field(default_factory=list)
    entity_names: list[str] = field(default_factory=list)
    suggestions: list[str] = field(default_factory=list)

    @property
    def num_pages(self) -> int:
        return max(1, -(-self.count // self.page_size))

    @property
    def has_next(self) -> bool:
        return self.page < self.num_pages

    @property
    def has_previous(self) -> bool:
        return self.page > 1


def search_articles(query: str, *, page: int = 1, page_size: int = 20, expand_entities: bool = True) -> SearchResults:
    """The articles matching `query`, best first, one page of them with snippets."""
    page = max(1, page)
    page_size = min(max(1, page_size), MAX_PAGE_SIZE)
    gazetteer = cached_gazetteer() if expand_entities else None
    parsed = parse_query(query, gazetteer)
    results = SearchResults(query, parsed, page, page_size, expand_entities)
    if not parsed:
        return results
    results.entity_names = [gazetteer.names[entity] for entity in parsed.entities if entity in gazetteer.names]
    ts_query = SearchQuery(parsed.tsquery, search_type="raw", config=SEARCH_CONFIG)
    matches = Article.objects.filter(search_vector=ts_query)
    results.count = matches.count()
    if not results.count:
        results.suggestions = suggest_corrections(query, parsed)
        return results
    ranked = (
        matches.annotate(rank=SearchRank(F("search_vector"), ts_query, normalization=Value(RANK_NORMALIZATION)))
        .order_by("-rank", "-published_on", "-id")
        .only("id", "title", "body", "source_name", "published_on", "source")
    )
    offset = (page - 1) * page_size
    articles = list(ranked[offset : offset + page_size])
    spans = _entity_spans([article.pk for article in articles], parsed.entities)
    for article in articles:
        marks = _merge_spans(term_spans(article.body, parsed.terms) + spans.get(article.pk, []))
        results.hits.append(SearchHit(article, article.rank, snippet(article.body, marks)))
    return results


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
        best = SearchTerm.objects.filter(word__in=_one_edit_away(form)).order_by("-documents", "word").first()
        if best is not None:
            replacements.append((token, _as_written(best.word)))
    if not replacements:
        return []
    suggestion = query
    for token, word in sorted(replacements, key=lambda r: r[0].start, reverse=True):
        suggestion = suggestion[: token.start] + word + suggestion[token.end :]
    return [suggestion]


def _as_written(word: str) -> str:
    """How the archive writes a search form: its shortest spelling in an article holding it
    (الصخيرات for صخير, القذافي for قذافي), or the form itself if none is found."""
    article = (
        Article.objects.filter(search_vector=SearchQuery(_lexeme(word), search_type="raw", config=SEARCH_CONFIG))
        .only("body")
        .first()
    )
    spellings = [
        article.body[t.start : t.end] for t in tokenize(article.body if article else "") if search_form(t.form) == word
    ]
    return min(spellings, key=len, default=word)


def refresh_vocabulary() -> int:
    """Rebuild the archive's vocabulary from its search index; return how many words."""
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(f"DELETE FROM {SearchTerm._meta.db_table}")
        cursor.execute(
            f"INSERT INTO {SearchTerm._meta.db_table} (word, documents) "
            "SELECT word, ndoc FROM ts_stat(%s) WHERE word NOT LIKE 'entity%%'",
            [f"SELECT search_vector FROM {Article._meta.db_table}"],
        )
        return cursor.rowcount
