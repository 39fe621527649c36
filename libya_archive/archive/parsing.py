"""An article file or record → its parts (title, body, date, source, url), or the reason it
cannot be an article.

A .txt file is one article; a .jsonl file holds one article per line (see `parse_record` and
docs/importing.md). Web pages, feeds, web archives, PDFs, scans and Word documents are read
by the modules of `formats`, which `parse_file` and `parse_payload` dispatch to by the file's
name; what they find is cleaned and checked here as a .txt file's parts are.

A .txt file is UTF-8 text. It may open with a metadata header between two lines of
three dashes; every header line is `key: value`, with the keys title, date (YYYY-MM-DD),
source, url and author, all optional:

    ---
    title: داعش في سرت
    date: 2016-05-10
    source: The Telegraph
    url: https://example.org/article
    ---
    نص المقالة…

Without a title the first sentence of the body is the title, a long one cut short
(`cleaning.title_from_body`); the text is cleaned as `cleaning` says.
A title's HTML entities (&quot;, as scraped pages leave them) are read as the characters
they stand for, and its HTML tags taken out. A url that is not one loses its white space, and if it is still not one it
is left out; the article is kept, and the import says so (`ParsedArticle.notes`). So is a
part too long for its column (a title is cut at a word, a url, source or author left out)
and a date that is none: a date is read as YYYY-MM-DD, and also with a time after it
(2015-07-21 02:51:32), with slashes or dots, day first (21/07/2015, as Arabic writes it), as
YYYYMMDD and in Arabic-Indic digits; one it cannot read, one before 1900 (a Hijri year read
as a Gregorian one, 1436-10-05) and one in the future are left out.
"""

import codecs
import json
import re
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, replace
from datetime import date, datetime, timedelta
from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator

from libya_archive.archive.arabic import western_digits
from libya_archive.archive.cleaning import clean, reader_text, title_from_body, without_link_footer, without_page_buttons
from libya_archive.archive.formats import Extracted, Unreadable, format_of
from libya_archive.archive.formats.text import decode
from libya_archive.archive.models import Article

HEADER_FENCE = "---"


HEADER_KEYS = ("title", "date", "source", "url", "author")


RECORD_KEYS = ["title", "body", "date", "source", "url", "author"]


class ArticleFileError(ValueError):
    """A file that cannot be an article; the message says why, for the import summary."""


@dataclass(frozen=True)
class ParsedArticle:
    title: str
    body: str
    published_on: date | None = None
    source: str = ""
    url: str = ""
    notes: tuple[str, ...] = ()  # what was changed or left out to keep the article
    author: str = ""
    source_format: str = ""  # the kind of file it was read from, "ocr" for text read from an image


def parse_file(path: Path, raw: bytes) -> ParsedArticle:
    """A file that is one article, read as its kind says (`formats.format_of`); a file of no
    known kind, named on the command line, is read as a .txt file."""
    kind = format_of(path) or "txt"
    if kind == "txt":
        return parse_article(raw)
    # Each reader is imported when a file of its kind is read: their libraries take up to
    # 0.2 s each to load, which an import of .txt files need not pay.
    if kind == "html":
        from libya_archive.archive.formats.html import extract as read
    elif kind == "pdf":
        from libya_archive.archive.formats.pdf import extract as read
    elif kind == "image":
        from libya_archive.archive.formats.ocr import read_image as read
    elif kind == "docx":
        from libya_archive.archive.formats.docx import extract as read
    else:
        raise ArticleFileError(f"a {kind} file holds several articles and is read record by record")
    with _reader_faults():
        extracted = read(raw)
    return parse_extracted(extracted, kind)


@contextmanager
def _reader_faults():
    """A reader's failure as the file's fault. The readers' libraries parse whatever a file
    holds and may fail on a damaged one in ways they do not document: that costs the file,
    with its reason, not the whole import."""
    try:
        yield
    except ArticleFileError:
        raise
    except Unreadable as error:
        raise ArticleFileError(str(error)) from None
    except Exception as error:
        raise ArticleFileError(f"could not be read ({type(error).__name__}: {error})") from None


def file_records(path: Path, max_bytes: int) -> Iterator[tuple[int, object]]:
    """The records of a file that holds several articles, numbered from 1 (a .jsonl file's
    lines, a feed's entries, a web archive's records), each as `parse_payload` reads it.
    A file that cannot be read raises `ArticleFileError` or `OSError`."""
    kind = format_of(path)
    with path.open("rb") as stream:
        if kind == "jsonl":
            # Bytes, split at \n only: a JSON string holds no raw line break, but it may
            # hold U+2028, at which str.splitlines() would cut a record in two.
            for number, raw in enumerate(stream, start=1):
                if number == 1:
                    raw = raw.removeprefix(codecs.BOM_UTF8)
                if raw.strip():
                    yield number, raw
        elif kind == "feed":
            from libya_archive.archive.formats.feeds import entries

            with _reader_faults():
                yield from enumerate(entries(stream.read()), start=1)
        elif kind == "warc":
            from libya_archive.archive.formats.warc import captures

            with _reader_faults():
                yield from captures(stream, max_bytes)


def parse_payload(path: Path, payload: object) -> ParsedArticle:
    """One record of `file_records`: a .jsonl line, a feed entry or a captured page."""
    if isinstance(payload, bytes):
        return parse_record(payload)
    if isinstance(payload, Unreadable):
        raise ArticleFileError(str(payload))
    if isinstance(payload, Extracted):
        return parse_extracted(payload, format_of(path))
    from libya_archive.archive.formats.html import extract

    with _reader_faults():
        extracted = extract(payload.html, url=payload.url, captured_on=payload.captured_on)
    return parse_extracted(extracted, "warc")


def parse_extracted(extracted: Extracted, source_format: str) -> ParsedArticle:
    """What a reader of `formats` found, cleaned and checked as a .txt file's parts are."""
    body = without_link_footer(without_page_buttons(clean(extracted.body).strip()), extracted.title)
    if not body:
        raise ArticleFileError("no text found")
    url, notes = _parse_url(extracted.url.strip())
    return _storable(
        ParsedArticle(
            title=reader_text(clean(extracted.title)) or title_from_body(body),
            body=body,
            published_on=extracted.published_on,
            source=reader_text(clean(extracted.source)),
            url=url,
            notes=extracted.notes + notes,
            author=reader_text(clean(extracted.author)),
            source_format="ocr" if extracted.ocr else source_format,
        )
    )


def parse_article(raw: bytes) -> ParsedArticle:
    """One .txt file: an optional metadata header, then the text."""
    with _reader_faults():
        text = decode(raw)
    text = clean(text)
    header_notes = ()
    if _is_unopened_header(text):
        text, header_notes = f"{HEADER_FENCE}\n{text}", ("the metadata header had no opening '---' line",)
    metadata, body, repeated = _split_header(text)
    header_notes += tuple(f"the header gives {key} more than once: the last one is kept" for key in repeated)
    body = without_link_footer(without_page_buttons(body.strip()), metadata.get("title", ""))
    if not body:
        raise ArticleFileError("the article has no body text")
    url, notes = _parse_url(metadata.get("url", ""))
    published_on, date_notes = _parse_date(metadata.get("date", ""))
    return _storable(
        ParsedArticle(
            title=reader_text(metadata.get("title", "")) or title_from_body(body),
            body=body,
            published_on=published_on,
            source=metadata.get("source", ""),
            url=url,
            notes=header_notes + date_notes + notes,
            author=metadata.get("author", ""),
            source_format="txt",
        )
    )


def parse_record(raw: bytes) -> ParsedArticle:
    """One line of a .jsonl file: a JSON object with the keys title, body, date, source and
    url; body is required, the others may be missing, null or empty, as in a .txt header."""
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as error:
        raise ArticleFileError(f"not UTF-8 text (invalid byte at position {error.start})") from None
    try:
        record = json.loads(text)
    except json.JSONDecodeError as error:
        raise ArticleFileError(f"not valid JSON ({error.msg}, column {error.colno})") from None
    except RecursionError:
        raise ArticleFileError("not valid JSON (nested too deeply)") from None
    if not isinstance(record, dict):
        raise ArticleFileError("not a JSON object")
    unknown = [key for key in record if key not in RECORD_KEYS]
    if unknown:
        raise ArticleFileError(f"unknown key {unknown[0]!r} (keys: {', '.join(RECORD_KEYS)})")
    for key, value in record.items():
        if value is not None and not isinstance(value, str):
            raise ArticleFileError(f"{key} must be a string, not {type(value).__name__}")
    fields = {key: clean(record.get(key) or "").strip() for key in RECORD_KEYS}
    fields["body"] = without_link_footer(without_page_buttons(fields["body"]), fields["title"])
    if not fields["body"]:
        raise ArticleFileError("the record has no body text")
    url, notes = _parse_url(fields["url"])
    published_on, date_notes = _parse_date(fields["date"])
    return _storable(
        ParsedArticle(
            title=reader_text(fields["title"]) or title_from_body(fields["body"]),
            body=fields["body"],
            published_on=published_on,
            source=fields["source"],
            url=url,
            notes=date_notes + notes,
            author=fields["author"],
            source_format="jsonl",
        )
    )


def _storable(parsed: ParsedArticle) -> ParsedArticle:
    """`parsed`, as the database can store it: a part longer than its column cut (the title,
    at a word) or left out, and said so; a NUL character, which PostgreSQL cannot store in
    text, a fault, and a text of no word, which no search finds and no title names.
    Reported here, a fault names its file or line; found by PostgreSQL, it would stop the
    whole import."""
    if any("\x00" in value for value in (parsed.title, parsed.body, parsed.source, parsed.url, parsed.author)):
        raise ArticleFileError("the text contains a NUL character")
    if not any(map(str.isalnum, parsed.body)):
        raise ArticleFileError("the text holds no word, only punctuation and symbols")
    for name in ("title", "source", "url", "author"):
        value, limit = getattr(parsed, name), Article._meta.get_field(name).max_length
        if len(value) > limit:
            if name == "title":
                kept, note = value[:limit].rsplit(" ", 1)[0][: limit - 1] + "…", f"the title was longer than {limit} characters and was cut"
            else:
                kept, note = "", f"the {name} was longer than {limit} characters and was left out"
            parsed = replace(parsed, **{name: kept}, notes=(*parsed.notes, note))
    return parsed


def _is_unopened_header(text: str) -> bool:
    """Whether `text` begins with a metadata header whose opening '---' line was left out:
    lines of known keys (title: …, date: …) up to a '---' line."""
    text = text.lstrip("\n")
    if _header_line(text.split("\n", 1)[0]) is None:
        return False  # most texts: read no further than their first line
    lines = text.split("\n")
    closing = next((i for i, line in enumerate(lines) if line.strip() == HEADER_FENCE), 0)
    return closing > 0 and all(_header_line(line) for line in lines[:closing] if line.strip())


def _header_line(line: str) -> tuple[str, str] | None:
    """A header line's key and value; None where it is no line of a known key."""
    key, colon, value = line.partition(":")
    key = key.strip().lower()
    return (key, value.strip()) if colon and key in HEADER_KEYS else None


def _split_header(text: str) -> tuple[dict[str, str], str, list[str]]:
    """The header's values by key, the text after it, and the keys it gives more than once."""
    lines = text.lstrip("\n").split("\n")
    if lines[0].strip() != HEADER_FENCE:
        return {}, text, []
    try:
        closing = next(i for i, line in enumerate(lines[1:], start=1) if line.strip() == HEADER_FENCE)
    except StopIteration:
        raise ArticleFileError("the metadata header has no closing '---' line") from None
    metadata, repeated = {}, []
    for line in lines[1:closing]:
        if not line.strip():
            continue
        if (keyed := _header_line(line)) is None:
            raise ArticleFileError(f"unknown metadata header line {line.strip()!r} (keys: {', '.join(HEADER_KEYS)})")
        key, value = keyed
        if key in metadata and metadata[key] != value and key not in repeated:
            repeated.append(key)
        metadata[key] = value
    return metadata, "\n".join(lines[closing + 1 :]), repeated


# Day first where the year comes last: 21/07/2015, as Arabic writes a date.
_DATE_FORMATS = ("%Y-%m-%d", "%Y/%m/%d", "%Y.%m.%d", "%d-%m-%Y", "%d/%m/%Y", "%d.%m.%Y", "%Y%m%d")
# Before it, a Hijri year read as a Gregorian one (1436-10-05) or a placeholder (0001-01-01).
EARLIEST_DATE = date(1900, 1, 1)


def _parse_date(value: str) -> tuple[date | None, tuple[str, ...]]:
    """The day `value` gives (see the module's docstring), or none and why it was left out."""
    text = western_digits(value.strip().strip("'\""))
    if not text:
        return None, ()
    day_part = re.split("[T ]", text, maxsplit=1)[0]  # a date with a time: its day
    for form in _DATE_FORMATS:
        try:
            day = datetime.strptime(day_part, form).date()
        except ValueError:
            continue
        if EARLIEST_DATE <= day <= date.today() + timedelta(days=1):
            return day, ()
        return None, (f"the date {value!r} is before 1900 or in the future and was left out",)
    return None, (f"the date {value!r} is not a date (YYYY-MM-DD) and was left out",)


def _parse_url(value: str) -> tuple[str, tuple[str, ...]]:
    """The url and what was done to keep it: white space taken out (a non-breaking space
    scraped into it), or the url left out when it is still not one."""
    if not value or _is_url(value):
        return value, ()
    cleaned = re.sub(r"\s", "", value)
    shown = value if len(value) <= 100 else value[:100] + "…"  # a note of a line, not of a page
    if _is_url(cleaned):
        return cleaned, (f"white space was removed from the url {shown!r}",)
    return "", (f"the url {shown!r} is not a valid URL and was left out",)


def _is_url(value: str) -> bool:
    try:
        URLValidator()(value)
    except ValidationError:
        return False
    return True
