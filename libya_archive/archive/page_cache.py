"""Whole pages kept for readers who are not signed in, until the archive changes.

Pages are kept under the archive's edition they were made in (`editions`), so one change
to what they show makes every kept page stale at once, in every worker process.
"""

import hashlib
from functools import wraps

from django.conf import settings
from django.core.cache import caches
from django.http import HttpResponse

from libya_archive.archive.editions import current_edition


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
