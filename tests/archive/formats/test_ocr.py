import pytest

from libya_archive.archive.formats import Unreadable
from libya_archive.archive.formats.ocr import read_image
from tests.archive.formats.documents import PARAGRAPH, character_error_rate, text_image


@pytest.mark.parametrize("scanned", [False, True], ids=["rendered", "scanned"])
def test_an_image_of_arabic_text_reads_back_with_at_most_five_percent_character_errors(tesseract, scanned):
    extracted = read_image(text_image(PARAGRAPH, scanned=scanned))
    assert extracted.ocr
    assert character_error_rate(extracted.body, " ".join(PARAGRAPH)) <= 0.05


def test_without_the_arabic_model_an_image_says_what_to_install(without_arabic_model):
    with pytest.raises(Unreadable, match=r"Tesseract's Arabic model \(ara\), which is not installed \(Debian: apt-get install tesseract-ocr-ara\)"):
        read_image(text_image(PARAGRAPH[:1]))


def test_without_tesseract_an_image_says_what_to_install(monkeypatch):
    import pytesseract

    from libya_archive.archive.formats.ocr import unavailable

    monkeypatch.setattr(pytesseract.pytesseract, "tesseract_cmd", "/nonexistent/tesseract")
    unavailable.cache_clear()
    try:
        with pytest.raises(Unreadable, match="the tesseract program, which is not installed"):
            read_image(text_image(PARAGRAPH[:1]))
    finally:
        unavailable.cache_clear()


def test_a_file_that_is_no_image_is_reported(tesseract):
    with pytest.raises(Unreadable, match="not a readable image"):
        read_image(b"GIF89a but not really")
