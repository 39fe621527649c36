"""Full-page screenshots of the public pages, for a person to look at after a run."""

from django.conf import settings

from libya_archive.archive.models import Article

SCREENSHOTS = settings.BASE_DIR / "test-artifacts" / "screenshots"


def test_the_home_article_actor_and_search_pages_are_photographed(archive_url, page, console_errors):
    sirte_article = Article.objects.get(source_name="003_0f9c5275d93800a3.txt")
    pages = {
        "home": "/",
        "article": sirte_article.get_absolute_url(),
        "actor": "/actors/khalifa-haftar/",
        "search": "/search?q=داعش",
    }
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    for name, path in pages.items():
        page.goto(archive_url + path)
        # Photograph the page in its own font, not the fallback it shows while the font loads.
        page.evaluate("document.fonts.ready.then(() => true)")
        screenshot = SCREENSHOTS / f"{name}.png"
        page.screenshot(path=screenshot, full_page=True)
        assert screenshot.read_bytes().startswith(b"\x89PNG"), name
    assert console_errors == []
