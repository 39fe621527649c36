import pytest
from django.core.management import call_command

from libya_archive.archive.search import highlight, parse_query, search_articles

from tests.factories import make_article


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
    snippet = highlight("<b>قوات</b> الميليشيات وميليشيات", parse_query("ميليشيات").terms)
    assert snippet == "&lt;b&gt;قوات&lt;/b&gt; <mark>الميليشيات</mark> <mark>وميليشيات</mark>"


def test_the_search_command_prints_the_ranked_results(small_archive, capsys):
    call_command("search", "مصراتة")
    out = capsys.readouterr().out
    assert out.startswith("2 results")
    assert out.index("مصراتة وسرت") < out.index("الموانئ")
    assert "<mark>ومصراتة</mark>" in out
