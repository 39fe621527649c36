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
from libya_archive.archive.linking import (
    EntityKey,
    entity_of_token,
    entity_tokens_in_search_text,
)
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

    The entities are read from the articles' entity tokens (`search_entities`, written with
    their mentions), one short text an article, rather than by grouping their mention rows,
    dozens an article, in three aggregations.
    """
    rows = list(Article.objects.filter(pk__in=one_of(ids)).values_list("search_entities", "source", "published_on"))
    # Each distinct token counted once an article, then each distinct one read once.
    tokens_of_articles = [entity_tokens_in_search_text(search_entities) for search_entities, _, _ in rows]
    articles_holding = Counter(chain.from_iterable(tokens_of_articles))
    mentioned: dict[str, Counter[int]] = {"actor": Counter(), "place": Counter()}
    token_of: dict[EntityKey, str] = {}
    for token, articles in articles_holding.items():
        if entity := entity_of_token(token):
            mentioned[entity[0]][entity[1]] = articles
            token_of[entity] = token
    sources = Counter(source for _, source, _ in rows if source)
    months = Counter(published_on.replace(day=1) for _, _, published_on in rows if published_on)
    years: Counter[int] = Counter()
    for month, articles in months.items():
        years[month.year] += articles
    actors = {actor.pk: actor for actor in Actor.objects.filter(pk__in=mentioned["actor"]).only("slug", "name", "kind")}
    places = Place.objects.filter(pk__in=mentioned["place"]).only("slug", "name")
    tokens_of_kind: dict[str, set[str]] = {}
    for actor in actors.values():
        tokens_of_kind.setdefault(actor.kind, set()).add(token_of[("actor", actor.pk)])
    kinds = {kind: sum(not tokens.isdisjoint(held) for held in tokens_of_articles) for kind, tokens in tokens_of_kind.items()}
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
    )
