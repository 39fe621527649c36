"""When the matches of a query of several words all fit on its first page, the articles
holding every word but one follow them, each saying which word it lacks."""

from datetime import date

from libya_archive.archive.search import search_articles
from tests.factories import make_article


def titles(hits) -> list[str]:
    return [hit.article.title for hit in hits]


def test_articles_lacking_one_word_follow_the_matches_best_first_each_saying_which(db):
    make_article("قصفت قوات النظام عدة مدن في الشمال.", title="قوات النظام تقصف عدة مدن")
    make_article("وعدة الحكومة للمزارعين لم تتحقق بعد.", title="وعود الحكومة")
    make_article("قال الوزير إن الطائرات تقصف مواقع التنظيم، ووعدة أخرى للسكان.", title="الطائرات تقصف مواقع التنظيم")
    results = search_articles("تقصف وعدة", page_size=10)
    assert results.count == 1
    assert titles(results.hits) == ["الطائرات تقصف مواقع التنظيم"]
    # The article whose title holds تقصف comes before the one holding only وعدة's form.
    assert titles(results.some_words) == ["قوات النظام تقصف عدة مدن", "وعود الحكومة"]
    assert [hit.missing for hit in results.some_words] == [("وعدة",), ("تقصف",)]


def test_a_query_that_matches_nothing_shows_what_holds_some_of_it(db):
    make_article("أعلنت الشركة عن سلسلة متاجر جديدة.", title="سلسلة متاجر جديدة")
    results = search_articles("سلسلة إفلاس", page_size=10)
    assert results.count == 0
    assert titles(results.some_words) == ["سلسلة متاجر جديدة"]
    assert results.some_words[0].missing == ("إفلاس",)


def test_only_the_room_left_on_the_page_is_filled_and_the_best_first(db):
    for day in range(1, 5):
        make_article(f"خبر رقم {day} عن الزراعة في الواحات.", title=f"الزراعة {day}", published_on=date(2015, 7, day))
    make_article("الزراعة والري في الواحات والمياه الجوفية.", title="الزراعة والري")
    results = search_articles("الزراعة الري", page_size=3)
    assert titles(results.hits) == ["الزراعة والري"]
    # Two places left, for the newest of the equally good articles holding الزراعة alone.
    assert titles(results.some_words) == ["الزراعة 4", "الزراعة 3"]


def test_matches_filling_the_page_leave_no_room(db):
    for number in range(3):
        make_article(f"الزراعة والري في الواحات، تقرير {number}.", title=f"الزراعة والري {number}")
    make_article("الزراعة في الواحات.", title="الزراعة وحدها")
    assert search_articles("الزراعة الري", page_size=3).some_words == []
    assert search_articles("الزراعة الري", page_size=2, page=2).some_words == []


def test_one_word_exact_spelling_and_date_order_show_only_matches(db):
    make_article("الزراعة والري في الواحات.", title="الزراعة والري")
    make_article("الزراعة في الواحات.", title="الزراعة وحدها")
    assert titles(search_articles("الزراعة والري").some_words) == ["الزراعة وحدها"]
    assert search_articles("الري").some_words == []
    assert search_articles("الزراعة والري", exact=True).some_words == []
    assert search_articles("الزراعة الري", sort="date").some_words == []


def test_negated_words_and_filters_still_apply(db):
    make_article("الزراعة في الواحات الجنوبية.", title="الزراعة في الواحات")
    make_article("الزراعة في الساحل.", title="الزراعة في الساحل")
    results = search_articles("الزراعة الري -الساحل", page_size=10)
    assert titles(results.some_words) == ["الزراعة في الواحات"]


def test_out_of_time_the_page_keeps_its_matches_without_the_rest(db, monkeypatch, settings):
    from libya_archive.archive.search import execution

    make_article("الزراعة والري في الواحات.", title="الزراعة والري")
    make_article("الزراعة في الواحات.", title="الزراعة وحدها")
    real_matching = execution.matching_articles

    def slow_without_a_part(parsed, **kwargs):
        matches = real_matching(parsed, **kwargs)
        return matches if len(parsed.clauses) == 2 else matches.extra(where=["pg_sleep(0.4) IS NOT NULL"])

    monkeypatch.setattr(execution, "matching_articles", slow_without_a_part)
    settings.SEARCH_TIMEOUT_MS = 300
    results = search_articles("الزراعة الري")
    assert not results.timed_out
    assert titles(results.hits) == ["الزراعة والري"] and results.some_words == []
    monkeypatch.setattr(execution, "matching_articles", real_matching)
    assert titles(search_articles("الزراعة الري").some_words) == ["الزراعة وحدها"]  # the connection is usable again
