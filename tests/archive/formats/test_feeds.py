from datetime import date

import pytest

from libya_archive.archive.formats import Extracted, Unreadable
from libya_archive.archive.formats.feeds import entries

FULL_TEXT = "<p>أعلن المجلس الرئاسي في طرابلس تشكيل لجنة جديدة للحوار.</p><p>وقال البيان إن اللجنة ستبدأ عملها الأسبوع المقبل.</p>"


def rss(*items: str) -> bytes:
    return f"""<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/" xmlns:dc="http://purl.org/dc/elements/1.1/">
<channel><title>بوابة الوسط</title><link>https://alwasat.example/</link><description>أخبار ليبيا</description>
{"".join(items)}</channel></rss>""".encode()


def rss_item(title: str, *, description: str = "", content: str = "", date: str = "Tue, 10 May 2016 01:30:00 +0300") -> str:
    encoded = f"<content:encoded><![CDATA[{content}]]></content:encoded>" if content else ""
    return f"""<item><title>{title}</title><link>https://alwasat.example/news/{len(title)}</link>
<dc:creator>سالم الورفلي</dc:creator><pubDate>{date}</pubDate>
<description><![CDATA[{description}]]></description>{encoded}</item>"""


def test_an_rss_feed_gives_one_article_per_entry_with_its_full_text():
    found = entries(
        rss(
            rss_item("لجنة جديدة للحوار", description="<p>ملخص قصير.</p>", content=FULL_TEXT),
            rss_item("خبر بملخص فقط", description="<p>ملخص الخبر الذي لا نص كاملا له.</p>"),
        )
    )
    full, summary_only = found
    assert full.body == "أعلن المجلس الرئاسي في طرابلس تشكيل لجنة جديدة للحوار.\n\nوقال البيان إن اللجنة ستبدأ عملها الأسبوع المقبل."
    assert (full.title, full.source, full.author, full.notes) == ("لجنة جديدة للحوار", "بوابة الوسط", "سالم الورفلي", ())
    assert full.url.startswith("https://alwasat.example/news/")
    assert summary_only.body == "ملخص الخبر الذي لا نص كاملا له."
    assert summary_only.notes == ("the feed carries only a summary of this entry",)


def test_an_entrys_date_is_the_day_in_its_own_time_zone():
    """1:30 in the morning in Tripoli is the evening before in UTC: the paper's day is kept."""
    (entry,) = entries(rss(rss_item("خبر", content=FULL_TEXT)))
    assert entry.published_on == date(2016, 5, 10)


def test_an_atom_feed_gives_its_entries_content():
    feed = f"""<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>ليبيا المستقبل</title><id>urn:x</id><updated>2016-05-11T00:00:00Z</updated>
<entry><title>حوار في تونس</title><id>urn:1</id><link href="https://example.org/1"/><published>2016-05-10T08:00:00+02:00</published>
<updated>2016-05-12T08:00:00+02:00</updated><author><name>فاطمة الزوي</name></author>
<summary>ملخص</summary><content type="html"><![CDATA[{FULL_TEXT}]]></content></entry>
<entry><title>بلا نص</title><id>urn:2</id><updated>2016-05-10T08:00:00Z</updated></entry></feed>""".encode()
    first, empty = entries(feed)
    assert isinstance(first, Extracted) and first.body.startswith("أعلن المجلس الرئاسي")
    assert (first.title, first.published_on, first.author, first.source, first.url) == (
        "حوار في تونس", date(2016, 5, 10), "فاطمة الزوي", "ليبيا المستقبل", "https://example.org/1"
    )
    assert isinstance(empty, Unreadable) and str(empty) == "the entry has no text"


def test_a_file_that_is_no_feed_is_reported_as_such():
    with pytest.raises(Unreadable, match="not an RSS or Atom feed"):
        entries(b"<?xml version='1.0'?><catalog><book>x</book></catalog>")


def test_a_reference_to_no_character_costs_that_character_not_the_feed():
    first = "<p>نص &#xD800;الخبر &#1; &#x0000000001; الأول &#0000001604;.</p>"  # zeros before a number count for nothing
    found = entries(rss(rss_item("خبر أول", description=first), rss_item("خبر ثان", description="<p>نص الخبر الثاني.</p>")))
    assert [entry.body for entry in found] == ["نص \ufffdالخبر \ufffd \ufffd الأول ل.", "نص الخبر الثاني."]
