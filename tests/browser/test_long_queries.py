"""A query too long for a line, on a phone in Chromium: wherever the page echoes it (the
result count, the search box, the hit navigator, the saved searches) it wraps, and the
page stays as wide as the screen."""

from urllib.parse import quote

import pytest
from django.contrib.auth.models import User
from django.utils import timezone

from libya_archive.archive.models import Article, SavedSearch
from tests.browser.screens import PHONE

UNBROKEN = "حفتر" * 150  # 600 letters without a space

PAGE_WIDTH = "[document.documentElement.scrollWidth, window.innerWidth]"


def assert_no_wider_than_the_screen(page) -> None:
    scroll_width, screen_width = page.evaluate(PAGE_WIDTH)
    assert scroll_width <= screen_width, f"{page.url[:80]}… is {scroll_width}px wide on a {screen_width}px screen"


@pytest.mark.parametrize("params", [f"q={quote(UNBROKEN)}", f"q={quote('سرت ' + UNBROKEN)}&place=sirte"])
def test_a_long_unbroken_query_wraps_on_the_search_page(archive_url, page, params):
    page.set_viewport_size(PHONE)
    page.goto(f"{archive_url}/search?{params}")
    page.locator("h2.count").wait_for()
    assert_no_wider_than_the_screen(page)


def test_a_long_unbroken_query_wraps_on_the_article_page(archive_url, page):
    page.set_viewport_size(PHONE)
    article = Article.objects.get(source_name="003_0f9c5275d93800a3.txt")
    page.goto(f"{archive_url}{article.get_absolute_url()}?q={quote(UNBROKEN)}")
    page.locator("nav.hit-nav").wait_for()
    assert_no_wider_than_the_screen(page)


def test_a_saved_long_unbroken_query_wraps_in_the_saved_searches(archive_url, page):
    reader = User.objects.create_user("reader", password="a-long-reader-password")
    kept = UNBROKEN[:200]  # as long as a saved search keeps
    SavedSearch.objects.create(user=reader, name=kept, query_string=f"q={quote(kept)}", last_visited_at=timezone.now())
    page.set_viewport_size(PHONE)
    page.goto(f"{archive_url}/accounts/login/")
    page.locator("input[name=username]").fill("reader")
    page.locator("input[name=password]").fill("a-long-reader-password")
    page.locator("form.login button[type=submit]").click()
    page.wait_for_url("**/saved/")
    assert page.locator("ul.saved-searches li").count() == 1
    assert_no_wider_than_the_screen(page)
