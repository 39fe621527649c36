"""Imports that are killed halfway, or run twice at once, still end with every file stored
exactly once and nothing half-written."""

import os
import random
import signal
import subprocess
import sys
import time

import psycopg
import pytest
from django.db import connection
from django.db.models import Count

from libya_archive.archive.linking import find_mentions, load_gazetteer
from libya_archive.archive.models import ActorMention, Article, PlaceMention
from tests.conftest import PROJECT, SEED_ARTICLES, database_url, manage

FILES = 1000


@pytest.fixture
def many_files(transactional_db, tmp_path):
    manage("load_gazetteer", env={"DATABASE_URL": database_url()})
    texts = [path.read_text(encoding="utf-8") for path in SEED_ARTICLES]
    for number in range(FILES):
        (tmp_path / f"article-{number:04d}.txt").write_text(f"{texts[number % 5]}\nرقم {number}", encoding="utf-8")
    return tmp_path


def start_import(folder) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "manage.py", "import_articles", str(folder), "-v0"],
        cwd=PROJECT,
        env={**os.environ, "DATABASE_URL": database_url()},
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def assert_each_file_stored_once_and_whole(folder):
    assert Article.objects.count() == FILES
    assert not Article.objects.values("source_name").annotate(n=Count("pk")).filter(n__gt=1).exists()
    gazetteer = load_gazetteer()
    for article in Article.objects.order_by("?")[:25]:
        expected = len(find_mentions(article.body, gazetteer))
        stored = ActorMention.objects.filter(article=article).count() + PlaceMention.objects.filter(article=article).count()
        assert stored == expected, article.source_name


def wait_for_other_sessions_to_end():
    """A killed client's server process may still be finishing (committing, or rolling
    back) its last statement; wait until it is gone before counting."""
    deadline = time.monotonic() + 30
    with connection.cursor() as cursor:
        while time.monotonic() < deadline:
            cursor.execute(
                "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()"
            )
            if cursor.fetchone()[0] == 0:
                return
            time.sleep(0.1)
    raise AssertionError("the killed import's database session did not end")


def test_an_import_killed_at_random_moments_completes_on_the_next_run(many_files):
    rng = random.Random(7)
    for _ in range(3):
        process = start_import(many_files)
        time.sleep(rng.uniform(1.0, 4.0))
        process.send_signal(signal.SIGKILL)
        process.wait()
    wait_for_other_sessions_to_end()
    stored_before_last_run = Article.objects.count()
    out = manage("import_articles", str(many_files), env={"DATABASE_URL": database_url()}).stdout
    imported = int(out.strip().splitlines()[-1].split()[0])
    assert imported == FILES - stored_before_last_run
    assert_each_file_stored_once_and_whole(many_files)


def test_two_imports_of_one_folder_at_once_store_each_file_once(many_files):
    first, second = start_import(many_files), start_import(many_files)
    outputs = [process.communicate(timeout=600) for process in (first, second)]
    assert first.returncode == 0 and second.returncode == 0, outputs
    assert_each_file_stored_once_and_whole(many_files)


def test_an_import_after_a_killed_bulk_import_builds_the_dropped_search_indexes_again(gazetteer, tmp_path):
    from django.core.management import call_command
    from django.db import connection

    from libya_archive.archive.importing import _search_indexes
    from libya_archive.archive.models import Article

    with connection.schema_editor() as editor:  # as a bulk import killed half way leaves them
        for index in _search_indexes():
            editor.remove_index(Article, index)
    (tmp_path / "a.txt").write_text("خبر عن سرت.", encoding="utf-8")
    call_command("import_articles", str(tmp_path), verbosity=0)
    with connection.cursor() as cursor:
        names = set(connection.introspection.get_constraints(cursor, Article._meta.db_table))
    assert {"article_search_vector_gin", "article_search_shingles_gin", "article_search_title_gin"} <= names


# Every kill point below converges: whatever an import was doing when it was killed (once or
# twice), the next import leaves the same archive as one import never interrupted.
KILL_FILES = 500


def stored(articles: int):
    return lambda conn: conn.execute("SELECT count(*) >= %s FROM archive_article", [articles]).fetchone()[0]


def search_indexes_dropped(conn) -> bool:
    return not conn.execute("SELECT 1 FROM pg_indexes WHERE indexname = 'article_search_vector_gin'").fetchone()


# Each: the imports killed in turn (their flags, and when), then the flags of the one that finishes.
KILL_POINTS = {
    "after its first batch": ([([], stored(200))], []),
    "a bulk import with its indexes dropped": ([(["--bulk"], search_indexes_dropped)], []),
    "a bulk import half way, finished by another": ([(["--bulk"], stored(200))], ["--bulk"]),
    "a bulk import, then the import resuming it": ([(["--bulk"], stored(200)), ([], stored(400))], []),
}


@pytest.fixture(scope="module")
def kill_corpus(tmp_path_factory):
    folder = tmp_path_factory.mktemp("kill-corpus")
    texts = [path.read_text(encoding="utf-8") for path in SEED_ARTICLES]
    for number in range(KILL_FILES):
        (folder / f"article-{number:04d}.txt").write_text(f"{texts[number % 5]}\nرقم {number} والكلمة{number}", encoding="utf-8")
    return folder


@pytest.fixture(scope="module")
def fresh_archives(django_db_setup, django_db_blocker):
    """Makes databases of their own, each a freshly installed archive (migrated, the seed
    gazetteer loaded), copied from one made once; all dropped at the end."""
    with django_db_blocker.unblock():
        config = connection.settings_dict
    prefix = f"{config['NAME']}_kill"
    admin = dict(host=config["HOST"], port=config["PORT"] or None, user=config["USER"], dbname="postgres", autocommit=True)
    made = [f"{prefix}_template"]
    with psycopg.connect(**admin) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{made[0]}"')
        conn.execute(f'CREATE DATABASE "{made[0]}"')
    with django_db_blocker.unblock():
        template_url = database_url(made[0])
    manage("migrate", "-v0", env={"DATABASE_URL": template_url})
    manage("load_gazetteer", "-v0", env={"DATABASE_URL": template_url})

    def make() -> tuple[str, str]:
        name = f"{prefix}_{len(made)}"
        with psycopg.connect(**admin) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}"')
            conn.execute(f'CREATE DATABASE "{name}" TEMPLATE "{made[0]}"')
        made.append(name)
        with django_db_blocker.unblock():
            return name, database_url(name)

    yield make
    with psycopg.connect(**admin) as conn:
        for name in made:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def archive_state(url: str) -> dict:
    """What an import leaves, as a reader and the search see it: the articles and their search
    text, every mention, the entities' counts, the name candidates, the vocabulary and the
    article table's indexes (and whether each is valid)."""
    with psycopg.connect(url) as conn:
        rows = lambda sql: conn.execute(sql).fetchall()  # noqa: E731
        mentions = "SELECT a.source_name, m.{0}_id, m.start, m.end FROM archive_{0}mention m JOIN archive_article a ON a.id = m.article_id"
        return {
            "articles": rows("SELECT source_name, content_hash, search_title, search_body FROM archive_article ORDER BY 1"),
            "mentions": rows(f"{mentions.format('actor')} UNION ALL {mentions.format('place')} ORDER BY 1, 2, 3"),
            "counts": rows("SELECT slug, article_count FROM archive_actor UNION ALL SELECT slug, article_count FROM archive_place ORDER BY 1"),
            "candidates": rows("SELECT normalized, occurrences FROM archive_namecandidate ORDER BY 1"),
            "vocabulary": rows("SELECT word, documents FROM archive_searchterm ORDER BY 1"),
            "indexes": rows(
                "SELECT c.relname, i.indisvalid FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid "
                "WHERE i.indrelid = 'archive_article'::regclass ORDER BY 1"
            ),
        }


@pytest.fixture(scope="module")
def uninterrupted(fresh_archives, kill_corpus) -> dict:
    _, url = fresh_archives()
    manage("import_articles", str(kill_corpus), "-v0", env={"DATABASE_URL": url})
    return archive_state(url)


def kill_import(url: str, name: str, folder, flags: list[str], kill_point) -> None:
    """Start import_articles, SIGKILL it once `kill_point(connection)` holds, and wait until
    its database session has ended."""
    process = subprocess.Popen(
        [sys.executable, "manage.py", "import_articles", str(folder), "-v0", *flags],
        cwd=PROJECT,
        env={**os.environ, "DATABASE_URL": url},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    with psycopg.connect(url, autocommit=True) as conn:
        while not kill_point(conn):
            assert process.poll() is None, "the import ended before its kill point"
            time.sleep(0.02)
        process.send_signal(signal.SIGKILL)
        process.wait()
        for _ in range(600):
            if not conn.execute("SELECT count(*) FROM pg_stat_activity WHERE datname = %s AND pid <> pg_backend_pid()", [name]).fetchone()[0]:
                return
            time.sleep(0.05)
    raise AssertionError("the killed import's database session did not end")


@pytest.mark.parametrize("kills, rerun", KILL_POINTS.values(), ids=KILL_POINTS.keys())
def test_an_import_killed_anywhere_is_finished_by_the_next_as_if_never_interrupted(fresh_archives, kill_corpus, uninterrupted, kills, rerun):
    name, url = fresh_archives()
    for flags, kill_point in kills:
        kill_import(url, name, kill_corpus, flags, kill_point)
    manage("import_articles", str(kill_corpus), "-v0", *rerun, env={"DATABASE_URL": url})
    state = archive_state(url)
    for part in uninterrupted:
        assert state[part] == uninterrupted[part], part
    assert "the archive is consistent" in manage("check_archive", "--exact", env={"DATABASE_URL": url}).stdout
