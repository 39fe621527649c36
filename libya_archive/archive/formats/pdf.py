"""A PDF → its article: the text layer read by pdfminer.six (https://pdfminersix.readthedocs.io),
a paragraph per text block, its Arabic folded to base letters and in logical order
(`logical_order`). A page with no text layer (a scan) is read by OCR (`ocr`), and the
article is marked as OCR text.

Neither the PDF's title nor its dates are taken: they describe the file (the "Microsoft
Word - doc1" it was printed from, the day it was written), not the article, whose title is
then its first sentence.
"""

import io

from libya_archive.archive.formats import Extracted, Unreadable
from libya_archive.archive.formats.logical_order import logical_lines

# A page with fewer letters than this in its text layer is a scan (or a picture), read by OCR.
SCANNED_PAGE_LETTERS = 20

# Pages drawn for OCR at 300 dots per inch, the resolution Tesseract is trained for.
OCR_SCALE = 300 / 72


def extract(raw: bytes) -> Extracted:
    from pdfminer.high_level import extract_pages
    from pdfminer.layout import LAParams, LTTextContainer
    from pdfminer.pdfdocument import PDFEncryptionError, PDFPasswordIncorrect
    from pdfminer.pdfparser import PDFSyntaxError
    from pdfminer.psparser import PSException

    pages: list[str | None] = []  # the text of each page; None for one to read by OCR
    try:
        for page in extract_pages(io.BytesIO(raw), laparams=LAParams()):
            blocks = [_block(element) for element in page if isinstance(element, LTTextContainer)]
            text = "\n\n".join(block for block in blocks if block)
            pages.append(text if sum(ch.isalpha() for ch in text) >= SCANNED_PAGE_LETTERS else None)
    except (PDFPasswordIncorrect, PDFEncryptionError):
        raise Unreadable("the PDF is protected by a password") from None
    except (PDFSyntaxError, PSException, ValueError, KeyError, TypeError) as error:
        raise Unreadable(f"not a readable PDF ({str(error) or type(error).__name__})") from None
    if not pages:
        raise Unreadable("the PDF has no pages")
    scanned = [number for number, text in enumerate(pages) if text is None]
    if scanned:
        for number, text in zip(scanned, _read_by_ocr(raw, scanned), strict=True):
            pages[number] = text
    return Extracted(body="\n\n".join(text for text in pages if text), ocr=bool(scanned))


def _block(box) -> str:
    """A text block as one paragraph: its lines, each in logical order, joined by spaces."""
    lines = [line.get_text().strip() for line in box]
    return " ".join(line for line in logical_lines(lines) if line)


def _read_by_ocr(raw: bytes, numbers: list[int]) -> list[str]:
    """The text of these pages (0-based), each drawn as an image and read by OCR."""
    import pypdfium2

    from libya_archive.archive.formats.ocr import read_text, unavailable

    if reason := unavailable():
        raise Unreadable(f"the PDF has pages without a text layer (scans), and {reason}")
    document = pypdfium2.PdfDocument(raw)
    try:
        return [read_text(document[number].render(scale=OCR_SCALE, grayscale=True).to_pil()) for number in numbers]
    finally:
        document.close()
