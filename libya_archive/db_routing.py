"""Read replicas: archive pages and searches read from replicas, everything else uses the
primary database.

Set DATABASE_REPLICA_URLS (comma-separated) to add replicas. A request that may write
(any method but GET and HEAD) or that curates (the admin, logins, saved searches) reads
from the primary as well, so what a person has just changed is what that person sees.
"""

import random
from contextlib import contextmanager
from contextvars import ContextVar

from django.conf import settings
from django.db import router

# Models whose reads may be served by a replica: what the public pages and search read.
READ_FROM_REPLICA = {"article", "actor", "place", "actoralias", "placealias", "actormention", "placemention", "searchterm"}
PRIMARY_ONLY_PATHS = ("/admin/", "/accounts/", "/saved/")

_use_primary: ContextVar[bool] = ContextVar("use_primary", default=False)
_pinned_replica: ContextVar[str | None] = ContextVar("pinned_replica", default=None)


def replica_aliases() -> list[str]:
    return [alias for alias in settings.DATABASES if alias.startswith("replica")]


class ReplicaRouter:
    def db_for_read(self, model, **hints):
        replicas = replica_aliases()
        if replicas and not _use_primary.get() and model._meta.model_name in READ_FROM_REPLICA:
            return _pinned_replica.get() or random.choice(replicas)
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
    """Requests that write or curate read from the primary database too."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.method not in ("GET", "HEAD") or request.path.startswith(PRIMARY_ONLY_PATHS):
            with primary_database():
                return self.get_response(request)
        return self.get_response(request)
