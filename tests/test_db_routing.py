"""The replica router, against two real databases: a primary and a "replica" that is a
separate database, so a read shows by its answer which of the two served it."""

import textwrap
import uuid

import psycopg
import pytest
from django.db import connection

from tests.conftest import database_url, manage

CHECK = textwrap.dedent(
    """
    from django.db import connections
    from django.test import Client
    from libya_archive.archive.models import Article
    from libya_archive.db_routing import primary_database

    # Each database holds one article, under its own name.
    Article.objects.using("default").create(title="primary", body="x", source_name="p.txt", content_hash="p")
    Article.objects.using("replica_0").create(title="replica", body="y", source_name="r.txt", content_hash="r")

    print("read", list(Article.objects.values_list("title", flat=True)))
    with primary_database():
        print("pinned", list(Article.objects.values_list("title", flat=True)))
    Article.objects.create(title="written", body="z", source_name="w.txt", content_hash="w")
    print("written to", list(Article.objects.using("default").order_by("pk").values_list("title", flat=True)))
    client = Client()
    print("page", "replica" in client.get("/articles/").content.decode())
    print("admin", client.get("/admin/login/").status_code)

    # A search runs on one replica, every statement within its one time limit.
    from django.conf import settings
    from libya_archive.archive import search
    from libya_archive.archive.search import execution

    named = Article(title="حفتر", body="قال حفتر كلمته.", source_name="h.txt", content_hash="h")
    from libya_archive.archive.analysis import search_fields
    for field, text in search_fields(named.title, named.body).items():
        setattr(named, field, text)
    named.save(using="replica_0")
    print("found", [hit.article.title for hit in search.search_articles("حفتر").hits])
    real_matching = execution.matching_articles
    execution.matching_articles = lambda *a, **k: real_matching(*a, **k).extra(where=["pg_sleep(0.2) IS NOT NULL"])
    settings.SEARCH_TIMEOUT_MS = 300  # a later page by date: counting takes 0.2 s, finding the page another 0.2 s
    print("timed out", search.search_articles("حفتر", sort="date", after="2030-01-01.1000000").timed_out)
    """
)


@pytest.fixture
def two_databases(db):
    names = [f"routing_{role}_{uuid.uuid4().hex[:8]}" for role in ("primary", "replica")]
    settings = connection.settings_dict
    admin = dict(host=settings["HOST"], port=settings["PORT"] or None, user=settings["USER"], dbname="postgres", autocommit=True)
    with psycopg.connect(**admin) as conn:
        for name in names:
            conn.execute(f'CREATE DATABASE "{name}"')
    yield [database_url(name) for name in names]
    with psycopg.connect(**admin) as conn:
        for name in names:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def test_reads_go_to_the_replica_and_writes_to_the_primary(two_databases):
    primary, replica = two_databases
    manage("migrate", "-v0", env={"DATABASE_URL": primary})
    manage("migrate", "-v0", env={"DATABASE_URL": replica})
    out = manage("shell", "-c", CHECK, env={"DATABASE_URL": primary, "DATABASE_REPLICA_URLS": replica}).stdout
    assert "read ['replica']" in out
    assert "pinned ['primary']" in out
    assert "written to ['primary', 'written']" in out
    assert "page True" in out
    assert "admin 200" in out
    assert "found ['حفتر']" in out
    assert "timed out True" in out
