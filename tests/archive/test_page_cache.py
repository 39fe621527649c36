"""Pages kept for plain readers are served until the archive changes, and never to a
signed-in reader."""

from django.contrib.auth.models import User
from django.db import connection
from django.test.utils import CaptureQueriesContext

from libya_archive.archive.editions import archive_changed, current_edition
from libya_archive.archive.importing import import_paths
from libya_archive.archive.models import ActorAlias
from libya_archive.archive.services import relink_entity
from tests.factories import make_actor, make_article


def test_a_page_read_again_costs_one_query_and_is_the_same_page(client, db, django_assert_num_queries):
    article = make_article("وصل المشير حفتر إلى سرت.", title="حفتر في سرت")
    first = client.get(article.get_absolute_url())
    with django_assert_num_queries(1):  # the archive's edition
        again = client.get(article.get_absolute_url())
    assert again.status_code == 200
    assert again.content == first.content
    assert "حفتر في سرت" in again.content.decode()


def test_an_alias_added_shows_at_once_in_the_kept_page(client, db):
    haftar = make_actor("خليفة حفتر", "حفتر", slug="khalifa-haftar")
    article = make_article("وصل المشير حفتار إلى سرت.")
    assert 'href="/actors/khalifa-haftar/"' not in client.get(article.get_absolute_url()).content.decode()

    ActorAlias(actor=haftar, name="حفتار").save()
    relink_entity(haftar, ["حفتار"])
    assert 'href="/actors/khalifa-haftar/"' in client.get(article.get_absolute_url()).content.decode()


def test_an_imported_article_shows_at_once_on_the_kept_home_page(client, db, tmp_path):
    client.get("/")
    (tmp_path / "new.txt").write_text("---\ntitle: مقالة جديدة عن مصراتة\n---\nنص المقالة.", encoding="utf-8")
    assert [outcome.status for outcome in import_paths([tmp_path])] == ["imported"]
    assert "مقالة جديدة عن مصراتة" in client.get("/").content.decode()


def test_a_signed_in_reader_never_gets_the_page_kept_for_others(client, db):
    assert "الدخول" in client.get("/").content.decode()
    client.force_login(User.objects.create_user("reader", password="a long passphrase"))
    page = client.get("/").content.decode()
    assert "عمليات بحثي" in page and "الدخول" not in page


def test_with_the_page_cache_off_every_page_is_made_afresh(client, db, settings):
    settings.PAGE_CACHE_SECONDS = 0
    article = make_article("نص عن طرابلس.")
    client.get(article.get_absolute_url())
    with CaptureQueriesContext(connection) as queries:
        client.get(article.get_absolute_url())
    assert any("archive_article" in query["sql"] for query in queries.captured_queries)


def test_a_change_makes_kept_pages_stale_again_once_committed(db, django_capture_on_commit_callbacks):
    before = current_edition()
    with django_capture_on_commit_callbacks(execute=True):
        archive_changed()
        during = current_edition()
    assert before < during < current_edition()


def test_an_edit_that_keeps_the_links_still_shows_at_once(admin_client, client, db):
    from tests.factories import article_admin_form, make_article

    article = make_article("نص قديم بلا أسماء.", title="عنوان")
    assert "نص قديم" in client.get(article.get_absolute_url()).content.decode()
    edited = article_admin_form(article, body="نص جديد بلا أسماء.")
    assert admin_client.post(f"/admin/archive/article/{article.pk}/change/", edited).status_code == 302
    assert "نص جديد" in client.get(article.get_absolute_url()).content.decode()


def stored_bytes(location: str) -> int:
    """What a local-memory cache holds, read from Django's own store of it."""
    from django.core.cache.backends import locmem

    return sum(len(value) for value in locmem._caches.get(location, {}).values())


def test_the_page_store_keeps_no_more_bytes_than_its_bound_and_drops_the_least_recently_read_first():
    from libya_archive.archive.page_cache import PageStore

    pages = PageStore("test-page-store", {"OPTIONS": {"MAX_BYTES": 10_000, "MAX_ENTRIES": 100}})
    pages.clear()
    for key in "abc":
        pages.set(key, key * 3000)
    assert pages.get("a") == "a" * 3000  # read: now the most recently read
    pages.set("d", "d" * 3000)
    assert (pages.get("a"), pages.get("b")) == ("a" * 3000, None)
    assert stored_bytes("test-page-store") == pages.stored_bytes <= 10_000
    pages.set("huge", "h" * 20_000)  # more than all the room there is
    assert pages.get("huge") is None and pages.get("d") == "d" * 3000
    pages.set("d", "d")  # kept again, smaller
    pages.delete("c")
    assert stored_bytes("test-page-store") == pages.stored_bytes
    pages.clear()
    assert pages.stored_bytes == 0


def test_searches_with_ever_new_query_strings_keep_a_worker_within_its_bytes(client, db, settings):
    make_article("وصل المشير حفتر إلى سرت.", title="حفتر في سرت")
    bound = 100_000
    settings.CACHES = {
        **settings.CACHES,
        "pages": {**settings.CACHES["pages"], "LOCATION": "test-bounded-pages", "OPTIONS": {"MAX_BYTES": bound}},
    }
    for number in range(40):
        assert client.get("/search", {"q": "سرت", f"junk{number}": "x" * 2000}).status_code == 200
    assert 0 < stored_bytes("test-bounded-pages") <= bound
