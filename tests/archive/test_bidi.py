from libya_archive.archive.templatetags.bidi import latin_isolated
from tests.factories import make_article


def test_each_run_of_latin_words_in_arabic_text_reads_whole_left_to_right():
    assert latin_isolated("أبل تتيح “iOS 9″ للمستخدمين") == 'أبل تتيح “<bdi dir="ltr">iOS 9</bdi>″ للمستخدمين'
    assert latin_isolated("تطبيقا “google play” و “AT&T”") == (
        'تطبيقا “<bdi dir="ltr">google play</bdi>” و “<bdi dir="ltr">AT&amp;T</bdi>”'
    )
    assert latin_isolated("عام 2015 في ليبيا") == "عام 2015 في ليبيا", "numbers alone read right in Arabic text"


def test_a_title_is_escaped_and_one_without_arabic_left_to_its_own_direction():
    assert latin_isolated("خبر <عاجل> & مهم") == "خبر &lt;عاجل&gt; &amp; مهم"
    assert latin_isolated("Apple & Google.") == "<bdi>Apple &amp; Google.</bdi>", "in its own direction"
    assert latin_isolated("") == ""


def test_search_results_and_the_article_page_isolate_the_latin_words_of_a_title(client, db):
    article = make_article("أتاحت أبل النسخة التجريبية من نظامها للمستخدمين.", title="أبل تتيح “iOS 9″ للمستخدمين")
    isolated = 'أبل تتيح “<bdi dir="ltr">iOS 9</bdi>″ للمستخدمين'
    assert isolated in client.get("/search", {"q": "أبل"}).content.decode()
    assert f"<h1>{isolated}</h1>" in client.get(article.get_absolute_url()).content.decode()


def test_a_paragraph_of_the_article_page_without_arabic_reads_left_to_right(client, db):
    article = make_article("قائمة الأفلام المختارة:\n\n7. Claire's Knee | Eric Rohmer (France)\n\n***\n\nانتهت القائمة.")
    page = client.get(article.get_absolute_url()).content.decode()
    assert "<p dir=\"auto\">7. Claire&#x27;s Knee | Eric Rohmer (France)</p>" in page
    # A paragraph of no letter stays in the page's direction.
    assert "<p>قائمة الأفلام المختارة:</p>" in page and "<p>***</p>" in page and "<p>انتهت القائمة.</p>" in page
