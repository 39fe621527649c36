"""PDFs, images and Word documents of Arabic text, made in the tests with the archive's own
font (Noto Naskh Arabic, static/fonts/, SIL OFL): fpdf2 writes the PDFs, Pillow draws the
images (shaping Arabic with its bundled raqm), the standard library zips the .docx."""

import io
import random
import zipfile
from pathlib import Path

from django.conf import settings

FONTS = Path(settings.BASE_DIR) / "static" / "fonts"
ARABIC_FONT = FONTS / "noto-naskh-arabic-arabic-400-normal.woff2"
LATIN_FONT = FONTS / "noto-naskh-arabic-latin-400-normal.woff2"  # the same face's digits and Latin letters

PARAGRAPH = [
    "أعلنت قيادة الجيش أن قواتها تقدمت نحو مدينة سرت",
    "من الجهة الشرقية بعد معارك عنيفة استمرت أياما",
    "وقال المتحدث باسم القوات إن الوحدات سيطرت على",
    "عدد من المواقع الاستراتيجية قرب الطريق الساحلي",
    "ودعت البعثة الأممية جميع الأطراف إلى حماية المدنيين",
    "وفتح ممرات آمنة لإيصال المساعدات إلى السكان",
]


def pdf(*pages: list[list[str]], image: bytes | None = None) -> bytes:
    """A PDF of A4 pages, each a list of paragraphs, each a list of lines written right-aligned
    as given (fpdf2 writes the characters it is handed, in that order); or, with `image`,
    one page holding only that picture, as a scanner makes."""
    from fpdf import FPDF

    document = FPDF()
    document.add_font("naskh", fname=str(ARABIC_FONT))
    document.add_font("naskh-latin", fname=str(LATIN_FONT))
    document.set_fallback_fonts(["naskh-latin"])
    document.set_font("naskh", size=14)
    for paragraphs in pages:
        document.add_page()
        for lines in paragraphs:
            for line in lines:
                document.cell(0, 7, line, align="R", new_x="LMARGIN", new_y="NEXT")
            document.ln(12)
    if image is not None:
        from PIL import Image

        document.add_page()
        width = Image.open(io.BytesIO(image)).width
        document.image(io.BytesIO(image), x=10, y=10, w=width / 300 * 25.4)  # scanned at 300 dots per inch
    return bytes(document.output())


def text_image(lines: list[str], *, size: int = 36, scanned: bool = False) -> bytes:
    """A PNG of Arabic lines drawn right to left; `scanned` tilts it a little, blurs it and
    sprinkles specks on it, as a flatbed scan of a printed page looks."""
    from PIL import Image, ImageDraw, ImageFilter, ImageFont

    font = ImageFont.truetype(str(ARABIC_FONT), size)
    width, line_height = size * 30, size * 8 // 5
    image = Image.new("L", (width, line_height * len(lines) + 2 * size), 255)
    draw = ImageDraw.Draw(image)
    for number, line in enumerate(lines):
        draw.text((width - size, size + number * line_height), line, font=font, fill=0, direction="rtl", language="ar", anchor="ra")
    if scanned:
        image = image.rotate(0.4, expand=True, fillcolor=255).filter(ImageFilter.GaussianBlur(0.8))
        specks = random.Random(7)
        pixels = image.load()
        for _ in range(image.width * image.height // 400):
            pixels[specks.randrange(image.width), specks.randrange(image.height)] = specks.choice((0, 90, 160))
    out = io.BytesIO()
    image.save(out, format="PNG")
    return out.getvalue()


def docx(paragraphs: list[str], *, title: str = "") -> bytes:
    """A Word document as Word saves one, reduced to the parts a reader needs."""
    w = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
    body = "".join(
        f'<w:p><w:pPr><w:bidi/></w:pPr><w:r><w:rPr><w:rtl/></w:rPr><w:t xml:space="preserve">{text}</w:t></w:r></w:p>'
        for text in paragraphs
    )
    core = (
        '<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" '
        f'xmlns:dc="http://purl.org/dc/elements/1.1/"><dc:title>{title}</dc:title></cp:coreProperties>'
    )
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>')
        archive.writestr("word/document.xml", f"<w:document {w}><w:body>{body}</w:body></w:document>")
        archive.writestr("docProps/core.xml", core)
    return out.getvalue()


def character_error_rate(read: str, expected: str) -> float:
    """Edits (insertions, deletions, substitutions) from `expected` to `read`, per character
    of `expected`, white space counted as one space."""
    read, expected = " ".join(read.split()), " ".join(expected.split())
    previous = list(range(len(read) + 1))
    for i, wanted in enumerate(expected, start=1):
        current = [i]
        for j, got in enumerate(read, start=1):
            current.append(min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (wanted != got)))
        previous = current
    return previous[-1] / len(expected)
