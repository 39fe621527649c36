"""A search's query string is cleaned once, by `SearchForm`, for the page, the API, the
feeds and the exports."""

import re
from datetime import UTC, date, datetime
from urllib.parse import quote

from django.http import QueryDict

from libya_archive.archive.search import SearchForm
from libya_archive.archive.search.query import searched_query
from tests.factories import make_actor, make_article


def form(query: str) -> SearchForm:
    return SearchForm(QueryDict(query))


def test_a_repeated_filter_counts_each_value_once(db):
    assert form("source=a&source=b&source=a").filters().sources == ("a", "b")


def test_a_filter_repeated_past_the_limit_is_an_error_and_the_page_uses_its_first_values(db, settings):
    settings.SEARCH_MAX_REPEATS = 3
    many = form("&".join(f"source=a{n}" for n in range(300)))
    assert "source" in many.errors
    assert many.filters().sources == ("a0", "a1", "a2")


def test_repeats_past_the_limit_are_an_error_even_of_one_value(settings):
    settings.SEARCH_MAX_REPEATS = 3
    assert "actor" in form("actor=a&actor=a&actor=a&actor=a").errors
    assert "actor" not in form("actor=a&actor=a&actor=a").errors


def test_a_malformed_value_is_an_error_and_is_ignored_by_the_page():
    bad = form("q=سرت&from=2016-13-40&kind=dragon&sort=sideways&page=0")
    assert set(bad.errors) == {"from", "kind", "sort", "page"}
    options = bad.options()
    assert options["filters"].date_from is None and options["filters"].actor_kinds == ()
    assert options["sort"] == "relevance" and bad.query == "سرت"


def test_a_slug_is_read_as_its_record_is_now_and_one_that_names_nothing_is_left_out(db):
    make_actor("خليفة حفتر", "حفتر", slug="khalifa-haftar")
    army = make_actor("الجيش الوطني الليبي", slug="lna")
    army.former_slugs = ["libyan-national-army"]
    army.save()
    asked = form("actor=khalifa-haftar&actor=libyan-national-army&actor=nobody&kind=dragon")
    assert asked.filters().actors == ("khalifa-haftar", "lna", "nobody")  # which matches nothing
    assert asked.filters(without_unknown=True).actors == ("khalifa-haftar", "lna")
    assert asked.renamed_filters
    assert asked.unknown_filters == [("kind", "dragon"), ("actor", "nobody")]
    assert not form("actor=khalifa-haftar").renamed_filters


def test_a_source_may_be_given_by_the_name_the_pages_show(client, db):
    assert form("source=صحيفة عكاظ&source=okaz&source=الوسط").filters().sources == ("okaz", "الوسط")
    response = client.get("/search", {"q": "سرت", "source": "صحيفة عكاظ"})
    assert (response.status_code, response["Location"]) == (302, "/search?q=%D8%B3%D8%B1%D8%AA&source=okaz")


def test_a_filter_that_names_nothing_matches_nothing_where_no_page_can_say_so(client, db):
    make_actor("خليفة حفتر", "حفتر", slug="khalifa-haftar")
    make_article("قال حفتر إن قواته تتقدم.", title="حفتر يتقدم")
    feed = client.get("/feeds/search/", {"q": "حفتر", "actor": "nobody"})
    assert feed.status_code == 200 and "حفتر يتقدم" not in feed.content.decode()
    assert "حفتر يتقدم" in client.get("/feeds/search/", {"q": "حفتر"}).content.decode()


def test_an_offset_postgresql_cannot_store_is_read_in_utc():
    added = form("added_since=2026-01-01T00:00:00%2B23:00").filters().added_since
    assert added == datetime(2025, 12, 31, 1, 0, tzinfo=UTC)


def test_the_search_page_survives_three_hundred_repeated_filters_and_an_odd_offset(client, db):
    make_actor("خليفة حفتر", "حفتر", slug="khalifa-haftar")
    make_article("قال حفتر إن قواته تتقدم.", published_on=date(2016, 5, 1))
    repeated = "&".join("actor=khalifa-haftar" for _ in range(300))
    assert client.get(f"/search?q=حفتر&{repeated}").status_code == 200
    odd = client.get("/search", {"q": "حفتر", "added_since": "2026-01-01T00:00:00+23:00"})
    assert odd.status_code == 200
    api = client.get(f"/api/search?q=حفتر&{'&'.join(f'actor=a{n}' for n in range(300))}")
    assert api.status_code == 400 and api.json()["error"].startswith("actor: at most")
    assert client.get("/api/search", {"q": "حفتر", "added_since": "2026-01-01T00:00:00+23:00"}).status_code == 200


def test_the_search_page_goes_without_a_filter_that_names_nothing_and_says_so(client, db):
    make_actor("خليفة حفتر", "حفتر", slug="khalifa-haftar")
    make_article("قال حفتر إن قواته تتقدم.", title="حفتر يتقدم")
    html = client.get("/search", {"q": "حفتر", "actor": ["khalifa-haftar", "nope"], "kind": "dragon"}).content.decode()
    assert re.findall(r'<p class="notice unknown-filter">(.*?)</p>', html) == [
        "بُحث دون نوع الفاعل «<bdi>dragon</bdi>»: ليس من أنواع الفاعلين.",
        "بُحث دون الفاعل «<bdi>nope</bdi>»: لا فاعل في الأرشيف بهذا المعرّف.",
    ]
    assert re.findall(r'class="title" href="[^"]+">(.*?)</a>', html) == ["حفتر يتقدم"]
    assert "actor=nope" not in html and "kind=dragon" not in html  # the page's links leave them out
    api = client.get("/api/search", {"q": "حفتر", "actor": "nope"})
    assert (api.status_code, api.json()["error"]) == (400, "actor: no actor with the slug 'nope'")


def test_the_search_page_goes_without_a_source_no_article_is_from_and_says_so(client, db):
    make_article("قال حفتر إن قواته تتقدم.", title="حفتر يتقدم", source="okaz")
    html = client.get("/search", {"q": "حفتر", "source": ["okaz", "nope"]}).content.decode()
    assert re.findall(r'<p class="notice unknown-filter">(.*?)</p>', html) == ["بُحث دون المصدر «<bdi>nope</bdi>»: لا مقالة في الأرشيف من هذا المصدر."]
    assert re.findall(r'class="title" href="[^"]+">(.*?)</a>', html) == ["حفتر يتقدم"]
    assert "source=nope" not in html
    api = client.get("/api/search", {"q": "حفتر", "source": "nope"})
    assert (api.status_code, api.json()["error"]) == (400, "source: no article is from the source 'nope'")
    exported = client.get("/search/export.csv", {"q": "حفتر", "source": "nope"})
    assert (exported.status_code, exported.content.decode()) == (400, "source: no article is from the source 'nope'\n")


def test_a_query_pasted_from_a_pages_source_is_read_as_the_page_shows_it_however_often_escaped():
    for pasted in ("&quot;داعش&quot;", "&amp;quot;داعش&amp;quot;", "&amp;amp;amp;quot;داعش&amp;amp;amp;quot;", '<b>"داعش"</b>'):
        assert form(f"q={quote(pasted)}").query == '"داعش"', pasted
        assert searched_query(form(f"q={quote(pasted)}").query) == '"داعش"', pasted  # searched again, the same
