"""The two screens the browser tests read the archive on, and where their pictures go."""

from django.conf import settings

DESKTOP = {"width": 1366, "height": 900}
PHONE = {"width": 390, "height": 844}
SCREENS = {"desktop": DESKTOP, "phone": PHONE}

SCREENSHOTS = settings.BASE_DIR / "test-artifacts" / "screenshots"


def photograph(page, name: str, *, full_page: bool = False) -> None:
    """A screenshot of the page in its own font, for a person to look at after a run."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.evaluate("document.fonts.ready.then(() => true)")
    page.screenshot(path=SCREENSHOTS / f"{name}.png", full_page=full_page)
