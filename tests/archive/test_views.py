import html as html_module
import re
from datetime import date
from urllib.parse import quote

import pytest
from django.db import connection
from django.urls import reverse

from libya_archive.archive import editions, selectors, services
from libya_archive.archive.models import Actor, Article, Place
from libya_archive.archive.search.query import MAX_QUERY_LENGTH
from tests.factories import make_actor, make_article, make_place


@pytest.fixture
def sirte_article(seed_archive):
    return Article.objects.get(source_name="003_0f9c5275d93800a3.txt")


def links_in(html: str) -> list[tuple[str, str]]:
    return re.findall(r'<a class="entity \w+" href="([^"]+)"[^>]*>([^<]+)</a>', html)


def test_pages_are_arabic_and_right_to_left(client, seed_archive):
    for url in ["/", "/articles/", "/search?q=سرت", Article.objects.first().get_absolute_url()]:
        html = client.get(url).content.decode()
        assert '<html lang="ar" dir="rtl">' in html, url
        assert "fonts/noto-naskh-arabic" in html


def test_the_search_help_writes_a_negated_word_as_the_search_box_shows_it(client, db):
    # The box reads its text's own direction: -كلمة shows right to left, the minus first.
    html = client.get("/search").content.decode()
    assert 'dir="auto"' in re.search(r'<input type="search" name="q"[^>]*>', html).group(0)
    assert '<code dir="rtl">-كلمة</code>' in html


def test_every_page_opens_with_a_link_past_the_header_to_its_content(client, db):
    for url in ["/", "/articles/", "/actors/", "/search?q=سرت"]:
        html = client.get(url).content.decode()
        assert html.index('<a class="skip-link" href="#content">') < html.index("<header")
        assert '<main id="content"' in html, url


def test_a_search_page_also_offers_a_keyboard_a_way_past_its_facets_to_its_results(client, seed_archive):
    # The facets and timeline come first in the page (a phone shows them first), the results after.
    html = client.get("/search", {"q": "سرت"}).content.decode()
    assert html.index('<a class="skip-link" href="#results-section">انتقل إلى النتائج</a>') < html.index('<aside class="sidebar')
    assert html.index('<aside class="sidebar') < html.index('<section id="results-section" tabindex="-1"') < html.index('<ol class="results">')


def test_every_page_ends_with_a_footer_leading_to_the_about_page(client, db):
    for url in ["/", "/articles/", "/actors/", "/search?q=سرت", "/about/"]:
        html = client.get(url).content.decode()
        footer = html[html.index('<footer class="site-footer">') :]
        assert html.index("</main>") < html.index("<footer") and '<a href="/about/">عن الأرشيف</a>' in footer, url
    about = client.get("/about/").content.decode()
    assert "<h1>عن أرشيف أخبار ليبيا</h1>" in about and '<a href="/api/docs/">' in about


def test_a_shared_link_previews_the_page_by_its_own_title(client, db):
    article = make_article("نص عن سرت.", title="معركة سرت", published_on=date(2016, 5, 10))
    make_actor("خليفة حفتر", slug="khalifa-haftar")
    cases = {
        "/": ("أرشيف أخبار ليبيا", "website"),
        article.get_absolute_url(): ("معركة سرت", "article"),
        "/actors/khalifa-haftar/": ("خليفة حفتر", "website"),
    }
    for url, (title, kind) in cases.items():
        head = client.get(url, {"utm_source": "x"}).content.decode().split("</head>")[0]
        assert f'<meta property="og:title" content="{title}">' in head, url
        assert f'<meta property="og:type" content="{kind}">' in head, url
        assert "utm_source" not in head  # a record's own address, as it is shared, nothing added
        if url != "/":
            assert f'<meta property="og:url" content="http://testserver{url}">' in head, url
        assert '<meta property="og:locale" content="ar_AR">' in head and 'property="og:description"' in head
    article_head = client.get(article.get_absolute_url()).content.decode().split("</head>")[0]
    assert '<meta property="article:published_time" content="2016-05-10">' in article_head


def test_an_actors_latin_name_is_marked_as_english(client, db):
    actor = make_actor("خليفة حفتر", slug="khalifa-haftar")
    Actor.objects.filter(pk=actor.pk).update(name_en="Khalifa Haftar")
    html = client.get("/actors/khalifa-haftar/").content.decode()
    assert '<bdi dir="ltr" lang="en" class="meta">Khalifa Haftar</bdi>' in html

def test_a_signed_in_reader_sees_who_they_are_and_can_sign_out_from_any_page(client, db):
    from django.contrib.auth.models import User

    client.force_login(User.objects.create_user("reader", password="a-long-reader-password"))
    html = client.get("/articles/").content.decode()
    header = html[html.index("<header") : html.index("</header>")]
    assert '<bdi dir="auto">reader</bdi>' in header and 'action="/accounts/logout/"' in header
    assert client.post("/accounts/logout/").status_code == 302 and "_auth_user_id" not in client.session


def test_home_lists_the_latest_articles_and_a_search_box(client, seed_archive):
    html = client.get("/").content.decode()
    assert 'name="q"' in html
    for article in Article.objects.all():
        assert article.get_absolute_url() in html
    assert "يضم الأرشيف <bdi>5</bdi> مقالات." in html


def test_past_a_threshold_the_article_count_is_postgresqls_estimate_and_says_so(client, db, monkeypatch):
    monkeypatch.setattr("libya_archive.archive.models.articles.EXACT_COUNT_UP_TO", 2)
    for number in range(3):
        make_article(f"مقالة رقم {number} عن سرت")
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE archive_article")  # the statistics the estimate comes from
    make_article("مقالة رابعة لم تُحصَ بعد")
    assert "يضم الأرشيف نحو <bdi>3</bdi> مقالات." in client.get("/").content.decode()
    assert "نحو <bdi>3</bdi> مقالات، الأحدث أولًا" in client.get(reverse("article_list")).content.decode()


def test_the_article_page_links_every_mention_to_its_entity(client, sirte_article):
    html = client.get(sirte_article.get_absolute_url()).content.decode()
    links = links_in(html)
    haftar = Actor.objects.get(slug="khalifa-haftar").get_absolute_url()
    sirte = Place.objects.get(slug="sirte").get_absolute_url()
    assert ("/actors/khalifa-haftar/", "حفتر") in links and haftar == "/actors/khalifa-haftar/"
    assert (sirte, "سرت") in links
    assert ("/actors/ali-kanna/", "علي كنة") in links
    assert len(links) == sirte_article.actormentions.count() + sirte_article.placementions.count()


def test_the_article_page_lists_its_actors_and_places_most_named_first_with_how_often(client, db):
    make_actor("خليفة حفتر", "حفتر", slug="haftar")
    make_actor("فايز السراج", "السراج", slug="sarraj")
    make_actor("عقيلة صالح", slug="saleh")
    make_place("سرت", slug="sirte")
    article = make_article("التقى السراج عقيلة صالح في سرت.\nثم زار السراج حفتر، وقال حفتر إن السراج يعرف سرت.")
    html = client.get(article.get_absolute_url()).content.decode()
    sidebar = html[html.index('<aside class="sidebar">') :]
    chips = re.findall(r'<li><a href="([^"]+)">([^<]+)</a> <bdi class="count">(\d+)</bdi></li>', sidebar)
    assert chips == [
        ("/actors/sarraj/", "فايز السراج", "3"),
        ("/actors/haftar/", "خليفة حفتر", "2"),
        ("/actors/saleh/", "عقيلة صالح", "1"),
        ("/places/sirte/", "سرت", "2"),
    ]
    assert len(re.findall(r'<a class="entity place" href="/places/sirte/" title="سرت" id="m-\d+">سرت</a>', html)) == 2


def test_a_name_holding_markup_is_shown_as_text_in_the_sidebar_and_the_company(client, db):
    make_actor("فايز <b>السراج</b>", "السراج", slug="sarraj")
    make_actor("خليفة حفتر", "حفتر", slug="haftar")
    article = make_article("التقى حفتر السراج في باريس.")
    for url in (article.get_absolute_url(), "/actors/haftar/", "/"):
        html = client.get(url).content.decode()
        assert '<a href="/actors/sarraj/">فايز &lt;b&gt;السراج&lt;/b&gt;</a>' in html and "<b>السراج" not in html, url


def test_a_searchs_facets_link_each_name_to_the_search_narrowed_to_it_with_its_count_and_markup_as_text(client, db):
    make_actor("فايز <b>السراج</b>", "السراج", slug="sarraj")
    make_actor("خليفة حفتر", "حفتر", slug="haftar")
    make_article("التقى حفتر السراج في باريس.")
    make_article("قال حفتر إن الجيش تقدم.")
    html = client.get("/search", {"q": "حفتر"}).content.decode()
    facet = re.findall(r'<li><a href="\?q=([^"]+)"><bdi>([^<]+)</bdi></a> <bdi class="count">(\d+)</bdi></li>', html)
    assert ("%D8%AD%D9%81%D8%AA%D8%B1&amp;actor=haftar", "خليفة حفتر", "2") in facet
    assert ("%D8%AD%D9%81%D8%AA%D8%B1&amp;actor=sarraj", "فايز &lt;b&gt;السراج&lt;/b&gt;", "1") in facet
    assert "<b>السراج" not in html


def test_an_actor_named_with_nobody_else_says_so_where_its_company_would_be(client, db):
    make_actor("عقيلة صالح", "صالح", slug="saleh")
    make_article("قال صالح إن المجلس سيجتمع.")
    sidebar = client.get("/actors/saleh/").content.decode().split('<aside class="sidebar">')[1]
    assert "<li>لا أحد بعد</li>" in sidebar and "<li>لا شيء بعد</li>" in sidebar


def test_the_company_of_an_entity_named_once_says_it_is_counted_over_that_one_article(client, db):
    make_actor("خليفة حفتر", "حفتر", slug="haftar")
    make_actor("فايز السراج", "السراج", slug="sarraj")
    make_article("التقى حفتر السراج في باريس.")
    html = client.get("/actors/haftar/").content.decode()
    assert "في المقالة الوحيدة التي ورد فيها الاسم." in html and "2000" not in html


def test_an_entity_links_to_its_page_under_its_current_slug(db):
    actor = make_actor("خليفة حفتر", slug="haftar")
    assert actor.get_absolute_url() == "/actors/haftar/"
    actor.slug = "khalifa-haftar"
    assert actor.get_absolute_url() == "/actors/khalifa-haftar/"


def test_article_text_is_escaped(client, db):
    make_actor("خليفة حفتر", "حفتر")
    article = make_article('<script>alert(1)</script> "><img src=x onerror=alert(2)> حفتر')
    html = client.get(article.get_absolute_url()).content.decode()
    assert "<script>alert" not in html and "<img src=x" not in html
    assert "&lt;script&gt;" in html


def test_the_actor_page_lists_its_articles_aliases_and_companions(client, seed_archive):
    html = client.get("/actors/khalifa-haftar/").content.decode()
    assert "Haftar" in html and "حفتر" in html
    for source_name in ["000_e45ed8ec14342ecb.txt", "001_1459ddc503db6e74.txt", "003_0f9c5275d93800a3.txt", "004_642d7e427d294f99.txt"]:
        assert Article.objects.get(source_name=source_name).get_absolute_url() in html
    assert "<mark>" in html
    assert "/actors/muammar-gaddafi/" in html and "/places/sirte/" in html


def test_an_actor_page_lists_its_aliases_in_order_and_how_often_each_article_names_it(client, db):
    make_actor("خليفة حفتر", "حفتر", "المشير حفتر", slug="haftar")
    twice = make_article("التقى حفتر وفدا من الزنتان. ثم قال حفتر إن المعركة مستمرة.", published_on=date(2016, 1, 2))
    once = make_article("أعلن المشير حفتر بدء العملية في بنغازي.", published_on=date(2016, 1, 1))
    html = client.get("/actors/haftar/").content.decode()
    assert re.findall(r'<li><bdi dir="auto">([^<]+)</bdi></li>', html) == ["المشير حفتر", "حفتر"]
    listed = re.findall(r'class="title" href="([^"]+)">.*?<span class="count">\((.*?)\)</span>', html, re.S)
    assert listed == [(twice.get_absolute_url(), "مرتان"), (once.get_absolute_url(), "مرة واحدة")]
    assert "<mark>المشير حفتر</mark>" in html


def test_an_entity_page_says_when_and_where_each_of_its_articles_appeared(client, db):
    make_place("سرت", slug="sirte")
    make_article("خبر من سرت", title="مؤرخ", published_on=date(2016, 5, 10), source="الوسط")
    make_article("خبر آخر من سرت", title="غير مؤرخ")
    html = client.get("/places/sirte/").content.decode()
    items = re.findall(r'class="title" href="/articles/\d+/">([^<]+)</a>.*?<span class="meta">(.*?)</span>', html, re.S)
    assert items == [("مؤرخ", '<bdi class="date">2016-05-10</bdi> · <bdi>الوسط</bdi>'), ("غير مؤرخ", "غير مؤرّخة")]


def test_an_entity_page_pages_newest_first_with_undated_articles_last(client, db):
    make_place("سرت", slug="sirte")
    for number in range(1, 25):  # two a day
        make_article(f"خبر رقم {number} من سرت", title=f"خبر {number}", published_on=date(2016, 1, (number + 1) // 2))
    for number in range(1, 18):
        make_article(f"خبر غير مؤرخ رقم {number} من سرت", title=f"غير مؤرخ {number}")
    make_article("خبر من مصراتة وحدها", title="لا يذكرها")
    titles = []
    url = "/places/sirte/"
    while url:
        html = client.get(url).content.decode()
        titles.append(re.findall(r'class="title" href="/articles/\d+/">([^<]+)</a>', html))
        next_page = re.search(r'<a href="\?(after=[\d.-]+)" rel="next">', html)
        url = f"/places/sirte/?{next_page.group(1)}" if next_page else ""
    newest_first = [f"خبر {number}" for number in range(24, 0, -1)] + [f"غير مؤرخ {number}" for number in range(17, 0, -1)]
    assert titles == [newest_first[:20], newest_first[20:40], newest_first[40:]]
    for malformed in ["not-a-cursor", "2016-13-01.5", ".1" + "0" * 5000, "2016-01-01." + "9" * 30]:
        html = client.get("/places/sirte/", {"after": malformed}).content.decode()
        assert re.findall(r'class="title" href="/articles/\d+/">([^<]+)</a>', html) == newest_first[:20], malformed
        assert "→ الأحدث" not in html  # the first page, which has no newer one to go back to


def test_the_place_page_lists_its_articles(client, seed_archive):
    html = client.get("/places/sirte/").content.decode()
    naming_sirte = ["000_e45ed8ec14342ecb.txt", "002_c1b65664b79a1b81.txt", "003_0f9c5275d93800a3.txt", "004_642d7e427d294f99.txt"]
    assert html.count('class="title"') == len(naming_sirte)
    for source_name in naming_sirte:
        assert Article.objects.get(source_name=source_name).get_absolute_url() in html


def test_an_unknown_entity_is_a_404(client, db):
    assert client.get("/actors/nobody/").status_code == 404


def test_lists_and_results_show_an_article_by_its_date_and_paper_not_its_file(client, db):
    make_article("خبر عن سرت", title="خبر مؤرخ", source="الشرق الأوسط", published_on=date(2015, 7, 1), source_name="x/042.txt")
    undated = make_article("خبر آخر عن سرت", title="خبر غير مؤرخ", source_name="extra.jsonl#9")
    for url in ["/", "/articles/", "/search?q=سرت"]:
        html = client.get(url).content.decode()
        assert '<bdi class="date">2015-07-01</bdi> · <bdi>الشرق الأوسط</bdi>' in html, url
        assert "غير مؤرّخة" in html and "042.txt" not in html and "extra.jsonl" not in html, url
    page = client.get(undated.get_absolute_url()).content.decode()
    assert 'الملف المستورد: <bdi dir="ltr">extra.jsonl#9</bdi>' in page


def test_a_paper_known_by_the_id_its_files_give_it_is_shown_by_its_own_name_and_filtered_by_the_id(client, db):
    article = make_article("خبر عن سرت", title="خبر من عكاظ", source="okaz", published_on=date(2015, 7, 1))
    make_article("خبر آخر عن سرت", title="خبر من صحيفة أخرى", source="Libya Herald", published_on=date(2015, 7, 2))
    page = client.get(article.get_absolute_url()).content.decode()
    assert '<bdi class="date">2015-07-01</bdi> · <bdi>صحيفة عكاظ</bdi>' in page
    assert '<bdi class="name" dir="rtl">صحيفة عكاظ</bdi>' in page  # the citation
    results = client.get("/search", {"q": "سرت"}).content.decode()
    assert "<bdi>صحيفة عكاظ</bdi>" in results and "<bdi>Libya Herald</bdi>" in results
    assert ">okaz<" not in results
    filtered = client.get("/search", {"q": "سرت", "source": "okaz"}).content.decode()
    assert "خبر من عكاظ" in filtered and "خبر من صحيفة أخرى" not in filtered
    assert '<bdi>صحيفة عكاظ</bdi> <a href="?q=' in filtered  # the active filter, by name


def test_a_paper_whose_name_is_a_region_s_is_called_a_paper_in_its_facet(client, db):
    make_article("خبر عن سرت", title="خبر", source="aawsat")
    make_article("خبر آخر عن سرت", title="خبر آخر", source="aleqtisadiya")
    results = client.get("/search", {"q": "سرت"}).content.decode()
    assert "<bdi>صحيفة الشرق الأوسط</bdi>" in results and "<bdi>صحيفة الاقتصادية</bdi>" in results


def test_the_dates_of_a_date_filter_read_left_to_right_in_its_chip(client, db):
    make_article("خبر عن سرت", title="خبر", published_on=date(2015, 7, 25))
    page = client.get("/search", {"q": "سرت", "from": "2015-07-25", "to": "2015-07-26"}).content.decode()
    assert "<bdi>من \u20662015-07-25\u2069</bdi>" in page
    assert "<bdi>إلى \u20662015-07-26\u2069</bdi>" in page


def test_a_date_that_is_no_date_is_searched_without_and_the_page_says_so(client, db):
    make_article("خبر عن سرت", title="خبر", published_on=date(2015, 7, 25))
    page = client.get("/search", {"q": "سرت", "from": "2015-13-45", "to": "2015-07-31"}).content.decode()
    assert "بُحث دون التاريخ «من» لأن «<bdi dir=\"ltr\">2015-13-45</bdi>» ليس تاريخًا صحيحًا" in page
    assert "<bdi>إلى \u20662015-07-31\u2069</bdi>" in page and 'href="/articles/' in page
    without = re.search(r'<a href="([^"]+)">احذفه من هذا البحث</a>', page).group(1)
    assert html_module.unescape(without) == "?q=%D8%B3%D8%B1%D8%AA&to=2015-07-31"


def test_a_passage_longer_than_a_query_is_searched_to_its_last_whole_word_and_the_page_says_so(client, db):
    passage = " ".join(["قالت مصادر مطلعة إن المفاوضات بين الأطراف الليبية استؤنفت في الصخيرات"] * 8)  # 559 characters
    make_article(f"مقدمة. {passage} خاتمة.", title="المفاوضات")
    query = f'"{passage}"'
    assert query[495:505] == " مصادر مطل"  # the limit of 500 falls inside مصادر
    page = client.get("/search", {"q": query}).content.decode()
    assert 'href="/articles/' in page
    assert "أطول من <bdi>500</bdi> حرف، فبُحث بكلماته الأولى حتى هذا الحد، وهي ما في العنوان أدناه." in page
    assert f"لـ«<bdi>{html_module.escape(query[:495])}</bdi>»" in page, "the heading of the results"
    nothing = client.get("/search", {"q": "زخرفات " * 90}).content.decode()  # no article holds it: no heading of results
    assert "حتى هذا الحد: «<bdi>" + " ".join(["زخرفات"] * 71) + "</bdi>»." in nothing
    assert f'value="{html_module.escape(query)}"' in page  # the box keeps all that was typed
    assert "query-cut" not in client.get("/search", {"q": "المفاوضات"}).content.decode()
    assert "query-cut" not in client.get("/search", {"q": "المفاوضات" + " " * 600}).content.decode()


def test_a_range_given_end_first_finds_nothing_and_offers_the_days_in_order(client, db):
    make_article("خبر عن سرت", title="خبر", published_on=date(2015, 7, 25))
    page = client.get("/search", {"q": "سرت", "from": "2015-07-30", "to": "2015-07-22"}).content.decode()
    assert "تاريخ «من» بعد تاريخ «إلى»، فلا مقالة بينهما." in page
    swapped = re.search(r'<a href="([^"]+)">ابحث بين التاريخين نفسيهما، الأقدم أولًا</a>', page).group(1)
    assert html_module.unescape(swapped) == "?q=%D8%B3%D8%B1%D8%AA&from=2015-07-22&to=2015-07-30"
    assert 'href="/articles/' in client.get("/search" + html_module.unescape(swapped)).content.decode()


def test_paragraphs_a_paper_parts_by_a_lone_no_break_space_are_paragraphs_on_the_page(client, db):
    body = "أعلن النادي التعاقد مع لاعب جديد. \u00a0 ويتميز اللاعب بسرعته. \u00a0 \u00a0 وكان اللاعب\u00a0محط الأنظار."
    article = make_article(body, title="النادي يتعاقد")
    page = client.get(article.get_absolute_url()).content.decode()
    text = page[page.index('<div class="article-body">') : page.index("</div>", page.index('<div class="article-body">'))]
    assert re.findall(r"<p>(.*?)</p>", text) == ["أعلن النادي التعاقد مع لاعب جديد.", "ويتميز اللاعب بسرعته.", "وكان اللاعب\u00a0محط الأنظار."]


def test_the_article_list_pages_newest_first(client, db):
    for number in range(25):
        make_article(f"مقالة رقم {number} عن سرت", title=f"مقالة {number}")
    first = client.get(reverse("article_list")).content.decode()
    titles = re.findall(r'class="title" href="/articles/\d+/">([^<]+)</a>', first)
    assert titles == [f"مقالة {number}" for number in range(24, 4, -1)]
    next_page = re.search(r'<a href="\?(after=[\d.]+)" rel="next">', first).group(1)
    second = client.get(f"{reverse('article_list')}?{next_page}").content.decode()
    assert re.findall(r'class="title" href="/articles/\d+/">([^<]+)</a>', second) == [f"مقالة {n}" for n in range(4, -1, -1)]
    assert 'rel="next"' not in second


def test_a_page_of_the_article_list_past_the_oldest_says_there_is_none_older(client, db):
    oldest = make_article("مقالة عن سرت", title="أقدم مقالة", published_on=date(2015, 7, 1))
    html = client.get(reverse("article_list"), {"after": oldest.cursor}).content.decode()
    assert "<li>لا مقالات أقدم منها.</li>" in html and "لا توجد مقالات بعد" not in html
    assert '<a href="?">→ الأحدث</a>' in html


def test_the_search_page_with_a_trailing_slash_sends_the_reader_to_it_with_the_query(client, db):
    response = client.get("/search/", {"q": "لبنان", "sort": "date"})
    assert response.status_code == 301 and response["Location"] == "/search?q=%D9%84%D8%A8%D9%86%D8%A7%D9%86&sort=date"


def test_the_search_page_shows_highlighted_results(client, seed_archive):
    html = client.get("/search", {"q": "داعش"}).content.decode()
    assert "<bdi>5</bdi> نتائج" in html
    assert "<mark>داعش</mark>" in html


def test_a_search_with_two_results_says_so_in_the_dual_without_a_number(client, db):
    make_article("ارتفع سعر النفط في طرابلس.")
    make_article("انخفض سعر النفط في بنغازي.")
    html = client.get("/search", {"q": "النفط"}).content.decode()
    assert '<h2 class="count">نتيجتان لـ«<bdi>النفط</bdi>»</h2>' in html


def test_a_query_pasted_from_a_pages_source_is_searched_as_the_page_shows_it(client, db):
    article = make_article("ارتفع سعر النفط في طرابلس.", title="سعر النفط")
    make_article("النفط في بنغازي، وسعر الذهب.", title="الذهب")
    for pasted in ("&quot;سعر النفط&quot;", '<b>"سعر</b> <i>النفط"</i>', "&quot;سعر&nbsp;النفط&quot;", "&amp;quot;سعر النفط&amp;quot;"):
        html = client.get("/search", {"q": pasted}).content.decode()
        assert re.findall(r'<a class="title" href="([^"?]+)', html) == [article.get_absolute_url()], pasted
        assert "نتيجة واحدة لـ«<bdi>&quot;سعر النفط&quot;</bdi>»" in html, pasted
        assert "هل تقصد" not in html, pasted
    api = client.get("/api/search", {"q": "&quot;سعر النفط&quot;"}).json()
    assert [hit["id"] for hit in api["results"]] == [article.id]


def test_an_article_holding_a_word_seventeen_times_counts_them_as_arabic_does(client, db):
    article = make_article("ارتفع سعر النفط. " * 17)
    html = client.get(article.get_absolute_url(), {"q": "النفط"}).content.decode()
    assert "<bdi>17</bdi> موضعًا لـ«<bdi>النفط</bdi>»." in html


def test_an_actor_no_article_names_says_so_instead_of_counting_none(client, db):
    make_actor("عقيلة صالح", slug="saleh")
    for url in ("/actors/saleh/", "/actors/", "/actors/saleh/mentions/"):
        html = client.get(url).content.decode()
        assert "لم يرد الاسم في أي مقالة" in html and "<bdi>0</bdi>" not in html, url
    assert 'href="/actors/saleh/mentions/"' not in client.get("/actors/saleh/").content.decode()


def test_the_search_page_shows_articles_lacking_a_word_apart_and_strikes_the_word(client, db):
    make_article("الطائرات تقصف مواقع التنظيم ووعدة أخرى.", title="الطائرات تقصف مواقع التنظيم")
    make_article("قصفت قوات النظام عدة مدن في الشمال.", title="قوات النظام تقصف عدة مدن")
    html = client.get("/search", {"q": "تقصف وعدة"}).content.decode()
    matches, some_words = html.split('id="some-words-heading"')
    assert "الطائرات تقصف مواقع التنظيم" in matches and "&amp;n=1#hit-1" in matches
    assert "مقالات تحمل بعض كلمات البحث لا كلها" in some_words
    assert "قوات النظام تقصف عدة مدن" in some_words and "&amp;n=" not in some_words
    assert "ليس فيها: <s><bdi>وعدة</bdi></s>" in some_words
    assert f'<a href="?q={quote("تقصف")}">ابحث دونها</a>' in some_words


def test_a_later_page_of_a_search_by_date_links_back_to_the_newest(client, db):
    for day in range(1, 22):  # a page of twenty and one more
        make_article(f"ارتفع سعر النفط في اليوم {day}.", published_on=date(2016, 1, day))
    first = client.get("/search", {"q": "النفط", "sort": "date"}).content.decode()
    assert "→ الأحدث" not in first
    older = html_module.unescape(re.search(r'<a href="([^"]+)" rel="next">الأقدم ←</a>', first).group(1))
    second = client.get(f"/search{older}").content.decode()
    assert re.findall(r'<a class="title"[^>]*>([^<]+)</a>', second) == ["ارتفع سعر النفط في اليوم 1."]
    newest = html_module.unescape(re.search(r'<a href="([^"]+)">→ الأحدث</a>', second).group(1))
    assert newest == "?q=%D8%A7%D9%84%D9%86%D9%81%D8%B7&sort=date"


def test_where_relevance_order_stops_short_of_the_matches_the_page_says_so_and_offers_them_all_by_date(client, db, settings):
    settings.SEARCH_RANK_LIMIT = 2
    for day in range(1, 4):
        make_article(f"ارتفع سعر النفط في اليوم {day}.", published_on=date(2016, 1, day))
    html = client.get("/search", {"q": "النفط"}).content.decode()
    note = re.search(r'<p class="meta relevance-limit">(.*?)</p>', html).group(1)
    assert note.startswith("تصل صفحات الترتيب حسب الصلة إلى نتيجتين من المطابقات، تُختار من أحدثها ومما تحمل عناوينه كلمات البحث")
    assert '<a href="?q=%D8%A7%D9%84%D9%86%D9%81%D8%B7&amp;sort=date">تصفّح النتائج كلها، الأحدث أولًا</a>' in note
    assert "relevance-limit" not in client.get("/search", {"q": "النفط", "sort": "date"}).content.decode()
    settings.SEARCH_RANK_LIMIT = 3
    assert "relevance-limit" not in client.get("/search", {"q": "سعر النفط"}).content.decode()


def test_a_search_page_past_the_last_sends_the_reader_to_the_last_page(client, db):
    for number in range(21):  # two pages of twenty
        make_article(f"ارتفع سعر النفط في اليوم {number}.")
    response = client.get("/search", {"q": "النفط", "entities": "0", "page": "99"})
    assert response.status_code == 302
    assert response["Location"] == "/search?q=%D8%A7%D9%84%D9%86%D9%81%D8%B7&entities=0&page=2"
    last = client.get(response["Location"]).content.decode()
    assert last.count('<a class="title"') == 1 and "صفحة <bdi>2</bdi> من <bdi>2</bdi>" in last
    nothing = client.get("/search", {"q": "الغاز", "page": "2"})
    assert nothing.status_code == 302 and nothing["Location"] == "/search?q=%D8%A7%D9%84%D8%BA%D8%A7%D8%B2"


@pytest.mark.parametrize("path", ["/articles/", "/actors/khalifa-haftar/", "/actors/khalifa-haftar/mentions/"])
def test_a_page_number_on_a_list_paged_by_cursor_sends_the_reader_to_its_first_page_by_its_address(client, db, path):
    make_actor("خليفة حفتر", "حفتر", slug="khalifa-haftar")
    make_article("قال حفتر إن قواته تتقدم.")
    response = client.get(path, {"page": "9999"})
    assert response.status_code == 302 and response["Location"] == path
    assert client.get(path, {"page": "2", "after": "x"})["Location"] == f"{path}?after=x"
    assert client.get(response["Location"]).status_code == 200


def test_a_page_number_in_date_order_sends_the_reader_to_its_first_page_by_its_address(client, db):
    make_article("ارتفع سعر النفط.")
    response = client.get("/search", {"q": "النفط", "sort": "date", "page": "100"})
    assert response.status_code == 302 and response["Location"] == "/search?q=%D8%A7%D9%84%D9%86%D9%81%D8%B7&sort=date"
    assert client.get(response["Location"]).status_code == 200


@pytest.mark.parametrize("query", ["", "   ", '"', "-", "or", "!!!", "&&|", "<script>", "a" * 5000, "\x00", "داعش'; --"])
def test_any_query_returns_a_page(client, seed_archive, query):
    response = client.get("/search", {"q": query})
    assert response.status_code == 200
    assert "<script>" not in response.content.decode().split("<main")[1]


def test_the_search_api_returns_the_documented_contract(client, seed_archive):
    data = client.get("/api/search", {"q": "حفتر", "page_size": 3}).json()
    assert data["count"] == 4
    assert len(data["results"]) == 3
    first = data["results"][0]
    assert set(first) == {"id", "url", "title", "source_name", "source", "source_label", "published_on", "rank", "snippet", "also_in"}
    assert first["url"] == f"http://testserver/articles/{first['id']}/"
    assert "<mark>" in first["snippet"]
    second_page = client.get("/api/search", {"q": "حفتر", "page_size": 3, "page": 2}).json()
    assert len(second_page["results"]) == 1
    assert {r["id"] for r in data["results"]}.isdisjoint(r["id"] for r in second_page["results"])


def test_the_search_api_lists_articles_lacking_a_word_apart_from_the_matches_with_the_word(client, db):
    make_article("الطائرات تقصف مواقع التنظيم ووعدة أخرى.", title="الطائرات تقصف مواقع التنظيم")
    make_article("قصفت قوات النظام عدة مدن في الشمال.", title="قوات النظام تقصف عدة مدن")
    assert client.get("/api/search", {"q": "تقصف وعدة"}).json()["some_words"] == []  # not asked for
    data = client.get("/api/search", {"q": "تقصف وعدة", "some_words": "1"}).json()
    assert data["count"] == 1
    assert [hit["title"] for hit in data["results"]] == ["الطائرات تقصف مواقع التنظيم"]
    assert [(hit["title"], hit["missing"]) for hit in data["some_words"]] == [("قوات النظام تقصف عدة مدن", ["وعدة"])]


def test_the_search_api_in_date_order_has_no_rank(client, seed_archive):
    data = client.get("/api/search", {"q": "حفتر", "sort": "date"}).json()
    assert data["count"] == 4 and [hit["rank"] for hit in data["results"]] == [None] * 4


@pytest.mark.parametrize("params", [{"page": "x"}, {"page": "0"}, {"page_size": "-3"}, {"page_size": "1000"}])
def test_the_search_api_rejects_bad_paging_with_a_message(client, db, params):
    response = client.get("/api/search", {"q": "سرت", **params})
    assert response.status_code == 400
    assert "page" in response.json()["error"]


@pytest.mark.parametrize("query", ["", '"unclosed', "-", "or or or", "\u202e\u200f", "x" * 10_000])
def test_the_search_api_answers_any_query(client, db, query):
    response = client.get("/api/search", {"q": query})
    assert response.status_code == 200
    assert response.json()["count"] == 0


def test_browsers_find_the_icon_at_the_site_root(client, db):
    response = client.get("/favicon.ico")
    assert response.status_code == 200
    assert response["Content-Type"] == "image/x-icon"


def test_the_search_page_says_which_names_the_query_was_read_as_and_offers_to_stop(client, seed_archive):
    html = client.get("/search", {"q": "Haftar"}).content.decode()
    assert "<bdi>4</bdi> نتائج" in html
    assert "قُرئ <strong>خليفة حفتر</strong> في البحث اسمًا: تطابقه المقالات التي تذكره بأي اسم أو تهجئة" in html
    assert 'href="?q=Haftar&amp;entities=0"' in html
    words_only = client.get("/search", {"q": "Haftar", "entities": "0"}).content.decode()
    assert "لا توجد نتائج لـ«<bdi>Haftar</bdi>»." in words_only
    assert "شغّل مطابقة الأسماء" in words_only


def test_a_query_read_as_two_names_says_so_in_the_dual(client, db):
    make_actor("خليفة حفتر", "حفتر", slug="khalifa-haftar")
    make_place("سرت", slug="sirte")
    make_article("قوات حفتر تتقدم نحو سرت.")
    html = client.get("/search", {"q": "حفتر سرت"}).content.decode()
    assert "قُرئ <strong>خليفة حفتر</strong> و<strong>سرت</strong> في البحث اسمين: تطابقهما المقالات" in html


def test_a_search_that_finds_nothing_links_a_suggestion(client, seed_archive):
    html = client.get("/search", {"q": "حفتير"}).content.decode()
    assert "لا توجد نتائج لـ«<bdi>حفتير</bdi>»." in html
    assert 'href="?q=%D8%AD%D9%81%D8%AA%D8%B1"><bdi>حفتر</bdi></a>' in html


def test_a_search_that_finds_nothing_does_not_say_what_else_its_results_match(client, seed_archive):
    html = client.get("/search", {"q": "حفتر البطاطس"}).content.decode()
    assert "لا توجد نتائج" in html
    assert "في البحث اسمًا" not in html and "<strong>خليفة حفتر</strong>" not in html


def test_a_search_that_finds_nothing_offers_to_drop_its_filters_or_browse_every_article(client, seed_archive):
    filtered = client.get("/search", {"q": "داعش", "place": "egypt", "from": "2030-01-01", "sort": "date"}).content.decode()
    assert "لا توجد نتائج" in filtered
    assert '<a href="?q=%D8%AF%D8%A7%D8%B9%D8%B4&amp;sort=date">ابحث دون المرشحات</a>' in filtered
    assert '<a href="/articles/">تصفّح كل المقالات</a>' in filtered
    unfiltered = client.get("/search", {"q": "البطاطس"}).content.decode()
    assert "ابحث دون المرشحات" not in unfiltered and '<a href="/articles/">تصفّح كل المقالات</a>' in unfiltered
    found = client.get("/search", {"q": "داعش", "place": "sirte"}).content.decode()
    assert "ابحث دون المرشحات" not in found and "تصفّح كل المقالات" not in found


def test_the_actor_index_filters_by_kind_and_sorts(client, seed_archive):
    by_articles = client.get("/actors/").content.decode()
    assert by_articles.index("/actors/isis/") < by_articles.index("/actors/ali-kanna/")
    people = client.get("/actors/", {"kind": "person", "sort": "name"}).content.decode()
    assert "/actors/khalifa-haftar/" in people and "/actors/isis/" not in people
    names = re.findall(r'<a class="title" href="/actors/[^"]+/">([^<]+)</a>', people)
    assert names == sorted(names)


def test_the_place_index_lists_places_with_their_article_counts(client, seed_archive):
    html = client.get("/places/", {"kind": "city"}).content.decode()
    assert "/places/sirte/" in html and "/places/egypt/" not in html
    assert re.search(r'href="/places/sirte/">سرت</a>.*?<bdi>4</bdi> مقالات', html, re.S)


def test_a_libyan_place_is_marked_on_the_map_of_libya(client, seed_archive):
    html = client.get("/places/sirte/").content.decode()
    assert '<path class="country libya"' in html
    marker = re.search(r'<circle class="marker" cx="([\d.]+)" cy="([\d.]+)"', html)
    x, y = float(marker.group(1)), float(marker.group(2))
    # Sirte lies on the coast, a little west of the middle of Libya's northern edge.
    assert 150 < x < 220 and 60 < y < 120


def test_a_place_abroad_is_marked_on_the_world_map_whose_countries_carry_no_english_names(client, seed_archive):
    html = client.get("/places/russia/").content.decode()
    svg = html[html.index('<svg class="place-map"') : html.index("</svg>", html.index('<svg class="place-map"'))]
    assert '<circle class="marker"' in svg and svg.count('<path class="country') > 100, "the world's countries"
    assert not re.search(r'<path class="country[^>]*"><title>', svg), "no English tooltip on each country of an Arabic page"


def test_the_world_map_draws_no_line_across_the_world_where_a_country_crosses_180_degrees(client, seed_archive):
    html = client.get("/places/russia/").content.decode()
    width = int(re.search(r'<svg class="place-map" viewBox="0 0 (\d+) ', html).group(1))
    paths = re.findall(r'<path class="country[^"]*" d="([^"]+)"', html)
    assert len(paths) > 100  # Russia and Fiji among them
    for path in paths:
        for subpath in path.split("M")[1:]:
            xs = [float(point.split(",")[0]) for point in re.findall(r"-?[\d.]+,-?[\d.]+", subpath)]
            assert max((abs(b - a) for a, b in zip(xs, xs[1:])), default=0) < width / 2


def test_the_actor_page_draws_its_companions_as_a_graph(client, seed_archive):
    html = client.get("/actors/khalifa-haftar/").content.decode()
    graph = html[html.index('<svg class="graph"') : html.index("</svg>", html.index('<svg class="graph"'))]
    assert '<a href="/actors/isis/">' in graph and "داعش (4)" in graph


def test_the_graph_says_what_it_shows_and_tells_actors_from_places_in_a_legend(client, seed_archive):
    html = client.get("/actors/khalifa-haftar/").content.decode()
    assert "من يُذكر مع خليفة حفتر في المقالات نفسها: كلما غلُظ الخط كثرت المقالات المشتركة، وعددها بين القوسين." in html
    legend = re.search(r'<ul class="legend" aria-label="مفتاح الشبكة">(.*?)</ul>', html).group(1)
    assert re.findall(r'<circle class="node (\w+)"[^>]*/></svg> (\w+)</li>', legend) == [("actor", "فاعل"), ("place", "مكان")]
    assert '<svg class="graph"' in html and 'role="group"' in html  # its links each reachable, not one image


def test_the_graph_says_whether_it_is_drawn_from_every_article_naming_its_actor_or_the_newest(client, seed_archive, monkeypatch):
    html = client.get("/actors/khalifa-haftar/").content.decode()
    assert "وعددها بين القوسين. يُحسب ذلك\n    في كل المقالات التي ورد فيها الاسم." in html
    monkeypatch.setattr(selectors.entities, "COMPANION_SAMPLE", 2)
    editions.archive_changed()
    html = client.get("/actors/khalifa-haftar/").content.decode()
    assert "يُحسب ذلك\n    في أحدث مقالتين ورد فيهما الاسم." in html


def test_the_graph_follows_a_rename_of_its_actor_at_once(client, seed_archive):
    client.get("/actors/khalifa-haftar/")
    haftar = Actor.objects.get(slug="khalifa-haftar")
    haftar.name = "المشير خليفة حفتر"
    haftar.save()
    services.entity_saved(haftar)  # as the admin saves an edit
    html = client.get("/actors/khalifa-haftar/").content.decode()
    assert 'aria-label="من يظهر مع المشير خليفة حفتر في المقالات"' in html


JUNK = "junkparameter" + "x" * 500


def test_the_search_page_carries_its_search_into_its_links_and_nothing_else(client, seed_archive):
    html = client.get("/search", {"q": "حفتر", "place": "sirte", JUNK: JUNK, "page_size": "7", "utm_source": JUNK}).content.decode()
    assert JUNK not in html and "page_size" not in html and "utm_source" not in html
    assert 'href="/search/export.csv?q=%D8%AD%D9%81%D8%AA%D8%B1&amp;place=sirte" download' in html
    assert html.count("place=sirte") > 10  # the facets, years, orders and downloads keep the search


def test_a_search_repeating_a_filter_past_the_limit_links_only_the_values_it_counts(client, seed_archive, settings):
    settings.SEARCH_MAX_REPEATS = 2
    for source in ("a", "b", "c-is-not-counted"):
        make_article(f"خبر عن حفتر من {source}", source=source)
    html = client.get("/search", {"q": "حفتر", "source": ["a", "b", "c-is-not-counted"]}).content.decode()
    assert "source=b" in html and "c-is-not-counted" not in html


def test_the_pages_of_a_list_carry_what_the_list_reads_and_nothing_else(client, db):
    for number in range(21):
        make_article(f"مقالة رقم {number} عن سرت", title=f"مقالة {number}")
    for number in range(51):
        make_actor(f"فاعل {number}", kind=Actor.Kind.PERSON)
    articles = client.get(reverse("article_list"), {JUNK: "1"}).content.decode()
    assert JUNK not in articles and re.search(r'<a href="\?after=[\d.]+" rel="next">', articles)
    actors = client.get(reverse("actor_list"), {"kind": "person", JUNK: "1"}).content.decode()
    assert JUNK not in actors and 'href="?kind=person&amp;page=2" rel="next"' in actors


def test_an_article_opened_from_a_search_links_back_to_that_search_and_nothing_else(client, sirte_article):
    html = client.get(sirte_article.get_absolute_url(), {"q": "سرت", "sort": "date", JUNK: "1"}).content.decode()
    day = sirte_article.published_on.isoformat() if sirte_article.published_on else ""
    assert JUNK not in html  # back to the page of results in date order that starts at it
    assert f'href="/search?q=%D8%B3%D8%B1%D8%AA&amp;sort=date&amp;after={day}.{sirte_article.pk + 1}">' in html


def test_a_list_page_past_the_last_sends_the_reader_to_the_last_page(client, db):
    for number in range(51):
        make_actor(f"فاعل {number}", kind=Actor.Kind.PERSON)
    response = client.get(reverse("actor_list"), {"kind": "person", "page": "99"})
    assert response.status_code == 302 and response["Location"] == "/actors/?kind=person&page=2"
    assert client.get(reverse("place_list"), {"page": "7"})["Location"] == "/places/"
    assert "فاعل" in client.get(response["Location"]).content.decode()


def test_a_page_number_past_any_bound_is_the_last_page_on_the_site_and_named_as_too_large_by_the_api(client, db):
    for number in range(21):  # two pages of twenty
        make_article(f"ارتفع سعر النفط في اليوم {number}.")
    for typed in ("1000000", "99999999", "9" * 5000, "000000000000003"):
        response = client.get("/search", {"q": "النفط", "entities": "0", "page": typed})
        assert (response.status_code, response["Location"]) == (302, "/search?q=%D8%A7%D9%84%D9%86%D9%81%D8%B7&entities=0&page=2"), typed[:10]
    api = client.get("/api/search", {"q": "النفط", "page": "1000000"})
    assert (api.status_code, api.json()["error"]) == (400, "page: must be at most 999999")


def test_a_date_in_arabic_indic_digits_narrows_a_search_as_in_western_ones(client, db):
    make_article("خبر عن سرت", title="في الموعد", published_on=date(2015, 7, 25))
    make_article("خبر آخر عن سرت", title="قبله", published_on=date(2015, 7, 20))
    page = client.get("/search", {"q": "سرت", "from": "٢٠١٥-٠٧-٢٤"}).content.decode()
    assert re.findall(r'class="title" href="[^"]+">(.*?)</a>', page) == ["في الموعد"]
    assert "ignored-date" not in page


def test_a_page_number_in_arabic_indic_digits_is_read_as_in_western_ones(client, db):
    for number in range(21):  # two pages of twenty
        make_article(f"ارتفع سعر النفط في اليوم {number}.")
    page = client.get("/search", {"q": "النفط", "entities": "0", "page": "٠٠٢"}).content.decode()
    assert "صفحة <bdi>2</bdi> من <bdi>2</bdi>" in page
    assert client.get("/api/search", {"q": "النفط", "page": "٠"}).status_code == 400


def test_an_article_opened_from_a_search_for_a_name_written_as_one_word_marks_it_there(client, db):
    article = make_article("استقبل الملك سلمان بن عبدالعزيز الوفد في الرياض.", title="استقبال")
    html = client.get(article.get_absolute_url(), {"q": "عبدالعزيز"}).content.decode()
    assert "<mark" in html and "عبدالعزيز</mark>" in html
    assert "في نص المقالة نفسه" not in html


def test_the_search_box_takes_no_more_than_a_search_reads(client, db):
    # More would make a URL gunicorn refuses (414, in English) before the page could say it was cut.
    html = client.get("/about/").content.decode()
    assert 'name="q"' in html and f'maxlength="{MAX_QUERY_LENGTH}"' in html


def test_an_estimated_article_count_is_said_to_two_figures_as_about_reads(client, db, monkeypatch):
    monkeypatch.setattr("libya_archive.archive.models.articles.table_estimate", lambda table: 14_848)
    assert "يضم الأرشيف نحو <bdi>15000</bdi> مقالة." in client.get("/").content.decode()
