"""An actor's co-occurrence graph in Chromium, on a phone and on a desk: its names drawn at a
readable size on either, each inside the graph, the page no wider than the screen."""

import pytest

from tests.browser.screens import SCREENS, photograph
from tests.factories import make_actor, make_article

COMPANIONS = [
    "الأمم المتحدة",
    "عبد الرحمن السويحلي",
    "حكومة الوفاق الوطني",
    "حلف شمال الأطلسي",
    "المجلس الرئاسي",
    "أبو بكر البغدادي",
    "عبد الله الثني",
    "فايز السراج",
    "معمر القذافي",
    "برناردينو ليون",
    "مارتن كوبلر",
    "عقيلة صالح عيسى",
]

# Each label's font size as drawn on the screen: its size in the SVG's units times the SVG's scale.
LABELS = """(svg) => [...svg.querySelectorAll("text.label")].map((text) => {
    const box = text.getBoundingClientRect();
    return {text: text.textContent, size: parseFloat(getComputedStyle(text).fontSize) * text.getScreenCTM().a,
            left: box.left, right: box.right, top: box.top, bottom: box.bottom};
})"""
BOX = "(element) => { const box = element.getBoundingClientRect(); return {top: box.top, bottom: box.bottom, left: box.left, right: box.right}; }"


@pytest.mark.parametrize("screen", SCREENS)
def test_the_graphs_names_are_readable_on_a_phone_and_a_desk_and_stay_inside_it(live_server, db, page, screen):
    make_actor("خليفة حفتر", slug="khalifa-haftar")
    for name in COMPANIONS:
        make_actor(name)
    for number in range(len(COMPANIONS)):
        make_article("التقى خليفة حفتر ممثلين عن " + "، ".join(COMPANIONS[: number + 1]) + ".", title=f"لقاء {number}")
    page.set_viewport_size(SCREENS[screen])
    page.goto(f"{live_server.url}/actors/khalifa-haftar/")
    graph = page.locator("svg.graph")
    labels = graph.evaluate(LABELS)
    assert len(labels) == 1 + len(COMPANIONS)
    edges = graph.evaluate(BOX)
    for label in labels:
        assert 12 <= label["size"] <= 24, label  # a phone's small print at the least, a heading's size at the most
        assert edges["left"] <= label["left"] and label["right"] <= edges["right"], label
        assert edges["top"] <= label["top"] and label["bottom"] <= edges["bottom"], label
    assert page.evaluate("document.documentElement.scrollWidth") <= SCREENS[screen]["width"]
    photograph(page, f"cooccurrence-{screen}")
