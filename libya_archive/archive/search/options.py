"""What a search page, API call, feed or export asks for, read from its query string."""

from datetime import UTC, date, datetime

from libya_archive.archive.models import (
    Actor,
)
from libya_archive.archive.search.execution import RELEVANCE
from libya_archive.archive.search.filters import SearchFilters


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
