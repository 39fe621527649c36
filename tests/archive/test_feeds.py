import re
import xml.etree.ElementTree as ET
from datetime import date

import pytest
from django.http import QueryDict
from django.utils.http import urlencode

from libya_archive.archive import feeds
from libya_archive.archive.feeds import FEED_LENGTH
from libya_archive.archive.models import Article
from libya_archive.archive.search import search_articles, search_options
from libya_archive.archive.search.query import parse_query
from tests.factories import make_article

ATOM = "{http://www.w3.org/2005/Atom}"


def read_feed(client, url: str, params: dict | None = None, follow: bool = False) -> ET.Element:
    response = client.get(url, params or {}, follow=follow)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/atom+xml")
    return ET.fromstring(response.content)


def entry_links(feed: ET.Element) -> list[str]:
    return [entry.find(f"{ATOM}link").get("href") for entry in feed.iter(f"{ATOM}entry")]


def test_the_articles_feed_lists_the_newest_imports_first_with_their_permalinks(client, seed_archive):
    feed = read_feed(client, "/feeds/articles/")
    newest_first = Article.objects.order_by("-id")
    assert entry_links(feed) == [f"http://testserver{a.get_absolute_url()}" for a in newest_first]
    first = next(feed.iter(f"{ATOM}entry"))
    assert first.find(f"{ATOM}title").text == newest_first[0].title
    assert first.find(f"{ATOM}id").text == f"http://testserver/articles/{newest_first[0].pk}/"
    assert feed.get("{http://www.w3.org/XML/1998/namespace}lang") == "ar"


def test_an_old_article_imported_today_heads_the_feed_with_its_own_date(client, db):
    make_article("خبر من 2016 عن سرت", title="خبر 2016", published_on=date(2016, 5, 10))
    make_article("خبر من 2011 عن بنغازي", title="خبر 2011", published_on=date(2011, 2, 17), source="الوسط")
    feed = read_feed(client, "/feeds/articles/")
    first = next(feed.iter(f"{ATOM}entry"))
    assert first.find(f"{ATOM}title").text == "خبر 2011"
    assert first.find(f"{ATOM}published").text.startswith("2011-02-17T00:00:00")
    assert first.find(f"{ATOM}author/{ATOM}name").text == "الوسط"


def test_the_feed_holds_at_most_the_latest_fifty(client, db):
    for number in range(FEED_LENGTH + 3):
        make_article(f"مقالة رقم {number}", title=f"مقالة {number}")
    assert len(entry_links(read_feed(client, "/feeds/articles/"))) == FEED_LENGTH


def test_a_search_feed_lists_exactly_the_matching_articles_newest_import_first(client, seed_archive):
    feed = read_feed(client, "/feeds/search/", {"q": "Haftar"})
    expected = Article.objects.filter(actormentions__actor__slug="khalifa-haftar").distinct().order_by("-id")
    assert entry_links(feed) == [f"http://testserver{a.get_absolute_url()}" for a in expected]
    assert feed.find(f"{ATOM}title").text == "أرشيف أخبار ليبيا: بحث «Haftar»"
    assert feed.find(f"{ATOM}link[@rel='alternate']").get("href") == "http://testserver/search?q=Haftar"


@pytest.mark.parametrize("params", [{}, {"q": "  "}, {"q": "", "place": "tripoli"}, {"q": "في"}])
def test_a_search_feed_of_no_words_is_the_feed_of_every_new_article(client, db, params):
    response = client.get("/feeds/search/", params)
    assert response.status_code == 302 and response["Location"] == "/feeds/articles/"


def test_a_search_feed_marks_the_matching_words_in_each_summary(client, seed_archive):
    """As the search page marks them: a mention of the entity the query names is marked whole."""
    feed = read_feed(client, "/feeds/search/", {"q": "حفتر"})
    for entry in feed.iter(f"{ATOM}entry"):
        assert entry.find(f"{ATOM}summary").get("type") == "html"
        assert re.search(r"<mark>[^<]*حفتر</mark>", entry.find(f"{ATOM}summary").text)


def test_a_search_feed_honours_words_only(client, seed_archive):
    assert len(entry_links(read_feed(client, "/feeds/search/", {"q": "Haftar"}))) == 4
    assert entry_links(read_feed(client, "/feeds/search/", {"q": "Haftar", "entities": "0"})) == []


@pytest.mark.parametrize(
    "params", [{"place": "sirte"}, {"actor": "khalifa-haftar", "kind": "armed_group"}, {"exact": "1"}, {"to": "2000-01-01"}]
)
def test_a_search_feed_holds_what_the_search_page_finds_with_its_filters_and_options(client, seed_archive, params):
    params = {"q": "حفتر أو داعش", **params}
    page = search_articles(params["q"], page_size=100, **search_options(QueryDict(urlencode(params))))
    found = {hit.article.pk for hit in page.hits}
    feed = read_feed(client, "/feeds/search/", {**params, "page": "2", "after": "x"})
    assert entry_links(feed) == [f"http://testserver/articles/{pk}/" for pk in sorted(found, reverse=True)]
    assert feed.find(f"{ATOM}link[@rel='alternate']").get("href") == f"http://testserver/search?{urlencode(params)}"


def test_an_exact_search_feed_marks_the_spelling_typed(client, db):
    make_article("قال حفتر كلمته.", title="حرفي")
    make_article("وقال لحفتر قائل.", title="بسابقة")
    [entry] = read_feed(client, "/feeds/search/", {"q": "حفتر", "exact": "1"}).iter(f"{ATOM}entry")
    assert entry.find(f"{ATOM}title").text == "حرفي"
    assert "<mark>حفتر</mark>" in entry.find(f"{ATOM}summary").text


def test_feed_text_is_escaped_as_html_inside_xml(client, db):
    make_article('<script>alert(1)</script> "><img src=x onerror=alert(2)> سرت', title="<b>عنوان</b>")
    feed = read_feed(client, "/feeds/search/", {"q": "سرت"})
    entry = next(feed.iter(f"{ATOM}entry"))
    assert entry.find(f"{ATOM}title").text == "<b>عنوان</b>"  # a text construct: shown as written
    summary = entry.find(f"{ATOM}summary").text  # HTML: the reader must see the tags as text
    assert "<script>" not in summary and "<img" not in summary
    as_read = re.sub(r'<bdi dir="ltr">|</bdi>', "", summary)  # Latin words isolated, as on the page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in as_read and "<mark>سرت</mark>" in summary


@pytest.mark.parametrize("query", ["", "   ", "\x00", "\x01\x0b", '"', "في", "<script>", "x" * 5000])
def test_any_query_gives_a_valid_feed(client, seed_archive, query):
    read_feed(client, "/feeds/search/", {"q": query}, follow=True)


def test_control_characters_in_imported_text_do_not_break_the_feed(client, db):
    make_article("نص فيه محرف تحكم \x0b عن سرت", title="عنوان\x08 غريب")
    feed = read_feed(client, "/feeds/articles/")
    assert next(feed.iter(f"{ATOM}entry")).find(f"{ATOM}title").text == "عنوان غريب"


def test_home_and_search_pages_announce_their_feeds(client, seed_archive):
    home = client.get("/").content.decode()
    title = "أرشيف أخبار ليبيا: أحدث المقالات"
    assert f'<link rel="alternate" type="application/atom+xml" title="{title}" href="/feeds/articles/">' in home
    search = client.get("/search", {"q": "حفتر مصراتة", "page": 2}, follow=True).content.decode()  # page 2 of one: the first
    head = search.split("</head>")[0]
    links = re.findall(r'<link rel="alternate" type="application/atom\+xml"[^>]*href="([^"]+)"', head)
    assert links == ["/feeds/search/?q=%D8%AD%D9%81%D8%AA%D8%B1+%D9%85%D8%B5%D8%B1%D8%A7%D8%AA%D8%A9"]
    assert f'href="{links[0]}" type="application/atom+xml">تابع هذا البحث' in search


def test_a_search_with_nothing_to_search_announces_no_feed(client, seed_archive):
    assert "application/atom+xml" not in client.get("/search", {"q": ""}).content.decode()


def test_a_search_feed_links_its_search_and_nothing_else_of_its_url(client, seed_archive):
    feed = read_feed(client, "/feeds/search/", {"q": "Haftar", "exact": "1", "junk": "x" * 300})
    assert feed.find(f"{ATOM}link[@rel='alternate']").get("href") == "http://testserver/search?q=Haftar&exact=1"
    assert feed.find(f"{ATOM}link[@rel='self']").get("href") == "http://testserver/feeds/search/?q=Haftar&exact=1"


def test_a_search_feed_stops_at_the_search_pages_deadline(client, db, monkeypatch, settings):
    make_article("سرت في الصيف.")
    settings.SEARCH_TIMEOUT_MS = 100  # the request's own deadline stays 5 s
    slow = Article.objects.extra(where=["pg_sleep(0.5) IS NOT NULL"])
    monkeypatch.setattr(feeds, "search_matches", lambda query, **options: (parse_query(query), slow))
    response = client.get("/feeds/search/", {"q": "سرت"})
    assert response.status_code == 503 and response["Retry-After"]
