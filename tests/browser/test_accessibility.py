"""Every kind of page checked by a machine too: axe-core (the npm package, in node_modules/,
installed by `npm ci`; .ci/run does it) run in Chromium, on a desk and on a phone. No page may
have a violation axe calls serious or critical."""

import json
import os
from datetime import date
from urllib.parse import quote

import pytest
from django.conf import settings
from django.contrib.auth.models import User

from libya_archive.archive.models import Actor, Article, SavedSearch
from tests.browser.screens import SCREENS
from tests.factories import make_article

AXE = settings.BASE_DIR / "node_modules" / "axe-core" / "axe.min.js"
# The WCAG 2.1 A and AA rules and axe's best practices.
AXE_RUN = """async () => {
    const results = await axe.run(document, {runOnly: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"]});
    return results.violations
        .filter((violation) => ["serious", "critical"].includes(violation.impact))
        .map((violation) => ({rule: violation.id, impact: violation.impact, help: violation.help,
                              where: violation.nodes.slice(0, 3).map((node) => node.target.join(" "))}));
}"""


@pytest.fixture(scope="module")
def axe_source() -> str:
    if not AXE.exists():
        if os.environ.get("CI") == "true":
            pytest.fail(f"{AXE} is missing: run `npm ci`")
        pytest.skip(f"{AXE} is missing (npm ci installs it)")
    return AXE.read_text()


def serious_violations(page, axe_source: str) -> list[dict]:
    page.evaluate(axe_source)  # through the DevTools protocol: the site's CSP allows no inline script
    return page.evaluate(AXE_RUN)


PUBLIC_PAGES = {
    "home": "/",
    "article list": "/articles/",
    "article": "{article}",
    "article from a search": "{article}?q=" + quote("داعش") + "#hit-1",
    "actor": "/actors/khalifa-haftar/",
    "place": "/places/sirte/",
    "map of places": "/places/map/",
    "actor list": "/actors/",
    "search": "/search?q=" + quote("سرت"),
    "search in a date range": "/search?q=" + quote("سرت") + "&from=2016-01-01",
    "empty search": "/search?q=" + quote("كلمةلاتوجد"),
    "search that shows some of the words": "/search?q=" + quote("سرت كلمةلاتوجد"),
    "search help": "/search?q=",
    "mentions": "/actors/khalifa-haftar/mentions/",
    "login": "/accounts/login/",
    "about": "/about/",
}


@pytest.mark.parametrize("screen", SCREENS)
def test_the_public_pages_have_no_serious_accessibility_violation(archive_url, page, axe_source, screen):
    page.set_viewport_size(SCREENS[screen])
    article = Article.objects.get(source_name="003_0f9c5275d93800a3.txt").get_absolute_url()
    found = {}
    for name, path in PUBLIC_PAGES.items():
        page.goto(archive_url + path.format(article=article))
        if violations := serious_violations(page, axe_source):
            found[name] = violations
    assert found == {}, json.dumps(found, ensure_ascii=False, indent=1)


@pytest.mark.parametrize("screen", SCREENS)
def test_a_search_with_its_timeline_has_no_serious_accessibility_violation(archive_url, page, axe_source, screen):
    for month in (3, 4, 7):
        make_article(f"سرت في الشهر {month}.", published_on=date(2016, month, 1))
    page.set_viewport_size(SCREENS[screen])
    page.goto(f"{archive_url}/search?q={quote('سرت')}")
    assert page.locator("ol.timeline-bars a").count() == 3
    violations = serious_violations(page, axe_source)
    assert violations == [], json.dumps(violations, ensure_ascii=False, indent=1)


def test_the_saved_searches_and_the_admin_pages_have_no_serious_accessibility_violation(
    archive_url, page, axe_source
):
    User.objects.create_superuser("editor", password="a-long-editor-password")
    page.goto(f"{archive_url}/accounts/login/")
    page.locator("input[name=username]").fill("editor")
    page.locator("input[name=password]").fill("a-long-editor-password")
    page.locator("form.login button[type=submit]").click()
    page.wait_for_url("**/saved/")
    page.goto(f"{archive_url}/search?q={quote('سرت')}")
    page.locator("text=احفظ هذا البحث").click()
    assert SavedSearch.objects.count() == 1
    found = {}
    haftar = Actor.objects.get(slug="khalifa-haftar")
    pages = {
        "saved searches": "/saved/",
        "admin actor form": "/admin/archive/actor/add/",
        "admin actor with aliases": f"/admin/archive/actor/{haftar.pk}/change/",
        "admin name candidates": "/admin/archive/namecandidate/",
        "admin article with its links": f"/admin/archive/article/{haftar.mentions.first().article_id}/change/",
        "admin refused links": "/admin/archive/refusedlink/",
        "mentions, for an editor": "/actors/khalifa-haftar/mentions/",
    }
    for name, path in pages.items():
        page.goto(archive_url + path)
        if violations := serious_violations(page, axe_source):
            found[name] = violations
    assert found == {}, json.dumps(found, ensure_ascii=False, indent=1)


def test_login_inputs_are_large_enough_to_tap(live_server, db, page):
    page.set_viewport_size(SCREENS["phone"])
    page.goto(f"{live_server.url}/accounts/login/")
    for name in ("username", "password"):
        box = page.locator(f"form.login input[name={name}]").bounding_box()
        assert box["height"] >= 44 and box["width"] >= 300, name


def test_search_syntax_is_shown_in_the_pages_own_font(live_server, db, page):
    page.goto(f"{live_server.url}/search?q=")
    fonts = page.evaluate(
        "[...document.querySelectorAll('main code')].map((code) => getComputedStyle(code).fontFamily)"
    )
    assert fonts and set(fonts) == {page.evaluate("getComputedStyle(document.body).fontFamily")}


def test_actors_and_places_are_told_apart_by_their_underline_not_only_their_colour(archive_url, page):
    article = Article.objects.get(source_name="003_0f9c5275d93800a3.txt")
    page.goto(archive_url + article.get_absolute_url())
    style = "(link) => getComputedStyle(link).borderBottomStyle"
    actor = page.locator(".article-body a.entity.actor").first.evaluate(style)
    place = page.locator(".article-body a.entity.place").first.evaluate(style)
    assert actor != place and "none" not in (actor, place)
    # The side bar's headings show each underline, as a key.
    assert page.locator(".sidebar h2 .entity.actor").evaluate(style) == actor
    assert page.locator(".sidebar h2 .entity.place").evaluate(style) == place


@pytest.mark.parametrize("theme", ["auto", "light", "dark"])
def test_the_admin_is_in_the_archives_arabic_font_in_every_theme(live_server, db, page, theme):
    page.goto(f"{live_server.url}/admin/login/")
    page.evaluate(f"document.documentElement.dataset.theme = '{theme}'")  # as the theme toggle sets it
    assert page.evaluate("getComputedStyle(document.body).fontFamily").startswith('"Noto Naskh Arabic"')
    assert page.evaluate(
        "document.fonts.ready.then(() => [...document.fonts].some((face) => face.status === 'loaded'))"
    )


def test_the_empty_search_box_starts_on_the_right_and_turns_to_what_is_typed(live_server, db, page):
    page.goto(f"{live_server.url}/about/")
    box = page.locator("header input[name=q]")
    assert box.evaluate("(box) => getComputedStyle(box).direction") == "rtl"
    box.fill("Ban Ki-moon")
    assert box.evaluate("(box) => getComputedStyle(box).direction") == "ltr"
