"""The archive on a phone (390×844) and on a desk (1366×900), in Chromium: filters reachable
before the results, mentions as cards, no justified gaps, Latin no taller than Arabic."""

from datetime import date
from urllib.parse import quote

import pytest

from libya_archive.archive.models import Article
from tests.browser.screens import DESKTOP, PHONE, photograph
from tests.factories import make_actor, make_article
from tests.near_duplicate_texts import STORY

BOX = "(element) => { const box = element.getBoundingClientRect(); return {top: box.top, bottom: box.bottom, left: box.left, right: box.right}; }"


def test_on_a_phone_the_filters_are_a_closed_disclosure_before_the_results(archive_url, page):
    page.set_viewport_size(PHONE)
    page.goto(f"{archive_url}/search?q={quote('سرت')}")
    disclosure = page.locator("aside.facets > details > summary")
    first_result = page.locator("ol.results > li").first
    assert disclosure.evaluate(BOX)["bottom"] < first_result.evaluate(BOX)["top"]
    assert disclosure.evaluate(BOX)["bottom"] < PHONE["height"], "on the first screen"
    facet = page.locator("aside.facets ul.facet-list a").first
    assert not facet.is_visible()
    photograph(page, "search-phone")
    disclosure.click()
    assert facet.is_visible()
    facet.click()
    page.wait_for_url("**/search?q=*&*=*")
    assert page.locator("ul.active-filters li").count() == 1
    chip = page.locator("ul.active-filters li").evaluate(BOX)
    assert chip["bottom"] < disclosure.evaluate(BOX)["top"], "the filter in force first, on the first screen"


@pytest.mark.parametrize("path", [f"/search?q={quote('سرت')}", "/actors/", "/places/"])
def test_on_a_phone_each_choice_stands_on_one_line_with_its_label(archive_url, page, path):
    page.set_viewport_size(PHONE)
    page.goto(f"{archive_url}{path}")
    modes = page.locator("nav.filters .mode")
    assert modes.count() == 2
    for index in range(2):
        mode = modes.nth(index)
        height = mode.evaluate(BOX)["bottom"] - mode.evaluate(BOX)["top"]
        option = mode.locator("a").first.evaluate(BOX)
        assert height < 2 * (option["bottom"] - option["top"]), mode.inner_text()
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]


def test_on_a_desk_the_filters_are_open_beside_the_results(archive_url, page):
    page.set_viewport_size(DESKTOP)
    page.goto(f"{archive_url}/search?q={quote('سرت')}")
    assert not page.locator("aside.facets > details > summary").is_visible()
    facet = page.locator("aside.facets ul.facet-list a").first
    assert facet.is_visible()
    results = page.locator("ol.results").evaluate(BOX)
    facets = page.locator("aside.facets").evaluate(BOX)
    assert facets["right"] <= results["left"] and facets["top"] < results["bottom"], "beside, on the left"
    photograph(page, "search-desktop")


def haftars_mention_rows(page, archive_url: str, screen: dict) -> list:
    """The rows of Khalifa Haftar's mentions page, seen on `screen`."""
    page.set_viewport_size(screen)
    page.goto(f"{archive_url}/actors/khalifa-haftar/mentions/")
    rows = page.locator("table.kwic tbody tr")
    assert rows.count() > 3
    return [rows.nth(index) for index in range(rows.count())]


def test_on_a_desk_the_words_before_a_mention_end_beside_it_on_its_line(archive_url, page):
    for row in haftars_mention_rows(page, archive_url, DESKTOP):
        before, hit = row.locator("td.before").evaluate(BOX), row.locator("td.hit mark").evaluate(BOX)
        words = row.locator("td.before > span").evaluate(BOX)
        assert words["bottom"] - words["top"] < 1.5 * (hit["bottom"] - hit["top"]), "one line"
        assert words["left"] <= before["left"] + 8, "its last words at the mention's side"
    photograph(page, "mentions-desktop")


def test_on_a_desk_latin_words_before_a_mention_show_those_beside_it_not_their_first(live_server, db, page):
    make_actor("خليفة حفتر", "حفتر", "Haftar", slug="khalifa-haftar")
    films = "Five Easy Pieces by Bob Rafelson, Tristana by Luis Bunuel, " * 4
    make_article(f"قائمة الأفلام كما نشرتها المجلة. {films}then Jack Nicholson met Haftar in 1970.", title="أفلام")
    page.set_viewport_size(DESKTOP)
    page.goto(f"{live_server.url}/actors/khalifa-haftar/mentions/")
    before = page.locator("table.kwic td.before")
    assert before.get_attribute("class") == "before ltr"
    assert page.locator("table.kwic td.after").get_attribute("dir") == "ltr", "its first words beside the mention"
    # The box of the context's last word, "met", lies inside the cell: it is not what was cut.
    last_word = before.locator("span").evaluate(
        "(span) => { const text = span.lastChild, range = document.createRange(), end = text.length - 1;"
        " range.setStart(text, end - 3); range.setEnd(text, end); const box = range.getBoundingClientRect();"
        " return {left: box.left, right: box.right}; }"
    )
    cell = before.evaluate(BOX)
    assert cell["left"] <= last_word["left"] and last_word["right"] <= cell["right"]
    photograph(page, "mentions-latin-desktop")


def test_on_a_phone_each_mention_is_a_card_its_context_one_sentence_above_its_article(archive_url, page):
    for row in haftars_mention_rows(page, archive_url, PHONE):
        width = row.evaluate(BOX)
        assert width["right"] - width["left"] > PHONE["width"] * 0.8, "a row as wide as the screen"
        hit, article = row.locator("td.hit").evaluate(BOX), row.locator("td:last-child").evaluate(BOX)
        assert article["top"] >= hit["bottom"] - 1, "the article below its line of context"
    assert page.locator("table.kwic thead").evaluate(BOX)["bottom"] - page.locator("table.kwic thead").evaluate(BOX)["top"] <= 1
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    photograph(page, "mentions-phone", full_page=True)


def test_on_a_phone_every_date_of_a_search_and_its_other_versions_stands_on_one_line(live_server, db, page):
    # One story in ten papers whose names grow a letter at a time, so that some day falls at a line's end.
    for copy in range(10):
        paper = "صحيفة " + "ا" * (copy + 2)
        make_article(STORY + "\n" * copy, title="افتتاح مستشفى في سرت", source=paper, published_on=date(2016, 5, 10 + copy))
    page.set_viewport_size(PHONE)
    page.goto(f"{live_server.url}/search?q={quote('مستشفى سرت')}")
    assert page.locator(".also-in bdi.date").count() == 9, "the other versions, each with its day"
    lines = page.evaluate("() => [...document.querySelectorAll('ol.results bdi.date')].map(d => d.getClientRects().length)")
    assert lines == [1] * 10


def test_on_a_phone_the_article_is_not_justified(archive_url, page):
    article = Article.objects.get(source_name="003_0f9c5275d93800a3.txt")
    page.set_viewport_size(PHONE)
    page.goto(archive_url + article.get_absolute_url())
    aligns = set(page.locator(".article-body p").evaluate_all("(ps) => ps.map((p) => getComputedStyle(p).textAlign)"))
    assert aligns == {"start"}
    photograph(page, "article-phone")
    page.set_viewport_size(DESKTOP)
    assert page.locator(".article-body p").first.evaluate("(p) => getComputedStyle(p).textAlign") == "justify"


# How tall the archive's font draws capitals, digits and an alef (canvas text metrics).
GLYPH_HEIGHTS = """async () => {
    await document.fonts.load("100px 'Noto Naskh Arabic'", "H2ا");
    const canvas = document.createElement("canvas").getContext("2d");
    canvas.font = "100px 'Noto Naskh Arabic'";
    return Object.fromEntries(["H", "2016", "The Telegraph", "ا"].map((text) => [text, canvas.measureText(text).actualBoundingBoxAscent]));
}"""


def test_latin_capitals_and_digits_stand_no_taller_than_an_alef(archive_url, page):
    page.goto(archive_url)
    heights = page.evaluate(GLYPH_HEIGHTS)
    alef = heights.pop("ا")
    assert alef > 50
    assert all(height <= alef for height in heights.values()), heights
