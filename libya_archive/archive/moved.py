"""Old addresses of actors and places: a record merged into another, or given a new slug,
keeps its old links working (`former_slugs`)."""

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse

from libya_archive.archive.models import Actor, Place


def moved_entity(request: HttpRequest, model: type[Actor] | type[Place], slug: str, url_name: str) -> HttpResponse:
    """The same page (`url_name`) of the record `slug` was an address of, query string and
    all; the newest such record where an editor gave two the same slug in turn."""
    successor = model.objects.filter(former_slugs__contains=[slug]).order_by("-pk").first()
    if successor is None:
        raise Http404(f"No {model._meta.model_name} at {slug!r}")
    query = f"?{request.GET.urlencode()}" if request.GET else ""
    return redirect(reverse(url_name, args=[successor.slug]) + query, permanent=True)
