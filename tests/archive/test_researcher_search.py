"""Facets, filters, sort, exact spelling, open-at-hit, every mention and saved searches."""

import re
from datetime import date
from html import unescape
from urllib.parse import urlencode

import pytest
from django.contrib.auth.models import User
from django.http import QueryDict
from django.utils import timezone

from libya_archive.archive import services
from libya_archive.archive.models import Actor, SavedSearch
from libya_archive.archive.search import search_articles
from libya_archive.archive.search.filters import SearchFilters
from libya_archive.archive.search.query import MAX_QUERY_LENGTH
from tests.factories import make_actor, make_article, make_place


def test_each_mention_in_the_list_opens_its_article_at_that_mention(client, db):
    make_actor("خليفة حفتر", "حفتر", slug="khalifa-haftar")
    article = make_article("قال حفتر كلمته.\n\nثم عاد حفتر إلى الشرق.")
    listed = client.get("/actors/khalifa-haftar/mentions/").content.decode()
    anchors = re.findall(rf'<a href="/articles/{article.pk}/#(m-\d+)">', listed)
    assert anchors == ["m-4", "m-24"]  # the offsets of the two mentions, in the article's order
    page = client.get(article.get_absolute_url()).content.decode()
    for anchor in anchors:
        assert re.search(rf'<a class="entity actor" href="/actors/khalifa-haftar/"[^>]* id="{anchor}">حفتر</a>', page)

@pytest.fixture
def dated_archive(db):
    make_actor("خليفة حفتر", "حفتر", "Haftar", slug="khalifa-haftar")
    make_actor("داعش", "ISIS", kind=Actor.Kind.ARMED_GROUP, slug="isis")
    make_place("سرت", slug="sirte")
    make_place("مصراتة", slug="misrata")
    make_article("حفتر يقترب من سرت.", title="أ", published_on=date(2015, 6, 1), source="الوسط")
    make_article("داعش في سرت ومصراتة.", title="ب", published_on=date(2016, 5, 10), source="The Telegraph")
    make_article("داعش يهاجم مصراتة، وحفتر يراقب.", title="ج", published_on=date(2016, 8, 2), source="The Telegraph")
    make_article("سرت بلا تاريخ، وداعش فيها.", title="د")


def titles(query: str, **options) -> list[str]:
    return [hit.article.title for hit in search_articles(query, **options).hits]


def test_facets_count_the_matches_by_actor_place_kind_source_and_year(dated_archive):
    facets = search_articles("داعش", with_facets=True).facets
    assert [(f.value, f.count) for f in facets.actors] == [("isis", 3), ("khalifa-haftar", 1)]
    assert [(f.value, f.count) for f in facets.places] == [("sirte", 2), ("misrata", 2)] or [
        (f.value, f.count) for f in facets.places
    ] == [("misrata", 2), ("sirte", 2)]
    assert {(f.value, f.count) for f in facets.actor_kinds} == {("armed_group", 3), ("person", 1)}
    assert [(f.label, f.count) for f in facets.sources] == [("The Telegraph", 2)]
    assert [(f.label, f.count) for f in facets.years] == [("2016", 2)]


def test_facets_count_an_actor_merged_into_another_as_the_one_it_became(dated_archive):
    isis = Actor.objects.get(slug="isis")
    same_group = make_actor("تنظيم داعش", "Daesh", kind=Actor.Kind.ARMED_GROUP, slug="islamic-state")
    make_article("مقاتلو Daesh في سرت.", title="هـ", published_on=date(2016, 9, 1))
    assert ("islamic-state", 1) in [(f.value, f.count) for f in search_articles("سرت", with_facets=True).facets.actors]
    services.entity_merge(isis, [same_group])
    facets = search_articles("سرت", with_facets=True).facets
    assert [(f.value, f.count) for f in facets.actors] == [("isis", 3), ("khalifa-haftar", 1)]
    assert {(f.value, f.count) for f in facets.actor_kinds} == {("armed_group", 3), ("person", 1)}


def test_filters_combine(dated_archive):
    assert sorted(titles("داعش", filters=SearchFilters(places=("misrata",)))) == ["ب", "ج"]
    assert titles("داعش", filters=SearchFilters(places=("misrata",), actors=("khalifa-haftar",))) == ["ج"]
    assert titles("سرت", filters=SearchFilters(actor_kinds=("person",))) == ["أ"]
    assert titles("سرت", filters=SearchFilters(sources=("الوسط",))) == ["أ"]
    in_2016 = SearchFilters(date_from=date(2016, 1, 1), date_to=date(2016, 12, 31))
    assert sorted(titles("داعش", filters=in_2016)) == ["ب", "ج"]


def test_newest_first_pages_by_cursor_with_undated_articles_last(dated_archive):
    first = search_articles("داعش أو سرت", sort="date", page_size=2)
    assert [hit.article.title for hit in first.hits] == ["ج", "ب"]
    second = search_articles("داعش أو سرت", sort="date", page_size=2, after=first.next_cursor)
    assert [hit.article.title for hit in second.hits] == ["أ", "د"]
    assert not second.has_next


def undated_notice(html: str) -> str:
    found = re.search(r'<p class="notice undated">(.*?)</p>', html)
    return found[1] if found else ""


def test_a_date_range_says_how_many_undated_matches_it_leaves_out_and_links_to_them(client, dated_archive):
    html = client.get("/search", {"q": "داعش", "from": "2016-01-01", "to": "2016-12-31"}).content.decode()
    assert "نتيجتان لـ" in html
    assert undated_notice(html) == (
        'مقالة واحدة غير مؤرّخة لا يشملها نطاق التاريخ. <a href="?q=%D8%AF%D8%A7%D8%B9%D8%B4">ابحث دون نطاق التاريخ</a>'
    )
    make_article("داعش بلا تاريخ أيضًا.", title="هـ")
    html = client.get("/search", {"q": "داعش", "to": "2014-12-31", "place": "sirte"}).content.decode()
    assert "لا توجد نتائج" in html
    # Counted under the other filters: of the undated, only د names Sirte.
    assert undated_notice(html).startswith("مقالة واحدة غير مؤرّخة لا يشملها")
    assert '<a href="?q=%D8%AF%D8%A7%D8%B9%D8%B4&amp;place=sirte">' in undated_notice(html)
    assert undated_notice(client.get("/search", {"q": "داعش", "from": "2016-01-01"}).content.decode()).startswith(
        "مقالتان غير مؤرّختين لا يشملهما نطاق التاريخ."
    )


def test_date_order_says_the_undated_matches_come_last_and_relevance_says_nothing(client, dated_archive):
    html = client.get("/search", {"q": "داعش", "sort": "date"}).content.decode()
    assert undated_notice(html) == "مقالة واحدة غير مؤرّخة تأتي في آخر النتائج، بعد المؤرّخة كلها."
    assert undated_notice(client.get("/search", {"q": "داعش"}).content.decode()) == ""
    assert undated_notice(client.get("/search", {"q": "مصراتة", "sort": "date"}).content.decode()) == ""


def test_date_order_counts_the_undated_matches_beyond_the_newest_it_reads(client, dated_archive, settings):
    settings.SEARCH_RANK_LIMIT = settings.SEARCH_FACET_LIMIT = 1  # two matches read for the page, of four
    make_article("داعش بلا تاريخ أيضًا.", title="هـ")
    html = client.get("/search", {"q": "داعش", "sort": "date"}).content.decode()
    assert undated_notice(html) == "مقالتان غير مؤرّختين تأتيان في آخر النتائج، بعد المؤرّخة كلها."


def test_the_undated_matches_are_counted_only_up_to_a_limit(client, dated_archive, settings):
    make_article("داعش بلا تاريخ أيضًا.", title="هـ")
    settings.SEARCH_UNDATED_COUNT_LIMIT = 1
    html = client.get("/search", {"q": "داعش", "from": "2016-01-01"}).content.decode()
    assert undated_notice(html).startswith("أكثر من مقالة واحدة غير مؤرّخة لا يشملها نطاق التاريخ.")


def test_exact_spelling_matches_only_the_word_as_typed(db):
    make_article("قال حفتر كلمته.", title="حرفي")
    make_article("وقال لحفتر قائل.", title="بسابقة")
    assert sorted(titles("حفتر")) == ["بسابقة", "حرفي"]
    assert titles("حفتر", exact=True) == ["حرفي"]
    assert titles("لحفتر", exact=True) == ["بسابقة"]
    assert "<mark>حفتر</mark>" in search_articles("حفتر", exact=True).hits[0].snippet


def test_exact_spelling_does_not_expand_names(dated_archive):
    assert titles("Haftar") != []
    assert titles("Haftar", exact=True) == []


def test_counts_and_ranking_stay_bounded_when_very_many_match_and_the_page_says_so(client, dated_archive, settings):
    settings.SEARCH_COUNT_LIMIT = 2
    settings.SEARCH_RANK_LIMIT = 2
    results = search_articles("داعش أو سرت")
    assert results.count == 2 and results.count_is_capped
    assert results.ranked_newest_only
    assert sorted(hit.article.title for hit in results.hits) == ["ب", "ج"]
    page = client.get("/search", {"q": "داعش أو سرت"}).content.decode()
    assert "قد تكون بين النتائج الأقدم نتائج أنسب من نتائج هذه الصفحة" in page


def test_the_search_page_offers_facets_and_removable_filters(client, dated_archive):
    html = client.get("/search", {"q": "داعش"}).content.decode()
    assert 'href="?q=%D8%AF%D8%A7%D8%B9%D8%B4&amp;place=misrata"' in html
    filtered = client.get("/search", {"q": "داعش", "place": "misrata", "actor": "khalifa-haftar"}).content.decode()
    assert "نتيجة واحدة لـ" in filtered
    assert 'aria-label="إزالة مصراتة"' in filtered
    assert 'href="?q=%D8%AF%D8%A7%D8%B9%D8%B4&amp;actor=khalifa-haftar" aria-label="إزالة مصراتة"' in filtered
    by_kind = client.get("/search", {"q": "داعش", "kind": "person"}).content.decode()
    assert '<bdi>نوع الفاعل: شخص</bdi> <a href="?q=%D8%AF%D8%A7%D8%B9%D8%B4" aria-label="إزالة نوع الفاعل: شخص">×</a>' in by_kind


def test_a_facet_link_keeps_the_chosen_filters_and_a_year_replaces_the_chosen_dates(client, dated_archive):
    params = {"q": "داعش", "actor": "isis", "to": "2020-01-01", "place": "misrata", "page": "2", "after": "5"}
    html = client.get("/search", params, follow=True).content.decode()  # page 2 of one: the first
    query = "q=%D8%AF%D8%A7%D8%B9%D8%B4&amp;actor=isis"
    assert f'href="?{query}&amp;to=2020-01-01&amp;place=misrata&amp;actor=khalifa-haftar"' in html
    assert f'href="?{query}&amp;place=misrata&amp;from=2016-01-01&amp;to=2016-12-31"><bdi>2016</bdi></a> <bdi class="count">2</bdi>' in html
    assert f'href="?{query}&amp;place=misrata" aria-label="إزالة إلى \u20662020-01-01\u2069"' in html


def test_a_result_opens_its_article_at_the_first_hit_with_every_hit_marked(client, db):
    make_actor("خليفة حفتر", "حفتر", "Haftar", slug="khalifa-haftar")
    article = make_article("قال خليفة حفتر إن قوات حفتر ستتقدم. وقال لحفتر مستشاره.")
    html = client.get("/search", {"q": "Haftar"}).content.decode()
    assert f'href="/articles/{article.pk}/?q=Haftar&amp;n=1#hit-1"' in html
    page = client.get(f"/articles/{article.pk}/", {"q": "Haftar"}).content.decode()
    assert re.findall(r'<mark id="(hit-\d)">', page) == ["hit-1", "hit-2", "hit-3"]
    assert '<mark id="hit-2"><a class="entity actor" href="/actors/khalifa-haftar/" title="خليفة حفتر" id="m-23">حفتر</a></mark>' in page
    assert "js/hits.js" in page and "<bdi>3</bdi> مواضع" in page and 'data-hit-nav="next"' in page


def test_a_latin_query_finding_nothing_says_the_texts_are_arabic_and_one_finding_a_name_does_not(client, db):
    make_actor("خليفة حفتر", "حفتر", "Haftar", slug="khalifa-haftar")
    make_article("قال خليفة حفتر إن قواته تتقدم.")
    tip = "اكتب ما تبحث عنه بالحروف العربية."
    assert tip in client.get("/search", {"q": "Obama"}).content.decode()
    assert tip not in client.get("/search", {"q": "Haftar"}).content.decode()
    assert tip not in client.get("/search", {"q": "أوباما"}).content.decode()
    assert tip not in client.get("/search", {"q": "Haftar", "from": "2030-01-01"}).content.decode(), "its filters found nothing"


def test_an_article_holding_its_search_once_offers_no_steps_from_hit_to_hit(client, db):
    article = make_article("قال المتحدث إن سرت هادئة.")
    page = client.get(f"/articles/{article.pk}/", {"q": "سرت"}).content.decode()
    assert "موضع واحد لـ«<bdi>سرت</bdi>»" in page and '<mark id="hit-1">' in page
    assert "data-hit-nav" not in page and "<kbd>n</kbd>" not in page


def test_an_article_opened_without_a_search_marks_nothing(client, db):
    article = make_article("نص عن سرت.")
    page = client.get(article.get_absolute_url()).content.decode()
    assert "<mark" not in page and "hits.js" not in page


def test_every_mention_of_an_actor_is_listed_in_context(client, db):
    make_actor("خليفة حفتر", "حفتر", slug="khalifa-haftar")
    for number in range(60):
        make_article(f"في اليوم {number} قال المشير حفتر كلمته ومضى إلى الشرق.")
    first = client.get("/actors/khalifa-haftar/mentions/").content.decode()
    assert "في <bdi>60</bdi> مقالة" in first
    assert first.count("<mark>حفتر</mark>") == 50
    assert '<td class="before"><span dir="rtl">في اليوم 59 قال المشير </span></td>' in first
    next_page = re.search(r'<a href="\?(after=[\d.]+)" rel="next">', first).group(1)
    second = client.get(f"/actors/khalifa-haftar/mentions/?{next_page}").content.decode()
    assert second.count("<mark>حفتر</mark>") == 10
    assert '<td class="before"><span dir="rtl">في اليوم 9 قال المشير </span></td>' in second and 'rel="next"' not in second


def haftars_mentions(client, body: str, title: str) -> str:
    """The mentions page of Haftar, named in one article."""
    make_actor("خليفة حفتر", "حفتر", slug="khalifa-haftar")
    make_article(body, title=title)
    return client.get("/actors/khalifa-haftar/mentions/").content.decode()


def test_latin_words_around_a_mention_read_whole_left_to_right(client, db):
    listed = haftars_mentions(client, "نشرت صحيفة The Guardian أن حفتر التقى وفد iOS 9 أمس.", "حفتر و The Guardian")
    assert '<td class="before"><span dir="rtl">نشرت صحيفة <bdi dir="ltr">The Guardian</bdi> أن </span></td>' in listed
    assert '<td class="after"> التقى وفد <bdi dir="ltr">iOS 9</bdi> أمس</td>' in listed
    assert 'حفتر و <bdi dir="ltr">The Guardian</bdi></a>' in listed


def test_a_mentions_context_without_arabic_keeps_the_direction_of_the_arabic_line_it_is_part_of(client, db):
    title = "Breaking News from the Libyan coast today at noon: حفتر في سرت"
    listed = haftars_mentions(client, "CNN - حفتر يصل & <يعلن> النصر.", title)
    assert '<td class="before"><span dir="rtl">CNN - </span></td>' in listed
    assert '<td class="after"> يصل &amp; &lt;يعلن&gt; النصر</td>' in listed
    assert ">Breaking News from the Libyan coast today at …</a>" in listed


def test_a_mention_joined_to_a_clitic_is_shown_as_the_whole_word_in_the_hit_column(client, db):
    listed = haftars_mentions(client, "وقال المتحدث إن لحفتر قوات في الشرق.", "حفتر")
    assert '<td class="before"><span dir="rtl">وقال المتحدث إن </span></td><td class="hit"><mark>لحفتر</mark></td><td class="after"> قوات في الشرق</td>' in listed


def test_mentions_are_listed_newest_article_first_whatever_order_they_were_imported_in(client, db):
    make_actor("خليفة حفتر", "حفتر", slug="khalifa-haftar")
    newer = make_article("حفتر في بنغازي.", title="الأحدث", published_on=date(2016, 5, 1))
    undated = make_article("حفتر بلا تاريخ.", title="بلا تاريخ")
    older = make_article("حفتر في طبرق. ثم قال حفتر كلمته.", title="الأقدم", published_on=date(2015, 1, 1))
    listed = client.get("/actors/khalifa-haftar/mentions/").content.decode()
    anchors = re.findall(r'<a href="/articles/(\d+)/#m-(\d+)">', listed)
    assert anchors == [(str(newer.pk), "0"), (str(older.pk), "0"), (str(older.pk), "21"), (str(undated.pk), "0")]
    assert '<bdi class="date">2016-05-01</bdi>' in listed and "غير مؤرّخة" in listed
    assert "الأحدث أولًا" in listed


def test_a_page_of_mentions_ends_with_a_whole_article(client, db):
    make_actor("خليفة حفتر", "حفتر", slug="khalifa-haftar")
    make_article("قال حفتر. " * 30, title="كثير", published_on=date(2016, 1, 1))
    make_article("ثم قال حفتر. " * 30, title="كثير أيضا", published_on=date(2015, 1, 1))
    first = client.get("/actors/khalifa-haftar/mentions/").content.decode()
    assert first.count("<mark>حفتر</mark>") == 30
    next_page = re.search(r'<a href="\?(after=[\d.-]+)" rel="next">', first).group(1)
    second = client.get(f"/actors/khalifa-haftar/mentions/?{next_page}").content.decode()
    assert second.count("<mark>حفتر</mark>") == 30 and "2015-01-01" in second and 'rel="next"' not in second


@pytest.fixture
def reader(client, db):
    user = User.objects.create_user("reader", password="a-long-reader-password")
    client.force_login(user)
    return user


def test_saving_a_search_needs_a_login(client, db):
    response = client.post("/saved/save/", {"query_string": "q=داعش"})
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_a_saved_search_shows_what_is_new_since_the_last_visit(client, reader, dated_archive):
    client.post("/saved/save/", {"query_string": "q=داعش&place=misrata"})
    saved = SavedSearch.objects.get(user=reader)
    assert saved.query_string == "place=misrata&q=%D8%AF%D8%A7%D8%B9%D8%B4"
    assert "لا جديد منذ زيارتك الأخيرة" in client.get("/saved/").content.decode()

    SavedSearch.objects.filter(pk=saved.pk).update(last_visited_at=timezone.now())
    make_article("داعش ينسحب من مصراتة.", title="جديدة")
    assert "مقالة جديدة واحدة منذ زيارتك الأخيرة" in client.get("/saved/").content.decode()

    opened = client.get(f"/saved/{saved.pk}/")
    assert "added_since=" in opened["Location"]
    results = client.get(opened["Location"]).content.decode()
    assert "نتيجة واحدة لـ" in results and "جديدة" in results
    assert "لا جديد منذ زيارتك الأخيرة" in client.get("/saved/").content.decode()


def test_a_saved_search_opened_with_nothing_new_says_so_and_links_all_its_results(client, reader, dated_archive):
    client.post("/saved/save/", {"query_string": "q=داعش&place=misrata"})
    saved = SavedSearch.objects.get(user=reader)
    page = client.get(client.get(f"/saved/{saved.pk}/")["Location"]).content.decode()
    assert "لا جديد في هذا البحث منذ زيارتك الأخيرة." in page
    everything = re.search(r'<p class="notice nothing-new">[^<]*<a href="([^"]+)">اعرض كل نتائجه</a>', page).group(1)
    assert "added_since" not in everything and "place=misrata" in everything
    assert "لا جديد في هذا البحث" not in client.get(unescape(everything)).content.decode()


def test_a_search_with_a_long_arabic_query_is_saved_once_as_the_search_reads_it(client, reader, db):
    query = "سرت " * 200  # 800 letters and spaces, over 4,000 characters percent-encoded
    for _ in range(2):
        response = client.post("/saved/save/", {"query_string": urlencode({"q": query, "junk": "x"})})
        assert response.status_code == 302
    [saved] = SavedSearch.objects.filter(user=reader)
    assert QueryDict(saved.query_string).dict() == {"q": query[:MAX_QUERY_LENGTH].rstrip()}
    assert "سرت سرت" in client.get("/saved/").content.decode()


def test_readers_see_and_delete_only_their_own_saved_searches(client, reader, db):
    other = User.objects.create_user("other", password="another-long-password")
    theirs = SavedSearch.objects.create(user=other, name="لهم", query_string="q=x", last_visited_at=timezone.now())
    assert client.get(f"/saved/{theirs.pk}/").status_code == 404
    assert client.post(f"/saved/{theirs.pk}/delete/").status_code == 404
    assert "لهم" not in client.get("/saved/").content.decode()
    assert client.post(f"/saved/{theirs.pk}/rename/", {"name": "لي"}).status_code == 404
    theirs.refresh_from_db()
    assert theirs.name == "لهم"


def test_deleting_a_saved_search_says_so_and_links_the_search_to_save_it_again(client, reader, db):
    client.post("/saved/save/", {"query_string": "q=سرت"})
    saved = SavedSearch.objects.get(user=reader)
    page = client.post(f"/saved/{saved.pk}/delete/", follow=True).content.decode()
    assert not SavedSearch.objects.exists()
    assert f'حُذف البحث «{saved.name}». <a href="/search?q=%D8%B3%D8%B1%D8%AA">افتحه</a> لتحفظه من جديد.' in page


def test_the_saved_searches_list_each_ones_filters(client, reader, dated_archive):
    client.post("/saved/save/", {"query_string": "q=داعش&place=misrata&from=2016-01-01&exact=1&sort=date"})
    client.post("/saved/save/", {"query_string": "q=سرت"})
    html = client.get("/saved/").content.decode()
    filters = re.findall(r'<ul class="chips saved-filters" aria-label="مرشحاته">(.*?)</ul>', html)
    assert filters == [  # the newest first; a search without filters lists none
        "<li><bdi>مصراتة</bdi></li><li><bdi>من \u20662016-01-01\u2069</bdi></li><li><bdi>مطابقة حرفية</bdi></li><li><bdi>الأحدث أولًا</bdi></li>"
    ]


def test_a_saved_search_can_be_renamed_and_a_name_that_would_not_show_is_refused_with_its_reason(client, reader, db):
    client.post("/saved/save/", {"query_string": "q=داعش&place=misrata"})
    saved = SavedSearch.objects.get(user=reader)
    assert client.post(f"/saved/{saved.pk}/rename/", {"name": "داعش في مصراتة"}).status_code == 302
    assert '<bdi>داعش في مصراتة</bdi></a>' in client.get("/saved/").content.decode()
    for name, said in [
        ("  ", "هذا الحقل مطلوب."),
        ("\u200f\u200e", "اكتب اسمًا يظهر، لا مسافات وعلامات خفية وحدها."),
        ("x" * 201, "تأكد أن هذه القيمة تحتوي على 200 حرف أو رمز على الأكثر"),
    ]:
        response = client.post(f"/saved/{saved.pk}/rename/", {"name": name}, follow=True)
        assert f"لم يتغير الاسم: {said}" in response.content.decode(), name
    saved.refresh_from_db()
    assert saved.name == "داعش في مصراتة"


def test_a_facet_past_a_dozen_values_shows_twelve_and_the_rest_behind_more_with_a_filter_box(client, fifteen_towns):
    html = client.get("/search", {"q": "النفط"}).content.decode()
    places = html[html.index("<h2>الأماكن</h2>") :]
    places = places[: places.index("</div>")]
    shown, more = places.split('<details class="more">')
    assert len(re.findall(r"<li>", shown)) == 12
    assert "<summary>المزيد (<bdi>3</bdi>)</summary>" in more and len(re.findall(r"<li>", more)) == 3
    assert re.findall(r"<bdi>([^<]+)</bdi></a>", shown + more) == sorted(fifteen_towns)  # one article each: by name
    assert '<input type="search" class="facet-filter" placeholder="صفِّ القائمة…" aria-label="صفِّ القائمة: الأماكن"' in shown
    actors = html[html.index("<h2>الفاعلون</h2>") :] if "<h2>الفاعلون</h2>" in html else ""
    assert "facet-filter" not in actors.split("</div>")[0], "no box over a short facet"


def test_an_article_opened_from_a_result_leads_on_to_the_next_result(client, db):
    from html import unescape

    from libya_archive.archive.services import vocabulary_refresh

    for title in ("ميناء طرابلس يستقبل السفن", "سفن في ميناء بنغازي بعد إغلاق طويل", "أخبار متفرقة من ليبيا اليوم"):
        make_article(f"{title}. وذكر التقرير الميناء مرة واحدة.", title=title)
    vocabulary_refresh()
    page = client.get("/search", {"q": "ميناء", "source": ""}).content.decode()
    results = [unescape(link) for link in re.findall(r'class="title" href="([^"]+)"', page)]
    assert [link.split("#")[0].rsplit("n=", 1)[1] for link in results] == ["1", "2", "3"]
    for this, following in zip(results, results[1:]):
        article = client.get(this.split("#")[0]).content.decode()
        assert unescape(re.search(r'class="next-result" href="([^"]+)"', article)[1]) == following
    assert "النتيجة التالية" not in client.get(results[-1].split("#")[0]).content.decode()


def test_the_last_result_relevance_order_reaches_leads_on_to_no_other(client, db, settings, monkeypatch):
    from libya_archive.archive import views

    settings.SEARCH_RANK_LIMIT = 2
    monkeypatch.setattr(views, "ARTICLES_PER_PAGE", 2)
    # The two oldest best by their titles: ranked with the two newest, they come first.
    titles = {1: "سعر النفط", 2: "سعر النفط", 3: "أخبار اليوم", 4: "أخبار اليوم"}
    for day, title in titles.items():
        make_article(f"ارتفع سعر النفط في اليوم {day}.", title=title, published_on=date(2016, 1, day))
    page = client.get("/search", {"q": "النفط"}).content.decode()
    results = [unescape(link) for link in re.findall(r'class="title" href="([^"]+)"', page)]
    assert len(results) == 2 and 'class="next-result"' in client.get(results[0].split("#")[0]).content.decode()
    assert "النتيجة التالية" not in client.get(results[1].split("#")[0]).content.decode()


def test_an_article_opened_from_a_later_page_of_results_leads_back_to_that_page_and_its_title_is_quoted_once(client, db):
    articles = [make_article(f"ميناء طرابلس يستقبل السفن في يومه {number}.", title=f"«ميناء» {number}") for number in range(22)]
    url = articles[0].get_absolute_url()
    opened = client.get(url, {"q": "ميناء", "n": "21"}).content.decode()
    back = unescape(re.search(r'<a href="([^"]+)">عودة إلى النتائج</a>', opened)[1])
    assert back == "/search?q=%D9%85%D9%8A%D9%86%D8%A7%D8%A1&page=2"
    assert re.search(r'النتيجة التالية: <bdi dir="rtl">«ميناء» \d+</bdi> ←', opened)
    first = client.get(url, {"q": "ميناء", "n": "20"}).content.decode()
    assert '<a href="/search?q=%D9%85%D9%8A%D9%86%D8%A7%D8%A1">عودة إلى النتائج</a>' in first


def test_an_article_opened_from_a_result_in_date_order_leads_on_to_the_next_older_match_and_back_to_its_page(client, db):
    newest = make_article("ميناء طرابلس يستقبل السفن.", title="طرابلس", published_on=date(2016, 5, 2))
    older = make_article("ميناء بنغازي يغلق.", title="بنغازي", published_on=date(2016, 5, 1))
    make_article("سوق الخضار في درنة.", title="درنة", published_on=date(2016, 4, 30))
    page = client.get("/search", {"q": "ميناء", "sort": "date"}).content.decode()
    results = [unescape(link) for link in re.findall(r'class="title" href="([^"]+)"', page)]
    query = "?q=%D9%85%D9%8A%D9%86%D8%A7%D8%A1&sort=date"
    assert results == [f"{newest.get_absolute_url()}{query}#hit-1", f"{older.get_absolute_url()}{query}#hit-1"]
    opened = client.get(results[0].split("#")[0]).content.decode()
    assert unescape(re.search(r'class="next-result" href="([^"]+)"', opened)[1]) == results[1]
    back = unescape(re.search(r'<a href="([^"]+)">عودة إلى النتائج</a>', client.get(results[1].split("#")[0]).content.decode())[1])
    assert re.findall(r'class="title" href="([^"?]+)', client.get(back).content.decode()) == [older.get_absolute_url()]
    assert "النتيجة التالية" not in client.get(results[1].split("#")[0]).content.decode()
    # A position typed by hand says nothing in date order: the next is still the older match.
    by_hand = client.get(newest.get_absolute_url(), {"q": "ميناء", "sort": "date", "n": "1"}).content.decode()
    assert unescape(re.search(r'class="next-result" href="([^"]+)"', by_hand)[1]) == results[1]
