"""The archive's editions: numbers that move on whenever what readers see changes.

Every cache (whole pages, facets, template fragments, the gazetteer each process holds) is
keyed by an edition, so one change makes all of them stale at once, in every worker
process, with no list of keys to forget. An edition is a PostgreSQL sequence: reading it
costs one tiny query, and moving it never waits on another transaction's lock.

With read replicas, what a request makes from a replica that has not yet replayed a change
must not be kept under the edition that change moved to: an edition is read with the
primary's WAL position (`Edition`), and `may_keep` says whether the request's reads reach it.

`archive_edition` moves with every change to articles, mentions or entities;
`gazetteer_edition` only with changes to actors, places and their aliases, so that an
import running beside readers does not make every process load the gazetteer again.
"""

from typing import NamedTuple

from django.db import connection, transaction

from libya_archive.archive.postgres import sequence_values_and_wal_position
from libya_archive.db_routing import reads_reach

ARCHIVE = "archive_edition"
GAZETTEER = "gazetteer_edition"


def current_edition(sequence: str = ARCHIVE) -> int:
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT last_value FROM {sequence}")
        return cursor.fetchone()[0]


class Edition(NamedTuple):
    number: int
    wal_position: int  # how far the primary had written its WAL when `number` was read


def archive_edition() -> Edition:
    """The archive's edition, to keep what a request makes under (with `may_keep`)."""
    (number,), position = sequence_values_and_wal_position([ARCHIVE])
    return Edition(number, position)


class Editions(NamedTuple):
    archive: Edition
    gazetteer: int


def current_editions() -> Editions:
    """The archive's edition (as `archive_edition`) and the gazetteer's, in one query: a
    search reads both, for the caches it reads through."""
    (archive, gazetteer), position = sequence_values_and_wal_position([ARCHIVE, GAZETTEER])
    return Editions(Edition(archive, position), gazetteer)


# What this process keeps under the archive's edition, by name: (that edition, the values).
_kept: dict[str, tuple[int, dict]] = {}
# A name's values are forgotten past this many, so that queries of ever new words cannot
# make a process's memory grow without bound.
KEPT_AT_MOST = 100_000


def kept_under(edition: Edition | None, name: str) -> dict:
    """The values this process keeps under the archive's `edition` by `name`, to read and
    add to: empty once the edition has moved on. A request whose reads may not be kept under
    it (`may_keep`), or that has no edition, is given an empty dict that nothing keeps."""
    if edition is None or not may_keep(edition):
        return {}
    number, values = _kept.get(name, (None, {}))
    if number != edition.number or len(values) > KEPT_AT_MOST:
        values = {}
        _kept[name] = (edition.number, values)
    return values


def forget_kept() -> None:
    _kept.clear()


def may_keep(edition: Edition) -> bool:
    """Whether what this request makes may be kept under `edition`: its reads come from the
    primary or from a replica that had replayed the edition's changes (else it may show the
    archive as it was before them)."""
    return reads_reach(edition.wal_position)


def archive_changed(*, names: bool = False) -> None:
    """Make every cache stale (and the gazetteer too, when `names` of entities changed).
    The editions move now, so that this transaction's own pages are made afresh, and again
    once the change is committed, because another process may have kept something of the
    old content in between."""
    sequences = [ARCHIVE, GAZETTEER] if names else [ARCHIVE]
    _move(sequences)
    transaction.on_commit(lambda: _move(sequences))


def _move(sequences: list[str]) -> None:
    with connection.cursor() as cursor:
        for sequence in sequences:
            cursor.execute("SELECT nextval(%s)", [sequence])


def move_editions_past(edition: int) -> None:
    """After a restore has set the editions back to the backup's: past every edition the
    running processes may have kept anything under."""
    with connection.cursor() as cursor:
        for sequence in (ARCHIVE, GAZETTEER):
            cursor.execute(f"SELECT setval(%s, greatest(last_value, %s) + 1) FROM {sequence}", [sequence, edition])
