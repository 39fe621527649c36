"""The read-only JSON API: articles, actors, places and search.

Articles are listed newest first a page at a time by cursor, as the site's own lists are;
actors and places in numbered pages of `{count, next, previous, results}`; `/api/search`
keeps the shape it had before the API app existed (see `SearchView`). Nothing here writes,
and nothing needs a login.
"""

from django.http import HttpResponsePermanentRedirect, JsonResponse
from django.urls import reverse
from drf_spectacular.openapi import AutoSchema
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import viewsets
from rest_framework.exceptions import ValidationError
from rest_framework.negotiation import BaseContentNegotiation
from rest_framework.pagination import PageNumberPagination
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.utils.urls import replace_query_param
from rest_framework.views import APIView

from libya_archive.api import serializers
from libya_archive.api.errors import refusal
from libya_archive.api.pagination import NewestFirstPagination, Pagination
from libya_archive.archive.models import Actor, Article, Place
from libya_archive.archive.moved import successor
from libya_archive.archive.paging import is_damaged
from libya_archive.archive.search import DATE, SearchForm, search_articles
from libya_archive.archive.search.execution import MAX_PAGE_SIZE
from libya_archive.archive.search.filters import SearchFilters
from libya_archive.archive.search.query import was_cut
from libya_archive.archive.search.results import SearchHit
from libya_archive.archive.views import ARTICLES_PER_PAGE, MAX_PAGE_NUMBER, positive_number

# A date of the query string, or nothing: an empty value (as a search form sends for a date
# left blank) is ignored, as on the search page.
DATE_OR_EMPTY = {"type": "string", "anyOf": [{"format": "date"}, {"maxLength": 0}]}

# The search page's filters (`search.search_options`), which /api/articles/ and /api/search take too.
FILTER_PARAMETERS = [
    OpenApiParameter(
        "actor", OpenApiTypes.STR, many=True, description="An actor's slug: articles that name it. Repeat for all of several."
    ),
    OpenApiParameter(
        "place", OpenApiTypes.STR, many=True, description="A place's slug: articles that name it. Repeat for all of several."
    ),
    OpenApiParameter(
        "kind",
        OpenApiTypes.STR,
        many=True,
        enum=[*Actor.Kind.values, ""],
        description="Articles that name an actor of this kind (an empty value is ignored).",
    ),
    OpenApiParameter(
        "source",
        OpenApiTypes.STR,
        many=True,
        description="Articles from this publication, as imported (any of those given); one no article is from is a 400.",
    ),
    OpenApiParameter("from", DATE_OR_EMPTY, description="Published on or after this day (YYYY-MM-DD)."),
    OpenApiParameter("to", DATE_OR_EMPTY, description="Published on or before this day (YYYY-MM-DD); one before `from` is a 400."),
]


def article_filters(params) -> SearchFilters:
    """The filters of the query string, cleaned by the search form; a value the form refuses,
    or a slug that names nothing, is a 400 naming the parameter, since a typo must not read
    as "no articles"."""
    form = SearchForm(params)
    if errors := form.refused(("actor", "place", "kind", "source", "from", "to")):
        raise ValidationError(errors)
    return form.filters()


class _WithErrors(AutoSchema):
    """A viewset operation's responses, with the errors DRF answers that drf-spectacular
    leaves out: 404 for an unknown id or slug, or a page number past the last; and 400 for a
    list, naming a `page_size` that is not a positive integer, and each filter that names
    nothing where the view reads the search filters."""

    def _get_response_bodies(self, direction="response"):
        responses = super()._get_response_bodies(direction)
        if not self._is_list_view() or isinstance(self.view.paginator, PageNumberPagination):
            responses["404"] = self._get_response_for_code(serializers.NotFoundSerializer, "404", direction=direction)
        if not self._is_list_view() and getattr(self.view, "lookup_field", "") == "slug":
            responses["301"] = {"description": "A merged or re-slugged record's old slug: Location is its new address."}
        if self._is_list_view():
            responses["400"] = self._get_response_for_code(serializers.ErrorSerializer, "400", direction=direction)
        return responses


@extend_schema_view(
    list=extend_schema(
        summary="Articles, newest first",
        description=(
            "By publication date, newest first; undated articles come last. "
            "Narrow by the search page's filters: the actors and places an article names, "
            "the kind of actor, the publication and a date range."
        ),
        parameters=FILTER_PARAMETERS,
    ),
    retrieve=extend_schema(
        summary="An article",
        description="The full text, with every actor and place it names and where (character offsets into `body`).",
    ),
)
class ArticleViewSet(viewsets.ReadOnlyModelViewSet):
    pagination_class = NewestFirstPagination
    schema = _WithErrors()
    reads_filters = True

    def get_queryset(self):
        if self.action != "list":
            return Article.objects.for_reading()
        articles = Article.objects.only("id", "title", "published_on", "source", "url", "source_name")
        return article_filters(self.request.query_params).apply(articles)

    def get_serializer_class(self):
        return serializers.ArticleDetailSerializer if self.action == "retrieve" else serializers.ArticleSerializer


class _EntityViewSet(viewsets.ReadOnlyModelViewSet):
    pagination_class = Pagination
    schema = _WithErrors()
    lookup_field = "slug"
    model: type[Actor] | type[Place]

    def get_queryset(self):
        return self.model.objects.prefetch_related("aliases").order_by("name", "slug")

    def retrieve(self, request, *args, **kwargs):
        """At a merged or re-slugged record's old slug, a permanent redirect to its new
        address, as its page gives."""
        slug = kwargs[self.lookup_field]
        if not self.model.objects.filter(slug=slug).exists() and (entity := successor(self.model, slug)):
            return HttpResponsePermanentRedirect(reverse(f"api:{self.basename}-detail", args=[entity.slug]))
        return super().retrieve(request, *args, **kwargs)


@extend_schema_view(
    list=extend_schema(summary="Actors, by name"),
    retrieve=extend_schema(summary="An actor: names, aliases, how many articles name it and where to find them"),
)
class ActorViewSet(_EntityViewSet):
    model = Actor
    serializer_class = serializers.ActorSerializer


@extend_schema_view(
    list=extend_schema(summary="Places, by name"),
    retrieve=extend_schema(summary="A place: names, aliases, coordinates, how many articles name it"),
)
class PlaceViewSet(_EntityViewSet):
    model = Place
    serializer_class = serializers.PlaceSerializer


class _AlwaysJSON(BaseContentNegotiation):
    """/api/search answered JSON to every request before it was a DRF view; it still does,
    whatever the Accept header says (DRF would otherwise answer 406 to `Accept: text/html`)."""

    def select_parser(self, request, parsers):
        return parsers[0] if parsers else None

    def select_renderer(self, request, renderers, format_suffix=None):
        return renderers[0], renderers[0].media_type


class SearchView(APIView):
    """The search page's results as JSON, one page at a time.

    The response goes through `SearchResponseSerializer`, which the schema describes, and
    is sent as a plain JsonResponse with Arabic as written, not escaped.
    """

    content_negotiation_class = _AlwaysJSON

    @extend_schema(
        operation_id="search",
        summary="Search, best match first",
        description=(
            'Web-search syntax: words (all must occur), "a quoted phrase", -excluded (or NOT excluded), and `or` / `أو` '
            "between alternatives; AND is the space. Spelling variants of Arabic are folded; names of known actors and places also match "
            "every article linked to them (see docs/search.md). A malformed value (a date that is not YYYY-MM-DD, a `to` before `from`, "
            "an unknown kind, a filter repeated too often, an actor's or place's slug that names nothing, a source no "
            "article is from, an `after` that is no cursor) is a 400 "
            "naming the parameter; a merged or renamed record's former slug filters by the record as it is now."
        ),
        parameters=[
            OpenApiParameter("q", OpenApiTypes.STR, description="What to search for."),
            OpenApiParameter(
                "page",
                {"type": "integer", "minimum": 1, "maximum": MAX_PAGE_NUMBER},
                description="1-based page number (default 1), in relevance order; a page past the last is a 404. "
                "In date order only 1: follow `next`.",
            ),
            OpenApiParameter(
                "sort",
                OpenApiTypes.STR,
                enum=["relevance", "date", ""],
                description="`date`: newest first, each page starting after the last one (`after`, which `next` carries); "
                "`relevance` (or empty) best match first.",
            ),
            OpenApiParameter("after", OpenApiTypes.STR, description="In date order: where the page starts, from `next`."),
            OpenApiParameter(
                "page_size",
                {"type": "integer", "minimum": 1, "maximum": MAX_PAGE_SIZE},
                description=f"Results per page, 1 to {MAX_PAGE_SIZE} (default 20).",
            ),
            OpenApiParameter(
                "entities",
                OpenApiTypes.STR,
                enum=["0", "1", ""],
                description="`0` matches the words only, not the actors and places they name (`1` or empty: both).",
            ),
            OpenApiParameter(
                "some_words",
                OpenApiTypes.STR,
                enum=["1", "0", ""],
                description="`1`: where every match fits on the first page, `some_words` lists after them the best articles "
                "holding all of the query but one part, as the search page shows them (`0` or empty: an empty list, "
                "and no search spent on it).",
            ),
            OpenApiParameter(
                "exact",
                OpenApiTypes.STR,
                enum=["1", "0", ""],
                description="`1` matches every word letter for letter as typed: no spelling folding, no names (`0` or empty: not).",
            ),
            *FILTER_PARAMETERS,
        ],
        responses={
            200: serializers.SearchResponseSerializer,
            400: serializers.ErrorSerializer,
            404: serializers.NotFoundSerializer,
            503: serializers.SearchResponseSerializer,
        },
    )
    def get(self, request: Request) -> JsonResponse:
        page = _api_positive_int(request.GET, "page", 1)
        page_size = _api_positive_int(request.GET, "page_size", ARTICLES_PER_PAGE)
        refused = {
            name: [f"must be a positive integer, not {request.GET[name]!r}"]
            for name, number in (("page", page), ("page_size", page_size))
            if number is None
        }
        if page is not None and page > MAX_PAGE_NUMBER:
            refused["page"] = [f"must be at most {MAX_PAGE_NUMBER}"]
        if page_size is not None and page_size > MAX_PAGE_SIZE:
            refused["page_size"] = [f"must be at most {MAX_PAGE_SIZE}"]
        if is_damaged(request.GET.get("after", "")):
            refused["after"] = ["not a cursor of this search: follow `next` as given"]
        form = SearchForm(request.GET)
        refused |= form.refused(set(form.fields) - {"page", "page_size", *refused})
        if page is not None and page > 1 and form.options()["sort"] == DATE:
            # Pages in date order start after the last one: a page number would be page 1 again.
            refused.setdefault("page", ["date order is paged by `after`: follow `next`"])
        if refused:
            return JsonResponse(refusal(refused), status=400, json_dumps_params={"ensure_ascii": False})
        results = search_articles(form.query, page=page, page_size=page_size, with_some_words=form.wants_some_words, **form.options())
        if results.is_past_the_end:
            return JsonResponse({"detail": f"page {page} is past the last page, {results.num_pages}"}, status=404)
        next_url = None
        if results.has_next:
            here = request.build_absolute_uri()
            next_url = (
                replace_query_param(here, "after", results.next_cursor)
                if results.sort == DATE
                else replace_query_param(here, "page", results.page + 1)
            )
        response = {
            "count": results.count,
            "count_is_capped": results.count_is_capped,
            "timed_out": results.timed_out,
            "page": results.page,
            "page_size": results.page_size,
            "results_count": results.results_count,
            "relevance_limit": results.rank_limit if results.relevance_stops_short else None,
            "also_matching": results.entity_names,
            "suggestions": results.suggestions,
            "query_cut": was_cut(request.GET.get("q", "")),
            "results": [_hit(request, hit) for hit in results.hits],
            "some_words": [{**_hit(request, hit), "missing": list(hit.missing)} for hit in results.some_words],
            "next": next_url,
        }
        data = _SEARCH_RESPONSE.to_representation(response)
        if results.timed_out:
            # Not an empty 200: a client must tell "nothing matches" from "not answered".
            error = {"error": "the search took too long and was stopped; try a narrower query", **data}
            timed_out = JsonResponse(error, status=503, json_dumps_params={"ensure_ascii": False})
            timed_out["Retry-After"] = "5"
            return timed_out
        return JsonResponse(data, json_dumps_params={"ensure_ascii": False})


# Made once: DRF deep-copies the fields of a serializer and of every serializer nested in it
# each time one is made (a millisecond of a search's response); this one reads nothing but
# the response it is given.
_SEARCH_RESPONSE = serializers.SearchResponseSerializer()


def _hit(request: Request, hit: SearchHit) -> dict:
    """One result of a search, as `SearchHitSerializer` reads it."""
    return {
        "id": hit.article.pk,
        "url": request.build_absolute_uri(hit.article.get_absolute_url()),
        "title": hit.article.title,
        "source_name": hit.article.source_name,
        "source": hit.article.source,
        "source_label": hit.article.source_label,
        "published_on": hit.article.published_on,
        "rank": None if hit.rank is None else round(hit.rank, 6),
        "snippet": str(hit.snippet),
        "also_in": [
            {
                "id": other.pk,
                "url": request.build_absolute_uri(other.get_absolute_url()),
                "source": other.source,
                "source_label": other.source_label,
                "source_name": other.source_name,
                "published_on": other.published_on,
            }
            for other in hit.also_in
        ],
    }


def _api_positive_int(params, name: str, default: int) -> int | None:
    """A page number or size of the API's query string: `default` when it is not given, None
    when it is not a positive integer, an empty value included (the schema says integer);
    one longer than any bound read as MAX_PAGE_NUMBER + 1 (`views.positive_number`)."""
    value = params.get(name)
    return default if value is None else positive_number(value)


class RootView(APIView):
    """Where everything in the API is."""

    @extend_schema(exclude=True)
    def get(self, request: Request) -> Response:
        endpoints = {
            "articles": reverse("api:article-list"),
            "actors": reverse("api:actor-list"),
            "places": reverse("api:place-list"),
            "search": reverse("api:search"),
            "schema": reverse("api:schema"),
            "docs": reverse("api:docs"),
        }
        return Response({name: request.build_absolute_uri(path) for name, path in endpoints.items()})
