from django.core.paginator import Paginator
from django.db.models import Count
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render

from libya_archive.archive import selectors
from libya_archive.archive.cooccurrence import companion_graph
from libya_archive.archive.maps import place_map
from libya_archive.archive.models import Actor, Article, Place
from libya_archive.archive.search import MAX_PAGE_SIZE, search_articles

ARTICLES_PER_PAGE = 20
ENTITIES_PER_PAGE = 50


def _positive_int(value: str | None, default: int) -> int | None:
    """A page number or size from the query string; None when it is not a positive integer."""
    if value in (None, ""):
        return default
    return int(value) if value.isdecimal() and 0 < int(value) < 1_000_000 else None


def home(request: HttpRequest) -> HttpResponse:
    context = {
        "latest": Article.objects.only("id", "title", "published_on", "source_name")[:10],
        "article_count": Article.objects.count(),
        "top_actors": Actor.objects.annotate(times=Count("mentions__article", distinct=True)).order_by("-times")[:12],
        "top_places": Place.objects.annotate(times=Count("mentions__article", distinct=True)).order_by("-times")[:12],
    }
    return render(request, "archive/home.html", context)


def article_list(request: HttpRequest) -> HttpResponse:
    articles = Article.objects.only("id", "title", "published_on", "source_name", "source")
    page = Paginator(articles, ARTICLES_PER_PAGE).get_page(request.GET.get("page"))
    return render(request, "archive/article_list.html", {"page": page})


def article_detail(request: HttpRequest, pk: int) -> HttpResponse:
    article = get_object_or_404(Article, pk=pk)
    actors, places = selectors.mentioned_entities(article)
    context = {
        "article": article,
        "paragraphs": selectors.linked_paragraphs(article),
        "actors": actors,
        "places": places,
    }
    return render(request, "archive/article_detail.html", context)


def actor_list(request: HttpRequest) -> HttpResponse:
    return _entity_list(request, Actor)


def place_list(request: HttpRequest) -> HttpResponse:
    return _entity_list(request, Place)


def _entity_list(request: HttpRequest, model: type[Actor] | type[Place]) -> HttpResponse:
    kind = request.GET.get("kind", "")
    sort = request.GET.get("sort", "articles")
    entities = selectors.entity_index(model, kind=kind if kind in model.Kind.values else "", by_name=sort == "name")
    context = {
        "page": Paginator(entities, ENTITIES_PER_PAGE).get_page(request.GET.get("page")),
        "is_actor": model is Actor,
        "kinds": model.Kind.choices,
        "kind": kind,
        "sort": sort,
    }
    return render(request, "archive/entity_list.html", context)


def actor_detail(request: HttpRequest, slug: str) -> HttpResponse:
    return _entity_detail(request, Actor, slug)


def place_detail(request: HttpRequest, slug: str) -> HttpResponse:
    return _entity_detail(request, Place, slug)


def _entity_detail(request: HttpRequest, model: type[Actor] | type[Place], slug: str) -> HttpResponse:
    entity = model.objects.filter(slug=slug).first()
    if entity is None:
        # A record merged into another keeps its URL: send readers to the one it became.
        merged_into = get_object_or_404(model, former_slugs__contains=[slug])
        return redirect(merged_into, permanent=True)
    page = Paginator(selectors.entity_articles(entity), ARTICLES_PER_PAGE).get_page(request.GET.get("page"))
    actor_companions = list(selectors.companions(entity, Actor))
    place_companions = list(selectors.companions(entity, Place))
    context = {
        "entity": entity,
        "is_actor": model is Actor,
        "aliases": entity.aliases.all(),
        "page": page,
        "article_snippets": [(article, selectors.mention_snippet(entity, article)) for article in page],
        "actor_companions": actor_companions,
        "place_companions": place_companions,
        "graph": companion_graph(selectors.closest_companions(actor_companions, place_companions)),
        "map": place_map(entity.latitude, entity.longitude) if model is Place else None,
    }
    return render(request, "archive/entity_detail.html", context)


def search(request: HttpRequest) -> HttpResponse:
    query = request.GET.get("q", "")
    page = _positive_int(request.GET.get("page"), 1) or 1
    expand = request.GET.get("entities") != "0"
    results = search_articles(query, page=page, page_size=ARTICLES_PER_PAGE, expand_entities=expand)
    return render(request, "archive/search.html", {"results": results, "query": query})


def api_search(request: HttpRequest) -> JsonResponse:
    page = _positive_int(request.GET.get("page"), 1)
    page_size = _positive_int(request.GET.get("page_size"), ARTICLES_PER_PAGE)
    if page is None or page_size is None:
        return JsonResponse({"error": "page and page_size must be positive integers"}, status=400)
    if page_size > MAX_PAGE_SIZE:
        return JsonResponse({"error": f"page_size must be at most {MAX_PAGE_SIZE}"}, status=400)
    expand = request.GET.get("entities") != "0"
    results = search_articles(request.GET.get("q", ""), page=page, page_size=page_size, expand_entities=expand)
    return JsonResponse(
        {
            "count": results.count,
            "page": results.page,
            "page_size": results.page_size,
            "also_matching": results.entity_names,
            "suggestions": results.suggestions,
            "results": [
                {
                    "id": hit.article.pk,
                    "url": request.build_absolute_uri(hit.article.get_absolute_url()),
                    "title": hit.article.title,
                    "source_name": hit.article.source_name,
                    "rank": round(hit.rank, 6),
                    "snippet": str(hit.snippet),
                }
                for hit in results.hits
            ],
        },
        json_dumps_params={"ensure_ascii": False},
    )
