"""A web archive (WARC, or WARC.gz as web-archiving tools write it) → every HTML page it
captured, read by warcio (https://github.com/webrecorder/warcio). Each page becomes an article
as a saved page does (`html.extract`), with the address it was captured from and, when the
page states no date, the day it was captured.

Records are numbered in the file from 1, every record counted (requests, metadata and the
pages alike), so that `crawl.warc.gz#17` names the same record whatever the import kept.
"""

import zlib
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from typing import BinaryIO

from libya_archive.archive.formats import Unreadable


@dataclass(frozen=True)
class Capture:
    """One captured HTML page, its bytes read, as a worker process receives it."""

    html: bytes
    url: str
    captured_on: date | None


def captures(stream: BinaryIO, max_bytes: int) -> Iterator[tuple[int, Capture | Unreadable]]:
    """(record number, page) for every successful HTML response in the archive; a page over
    `max_bytes` as why it is left out. A damaged archive raises `Unreadable` where it breaks,
    after the pages before it."""
    from warcio.exceptions import ArchiveLoadFailed

    number = 0
    try:
        for number, record in enumerate(_records(stream), start=1):
            if not _is_html_page(record):
                continue
            html = record.content_stream().read(max_bytes + 1)
            if len(html) > max_bytes:
                yield number, Unreadable(f"the page is larger than {max_bytes / 1024 / 1024:.3g} MB")
            elif getattr(record.raw_stream, "limit", 0) > 0:
                # warcio hands back a record the file ends inside as if it were whole.
                yield number, Unreadable("the archive ends inside this record (the file is cut short)")
            else:
                yield number, Capture(html, record.rec_headers.get_header("WARC-Target-URI") or "", _captured_on(record))
    except (ArchiveLoadFailed, EOFError, OSError, ValueError, zlib.error) as error:
        where = f"after record {number}" if number else "at its start"
        raise Unreadable(f"not a readable WARC file {where} ({_said(error)})") from None


def _said(error: Exception) -> str:
    """What the WARC reader says of a fault, without the line it could not read, which it
    quotes and which in a damaged file is binary."""
    said = str(error).strip().split(", first line:")[0]
    if not said.isprintable() or len(said) > 200:
        return _NO_RECORD
    return said or type(error).__name__


_NO_RECORD = "no WARC record where one should be"


def count_pages(stream: BinaryIO) -> int:
    """How many pages `captures` would give, from the records' headers alone."""
    return sum(1 for record in _records(stream) if _is_html_page(record))


def _records(stream: BinaryIO):
    from warcio.archiveiterator import ArchiveIterator

    records = iter(ArchiveIterator(stream))
    while True:
        try:
            record = next(records)
        except StopIteration:
            return
        except AttributeError:  # warcio's fault on a record without the headers it needs
            raise ValueError(_NO_RECORD) from None
        yield record


def _is_html_page(record) -> bool:
    if record.rec_type != "response" or record.http_headers is None:
        return False
    status = record.http_headers.get_statuscode() or ""
    content_type = (record.http_headers.get_header("Content-Type") or "").lower()
    return status.startswith("2") and ("html" in content_type)


def _captured_on(record) -> date | None:
    value = record.rec_headers.get_header("WARC-Date") or ""
    try:
        return date.fromisoformat(value[:10])
    except ValueError:
        return None
