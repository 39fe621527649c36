"""The search page's timeline: when the matches were published, a bar a month (a year over
a long span, a day within one month), each a link to the search narrowed to its period."""

import re
from datetime import date
from html import unescape

from tests.factories import make_article
from tests.near_duplicate_texts import OTHER_STORY, STORY, STORY_RETOLD

DAESH = "q=%D8%AF%D8%A7%D8%B9%D8%B4"


def bars(html: str) -> list[tuple[str, str, str]]:
    """(period, what it says, link or "") of each bar, in the page's order."""
    listed = re.search(r'<ol class="timeline-bars">(.*?)</ol>', html, re.S)[1]
    found = re.findall(
        r'<li>(?:<a href="([^"]*)"[^>]*>)?.*?<span class="visually-hidden"><bdi>([^<]*)</bdi>: (.*?)</span>', listed
    )
    return [(period, said, unescape(link)) for link, period, said in found]


def test_the_matches_are_counted_a_month_each_from_the_first_to_the_last_each_a_link_to_its_month(client, db):
    make_article("داعش في سرت.", published_on=date(2016, 5, 10))
    make_article("داعش في درنة.", published_on=date(2016, 5, 28))
    make_article("داعش في صبراتة.", published_on=date(2016, 8, 2))
    make_article("داعش بلا تاريخ.")
    html = client.get("/search", {"q": "داعش"}).content.decode()
    assert "متى نُشرت المقالات المطابقة" in html
    assert "عدد المقالات المؤرّخة في كل شهر، كما تعدّها قوائم التضييق (كل نسخة من الخبر مقالة). كل عمود يفتح نتائج مدته." in html
    assert bars(html) == [
        ("2016-05", "مقالتان", f"?{DAESH}&from=2016-05-01&to=2016-05-31"),
        ("2016-06", "لا مقالات", ""),
        ("2016-07", "لا مقالات", ""),
        ("2016-08", "مقالة واحدة", f"?{DAESH}&from=2016-08-01&to=2016-08-31"),
    ]
    narrowed = client.get("/search" + bars(html)[0][2]).content.decode()
    # One month: a bar a day, from the first day a match was published to the last.
    assert "نتيجتان لـ" in narrowed and "عدد المقالات المؤرّخة في كل يوم" in narrowed
    days = bars(narrowed)
    assert (len(days), days[0], days[-1]) == (
        19,
        ("2016-05-10", "مقالة واحدة", f"?{DAESH}&from=2016-05-10&to=2016-05-10"),
        ("2016-05-28", "مقالة واحدة", f"?{DAESH}&from=2016-05-28&to=2016-05-28"),
    )
    one_day = client.get("/search" + days[0][2]).content.decode()
    assert "نتيجة واحدة لـ" in one_day and "timeline" not in one_day  # one day: no chart of one bar


def test_over_more_than_three_years_the_matches_are_counted_a_year_each(client, db):
    make_article("داعش في سرت.", published_on=date(2014, 2, 1))
    for day in (1, 2, 3):
        make_article(f"داعش في درنة {day}.", published_on=date(2017, 3, day))
    html = client.get("/search", {"q": "داعش", "to": "2020-01-01"}).content.decode()
    assert "عدد المقالات المؤرّخة في كل سنة" in html
    # A bar's period replaces the dates asked for.
    assert bars(html) == [
        ("2014", "مقالة واحدة", f"?{DAESH}&from=2014-01-01&to=2014-12-31"),
        ("2015", "لا مقالات", ""),
        ("2016", "لا مقالات", ""),
        ("2017", "<bdi>3</bdi> مقالات", f"?{DAESH}&from=2017-01-01&to=2017-12-31"),
    ]
    heights = re.findall(r'<rect x="1" y="(\d+)" width="8" height="(\d+)"/>', html)
    assert heights == [("67", "33"), ("0", "100")]


def test_the_timeline_says_when_it_counts_only_the_newest_matches_as_the_facets_do(client, db, settings):
    settings.SEARCH_FACET_LIMIT = 2
    for month in (1, 2, 3):
        make_article(f"داعش في سرت {month}.", published_on=date(2016, month, 1))
    html = client.get("/search", {"q": "داعش"}).content.decode()
    assert "عدد المقالات المؤرّخة في كل شهر من أحدث مقالتين، كما تعدّها قوائم التضييق" in html
    assert [period for period, _, _ in bars(html)] == ["2016-02", "2016-03"]


def test_a_bar_counts_each_paper_s_copy_of_a_story_which_its_period_shows_as_one_result(client, db):
    make_article(STORY, title="افتتاح مستشفى في سرت", source="الوسط", published_on=date(2016, 5, 10))
    make_article(STORY_RETOLD, title="افتتاح مستشفى في سرت", source="بوابة الوسط", published_on=date(2016, 5, 11))
    make_article(OTHER_STORY + " وافتتح مستشفى آخر.", title="مستشفى", published_on=date(2016, 6, 2))
    html = client.get("/search", {"q": "مستشفى"}).content.decode()
    assert bars(html)[0][:2] == ("2016-05", "مقالتان")
    narrowed = client.get("/search" + bars(html)[0][2]).content.decode()
    assert "نتيجة واحدة لـ" in narrowed and "أيضًا في" in narrowed


def test_no_timeline_when_no_match_is_dated(client, db):
    make_article("داعش بلا تاريخ.")
    html = client.get("/search", {"q": "داعش"}).content.decode()
    assert "نتيجة واحدة لـ" in html and "timeline" not in html


def test_no_timeline_when_every_match_falls_on_one_day(client, db):
    make_article("داعش في سرت.", published_on=date(2015, 7, 2))
    make_article("داعش في درنة.", published_on=date(2015, 7, 2))
    html = client.get("/search", {"q": "داعش"}).content.decode()
    assert "نتيجتان لـ" in html and "timeline" not in html
