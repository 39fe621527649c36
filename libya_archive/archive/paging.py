"""Newest-first paging by cursor (keyset), for every long list: the article list, an
actor's or place's articles, a search by date, the API.

A cursor is where an article stands in newest-first order (`Article.cursor`: its day and
id). What follows it is read as stretches, each a range of the date index
(`article_latest`) that PostgreSQL enters where it starts: asked as one condition with an
OR for the undated articles, a page half-way through a large archive walked every newer
article first.
"""

from collections.abc import Callable
from datetime import date
from typing import NamedTuple

from django.db import models
from django.db.models.lookups import LessThan

# The digits of the largest id (a bigint's); more is not an id, and past 4,300 `int` refuses them.
_ID_DIGITS = 19


def newest_first_key(pk: int, published_on: date | None) -> tuple:
    """A sort key of an article, by its id and day, in the archive's order: newest first,
    undated last, the newer import first on one day."""
    return (published_on is None, -published_on.toordinal() if published_on else 0, -pk)


def cursor_at(pk: int, published_on: date | None) -> str:
    """The cursor of the article of id `pk` and day `published_on`: its day (none for an
    undated one), a dot, its id. `cursor_position` reads it back."""
    return f"{published_on.isoformat() if published_on else ''}.{pk}"


def cursor_position(cursor: str) -> tuple[date | None, int] | None:
    """The publication day (None for an undated article) and id that `cursor` (see
    `Article.cursor`) stands at, or None for a malformed one."""
    published, _, pk = cursor.partition(".")
    if not pk.isdecimal() or len(pk) > _ID_DIGITS:
        return None
    if not published:
        return None, int(pk)
    try:
        return date.fromisoformat(published), int(pk)
    except ValueError:
        return None


def is_damaged(cursor: str) -> bool:
    """Whether `cursor`, given, is none (a `next` or `#continued` link cut or edited): a
    client's list must not start over from its first page unsaid."""
    return bool(cursor) and cursor_position(cursor) is None


def stretches_after(cursor: str) -> list[tuple[str, dict]]:
    """The stretches of newest-first order that follow `cursor`, in turn, each with its
    bounds: the dated articles before it, then the undated ones (or the undated before it);
    after a malformed cursor, the whole order ("newest")."""
    position = cursor_position(cursor)
    if position is None:
        return [("newest", {})]
    day, pk = position
    if day is None:
        return [("undated_before", {"pk": pk})]
    return [("dated_before", {"day": day, "pk": pk}), ("undated", {})]


def read_after(cursor: str, limit: int, read: Callable[[str, dict, int], list]) -> list:
    """Up to `limit` rows that follow `cursor` in newest-first order: each stretch of
    `stretches_after` is read in turn by `read(stretch, bounds, limit)` while too few are."""
    rows = []
    for stretch, bounds in stretches_after(cursor):
        rows += read(stretch, bounds, limit - len(rows))
        if len(rows) == limit:
            break
    return rows


def _row(*values) -> models.Func:
    """`ROW(…)`, for comparing (published_on, id) with a cursor's position as one: the date
    index bounds a scan by a row comparison, not by an OR. `Func` needs an output field to
    compile; nothing reads this one."""
    return models.Func(*values, function="ROW", output_field=models.DateField())


class StretchCondition(NamedTuple):
    """A stretch of `stretches_after` as a condition of the ORM, and as the same condition in
    SQL (for `selectors.entity_articles`, whose articles table is `a`)."""

    condition: Callable[..., models.Q]
    sql: str


STRETCH_CONDITIONS = {
    "newest": StretchCondition(lambda: models.Q(), ""),
    "dated_before": StretchCondition(
        lambda day, pk: models.Q(
            LessThan(_row(models.F("published_on"), models.F("pk")), _row(models.Value(day), models.Value(pk)))
        ),
        "AND (a.published_on, a.id) < (%(day)s, %(pk)s)",
    ),
    "undated_before": StretchCondition(
        lambda pk: models.Q(published_on__isnull=True, pk__lt=pk), "AND a.published_on IS NULL AND a.id < %(pk)s"
    ),
    "undated": StretchCondition(lambda: models.Q(published_on__isnull=True), "AND a.published_on IS NULL"),
}
