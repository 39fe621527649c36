"""A reader's way through the archive, in Chromium: search, read, follow an actor."""

import re
from urllib.parse import urlsplit

FONT_LOADED = """async () => {
    await document.fonts.ready;
    return [...document.fonts].some(
        (face) => face.family.replaceAll('"', "") === "Noto Naskh Arabic" && face.status === "loaded"
    );
}"""


def test_a_reader_searches_reads_an_article_and_follows_an_actor(archive_url, page, console_errors, requested_urls):
    page.goto(archive_url)
    page.locator("header form.search-form input[name=q]").fill("داعش")
    page.locator("header form.search-form button[type=submit]").click()
    page.wait_for_url("**/search?q=*")

    results = page.locator("ol.results > li")
    assert results.count() == 5
    assert page.locator("ol.results mark").count() >= 5
    assert set(page.locator("ol.results mark").all_inner_texts()) >= {"داعش"}

    results.first.locator("a.title").click()
    page.wait_for_url(re.compile(r"/articles/\d+/"))
    article_path = urlsplit(page.url).path
    actor_link = page.locator("a.entity.actor").first
    actor_name = actor_link.inner_text()
    actor_link.click()
    page.wait_for_url("**/actors/*/")

    assert actor_name
    assert page.locator(f'ul.results a.title[href="{article_path}"]').count() == 1
    assert page.evaluate("getComputedStyle(document.documentElement).direction") == "rtl"
    assert page.evaluate(FONT_LOADED), "Noto Naskh Arabic was not loaded"
    assert console_errors == []
    assert requested_urls and {urlsplit(url).netloc for url in requested_urls} == {urlsplit(archive_url).netloc}
