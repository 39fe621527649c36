"""A Word document (.docx) → its article: the paragraphs of the document's body, and its title
when the document's properties give one. A .docx file is a zip of XML (ECMA-376), so the
standard library reads it; Word keeps right-to-left text in logical order.
"""

import io
import zipfile
from xml.etree import ElementTree

from libya_archive.archive.formats import Extracted, Unreadable

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_DC_TITLE = "{http://purl.org/dc/elements/1.1/}title"

# The text of a page is some kilobytes; a document's XML unpacking to more is a zip bomb.
MAX_XML_BYTES = 50 * 1024 * 1024


def extract(raw: bytes) -> Extracted:
    try:
        with zipfile.ZipFile(io.BytesIO(raw)) as archive:
            body = _xml(archive, "word/document.xml")
            properties = _xml(archive, "docProps/core.xml", required=False)
    except zipfile.BadZipFile:
        raise Unreadable("not a Word document (.docx): it is not a zip file") from None
    except ElementTree.ParseError as error:
        raise Unreadable(f"the Word document is damaged ({error})") from None
    paragraphs = (" ".join(_paragraph_text(paragraph).split()) for paragraph in body.iter(f"{_W}p"))
    title = properties.findtext(_DC_TITLE, default="") if properties is not None else ""
    return Extracted(body="\n\n".join(paragraph for paragraph in paragraphs if paragraph), title=title.strip())


def _xml(archive: zipfile.ZipFile, name: str, required: bool = True):
    try:
        info = archive.getinfo(name)
    except KeyError:
        if required:
            raise Unreadable(f"not a Word document (.docx): it has no {name}") from None
        return None
    if info.file_size > MAX_XML_BYTES:
        raise Unreadable(f"the Word document's {name} unpacks to more than {MAX_XML_BYTES // 1024 // 1024} MB")
    return ElementTree.fromstring(archive.read(name))


def _paragraph_text(paragraph) -> str:
    """A paragraph's runs of text, its tabs and line breaks as spaces."""
    parts = []
    for element in paragraph.iter():
        if element.tag == f"{_W}t":
            parts.append(element.text or "")
        elif element.tag in (f"{_W}tab", f"{_W}br", f"{_W}cr"):
            parts.append(" ")
    return "".join(parts)
