"""Article files → articles, one transaction per file.

An article file is UTF-8 text. It may open with a metadata header between two lines of
three dashes; every header line is `key: value`, with the keys title, date (YYYY-MM-DD),
source and url, all optional:

    ---
    title: داعش في سرت
    date: 2016-05-10
    source: The Telegraph
    url: https://example.org/article
    ---
    نص المقالة…

Without a title the first sentence of the body, shortened to a whole word, is the title.
"""

import hashlib
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import transaction

from libya_archive.archive.candidates import record_candidates
from libya_archive.archive.linking import Gazetteer, link_article, load_gazetteer
from libya_archive.archive.models import Article
from libya_archive.archive.search import refresh_vocabulary

HEADER_FENCE = "---"
HEADER_KEYS = {"title", "date", "source", "url"}
MAX_TITLE_LENGTH = 120
_SENTENCE_END = re.compile(r"[.!?؟\n]|\.\.\.")


class ArticleFileError(ValueError):
    """A file that cannot be an article; the message says why, for the import summary."""


@dataclass(frozen=True)
class ParsedArticle:
    title: str
    body: str
    published_on: date | None = None
    source: str = ""
    url: str = ""


@dataclass(frozen=True)
class ImportOutcome:
    path: Path
    status: str  # imported, updated, unchanged or skipped
    message: str = ""


def parse_article(raw: bytes) -> ParsedArticle:
    if not raw.strip():
        raise ArticleFileError("the file is empty")
    if b"\x00" in raw:
        raise ArticleFileError("not a text file (it contains NUL bytes)")
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise ArticleFileError(f"not UTF-8 text (invalid byte at position {error.start})") from None
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    metadata, body = _split_header(text)
    body = body.strip()
    if not body:
        raise ArticleFileError("the article has no body text")
    return ParsedArticle(
        title=metadata.get("title") or title_from_body(body),
        body=body,
        published_on=_parse_date(metadata.get("date", "")),
        source=metadata.get("source", ""),
        url=_parse_url(metadata.get("url", "")),
    )


def _split_header(text: str) -> tuple[dict[str, str], str]:
    lines = text.lstrip("\n").split("\n")
    if lines[0].strip() != HEADER_FENCE:
        return {}, text
    try:
        closing = next(i for i, line in enumerate(lines[1:], start=1) if line.strip() == HEADER_FENCE)
    except StopIteration:
        raise ArticleFileError("the metadata header has no closing '---' line") from None
    metadata = {}
    for line in lines[1:closing]:
        if not line.strip():
            continue
        key, colon, value = line.partition(":")
        key = key.strip().lower()
        if not colon or key not in HEADER_KEYS:
            raise ArticleFileError(f"unknown metadata header line {line.strip()!r} (keys: title, date, source, url)")
        metadata[key] = value.strip()
    return metadata, "\n".join(lines[closing + 1 :])


def _parse_date(value: str) -> date | None:
    if not value:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise ArticleFileError(f"the date {value!r} is not YYYY-MM-DD") from None


def _parse_url(value: str) -> str:
    if value:
        try:
            URLValidator()(value)
        except ValidationError:
            raise ArticleFileError(f"the url {value!r} is not a valid URL") from None
    return value


def title_from_body(body: str) -> str:
    """The first sentence, cut at a word boundary when it is long."""
    sentence = _SENTENCE_END.split(body, maxsplit=1)[0].strip()
    if len(sentence) <= MAX_TITLE_LENGTH:
        return sentence
    return sentence[:MAX_TITLE_LENGTH].rsplit(" ", 1)[0] + "…"


def import_file(path: Path, gazetteer: Gazetteer) -> ImportOutcome:
    """Store one file as an article, or update the article it was imported as before."""
    try:
        parsed = parse_article(path.read_bytes())
    except (ArticleFileError, OSError) as error:
        return ImportOutcome(path, "skipped", str(error))

    content_hash = hashlib.sha256(
        "\x1f".join([parsed.title, parsed.body, str(parsed.published_on or ""), parsed.source, parsed.url]).encode()
    ).hexdigest()
    with transaction.atomic():
        article = Article.objects.select_for_update().filter(source_name=path.name).first()
        if article is not None and article.content_hash == content_hash:
            return ImportOutcome(path, "unchanged")
        twin = Article.objects.filter(content_hash=content_hash).exclude(source_name=path.name).first()
        if twin is not None:
            return ImportOutcome(path, "skipped", f"same content as {twin.source_name}, already imported")
        status = "imported" if article is None else "updated"
        article = article or Article(source_name=path.name)
        article.title = parsed.title
        article.body = parsed.body
        article.published_on = parsed.published_on
        article.source = parsed.source
        article.url = parsed.url
        article.content_hash = content_hash
        article.update_search_text()
        article.save()
        link_article(article, gazetteer)
        if status == "imported":
            record_candidates(article, gazetteer)
    return ImportOutcome(path, status)


def article_files(paths: Iterable[Path]) -> Iterator[Path]:
    """The .txt files under each folder (sorted), and each file named directly."""
    for path in paths:
        if path.is_dir():
            yield from sorted(p for p in path.rglob("*.txt") if p.is_file())
        else:
            yield path


def import_paths(paths: Iterable[Path]) -> Iterator[ImportOutcome]:
    """Import every article file under `paths`, then refresh the vocabulary if anything changed."""
    gazetteer = load_gazetteer()
    changed = False
    for path in article_files(paths):
        outcome = import_file(path, gazetteer)
        changed = changed or outcome.status in {"imported", "updated"}
        yield outcome
    if changed:
        refresh_vocabulary()
