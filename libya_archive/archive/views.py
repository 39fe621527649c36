import unicodedata
from urllib.parse import urlencode

from django.conf import settings
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse, QueryDict
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.cache import patch_cache_control
from django.utils.functional import SimpleLazyObject

from libya_archive.archive import selectors
from libya_archive.archive.editions import archive_edition, may_keep
from libya_archive.archive.maps import legend, place_map, places_maps
from libya_archive.archive.models import Actor, Article, Place, SavedSearch
from libya_archive.archive.moved import moved_entity
from libya_archive.archive.page_cache import cached_page
from libya_archive.archive.paging import cursor_at
from libya_archive.archive.saved_searches import (
    saved_query_string,
)
from libya_archive.archive.search import DATE, RELEVANCE, SearchForm, search_articles, search_link_params, search_options
from libya_archive.archive.search.filters import SearchFilters
from libya_archive.archive.search.highlight import article_hits
from libya_archive.archive.search.query import MAX_QUERY_LENGTH, was_cut
from libya_archive.archive.search.timeline import timeline_of

ARTICLES_PER_PAGE = 20
# How long an entity page's kept fragments (who appears with it) last within an edition.
FRAGMENT_SECONDS = 600
ENTITIES_PER_PAGE = 50
MENTIONS_PER_PAGE = 50
# A facet's values shown before its «more».
FACET_VALUES_SHOWN = 12


# The largest page number (or size) the query string may ask for: a larger one is refused
# before it becomes an offset PostgreSQL cannot hold.
MAX_PAGE_NUMBER = 999_999


def positive_number(value: str) -> int | None:
    """A page number or size as typed, in any script's digits (٠٠٢ is 2, as 002 and ００２ are):
    None when it is not a positive integer, MAX_PAGE_NUMBER + 1 for one longer than any
    bound (a longer one need not be read: Python refuses digits by the thousand)."""
    digits = "".join(str(unicodedata.decimal(digit)) for digit in value).lstrip("0") if value.isdecimal() else ""
    if not digits:
        return None
    return MAX_PAGE_NUMBER + 1 if len(digits) > len(str(MAX_PAGE_NUMBER)) else int(digits)


def _positive_int(value: str | None, default: int) -> int | None:
    """A page number or size from the query string, one past MAX_PAGE_NUMBER read as it (a
    page past the end of any archive); None when it is not a positive integer."""
    if value in (None, ""):
        return default
    number = positive_number(value)
    return None if number is None else min(number, MAX_PAGE_NUMBER)


@cached_page
def home(request: HttpRequest) -> HttpResponse:
    total, total_is_estimate = selectors.articles_total()
    context = {
        "latest": Article.objects.newest_first().only("id", "title", "published_on", "source_name", "source")[:10],
        "total": total,
        "total_is_estimate": total_is_estimate,
        "top_actors": Actor.objects.filter(article_count__gt=0).order_by("-article_count", "name")[:12],
        "top_places": Place.objects.filter(article_count__gt=0).order_by("-article_count", "name")[:12],
    }
    return render(request, "archive/home.html", context)


def _without_page_number(request: HttpRequest) -> HttpResponse | None:
    """A list paged by cursor (`after`) given a page number (typed, an old link): its first
    page, by an address that says so, not the first page under one saying page 9999."""
    if "page" not in request.GET:
        return None
    params = request.GET.copy()
    params.pop("page")
    return redirect(f"{request.path}?{params.urlencode()}" if params else request.path)


@cached_page
def article_list(request: HttpRequest) -> HttpResponse:
    if moved := _without_page_number(request):
        return moved
    articles = Article.objects.only("id", "title", "published_on", "source_name", "source")
    page = selectors.newest_articles(articles, request.GET.get("after", ""), ARTICLES_PER_PAGE)
    total, total_is_estimate = selectors.articles_total()
    return render(request, "archive/article_list.html", {"page": page, "total": total, "total_is_estimate": total_is_estimate})


@cached_page
def article_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """An article, its names linked; opened from a search (?q=…) it marks every hit."""
    article = get_object_or_404(selectors.with_versions_group(Article.objects.for_reading()), pk=pk)
    names = selectors.names_in_article(article)
    query = request.GET.get("q", "")
    options = search_options(request.GET) if query else {}
    hits = article_hits(article, query, **options) if query else []
    search_params = search_link_params(request.GET)
    search_params.pop("after", None)
    back = search_params.copy()  # to the page of results that holds it
    next_params = search_params.copy()
    # Opened from a search's result, the result after it is one click away: in relevance
    # order after the n-th (its links carry n), in date order the next match older than it.
    following = []
    if query and options["sort"] == RELEVANCE:
        position = _positive_int(request.GET.get("n"), 0)
        if position:
            searched = search_articles(query, page=position + 1, page_size=1, **options)
            # Only to a result on a page of results: relevance ranks the best `rank_limit` of more matches.
            on_pages = -(-searched.reachable // ARTICLES_PER_PAGE) * ARTICLES_PER_PAGE
            following = searched.hits if position < on_pages else []
        next_params["n"] = str((position or 0) + 1)
        if position and position > ARTICLES_PER_PAGE:
            back["page"] = str((position - 1) // ARTICLES_PER_PAGE + 1)
    elif query:
        options["after"] = cursor_at(article.pk, article.published_on)
        following = search_articles(query, page_size=1, **options).hits
        # The page of results in date order that starts at it: after a place just before it
        # (on its day, the id after its own), where no article need stand.
        back["after"] = cursor_at(article.pk + 1, article.published_on)
    next_result = None
    if following:
        next_result = (following[0].article, f"{following[0].article.get_absolute_url()}?{next_params.urlencode()}#hit-1")
    versions = selectors.other_versions([article], {article.pk: article.version_of}).get(article.pk, [])
    context = {
        "article": article,
        "paragraphs": selectors.linked_paragraphs(article, names, hits),
        "hit_count": len(hits),
        "query": query,
        "results_url": f"{reverse('search')}?{back.urlencode()}",
        "next_result": next_result,
        "actors": names.actors,
        "places": names.places,
        "versions": versions,
        # «in other papers» only where none is the same paper's (a page crawled twice, the story again next day).
        "versions_elsewhere": not article.source or all(version.source != article.source for version in versions),
    }
    return render(request, "archive/article_detail.html", context)


@cached_page
def actor_list(request: HttpRequest) -> HttpResponse:
    return _entity_list(request, Actor)


@cached_page
def place_list(request: HttpRequest) -> HttpResponse:
    return _entity_list(request, Place)


def _entity_list(request: HttpRequest, model: type[Actor] | type[Place]) -> HttpResponse:
    kind = request.GET.get("kind", "")
    sort = request.GET.get("sort", "articles")
    entities = selectors.entity_index(model, kind=kind if kind in model.Kind.values else "", by_name=sort == "name")
    paginator = Paginator(entities, ENTITIES_PER_PAGE)
    number = _positive_int(request.GET.get("page"), 1) or 1
    if number > paginator.num_pages:
        # An old link or a typed number: the last page there is, under its own address.
        params = _only(request.GET, "kind", "sort")
        if paginator.num_pages > 1:
            params["page"] = str(paginator.num_pages)
        return redirect(f"{request.path}?{params.urlencode()}" if params else request.path)
    context = {
        "page": paginator.page(number),
        "is_actor": model is Actor,
        "kinds": model.Kind.choices,
        "kind": kind,
        "sort": sort,
        "params": _only(request.GET, "kind", "sort"),
    }
    return render(request, "archive/entity_list.html", context)


@cached_page
def place_map_page(request: HttpRequest) -> HttpResponse:
    """Every place an article names on a map, a circle sized by their number: Libya and its
    neighbours, then the world."""
    limit = settings.PLACES_MAP_LIMIT
    located, unlocated = selectors.places_to_map(limit)
    most = located[0].article_count if located else 0
    near, far = places_maps(located[:limit], most)
    context = {
        "maps": [(near, "ليبيا وجوارها"), (far, "العالم: الأماكن خارج خريطة ليبيا")],
        "legend": legend(most) if located else [],
        "has_areas": any(map_.has_areas for map_ in (near, far) if map_),
        "capped": len(located) > limit,
        "mapped_places": limit,
        "unlocated": unlocated,
    }
    return render(request, "archive/places_map.html", context)


def _only(params: QueryDict, *keys: str) -> QueryDict:
    """The parameters `keys` of a query string, for a page's links to carry on: nothing else
    in the URL is copied into them."""
    kept = QueryDict(mutable=True)
    for key, values in params.lists():
        if key in keys:
            kept.setlist(key, values)
    return kept


@cached_page
def actor_detail(request: HttpRequest, slug: str) -> HttpResponse:
    return _entity_detail(request, Actor, slug)


@cached_page
def place_detail(request: HttpRequest, slug: str) -> HttpResponse:
    return _entity_detail(request, Place, slug)


def _entity_detail(request: HttpRequest, model: type[Actor] | type[Place], slug: str) -> HttpResponse:
    entity = selectors.entity_by_slug(model, slug)
    if entity is None:
        return moved_entity(request, model, slug, f"{model._meta.model_name}_detail")
    if moved := _without_page_number(request):
        return moved
    page = selectors.entity_articles(entity, request.GET.get("after", ""), ARTICLES_PER_PAGE)
    edition = archive_edition()
    context = {
        "entity": entity,
        "is_actor": model is Actor,
        "page": page,
        "article_snippets": selectors.mention_snippets(page.items),
        # Read only when the page's kept fragments of it have expired (entity_detail.html).
        "company": SimpleLazyObject(lambda: selectors.company(entity)),
        # The kept fragments follow the archive's edition, as whole pages do, and are not kept
        # (a timeout of 0) when made from a replica behind it.
        "edition": edition.number,
        "fragment_seconds": FRAGMENT_SECONDS if may_keep(edition) else 0,
        # How many of its newest articles the graph is drawn from, where that is not all of them.
        "companion_sample": selectors.companion_sample(entity),
        "map": place_map(entity.latitude, entity.longitude) if model is Place else None,
    }

    return render(request, "archive/entity_detail.html", context)


class _FilterLinks:
    """The search page's query string with filter values added or removed, from page one.

    A page holds some fifty such links (facets, years, active filters): the query string is
    encoded once, pair by pair, rather than copied and encoded again for every link."""

    def __init__(self, params: QueryDict) -> None:
        self._pairs = [
            (key, value, urlencode({key: value}))
            for key, values in params.lists()
            if key not in ("page", "after")
            for value in values
        ]

    def adding(self, *pairs: tuple[str, str], replacing: tuple[str, ...] = ()) -> str:
        """With `pairs` added, every value of the keys in `replacing` removed first."""
        kept = [encoded for key, _, encoded in self._pairs if key not in replacing]
        return "?" + "&".join(kept + [urlencode({key: value}) for key, value in pairs])

    def removing(self, key: str, value: str) -> str:
        """Without the pair `key`=`value`."""
        return "?" + "&".join(encoded for *pair, encoded in self._pairs if pair != [key, value])

    def without(self, keys: set[str]) -> str:
        """Without any value of the keys in `keys`."""
        return "?" + "&".join(encoded for key, _, encoded in self._pairs if key not in keys)


@cached_page
def entity_mentions(request: HttpRequest, kind: str, slug: str) -> HttpResponse:
    """Every mention of an actor or place, each in its line of context, page by page."""
    model = Actor if kind == "actor" else Place
    entity = model.objects.filter(slug=slug).first()
    if entity is None:
        return moved_entity(request, model, slug, f"{kind}_mentions")
    if moved := _without_page_number(request):
        return moved
    page = selectors.mention_lines(entity, request.GET.get("after", ""), MENTIONS_PER_PAGE)
    context = {
        "entity": entity,
        "lines": page.items,
        "next_cursor": page.next_cursor,
        "is_first": page.is_first,
        "csv_url": reverse(f"{kind}_mentions_csv", args=[entity.slug]),
    }
    return render(request, "archive/entity_mentions.html", context)


def _in_order(links: "_FilterLinks", filters: SearchFilters) -> str:
    """The same search between the same two days, first the earlier, where it was given the
    later first (which no article is between); else nothing."""
    if not filters.dates_reversed:
        return ""
    days = (("from", filters.date_to.isoformat()), ("to", filters.date_from.isoformat()))
    return links.adding(*days, replacing=("from", "to"))


@cached_page
def search(request: HttpRequest) -> HttpResponse:
    page = _positive_int(request.GET.get("page"), 1) or 1
    form = SearchForm(request.GET)
    query = form.query  # stripped and cut at a word, as the API reads it
    params = search_link_params(request.GET)  # what the page's links carry on, and nothing else
    if form.renamed_filters:
        # A merged or renamed record's old slug (an old link, a saved search), a paper's
        # name: the same search by their names now, as a record's own pages redirect.
        asked = form.filters()
        for key, values in (("actor", asked.actors), ("place", asked.places), ("source", asked.sources)):
            if key in params:
                params.setlist(key, list(values))
        return redirect(f"{request.path}?{params.urlencode()}")
    # A filter that names nothing is searched without, and the page says so.
    options = form.options(without_unknown=True)
    if page > 1 and options["sort"] == DATE:
        # Date order is paged by `after`, as the lists are: a page number there is its first page.
        return _without_page_number(request)
    results = search_articles(query, page=page, page_size=ARTICLES_PER_PAGE, with_facets=True, with_some_words=True, **options)
    if results.is_past_the_end:
        # An old link or a typed number: the last page there is, not an empty one.
        params.pop("page", None)
        if results.num_pages > 1:
            params["page"] = str(results.num_pages)
        return redirect(f"{request.path}?{params.urlencode()}" if params else request.path)
    for key, value in form.unknown_filters:  # not carried on by the page's links
        params.setlist(key, [kept for kept in params.getlist(key) if kept.strip() != value])
    facets = results.facets
    links = _FilterLinks(params)
    active_filters = selectors.describe_filters(params, options["filters"])
    facet_groups = []
    if facets:
        for key, title, values in (
            ("actor", "الفاعلون", facets.actors),
            ("place", "الأماكن", facets.places),
            ("kind", "نوع الفاعل", facets.actor_kinds),
            ("source", "المصدر", facets.sources),
        ):
            chosen = set(params.getlist(key))
            group = [(facet, links.adding((key, facet.value))) for facet in values if facet.value not in chosen]
            if group:
                facet_groups.append((title, group[:FACET_VALUES_SHOWN], group[FACET_VALUES_SHOWN:]))
    timeline = timeline_of(facets)
    context = {
        "results": results,
        "query": query,
        "facet_groups": facet_groups,
        "timeline": timeline,
        "timeline_bars": [
            (bar, links.adding(("from", bar.start.isoformat()), ("to", bar.end.isoformat()), replacing=("from", "to")))
            for bar in (timeline.bars if timeline else [])
        ],
        "years": [
            (facet, links.adding(("from", f"{facet.value}-01-01"), ("to", f"{facet.value}-12-31"), replacing=("from", "to")))
            for facet in (facets.years if facets else [])
        ],
        "active_filters": [(label, links.removing(key, value)) for key, value, label in active_filters],
        # A search that finds nothing with its filters may find something without them.
        "unfiltered_url": links.without({key for key, _, _ in active_filters}) if active_filters else "",
        # A saved search opened with nothing new: every result of it is one link away.
        "all_results_url": links.without({"added_since"}) if options["filters"].added_since else "",
        # The undated articles a date range leaves out are found by the same search without it.
        "undated_url": links.without({"from", "to"}) if options["filters"].has_dates else "",
        "unknown_filters": form.unknown_filters,
        # The box keeps all that was typed, to be shortened by the reader; the page is of what was searched.
        "typed_query": request.GET.get("q", ""),
        "query_cut_at": MAX_QUERY_LENGTH if was_cut(request.GET.get("q", "")) else None,
        # Dates the search went without, as typed, each with the link that drops it from the
        # search's links (which carry it on), and a range given end first, put right.
        "ignored_dates": [
            (label, request.GET[key], links.without({key})) for key, label in (("from", "من"), ("to", "إلى")) if key in form.errors
        ],
        "reversed_dates_url": _in_order(links, options["filters"]),
        "params": params,
        # The exports refuse a value the page went without (a date that is none): their links leave it out.
        "export_query": links.without(set(form.errors)),
        "this_search": f"{request.path}?{params.urlencode()}",
        "saved": request.user.is_authenticated
        and SavedSearch.objects.filter(user=request.user, query_string=saved_query_string(params)).exists(),
    }
    response = render(request, "archive/search.html", context)
    if results.timed_out:
        patch_cache_control(response, no_store=True)  # a busy moment's failure, not this search's answer
    return response
