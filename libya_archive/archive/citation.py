"""How to cite an article: a reference to paste, and the same facts as schema.org JSON-LD."""

import json
from datetime import date

from django.core.serializers.json import DjangoJSONEncoder
from django.utils.html import escape, format_html
from django.utils.safestring import SafeString, mark_safe

from libya_archive.archive.direction import text_direction
from libya_archive.archive.models import Actor, Article, Place

ARCHIVE_NAME = "أرشيف أخبار ليبيا"
# What Arabic references write for a work without a date ("دون تاريخ"), as English writes n.d.
NO_DATE = "د.ت"
# The escapes of django.utils.html.json_script: JSON that cannot close its <script> element
# or open a comment, whatever the text it carries. Made with one `replace` each: through
# `str.translate`, as json_script makes them, an article's JSON-LD took 25 times as long,
# a twentieth of its page.
_JSON_SCRIPT_ESCAPES = ((">", "\\u003E"), ("<", "\\u003C"), ("&", "\\u0026"))
# schema.org types for the archive's kinds of actor.
_ACTOR_TYPES = {
    Actor.Kind.PERSON: "Person",
    Actor.Kind.ORGANISATION: "Organization",
    Actor.Kind.ARMED_GROUP: "Organization",
    Actor.Kind.GOVERNMENT: "GovernmentOrganization",
}


def citation_parts(article: Article, *, permalink: str, accessed: date) -> list[tuple[str, str]]:
    """A reference in the usual Arabic order: «title», source, date. archive, permalink
    (accessed on). The original URL follows when the import recorded one.

    As (kind, text) pieces, the kind "url", "date" or "name" for what a right-to-left line must
    isolate (a URL's final slash would jump to its other end, a date would break at a hyphen),
    "" for the Arabic between them."""
    published = ("date", article.published_on.isoformat()) if article.published_on else ("", NO_DATE)
    parts = [("", "«"), ("name", article.title), ("", "»، ")]
    if article.source:
        parts += [("name", article.source_label), ("", "، ")]
    parts += [
        published,
        ("", f". {ARCHIVE_NAME}، "),
        ("url", permalink),
        ("", " (تاريخ الاطلاع: "),
        ("date", accessed.isoformat()),
        ("", ")."),
    ]
    if article.url:
        parts += [("", " الأصل: "), ("url", article.url)]
    return parts


def citation_html(article: Article, *, permalink: str, accessed: date) -> SafeString:
    """The reference for the page, its text what a reader copies: each URL, date and name in
    its own <bdi>, so that it reads whole, in its own direction, inside the Arabic sentence."""
    pieces = []
    for kind, text in citation_parts(article, permalink=permalink, accessed=accessed):
        if kind == "url":
            pieces.append(format_html('<bdi dir="ltr" class="url">{}</bdi>', text))
        elif kind == "name":
            pieces.append(format_html('<bdi class="name" dir="{}">{}</bdi>', text_direction(text), text))
        elif kind:
            pieces.append(format_html('<bdi class="{}">{}</bdi>', kind, text))
        else:
            pieces.append(escape(text))
    return mark_safe("".join(pieces))


def news_article_data(
    article: Article, *, permalink: str, home: str, actors: list[Actor], places: list[Place], absolute
) -> dict:
    """The article as a schema.org NewsArticle. `absolute` turns a path into a full URL."""
    data = {
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        "headline": article.title,
        "url": permalink,
        "mainEntityOfPage": permalink,
        "inLanguage": "ar",
        "dateModified": article.updated_at,
        "isPartOf": {"@type": "WebSite", "name": ARCHIVE_NAME, "url": home},
    }
    if article.published_on:
        data["datePublished"] = article.published_on
    if article.source:
        data["publisher"] = {"@type": "Organization", "name": article.source_label}
    if article.url:
        data["isBasedOn"] = article.url
    mentions = [
        {"@type": _ACTOR_TYPES.get(actor.kind, "Thing"), "name": actor.name, "url": absolute(actor.get_absolute_url())}
        for actor in actors
    ] + [{"@type": "Place", "name": place.name, "url": absolute(place.get_absolute_url())} for place in places]
    if mentions:
        data["mentions"] = mentions
    return data


def json_ld_script(data: dict) -> SafeString:
    """`data` in a <script type="application/ld+json"> element, escaped as json_script does.

    Browsers treat that type as data, never run it, so a script-src CSP allows it."""
    text = json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False)
    for character, escaped in _JSON_SCRIPT_ESCAPES:
        text = text.replace(character, escaped)
    return format_html('<script type="application/ld+json">{}</script>', mark_safe(text))
