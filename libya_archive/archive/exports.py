"""Downloads for research: a whole search result set as CSV or JSON Lines, and every
mention of an actor or place as CSV.

Everything streams: a search's rows are read from PostgreSQL a page of CHUNK_SIZE at a
time, each after the last one's place in newest-first order, a mentions export's a page of
articles at a time, and written out as they come, so memory stays flat whether a search
matches ten articles or a million. CSV starts with a UTF-8 byte order mark so that
spreadsheet programs read the Arabic as UTF-8; JSON Lines is plain UTF-8. Each ends with a
line saying it is complete and how many rows it holds (`CSV_END`), or, where the database
stopped reading a page of rows at the request's deadline (REQUEST_TIMEOUT_MS, each page),
that it stopped and why (`CSV_STOPPED`).

A mentions export is read a page of articles at a time and stops at the request's deadline
(REQUEST_TIMEOUT_MS) after the article it is writing: it then ends with a line naming the
URL that continues it (`CSV_CONTINUED`), so that no worker is held longer by one actor
named in thousands of articles, and a client gets the rest by following the links.
"""

import csv
import json
import time
from collections.abc import Callable, Iterable, Iterator

from django.conf import settings
from django.contrib.postgres.expressions import ArraySubquery
from django.db import OperationalError
from django.db.models import Min, OuterRef, QuerySet
from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest, StreamingHttpResponse
from django.urls import reverse
from django.utils.http import content_disposition_header, urlencode
from django.utils.text import slugify

from libya_archive.archive.models import Actor, ActorMention, Place, PlaceMention, source_label
from libya_archive.archive.moved import moved_entity
from libya_archive.archive.paging import cursor_at, is_damaged, read_after
from libya_archive.archive.postgres import is_statement_timeout
from libya_archive.archive.search import SearchForm, search_matches
from libya_archive.archive.search.query import searched_query
from libya_archive.archive.selectors import entity_articles, mentions_in_context

# Rows fetched from PostgreSQL at a time; a mentions export holds this many article bodies.
CHUNK_SIZE = 500
# How many bytes of output are gathered before they are sent.
SEND_SIZE = 64 * 1024
# A spreadsheet reads a cell starting with one of these as a formula; imported text could
# carry one (OWASP "CSV injection"), so such cells get a leading apostrophe.
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")

# The last line of every export, with the number of rows before it: a download cut short (a
# restart, a deadline, a dropped connection) lacks it. In JSON Lines: {"complete": true, "rows": N}.
CSV_END = "#complete"
# The last line of a part of an export stopped at its deadline, with the number of rows
# before it and the URL of the next part.
CSV_CONTINUED = "#continued"
# The last line of an export the database stopped at the request's deadline (a search of
# exact spellings reads every article's text), with the number of rows before it and why.
CSV_STOPPED = "#stopped"
STOPPED_REASON = "the database took longer than a request may: narrow the search (dates, a paper) and export again"

SEARCH_FIELDS = ["id", "title", "date", "source", "source_label", "url", "source_url", "actors", "places"]
# before, mention, after: the keyword-in-context line of the mentions page, in three cells.
MENTION_FIELDS = ["article_id", "title", "date", "url", "start", "end", "before", "mention", "after"]


class ExportStopped(Exception):
    """The database stopped reading an export's rows at the request's deadline."""


def search_export_rows(request: HttpRequest, query: str, options: dict) -> Iterator[dict]:
    """Every article the search page finds for `query` with `options` (`search_options`),
    newest first, with the actors and places it names (in the order it first names them)."""
    actors = {pk: {"slug": slug, "name": name} for pk, slug, name in Actor.objects.values_list("pk", "slug", "name")}
    places = {pk: {"slug": slug, "name": name} for pk, slug, name in Place.objects.values_list("pk", "slug", "name")}
    _, matches = search_matches(query, **options)
    articles = (
        matches.annotate(
            actor_ids=_entities_in_order(ActorMention, "actor"), place_ids=_entities_in_order(PlaceMention, "place")
        )
        .newest_first()
        .values_list("id", "title", "published_on", "source", "url", "actor_ids", "place_ids")
    )
    article_url = _article_url(request)
    for pk, title, published_on, source, url, actor_ids, place_ids in _newest_first_pages(articles.using(articles.db)):
        yield {
            "id": pk,
            "title": title,
            "date": published_on.isoformat() if published_on else None,
            "source": source,
            "source_label": source_label(source),
            "url": article_url.format(pk),
            "source_url": url,
            "actors": [actors[actor] for actor in actor_ids if actor in actors],
            "places": [places[place] for place in place_ids if place in places],
        }


def _newest_first_pages(rows: QuerySet) -> Iterator[tuple]:
    """`rows` (of articles, newest first, each beginning with its id, day as the third
    value), CHUNK_SIZE at a time, each page a statement of its own after the last one's
    place (`paging.read_after`): the request's deadline bounds each, and nothing is held
    between them while the client reads. A server-side cursor held the transaction, and its
    locks, open as long as a client took to read; outside a transaction, PostgreSQL read the
    whole result set at its commit, under no deadline."""
    cursor = ""
    while True:
        try:
            page = read_after(cursor, CHUNK_SIZE, lambda stretch, bounds, limit: list(rows.in_stretch(stretch, bounds)[:limit]))
        except OperationalError as error:
            if not is_statement_timeout(error):
                raise
            raise ExportStopped from error
        yield from page
        if len(page) < CHUNK_SIZE:
            return
        pk, _, published_on, *_ = page[-1]
        cursor = cursor_at(pk, published_on)


def _entities_in_order(mention_model: type[ActorMention] | type[PlaceMention], field: str) -> ArraySubquery:
    """The ids of the entities an article names, in the order it first names each."""
    first_mentions = (
        mention_model.objects.filter(article=OuterRef("pk"))
        .values(field)
        .annotate(first=Min("start"))
        .order_by("first")
        .values(field)
    )
    return ArraySubquery(first_mentions)


class MentionRows:
    """Every mention of `entity` after the article at `cursor`, as CSV rows: its article,
    where it stands, and its context. Articles newest first, mentions in reading order.
    Stops after the first article that ends past `deadline` (a `time.monotonic()`), leaving
    in `next_cursor` where the rest starts ('' when every mention was given)."""

    def __init__(self, request: HttpRequest, entity: Actor | Place, cursor: str, deadline: float) -> None:
        self.article_url = _article_url(request)
        self.entity, self.cursor, self.deadline = entity, cursor, deadline
        self.next_cursor = ""

    def __iter__(self) -> Iterator[list]:
        cursor = self.cursor
        while True:
            page = entity_articles(self.entity, cursor, CHUNK_SIZE)
            for number, article in enumerate(page.items, 1):
                yield from self._rows(article)
                if (number < len(page.items) or page.next_cursor) and time.monotonic() >= self.deadline:
                    self.next_cursor = article.cursor
                    return
            if not page.next_cursor:
                return
            cursor = page.next_cursor

    def _rows(self, article) -> Iterator[list]:
        url = self.article_url.format(article.pk)
        date = article.published_on.isoformat() if article.published_on else ""
        for line in mentions_in_context(article):
            yield [article.pk, article.title, date, url, line.start, line.end, line.before, line.mention, line.after]


def _article_url(request: HttpRequest) -> str:
    """The full URL of an article page with {} for its id: built once, not once per row."""
    return request.build_absolute_uri(reverse("article_detail", args=[0])).replace("/0/", "/{}/")


def csv_cell(value) -> str | int:
    """A value as a CSV cell; text a spreadsheet would run as a formula is defused."""
    if value is None:
        return ""
    if isinstance(value, str) and value.startswith(_FORMULA_START):
        return "'" + value
    return value


class _Echo:
    """A file-like object that hands back what it is asked to write (Django's streaming CSV recipe)."""

    def write(self, value: str) -> str:
        return value


def csv_lines(header: list[str], rows: Iterable[list], next_part: Callable[[], str] = str) -> Iterator[str]:
    """The CSV file of `rows`; its last line says it is complete, or, when `next_part()` (asked
    once the rows are written) gives a URL, that the rest is there."""
    writer = csv.writer(_Echo())
    yield "\ufeff" + writer.writerow(header)
    count = 0
    try:
        for row in rows:
            yield writer.writerow([csv_cell(value) for value in row])
            count += 1
    except ExportStopped:
        yield writer.writerow([CSV_STOPPED, count, STOPPED_REASON])
        return
    url = next_part()
    yield writer.writerow([CSV_CONTINUED, count, url] if url else [CSV_END, count])


def jsonl_lines(rows: Iterable[dict]) -> Iterator[str]:
    count = 0
    try:
        for row in rows:
            yield json.dumps(row, ensure_ascii=False) + "\n"
            count += 1
    except ExportStopped:
        yield json.dumps({"complete": False, "rows": count, "stopped": STOPPED_REASON}) + "\n"
        return
    yield json.dumps({"complete": True, "rows": count}) + "\n"


def _in_parts(lines: Iterable[str]) -> Iterator[bytes]:
    """`lines` encoded and gathered into parts of about SEND_SIZE bytes, so a large export
    is sent in a few thousand writes rather than a million."""
    part: list[bytes] = []
    size = 0
    for line in lines:
        data = line.encode()
        part.append(data)
        size += len(data)
        if size >= SEND_SIZE:
            yield b"".join(part)
            part, size = [], 0
    if part:
        yield b"".join(part)


def _download(lines: Iterable[str], content_type: str, filename: str, fallback: str) -> StreamingHttpResponse:
    """A streamed attachment named `filename`; an Arabic name also carries the plain
    `fallback` for clients that read only filename= (RFC 6266, section 4.3)."""
    disposition = content_disposition_header(True, filename)
    if not filename.isascii():
        disposition = f'attachment; filename="{fallback}"; {disposition.removeprefix("attachment; ")}'
    return StreamingHttpResponse(
        _in_parts(lines), content_type=f"{content_type}; charset=utf-8", headers={"Content-Disposition": disposition}
    )


# The parameters that say which articles an export holds, beside the query.
_FILTERS = ("actor", "place", "kind", "source", "from", "to", "added_since", "sort", "exact", "entities")


def _search_export(
    request: HttpRequest, lines: Callable[[Iterator[dict]], Iterator[str]], content_type: str, extension: str
) -> HttpResponse | StreamingHttpResponse:
    """Every article the search page finds for the request's query string, as `lines` write
    them; or a 400 naming each parameter refused or naming nothing (in English, as the API's):
    a file made without a filter, or empty for it, would read as the articles asked for."""
    form = SearchForm(request.GET)
    if refused := form.refused(_FILTERS):
        said = "".join(f"{key}: {messages[0]}\n" for key, messages in refused.items())
        return HttpResponseBadRequest(said, content_type="text/plain; charset=utf-8")
    query = request.GET.get("q", "")
    name = slugify(searched_query(query), allow_unicode=True)[:60].strip("-") or "all"
    rows = search_export_rows(request, query, form.options())
    return _download(lines(rows), content_type, f"search-{name}.{extension}", f"search.{extension}")


def _search_csv_lines(rows: Iterator[dict]) -> Iterator[str]:
    """A search's rows as CSV lines, each article's actors and places by name, "; " between."""
    cells = (
        [
            *(row[field] for field in SEARCH_FIELDS if field not in ("actors", "places")),
            "; ".join(actor["name"] for actor in row["actors"]),
            "; ".join(place["name"] for place in row["places"]),
        ]
        for row in rows
    )
    return csv_lines(SEARCH_FIELDS, cells)


def search_export_csv(request: HttpRequest) -> HttpResponse | StreamingHttpResponse:
    return _search_export(request, _search_csv_lines, "text/csv", "csv")


def search_export_jsonl(request: HttpRequest) -> HttpResponse | StreamingHttpResponse:
    return _search_export(request, jsonl_lines, "application/jsonl", "jsonl")


def entity_mentions_csv(request: HttpRequest, kind: str, slug: str) -> HttpResponse | StreamingHttpResponse:
    """Every mention of an actor or place after the article `after` names (none: from the
    newest), each with its context as on the mentions page, as far as the request's deadline
    lets; the last line links the rest. At a merged record's old address, a redirect."""
    deadline = time.monotonic() + settings.REQUEST_TIMEOUT_MS / 1000
    model = Actor if kind == "actor" else Place
    entity = model.objects.filter(slug=slug).first()
    if entity is None:
        return moved_entity(request, model, slug, f"{kind}_mentions_csv")
    after = request.GET.get("after", "")
    if is_damaged(after):
        message = f"after: not a cursor of this file; follow the #continued link as given, not {after[:100]!r}\n"
        return HttpResponseBadRequest(message, content_type="text/plain; charset=utf-8")
    rows = MentionRows(request, entity, after, deadline)

    def next_part() -> str:
        return rows.next_cursor and request.build_absolute_uri(f"{request.path}?{urlencode({'after': rows.next_cursor})}")

    return _download(csv_lines(MENTION_FIELDS, rows, next_part), "text/csv", f"{slug}-mentions.csv", "mentions.csv")
