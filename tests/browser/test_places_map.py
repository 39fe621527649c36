"""The map of all places in Chromium, on a desk and on a phone: reached from the list of
places, its names clear of each other, its key drawn at the map's scale, each circle a link."""

import pytest

from tests.browser.screens import SCREENS, photograph

BOX = "(element) => { const box = element.getBoundingClientRect(); return {top: box.top, bottom: box.bottom, left: box.left, right: box.right}; }"


def overlap(a: dict, b: dict) -> bool:
    return a["left"] < b["right"] and b["left"] < a["right"] and a["top"] < b["bottom"] and b["top"] < a["bottom"]


@pytest.mark.parametrize("screen", SCREENS)
def test_the_map_of_places_is_reached_from_their_list_and_each_circle_opens_its_place(archive_url, page, screen):
    page.set_viewport_size(SCREENS[screen])
    page.goto(f"{archive_url}/places/")
    page.locator('a[href="/places/map/"]').click()
    page.wait_for_url("**/places/map/")
    maps = page.locator("svg.places-map")
    assert maps.count() == 2  # Libya and its neighbours, and the world
    for index in range(2):
        labels = [label.evaluate(BOX) for label in maps.nth(index).locator("text").all()]
        assert labels, "the largest circles are named"
        assert not any(overlap(a, b) for number, a in enumerate(labels) for b in labels[number + 1 :])
    # The key's largest circle is as large on the screen as the most named place's.
    largest = max(circle.evaluate(BOX)["right"] - circle.evaluate(BOX)["left"] for circle in maps.locator("a circle").all())
    key = page.locator("ul.map-legend circle").first.evaluate(BOX)
    assert key["right"] - key["left"] == pytest.approx(largest, abs=1)
    assert page.evaluate("document.documentElement.scrollWidth") <= SCREENS[screen]["width"]
    photograph(page, f"places-map-{screen}", full_page=True)
    page.locator('svg.places-map a[href="/places/tripoli/"]').click()
    page.wait_for_url("**/places/tripoli/")
    assert page.locator("h1").inner_text().startswith("طرابلس")
