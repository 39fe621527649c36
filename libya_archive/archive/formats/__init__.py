"""The kinds of file `import_articles` reads besides .txt and .jsonl, a module each: web pages
(`html`), RSS and Atom feeds (`feeds`), web archives (`warc`), PDFs (`pdf`), scans and images
read by OCR (`ocr`) and Word documents (`docx`); and a text file's encoding (`text`). A reader turns bytes into `Extracted` parts,
or raises `Unreadable` saying why; `parsing` dispatches to them by the file's name and makes
the parts an article as it does a .txt file's.
"""

from dataclasses import dataclass
from datetime import date
from pathlib import Path

# The longest suffix first: crawl.warc.gz is a web archive, not just any gzip file.
SUFFIXES = {
    ".warc.gz": "warc",
    ".warc": "warc",
    ".txt": "txt",
    ".jsonl": "jsonl",
    ".html": "html",
    ".htm": "html",
    ".xhtml": "html",
    ".rss": "feed",
    ".atom": "feed",
    ".xml": "feed",  # read as a feed; any other XML is reported as not one
    ".pdf": "pdf",
    ".png": "image",
    ".jpg": "image",
    ".jpeg": "image",
    ".tif": "image",
    ".tiff": "image",
    ".webp": "image",
    ".docx": "docx",
}

# Files that hold several articles, split into records by the main process so that the
# workers share one large file.
MULTI_RECORD = {"jsonl", "feed", "warc"}


class Unreadable(ValueError):
    """A file or record a reader cannot make an article of; the message says why."""


@dataclass(frozen=True)
class Extracted:
    """What a reader found: the text and whatever it could tell about it. Empty when unknown."""

    body: str
    title: str = ""
    published_on: date | None = None
    author: str = ""
    source: str = ""  # the publication
    url: str = ""  # the original: a page's canonical address, a feed entry's link, a capture's address
    ocr: bool = False  # read from an image by OCR, so it may hold misread letters
    notes: tuple[str, ...] = ()


def format_of(path: Path) -> str | None:
    """The kind of file `path` names by its suffix (any case), or None for a file the import passes over."""
    name = path.name.lower()
    return next((kind for suffix, kind in SUFFIXES.items() if name.endswith(suffix)), None)
