"""{% load citation %}: a record's permalink; an article's reference and its JSON-LD, for its page;
a title's direction inside other text."""

from django import template
from django.urls import reverse
from django.utils import timezone
from django.utils.safestring import SafeString

from libya_archive.archive.citation import citation_html, json_ld_script, news_article_data
from libya_archive.archive.direction import text_direction
from libya_archive.archive.models import Actor, Article, Place

register = template.Library()
register.filter("direction", text_direction)


@register.simple_tag(takes_context=True)
def permalink(context, record: Article | Actor | Place) -> str:
    """The record's full, stable URL on this host: /articles/<id>/, /actors/<slug>/…"""
    return context["request"].build_absolute_uri(record.get_absolute_url())


@register.simple_tag(takes_context=True)
def citation(context, article: Article) -> SafeString:
    """The reference to copy, accessed today (the archive's time zone)."""
    return citation_html(article, permalink=permalink(context, article), accessed=timezone.localdate())


@register.simple_tag(takes_context=True)
def news_article_json_ld(context, article: Article, actors, places) -> SafeString:
    request = context["request"]
    data = news_article_data(
        article,
        permalink=permalink(context, article),
        home=request.build_absolute_uri(reverse("home")),
        actors=list(actors),
        places=list(places),
        absolute=request.build_absolute_uri,
    )
    return json_ld_script(data)
