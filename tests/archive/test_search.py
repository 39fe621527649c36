import json
from datetime import date, timedelta
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from libya_archive.archive import postgres
from libya_archive.archive.models import Place
from libya_archive.archive.search import execution, search_articles, search_matches
from libya_archive.archive.search.execution import newest_ids, published_on_percentiles
from libya_archive.archive.search.filters import SearchFilters
from tests.factories import make_actor, make_article, make_place
from tests.near_duplicate_texts import STORY, STORY_RETOLD


def titles(query: str, **options) -> list[str]:
    return [hit.article.title for hit in search_articles(query, **options).hits]


@pytest.fixture
def small_archive(db):
    make_article("قوات حفتر تتقدم نحو سرت من الشرق.", title="حفتر وسرت")
    make_article("ميليشيات مصراتة تحاصر سرت، ولا ذكر للمشير هنا.", title="مصراتة وسرت")
    make_article("الأمين العام يدعو لحلف شمال الأطلسي إلى الحذر.", title="الناتو")
    make_article("سفن في ميناء مصراتة ومصراتة تنتظر.", title="الموانئ")


def test_every_seed_article_is_found_for_daesh(seed_archive):
    assert search_articles("داعش").count == 5


def test_results_are_ranked_title_matches_first(small_archive):
    assert titles("حفتر") == ["حفتر وسرت"]
    assert titles("مصراتة") == ["مصراتة وسرت", "الموانئ"]


def test_a_quoted_phrase_matches_across_attached_prepositions(small_archive):
    assert titles('"حلف شمال الأطلسي"') == ["الناتو"]
    assert titles('"شمال حلف"') == []


def test_a_minus_word_excludes_and_or_includes_alternatives(small_archive):
    assert titles("سرت -حفتر") == ["مصراتة وسرت"]
    assert sorted(titles("حفتر أو الأطلسي")) == ["الناتو", "حفتر وسرت"]
    assert sorted(titles("حفتر or الأطلسي")) == ["الناتو", "حفتر وسرت"]


def test_a_word_left_out_is_left_out_in_every_form_the_search_would_find_it_by(db):
    make_article("أعلن الديوان الملكي اليوم قرارا جديدا.", title="الديوان")
    make_article("استقبل الملك الضيوف في القصر.", title="الاستقبال")
    make_article("الأسرة الملكية في زيارة رسمية.", title="الزيارة")
    assert sorted(titles("الملك")) == ["الاستقبال", "الديوان", "الزيارة"]
    assert titles("الملك -الملك") == titles("الديوان -الملك") == []
    assert titles("الديوان -الملك", exact=True) == ["الديوان"]  # exactly: الملك, not الملكي


def test_a_place_name_in_ta_marbuta_finds_the_place_not_the_word_its_letters_make_without_it(db):
    make_article("وصل الوفد إلى مصراتة أمس.", title="مصراتة")
    make_article("زار الوزير مصر أمس.", title="مصر")
    make_article("أصيب المريض بالدرن في صدره.", title="الدرن")
    make_article("افتتح سوق جديد في درنة.", title="درنة")
    assert titles("مصر", expand_entities=False) == ["مصر"]
    assert titles("درنة", expand_entities=False) == ["درنة"]
    assert titles("بمصراته", expand_entities=False) == ["مصراتة"]


def test_and_and_not_in_capitals_read_as_search_engines_read_them(small_archive):
    assert titles("سرت AND حفتر") == titles("سرت حفتر") == ["حفتر وسرت"]
    assert titles("سرت NOT حفتر") == titles("سرت -حفتر") == ["مصراتة وسرت"]
    assert titles('سرت NOT "قوات حفتر"') == ["مصراتة وسرت"]
    assert titles("حفتر NOT or الأطلسي") == titles("حفتر or الأطلسي")  # NOT before or says nothing


def test_and_and_not_last_say_nothing_and_in_lower_case_are_words(small_archive):
    make_article("The Light We Cannot See", title="Not Without My Daughter")
    assert titles("حفتر NOT") == titles("حفتر AND") == titles("حفتر") == ["حفتر وسرت"]
    assert titles("not daughter") == ["Not Without My Daughter"]


def test_and_and_not_in_lower_case_before_arabic_words_are_operators_there_too(small_archive):
    assert titles("سرت not حفتر") == titles('سرت Not "قوات حفتر"') == titles("سرت -حفتر") == ["مصراتة وسرت"]
    assert titles("سرت and حفتر") == titles("سرت حفتر") == titles("سرت حفتر not") == ["حفتر وسرت"]


def test_a_year_finds_it_written_with_the_letter_of_its_calendar(db):
    make_article("افتتح المشروع في 22/07/2015م بعد تأجيله من ١٤٣٦هـ، وأعلن عنه في 11-2-2011م.", title="مشروع")
    assert titles("2015") == titles("١٤٣٦") == titles("11-2-2011") == titles("2015م") == ["مشروع"]


def test_latin_letters_and_digits_typed_full_width_find_them_and_are_marked(db):
    make_article("التقى الرئيس Obama نظيره في قمة G20 الماضية.", title="قمة")
    results = search_articles("ＯＢＡＭＡ Ｇ２０")
    assert [hit.article.title for hit in results.hits] == ["قمة"]
    assert "<mark>Obama</mark>" in results.hits[0].snippet and "<mark>G20</mark>" in results.hits[0].snippet


def test_a_name_with_abd_is_found_written_as_one_word_or_two(db):
    make_article("استقبل الملك سلمان بن عبدالعزيز الوفد.", title="استقبال")
    make_article("وصل عبد العزيز إلى الرياض.", title="وصول")
    make_article("قال عبد الرحمن إن العزيز غاب.", title="غياب")
    assert sorted(titles('"عبد العزيز"')) == sorted(titles("عبدالعزيز")) == sorted(titles('"عبدالعزيز"')) == ["استقبال", "وصول"]
    assert sorted(titles("عبد العزيز")[:2]) == ["استقبال", "وصول"]  # side by side first


def test_a_name_with_abd_written_as_one_word_names_its_entity(db):
    make_actor("عبد الله الثني")
    make_article("قال رئيس الحكومة عبد الله الثني إن الوضع مستقر.", title="الثني")
    for query in ("عبدالله الثني", "ولعبدالله الثني", "عبد الله الثني"):
        assert search_articles(query).entity_names == ["عبد الله الثني"], query
        assert titles(query) == ["الثني"], query


def test_a_short_acronym_names_its_entity_only_typed_in_capitals(db):
    make_actor("تنظيم الدولة الإسلامية", "داعش", "IS")
    make_article("هاجم داعش البلدة.", title="هجوم")
    assert search_articles("IS").entity_names == ["تنظيم الدولة الإسلامية"] and titles("IS") == ["هجوم"]
    assert search_articles("is").entity_names == [] and titles("is") == []


def test_a_place_a_regions_adjective_makes_another_names_no_entity_in_a_query_as_in_an_article(db):
    make_place("أمريكا", "الولايات المتحدة")
    make_place("ليبيا")
    make_place("جنوب ليبيا")  # a region named by a direction: its adjective after a place makes a region
    make_article("زار الوفد أمريكا أمس.", title="زيارة")
    make_article("تنطلق تصفيات أمريكا الجنوبية غدا.", title="تصفيات")
    assert search_articles("أمريكا").entity_names == ["أمريكا"]
    assert search_articles("أمريكا الجنوبية").entity_names == [] and titles("أمريكا الجنوبية") == ["تصفيات"]


def test_a_word_of_three_letters_finds_its_nisba_after_the_articles_holding_it(db):
    make_article("قال المسؤول اليمني إن الهدنة صامدة.", title="هدنة")
    make_article("الهدنة في اليمن صامدة.", title="صمود")
    make_article("سقط ثلاثة قتلى في الهجوم.", title="هجوم")
    assert titles("اليمن") == ["صمود", "هدنة"]
    assert titles("قتل") == ["هجوم"]  # قتلى, the killed


def test_a_name_finds_its_entity_not_its_adjective_which_words_alone_find_too(db):
    make_place("اليمن", "اليمن", slug="yemen")
    make_article("الهدنة في اليمن صامدة.", title="صمود")
    make_article("قال المسؤول اليمني إن الهدنة صامدة.", title="هدنة")
    assert search_articles("اليمن").entity_names == ["اليمن"] and titles("اليمن") == ["صمود"]
    assert titles("اليمن", expand_entities=False) == ["صمود", "هدنة"]


def test_a_word_of_three_letters_finds_its_indefinite_accusative(db):
    make_article("أقامت الشركة حفلاً لمعايدة موظفيها.", title="معايدة")
    assert titles("حفل لمعايدة") == ["معايدة"]


def test_spelling_variants_find_the_same_article(small_archive):
    assert titles("مصراته") == titles("مصراتة") == titles("ومصراتة")
    assert titles("والميليشيات") == ["مصراتة وسرت"]


def test_a_city_and_a_word_in_ta_marbuta_that_only_looks_like_it_are_found_apart(db):
    make_article("افتتح أمير منطقة الرياض المعرض في الرياض أمس.", title="أمير الرياض يفتتح المعرض")
    make_article("وزارة الرياضة تدعم الرياضات البحرية.", title="دعم الرياضة")
    make_article("افتتاح المكتبة العامة ورواد المكتبات.", title="المكتبة العامة")
    make_article("اجتماع في مكتب المحافظ.", title="مكتب المحافظ")
    assert titles("الرياض") == ["أمير الرياض يفتتح المعرض"]
    assert titles("رياضة") == ["دعم الرياضة"]
    assert titles("مكتبات") == ["المكتبة العامة"]
    assert titles("المكتب") == ["مكتب المحافظ"]


def test_a_two_letter_word_after_a_conjunction_is_found_and_a_three_letter_word_stays_whole(db):
    make_article("وقعت الشركة عقدا لتجديد خط بضائع الرياض والدمام.", title="عقد تجديد خط بضائع الرياض")
    make_article("وجد الباحثون أثرا قديما في الموقع.", title="وجد الباحثون أثرا")
    make_article("كان جد الأمير يسكن القرية.", title="جد الأمير")
    assert titles("وخط بضائع الرياض") == ["عقد تجديد خط بضائع الرياض"]
    assert titles("وجد") == ["وجد الباحثون أثرا"]
    assert titles("جد") == ["جد الأمير"]


def test_stop_words_alone_find_nothing_and_say_so(small_archive):
    results = search_articles("في من على")
    assert not results.parsed and results.count == 0








def test_the_search_command_prints_the_ranked_results(small_archive, capsys):
    call_command("search", "مصراتة")
    out = capsys.readouterr().out
    assert out.startswith("2 results")
    assert out.index("مصراتة وسرت") < out.index("الموانئ")
    assert "[ومصراتة]" in out and "<mark>" not in out


class _ClosedPipe(StringIO):
    """Standard output read by `head`, which has stopped reading."""

    def write(self, text):
        raise BrokenPipeError


def test_the_search_command_stops_quietly_when_its_reader_stops_reading(small_archive):
    call_command("search", "مصراتة", stdout=_ClosedPipe())  # no traceback


def test_the_search_command_names_a_page_past_the_last_and_a_page_that_is_no_page(small_archive):
    with pytest.raises(CommandError, match="page 9 is past the last page, 1"):
        call_command("search", "مصراتة", "--page", "9")
    for option, value in (("--page", "0"), ("--page-size", "1000"), ("--page", "x")):
        with pytest.raises(CommandError, match="must be a whole number from 1"):
            call_command("search", "مصراتة", option, value)


def test_the_search_command_says_a_search_was_stopped_and_a_count_that_is_capped(small_archive, monkeypatch, settings, capsys):
    from libya_archive.archive.search import execution

    real_matching = execution.matching_articles
    monkeypatch.setattr(execution, "matching_articles", lambda *a, **k: real_matching(*a, **k).extra(where=["pg_sleep(0.2) IS NOT NULL"]))
    settings.SEARCH_TIMEOUT_MS = 50
    with pytest.raises(CommandError, match="the search took too long and was stopped"):
        call_command("search", "سرت")
    monkeypatch.setattr(execution, "matching_articles", real_matching)
    settings.SEARCH_COUNT_LIMIT = 1
    call_command("search", "سرت")
    assert capsys.readouterr().out.startswith("more than 1 results")


def test_the_search_command_prints_quotes_as_written_and_each_story_s_other_papers(db, capsys):
    first = make_article(STORY, title="مستشفى جديد في سرت", source="alwasat")
    make_article(STORY_RETOLD.replace("مستشفى", '"مستشفى', 1), title="افتتاح مستشفى سرت", source="libyaherald")
    make_article("قال مدير مستشفى ابن سينا (Ibn Sina Hospital) إن افتتاح القسم قريب.", title="قسم جديد")
    call_command("search", "افتتاح مستشفى")
    out = capsys.readouterr().out
    assert '"[مستشفى]' in out and "(Ibn Sina Hospital)" in out and "&quot;" not in out and "<" not in out
    assert f"also in: [{first.pk}]" in out




def test_a_latin_name_finds_the_articles_linked_to_its_entity(named_archive):
    results = search_articles("Haftar")
    assert [hit.article.title for hit in results.hits] == ["تقدم"]
    assert results.entity_names == ["خليفة حفتر"]
    assert "<mark>حفتر</mark>" in results.hits[0].snippet


def test_another_alias_finds_every_spelling_and_marks_it(named_archive):
    results = search_articles("الدولة الإسلامية")
    assert [hit.article.title for hit in results.hits] == ["مقاتلون"]
    assert "<mark>داعش</mark>" in results.hits[0].snippet


def test_entity_matching_can_be_turned_off(named_archive):
    assert search_articles("Haftar", expand_entities=False).count == 0
    assert search_articles("Sirte", expand_entities=False).count == 0
    assert search_articles("Sirte").count == 2


def test_excluding_a_name_excludes_its_entity_in_every_spelling(named_archive):
    assert titles("سرت -Haftar") == ["مقاتلون"]


def test_or_binds_tighter_than_the_implicit_and(named_archive):
    assert sorted(titles("سرت حفتر أو داعش")) == ["تقدم", "مقاتلون"]
    assert titles("الطقس حفتر أو داعش") == []






def test_a_search_that_takes_too_long_is_stopped_and_says_so(client, small_archive, monkeypatch, settings):
    from libya_archive.archive.search import execution

    real_matching = execution.matching_articles

    def slow_matching(*args, **kwargs):
        return real_matching(*args, **kwargs).extra(where=["pg_sleep(0.2) IS NOT NULL"])

    monkeypatch.setattr(execution, "matching_articles", slow_matching)
    settings.SEARCH_TIMEOUT_MS = 50
    results = search_articles("سرت")
    assert results.timed_out and results.hits == []
    page = client.get("/search", {"q": "سرت"})
    assert page.status_code == 200
    assert "استغرق هذا البحث وقتًا أطول من المسموح" in page.content.decode()
    monkeypatch.setattr(execution, "matching_articles", real_matching)
    assert titles("سرت")  # the connection is usable again
    # Not kept for the next reader, who gets the search itself.
    assert "استغرق هذا البحث" not in client.get("/search", {"q": "سرت"}).content.decode()


def test_the_time_limit_is_for_the_whole_search_not_each_statement(small_archive, monkeypatch, settings):
    from libya_archive.archive.search import execution

    real_matching = execution.matching_articles

    def slow_matching(*args, **kwargs):
        return real_matching(*args, **kwargs).extra(where=["pg_sleep(0.2) IS NOT NULL"])

    monkeypatch.setattr(execution, "matching_articles", slow_matching)
    settings.SEARCH_TIMEOUT_MS = 300
    # A later page in date order: counting the matches takes 0.2 s, finding the page's another 0.2 s.
    assert search_articles("حفتر", sort="date", after="2030-01-01.1000000").timed_out
    assert not search_articles("حفتر", sort="date").timed_out


def test_the_newest_matches_found_in_date_windows_are_exactly_the_newest(db):
    first = date(2016, 1, 1)
    for day in range(60):
        make_article(f"{'داعش' if day % 3 == 0 else 'سرت'} في اليوم {day}", published_on=first + timedelta(days=day))
    undated = make_article("داعش بلا تاريخ")
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE archive_article")
    assert len(published_on_percentiles()) > 2
    _, matches = search_matches("داعش")
    everything = list(matches.newest_first().values_list("pk", flat=True))
    assert len(everything) == 21 and everything[-1] == undated.pk
    with CaptureQueriesContext(connection) as queries:
        assert newest_ids(matches, 1) == everything[:1]
    assert '"published_on" >=' in queries.captured_queries[-1]["sql"]  # the newest sixteenth held it
    for limit in (2, 5, 20, 21, 30):
        assert newest_ids(matches, limit) == everything[:limit]
    # Expected to be fewer than half as many again as wanted, they are sorted at once.
    with CaptureQueriesContext(connection) as queries:
        assert newest_ids(matches, 100) == everything
    assert not any('"published_on" >=' in query["sql"] for query in queries.captured_queries)


def test_a_word_few_articles_hold_is_read_at_once_whatever_the_planner_guesses(db, monkeypatch):
    first = date(2016, 1, 1)
    for day in range(60):
        make_article(f"سرت في اليوم {day}{'، والزقزوق هناك' if day % 20 == 0 else ''}", published_on=first + timedelta(days=day))
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE archive_article")
    # As PostgreSQL guessed a rare word at a million articles: held by many, so found by
    # walking the date index, which then read every article.
    monkeypatch.setattr(execution, "planner_estimate", lambda rows: 10**6)
    with CaptureQueriesContext(connection) as queries:
        results = search_articles("الزقزوق", sort="date")
    assert [hit.article.published_on for hit in results.hits] == [first + timedelta(days=day) for day in (40, 20, 0)]
    assert results.count == 3
    assert not any('"published_on" >=' in query["sql"] for query in queries.captured_queries)


def test_date_order_pages_through_every_match_once_undated_last(db):
    first = date(2016, 1, 1)
    for day in range(60):
        make_article(f"{'داعش' if day % 2 else 'سرت'} في اليوم {day}", published_on=first + timedelta(days=day))
    # Two on one day, so that a page can end inside a day.
    make_article("داعش مرة أخرى في اليوم 41", published_on=first + timedelta(days=41))
    undated = [make_article(f"داعش بلا تاريخ {number}") for number in range(4)]
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE archive_article")
    assert len(published_on_percentiles()) > 2  # later pages look in date ranges up to their cursor
    seen, after, pages_by_date_ranges = [], "", 0
    while True:
        with CaptureQueriesContext(connection) as queries:
            results = search_articles("داعش", sort="date", page_size=2, after=after)
        # A later page with many matches left looks in a date range up to its cursor.
        pages_by_date_ranges += any('"published_on" >=' in query["sql"] and "ROW(" in query["sql"] for query in queries.captured_queries)
        seen += [hit.article for hit in results.hits]
        if not results.next_cursor:
            break
        after = results.next_cursor
    dated = [article.published_on for article in seen[:31]]
    assert len(seen) == 35 and len(set(seen)) == 35 and pages_by_date_ranges
    assert None not in dated and dated == sorted(dated, reverse=True)
    assert [article.pk for article in seen[31:]] == [article.pk for article in reversed(undated)]








def test_a_page_in_relevance_order_is_read_in_the_statement_that_ranks_it(small_archive):
    with CaptureQueriesContext(connection) as queries:
        results = search_articles("مصراتة")
    assert [(hit.article.title, hit.article.source_name[:8]) for hit in results.hits] == [
        ("مصراتة وسرت", "article-"),
        ("الموانئ", "article-"),
    ]
    assert results.hits[0].rank > results.hits[1].rank and "<mark>مصراتة</mark>" in results.hits[1].snippet
    # The articles' text comes with their scores, not in a statement of its own.
    reading_text = [query["sql"] for query in queries.captured_queries if "body" in query["sql"]]
    assert len(reading_text) == 1 and "row_number()" in reading_text[0]


def test_an_excluded_name_is_not_among_the_names_the_results_match(db):
    make_actor("داعش", slug="isis")
    make_place("سوريا", slug="syria")
    make_article("تقدم داعش في سرت.")
    results = search_articles("داعش -سوريا")
    assert results.entity_names == ["داعش"] and results.count == 1


def test_a_phrase_is_marked_where_it_stands_whole_not_each_of_its_words(db):
    make_article("قالت الأمم المتحدة إن الولايات المتحدة والأمم الأخرى اتفقت.", title="الأمم المتحدة")
    snippet_html = str(search_articles('"الأمم المتحدة"').hits[0].snippet)
    assert snippet_html.count("<mark>") == 1
    assert "<mark>الأمم المتحدة</mark>" in snippet_html


def test_over_a_thousand_matches_are_counted_exactly_and_the_facets_count_them_all(client, db, tmp_path):
    feed = tmp_path / "ports.jsonl"
    lines = (
        json.dumps({"title": f"نشرة {n}", "body": f"رست السفينة رقم {n} في الميناء صباح اليوم.", "source": "Port News"})
        for n in range(1050)
    )
    feed.write_text("\n".join(lines), encoding="utf-8")
    call_command("import_articles", str(feed), stdout=StringIO())
    results = search_articles("الميناء", with_facets=True)
    assert (results.count, results.count_is_capped) == (1050, False)
    assert [(facet.label, facet.count) for facet in results.facets.sources] == [("Port News", 1050)]
    assert client.get("/api/search", {"q": "الميناء"}).json()["count"] == 1050
    html = client.get("/search", {"q": "الميناء"}).content.decode()
    assert "الأعداد محسوبة على أحدث" not in html


@pytest.fixture
def matches_read(monkeypatch) -> list[int]:
    """How many times a search read its matches to count them (the real reads, recorded)."""
    from libya_archive.archive.search import execution

    reads = []

    def ids_up_to(rows, limit, **order):
        reads.append(limit)
        return postgres.ids_up_to(rows, limit, **order)

    monkeypatch.setattr(execution, "ids_up_to", ids_up_to)
    return reads


def test_a_word_in_more_articles_than_the_count_limit_is_said_to_be_in_more_without_counting(db, settings, matches_read):
    settings.SEARCH_COUNT_LIMIT, settings.SEARCH_RANK_LIMIT = 2, 1
    for n in range(4):
        make_article(f"رست السفينة في الميناء {n}.", title=f"نشرة {n}")
    make_article("رست السفينة بعيدًا.", title="بعيد")
    one_word = search_articles("الميناء")
    assert (one_word.count, one_word.count_is_capped) == (2, True)
    assert matches_read == []


def test_two_words_each_in_nearly_every_article_are_said_to_be_together_in_more_than_the_count_limit_without_counting(
    db, settings, matches_read
):
    settings.SEARCH_COUNT_LIMIT, settings.SEARCH_RANK_LIMIT = 2, 1
    for n in range(4):
        make_article(f"رست السفينة في الميناء {n}" + (" عند الرصيف." if n >= 2 else "."), title=f"نشرة {n}")
    make_article("رست السفينة بعيدًا عن الرصيف.", title="بعيد")
    make_article("أبحر القارب من الرصيف.", title="قارب")
    # Of 6 articles 5 hold the one and 4 the other: at least 3 hold both.
    with CaptureQueriesContext(connection) as statements:
        results = search_articles("السفينة الميناء")
    assert (results.count, results.count_is_capped) == (2, True)
    assert matches_read == []
    # A small archive's articles are counted once, for the estimate and the bound alike.
    assert sum('COUNT(*) AS "__count" FROM "archive_article"' in s["sql"] for s in statements.captured_queries) == 1
    # 4 hold the one and 4 the other: together at least 2, which says nothing; counted.
    counted = search_articles("الميناء الرصيف")
    assert (counted.count, counted.count_is_capped) == (2, False)
    assert matches_read == [3]


def test_a_word_in_more_articles_than_the_count_limit_less_a_rare_one_is_said_to_be_in_more_without_counting(db, settings, matches_read):
    settings.SEARCH_COUNT_LIMIT, settings.SEARCH_RANK_LIMIT = 2, 1
    for n in range(5):
        make_article(f"رست السفينة في الميناء {n}.", title=f"نشرة {n}" if n else "خبر عاجل")
    results = search_articles("الميناء -عاجل")  # 5 hold the one, at most 1 the other: at least 4 match
    assert (results.count, results.count_is_capped) == (2, True)
    assert matches_read == []
    counted = search_articles("الميناء -نشرة")  # 4 may hold the other: the matches are counted
    assert (counted.count, counted.count_is_capped) == (1, False)


def test_a_name_mentioned_in_more_articles_than_the_count_limit_is_said_to_be_in_more_without_counting(db, settings, matches_read):
    settings.SEARCH_COUNT_LIMIT, settings.SEARCH_RANK_LIMIT = 2, 1
    make_actor("خليفة حفتر", "حفتر", "Haftar")
    for n in range(4):
        make_article(f"قال حفتر في بيان رقم {n}.", title=f"بيان {n}")
    results = search_articles("Haftar")  # a word no article holds: the actor's count speaks
    assert (results.count, results.count_is_capped) == (2, True)
    assert matches_read == []


def test_the_facets_count_the_matches_the_count_read_without_reading_them_again(db, settings, matches_read, monkeypatch):
    from libya_archive.archive.search import execution

    settings.SEARCH_RANK_LIMIT = 1
    for n, source in enumerate(("أ", "أ", "ب")):
        make_article(f"رست السفينة في الميناء {n}.", title=f"نشرة {n}", source=source, published_on=date(2015, 7, n + 1))
    newest_reads = []
    monkeypatch.setattr(execution, "newest_ids", lambda *args, **kwargs: newest_reads.append(args[1]) or newest_ids(*args, **kwargs))
    results = search_articles("السفينة الميناء", with_facets=True)
    assert results.count == 3 and matches_read == [settings.SEARCH_COUNT_LIMIT + 1]
    assert [(facet.value, facet.count) for facet in results.facets.sources] == [("أ", 2), ("ب", 1)]
    assert not results.facets.sampled
    assert newest_reads == []  # few enough by the vocabulary: the newest are of that one read


def test_of_more_matches_than_are_counted_the_facets_count_the_newest_that_were_ranked_and_say_so(client, db, settings):
    settings.SEARCH_COUNT_LIMIT, settings.SEARCH_RANK_LIMIT = 2, 2
    for n in range(4):
        make_article(f"رست السفينة في الميناء {n}.", title=f"نشرة {n}", source="أ" if n < 3 else "ب", published_on=date(2015, 7, n + 1))
    facets = search_articles("الميناء", with_facets=True).facets
    assert (facets.sampled, facets.counted) == (True, 2)
    assert [(facet.value, facet.count) for facet in facets.sources] == [("أ", 1), ("ب", 1)]  # the 3rd and 4th of July
    html = client.get("/search", {"q": "الميناء"}).content.decode()
    assert "الأعداد محسوبة على أحدث مقالتين." in html


def test_a_query_with_a_filter_or_a_negation_is_counted_not_read_off_its_words(db, settings):
    settings.SEARCH_COUNT_LIMIT, settings.SEARCH_RANK_LIMIT = 3, 1
    for n in range(4):
        make_article(f"رست السفينة في الميناء {n}.", title=f"نشرة {n}" if n < 2 else f"خبر {n}", source="أ" if n else "ب")
    negated = search_articles("الميناء -نشرة")
    assert (negated.count, negated.count_is_capped) == (2, False)
    sourced = search_articles("الميناء", filters=SearchFilters(sources=("أ",)))
    assert (sourced.count, sourced.count_is_capped) == (3, False)


def test_a_fast_search_sets_its_deadline_once_and_a_slow_one_again_as_time_runs_out(monkeypatch):
    """With the deadline, once, what keeps its statements short: no JIT, no parallel workers."""
    from libya_archive.archive.search import execution

    clock = [100.0]
    monkeypatch.setattr(execution.time, "monotonic", lambda: clock[0])
    sent = []
    deadline = execution._Deadline(3000)
    for _ in range(10):
        deadline(lambda sql, params, many, context: sent.append(sql), "SELECT 1", None, False, {})
    assert [sql for sql in sent if sql.startswith("SET")] == [
        "SET LOCAL statement_timeout = 3000; SET LOCAL jit = off; SET LOCAL max_parallel_workers_per_gather = 0"
    ]
    clock[0] += 2.5  # a slow statement: 500 ms are left
    deadline(lambda sql, params, many, context: sent.append(sql), "SELECT 1", None, False, {})
    assert sent[-2:] == ["SET LOCAL statement_timeout = 500", "SELECT 1"]


def test_facets_counted_before_an_import_are_not_kept_as_the_facets_after_it(db, monkeypatch):
    from libya_archive.archive.search import execution

    make_article("خبر عن ميناء طرابلس.", title="ميناء طرابلس", source="الوسط")
    real_read, imported = execution.ids_up_to, []

    def an_import_commits_meanwhile(*args, **kwargs):
        matches = real_read(*args, **kwargs)
        if not imported:
            imported.append(make_article("خبر آخر عن ميناء مصراتة.", title="ميناء مصراتة", source="بوابة الوسط"))
        return matches

    monkeypatch.setattr(execution, "ids_up_to", an_import_commits_meanwhile)
    assert [f.value for f in search_articles("ميناء", with_facets=True).facets.sources] == ["الوسط"]
    assert {f.value for f in search_articles("ميناء", with_facets=True).facets.sources} == {"الوسط", "بوابة الوسط"}


def test_a_search_runs_without_jit_or_parallel_workers(db, monkeypatch):
    """PostgreSQL costs a walk of the titles as if it read them all: a million articles
    would have it compile the statement and start workers, 40 ms of a 40 ms search."""
    from libya_archive.archive.search import execution

    make_article("خبر عن ميناء طرابلس.", title="ميناء طرابلس")
    seen = {}

    def settings_within(*args, **kwargs):
        with connection.cursor() as cursor:
            cursor.execute("SELECT current_setting('jit'), current_setting('max_parallel_workers_per_gather')")
            seen["settings"] = cursor.fetchone()
        return real(*args, **kwargs)

    real = execution.ids_up_to
    monkeypatch.setattr(execution, "ids_up_to", settings_within)
    assert search_articles("ميناء").count == 1
    assert seen["settings"] == ("off", "0")


def test_a_number_with_a_decimal_point_or_a_date_is_searched_as_it_stands_not_as_its_parts_anywhere(db):
    wanted = make_article("ارتفعت الكتلة النقدية بنسبة 4.67 % في يونيو.", title="الكتلة النقدية")
    make_article("بلغ الدين 120.4 مليار، وارتفع 67 مليارا في عام.", title="الدين العام")
    dated = make_article("وقعت الحادثة في 2015-07-21 قرب سرت.", title="حادثة سرت")
    make_article("في 2015 وقعت حادثة، وفي 21 منه أخرى، وفي 07 ثالثة.", title="حوادث")
    for query, found in (("4.67", wanted), ("2015-07-21", dated)):
        results = search_articles(query)
        assert [hit.article.pk for hit in results.hits] == [found.pk], query
    assert "<mark>4.67</mark>" in str(search_articles("4.67").hits[0].snippet)
    # Two words typed with an Arabic comma and no space are two words, each anywhere.
    assert search_articles("الدين،مليار").count == 1


def test_a_joined_word_searched_in_its_exact_spelling_is_found_as_written(db):
    wanted = make_article("ارتفعت الكتلة النقدية بنسبة 4.67 % في يونيو.", title="الكتلة النقدية")
    make_article("بلغ الدين 4 مليارات و67 مليونا.", title="الدين العام")
    assert [hit.article.pk for hit in search_articles("4.67", exact=True).hits] == [wanted.pk]


def test_a_number_is_not_marked_nor_found_exactly_as_part_of_a_longer_one(db):
    victims = make_article("قتل 37 شخصا في الحادث.", title="حادث")
    shares = make_article("ارتفع السهم 3.37 ريال، وهبط 0.37 % ثم 37.5 في الختام.", title="السوق")
    assert [hit.article.pk for hit in search_articles("37", exact=True).hits] == [victims.pk]
    snippets = {hit.article.pk: str(hit.snippet) for hit in search_articles("37").hits}
    assert "<mark>37</mark>" in snippets[victims.pk] and "<mark>" not in snippets[shares.pk]  # found, by its words; nothing to mark
    assert "<mark>3.37</mark>" in str(search_articles("3.37").hits[0].snippet)
    assert "<mark>" not in str(search_articles('"37 ريال"').hits[0].snippet)  # a phrase beginning inside 3.37


def test_a_year_is_found_exactly_in_a_dotted_date(db):
    dated = make_article("وقع الحادث في 21.07.2015 صباحا.", title="حادث")
    assert [hit.article.pk for hit in search_articles("2015", exact=True).hits] == [dated.pk]
    assert "<mark>2015</mark>" in str(search_articles("2015").hits[0].snippet)


def test_a_name_with_a_hyphen_finds_the_articles_linked_to_its_entity(db):
    make_actor("بان كي مون", "Ban Ki-moon", slug="ban-ki-moon")
    make_article("قال بان كي مون إن الحل في ليبيا سياسي.", title="تصريح")
    for typed in ("Ban Ki-moon", "ban ki-moon", "بان كي-مون"):
        results = search_articles(typed)
        assert [hit.article.title for hit in results.hits] == ["تصريح"], typed
        assert results.entity_names == ["بان كي مون"], typed
    # A name is not read out of part of a hyphenated word.
    make_actor("مون جاي إن", "Moon", slug="moon-jae-in")
    assert search_articles("Ki-moon").entity_names == []


def test_a_search_for_the_emirates_finds_them_not_a_region_s_governorate(db):
    make_place("الإمارات العربية المتحدة", "الإمارات", kind=Place.Kind.COUNTRY)
    make_article("وصل وزير خارجية الإمارات إلى الرياض.", title="زيارة")
    make_article("أقامت إمارة منطقة الجوف حفل معايدة.", title="معايدة")
    assert titles("الإمارات") == ["زيارة"]
    assert titles("إمارة") == ["معايدة"]
