import json
import re
from datetime import date

from django.utils import timezone
from django.utils.html import strip_tags

from libya_archive.archive.citation import citation_html
from libya_archive.archive.models import Article
from tests.factories import make_actor, make_article, make_place


def json_ld(html: str) -> list[dict]:
    head = html.split("</head>")[0]
    return [
        json.loads(block) for block in re.findall(r'<script type="application/ld\+json">(.*?)</script>', head, re.S)
    ]


def test_the_article_page_shows_its_permalink_and_a_citation_to_copy(client, db):
    article = make_article(
        "نص المقالة عن سرت.",
        title="معركة سرت",
        published_on=date(2016, 5, 10),
        source="The Telegraph",
        url="https://example.org/a",
    )
    html = client.get(article.get_absolute_url()).content.decode()
    permalink = f"http://testserver/articles/{article.pk}/"
    assert f'<link rel="canonical" href="{permalink}">' in html
    assert f'الرابط الدائم: <a href="{permalink}" dir="ltr">{permalink}</a>' in html
    today = timezone.localdate().isoformat()
    citation = re.search(r'<p id="citation" class="citation" data-copy>(.*?)</p>', html).group(1)
    assert strip_tags(citation) == (
        f"«معركة سرت»، The Telegraph، 2016-05-10. أرشيف أخبار ليبيا، {permalink} (تاريخ الاطلاع: {today})."
        " الأصل: https://example.org/a"
    )
    # Each URL and date stands whole in its own direction inside the Arabic sentence.
    assert re.findall(r'<bdi dir="ltr" class="url">([^<]+)</bdi>', citation) == [permalink, "https://example.org/a"]
    assert re.findall(r'<bdi class="date">([^<]+)</bdi>', citation) == ["2016-05-10", today]
    assert '<bdi class="name" dir="rtl">معركة سرت</bdi>' in citation
    assert '<bdi class="name" dir="auto">The Telegraph</bdi>' in citation


def test_an_arabic_title_opening_with_a_latin_name_reads_right_to_left_where_it_is_quoted(client, db):
    latin_first = make_article("تطبيق جديد لحذف الملفات نهائيا.", title="Super Erase .. تطبيق لأندرويد")
    other = make_article("تطبيق آخر لحذف الملفات.", title="تطبيق")
    html = client.get(latin_first.get_absolute_url()).content.decode()
    assert '<bdi class="name" dir="rtl">Super Erase .. تطبيق لأندرويد</bdi>' in html
    # Opened from the first result of a search whose second is the title opening in Latin.
    opened = client.get(other.get_absolute_url(), {"q": "تطبيق", "n": "1"}).content.decode()
    assert 'النتيجة التالية: <bdi dir="rtl">Super Erase .. تطبيق لأندرويد</bdi> ←' in opened


def test_a_citation_without_source_or_date_says_no_date():
    article = Article(title="خبر", body="نص")
    html = citation_html(article, permalink="http://archive.example/articles/7/", accessed=date(2026, 1, 2))
    assert strip_tags(html) == "«خبر»، د.ت. أرشيف أخبار ليبيا، http://archive.example/articles/7/ (تاريخ الاطلاع: 2026-01-02)."


def test_the_citation_is_escaped_and_the_copy_button_is_a_script_file(client, db):
    article = make_article("نص", title="</textarea><script>alert(1)</script>")
    html = client.get(article.get_absolute_url()).content.decode()
    assert "<script>alert(1)" not in html
    assert "«<bdi class=\"name\" dir=\"auto\">&lt;/textarea&gt;&lt;script&gt;alert(1)&lt;/script&gt;</bdi>»" in html
    scripts = re.findall(r"<script([^>]*)>", html)
    assert scripts == [' type="application/ld+json"', ' src="/static/js/copy.js" defer'], "no inline script"


def test_the_page_head_carries_a_news_article_in_json_ld(client, db):
    make_actor("خليفة حفتر", "حفتر", slug="khalifa-haftar")
    make_actor("الأمم المتحدة", kind="organisation", slug="united-nations")
    make_place("سرت", slug="sirte")
    article = make_article(
        "حفتر والأمم المتحدة في سرت.",
        title="حفتر في سرت",
        published_on=date(2016, 5, 10),
        source="الوسط",
        url="https://example.org/b",
    )
    [data] = json_ld(client.get(article.get_absolute_url()).content.decode())
    permalink = f"http://testserver/articles/{article.pk}/"
    assert data["@context"] == "https://schema.org" and data["@type"] == "NewsArticle"
    assert data["headline"] == "حفتر في سرت"
    assert data["url"] == data["mainEntityOfPage"] == permalink
    assert data["datePublished"] == "2016-05-10"
    assert data["inLanguage"] == "ar"
    assert data["publisher"] == {"@type": "Organization", "name": "الوسط"}
    assert data["isBasedOn"] == "https://example.org/b"
    assert data["mentions"] == [  # as the page's side bar orders them
        {"@type": "Organization", "name": "الأمم المتحدة", "url": "http://testserver/actors/united-nations/"},
        {"@type": "Person", "name": "خليفة حفتر", "url": "http://testserver/actors/khalifa-haftar/"},
        {"@type": "Place", "name": "سرت", "url": "http://testserver/places/sirte/"},
    ]


def test_json_ld_cannot_close_its_script_element_whatever_the_title(client, db):
    title = '</script><script>alert(1)</script><!-- & "quoted"'
    article = make_article("نص عن سرت", title=title)
    html = client.get(article.get_absolute_url()).content.decode()
    head = html.split("</head>")[0]
    assert head.count("</script>") == 2  # the JSON-LD and copy.js, nothing the title opened
    assert "<!--" not in head
    assert "\\u003C/script\\u003E" in head
    assert json_ld(html)[0]["headline"] == title


def test_an_article_opened_at_its_hits_still_runs_script_files_only(client, db):
    article = make_article("حفتر في سرت، وحفتر في بنغازي.", title="حفتر")
    html = client.get(article.get_absolute_url(), {"q": "حفتر"}).content.decode()
    scripts = re.findall(r"<script([^>]*)>", html)
    assert scripts == [
        ' type="application/ld+json"',
        ' src="/static/js/hits.js" defer',
        ' src="/static/js/copy.js" defer',
    ]
    assert f'<link rel="canonical" href="http://testserver/articles/{article.pk}/">' in html
