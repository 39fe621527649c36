"""Middleware of the whole site."""

import logging

from django.conf import settings
from django.db import InterfaceError, OperationalError, connections
from django.db.backends.signals import connection_created
from django.http import Http404, HttpResponse, JsonResponse, QueryDict
from django.template.loader import render_to_string
from django.utils import translation

from libya_archive.archive.postgres import is_statement_timeout

logger = logging.getLogger(__name__)

RETRY_AFTER_SECONDS = 30
RETRY_AFTER_TIMEOUT_SECONDS = 5


class DatabaseUnavailableMiddleware:
    """While the database cannot be reached (restarting, say), answer 503 with a page that
    says so, instead of a server error. Django reconnects by itself once it is back. A
    statement stopped by its deadline (`StatementTimeoutMiddleware`) is a 503 too, saying
    that the request took too long. The API answers JSON, as for its other errors."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if not isinstance(exception, (OperationalError, InterfaceError)):
            return None
        timed_out = is_statement_timeout(exception)
        logger.warning("%s: %s %s", "too slow" if timed_out else "database unavailable", request.path, exception)
        retry_after = RETRY_AFTER_TIMEOUT_SECONDS if timed_out else RETRY_AFTER_SECONDS
        if request.path_info.startswith("/api/"):
            detail = "The request took longer than allowed and was stopped." if timed_out else "The database is unavailable."
            response = JsonResponse({"detail": detail}, status=503)
        else:
            # Rendered without the request: the usual context (the user) would ask the database.
            response = HttpResponse(render_to_string("unavailable.html", {"timed_out": timed_out}), status=503)
        response["Retry-After"] = str(retry_after)
        return response


def bound_statements(sender=None, connection=None, **kwargs) -> None:
    """Give `connection` the web requests' statement timeout, for as long as it is open."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT set_config('statement_timeout', %s, false)", [str(settings.REQUEST_TIMEOUT_MS)])


class StatementTimeoutMiddleware:
    """Every statement a web request runs (pages, API, feeds, exports, the admin) stops after
    REQUEST_TIMEOUT_MS, in PostgreSQL: each connection a serving process opens gets it as its
    statement timeout when it connects, which costs no statement per request. Management
    commands (imports, re-indexing) load no middleware and keep the server's own setting. A
    search bounds itself more tightly (SEARCH_TIMEOUT_MS for all its statements together)."""

    def __init__(self, get_response):
        self.get_response = get_response
        connection_created.connect(bound_statements, dispatch_uid="libya_archive.bound_statements")
        for connection in connections.all(initialized_only=True):
            if connection.connection is not None:
                bound_statements(connection=connection)

    def __call__(self, request):
        return self.get_response(request)


# Pages load styles, fonts, scripts and images from this site only, and run no inline script
# or style: injected markup can do nothing. The admin's scripts are all files, so it works
# under this too. (Django 6.0 has CSP built in; this project is on 5.2.)
CONTENT_SECURITY_POLICY = "; ".join(
    [
        "default-src 'self'",
        "img-src 'self' data:",
        "style-src 'self'",
        "script-src 'self'",
        "font-src 'self'",
        "frame-ancestors 'none'",
        "base-uri 'self'",
        "form-action 'self'",
    ]
)


class ContentSecurityPolicyMiddleware:
    """Give every response the site's Content-Security-Policy, unless a view set its own."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        response.headers.setdefault("Content-Security-Policy", CONTENT_SECURITY_POLICY)
        return response


class StripNulCharactersMiddleware:
    """PostgreSQL text cannot hold NUL characters, and no reader means one: they are dropped
    from query-string values before any view (search, filters, API) sees them, and a path
    holding one (an actor's slug) names no page."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if "\x00" in request.path:
            raise Http404("no page has a NUL character in its address")
        if "%00" in request.META.get("QUERY_STRING", ""):
            cleaned = QueryDict(mutable=True)
            for key, values in request.GET.lists():
                cleaned.setlist(key.replace("\x00", ""), [value.replace("\x00", "") for value in values])
            cleaned._mutable = False
            request.GET = cleaned
        return self.get_response(request)


class ApiInEnglishMiddleware:
    """The API speaks English, its field names' language, in every message: the site's
    language, Arabic, had given DRF's own messages in Arabic beside English ones (a page past
    the last was «صفحة غير صحيحة.», a record that is none "No Article matches…")."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not request.path_info.startswith("/api/"):
            return self.get_response(request)
        with translation.override("en"):
            return self.get_response(request)
