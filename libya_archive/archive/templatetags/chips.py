"""{% load chips %}: actors and places as chips, each its name linked to its page and a number beside it."""

from html import escape

from django import template
from django.utils.formats import localize
from django.utils.safestring import SafeString

from libya_archive.archive.models import Actor, Place

register = template.Library()


@register.simple_tag
def entity_chips(entities: list[Actor | Place], number: str, empty: str = "") -> SafeString:
    """The list items of `entities`, each with its attribute `number` beside it (how often the
    article names it, how many articles name it); `empty` as the one item when there are none.

    Written here rather than as a template loop: an article page lists dozens, and resolving
    their variables one by one took twice as long."""
    if not entities:
        return SafeString(f"<li>{escape(empty)}</li>" if empty else "")
    return SafeString(
        "".join(
            f'<li><a href="{escape(entity.get_absolute_url())}">{escape(entity.name)}</a> '
            f'<bdi class="count">{localize(getattr(entity, number))}</bdi></li>'
            for entity in entities
        )
    )
