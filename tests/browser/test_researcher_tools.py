"""The researcher tools that run code in the browser, in Chromium, under the site's
Content-Security-Policy: the citation's copy button and the API's Swagger UI."""

from datetime import date
from urllib.parse import urlsplit

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from libya_archive.archive.models import Article
from libya_archive.middleware import CONTENT_SECURITY_POLICY
from tests.browser.screens import SCREENS, photograph
from tests.factories import make_article


def test_the_citation_copy_button_copies_the_reference(archive_url, page, console_errors):
    page.context.grant_permissions(["clipboard-read", "clipboard-write"], origin=archive_url)
    article = Article.objects.get(source_name="003_0f9c5275d93800a3.txt")
    response = page.goto(archive_url + article.get_absolute_url())
    assert response.headers["content-security-policy"] == CONTENT_SECURITY_POLICY
    page.locator(".cite button.copy").click()  # copy.js ran: it adds the button
    # The label changes once the clipboard has the text, which takes a moment.
    expect(page.locator(".cite button.copy")).to_have_text("نُسخ")
    copied = page.evaluate("navigator.clipboard.readText()")
    assert copied.startswith("«أنصار القذافي ينضمون لمعركة دحر داعش في ليبيا»، The Telegraph، د.ت.")
    assert copied == page.locator("#citation").text_content()
    assert console_errors == []


# Where each character of an element is drawn: its left edge and its line's top.
CHARACTER_BOXES = """([selector, index]) => {
    const text = document.querySelectorAll(selector)[index].firstChild, range = document.createRange();
    return [...text.data].map((_, i) => {
        range.setStart(text, i); range.setEnd(text, i + 1);
        const box = range.getBoundingClientRect();
        return [Math.round(box.left), Math.round(box.top)];
    });
}"""


@pytest.mark.parametrize("screen", SCREENS)
def test_the_citation_reads_its_urls_left_to_right_and_its_dates_whole(live_server, db, page, screen):
    page.set_viewport_size(SCREENS[screen])
    article = make_article(
        "نص المقالة عن معركة سرت.",
        title="علمت صحيفة The Telegraph أنه يجري تجنيد الأنصار السابقين للعقيد القذافي",
        published_on=date(2016, 5, 10),
        source="The Telegraph",
        url="https://www.example.org/news/2016/05/10/sirte/",
    )
    page.goto(live_server.url + article.get_absolute_url())
    page.locator(".cite").scroll_into_view_if_needed()
    photograph(page, f"citation-{screen}")
    urls = page.locator("#citation .url")
    assert urls.all_text_contents() == [f"{live_server.url}{article.get_absolute_url()}", article.url]
    for number in range(2):
        boxes = page.evaluate(CHARACTER_BOXES, ["#citation .url", number])
        first_line = [left for left, top in boxes if top == boxes[0][1]]
        assert first_line == sorted(first_line), "a URL reads left to right, its final slash at its end"
    dates = page.locator("#citation .date")
    assert dates.all_text_contents() == ["2016-05-10", timezone.localdate().isoformat()]
    for number in range(2):
        tops = {top for _, top in page.evaluate(CHARACTER_BOXES, ["#citation .date", number])}
        assert len(tops) == 1, "a date on one line"


def test_the_api_docs_render_from_this_site_under_the_policy(live_server, db, page, console_errors, requested_urls):
    response = page.goto(live_server.url + "/api/docs/")
    assert response.headers["content-security-policy"] == CONTENT_SECURITY_POLICY
    # Swagger UI drew the schema: one block per operation, /api/search among them.
    page.locator(".opblock-summary-path[data-path='/api/search']").wait_for()
    assert page.locator(".opblock").count() == 7
    assert "/actors/<slug>/mentions.csv" in page.locator(".info .description").inner_text()
    assert console_errors == []
    assert {urlsplit(url).netloc for url in requested_urls} == {urlsplit(live_server.url).netloc}
