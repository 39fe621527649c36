"""A real browser for the tests in this folder: Debian's Chromium, driven by Playwright.

Playwright never downloads a browser here; it drives /usr/bin/chromium (`.ci/run` installs
it with apt). Without it the browser tests skip, except in CI, where they must run.
"""

import importlib.util
import os
from pathlib import Path

import pytest

# Playwright's sync API runs an asyncio event loop in this thread, so Django's ORM, called
# by the tests between browser steps, would refuse to run (SynchronousOnlyOperation).
os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

CHROMIUM = Path("/usr/bin/chromium")
# The flags headless Chromium needs on these machines: without the background-networking
# ones it keeps dialling Google's hosts through a closed network. Playwright adds a fresh,
# empty --user-data-dir of its own at every launch.
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def _missing_browser() -> str:
    """Why the browser tests cannot run here, or "" when they can."""
    if importlib.util.find_spec("playwright") is None:
        return "playwright is not installed (make test installs it with the test extras)"
    if not os.access(CHROMIUM, os.X_OK):
        return f"{CHROMIUM} is missing (apt-get install chromium; .ci/run does it)"
    return ""


@pytest.fixture(scope="session")
def browser():
    if reason := _missing_browser():
        if os.environ.get("CI") == "true":
            pytest.fail(f"browser tests cannot run in CI: {reason}")
        pytest.skip(reason)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def console_errors() -> list[str]:
    """Every console error and uncaught exception of the page, as text."""
    return []


@pytest.fixture
def requested_urls() -> list[str]:
    """Every URL the page asked for: pages, styles, fonts, scripts, images."""
    return []


@pytest.fixture
def page(browser, console_errors, requested_urls):
    context = browser.new_context(locale="ar", viewport={"width": 1280, "height": 900})
    # A step that cannot happen fails in seconds, not after Playwright's default 30.
    context.set_default_timeout(10_000)
    page = context.new_page()

    def on_console(message):
        if message.type == "error":
            console_errors.append(f"{message.text} ({message.location.get('url')})")

    page.on("console", on_console)
    page.on("pageerror", lambda error: console_errors.append(str(error)))
    page.on("request", lambda request: requested_urls.append(request.url))
    yield page
    context.close()


@pytest.fixture
def archive_url(live_server, seed_archive) -> str:
    """The live server's address, serving the seed gazetteer and the five seed articles.

    The live server answers from its own thread, so it sees only committed data: asking for
    `live_server` makes pytest-django give this test a transactional database.
    """
    return live_server.url
