"""The replica router, against two real databases: a primary and a "replica" that is a
separate database, so a read shows by its answer which of the two served it; and against a
real streaming replica of a primary, both started by the test, as readers and an editor
see the site served by gunicorn."""

import os
import subprocess
import sys
import textwrap
import uuid
from urllib.parse import quote

import psycopg
import pytest
from django.db import connection

from tests import postgres_cluster
from tests.conftest import PROJECT, database_url, manage
from tests.live_server import Browser, gunicorn

# Run as the site runs, not as a command (commands read from the primary).
CHECK = textwrap.dedent(
    """
    import django
    django.setup()
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
    both = {"DATABASE_URL": primary, "DATABASE_REPLICA_URLS": replica, "DJANGO_SETTINGS_MODULE": "libya_archive.settings"}
    site = subprocess.run([sys.executable, "-c", CHECK], cwd=PROJECT, env={**os.environ, **both}, capture_output=True, text=True, timeout=300)
    assert site.returncode == 0, site.stderr
    out = site.stdout
    assert "read ['replica']" in out
    assert "pinned ['primary']" in out
    assert "written to ['primary', 'written']" in out
    assert "page True" in out
    assert "admin 200" in out
    assert "found ['حفتر']" in out
    assert "timed out True" in out


def test_commands_read_from_the_primary_when_there_are_replicas(two_databases):
    primary, replica = two_databases
    manage("migrate", "-v0", env={"DATABASE_URL": primary})
    manage("migrate", "-v0", env={"DATABASE_URL": replica})
    for url, title in [(primary, "على الأساسي"), (replica, "على النسخة")]:
        manage("shell", "-c", f"from tests.factories import make_article; make_article('خبر عن طرابلس.', title={title!r})", env={"DATABASE_URL": url})
    both = {"DATABASE_URL": primary, "DATABASE_REPLICA_URLS": replica}
    found = manage("search", "طرابلس", env=both).stdout
    assert "على الأساسي" in found and "على النسخة" not in found
    shell = manage("shell", "-c", "from libya_archive.archive.models import Article; print(list(Article.objects.values_list('title', flat=True)))", env=both).stdout
    assert "['على الأساسي']" in shell


@pytest.fixture(scope="module")
def streaming_replica():
    """A primary and its streaming replica, servers of their own, with a database `archive`."""
    if reason := postgres_cluster.unavailable():
        if os.environ.get("CI") == "true":
            pytest.fail(f"the replica tests must run in CI: {reason}")
        pytest.skip(reason)
    cluster = postgres_cluster.Cluster()
    try:
        cluster.start()
        with cluster.primary.connect() as primary:
            primary.execute("CREATE DATABASE archive")
        yield cluster
    finally:
        cluster.remove()


SETUP = textwrap.dedent(
    """
    from django.contrib.auth.models import User
    from libya_archive.archive.models import Actor
    from libya_archive.archive import services
    from tests.factories import make_article

    User.objects.create_superuser("editor", password="the-right-long-password")
    Actor.objects.create(name="خليفة حفتر", kind="person", slug="khalifa-haftar")
    services.names_changed()
    make_article("قال خليفة حفتر كلمته في بنغازي.", title="كلمة في بنغازي")
    """
)


def actor_form(description: str) -> dict:
    """The admin's change form of the actor SETUP makes, with `description`."""
    management = {f"aliases-{field}": value for field, value in [("TOTAL_FORMS", 0), ("INITIAL_FORMS", 0), ("MIN_NUM_FORMS", 0), ("MAX_NUM_FORMS", 1000)]}
    return {"name": "خليفة حفتر", "name_en": "", "slug": "khalifa-haftar", "kind": "person", "description": description, **management}


def test_a_streaming_replica_serves_readers_the_primary_editors_and_readers_again_when_it_stops(streaming_replica, tmp_path):
    cluster = streaming_replica
    primary = {"DATABASE_URL": cluster.primary.url("archive"), "DEBUG": "1"}
    manage("migrate", "-v0", env=primary)
    manage("shell", "-c", SETUP, env=primary)
    actor_id = manage("shell", "-c", "from libya_archive.archive.models import Actor; print(Actor.objects.get().pk)", "-v0", env=primary).stdout.strip().splitlines()[-1]
    cluster.wait_for_replay()
    env = {**primary, "DATABASE_REPLICA_URLS": cluster.replica.url("archive")}
    with gunicorn(env, log=tmp_path / "gunicorn.log") as site, cluster.replica.connect() as replica:
        reader, editor = Browser(site), Browser(site)
        replica.execute("SELECT pg_wal_replay_pause()")  # the replica stays where it is while the primary moves on
        manage("shell", "-c", "from tests.factories import make_article; make_article('خبر جديد عن طرابلس.', title='خبر جديد', source_name='new.txt')", env=primary)

        assert "كلمة في بنغازي" in reader.get("/articles/")[1] and "خبر جديد" not in reader.get("/articles/")[1]
        assert editor.post("/admin/login/", {"username": "editor", "password": "the-right-long-password", "next": "/admin/"})[0] == 200
        assert editor.post(f"/admin/archive/actor/{actor_id}/change/", actor_form("قائد الجيش الوطني الليبي"))[0] == 200
        assert "قائد الجيش الوطني الليبي" in editor.get("/actors/khalifa-haftar/")[1], "the editor sees the edit at once"
        assert "خبر جديد" in editor.get("/articles/")[1]
        assert "قائد الجيش الوطني الليبي" not in reader.get("/actors/khalifa-haftar/")[1]

        replica.execute("SELECT pg_wal_replay_resume()")
        cluster.wait_for_replay()
        assert "قائد الجيش الوطني الليبي" in reader.get("/actors/khalifa-haftar/")[1]
        assert "خبر جديد" in reader.get("/articles/")[1]

    with gunicorn(env, log=tmp_path / "gunicorn.log") as site:
        reader = Browser(site)
        assert reader.get("/articles/")[0] == 200
        cluster.replica.stop()
        pages = [reader.get(path) for path in ["/articles/", "/actors/khalifa-haftar/", f"/search?q={quote('حفتر')}", "/api/search?q=x"] * 3]
        assert [status for status, _ in pages] == [200] * 12, "reads fall back to the primary"
        assert "خبر جديد" in pages[0][1] and "كلمة في بنغازي" in pages[2][1]


def edit_description(env: dict, description: str, *, through_services: bool = True) -> None:
    """Change the actor's description on the primary, through the services (the archive's
    edition moves, as with any edit) or, to tell a kept page by it, behind their back."""
    code = f"""
from libya_archive.archive.models import Actor
from libya_archive.archive import services
actor = Actor.objects.get()
actor.description = {description!r}
actor.save()
if {through_services!r}:
    services.entity_saved(actor, [])
"""
    manage("shell", "-c", code, env=env)


def test_a_page_made_from_a_replica_behind_an_edit_is_not_kept_and_readers_see_the_edit_once_it_has_replayed(streaming_replica, tmp_path):
    cluster = streaming_replica
    if not cluster.replica.is_running():  # the test before stops it
        cluster.replica.start()
    with cluster.primary.connect() as server:
        server.execute("CREATE DATABASE kept_pages")
    primary = {"DATABASE_URL": cluster.primary.url("kept_pages"), "DEBUG": "1"}
    manage("migrate", "-v0", env=primary)
    manage("shell", "-c", SETUP, env=primary)
    cluster.wait_for_replay()
    env = {**primary, "DATABASE_REPLICA_URLS": cluster.replica.url("kept_pages"), "PAGE_CACHE_SECONDS": "600"}
    with gunicorn(env, log=tmp_path / "gunicorn.log") as site, cluster.replica.connect() as replica:
        reader = Browser(site)
        replica.execute("SELECT pg_wal_replay_pause()")
        edit_description(primary, "قائد الجيش الوطني الليبي")
        assert "قائد الجيش الوطني الليبي" not in reader.get("/actors/khalifa-haftar/")[1], "the replica has not replayed the edit"

        replica.execute("SELECT pg_wal_replay_resume()")
        cluster.wait_for_replay()
        assert "قائد الجيش الوطني الليبي" in reader.get("/actors/khalifa-haftar/")[1]

        # Made from a replica that has caught up, the page is kept: a change that does not
        # move the edition does not show.
        edit_description(primary, "وصف لا يمر بالخدمات", through_services=False)
        cluster.wait_for_replay()
        assert "قائد الجيش الوطني الليبي" in reader.get("/actors/khalifa-haftar/")[1]
