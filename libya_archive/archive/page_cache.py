"""Whole pages kept for readers who are not signed in, until the archive changes.

Pages are kept under the archive's edition they were made in (`editions`), so one change
to what they show makes every kept page stale at once, in every worker process. A page made
from a replica that had not replayed that edition's changes is served but not kept.
"""

import hashlib
from functools import wraps

from django.conf import settings
from django.core.cache import caches
from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.core.cache.backends.locmem import LocMemCache
from django.http import HttpResponse

from libya_archive.archive.editions import archive_edition, may_keep

# The bytes each named store holds, shared as LocMemCache shares its entries: each thread
# has a cache object of its own over the same store.
_stored_bytes: dict[str, list[int]] = {}


class PageStore(LocMemCache):
    """LocMemCache bounded by the bytes it holds (OPTIONS MAX_BYTES) as well as by its
    entries: pages differ in size a hundredfold (a query string can make one long), so a
    bound in pages is no bound on a worker's memory. The pages read least recently go first;
    a page larger than the whole bound is not kept."""

    def __init__(self, name, params):
        super().__init__(name, params)
        self._max_bytes = int(params.get("OPTIONS", {}).get("MAX_BYTES", 64 * 1024 * 1024))
        self._bytes = _stored_bytes.setdefault(name, [0])

    def _set(self, key, value, timeout=DEFAULT_TIMEOUT):
        self._delete(key)  # kept again: its old bytes go
        if len(value) > self._max_bytes:
            return
        while self._cache and (self._bytes[0] + len(value) > self._max_bytes or len(self._cache) >= self._max_entries):
            self._delete(next(reversed(self._cache)))  # the last is the least recently read
        super()._set(key, value, timeout)
        self._bytes[0] += len(value)

    def _delete(self, key):
        if key in self._cache:
            self._bytes[0] -= len(self._cache[key])
        return super()._delete(key)

    def clear(self):
        with self._lock:
            self._cache.clear()
            self._expire_info.clear()
            self._bytes[0] = 0

    @property
    def stored_bytes(self) -> int:
        return self._bytes[0]


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
        edition = archive_edition()
        key = f"{edition.number}:{path}"
        kept = pages.get(key)
        if kept is not None:
            return HttpResponse(kept, content_type="text/html; charset=utf-8")
        response = view(request, *args, **kwargs)
        # Only a plain page: not a redirect or an error, nothing personal such as a cookie,
        # nothing the view marked as not to be kept, and nothing older than its edition.
        keep = "no-store" not in response.get("Cache-Control", "")
        if keep and response.status_code == 200 and not response.streaming and not response.cookies and may_keep(edition):
            pages.set(key, response.content, settings.PAGE_CACHE_SECONDS)
        return response

    return cached_view
