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

import codecs
import hashlib
import re
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date
from multiprocessing import get_context
from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import DatabaseError, transaction
from django.utils import timezone

from libya_archive.archive.arabic import search_document, tokenize
from libya_archive.archive.candidates import candidate_names, record_candidates
from libya_archive.archive.linking import (
    FoundMention,
    Gazetteer,
    entity_search_text,
    find_mentions,
    load_gazetteer,
    replace_mentions,
)
from libya_archive.archive.models import LEAD_WORDS, Article
from libya_archive.archive.search import add_to_vocabulary

HEADER_FENCE = "---"
HEADER_KEYS = {"title", "date", "source", "url"}
MAX_TITLE_LENGTH = 120
# Files written per transaction: large enough that round trips do not dominate, small
# enough that a batch retried file by file after a failure is quick.
BATCH_SIZE = 200
_SENTENCE_END = re.compile(r"[.!?؟\n]|\.\.\.")


# Bidirectional embeddings, overrides and isolates, zero-width space and stray byte-order marks.
_INVISIBLE = dict.fromkeys([*range(0x202A, 0x202F), *range(0x2066, 0x206A), 0x200B, 0xFEFF])
MAX_FILE_BYTES = 5 * 1024 * 1024


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
    text = _decode(raw)
    # Line ends of any system; direction overrides and invisible characters that would
    # garble how the text shows (a stray U+202E reverses everything after it).
    text = text.replace("\r\n", "\n").replace("\r", "\n").translate(_INVISIBLE)
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


def _decode(raw: bytes) -> str:
    if raw.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        # Word processors save "Unicode text" as UTF-16 with a byte-order mark: unmistakable.
        try:
            return _non_empty(raw.decode("utf-16"))
        except UnicodeDecodeError:
            raise ArticleFileError("not valid UTF-16 text despite its byte-order mark") from None
    if b"\x00" in raw:
        raise ArticleFileError("not a text file (it contains NUL bytes)")
    try:
        return _non_empty(raw.decode("utf-8-sig"))
    except UnicodeDecodeError as error:
        raise ArticleFileError(f"not UTF-8 text (invalid byte at position {error.start})") from None


def _non_empty(text: str) -> str:
    if not text.strip():
        raise ArticleFileError("the file is empty")
    return text


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


@dataclass
class PreparedArticle:
    """A file parsed and analysed in Python, ready to be written in one go."""

    path: Path
    parsed: ParsedArticle
    content_hash: str
    search_title: str
    search_lead: str
    search_body: str
    search_entities: str
    mentions: list[FoundMention]
    candidates: list[str]
    forms: set[str]  # the distinct search forms of title and body, for the vocabulary


def prepare(path: Path, parsed: ParsedArticle, gazetteer: Gazetteer) -> PreparedArticle:
    """Everything an article needs that Python computes, from one tokenization of its body."""
    tokens = tokenize(parsed.body)
    body_forms = search_document(parsed.body, tokens).split(" ")
    title_forms = search_document(parsed.title).split(" ")
    mentions = find_mentions(parsed.body, gazetteer, tokens)
    content_hash = hashlib.sha256(
        "\x1f".join([parsed.title, parsed.body, str(parsed.published_on or ""), parsed.source, parsed.url]).encode()
    ).hexdigest()
    return PreparedArticle(
        path=path,
        parsed=parsed,
        content_hash=content_hash,
        search_title=" ".join(title_forms),
        search_lead=" ".join(body_forms[:LEAD_WORDS]),
        search_body=" ".join(body_forms[LEAD_WORDS:]),
        search_entities=entity_search_text(mentions, gazetteer),
        mentions=mentions,
        candidates=candidate_names(parsed.body, gazetteer, tokens, mentions),
        forms=set(title_forms) | set(body_forms),
    )


def _fill(article: Article, prepared: PreparedArticle) -> Article:
    parsed = prepared.parsed
    article.title, article.body = parsed.title, parsed.body
    article.published_on, article.source, article.url = parsed.published_on, parsed.source, parsed.url
    article.content_hash = prepared.content_hash
    article.search_title, article.search_lead = prepared.search_title, prepared.search_lead
    article.search_body, article.search_entities = prepared.search_body, prepared.search_entities
    return article


_WRITTEN_FIELDS = [
    "title", "body", "published_on", "source", "url", "content_hash",
    "search_title", "search_lead", "search_body", "search_entities", "updated_at",
]


def write_batch(batch: list[PreparedArticle]) -> list[ImportOutcome]:
    """Store a batch of prepared articles in one transaction: new ones inserted, changed
    ones updated, the rest reported. Keyed by file name; a content already stored under
    another name is skipped."""
    names = [prepared.path.name for prepared in batch]
    existing = {a.source_name: a for a in Article.objects.filter(source_name__in=names).only("pk", "source_name", "content_hash")}
    holders = dict(
        Article.objects.filter(content_hash__in=[p.content_hash for p in batch]).values_list("content_hash", "source_name")
    )
    outcomes, new, changed = [], [], []
    for prepared in batch:
        name = prepared.path.name
        article = existing.get(name)
        holder = holders.get(prepared.content_hash)
        if article is not None and article.content_hash == prepared.content_hash:
            outcomes.append(ImportOutcome(prepared.path, "unchanged"))
        elif holder is not None and holder != name:
            outcomes.append(ImportOutcome(prepared.path, "skipped", f"same content as {holder}, already imported"))
        else:
            holders[prepared.content_hash] = name  # a later file of the batch with this content is a twin
            target = new if article is None else changed
            target.append((_fill(article or Article(source_name=name), prepared), prepared))
            outcomes.append(ImportOutcome(prepared.path, "imported" if article is None else "updated"))
    if not new and not changed:
        return outcomes
    with transaction.atomic():
        Article.objects.bulk_create([article for article, _ in new], batch_size=500)
        now = timezone.now()
        for article, _ in changed:
            article.updated_at = now
        Article.objects.bulk_update([article for article, _ in changed], _WRITTEN_FIELDS, batch_size=500)
        written = new + changed
        replace_mentions({article.pk: prepared.mentions for article, prepared in written})
        record_candidates(
            Counter(name for _, prepared in new for name in prepared.candidates),
            {name: article.pk for article, prepared in new for name in prepared.candidates},
        )
        add_to_vocabulary(Counter(form for _, prepared in new for form in prepared.forms))
    return outcomes


def import_paths(paths: Iterable[Path], *, batch_size: int = BATCH_SIZE, workers: int = 1) -> Iterator[ImportOutcome]:
    """Import every article file under `paths`, a batch at a time.

    Each file is stored whole or not at all: if a batch cannot be written (another import
    stored one of its files a moment before, say), its files are written one by one.
    With `workers` > 1, that many processes read and analyse files while this one writes.
    """
    gazetteer = load_gazetteer()
    files = article_files(paths)
    if workers > 1:
        # Forked workers share the gazetteer without copying it and never touch the database.
        with get_context("fork").Pool(workers, initializer=_start_worker, initargs=(gazetteer,)) as pool:
            yield from _import(pool.imap(_prepare_file, files, chunksize=8), batch_size)
    else:
        _start_worker(gazetteer)
        yield from _import(map(_prepare_file, files), batch_size)


_worker_gazetteer: Gazetteer | None = None


def _start_worker(gazetteer: Gazetteer) -> None:
    global _worker_gazetteer
    _worker_gazetteer = gazetteer


def _prepare_file(path: Path) -> PreparedArticle | ImportOutcome:
    try:
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            raise ArticleFileError(f"too large for an article ({size / 1024 / 1024:.1f} MB; the limit is 5 MB)")
        return prepare(path, parse_article(path.read_bytes()), _worker_gazetteer)
    except (ArticleFileError, OSError) as error:
        return ImportOutcome(path, "skipped", str(error))


def _import(prepared_files: Iterable[PreparedArticle | ImportOutcome], batch_size: int) -> Iterator[ImportOutcome]:
    batch: list[PreparedArticle] = []
    for prepared in prepared_files:
        if isinstance(prepared, ImportOutcome):
            yield prepared
            continue
        batch.append(prepared)
        if len(batch) == batch_size:
            yield from _write(batch)
            batch = []
    if batch:
        yield from _write(batch)


def _write(batch: list[PreparedArticle]) -> list[ImportOutcome]:
    try:
        return write_batch(batch)
    except DatabaseError:
        if len(batch) == 1:
            raise
        return [outcome for prepared in batch for outcome in _write([prepared])]


def article_files(paths: Iterable[Path]) -> Iterator[Path]:
    """The .txt files under each folder (sorted), and each file named directly."""
    for path in paths:
        if path.is_dir():
            yield from sorted(p for p in path.rglob("*.txt") if p.is_file())
        else:
            yield path
