"""The search's timeline in Chromium, on a desk and on a phone: bars from the oldest month,
at the right, to the newest, at the left; a bar opens the search narrowed to its month."""

from datetime import date
from urllib.parse import quote

import pytest

from tests.browser.screens import SCREENS, photograph
from tests.factories import make_article

BOX = "(element) => { const box = element.getBoundingClientRect(); return {top: box.top, bottom: box.bottom, left: box.left, right: box.right}; }"


@pytest.fixture
def reports_of_a_year(db):
    for month, times in ((1, 1), (3, 4), (6, 2), (11, 1)):
        for day in range(1, times + 1):
            make_article(f"النفط في راس لانوف {month} {day}.", published_on=date(2016, month, day))
    make_article("النفط بلا تاريخ.")


@pytest.mark.parametrize("screen", SCREENS)
def test_the_timeline_reads_from_right_to_left_and_a_bar_narrows_the_search_to_its_month(
    live_server, reports_of_a_year, page, screen
):
    page.set_viewport_size(SCREENS[screen])
    page.goto(f"{live_server.url}/search?q={quote('النفط')}")
    timeline = page.locator("section.timeline")
    assert timeline.is_visible(), "before the filters' disclosure, open on a phone too"
    bars = timeline.locator("ol.timeline-bars > li")
    assert bars.count() == 11  # January to November
    january, november = bars.first.evaluate(BOX), bars.last.evaluate(BOX)
    assert january["left"] > november["right"], "the oldest at the right"
    march = timeline.locator("a", has_text="2016-03")
    assert march.get_attribute("title") == "2016-03: 4 مقالات"
    # The tallest bar fills the chart; a bar of one is a quarter of it.
    heights = [bars.nth(index).locator("rect").evaluate(BOX) for index in (0, 2)]
    assert heights[1]["bottom"] - heights[1]["top"] == pytest.approx(4 * (heights[0]["bottom"] - heights[0]["top"]), rel=0.1)
    assert page.evaluate("document.documentElement.scrollWidth") <= SCREENS[screen]["width"]
    photograph(page, f"timeline-{screen}")
    march.click()
    page.wait_for_url("**/search?q=*&from=2016-03-01&to=2016-03-31")
    assert page.locator("h2.count").inner_text().startswith("4 نتائج")
    assert "مقالة واحدة غير مؤرّخة لا يشملها نطاق التاريخ." in page.locator("p.undated").inner_text()
