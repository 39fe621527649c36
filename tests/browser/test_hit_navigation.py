"""Going from hit to hit in an article opened from a search, and from a mention in an
actor's list to its place in the article, in Chromium on a desk and on a phone."""

from urllib.parse import quote, urlsplit

import pytest
from playwright.sync_api import expect

from libya_archive.archive.models import Article
from tests.browser.screens import SCREENS, photograph
from tests.factories import make_article

BOX = "(selector) => { const box = document.querySelector(selector).getBoundingClientRect(); return [box.top, box.bottom]; }"


@pytest.mark.parametrize("screen", SCREENS)
def test_the_hit_counter_stays_on_screen_and_each_hit_lands_below_it(archive_url, page, console_errors, screen):
    page.set_viewport_size(SCREENS[screen])
    article = Article.objects.get(source_name="003_0f9c5275d93800a3.txt")
    page.goto(f"{archive_url}{article.get_absolute_url()}?q={quote('داعش')}#hit-1")
    hits = page.locator("mark[id^='hit-']").count()
    assert hits > 5
    position = page.locator("nav.hit-nav .hit-position")
    expect(position).to_have_text(f"1 من {hits}")

    for _ in range(4):
        page.locator("nav.hit-nav [data-hit-nav=next]").click()
    expect(position).to_have_text(f"5 من {hits}")
    assert urlsplit(page.url).fragment == "hit-5"
    photograph(page, f"hit-navigation-{screen}")

    nav_top, nav_bottom = page.evaluate(BOX, "nav.hit-nav")
    hit_top, hit_bottom = page.evaluate(BOX, "#hit-5")
    assert page.evaluate("window.scrollY") > 0, "the fifth hit is further down than the first screen"
    assert nav_top == 0, "the counter stays at the top of the screen"
    assert nav_bottom < hit_top and hit_bottom < SCREENS[screen]["height"], "the hit shows below the counter"

    page.locator("nav.hit-nav [data-hit-nav=previous]").click()
    expect(position).to_have_text(f"4 من {hits}")
    assert console_errors == []


@pytest.mark.parametrize("screen", SCREENS)
def test_a_mention_in_the_list_opens_the_article_at_it(archive_url, page, console_errors, screen):
    page.set_viewport_size(SCREENS[screen])
    page.goto(f"{archive_url}/actors/khalifa-haftar/mentions/")
    row = page.locator("table.kwic tbody tr").last  # the last mention of its article: far down it
    written = row.locator("td.hit").inner_text()
    row.locator("a").click()
    page.wait_for_url("**/articles/*/#m-*")

    target = page.locator(":target")
    assert target.inner_text() == written
    assert target.get_attribute("href") == "/actors/khalifa-haftar/"
    top, bottom = page.evaluate(BOX, ":target")
    assert page.evaluate("window.scrollY") > 0
    assert 0 < top and bottom < SCREENS[screen]["height"]
    photograph(page, f"mention-in-article-{screen}")
    assert console_errors == []


@pytest.mark.parametrize("screen", SCREENS)
def test_the_hit_counter_shows_the_query_whole_beside_the_next_results_title(archive_url, page, screen):
    # The next result's title about as wide as the rest of the counter's line leaves it on a desk.
    for title in ("أسعار الزنجبيل", "أسعار الزنجبيل ترتفع في أسواق الساحل الغربي كلها"):
        make_article(f"ارتفعت أسعار الزنجبيل في الأسواق. {title}.", title=title)
    page.set_viewport_size(SCREENS[screen])
    page.goto(f"{archive_url}/search?q={quote('أسعار الزنجبيل')}")
    page.locator("ol.results a.title").first.click()
    summary = page.locator("nav.hit-nav .hit-summary")
    expect(page.locator("nav.hit-nav .next-result")).to_be_visible()
    assert summary.evaluate("(element) => element.scrollWidth <= element.clientWidth"), summary.inner_text()
