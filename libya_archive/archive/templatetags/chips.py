"""{% load chips %}: actors and places as chips, each its name linked to its page and a number
beside it; a search's facets, each a value linked and its count beside it; how many times an
article names an entity, in words; the names a query was read as."""

from html import escape

from django import template
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString
from django.utils.translation import ngettext

from libya_archive.archive.models import Actor, Place
from libya_archive.archive.search.facets import Facet

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


@register.simple_tag
def facet_items(links: list[tuple[Facet, str]]) -> SafeString:
    """The list items of `links`, each a facet's value linked to the search it narrows to
    and its count. Written here rather than as an included template in a loop: a search page
    lists up to a hundred a facet, and an {% include %} each took a seventh of its Python time."""
    item = '<li><a href="{}"><bdi>{}</bdi></a> <bdi class="count">{}</bdi></li>\n'
    return format_html_join("", item, ((url, facet.label, facet.count) for facet, url in links))


@register.filter
def times(count: int) -> SafeString:
    """«مرة واحدة», «مرتان», «<bdi>3</bdi> مرات»…: the words agree with `count`. A filter
    rather than {% blocktranslate count %}, whose rendering took a tenth of an actor page's
    time, once for each of its twenty articles; the same message, so the same translation."""
    return SafeString(ngettext("مرة واحدة", "<bdi>%(counter)s</bdi> مرات", count) % {"counter": count})


@register.filter
def read_as_names(names: list[str]) -> SafeString:
    """«قُرئ <strong>خليفة حفتر</strong> في البحث اسمًا: تطابقه المقالات التي تذكره…», agreeing
    with how many `names` the query was read as. Not «the results also include»: a name's words
    are not searched apart, so a search with names off may find more (a reader's pass)."""
    strong = [format_html("<strong>{}</strong>", name) for name in names]
    listed = SafeString("، ".join(strong[:-1]) + " و" + strong[-1] if len(strong) > 1 else "".join(strong))
    sentence = ngettext(
        "قُرئ %(names)s في البحث اسمًا: تطابقه المقالات التي تذكره بأي اسم أو تهجئة، لا التي ترد فيها كلماته متفرقةً أو بصيغة أخرى.",
        "قُرئ %(names)s في البحث أسماءً: تطابقها المقالات التي تذكرها بأي اسم أو تهجئة، لا التي ترد فيها كلماتها متفرقةً أو بصيغ أخرى.",
        len(names),
    )
    return SafeString(sentence % {"names": listed})
