"""Relevance as a reader judges it: the article about the query first, not the shortest one
that mentions it, and the best match found however old it is."""

import random
from datetime import date, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from libya_archive.archive.editions import forget_kept
from libya_archive.archive.search import search_articles, search_matches
from libya_archive.archive.search import titles as best_titles
from libya_archive.archive.search.ranking import rank_every_match
from libya_archive.archive.services import vocabulary_refresh
from tests.factories import make_article

FILLER = "وتناولت المقالة تفاصيل أخرى عن الاقتصاد والتعليم والصحة في المنطقة خلال الأسابيع الماضية. "


def titles(query: str) -> list[str]:
    return [hit.article.title for hit in search_articles(query).hits]


def test_a_photo_caption_does_not_outrank_the_article_about_the_query(db):
    make_article("الملك في الصورة", title="صورة")
    make_article("استقبل الملك سلمان الوفد في الرياض، وبحث الملك معهم العلاقات. " + FILLER * 8, title="الملك يستقبل الوفد")
    vocabulary_refresh()
    assert titles("الملك")[0] == "الملك يستقبل الوفد"


def test_an_article_whose_title_holds_every_word_comes_first(db):
    for n in range(5):
        make_article(f"قال وزير في المؤتمر إن الطاقة مهمة {n}.", title=f"خبر قصير {n}")
    make_article("عقد المؤتمر جلسته. " + FILLER * 6 + "وتحدث وزير عن الطاقة.", title="وزير الطاقة في المؤتمر")
    vocabulary_refresh()
    assert titles("وزير الطاقة")[0] == "وزير الطاقة في المؤتمر"


def test_a_rare_word_of_the_query_counts_for_more_than_a_common_one(db):
    for n in range(6):
        make_article(f"أعلنت الحكومة قرارا جديدا رقم {n} " + FILLER, title=f"قرار {n}")
    make_article("افتتح مشروع الطاقة الشمسية " + FILLER, title="مشروع")
    make_article("أعلنت الحكومة ثم الحكومة ثم الحكومة. " + FILLER, title="تكرار")
    vocabulary_refresh()
    assert titles("الحكومة أو الشمسية")[0] == "مشروع"


def test_the_best_match_is_ranked_however_old_when_very_many_match(db, settings):
    settings.SEARCH_COUNT_LIMIT = 3
    settings.SEARCH_RANK_LIMIT = 2
    settings.SEARCH_FACET_LIMIT = 2
    first = date(2015, 1, 1)
    make_article("تقرير عن ميناء جدة. " + FILLER, title="ميناء جدة يستقبل السفن", published_on=first)
    for n in range(1, 6):
        make_article(f"ذكر التقرير ميناء جدة مرة {n}. " + FILLER * 3, title=f"أخبار متفرقة {n}", published_on=first + timedelta(days=n))
    vocabulary_refresh()
    results = search_articles("ميناء جدة")
    assert results.count_is_capped and results.ranked_newest_only
    assert results.hits[0].article.title == "ميناء جدة يستقبل السفن"


def test_a_word_that_looks_like_an_entity_token_is_ranked_like_any_other(client, db):
    make_article("خبر عن ليبيا.", title="ليبيا")
    for query in ("ليبيا أو entityactor²", "ليبيا or entityplace٣", "ليبيا أو entityactor99999999999999999999"):
        assert client.get("/search", {"q": query}).status_code == 200
        assert client.get("/api/search", {"q": query}).json()["count"] == 1


def test_a_phrase_gets_the_title_boost_only_where_the_title_holds_it_whole(db):
    make_article("ميناء جدة الإسلامي يستقبل السفن. " + FILLER, title="السفن في ميناء جدة")
    make_article("وصلت السفن إلى ميناء جدة. وغادر ميناء جدة ثم عاد إلى ميناء جدة. " + FILLER, title="ميناء الملك في جدة")
    vocabulary_refresh()
    assert titles('"ميناء جدة"')[0] == "السفن في ميناء جدة"


def test_a_related_form_of_a_word_is_found_after_the_word_itself(db):
    make_article("تحدث الوزير عن النمو في الربع الثاني.", title="النمو الاقتصادي في المملكة")
    make_article("توقعات النمو في الربع الثاني.", title="نمو الاقتصاد الصيني")
    make_article("زاد عدد السكان في الربع الثاني.", title="النمو السكاني")
    vocabulary_refresh()
    assert titles("نمو الاقتصاد") == ["نمو الاقتصاد الصيني", "النمو الاقتصادي في المملكة"]
    assert titles("الاقتصادي النمو") == ["النمو الاقتصادي في المملكة", "نمو الاقتصاد الصيني"]


def test_a_word_in_the_indefinite_accusative_is_found_by_the_word(db):
    make_article("اختارت الحركة الملا أختر. " + FILLER, title="الملا أختر زعيماً لطالبان")
    vocabulary_refresh()
    assert titles("زعيم طالبان") == ["الملا أختر زعيماً لطالبان"]


def test_words_side_by_side_in_another_of_their_forms_count_as_side_by_side(db):
    make_article("أقامت الشركة الحفل لموظفيها في مقرها الرئيسي بمناسبة العيد.", title="الشركة تقيم حفلاً لمعايدة موظفيها")
    make_article("حضر المدير الحفل وهنأ العاملين في فروع الشركة كلها.", title="حفل الشركة بعد معايدة موظفيها")
    vocabulary_refresh()
    assert titles("حفل لمعايدة") == ["الشركة تقيم حفلاً لمعايدة موظفيها", "حفل الشركة بعد معايدة موظفيها"]


def test_a_title_holding_a_word_as_typed_comes_before_one_holding_another_form_of_it(db):
    make_article("ناقش المجلس قانون مكافحة التحرش. " + FILLER, title="قانون مكافحة التحرش")
    make_article("صدر القانون لمكافحة التحرش في المدارس. " + FILLER, title="القانون لمكافحة التحرش في المدارس")
    vocabulary_refresh()
    assert titles("لمكافحة التحرش") == ["القانون لمكافحة التحرش في المدارس", "قانون مكافحة التحرش"]
    assert titles("مكافحة التحرش") == ["قانون مكافحة التحرش", "القانون لمكافحة التحرش في المدارس"]


WORDS = (
    "ميناء جدة السفن الطاقة وزير المؤتمر الحكومة والحكومة للحكومة مشروع الاقتصاد الاقتصادي السياسي السياسة التعليم "
    "سرت ليبيا"
).split()


@pytest.mark.parametrize("walked", [False, True], ids=["every title holding a part scored", "titles walked shortest first"])
def test_a_page_that_says_it_is_exact_is_the_top_of_every_match(db, settings, monkeypatch, walked):
    """Many matches, few ranked: wherever the search says its page is the top of all
    matches, reading every match gives the same page, whether the best titles were found by
    scoring every title holding a part of the query or by walking the shortest first."""
    monkeypatch.setattr(best_titles._Plan, "walks", lambda *_: walked)
    settings.SEARCH_COUNT_LIMIT = 20
    settings.SEARCH_RANK_LIMIT = 10
    rng = random.Random(7)
    for n in range(150):
        title = " ".join(rng.sample(WORDS, rng.randint(1, 6)))
        body = " ".join(rng.choice(WORDS) for _ in range(rng.randint(3, 60))) + ". " + FILLER * rng.randint(0, 3)
        make_article(body, title=title, published_on=date(2015, 1, 1) + timedelta(days=n))
    vocabulary_refresh()
    proven = 0
    for query in [*WORDS, "ميناء جدة", "وزير الطاقة", "الحكومة مشروع", "للحكومة مشروع", "سرت أو ليبيا"]:
        for page in (1, 2):
            results = search_articles(query, page=page, page_size=3)
            if results.ranked_newest_only:
                continue
            parsed, matches = search_matches(query)
            every = [pk for pk, _ in rank_every_match(matches, parsed, (page - 1) * 3, 3)]
            assert [hit.article.pk for hit in results.hits] == every, (query, page)
            proven += results.count_is_capped
    assert proven >= 5  # pages of many matches, proven the top of all of them


def test_a_search_after_an_import_ranks_by_the_counts_of_words_it_made(db):
    """A process keeps the words' counts under the archive's edition: once more articles hold
    a word, its searches rank by the new counts, as a process that kept nothing does."""
    make_article("زار الوفد مدينة غدامس " + FILLER, title="غدامس")
    for n in range(4):
        make_article(f"خبر آخر رقم {n} " + FILLER, title=f"خبر {n}")
    vocabulary_refresh()
    before = search_articles("غدامس").hits[0].rank
    for n in range(4):
        make_article(f"وصلت قافلة إلى غدامس رقم {n} " + FILLER, title=f"قافلة {n}")
    vocabulary_refresh()
    after = [(hit.article.pk, hit.rank) for hit in search_articles("غدامس").hits]
    forget_kept()
    assert after == [(hit.article.pk, hit.rank) for hit in search_articles("غدامس").hits]
    assert after[0][1] < before


def scored_texts(statement: dict) -> int:
    """How many articles' texts a ranking statement scored: the rows of its CTE `scored`,
    by PostgreSQL's own count (EXPLAIN ANALYZE of the statement as it ran)."""
    with connection.cursor() as cursor:
        cursor.execute("EXPLAIN (ANALYZE, FORMAT JSON) " + statement["sql"])
        plan = cursor.fetchone()[0][0]["Plan"]

    def nodes(node: dict):
        yield node
        for child in node.get("Plans", []):
            yield from nodes(child)

    return next(node["Actual Rows"] for node in nodes(plan) if node.get("Subplan Name") == "CTE scored")


def test_matches_that_cannot_reach_the_page_have_their_text_left_unscored(db, settings):
    """Many newest matches hold the word only in their text and cannot outscore the short
    titles holding it: only those titles' articles have their text scored, and the page is
    the same as ranking every match."""
    settings.SEARCH_COUNT_LIMIT, settings.SEARCH_RANK_LIMIT = 40, 5
    first = date(2015, 1, 1)
    stories = ("زار الوزير الميناء وتفقد الأرصفة الجديدة", "وصلت إلى الميناء سفينة محملة بالقمح", "أغلق الميناء بسبب العاصفة ليومين", "افتتح المحافظ توسعة الميناء الشمالية")
    for n, story in enumerate(stories):
        make_article(story + ".", title="الميناء", published_on=first + timedelta(days=n))
    for n in range(4, 30):
        make_article(f"ذكر الخبر الميناء مرة {n}. " + FILLER * 3, title=f"أخبار متفرقة {n}", published_on=first + timedelta(days=n))
    vocabulary_refresh()
    with CaptureQueriesContext(connection) as statements:
        results = search_articles("الميناء", page_size=2)
    assert [hit.article.title for hit in results.hits] == ["الميناء", "الميناء"]
    assert not results.ranked_newest_only
    ranking_statement = next(statement for statement in statements if "CTE" not in statement["sql"] and "scored AS" in statement["sql"])
    assert scored_texts(ranking_statement) == 4  # of the 5 newest and the 4 best titles
    parsed, matches = search_matches("الميناء")
    assert [hit.article.pk for hit in results.hits] == [pk for pk, _ in rank_every_match(matches, parsed, 0, 2)]
