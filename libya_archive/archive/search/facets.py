"""How a search's matches divide by actor, place, actor kind, source, year and month."""

import hashlib
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from itertools import chain

from django.conf import settings
from django.core.cache import cache

from libya_archive.archive.editions import Edition, may_keep
from libya_archive.archive.models import (
    Actor,
    Article,
    Place,
    source_label,
)
from libya_archive.archive.postgres import one_of
from libya_archive.archive.search.filters import SearchFilters
from libya_archive.archive.search.query import ParsedQuery

# The values a facet counts: the search page shows the first dozen, the rest behind «more»
# with a box to filter them.
FACET_SIZE = 100


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
    sampled: bool  # counted over the newest matches, not all of them
    counted: int  # how many matches they count
    # (first day of a month, matches published in it), oldest first: the search's timeline.
    months: tuple[tuple[date, int], ...] = ()
    days: tuple[tuple[date, int], ...] = ()  # where every dated match falls in one month


def cached_facets(
    parsed: ParsedQuery, filters: SearchFilters, exact: bool, matched: Callable[[], tuple[list[int], bool]], edition: Edition
) -> Facets:
    """`facets_of(*matched())`, kept a few minutes per query and edition: readers page through
    results and narrow them, asking for the same facets again and again. `edition` is the
    archive's (`archive_edition`) as read before the search read its matches: read after, an
    import committed in between would leave facets of the matches before it under its edition."""
    key = f"facets:{edition.number}:" + hashlib.sha256(repr((parsed.clauses, parsed.negated, filters, exact)).encode()).hexdigest()
    facets = cache.get(key)
    if facets is None:
        facets = facets_of(*matched())
        if may_keep(edition):
            cache.set(key, facets, settings.SEARCH_FACET_CACHE_SECONDS)
    return facets


def facets_of(ids: list[int], sampled: bool = False) -> Facets:
    """How the articles of `ids` (a search's matches, or only the newest of them, `sampled`)
    divide by actor, place, actor kind, source, year and month.

    The entities are read from each article's set of them (`ArticleEntities`), one short row
    an article, rather than from its mention rows, dozens an article, or its entity tokens,
    which had to be split; and counted here, in one pass over the rows, which took less
    than PostgreSQL grouping by the arrays' elements (bench/RESULTS.md).
    """
    rows = list(
        Article.objects.filter(pk__in=one_of(ids))
        .order_by()
        .values_list("source", "published_on", "entities__actor_ids", "entities__place_ids")
    )
    mentioned = {
        "actor": Counter(chain.from_iterable(actor_ids or () for _, _, actor_ids, _ in rows)),
        "place": Counter(chain.from_iterable(place_ids or () for _, _, _, place_ids in rows)),
    }
    sources = Counter(source for source, _, _, _ in rows if source)
    months = Counter(published_on.replace(day=1) for _, published_on, _, _ in rows if published_on)
    years: Counter[int] = Counter()
    for month, articles in months.items():
        years[month.year] += articles
    actors = {actor.pk: actor for actor in Actor.objects.filter(pk__in=mentioned["actor"]).only("slug", "name", "kind")}
    places = Place.objects.filter(pk__in=mentioned["place"]).only("slug", "name")
    # An article counts once for each kind of actor it names, however many of that kind.
    kinds = Counter(chain.from_iterable({actors[pk].kind for pk in actor_ids or () if pk in actors} for _, _, actor_ids, _ in rows))
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
        sources=[Facet(source, source_label(source), n) for source, n in sorted(sources.items(), key=lambda item: (-item[1], item[0]))][:FACET_SIZE],
        years=[Facet(str(year), str(year), n) for year, n in sorted(years.items(), reverse=True)],
        sampled=sampled,
        counted=len(rows),
        months=tuple(sorted(months.items())),
        days=tuple(sorted(Counter(published_on for _, published_on, _, _ in rows if published_on).items())) if len(months) == 1 else (),
    )
