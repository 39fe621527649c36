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
"""

import logging
import random
import time
from contextlib import contextmanager
from contextvars import ContextVar

from django.conf import settings
from django.db import DatabaseError, connections, router

logger = logging.getLogger(__name__)

# Models whose reads may be served by a replica: what the public pages and search read.
READ_FROM_REPLICA = {"article", "actor", "place", "actoralias", "placealias", "actormention", "placemention", "searchterm"}
PRIMARY_ONLY_PATHS = ("/admin/", "/accounts/", "/saved/")
# Set on a browser that wrote: it reads from the primary until the cookie expires.
READ_PRIMARY_COOKIE = "read_primary"

_use_primary: ContextVar[bool] = ContextVar("use_primary", default=False)
_pinned_replica: ContextVar[str | None] = ContextVar("pinned_replica", default=None)
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


class ReplicaRouter:
    def db_for_read(self, model, **hints):
        replicas = replica_aliases()
        if replicas and not _use_primary.get() and model._meta.model_name in READ_FROM_REPLICA:
            if pinned := _pinned_replica.get():
                return pinned
            return next((alias for alias in random.sample(replicas, len(replicas)) if is_reachable(alias)), "default")
        return "default"

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
            response = self.get_response(request)
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
