"""What drf-spectacular cannot tell from the views, added to the schema it generates
(postprocessing hooks, see SPECTACULAR_SETTINGS): every status an operation can answer, and
how often a filter may be repeated."""

from django.conf import settings

RETRY_AFTER = {"Retry-After": {"description": "Seconds to wait before trying again.", "schema": {"type": "integer"}}}
# What `middleware.DatabaseUnavailableMiddleware` answers under /api/.
UNAVAILABLE = {
    "type": "object",
    "properties": {"detail": {"type": "string"}},
    "required": ["detail"],
}


def responses_of_every_operation(result: dict, generator, request, public) -> dict:
    """414 from gunicorn, which refuses a request line (the URL and its query string) longer
    than it reads (limit_request_line, 4,094 bytes) before the API sees it; 503 with
    Retry-After from the middleware, while the database is down or when a statement outlives
    the request's deadline. An operation's own 503 (a search stopped by its time limit) may
    be either body."""
    for path in result["paths"].values():
        for operation in path.values():
            responses = operation["responses"]
            responses.setdefault("414", {"description": "The URL is longer than the server reads (about 4 KB)."})
            unavailable = {"schema": UNAVAILABLE}
            if "503" in responses:
                content = responses["503"].setdefault("content", {}).setdefault("application/json", {})
                content["schema"] = {"anyOf": [content["schema"], UNAVAILABLE]} if "schema" in content else UNAVAILABLE
            else:
                responses["503"] = {"description": "", "content": {"application/json": unavailable}}
            responses["503"]["description"] = (
                "The database is unavailable, or the request took longer than allowed: try again after Retry-After seconds. "
                + responses["503"].get("description", "")
            ).strip()
            responses["503"]["headers"] = RETRY_AFTER
    return result


def repeats_of_every_filter(result: dict, generator, request, public) -> dict:
    """A repeatable filter (actor=…&actor=…) takes at most SEARCH_MAX_REPEATS values, and a
    400 says so beyond (`search.forms`)."""
    for path in result["paths"].values():
        for operation in path.values():
            for parameter in operation.get("parameters", []):
                if parameter.get("schema", {}).get("type") == "array":
                    parameter["schema"]["maxItems"] = settings.SEARCH_MAX_REPEATS
    return result
