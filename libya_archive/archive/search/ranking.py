"""Relevance: how well an article answers a query, and which articles are ranked.

Each part of the query (a word, a phrase, a name in any of its forms) counts its inverse
document frequency (BM25's, from the vocabulary's counts: a rare word counts for more than
a common one) times two things: whether the title holds it, the title being a field of its
own weighted TITLE_BOOST and normalized by its length as BM25 does; and `ts_rank` over the
rest of the article (the lead and the entities named above the body), which grows with how
often the part stands and saturates, over a length normalization in which an article
shorter than a quarter of the average counts as that long, so that a photo caption is not
crowned for holding the query once. A query of words earns a bonus where they stand side by
side. Ties go to the newest. The formula and why: docs/search.md, "Ranking".

Which articles: the newest SEARCH_RANK_LIMIT matches, and up to as many again whose title
holds every clause (the title tier), so that the best match of a common query is ranked
however old it is.
"""

import math
import re

from django.conf import settings
from django.contrib.postgres.search import SearchQuery
from django.db.models import QuerySet

from libya_archive.archive.models import SEARCH_CONFIG, Actor, Article, Place, SearchTerm, title_vector
from libya_archive.archive.postgres import Weights, rank_candidates
from libya_archive.archive.search.query import ParsedQuery

# ts_rank's weights of the labels D, C, B, A: (unused), the body, the lead and the entities, the title.
TEXT_WEIGHTS = [0.2, 0.2, 0.5, 0.0]
# The title as a field of its own, as BM25F and Elasticsearch's multi_match weigh it.
TITLE_BOOST = 3.0
K1 = 1.2
TITLE_B = 0.75
LENGTH_B = 0.5
SHORTEST_SHARE = 0.25
PHRASE_IN_TITLE = 1.0
PHRASE_IN_TEXT = 0.3
_LEXEME = re.compile(r"'((?:[^']|'')*)'")


def lexemes_of(tsquery: str) -> list[str]:
    return [lexeme.replace("''", "'") for lexeme in _LEXEME.findall(tsquery)]


def clause_queries(parsed: ParsedQuery) -> list[str]:
    """Each positive clause as one tsquery: its parts as alternatives."""
    return [" | ".join(f"({part.tsquery})" for part in clause) for clause in parsed.clauses]


def part_queries(parsed: ParsedQuery) -> list[str]:
    """Every part of every positive clause, as its tsquery."""
    return [part.tsquery for clause in parsed.clauses for part in clause]


def inverse_document_frequencies(queries: list[str]) -> list[float]:
    """Each query's idf: that of its rarest word or name (BM25's, over the whole archive)."""
    articles, _ = Article.objects.count_or_estimate()
    lexemes = {lexeme for query in queries for lexeme in lexemes_of(query)}
    documents = dict(SearchTerm.objects.filter(word__in=lexemes).values_list("word", "documents"))
    for kind, model in (("actor", Actor), ("place", Place)):
        # What a reader typed may look like an entity token (entityactor²): ASCII digits only.
        tokens = {lexeme: int(match[1]) for lexeme in lexemes if (match := re.fullmatch(f"entity{kind}(\\d{{1,18}})", lexeme, re.ASCII))}
        counts = dict(model.objects.filter(pk__in=tokens.values()).values_list("pk", "article_count"))
        documents |= {token: counts.get(pk, 0) for token, pk in tokens.items()}

    def idf(lexeme: str) -> float:
        held = min(documents.get(lexeme, 0), articles)
        return math.log(1 + (articles - held + 0.5) / (held + 0.5))

    return [max(map(idf, lexemes_of(query)), default=0.0) for query in queries]


def in_title_of(query: str) -> str:
    """`query` with every word to be found in the title (label A): a phrase there whole."""
    return _LEXEME.sub(r"\g<0>:A", query)


def candidates(matches: QuerySet[Article], parsed: ParsedQuery, newest: list[int]) -> list[int]:
    """What relevance ranks: the newest matches, and the title tier when there are more."""
    limit = settings.SEARCH_RANK_LIMIT
    ranked = newest[:limit]
    if len(newest) > limit:
        # Through the title's own index: asked of the search vector's title weights, every
        # match would be read to check them.
        holds = SearchQuery(" & ".join(f"({query})" for query in clause_queries(parsed)), search_type="raw", config=SEARCH_CONFIG)
        title_tier = matches.alias(title_words=title_vector()).filter(title_words=holds)
        ranked = list(dict.fromkeys([*ranked, *title_tier.order_by().values_list("pk", flat=True)[:limit]]))
    return ranked


def _side_by_side(parts: list[tuple[str, float]]) -> tuple[str, float] | None:
    """Where every part of the query is one word: the phrase of them in the order typed, and
    its bonus where it stands side by side (the sum of their idf): what a reader who types
    two words of a headline means."""
    if len(parts) < 2 or any(len(lexemes_of(query)) != 1 or "<->" in query for query, _ in parts):
        return None
    return " <-> ".join(query for query, _ in parts), sum(idf for _, idf in parts)


def ranked(ids: list[int], parsed: ParsedQuery, offset: int, limit: int, *, using: str = "default") -> list[tuple[int, float]]:
    """The page of `ids` from `offset`, best first, ties newest first: (id, rank) pairs,
    read from the database `using` (the search's, within its deadline)."""
    queries = part_queries(parsed)
    parts = [(query, in_title_of(query), idf) for query, idf in zip(queries, inverse_document_frequencies(queries), strict=True)]
    phrases = []
    every_clause_a_word = all(len(clause) == 1 for clause in parsed.clauses)  # no alternatives
    if every_clause_a_word and (side_by_side := _side_by_side([(query, idf) for query, _, idf in parts])):
        phrase, bonus = side_by_side
        phrases = [(in_title_of(phrase), bonus * PHRASE_IN_TITLE), (phrase, bonus * PHRASE_IN_TEXT)]
    weights = Weights(TITLE_BOOST, K1, TITLE_B, LENGTH_B, SHORTEST_SHARE, TEXT_WEIGHTS)
    return rank_candidates(ids, parts, phrases, weights, offset=offset, limit=limit, using=using)
