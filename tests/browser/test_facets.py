"""A long facet in Chromium: its box keeps the values holding what is typed, in any spelling,
opens «more» to show them, and says when none holds it."""

from urllib.parse import quote

from tests.browser.screens import DESKTOP, photograph


def visible_values(facet) -> list[str]:
    return [text.split()[0] for text in facet.locator("li:visible").all_inner_texts()]


def test_typing_in_a_long_facets_box_keeps_the_matching_values(live_server, fifteen_towns, page):
    page.set_viewport_size(DESKTOP)
    page.goto(f"{live_server.url}/search?q={quote('النفط')}")
    facet = page.locator(".facet[data-facet-filter]")
    assert len(visible_values(facet)) == 12
    # Its message, an empty live region until nothing matches, puts no gap between the lists.
    margins = facet.locator(".facet-none").evaluate("p => [getComputedStyle(p).marginTop, getComputedStyle(p).marginBottom]")
    assert margins == ["0px", "0px"]
    box = facet.locator("input.facet-filter")
    box.fill("غدامس")  # behind «more»
    assert visible_values(facet) == ["غدامس"]
    assert facet.locator("details.more").get_attribute("open") is not None
    box.fill("أجدابيا")  # typed with a hamza the name is written without
    assert visible_values(facet) == ["اجدابيا"]
    box.fill("زلیتن")  # typed with a Persian yeh, as some keyboards write it
    assert visible_values(facet) == ["زليتن"]
    assert facet.locator(".facet-none").inner_text() == ""
    photograph(page, "long-facet-desktop")
    box.fill("القاهرة")
    assert visible_values(facet) == []
    assert facet.locator(".facet-none").inner_text() == "لا شيء في القائمة يحمل ما كتبت."
    box.fill("")
    assert sorted(visible_values(facet)) == sorted(fifteen_towns)
