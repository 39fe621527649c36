"""Narrowing a search by the actors, places, kinds, sources and dates its articles have."""

from dataclasses import dataclass, replace
from datetime import date, datetime

from django.db.models import Exists, OuterRef, QuerySet

from libya_archive.archive.models import (
    ActorMention,
    Article,
    PlaceMention,
)


@dataclass(frozen=True)
class SearchFilters:
    """Narrowing a search: every filter given must hold (slugs and kinds are ANDed; of the
    sources, one an article has, any)."""

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

    @property
    def has_dates(self) -> bool:
        return bool(self.date_from or self.date_to)

    @property
    def dates_reversed(self) -> bool:
        """Whether the range ends before it starts: no day is in it."""
        return bool(self.date_from and self.date_to and self.date_from > self.date_to)

    def without_dates(self) -> "SearchFilters":
        return replace(self, date_from=None, date_to=None)


NO_FILTERS = SearchFilters()
