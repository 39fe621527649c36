"""Scans and images → text, by Tesseract's Arabic model through pytesseract
(https://github.com/madmaze/pytesseract). Tesseract is a program of its own: Debian's
`tesseract-ocr` and `tesseract-ocr-ara`. Without either, a file that needs OCR is reported
with what to install and skipped; everything else imports as usual.

Text read by OCR may hold misread letters, so its article is marked as such (`Extracted.ocr`),
and the article page says so.
"""

import io
import shutil
import warnings
from functools import cache

from libya_archive.archive.formats import Extracted, Unreadable
from libya_archive.archive.formats.logical_order import fold_presentation_forms

LANGUAGE = "ara"

# A page Tesseract has not read in this time is given up: a huge or garbled image should
# cost its file, not stop the import.
TIMEOUT_SECONDS = 120


@cache
def unavailable() -> str | None:
    """Why OCR cannot run here, or None when it can. Asked once per process."""
    import pytesseract

    if shutil.which(pytesseract.pytesseract.tesseract_cmd) is None:
        return "OCR needs the tesseract program, which is not installed (Debian: apt-get install tesseract-ocr tesseract-ocr-ara)"
    try:
        languages = pytesseract.get_languages(config="")
    except (pytesseract.TesseractError, OSError) as error:
        return f"OCR needs the tesseract program, which does not run ({error})"
    if LANGUAGE not in languages:
        return "OCR needs Tesseract's Arabic model (ara), which is not installed (Debian: apt-get install tesseract-ocr-ara)"
    return None


def read_image(raw: bytes) -> Extracted:
    """An image file (PNG, JPEG, TIFF of one or more pages, WebP) read by OCR."""
    from PIL import Image, ImageSequence, UnidentifiedImageError

    if reason := unavailable():
        raise Unreadable(reason)
    try:
        # Pillow warns of what it reads past (a damaged EXIF block) on stderr, beside the
        # import's own lines; the image is read or refused either way.
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            with Image.open(io.BytesIO(raw)) as image:
                pages = [read_text(frame.copy()) for frame in ImageSequence.Iterator(image)]
    except UnidentifiedImageError:
        raise Unreadable("not a readable image: its bytes are no PNG, JPEG, TIFF or WebP image") from None
    except Image.DecompressionBombError as error:
        raise Unreadable(f"not a readable image ({error})") from None
    except OSError as error:
        raise Unreadable(f"the image is damaged ({error})") from None
    return Extracted(body="\n\n".join(page for page in pages if page), ocr=True)


def read_text(image) -> str:
    """The text of one page image: a paragraph per block Tesseract finds, lines joined."""
    import pytesseract

    try:
        text = pytesseract.image_to_string(image.convert("L"), lang=LANGUAGE, timeout=TIMEOUT_SECONDS)
    except RuntimeError:  # what pytesseract raises when the time is up
        raise Unreadable(f"OCR did not finish a page in {TIMEOUT_SECONDS} seconds") from None
    except pytesseract.TesseractError as error:
        raise Unreadable(f"OCR failed ({error.message.strip() or error.status})") from None
    # Tesseract marks the direction of what it reads with LRM and RLM, which only get in the way of search.
    text = fold_presentation_forms(text).replace("\u200e", "").replace("\u200f", "")
    paragraphs = (" ".join(block.split()) for block in text.split("\n\n"))
    return "\n\n".join(paragraph for paragraph in paragraphs if paragraph)
