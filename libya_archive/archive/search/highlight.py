"""Where an article holds what a query looks for: its words in any spelling (or as
typed) and the mentions of the entities it names, for snippets and the article page."""

import re

from django.utils.safestring import SafeString

from libya_archive.archive.linking import (
    EntityKey,
    cached_gazetteer,
)
from libya_archive.archive.models import (
    ActorMention,
    Article,
    PlaceMention,
)
from libya_archive.archive.search.query import ParsedQuery, exact_pattern, parse_query
from libya_archive.archive.snippets import (
    SNIPPET_WORDS,
    merge_spans,
    phrase_spans,
    snippet,
    term_spans,
    whole_numbers,
)


def exact_spans(text: str, parsed: ParsedQuery) -> list[tuple[int, int]]:
    """Where `text` holds the query's words exactly as typed."""
    spans = []
    for part in (part for clause in parsed.clauses for part in clause):
        for match in re.finditer(exact_pattern(part.typed), text, flags=re.IGNORECASE):
            spans.append(match.span())
    return spans


def hit_spans(text: str, parsed: ParsedQuery, exact: bool = False) -> list[tuple[int, int]]:
    """Where `text` holds what the query looks for: its words in any spelling, or as typed."""
    if exact:
        return exact_spans(text, parsed)
    return whole_numbers(text, term_spans(text, parsed.terms) + phrase_spans(text, parsed.phrases))


def marked_snippets(
    articles: list[Article], parsed: ParsedQuery, exact: bool = False, *, words: int = SNIPPET_WORDS
) -> list[SafeString]:
    """Each article's stretch with the most of what the query looks for, every hit marked:
    its words in any spelling (or as typed) and the mentions of the entities it names."""
    spans = _entity_spans([article.pk for article in articles], parsed.entities)
    return [
        snippet(article.body, merge_spans(hit_spans(article.body, parsed, exact) + spans.get(article.pk, [])), words=words)
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
    return merge_spans(hit_spans(article.body, parsed, exact) + spans)


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
