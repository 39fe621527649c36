from datetime import date, timedelta

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from hypothesis import given, settings
from hypothesis import strategies as st

from libya_archive.archive.arabic import search_form, tokenize
from libya_archive.archive.search import search_articles, search_matches
from libya_archive.archive.search.execution import newest_ids, published_on_percentiles
from libya_archive.archive.search.query import parse_query
from libya_archive.archive.snippets import snippet, term_spans
from tests.factories import make_actor, make_article, make_place


def titles(query: str) -> list[str]:
    return [hit.article.title for hit in search_articles(query).hits]


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


def test_spelling_variants_find_the_same_article(small_archive):
    assert titles("مصراته") == titles("مصراتة") == titles("ومصراتة")
    assert titles("والميليشيات") == ["مصراتة وسرت"]


def test_stop_words_alone_find_nothing_and_say_so(small_archive):
    results = search_articles("في من على")
    assert not results.parsed and results.count == 0


def test_snippets_mark_every_spelling_of_a_hit_and_escape_the_text():
    text = "<b>قوات</b> الميليشيات وميليشيات"
    marked = snippet(text, term_spans(text, parse_query("ميليشيات").terms))
    assert marked == "&lt;b&gt;قوات&lt;/b&gt; <mark>الميليشيات</mark> <mark>وميليشيات</mark>"


def test_a_snippet_with_nothing_marked_or_with_hits_in_the_opening_words_shows_the_opening():
    text = " ".join(f"كلمة{n}" for n in range(100))
    assert snippet(text, []) == " ".join(f"كلمة{n}" for n in range(30)) + " …"
    early = text.replace("كلمة5 ", "حفتر ", 1)
    marked = snippet(early, term_spans(early, parse_query("حفتر").terms))
    assert marked.startswith("كلمة0 كلمة1 كلمة2 كلمة3 كلمة4 <mark>حفتر</mark> كلمة6") and marked.endswith(" …")


def test_a_snippet_of_a_long_text_shows_its_densest_hits_as_thirty_whole_words():
    filler = " ".join(f"كلمة{n}" for n in range(400))
    text = f"حفتر في البداية. {filler} ثم قوات حفتر وحفتر معا. {filler} والنهاية."
    marked = snippet(text, term_spans(text, parse_query("حفتر").terms))
    assert marked.startswith("… ") and marked.endswith(" …")
    assert marked.count("<mark>") == 2 and "قوات <mark>حفتر</mark> <mark>وحفتر</mark> معا." in marked
    shown = marked.removeprefix("… ").removesuffix(" …").split()
    assert len(shown) == 30 and all(word in text.split() or "mark>" in word for word in shown)


def test_the_search_command_prints_the_ranked_results(small_archive, capsys):
    call_command("search", "مصراتة")
    out = capsys.readouterr().out
    assert out.startswith("2 results")
    assert out.index("مصراتة وسرت") < out.index("الموانئ")
    assert "<mark>ومصراتة</mark>" in out


@pytest.fixture
def named_archive(db):
    haftar = make_actor("خليفة حفتر", "حفتر", "Haftar", slug="khalifa-haftar")
    isis = make_actor("داعش", "الدولة الإسلامية", "ISIS", slug="isis")
    make_place("سرت", "Sirte", slug="sirte")
    make_article("قوات حفتر تتقدم نحو سرت.", title="تقدم")
    make_article("مقاتلو داعش في سرت.", title="مقاتلون")
    make_article("لا أسماء هنا، مجرد نص عن الطقس.", title="الطقس")
    return haftar, isis


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


def test_a_typo_that_finds_nothing_suggests_the_archive_word(named_archive):
    from libya_archive.archive.services import vocabulary_refresh

    vocabulary_refresh()
    results = search_articles("حفتير سرت")
    assert results.count == 0
    assert results.suggestions == ["حفتر سرت"]
    assert search_articles(results.suggestions[0]).count == 1


def test_a_query_that_finds_something_suggests_nothing(named_archive):
    from libya_archive.archive.services import vocabulary_refresh

    vocabulary_refresh()
    assert search_articles("حفتر").suggestions == []


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


# Words in the spellings that normalizing folds (hamzas, ى, ة, diacritics, tatweel, joiners,
# Arabic-Indic digits, capitals) and characters whose lower case is longer or depends on the
# word's end (İ, Σ), between punctuation and other scripts.
SPELLED_WORDS = [
    "ليبيا", "لِيبْيَا", "ليـبيا", "بليبيا", "والليبيين", "الليبية", "ليبي", "إتفاق", "الاتفاق", "أتفاق",
    "مصراتة", "مصراته", "مصراتـة", "مستشفى", "مستشفي", "داعش", "دا\u200cعش", "٢٠١٦", "2016", "ΟΔΟΣ",
    "οδος", "İstanbul", "istanbul", "Haftar", "HAFTAR", "UN", "un",
]
SEPARATORS = [" ", "، ", ".\n", " - ", "(", ")", "\u200b", "_", "«", "»"]


@settings(max_examples=300, deadline=None)
@given(
    words=st.lists(st.sampled_from(SPELLED_WORDS) | st.text(min_size=1, max_size=4), min_size=1, max_size=20),
    separators=st.lists(st.sampled_from(SEPARATORS), min_size=20, max_size=20),
    chosen=st.lists(st.integers(0, 19), min_size=1, max_size=3),
)
def test_term_spans_are_exactly_the_words_whose_search_form_is_a_term(words, separators, chosen):
    text = "".join(word + separator for word, separator in zip(words, separators))
    tokens = tokenize(text)
    terms = frozenset(search_form(tokens[i % len(tokens)].form) for i in chosen) if tokens else frozenset({"x"})
    assert term_spans(text, terms) == [(t.start, t.end) for t in tokens if search_form(t.form) in terms]


def test_a_typo_is_corrected_to_the_spelling_the_archive_writes_most(db):
    from libya_archive.archive.search.suggestions import suggest_corrections
    from libya_archive.archive.services import vocabulary_refresh

    make_article("افتتحت رياض الأطفال.")
    make_article("وصل الوفد إلى الرياض أمس، وغادر الرياض اليوم.")
    make_article("زار الأمير الرياض.")
    vocabulary_refresh()
    assert suggest_corrections("الرياظ", parse_query("الرياظ")) == ["الرياض"]


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
