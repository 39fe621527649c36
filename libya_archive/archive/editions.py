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

from libya_archive.archive.postgres import sequence_value_and_wal_position
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
    return Edition(*sequence_value_and_wal_position(ARCHIVE))


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
