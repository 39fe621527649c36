"""The best titles for a query, found by walking the shortest titles first where many hold
it and by scoring every title holding it where few do: the same titles either way."""

import random
from datetime import date, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from libya_archive.archive.search import search_articles, search_matches, titles
from libya_archive.archive.search.ranking import _WEIGHTS, _article_count, _scoring
from libya_archive.archive.services import vocabulary_refresh
from tests.factories import make_article

FILLER = "وتناولت المقالة تفاصيل أخرى عن الاقتصاد والتعليم والصحة في المنطقة خلال الأسابيع الماضية. "


def first_page(query: str) -> tuple[list[tuple[str, int]], bool, bool]:
    """A page of 3 for `query`: its titles and days, whether it is proven the top of all
    matches, and whether the search walked the titles shortest first."""
    with CaptureQueriesContext(connection) as statements:
        results = search_articles(query, page_size=3)
    walked = any("ts_match_vq" in statement["sql"] for statement in statements)
    return [(hit.article.title, hit.article.published_on.day) for hit in results.hits], not results.ranked_newest_only, walked


@pytest.mark.parametrize("walked", [True, False], ids=["titles walked shortest first", "every title holding it scored"])
def test_a_name_alone_finds_its_shortest_titles_however_old(gazetteer, settings, monkeypatch, walked):
    """A name in very many titles has its best titles found by walking the titles shortest
    first, one in fewer by scoring every title that holds it: either way the titles that are
    the name alone come first, however old, and the page says it is the top of all matches."""
    monkeypatch.setattr(titles, "WALK_ENTRIES_PER_TITLE", 10**12 if walked else 0)
    settings.SEARCH_COUNT_LIMIT = 30
    settings.SEARCH_RANK_LIMIT = 5
    first = date(2015, 1, 1)
    for n in range(3):
        make_article(f"تقرير رقم {n} عن ليبيا. " + FILLER, title="ليبيا", published_on=first + timedelta(days=n))
    long_title = "أخبار متفرقة من ليبيا والمنطقة عن الاقتصاد والتعليم والصحة"
    for n in range(3, 30):
        make_article(f"خبر رقم {n} عن ليبيا. " + FILLER, title=long_title, published_on=first + timedelta(days=n))
    vocabulary_refresh()
    assert first_page("ليبيا") == ([("ليبيا", 3), ("ليبيا", 2), ("ليبيا", 1)], True, walked)


@pytest.mark.parametrize("walked", [True, False], ids=["titles walked shortest first", "every title holding it scored"])
def test_a_word_in_very_many_titles_finds_its_short_titles_holding_it_as_typed_however_old(db, settings, monkeypatch, walked):
    """The short titles holding a word as typed come first, however old, whether the titles
    holding it in each way were walked or all scored."""
    monkeypatch.setattr(titles, "WALK_ENTRIES_PER_TITLE", 10**12 if walked else 0)
    settings.SEARCH_COUNT_LIMIT = 40
    settings.SEARCH_RANK_LIMIT = 3
    first = date(2015, 1, 1)
    for n in range(3):
        make_article(f"تقرير رقم {n} عن الميناء. " + FILLER, title="الميناء الجديد", published_on=first + timedelta(days=n))
    for n in range(3, 40):
        title = "أخبار متفرقة عن الموانئ والميناء في المنطقة والاقتصاد" if n % 2 else "الميناء في أخبار متفرقة من المنطقة والاقتصاد"
        make_article(f"خبر رقم {n} عن الميناء. " + FILLER, title=title, published_on=first + timedelta(days=n))
    vocabulary_refresh()
    assert first_page("الميناء") == ([("الميناء الجديد", 3), ("الميناء الجديد", 2), ("الميناء الجديد", 1)], True, walked)


WORDS = "ميناء جدة السفن الطاقة وزير المؤتمر الحكومة والحكومة للحكومة حكومة مشروع الاقتصاد الاقتصادي السياسي السياسة سرت ليبيا".split()


def test_the_best_titles_are_the_same_walked_read_or_both(db, monkeypatch):
    """However each way of holding a query is found (walked, read through an index, or the
    titles holding any part scored at once), the best titles and their scores are the same."""
    rng = random.Random(11)
    for n in range(120):
        title = " ".join(rng.sample(WORDS, rng.randint(1, 7)))
        make_article(f"{title} {n}. " + FILLER, title=title, published_on=date(2015, 1, 1) + timedelta(days=n % 40))
    vocabulary_refresh()
    queries = [*WORDS, "ميناء جدة", "للحكومة مشروع", "الحكومة أو ليبيا", "وزير الطاقة -سرت", "ميناء جدة السفن الطاقة وزير"]

    def best(query: str, walked) -> list[tuple[int, float]]:
        monkeypatch.setattr(titles._Plan, "walks", walked)
        parsed, _ = search_matches(query)
        scoring = _scoring(parsed)
        return titles.best_titles(*scoring, 12, _WEIGHTS, articles=_article_count(None), using="default", edition=None)

    for query in queries:
        read = best(query, lambda *_: False)  # every title holding a part scored at once
        assert read, query
        for walked in (lambda *_: True, lambda _, way, __: way.as_typed, lambda _, way, __: not way.as_typed):
            assert [(pk, round(score, 9)) for pk, score in best(query, walked)] == [(pk, round(score, 9)) for pk, score in read], query
