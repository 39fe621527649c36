"""The researcher tools that run code in the browser, in Chromium, under the site's
Content-Security-Policy: the citation's copy button and the API's Swagger UI."""

from urllib.parse import urlsplit

from playwright.sync_api import expect

from libya_archive.archive.models import Article
from libya_archive.middleware import CONTENT_SECURITY_POLICY


def test_the_citation_copy_button_copies_the_reference(archive_url, page, console_errors):
    page.context.grant_permissions(["clipboard-read", "clipboard-write"], origin=archive_url)
    article = Article.objects.get(source_name="003_0f9c5275d93800a3.txt")
    response = page.goto(archive_url + article.get_absolute_url())
    assert response.headers["content-security-policy"] == CONTENT_SECURITY_POLICY
    page.locator(".cite button.copy").click()  # copy.js ran: it adds the button
    # The label changes once the clipboard has the text, which takes a moment.
    expect(page.locator(".cite button.copy")).to_have_text("نُسخ")
    assert page.evaluate("navigator.clipboard.readText()") == page.locator("#citation").input_value()
    assert console_errors == []


def test_the_api_docs_render_from_this_site_under_the_policy(live_server, db, page, console_errors, requested_urls):
    response = page.goto(live_server.url + "/api/docs/")
    assert response.headers["content-security-policy"] == CONTENT_SECURITY_POLICY
    # Swagger UI drew the schema: one block per operation, /api/search among them.
    page.locator(".opblock-summary-path[data-path='/api/search']").wait_for()
    assert page.locator(".opblock").count() == 7
    assert console_errors == []
    assert {urlsplit(url).netloc for url in requested_urls} == {urlsplit(live_server.url).netloc}
