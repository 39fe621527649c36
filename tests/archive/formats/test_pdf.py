import pytest

from libya_archive.archive.formats import Unreadable
from libya_archive.archive.formats.pdf import extract
from tests.archive.formats.arabic_drawing import drawn
from tests.archive.formats.documents import PARAGRAPH, character_error_rate, pdf, text_image

FIRST, SECOND = PARAGRAPH[:3], PARAGRAPH[3:]
BODY = f"{' '.join(FIRST)}\n\n{' '.join(SECOND)}"


def test_a_pdfs_text_layer_becomes_its_paragraphs():
    extracted = extract(pdf([FIRST, SECOND]))
    assert (extracted.body, extracted.ocr) == (BODY, False)


def test_a_pdf_drawn_in_presentation_forms_and_visual_order_reads_as_written():
    """What old PDF writers store: each letter's shaped form, each line in the order it is drawn."""
    stored = [[drawn(line) for line in FIRST], [drawn(line) for line in SECOND]]
    assert any("\ufe70" <= ch <= "\ufeff" for ch in stored[0][0])
    assert extract(pdf(stored)).body == BODY


def test_a_pdfs_pages_follow_one_another():
    assert extract(pdf([FIRST], [SECOND])).body == BODY


def test_a_scanned_pdf_is_read_by_ocr_and_marked_as_such(tesseract):
    extracted = extract(pdf(image=text_image(PARAGRAPH, size=72, scanned=True)))
    assert extracted.ocr
    assert character_error_rate(extracted.body, " ".join(PARAGRAPH)) <= 0.05


def test_a_scanned_pdf_without_the_arabic_model_says_what_to_install(without_arabic_model):
    with pytest.raises(Unreadable, match=r"pages without a text layer .* apt-get install tesseract-ocr-ara"):
        extract(pdf(image=text_image(PARAGRAPH[:2], size=72)))


def test_a_damaged_or_locked_pdf_is_reported_with_the_reason():
    from fpdf import FPDF

    with pytest.raises(Unreadable, match="not a readable PDF"):
        extract(b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer garbage")
    locked = FPDF()
    locked.add_page()
    locked.set_encryption(owner_password="owner", user_password="reader")
    with pytest.raises(Unreadable, match="protected by a password"):
        extract(bytes(locked.output()))
