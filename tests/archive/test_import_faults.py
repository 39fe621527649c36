"""Imports that are killed halfway, or run twice at once, still end with every file stored
exactly once and nothing half-written."""

import os
import random
import signal
import subprocess
import sys
import time

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
