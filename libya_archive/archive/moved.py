"""Old addresses of actors and places: a record merged into another, or given a new slug,
keeps its old links working (`former_slugs`), on its pages and in the API."""

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse

from libya_archive.archive.models import Actor, Place


def successor(model: type[Actor] | type[Place], slug: str) -> Actor | Place | None:
    """The record `slug` was an address of; the newest where an editor gave two the same
    slug in turn."""
    return model.objects.filter(former_slugs__contains=[slug]).order_by("-pk").first()


def moved_entity(request: HttpRequest, model: type[Actor] | type[Place], slug: str, url_name: str) -> HttpResponse:
    """The same page (`url_name`) of the record `slug` was an address of, query string and all."""
    entity = successor(model, slug)
    if entity is None:
        raise Http404(f"No {model._meta.model_name} at {slug!r}")
    query = f"?{request.GET.urlencode()}" if request.GET else ""
    return redirect(reverse(url_name, args=[entity.slug]) + query, permanent=True)
