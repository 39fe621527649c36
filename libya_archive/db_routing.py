"""Read replicas: archive pages and searches read from replicas, everything else uses the
primary database.

Set DATABASE_REPLICA_URLS (comma-separated) to add replicas. A request that may write
(any method but GET and HEAD) or that curates (the admin, logins, saved searches) reads
from the primary as well, and so does the same browser for REPLICA_PIN_SECONDS after it
wrote (a cookie), so what a person has just changed is what that person sees, however far
a replica trails.

A replica that cannot be reached (stopped, restarting) is left alone for
REPLICA_RETRY_SECONDS and its reads go to another replica or the primary, so readers get
pages, not errors, while it is away.

A request reads from one database, chosen at its first read, and notes how far that replica
had replayed then: what the request makes may be cached only if it was made from data at
least as new as the edition it would be kept under (`reads_reach`).
"""

import logging
import random
import time
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass

from django.conf import settings
from django.db import DatabaseError, connections, router

from libya_archive.archive.postgres import replayed_wal_position

logger = logging.getLogger(__name__)

# Models whose reads may be served by a replica: what the public pages and search read.
READ_FROM_REPLICA = {"article", "actor", "place", "actoralias", "placealias", "actormention", "placemention", "searchterm"}
PRIMARY_ONLY_PATHS = ("/admin/", "/accounts/", "/saved/")
# Set on a browser that wrote: it reads from the primary until the cookie expires.
READ_PRIMARY_COOKIE = "read_primary"

_use_primary: ContextVar[bool] = ContextVar("use_primary", default=False)
_pinned_replica: ContextVar[str | None] = ContextVar("pinned_replica", default=None)


@dataclass
class _RequestReads:
    database: str | None = None  # the database this request reads from, once it has read
    replayed: int | None = None  # how far it had replayed the WAL then, when a replica


# Set for each request by PrimaryForWritersMiddleware; None outside requests.
_request_reads: ContextVar[_RequestReads | None] = ContextVar("request_reads", default=None)
# When each replica that could not be reached may be tried again (time.monotonic()).
_unreachable_until: dict[str, float] = {}


def replica_aliases() -> list[str]:
    return [alias for alias in settings.DATABASES if alias.startswith("replica")]


def is_reachable(alias: str) -> bool:
    """Whether replica `alias` answers: its connection is opened, or health-checked once a
    request as every connection is (CONN_HEALTH_CHECKS), here rather than at the first
    query, so that a replica that has gone away costs a failed connection, not an error."""
    if _unreachable_until.get(alias, 0) > time.monotonic():
        return False
    connection = connections[alias]
    try:
        connection.close_if_health_check_failed()
        connection.ensure_connection()
    except DatabaseError as error:
        logger.warning("replica %s unreachable, reading from the others for %s s: %s", alias, settings.REPLICA_RETRY_SECONDS, error)
        _unreachable_until[alias] = time.monotonic() + settings.REPLICA_RETRY_SECONDS
        return False
    return True


def archive_read_database() -> str:
    """The database this read of the archive's content goes to: the primary, the replica a
    unit of work runs on (`one_read_database`), the request's, or, at a request's first read,
    a reachable replica at random."""
    replicas = replica_aliases()
    if not replicas or _use_primary.get():
        return "default"
    if pinned := _pinned_replica.get():
        return pinned
    reads = _request_reads.get()
    if reads is not None and reads.database:
        return reads.database
    alias = next((alias for alias in random.sample(replicas, len(replicas)) if is_reachable(alias)), "default")
    if reads is not None:
        # Read before the request's first read there: every later read sees at least this.
        reads.database, reads.replayed = alias, None if alias == "default" else replayed_wal_position(alias)
    return alias


class ReplicaRouter:
    def db_for_read(self, model, **hints):
        return archive_read_database() if model._meta.model_name in READ_FROM_REPLICA else "default"

    def db_for_write(self, model, **hints):
        return "default"

    def allow_relation(self, obj1, obj2, **hints):
        # Replicas hold the same rows as the primary: objects from either may be related.
        return True

    def allow_migrate(self, db, app_label, model_name=None, **hints):
        return db == "default"


@contextmanager
def one_read_database(model):
    """Yield the database `model` is read from; inside, every read that goes to a replica
    goes to that same one, so that a unit of work (a search: its transaction and its time
    limit) runs on one server."""
    alias = router.db_for_read(model)
    token = _pinned_replica.set(None if alias == "default" else alias)
    try:
        yield alias
    finally:
        _pinned_replica.reset(token)


def reads_reach(position: int) -> bool:
    """Whether everything this request reads shows the primary as it was at WAL `position`
    (or later): it reads from the primary, or from a replica that had replayed that far
    before the request first read from it. Outside a request, reads from a replica cannot
    be vouched for."""
    if not replica_aliases() or _use_primary.get():
        return True
    reads = _request_reads.get()
    if reads is None:
        return False
    if reads.database is None:
        archive_read_database()  # chosen now, so that the reads to come are the ones vouched for
    return reads.database == "default" or (reads.replayed is not None and reads.replayed >= position)


@contextmanager
def primary_database():
    token = _use_primary.set(True)
    try:
        yield
    finally:
        _use_primary.reset(token)


class PrimaryForWritersMiddleware:
    """Requests that write or curate read from the primary database too, and so does a
    browser that wrote, for REPLICA_PIN_SECONDS after."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        writes = request.method not in ("GET", "HEAD")
        if writes or request.path.startswith(PRIMARY_ONLY_PATHS) or READ_PRIMARY_COOKIE in request.COOKIES:
            with primary_database():
                response = self.get_response(request)
        else:
            token = _request_reads.set(_RequestReads())
            try:
                response = self.get_response(request)
            finally:
                _request_reads.reset(token)
        if writes and replica_aliases():
            response.set_cookie(
                READ_PRIMARY_COOKIE,
                "1",
                max_age=settings.REPLICA_PIN_SECONDS,
                secure=settings.SESSION_COOKIE_SECURE,
                httponly=True,
                samesite="Lax",
            )
        return response
