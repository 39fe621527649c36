import os

import pytest


@pytest.fixture
def tesseract():
    """Tesseract with its Arabic model (Debian's tesseract-ocr and tesseract-ocr-ara, which
    .ci/run installs). Without them the OCR tests skip, except in CI, where they must run."""
    from libya_archive.archive.formats.ocr import unavailable

    if reason := unavailable():
        if os.environ.get("CI") == "true":
            pytest.fail(f"the OCR tests cannot run in CI: {reason}")
        pytest.skip(reason)


@pytest.fixture
def without_arabic_model(monkeypatch):
    """Tesseract as it is without tesseract-ocr-ara: its other models only."""
    import pytesseract

    from libya_archive.archive.formats import ocr
    from libya_archive.archive.formats.ocr import unavailable

    monkeypatch.setattr(ocr.shutil, "which", lambda command: f"/usr/bin/{command}")
    monkeypatch.setattr(pytesseract, "get_languages", lambda config="": ["eng", "osd"])
    unavailable.cache_clear()
    yield
    unavailable.cache_clear()
