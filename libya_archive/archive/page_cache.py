"""Whole pages kept for readers who are not signed in, until the archive changes.

Every change to what the pages show (an import, an editor's save, a merge, a re-link)
moves the archive's edition on (`archive_changed`). Pages are kept under the edition they
were made in, so one change makes every kept page stale at once, in every worker process,
with no list of pages to forget. The edition is a PostgreSQL sequence: reading it costs one
tiny query, and moving it never waits on another transaction's lock.
"""

import hashlib
from functools import wraps

from django.conf import settings
from django.core.cache import caches
from django.db import connection, transaction
from django.http import HttpResponse

EDITION_SEQUENCE = "archive_edition"


def current_edition() -> int:
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT last_value FROM {EDITION_SEQUENCE}")
        return cursor.fetchone()[0]


def archive_changed() -> None:
    """Make every kept page stale. The edition moves now, so that this transaction's own
    pages are made afresh, and again once the change is committed, because another worker
    may have kept a page of the old content in between."""
    _next_edition()
    transaction.on_commit(_next_edition)


def _next_edition() -> None:
    with connection.cursor() as cursor:
        cursor.execute("SELECT nextval(%s)", [EDITION_SEQUENCE])


def move_edition_past(edition: int) -> None:
    """After a restore has set the edition back to the backup's: past every edition the
    running workers may have kept pages under."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT setval(%s, greatest(last_value, %s) + 1) FROM " + EDITION_SEQUENCE, [EDITION_SEQUENCE, edition])


def _is_plain_reader(request) -> bool:
    """A reader with no session and no message waiting sees the page everybody sees."""
    cookies = request.COOKIES
    return request.method in ("GET", "HEAD") and settings.SESSION_COOKIE_NAME not in cookies and "messages" not in cookies


def cached_page(view):
    """Serve the view's page from the page cache for plain readers (see `_is_plain_reader`),
    keyed by the full URL and the archive's edition. PAGE_CACHE_SECONDS=0 turns it off."""

    @wraps(view)
    def cached_view(request, *args, **kwargs):
        if not settings.PAGE_CACHE_SECONDS or not _is_plain_reader(request):
            return view(request, *args, **kwargs)
        pages = caches["pages"]
        path = hashlib.sha256(request.get_full_path().encode()).hexdigest()
        key = f"{current_edition()}:{path}"
        kept = pages.get(key)
        if kept is not None:
            return HttpResponse(kept, content_type="text/html; charset=utf-8")
        response = view(request, *args, **kwargs)
        # Only a plain page: not a redirect or an error, nothing personal such as a cookie,
        # and nothing the view marked as not to be kept.
        keep = "no-store" not in response.get("Cache-Control", "")
        if keep and response.status_code == 200 and not response.streaming and not response.cookies:
            pages.set(key, response.content, settings.PAGE_CACHE_SECONDS)
        return response

    return cached_view
