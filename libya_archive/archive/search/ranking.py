"""Relevance: how well an article answers a query, and which articles are ranked.

Each part of the query (a word, a phrase, a name in any of its forms) counts its inverse
document frequency (BM25's, from the vocabulary's counts: a rare word counts for more than
a common one) times two things: whether the title holds it, the title being a field of its
own weighted TITLE_BOOST and normalized by its length as BM25 does; and `ts_rank` over the
rest of the article (the lead and the entities named above the body), which grows with how
often the part stands and saturates, over a length normalization in which an article
shorter than a quarter of the average counts as that long, so that a photo caption is not
crowned for holding the query once. A query of words earns a bonus where they stand side by
side. Ties go to the newest. The averages are fixed numbers, not the matches' own, so that
an article's score depends on it and the query alone. The formula and why: docs/search.md,
"Ranking".

Which articles: every match when at most SEARCH_RANK_LIMIT match. Beyond that, the newest
SEARCH_RANK_LIMIT and as many again with the best title scores (titles.py: read from the
titles' own words, without the articles' search vectors). Every other
match scores at most the next title score plus the most the rest of an article can add
(`text_ceiling`): where the page's last score reaches that bound, the page is the exact top
of all matches, and the results say so (`Ranked.exact`).
"""

import math
import re
from typing import NamedTuple

from django.conf import settings
from django.db.models import QuerySet

from libya_archive.archive.editions import Edition, kept_under
from libya_archive.archive.models import Actor, Article, Place, SearchTerm
from libya_archive.archive.postgres import one_of, rank_candidates
from libya_archive.archive.search.query import ParsedQuery, QueryPart
from libya_archive.archive.search.scoring import RankedPart, Weights
from libya_archive.archive.search.titles import best_titles

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
# A word's related forms (arabic.related_forms: الاقتصادي for الاقتصاد) count this share of it.
RELATED_FORM = 0.5
# A title holding a word as the reader typed it (لمكافحة, not only مكافحة) adds its idf once more.
AS_WRITTEN = 1.0
# BM25's average lengths, fixed: the dev corpus's (docs/search.md). Averages of the matches
# would make a score depend on which other articles are ranked beside it.
AVERAGE_TITLE_WORDS = 7.7
AVERAGE_LEXEMES = 182
# The most `ts_rank` gives a part: each lexeme's weighted occurrences, Σ w/j², over π²/6,
# plus its heaviest occurrence once more (PostgreSQL's calc_rank_or), at most
# (1 + π²/6) / (π²/6) times the heaviest weight.
_TS_RANK_CEILING = max(TEXT_WEIGHTS) * (1 + math.pi**2 / 6) / (math.pi**2 / 6)
# The smallest length normalization: an article as short as SHORTEST_SHARE of the average.
_SMALLEST_NORM = 1 - LENGTH_B + LENGTH_B * SHORTEST_SHARE
_WEIGHTS = Weights(
    TITLE_BOOST, K1, TITLE_B, LENGTH_B, SHORTEST_SHARE, TEXT_WEIGHTS, AVERAGE_TITLE_WORDS, AVERAGE_LEXEMES, RELATED_FORM, AS_WRITTEN
)
_LEXEME = re.compile(r"'((?:[^']|'')*)'")
# Where the kept document frequencies hold the number of articles (no lexeme is None).
_ARTICLES = None


def lexemes_of(tsquery: str) -> list[str]:
    return [lexeme.replace("''", "'") for lexeme in _LEXEME.findall(tsquery)]


def part_queries(parsed: ParsedQuery) -> list[tuple[str, str, str]]:
    """Every part of every positive clause: the tsquery that counts in full, the one that
    also finds its related forms ("" where it has none) and a word as written ("": not a word)."""
    return [(part.scored, part.tsquery if part.closest else "", part.written) for clause in parsed.clauses for part in clause]


def inverse_document_frequencies(queries: list[str], edition: Edition | None = None) -> list[float]:
    """Each query's idf: that of its rarest word or name (BM25's, over the whole archive).
    The counts are kept under the archive's `edition`, if given, which every change to them
    moves on (the number of articles, PostgreSQL's estimate once they are many, is as it was
    when first read under it, as it is on a kept page)."""
    kept = _documents({lexeme for query in queries for lexeme in lexemes_of(query)}, edition)
    articles = _article_count(edition)

    def idf(lexeme: str) -> float:
        held = min(kept[lexeme], articles)
        return math.log(1 + (articles - held + 0.5) / (held + 0.5))

    return [max(map(idf, lexemes_of(query)), default=0.0) for query in queries]


def read_counts(parsed: ParsedQuery, edition: Edition | None = None) -> None:
    """Keeps under `edition` the counts of every word and name of the query, in any form it
    matches by: read in one statement before the search needs them, not in one statement
    for each of the bounds and the ranking that ask for some of them."""
    parts = [part for clause in (*parsed.clauses, parsed.negated) for part in clause]
    _documents({lexeme for part in parts for query in (part.scored, part.tsquery) for lexeme in lexemes_of(query)}, edition)


def fewest_matches(parsed: ParsedQuery, edition: Edition | None = None) -> int:
    """At least how many articles match a query, unfiltered. A clause: as many as hold the
    one of its words or entity tokens held most (the counts kept under `edition`: the
    vocabulary's count the words of an article's title, lead and body, an entity's the
    articles whose mentions of it give its token, all of which the search vector holds).
    Several clauses: those counts summed, less, for each clause after the first, every
    article it may miss (all the archive holds: two words each in 95 % of the articles are
    together in at least 90 %). Then less at most every article holding a word the query
    negates. 0 where that says nothing: a clause of phrases only, or negating a phrase."""
    excluded = _most_holding(parsed.negated, edition)
    if not parsed.clauses or excluded is None:
        return 0
    together = sum(_least_holding(clause, edition) for clause in parsed.clauses)
    if missing := len(parsed.clauses) - 1:
        # The articles are counted (once an edition) only where PostgreSQL's estimate of how
        # many there are says that the counts may prove something.
        if together - missing * _article_count(edition) <= excluded:
            return 0
        together -= missing * _articles_counted(edition)
    return max(together - excluded, 0)


def _least_holding(parts: tuple[QueryPart, ...], edition: Edition | None) -> int:
    """At least how many articles hold one of `parts`: as many as hold the one of their
    words held most (a phrase's words need not stand together, so they say nothing)."""
    words = [
        lexemes_of(alternative)[0]
        for part in parts
        if not part.shingles
        for alternative in part.tsquery.split(" | ")
        if _LEXEME.fullmatch(alternative)
    ]
    kept = _documents(set(words), edition)
    return max((kept[word] for word in words), default=0)


def most_matches(parsed: ParsedQuery, edition: Edition | None = None) -> int | None:
    """At most how many articles match: for each clause whose parts are words and names
    only, the sum of the counts (as `fewest_matches` reads them) of every word and entity
    token it may match by; the least of those sums. None where no clause is of that kind."""
    bounds = [bound for clause in parsed.clauses if (bound := _most_holding(clause, edition)) is not None]
    return min(bounds, default=None)


def _most_holding(parts: tuple[QueryPart, ...], edition: Edition | None) -> int | None:
    """At most how many articles hold any of `parts`: the sum of the counts of every word
    and entity token they match by. None where one is a phrase."""
    alternatives = [alternative for part in parts for alternative in part.tsquery.split(" | ")]
    if any(part.shingles for part in parts) or not all(_LEXEME.fullmatch(a) for a in alternatives):
        return None
    lexemes = {lexemes_of(alternative)[0] for alternative in alternatives}
    kept = _documents(lexemes, edition)
    return sum(kept[lexeme] for lexeme in lexemes)


def _article_count(edition: Edition | None) -> int:
    """How many articles the archive holds (PostgreSQL's estimate once they are many), kept
    under `edition` with the words' counts."""
    kept = kept_under(edition, "document_frequencies")
    if _ARTICLES not in kept:
        kept[_ARTICLES], estimated = Article.objects.count_or_estimate()
        if not estimated:  # a small archive's articles were counted: `_articles_counted` has them
            kept_under(edition, "article_count")["counted"] = kept[_ARTICLES]
    return kept[_ARTICLES]


def _articles_counted(edition: Edition | None) -> int:
    """How many articles the archive holds, counted, kept under `edition`."""
    kept = kept_under(edition, "article_count")
    if "counted" not in kept:
        kept["counted"] = Article.objects.count()
    return kept["counted"]


def _documents(lexemes: set[str], edition: Edition | None) -> dict:
    """The counts this process keeps under `edition`, holding each of `lexemes`' (0 where no
    article holds it)."""
    kept = kept_under(edition, "document_frequencies")
    if unknown := lexemes.difference(kept):
        kept |= dict.fromkeys(unknown, 0) | _documents_holding(unknown)
    return kept


def _documents_holding(lexemes: set[str]) -> dict[str, int]:
    """How many articles hold each of `lexemes` (words and entity tokens) that any holds."""
    documents = dict(SearchTerm.objects.filter(word__one_of=lexemes).values_list("word", "documents"))
    for kind, model in (("actor", Actor), ("place", Place)):
        # What a reader typed may look like an entity token (entityactor²): ASCII digits only.
        tokens = {lexeme: int(match[1]) for lexeme in lexemes if (match := re.fullmatch(f"entity{kind}(\\d{{1,18}})", lexeme, re.ASCII))}
        if not tokens:
            continue  # most queries name no actor or place: no queryset to build for none
        counts = dict(model.objects.filter(pk__in=tokens.values()).values_list("pk", "article_count"))
        documents |= {token: counts.get(pk, 0) for token, pk in tokens.items()}
    return documents


def _side_by_side(parts: list[RankedPart]) -> tuple[str, float] | None:
    """Where every part of the query is one word: the phrase of them in the order typed, each
    in any of its forms (حفل معايدة stands side by side in حفلاً لمعايدة), and its bonus where
    it stands side by side (the sum of their idf): what a reader who types two words of a
    headline means."""
    if len(parts) < 2 or any(len(lexemes_of(part.query)) != 1 or "<->" in part.query for part in parts):
        return None
    return " <-> ".join(part.in_any_form for part in parts), sum(part.idf for part in parts)


class Ranked(NamedTuple):
    page: list[Article]  # best first, ties newest first, each with its `rank` (score) and `version_of` (`with_versions_group`)
    exact: bool  # the page is the top of every match, not only of those ranked
    results: int | None  # how many results every page holds (a group of near-duplicates once); None when not all are ranked


class _Scoring(NamedTuple):
    parts: list[RankedPart]
    side_by_side: tuple[str, float, float] | None  # the phrase of the words, its bonus in the title, in the text


def _scoring(parsed: ParsedQuery, edition: Edition | None = None) -> _Scoring:
    queries = part_queries(parsed)
    idfs = inverse_document_frequencies([query for query, _, _ in queries], edition)
    parts = [RankedPart(query, wider, idf, written) for (query, wider, written), idf in zip(queries, idfs, strict=True)]
    every_clause_a_word = all(len(clause) == 1 for clause in parsed.clauses)  # no alternatives
    if every_clause_a_word and (side_by_side := _side_by_side(parts)):
        phrase, bonus = side_by_side
        return _Scoring(parts, (phrase, bonus * PHRASE_IN_TITLE, bonus * PHRASE_IN_TEXT))
    return _Scoring(parts, None)


def rank(
    matches: QuerySet[Article],
    parsed: ParsedQuery,
    newest: list[int],
    offset: int,
    limit: int,
    *,
    columns: tuple[str, ...],
    titles_match: bool = False,
    edition: Edition | None = None,
) -> Ranked:
    """The page from `offset` of the matches by relevance (`newest`: the ids of the newest
    of them, all of them when there are at most SEARCH_RANK_LIMIT), read from the matches'
    database (the search's, within its deadline).

    With more matches: the newest SEARCH_RANK_LIMIT are ranked with as many of the best
    titles. A match left out scores at most the next title score and the text's ceiling:
    where the page's last score reaches that, the page is the top of every match (`exact`).
    `titles_match`: no filter, negation or exact spelling, so that an article whose title
    holds the query's one clause matches it, without its search vector read to say so.
    `edition`: the archive's, to read the words' counts from what this process keeps under it.
    The page's articles are read with their scores (`columns` of them, as `only`), in the
    ranking's own statement rather than one of their own."""
    scoring = _scoring(parsed, edition)
    most = settings.SEARCH_RANK_LIMIT
    read = {"offset": offset, "limit": limit, "using": matches.db, "page_columns": columns}
    if len(newest) <= most:
        rows, results = rank_candidates(newest, *scoring, _WEIGHTS, **read)
        return Ranked(_articles(rows, columns, matches.db), True, results)
    by_title = best_titles(*scoring, most + 1, _WEIGHTS, articles=_article_count(edition), using=matches.db, edition=edition)
    # The best titles are of articles holding a part of the query; those that match it all.
    titled = [pk for pk, _ in by_title[:most]]
    if titled and not (titles_match and len(parsed.clauses) == 1):
        titled = list(matches.filter(pk__in=one_of(titled)).values_list("pk", flat=True))
    ids = list(dict.fromkeys([*newest[:most], *titled]))
    # Of these, only those that can still reach the page have their text scored.
    rows, _ = rank_candidates(ids, *scoring, _WEIGHTS, **read, text_ceiling=text_ceiling(scoring))
    bound = (by_title[most][1] if len(by_title) > most else 0.0) + text_ceiling(scoring)
    return Ranked(_articles(rows, columns, matches.db), len(rows) == limit and rows[-1][1] >= bound, None)


def _articles(rows: list[tuple], columns: tuple[str, ...], using: str) -> list[Article]:
    """The page's articles from `rank_candidates`' rows, as the ORM would make them."""
    articles = []
    for pk, score, *values, group in rows:
        article = Article.from_db(using, ["id", *columns], [pk, *values])
        article.rank, article.version_of = score, group
        articles.append(article)
    return articles


def rank_every_match(matches: QuerySet[Article], parsed: ParsedQuery, offset: int, limit: int) -> list[tuple[int, float]]:
    """The same page ranked by reading every match, however many: what `rank` must give
    where it says it is exact (the tests and bench/exact_ranking.py hold it to that)."""
    ids = list(matches.values_list("pk", flat=True))
    return rank_candidates(ids, *_scoring(parsed), _WEIGHTS, offset=offset, limit=limit, using=matches.db)[0]


def text_ceiling(scoring: _Scoring) -> float:
    """The most an article can score outside its title: every part's `ts_rank` at its
    ceiling over the smallest length normalization, and the side-by-side bonus in the text."""
    text = sum(part.idf for part in scoring.parts) * _TS_RANK_CEILING / _SMALLEST_NORM
    return text + (scoring.side_by_side[2] if scoring.side_by_side else 0.0)
