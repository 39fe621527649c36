from libya_archive.archive.templatetags.bidi import latin_isolated
from tests.factories import make_article


def test_each_run_of_latin_words_in_arabic_text_reads_whole_left_to_right():
    assert latin_isolated("أبل تتيح “iOS 9″ للمستخدمين") == 'أبل تتيح “<bdi dir="ltr">iOS 9</bdi>″ للمستخدمين'
    assert latin_isolated("تطبيقا “google play” و “AT&T”") == (
        'تطبيقا “<bdi dir="ltr">google play</bdi>” و “<bdi dir="ltr">AT&amp;T</bdi>”'
    )
    assert latin_isolated("عام 2015 في ليبيا") == "عام 2015 في ليبيا", "numbers alone read right in Arabic text"


def test_an_address_a_link_a_handle_and_a_number_written_on_to_latin_letters_each_read_whole():
    assert latin_isolated("راسلوا q.intellectuals@gmail.com للمزيد") == 'راسلوا <bdi dir="ltr">q.intellectuals@gmail.com</bdi> للمزيد'
    assert latin_isolated("الرابط https://itunes.apple.com/app/id1012388402?mt=8 هنا") == (
        'الرابط <bdi dir="ltr">https://itunes.apple.com/app/id1012388402?mt=8</bdi> هنا'
    )
    assert latin_isolated("تابعوه twitter:@Dr_Ahmed25 و@ahmed_x") == (
        'تابعوه <bdi dir="ltr">twitter:@Dr_Ahmed25</bdi> و<bdi dir="ltr">@ahmed_x</bdi>'
    )
    assert latin_isolated("شاشة بدقة 11k بتقنية «4G»") == 'شاشة بدقة <bdi dir="ltr">11k</bdi> بتقنية «<bdi dir="ltr">4G</bdi>»'
    assert latin_isolated("شبكة 3.5G بتردد 2.4GHz على 1,000km و٤G") == (
        'شبكة <bdi dir="ltr">3.5G</bdi> بتردد <bdi dir="ltr">2.4GHz</bdi> على <bdi dir="ltr">1,000km</bdi> و<bdi dir="ltr">٤G</bdi>'
    )
    assert latin_isolated("المصدر:CNN في عام 2015") == 'المصدر:<bdi dir="ltr">CNN</bdi> في عام 2015'


def test_a_title_is_escaped_and_one_without_arabic_left_to_its_own_direction():
    assert latin_isolated("خبر <عاجل> & مهم") == "خبر &lt;عاجل&gt; &amp; مهم"
    assert latin_isolated("Apple & Google.") == "<bdi>Apple &amp; Google.</bdi>", "in its own direction"
    assert latin_isolated("") == ""


def test_search_results_and_the_article_page_isolate_the_latin_words_of_a_title(client, db):
    article = make_article("أتاحت أبل النسخة التجريبية من نظامها للمستخدمين.", title="أبل تتيح “iOS 9″ للمستخدمين")
    isolated = 'أبل تتيح “<bdi dir="ltr">iOS 9</bdi>″ للمستخدمين'
    assert isolated in client.get("/search", {"q": "أبل"}).content.decode()
    assert f"<h1>{isolated}</h1>" in client.get(article.get_absolute_url()).content.decode()


def test_a_search_result_shows_an_address_in_its_snippet_whole(client, db):
    make_article("للتواصل مع الكاتب: q.intellectuals@gmail.com أو عبر الموقع.", title="مقالة رأي")
    page = client.get("/search", {"q": "الكاتب"}).content.decode()
    assert '<bdi dir="ltr">q.intellectuals@gmail.com</bdi>' in page


def test_a_paragraph_of_the_article_page_without_arabic_reads_left_to_right(client, db):
    article = make_article("قائمة الأفلام المختارة:\n\n7. Claire's Knee | Eric Rohmer (France)\n\n***\n\nانتهت القائمة.")
    page = client.get(article.get_absolute_url()).content.decode()
    assert "<p dir=\"auto\">7. Claire&#x27;s Knee | Eric Rohmer (France)</p>" in page
    # A paragraph of no letter stays in the page's direction.
    assert "<p>قائمة الأفلام المختارة:</p>" in page and "<p>***</p>" in page and "<p>انتهت القائمة.</p>" in page
