"""Search shows a group of near-duplicates once, with the other versions one click away."""

import re
from datetime import date

import pytest

from libya_archive.archive.search import search_articles
from tests.factories import make_article
from tests.near_duplicate_texts import OTHER_STORY, STORY, STORY_RETOLD


@pytest.fixture
def three_papers(db):
    """One story in three papers under one headline, and another story naming the hospital."""
    return {
        "wasat": make_article(STORY, title="افتتاح مستشفى في سرت", source="الوسط", published_on=date(2016, 5, 10)),
        "bawaba": make_article(STORY_RETOLD, title="افتتاح مستشفى في سرت", source="بوابة الوسط", published_on=date(2016, 5, 11)),
        "libya": make_article(STORY + "\n", title="افتتاح مستشفى في سرت", source="ليبيا الأحرار", published_on=date(2016, 5, 12)),
        "other": make_article(OTHER_STORY + " وتأخر افتتاح المستشفى بسبب نقص الميزانية.", title="النفط يتراجع", source="الوسط"),
    }


def test_a_story_in_three_papers_is_one_result_naming_the_other_two(three_papers):
    results = search_articles("مستشفى سرت")
    assert [hit.article.title for hit in results.hits] == ["افتتاح مستشفى في سرت"]
    (hit,) = results.hits
    shown = hit.article.pk
    others = {three_papers[paper].pk for paper in ("wasat", "bawaba", "libya")} - {shown}
    assert [other.pk for other in hit.also_in] == sorted(others, key=lambda pk: -pk)  # newest first
    assert (results.count, results.results_count) == (3, 1)


def test_a_query_the_other_story_also_answers_shows_both_stories_once_each(three_papers):
    results = search_articles("افتتاح المستشفى")
    assert sorted(hit.article.title for hit in results.hits) == ["افتتاح مستشفى في سرت", "النفط يتراجع"]
    assert (results.count, results.results_count, results.num_pages) == (4, 2, 1)


def test_an_article_searched_for_by_its_own_headline_comes_back_itself(db):
    # Two papers print one story under headlines worded differently: each one's words find it.
    first = make_article(STORY, title="وزارة الصحة تفتتح مستشفى سرت", source="الوسط")
    second = make_article(STORY_RETOLD, title="مستشفى سرت يستقبل أول المرضى بمئة وخمسين سريرا", source="بوابة الوسط")
    assert search_articles("تفتتح مستشفى").hits[0].article == first
    assert search_articles("يستقبل أول المرضى").hits[0].article == second
    both = search_articles("مستشفى سرت")
    assert {hit.article.pk for hit in both.hits} == {first.pk, second.pk}, "each headline holds the words: both are shown"


def test_a_copy_shown_for_its_own_headline_is_not_also_listed_under_its_group_and_lists_none(db):
    # Three papers, one story: two headlines hold the query, each in its own words.
    first = make_article(STORY, title="وزارة الصحة تفتتح مستشفى سرت", source="الوسط", published_on=date(2016, 5, 10))
    second = make_article(STORY_RETOLD, title="مستشفى سرت يستقبل أول المرضى بمئة وخمسين سريرا", source="بوابة الوسط")
    third = make_article(STORY + "\n", title="افتتاح في الجنوب", source="ليبيا الأحرار", published_on=date(2016, 5, 12))
    hits = search_articles("مستشفى سرت").hits
    assert {hit.article.pk for hit in hits} == {first.pk, second.pk}
    best, other = hits
    assert [article.pk for article in best.also_in] == [third.pk], "the other shown copy is not listed under the best"
    assert other.also_in == [], "the group's others are listed once, under its best"
    listed = [hit.article.pk for hit in hits] + [article.pk for hit in hits for article in hit.also_in]
    assert sorted(listed) == sorted([first.pk, second.pk, third.pk])


def test_the_search_page_says_how_many_articles_the_results_hold_and_links_the_other_versions(client, three_papers):
    page = client.get("/search", {"q": "مستشفى سرت"}).content.decode()
    assert "نتيجة واحدة" in page
    assert "تطابقها <bdi>3</bdi> مقالات" in page
    shown = search_articles("مستشفى سرت").hits[0]
    for other in shown.also_in:
        assert f'href="/articles/{other.pk}/"' in page
    assert "أيضًا في:" in page


def test_a_page_crawled_twice_is_said_to_be_another_copy_of_the_same_day_not_the_same_paper_and_day_again(client, db):
    day = date(2016, 5, 10)
    first = make_article(STORY, title="افتتاح مستشفى في سرت", source="الوسط", published_on=day, url="https://alwasat.ly/1")
    make_article(STORY + "\n", title="افتتاح مستشفى في سرت", source="الوسط", published_on=day, url="https://alwasat.ly/1?p=2")
    make_article(STORY_RETOLD, title="افتتاح مستشفى في سرت", source="بوابة الوسط", published_on=date(2016, 5, 11))
    page = client.get("/search", {"q": "مستشفى سرت"}).content.decode()
    also_in = re.search(r'<p class="also-in meta">(.*?)</p>', page).group(1)
    assert "نسخة أخرى من اليوم نفسه" in also_in and '<bdi class="date">2016-05-11</bdi>' in also_in
    article_page = client.get(first.get_absolute_url()).content.decode()
    assert "نسخة أخرى من اليوم نفسه" in article_page
    # Each version with its headline: two of one paper and day read alike but for it.
    versions = re.search(r'<ul class="versions">(.*?)</ul>', article_page).group(1)
    assert versions.count('<span class="version-title" dir="auto">افتتاح مستشفى في سرت</span>') == 2


def test_copies_without_a_day_are_said_to_be_undated_not_of_the_same_day(client, db):
    first = make_article(STORY, title="افتتاح مستشفى في سرت", source="الوسط")
    make_article(STORY + "\n", title="افتتاح مستشفى في سرت", source="الوسط")
    page = client.get(first.get_absolute_url()).content.decode()
    assert "نسخة أخرى من اليوم نفسه" not in page and "غير مؤرّخة" in page
    assert "الخبر نفسه في نسخ أخرى" in page and "في مصادر أخرى" not in page  # the same paper's copy


def test_the_article_page_lists_the_same_story_in_the_other_papers(client, three_papers):
    page = client.get(f"/articles/{three_papers['wasat'].pk}/").content.decode()
    assert "الخبر نفسه في مصادر أخرى" in page
    assert f'href="/articles/{three_papers["bawaba"].pk}/"' in page and "<bdi>بوابة الوسط</bdi>" in page
    assert f'href="/articles/{three_papers["libya"].pk}/"' in page
    alone = client.get(f"/articles/{three_papers['other'].pk}/").content.decode()
    assert "الخبر نفسه في مصادر أخرى" not in alone


def test_the_api_keeps_its_contract_and_adds_the_other_versions(client, three_papers):
    data = client.get("/api/search", {"q": "مستشفى سرت"}).json()
    assert (data["count"], data["results_count"]) == (3, 1)
    (result,) = data["results"]
    assert {"id", "url", "title", "source_name", "rank", "snippet", "also_in"} <= result.keys()
    assert [other["source"] for other in result["also_in"]] == [
        article.source for article in sorted(three_papers.values(), key=lambda a: a.published_on or date.min, reverse=True)
        if article.title == "افتتاح مستشفى في سرت" and article.pk != result["id"]
    ]
    assert result["also_in"][0]["url"].endswith(f"/articles/{result['also_in'][0]['id']}/")
    assert set(result["also_in"][0]) == {"id", "url", "source", "source_label", "source_name", "published_on"}


def test_in_date_order_each_copy_is_a_result_and_the_page_says_so(client, three_papers):
    by_date = client.get("/search", {"q": "مستشفى سرت", "sort": "date"}).content.decode()
    assert "<bdi>3</bdi> نتائج" in by_date
    assert "في ترتيب الأحدث أولًا تُعرض كل نسخة من الخبر نتيجةً مستقلة" in by_date
    by_relevance = client.get("/search", {"q": "مستشفى سرت"}).content.decode()
    assert "في ترتيب الأحدث أولًا تُعرض" not in by_relevance and "تطابقها <bdi>3</bdi> مقالات" in by_relevance
