"""The best titles for a query: the articles whose titles score best for it (the title's
share of ranking.py's score), read from each article's stored title words alone, never its
search vector (9 KB). Ranking ranks them beside the newest matches, and the next of them
bounds what any match left out can score.

A title's score for one part of the query depends on two things only: how the title holds
the part (as the reader typed it; in its search form otherwise; only in a related form) and
how long the title is, the score falling as the title grows. So among the titles holding a
part in one way, and no other part, the best are the shortest, and among those the newest:
the order of the index `article_title_walk_written`, which holds the titles' words as
searched and as written, so that walking it reads no table page. Where many titles hold a
part that way, the walk finds the first `limit` of them after reading a few thousand
entries; where few do, reading every one of them, found through a search index (the
title's, or for the titles holding a word as typed the index of the words as written),
reads less; either way they are scored here, by their length. Which costs less is chosen
per way of holding, by the planner's estimate of how many titles hold it. Titles holding
two or more parts are few, and read whole. Where nothing is worth walking, one read scores
every title holding a part, as before there were walks. The numbers: bench/RESULTS.md; docs/search.md, "Ranking".
"""

import math
from typing import NamedTuple

from django.db.models import BooleanField, Case, F, FloatField, Func, Q, QuerySet, TextField, Value, When
from django.db.models.functions import Cast, Concat

from libya_archive.archive.editions import Edition, kept_under
from libya_archive.archive.models import TITLE_WRITTEN_VECTOR, Article
from libya_archive.archive.paging import newest_first_key
from libya_archive.archive.postgres import common_values, planner_estimate
from libya_archive.archive.search.query import raw_query
from libya_archive.archive.search.scoring import RankedPart, Weights

# Titles shortest first, read until enough hold a word, are about twice as many as the
# word's share of the titles suggests: a short title holds fewer words (bench/RESULTS.md).
SHORT_TITLE_SHORTFALL = 2
# A title scored through a search index (a table page read) costs as much as 12 entries of the
# walk, which reads the index alone, at 100,000 articles, and 25 at a million, whose table
# the operating system's cache holds less of (bench/RESULTS.md).
WALK_ENTRIES_PER_TITLE = 20
# A query of more parts has its titles read at once rather than part by part (the pairs of
# parts, read apart, grow as their square).
PARTS_APART = 4
_NEWEST = (F("published_on").desc(nulls_last=True), "-pk")
# Scores are sums of floats: a title within this of the last read is read too.
_SLACK = 1e-9


class _Way(NamedTuple):
    """The titles holding one part of a query in one way (and no other part)."""

    holding: str  # a tsquery of the title's words they answer
    typed: str  # the word as typed: held so ("" where that is not asked)
    as_typed: bool  # whether they hold `typed` so, or hold it otherwise
    many: str  # a tsquery of the title's words about as many titles hold, or more ("": too few to walk)
    idf: float  # the part's
    related: bool  # whether they hold only a related form of it


def best_titles(
    parts: list[RankedPart],
    side_by_side: tuple[str, float, float] | None,
    limit: int,
    weights: Weights,
    *,
    articles: int,
    using: str,
    edition: Edition | None,
) -> list[tuple[int, float]]:
    """The `limit` articles whose titles score best for the query's `parts` (the side-by-side
    bonus in the title included), best first, ties newest first, with those scores. Whether an
    article matches the whole query is not asked here. `articles`: how many the archive holds.

    The ways of holding the query are taken strongest first; once `limit` titles are read,
    a title of a later way is read only if it is short enough to beat the last of them."""
    unscored = _padded(using)

    def best_holding(tsquery: str) -> list[tuple]:
        # The score's expression built only where a read needs it: the ways score by length.
        return _read(_scored(unscored, parts, side_by_side, weights).filter(title_vector=raw_query(tsquery)), limit)

    held = [part.in_any_form for part in parts]
    apart = [_ways(part, own, [other for other in held if other is not own]) for part, own in zip(parts, held, strict=True)]
    ways = sorted((way for part_ways in apart for way in part_ways or []), key=lambda way: -_most(way, weights, 1))
    plan = _Plan(limit, articles, using, edition)
    if len(parts) > PARTS_APART or None in apart or not any(plan.walks(way, None) for way in ways):
        return _pairs(best_holding(" | ".join(held)))
    several = " | ".join(f"{a} & {b}" for n, a in enumerate(held) for b in held[n + 1 :])
    rows = best_holding(several) if several else []
    for way in ways:
        rows = sorted(rows, key=_best_first)[:limit]
        longest = _longest(way, weights, rows[-1][1]) if len(rows) == limit else None
        if longest == 0:
            continue
        of_way = _walk(unscored, way, longest) if plan.walks(way, longest) else _of_way(unscored, way, longest)
        rows += _by_length(of_way, way, weights, limit)
    return _pairs(sorted(rows, key=_best_first)[:limit])


def _ways(part: RankedPart, own: str, others: list[str]) -> list[_Way] | None:
    """The ways a title can hold `part` (`own`, its tsquery with related forms) and none of
    `others`, each scoring the same at the same length. None for a word typed with other
    than letters, which the index of the words as written may split otherwise."""
    alone = " & ".join([own, *(f"!{other}" for other in others)])
    form = f"{alone} & ({part.query})"
    if part.written and not part.written.isalpha():
        return None
    if part.written:
        ways = [_Way(alone, part.written, True, "", part.idf, False), _Way(form, part.written, False, part.query, part.idf, False)]
    else:
        ways = [_Way(form, "", False, part.query, part.idf, False)]
    if part.wider and part.wider != part.query:
        # PostgreSQL's estimate of a negation (`!`) is no count at all: the related forms alone.
        forms = part.query.split(" | ")
        related = " | ".join(form for form in part.wider.split(" | ") if form not in forms)
        many = related if "(" not in related else ""
        ways.append(_Way(f"{alone} & !({part.query})", "", False, many, part.idf, True))
    return ways


def _most(way: _Way, weights: Weights, words: int) -> float:
    """What a title of `way` scores at `words` words (ranking's title score)."""
    norm = weights.k1 * (1 - weights.title_b + weights.title_b * words / weights.average_title_words)
    holds = weights.related if way.related else 1.0
    share = way.idf * weights.title_boost * (weights.k1 + 1) * holds / (holds + norm)
    return share + (way.idf * weights.as_written if way.as_typed else 0.0)


def _longest(way: _Way, weights: Weights, least: float) -> int | None:
    """The most words a title of `way` can have and still score `least` (0: none can)."""
    bonus = way.idf * weights.as_written if way.as_typed else 0.0
    holds = weights.related if way.related else 1.0
    share = least - bonus - _SLACK
    if share <= 0:
        return None
    norm = way.idf * weights.title_boost * (weights.k1 + 1) * holds / share - holds
    words = (norm / weights.k1 - 1 + weights.title_b) * weights.average_title_words / weights.title_b
    return max(math.floor(words), 0)


class _Plan:
    """Whether to walk a way's titles or read them through a search index, by PostgreSQL's
    estimates and statistics, kept under the archive's edition."""

    def __init__(self, limit: int, articles: int, using: str, edition: Edition | None) -> None:
        self.limit, self.articles, self.using = limit, articles, using
        # Taken once: where the edition may not be kept, each is this search's own.
        self.holding, self.written, self.lengths = (kept_under(edition, name) for name in ("titles_holding", "titles_written", "title_lengths"))

    def walks(self, way: _Way, longest: int | None) -> bool:
        """Whether walking the titles shortest first until `limit` are of `way` (up to
        `longest` words) reads less than scoring every title of the way a search index finds:
        the walk reads about SHORT_TITLE_SHORTFALL × limit × N / n entries (n of N titles of
        the way), or every title up to `longest` words if fewer; the read finds m titles."""
        if way.as_typed:
            n = m = self.estimate(way.typed, written=True)
        elif not way.many:
            return False
        else:
            n = m = self.estimate(way.many)
            if way.typed:  # the titles holding the word, less those holding it as typed
                n = max(n - self.estimate(way.typed, written=True), 0)
        entries = SHORT_TITLE_SHORTFALL * self.limit * self.articles / n if n else math.inf
        if longest is not None:
            entries = min(entries, self.articles * self.share_up_to(longest))
        return entries <= WALK_ENTRIES_PER_TITLE * m

    def estimate(self, tsquery: str, *, written: bool = False) -> int:
        """How many titles hold `tsquery` (`written`: the word `tsquery` as typed)."""
        kept = self.written if written else self.holding
        if tsquery not in kept:
            titles = Article.objects.using(self.using)
            kept[tsquery] = planner_estimate(_typed(titles, tsquery) if written else titles.filter(title_vector=raw_query(tsquery)))
        return kept[tsquery]

    def share_up_to(self, words: int) -> float:
        """The share of titles of at most `words` words (1 where PostgreSQL has no statistics)."""
        if "shares" not in self.lengths:
            self.lengths["shares"] = common_values(Article._meta.db_table, "title_words", self.using)
        shares = self.lengths["shares"]
        return sum(share for length, share in shares.items() if length <= words) if shares else 1.0


def _walk(titles: QuerySet[Article], way: _Way, longest: int | None) -> QuerySet[Article]:
    """The titles of `way` (of at most `longest` words), to be read in the order of the index
    by title length. Asked of the title's words by the function behind `@@`, which no search
    index answers: PostgreSQL then walks the index, whatever it guesses of how many titles
    hold the words."""
    matches = Func(F("title_vector"), raw_query(way.holding), function="ts_match_vq", output_field=BooleanField())
    walked = titles.filter(matches)
    if way.typed:
        walked = walked.filter(_as_typed(way.typed) if way.as_typed else ~_as_typed(way.typed))
    return walked.filter(title_words__lte=longest) if longest is not None else walked


def _of_way(titles: QuerySet[Article], way: _Way, longest: int | None) -> QuerySet[Article]:
    """Every title of `way` (of at most `longest` words), found through a search index: for a
    word as typed, the index of the titles' words as written."""
    if way.as_typed:
        of_way = _typed(titles, way.typed).filter(_as_typed(way.typed), title_vector=raw_query(way.holding))
    else:
        of_way = titles.filter(title_vector=raw_query(way.holding))
        of_way = of_way.exclude(_as_typed(way.typed)) if way.typed else of_way
    return of_way.filter(title_words__lte=longest) if longest is not None else of_way


def _by_length(titles: QuerySet[Article], way: _Way, weights: Weights, limit: int) -> list[tuple]:
    """The first `limit` of `titles`, all of `way`, shortest first and then newest: the best,
    since a title of one way scores by its length alone. Scored here (`_most`, the same sum
    as `_scored`'s), so that PostgreSQL neither computes a score a row nor Django compiles
    its expression a statement (0.3–0.7 ms each); id, score, date, as `_read`."""
    rows = titles.order_by("title_words", *_NEWEST).values_list("pk", "title_words", "published_on")[:limit]
    return [(pk, _most(way, weights, words), published_on) for pk, words, published_on in rows]


def _padded(using: str) -> QuerySet[Article]:
    """The articles, their normalized title padded with a space each side (`_as_typed` asks it)."""
    padded = Concat(Value(" "), "title_as_written", Value(" "), output_field=TextField())
    return Article.objects.using(using).alias(padded_title=padded)


def _scored(
    titles: QuerySet[Article], parts: list[RankedPart], side_by_side: tuple[str, float, float] | None, weights: Weights
) -> QuerySet[Article]:
    """`titles` with their scores (`title_score`)."""
    norm = weights.k1 * (1 - weights.title_b + weights.title_b * Cast("title_words", FloatField()) / weights.average_title_words)
    score = Value(0.0)
    for query, wider, idf, written in parts:
        weight = idf * weights.title_boost * (weights.k1 + 1)
        # Each branch its own share, so that whether the title holds the part is asked once a title.
        score += Case(
            When(title_vector=raw_query(query), then=_share(weight, 1.0, norm)),
            When(title_vector=raw_query(wider or query), then=_share(weight, weights.related, norm)),
            default=Value(0.0),
        )
        if written:
            score += Case(When(_as_typed(written), then=Value(idf * weights.as_written)), default=Value(0.0))
    if side_by_side:
        phrase, bonus, _ = side_by_side
        score += Case(When(title_vector=raw_query(phrase), then=Value(bonus)), default=Value(0.0))
    return titles.annotate(title_score=score)


def _share(weight: float, holds: float, norm):
    """BM25's share of a title that holds a part (`holds` 1, or the related forms' share),
    over the title's length normalization `norm`."""
    return weight * Value(holds) / (Value(holds) + norm)


def _read(titles: QuerySet[Article], limit: int) -> list[tuple]:
    """The best `limit` of `titles`, by their scores: id, score, date."""
    return list(titles.order_by(F("title_score").desc(), *_NEWEST).values_list("pk", "title_score", "published_on")[:limit])


def _best_first(row: tuple) -> tuple:
    """`_read`'s order for rows read apart: by score, then newest, undated last."""
    pk, score, published_on = row
    return -score, *newest_first_key(pk, published_on)


def _pairs(rows: list[tuple]) -> list[tuple[int, float]]:
    return [(pk, score) for pk, score, _ in rows]


def _typed(titles: QuerySet[Article], word: str) -> QuerySet[Article]:
    """`titles` whose words as written hold `word` (letters only), through their own index:
    a superset of those holding it as typed, as `_as_typed` asks it."""
    return titles.alias(written=TITLE_WRITTEN_VECTOR).filter(written=raw_query(f"'{word}'"))


def _as_typed(word: str) -> Q:
    """The title holds `word` as typed (normalized; ranking's statement asks it of the same column)."""
    return Q(padded_title__contains=f" {word} ")

