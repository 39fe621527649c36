"""Article files → articles, in batches of one transaction each: the files are found and
parsed (`parsing`), analysed (`analysis`, in worker processes when asked) and stored
(`services.articles_store`). See docs/importing.md.
"""

import gc
import os
import signal
from collections import Counter
from collections.abc import Generator, Iterable, Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager, nullcontext
from dataclasses import dataclass
from multiprocessing import get_context
from multiprocessing.pool import Pool
from pathlib import Path
from typing import NamedTuple

from django.db import DatabaseError, connection

from libya_archive.archive import services
from libya_archive.archive.analysis import Derived, content_hash, derive
from libya_archive.archive.arabic import tokenize
from libya_archive.archive.candidates import candidate_sightings
from libya_archive.archive.formats import MULTI_RECORD, format_of
from libya_archive.archive.import_files import MAX_FILE_BYTES, article_files, file_names, readable_name
from libya_archive.archive.linking import Gazetteer, load_gazetteer
from libya_archive.archive.models import (
    SEARCH_INDEX_NAME,
    SHINGLES_INDEX_NAME,
    TITLE_INDEX_NAME,
    TITLE_WRITTEN_INDEX_NAME,
    ActorMention,
    Article,
    ArticleEntities,
    NearDuplicate,
    PlaceMention,
    SearchTerm,
)
from libya_archive.archive.parsing import ArticleFileError, ParsedArticle, file_records, parse_file, parse_payload
from libya_archive.archive.postgres import analyze

# Articles written per transaction: large enough that round trips do not dominate, small
# enough that a batch retried one article at a time after a failure is quick.
BATCH_SIZE = 200
VOCABULARY_FLUSH = 5000
# How much lower than the importing process its workers run (os.nice; 19 is the lowest).
WORKER_NICENESS = 10
# PostgreSQL's statistics of what an import writes are gathered at its end where it stored or
# updated more than this many articles and this share of those held: autovacuum's defaults
# (autovacuum_analyze_threshold, autovacuum_analyze_scale_factor), for one import.
STATISTICS_STALE_AFTER = 50
STATISTICS_STALE_SHARE = 0.1
# The tables an import fills, whose statistics it gathers.
IMPORT_WRITES = (Article, SearchTerm, ActorMention, PlaceMention, ArticleEntities, NearDuplicate)


# The largest article: a text file, a web page, a record of a .jsonl file, a feed or a web
# archive. A PDF, a scan or a Word document carries its layout and images, so it may be larger.
MAX_DOCUMENT_BYTES = 100 * 1024 * 1024
DOCUMENT_FORMATS = {"pdf", "image", "docx"}


@dataclass(frozen=True)
class ImportOutcome:
    path: Path  # the file
    status: str  # imported, updated, unchanged or skipped
    message: str = ""
    line: int | None = None  # the record of a file of several articles: a .jsonl line, a feed entry, a WARC record

    @property
    def where(self) -> str:
        """The file, or the file and record, as the import summary names it."""
        path = readable_name(str(self.path))
        return f"{path}#{self.line}" if self.line else path

    @property
    def format(self) -> str:
        """The kind of file, for the import's summary by format."""
        return format_of(self.path) or "txt"


@dataclass
class PreparedArticle:
    """An article parsed and analysed in Python, ready to be written in one go."""

    path: Path  # its file
    line: int | None  # its line, for an article of a .jsonl file
    source_name: str  # what the archive knows it by (see `source_name`)
    parsed: ParsedArticle
    content_hash: str
    derived: Derived
    candidates: list[tuple[str, str]]  # name-like phrases the gazetteer lacks, each with its sentence

    def outcome(self, status: str, message: str = "") -> ImportOutcome:
        return ImportOutcome(self.path, status, message, self.line)


def source_name(path: Path, line: int | None = None, file_name: str = "") -> str:
    """What the archive knows an article by: its file's name (`file_name` where the import
    gave it a longer one, see `file_names`; `readable_name`), followed for a line of a .jsonl
    file by # and the line number (telegraph.jsonl#7)."""
    file_name = readable_name(file_name or path.name)
    name = f"{file_name}#{line}" if line else file_name
    if len(name) > Article._meta.get_field("source_name").max_length:
        raise ArticleFileError("the file name is too long")
    return name


def prepare(path: Path, parsed: ParsedArticle, gazetteer: Gazetteer, *, line: int | None = None, file_name: str = "") -> PreparedArticle:
    """Everything an article needs that Python computes, from one tokenization of its body."""
    tokens = tokenize(parsed.body)
    derived = derive(parsed.title, parsed.body, gazetteer, tokens)
    return PreparedArticle(
        path=path,
        line=line,
        source_name=source_name(path, line, file_name),
        parsed=parsed,
        content_hash=content_hash(parsed.title, parsed.body, parsed.published_on, parsed.source, parsed.url, parsed.author),
        derived=derived,
        candidates=candidate_sightings(parsed.body, gazetteer, tokens, derived.mentions),
    )


def import_paths(
    paths: Iterable[Path], *, batch_size: int = BATCH_SIZE, workers: int = 1, bulk: bool = False
) -> Iterator[ImportOutcome]:
    """Import every article file under `paths`, a batch at a time.

    Each article is stored whole or not at all: if a batch cannot be written (another import
    stored one of its articles a moment before, say), its articles are written one by one.
    With `workers` > 1, that many processes read and analyse articles while this one writes.
    With `bulk`, the search indexes are dropped for the import and built again at the end
    (see `search_index_rebuilt_afterwards`). An import that changed many articles for the
    archive's size ends by gathering PostgreSQL's statistics of what it wrote.
    """
    gazetteer = load_gazetteer()
    sources = _sources(article_files(paths))
    if not bulk:
        restore_search_indexes()  # which a bulk import killed half way left dropped
    with search_index_rebuilt_afterwards() if bulk else nullcontext(), services.import_counting_vocabulary():
        if workers > 1:
            with worker_pool(workers, gazetteer) as pool:
                changed = yield from _import(pool.imap(_prepare_source, sources, chunksize=8), batch_size)
        else:
            _start_worker(gazetteer)
            changed = yield from _import(map(_prepare_source, sources), batch_size)
    # A server may gather the statistics late, or never (autovacuum is off on the development
    # machines), and a search planned without them guessed: its corrections read the whole
    # vocabulary (23 ms on the dev corpus, against 0.7).
    if changed > STATISTICS_STALE_AFTER and changed > STATISTICS_STALE_AFTER + STATISTICS_STALE_SHARE * Article.objects.count():
        analyze([model._meta.db_table for model in IMPORT_WRITES])


@contextmanager
def search_index_rebuilt_afterwards():
    """For loading very many articles at once: PostgreSQL builds the search indexes (words,
    word shingles, the titles' words as searched and as written) in one pass much faster
    than it grows them article by article.
    Searches during the load find the right articles, only slowly; the indexes are back when
    the import ends, even if it fails.

    The indexes are built side by side, each on a connection of its own (PostgreSQL
    builds one GIN index on one core), so the import must not run inside a transaction:
    those connections would wait for it for ever."""
    if connection.in_atomic_block:
        raise RuntimeError("a bulk import builds its indexes on connections of its own: run it outside a transaction")
    indexes = _search_indexes()
    existing = _index_names()
    with connection.schema_editor() as editor:
        for index in indexes:
            if index.name in existing:
                editor.remove_index(Article, index)
    try:
        yield
    finally:
        restore_search_indexes()


def restore_search_indexes() -> None:
    """Build the search indexes that are missing: side by side, each on a connection of its
    own, or on this one inside a transaction (whose locks the others would wait for)."""
    existing = _index_names()
    missing = [index for index in _search_indexes() if index.name not in existing]
    if missing and connection.in_atomic_block:
        with connection.schema_editor() as editor:
            for index in missing:
                editor.add_index(Article, index)
    elif missing:
        with ThreadPoolExecutor(len(missing)) as pool:
            list(pool.map(_build_index, missing))


def _search_indexes() -> list:
    return [index for index in Article._meta.indexes if index.name in (SEARCH_INDEX_NAME, SHINGLES_INDEX_NAME, TITLE_INDEX_NAME, TITLE_WRITTEN_INDEX_NAME)]


def _index_names() -> set[str]:
    with connection.cursor() as cursor:
        return set(connection.introspection.get_constraints(cursor, Article._meta.db_table))


def _build_index(index) -> None:
    """Build one index of `Article`, in a thread: Django gives each thread its own connection."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SET maintenance_work_mem = '1GB'")
        with connection.schema_editor() as editor:
            editor.add_index(Article, index)
    finally:
        connection.close()


class _Source(NamedTuple):
    """One article to prepare: a file of one article, which the worker reads, or a record of
    a file of several (a .jsonl line, a feed entry, a page of a web archive)."""

    path: Path
    line: int | None = None
    payload: object = None  # the record, as `parsing.parse_payload` reads it
    file_name: str = ""  # the name the archive knows the file by, where not its own (`file_names`)


def _sources(files: Iterable[Path]) -> Iterator[_Source | ImportOutcome]:
    """The articles of `files`, one at a time. The records of a file of several articles are
    read here, so that one large file is shared among the workers; such a file that cannot be
    read or holds no records is reported here too, after the records read before its fault."""
    files = list(files)
    names = file_names(files)
    for path in files:
        if path.exists() and not path.is_file():
            # A pipe or a device named on the command line: reading it would wait for ever.
            yield ImportOutcome(path, "skipped", "not a regular file (a pipe or a device)")
            continue
        if format_of(path) not in MULTI_RECORD:
            yield _Source(path, file_name=names.get(path, ""))
            continue
        number = 0
        try:
            for number, payload in file_records(path, MAX_FILE_BYTES):
                yield _Source(path, number, payload, names.get(path, ""))
        except (ArticleFileError, OSError) as error:
            yield ImportOutcome(path, "skipped", _why(error))  # the message says where the file broke
            continue
        if not number:
            yield ImportOutcome(path, "skipped", "the file holds no records")


_worker_gazetteer: Gazetteer | None = None


def _start_worker(gazetteer: Gazetteer) -> None:
    global _worker_gazetteer
    _worker_gazetteer = gazetteer


def worker_pool(workers: int, gazetteer: Gazetteer) -> Pool:
    """Processes that read and analyse articles for an import. Forked, they share the
    gazetteer without copying it; they never touch the database."""
    return get_context("fork").Pool(workers, initializer=_start_worker_process, initargs=(gazetteer,))


def _start_worker_process(gazetteer: Gazetteer) -> None:
    # What a worker holds when it starts (Django, the gazetteer) lives as long as the worker:
    # left to the garbage collector, it was walked again at every full collection, which
    # cost a tenth of the worker's time.
    gc.freeze()
    # The one process writing and PostgreSQL's serving it are the narrow part of an import,
    # and a server answering readers beside it comes first: the workers take what is left.
    os.nice(WORKER_NICENESS)
    # Ctrl-C reaches the whole process group: the importing process stops the import (and
    # the workers with it), rather than each worker printing a traceback of its own.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    _start_worker(gazetteer)


def _prepare_source(source: _Source | ImportOutcome) -> PreparedArticle | ImportOutcome:
    if isinstance(source, ImportOutcome):
        return source  # a fault `_sources` found in a .jsonl file, passed on
    path, line, payload, file_name = source
    try:
        size = path.stat().st_size if line is None else len(payload) if isinstance(payload, bytes) else 0
        limit = MAX_DOCUMENT_BYTES if line is None and format_of(path) in DOCUMENT_FORMATS else MAX_FILE_BYTES
        if size > limit:
            raise ArticleFileError(f"too large for an article ({size / 1024 / 1024:.1f} MB; the limit is {limit // 1024 // 1024} MB)")
        parsed = parse_file(path, path.read_bytes()) if line is None else parse_payload(path, payload)
        return prepare(path, parsed, _worker_gazetteer, line=line, file_name=file_name)
    except (ArticleFileError, OSError) as error:
        return ImportOutcome(path, "skipped", _why(error), line)


def _why(error: ArticleFileError | OSError) -> str:
    """Why a file is skipped, in the import's words: its line names the file already, which
    an error of the system names again ("[Errno 2] No such file or directory: 'a.txt'")."""
    if isinstance(error, FileNotFoundError):
        return "no such file or folder"
    if isinstance(error, OSError) and error.strerror:
        return f"cannot be read ({error.strerror[0].lower()}{error.strerror[1:]})"
    return str(error)


def _import(prepared_files: Iterable[PreparedArticle | ImportOutcome], batch_size: int) -> Generator[ImportOutcome, None, int]:
    """Each article's outcome as its batch is written; returns how many were stored or updated."""
    batch: list[PreparedArticle] = []
    vocabulary = _Vocabulary()
    for prepared in prepared_files:
        if isinstance(prepared, ImportOutcome):
            yield prepared
            continue
        batch.append(prepared)
        if len(batch) == batch_size:
            yield from vocabulary.count(batch, _write(batch))
            batch = []
    if batch:
        yield from vocabulary.count(batch, _write(batch))
    vocabulary.flush()
    return vocabulary.changed


class _Vocabulary:
    """The search forms of newly stored articles, counted here and written to the database
    every VOCABULARY_FLUSH articles: most words recur from batch to batch, so writing each
    batch's words would rewrite the same rows over and over. An import killed between
    flushes leaves the counts short, until the next import ends and rebuilds them
    (`services.import_counting_vocabulary`)."""

    def __init__(self):
        self.documents: Counter[str] = Counter()
        self.articles = 0  # since the last flush
        self.changed = 0  # articles stored or updated, in all

    def count(self, batch: list[PreparedArticle], outcomes: list[ImportOutcome]) -> list[ImportOutcome]:
        for prepared, outcome in zip(batch, outcomes, strict=True):
            if outcome.status == "imported":
                self.documents.update(prepared.derived.forms)
                self.articles += 1
            self.changed += outcome.status in ("imported", "updated")
        if self.articles >= VOCABULARY_FLUSH:
            self.flush()
        return outcomes

    def flush(self) -> None:
        services.vocabulary_add(self.documents)
        self.documents, self.articles = Counter(), 0


def write_batch(batch: list[PreparedArticle]) -> list[ImportOutcome]:
    """Store a batch in one transaction (`services.articles_store`), each article's outcome reported."""
    stored = zip(batch, services.articles_store(batch), strict=True)
    # What parsing changed to keep an article is said with it, as a skip is.
    return [prepared.outcome(status, message or "; ".join(prepared.parsed.notes)) for prepared, (status, message) in stored]


def _write(batch: list[PreparedArticle]) -> list[ImportOutcome]:
    try:
        return write_batch(batch)
    except DatabaseError:
        if len(batch) == 1:
            raise
        return [outcome for prepared in batch for outcome in _write([prepared])]
