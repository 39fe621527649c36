"""When the matches of a query of several words all fit on its first page, the articles
holding every word but one follow them, each saying which word it lacks."""

from datetime import date

from django.core.management import call_command
from django.db import connection

from libya_archive.archive.search import execution, search_articles, some_words
from libya_archive.archive.search.filters import SearchFilters
from tests.factories import make_article
from tests.near_duplicate_texts import STORY, STORY_RETOLD


def titles(hits) -> list[str]:
    return [hit.article.title for hit in hits]


def test_articles_lacking_one_word_follow_the_matches_best_first_each_saying_which(db):
    make_article("قصفت قوات النظام عدة مدن في الشمال.", title="قوات النظام تقصف عدة مدن")
    make_article("وعدة الحكومة للمزارعين لم تتحقق بعد.", title="وعود الحكومة")
    make_article("قال الوزير إن الطائرات تقصف مواقع التنظيم، ووعدة أخرى للسكان.", title="الطائرات تقصف مواقع التنظيم")
    results = search_articles("تقصف وعدة", page_size=10, with_some_words=True)
    assert results.count == 1
    assert titles(results.hits) == ["الطائرات تقصف مواقع التنظيم"]
    # The article whose title holds تقصف comes before the one holding only وعدة's form.
    assert titles(results.some_words) == ["قوات النظام تقصف عدة مدن", "وعود الحكومة"]
    assert [hit.missing for hit in results.some_words] == [("وعدة",), ("تقصف",)]
    assert "<mark>وعدة</mark> الحكومة" in results.some_words[1].snippet


def test_a_query_that_matches_nothing_shows_what_holds_some_of_it(db):
    make_article("أعلنت الشركة عن سلسلة متاجر جديدة.", title="سلسلة متاجر جديدة")
    results = search_articles("سلسلة إفلاس", page_size=10, with_some_words=True)
    assert results.count == 0
    assert titles(results.some_words) == ["سلسلة متاجر جديدة"]
    assert results.some_words[0].missing == ("إفلاس",)


def test_only_the_room_left_on_the_page_is_filled_and_the_best_first(db):
    for day in range(1, 5):
        make_article(f"خبر رقم {day} عن الزراعة في الواحات.", title=f"الزراعة {day}", published_on=date(2015, 7, day))
    make_article("الزراعة والري في الواحات والمياه الجوفية.", title="الزراعة والري")
    results = search_articles("الزراعة الري", page_size=3, with_some_words=True)
    assert titles(results.hits) == ["الزراعة والري"]
    # Two places left, for the newest of the equally good articles holding الزراعة alone.
    assert titles(results.some_words) == ["الزراعة 4", "الزراعة 3"]


def test_matches_filling_the_page_leave_no_room(db):
    for number in range(3):
        make_article(f"الزراعة والري في الواحات، تقرير {number}.", title=f"الزراعة والري {number}")
    make_article("الزراعة في الواحات.", title="الزراعة وحدها")
    assert search_articles("الزراعة الري", page_size=3, with_some_words=True).some_words == []
    assert search_articles("الزراعة الري", page_size=2, page=2, with_some_words=True).some_words == []


def test_one_word_exact_spelling_and_date_order_show_only_matches(db):
    make_article("الزراعة والري في الواحات.", title="الزراعة والري")
    make_article("الزراعة في الواحات.", title="الزراعة وحدها")
    assert titles(search_articles("الزراعة والري", with_some_words=True).some_words) == ["الزراعة وحدها"]
    assert search_articles("الري", with_some_words=True).some_words == []
    assert search_articles("الزراعة والري", exact=True, with_some_words=True).some_words == []
    assert search_articles("الزراعة الري", sort="date", with_some_words=True).some_words == []


def test_negated_words_and_filters_still_apply(db):
    make_article("الزراعة في الواحات الجنوبية.", title="الزراعة في الواحات", source="الوسط")
    make_article("الزراعة في واحات أخرى.", title="الزراعة في واحات أخرى", source="الشرق")
    make_article("الزراعة في الساحل.", title="الزراعة في الساحل", source="الوسط")
    results = search_articles("الزراعة الري -الساحل", page_size=10, filters=SearchFilters(sources=("الوسط",)), with_some_words=True)
    assert titles(results.some_words) == ["الزراعة في الواحات"]


def test_out_of_time_the_page_keeps_its_matches_and_the_search_its_transaction(db, monkeypatch, settings):
    make_article("الزراعة والري في الواحات.", title="الزراعة والري")
    make_article("الزراعة في الواحات.", title="الزراعة وحدها")
    real_all_but_one, real_add = some_words.all_but_one, execution._add_some_words
    after_the_timeout = []

    def slow_all_but_one(*args):
        return real_all_but_one(*args).extra(where=["pg_sleep(0.4) IS NOT NULL"])

    def then_look_at_the_transaction(*args):
        real_add(*args)
        after_the_timeout.append((connection.in_atomic_block, connection.needs_rollback))

    monkeypatch.setattr(some_words, "all_but_one", slow_all_but_one)
    monkeypatch.setattr(execution, "_add_some_words", then_look_at_the_transaction)
    settings.SEARCH_TIMEOUT_MS = 300
    results = search_articles("الزراعة الري", with_some_words=True)
    assert not results.timed_out
    assert titles(results.hits) == ["الزراعة والري"] and results.some_words == []
    # Still in the search's transaction, which can go on: the rollback to the savepoint ran.
    assert after_the_timeout == [(True, False)]


def test_a_story_in_two_papers_each_lacking_another_word_is_shown_once(db):
    make_article(STORY, title="زلزال في الجنوب", published_on=date(2016, 5, 10))
    make_article(STORY_RETOLD, title="بركان في الجنوب", published_on=date(2016, 5, 11))
    results = search_articles("زلزال بركان", with_some_words=True)
    assert results.count == 0
    (hit,) = results.some_words
    assert len(hit.also_in) == 1


def test_only_the_page_and_the_api_ask_for_them(db):
    make_article("الزراعة في الواحات.", title="الزراعة وحدها")
    assert search_articles("الزراعة الري").some_words == []


def test_the_search_command_prints_them_after_the_matches_with_what_they_lack(db, capsys):
    make_article("الزراعة والري في الواحات.", title="الزراعة والري")
    make_article("الزراعة في الواحات.", title="الزراعة وحدها")
    call_command("search", "الزراعة الري")
    out = capsys.readouterr().out
    assert out.startswith("1 results")
    assert out.index("الزراعة والري") < out.index("holding all of the query but one part") < out.index("الزراعة وحدها")
    assert out.rstrip().endswith("missing: الري")


def test_an_article_lacking_words_joined_by_or_lacks_them_all(db):
    make_article("الزراعة والري في الواحات.", title="الزراعة والري")
    make_article("الزراعة في الواحات.", title="الزراعة وحدها")
    results = search_articles('الزراعة الري أو السقي -"ماء البحر"', with_some_words=True)
    assert [(hit.article.title, hit.missing) for hit in results.some_words] == [("الزراعة وحدها", ("الري", "السقي"))]
    # The search the page links to, without what it lacks.
    assert results.some_words[0].query_without == 'الزراعة -"ماء البحر"'
    assert titles(search_articles(results.some_words[0].query_without).hits) == ["الزراعة وحدها", "الزراعة والري"]


def test_a_query_of_a_quoted_phrase_or_of_more_than_six_parts_gets_none(db):
    make_article("الزراعة والري في الواحات.", title="الزراعة والري")
    make_article("الزراعة في الواحات الجنوبية والشمالية والشرقية والغربية.", title="الزراعة في الواحات")
    assert search_articles('"الزراعة في" الري', with_some_words=True).some_words == []
    six = "الزراعة الواحات الجنوبية والشمالية والشرقية الري"
    assert titles(search_articles(six, with_some_words=True).some_words) == ["الزراعة في الواحات"]
    assert search_articles(six + " والغربية", with_some_words=True).some_words == []


def test_a_page_with_room_after_its_matches_for_more_than_six_words_says_to_try_fewer(client, db):
    make_article("الزراعة في الواحات الجنوبية والشمالية والشرقية والغربية.", title="الزراعة في الواحات")
    tip = "لبحثٍ من ست كلمات أو أقل تُعرض بعد نتائجه المقالات التي تحمل كلماته كلها إلا واحدة: جرّب كلمات أقل."
    seven = "الزراعة الواحات الجنوبية والشمالية والشرقية الري والغربية"
    assert tip in client.get("/search", {"q": seven}).content.decode()
    assert tip not in client.get("/search", {"q": "الزراعة الواحات الجنوبية والشمالية والشرقية الري"}).content.decode()
    # Where no query of fewer words would show them either: date order, exact spelling.
    assert tip not in client.get("/search", {"q": seven, "sort": "date"}).content.decode()
    assert tip not in client.get("/search", {"q": seven, "exact": "1"}).content.decode()


def test_another_paper_s_copy_of_a_match_is_not_shown_again(db):
    make_article(STORY, title="زلزال وبركان في الجنوب", published_on=date(2016, 5, 10))
    make_article(STORY_RETOLD, title="زلزال في الجنوب", published_on=date(2016, 5, 11))
    results = search_articles("زلزال بركان", with_some_words=True)
    (hit,) = results.hits
    assert [other.title for other in hit.also_in] == ["زلزال في الجنوب"]
    assert results.some_words == []
