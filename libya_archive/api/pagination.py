"""How the API's lists are paged: articles newest first by cursor, actors and places by
page number, and the `page_size` both read."""

from django.core.paginator import EmptyPage
from django.core.paginator import Paginator as DjangoPaginator
from rest_framework.exceptions import ValidationError
from rest_framework.pagination import BasePagination, PageNumberPagination
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.utils.urls import remove_query_param, replace_query_param

from libya_archive.archive import selectors
from libya_archive.archive.models import Article
from libya_archive.archive.paging import is_damaged
from libya_archive.archive.search.execution import MAX_PAGE_SIZE
from libya_archive.archive.views import ARTICLES_PER_PAGE


def list_page_size(params, default: int) -> int:
    """A list's `page_size`: a positive integer, read as at most MAX_PAGE_SIZE; anything else
    (`null`, `0`, `x`, empty) is a 400 naming it, not the default in silence."""
    value = params.get("page_size")
    if value is None:
        return default
    number = positive_integer(value)
    if number is None:
        raise ValidationError({"page_size": [f"must be a positive integer (at most {MAX_PAGE_SIZE} are given), not {value!r}"]})
    return min(number, MAX_PAGE_SIZE)


def positive_integer(value: str) -> int | None:
    """`value` read as a positive integer in decimal digits (² is a digit, not a decimal
    one), or None. Python refuses to read digits by the thousand; no request line holds so many."""
    number = int(value) if value.isdecimal() and len(value) <= 4000 else 0
    return number if number >= 1 else None


def _positive(parameter: dict, description: str | None = None) -> dict:
    """A paging parameter of the schema, declared as the positive integer the view reads."""
    described = {"description": description} if description else {}
    return {**parameter, **described, "schema": {**parameter["schema"], "minimum": 1}}


class NewestFirstPagination(BasePagination):
    """Pages of articles newest first (undated last), each starting after the last article of
    the page before (`after`, a cursor the `next` link carries), as the site's own lists:
    no count and no offset, so a page deep into a million articles costs what the first does."""

    def paginate_queryset(self, queryset, request, view=None) -> list[Article]:
        self.request = request
        size = list_page_size(request.query_params, ARTICLES_PER_PAGE)
        after = request.query_params.get("after", "")
        if is_damaged(after):
            raise ValidationError({"after": [f"not a cursor of this list: follow `next` as given, not {after[:100]!r}"]})
        page = request.query_params.get("page")
        if page is not None and positive_integer(page) != 1:
            # As `/api/search` in date order: a page number would be read as page 1 again.
            raise ValidationError({"page": ["this list is paged by `after`: follow `next`"]})
        self.page = selectors.newest_articles(queryset, after, size)
        return self.page.items

    def get_paginated_response(self, data) -> Response:
        cursor = self.page.next_cursor
        here = remove_query_param(self.request.build_absolute_uri(), "page")
        next_url = replace_query_param(here, "after", cursor) if cursor else None
        return Response({"next": next_url, "results": data})

    def get_paginated_response_schema(self, schema: dict) -> dict:
        return {
            "type": "object",
            "required": ["next", "results"],
            "properties": {
                "next": {"type": "string", "format": "uri", "nullable": True, "description": "The next page; null after the last."},
                "results": schema,
            },
        }

    def get_schema_operation_parameters(self, view) -> list[dict]:
        return [
            {
                "name": "after",
                "in": "query",
                "required": False,
                "description": "Where the page starts: the cursor in the previous page's `next` link.",
                "schema": {"type": "string"},
            },
            {
                "name": "page_size",
                "in": "query",
                "required": False,
                "description": f"Articles per page, at most {MAX_PAGE_SIZE} (default {ARTICLES_PER_PAGE}; more is read as {MAX_PAGE_SIZE}).",
                "schema": {"type": "integer", "minimum": 1},
            },
        ]


class _SaysTheLastPage(DjangoPaginator):
    """A page past the last says which is the last, as `/api/search`'s does."""

    def validate_number(self, number) -> int:
        try:
            return super().validate_number(number)
        except EmptyPage:
            raise EmptyPage(str(self.num_pages)) from None


class Pagination(PageNumberPagination):
    page_size = ARTICLES_PER_PAGE
    page_size_query_param = "page_size"
    max_page_size = MAX_PAGE_SIZE
    django_paginator_class = _SaysTheLastPage

    # A page number refused before is a positive integer: only one past the end gets here.
    invalid_page_message = "page {page_number} is past the last page, {message}"

    def get_page_size(self, request: Request) -> int:
        return list_page_size(request.query_params, self.page_size)

    def get_page_number(self, request: Request, paginator) -> int | str:
        # Not a positive integer (an empty page too, not read as page 1): a 400 naming it, as
        # `/api/search` and `page_size` answer, not DRF's "Invalid page." (404).
        number = request.query_params.get(self.page_query_param, "1")
        if number in self.last_page_strings:
            return paginator.num_pages
        if positive_integer(number) is None:
            raise ValidationError({self.page_query_param: [f"must be a positive integer, not {number!r}"]})
        return number

    def get_schema_operation_parameters(self, view) -> list[dict]:
        page, size = super().get_schema_operation_parameters(view)
        more = f"Results per page, at most {MAX_PAGE_SIZE} (default {ARTICLES_PER_PAGE}; more is read as {MAX_PAGE_SIZE})."
        return [_positive(page), _positive(size, more)]
