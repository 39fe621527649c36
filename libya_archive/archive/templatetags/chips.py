"""{% load chips %}: actors and places as chips, each its name linked to its page and a number
beside it; how many times an article names one, in words."""

from html import escape

from django import template
from django.utils.safestring import SafeString
from django.utils.translation import ngettext

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
            f'<bdi class="count">{getattr(entity, number)}</bdi></li>'
            for entity in entities
        )
    )


@register.filter
def times(count: int) -> SafeString:
    """«مرة واحدة», «مرتان», «<bdi>3</bdi> مرات»…: the words agree with `count`. A filter
    rather than {% blocktranslate count %}, whose rendering took a tenth of an actor page's
    time, once for each of its twenty articles; the same message, so the same translation."""
    return SafeString(ngettext("مرة واحدة", "<bdi>%(counter)s</bdi> مرات", count) % {"counter": count})
