"""How to cite an article: a reference to paste, and the same facts as schema.org JSON-LD."""

import json
from datetime import date

from django.core.serializers.json import DjangoJSONEncoder
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe

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


def citation_text(article: Article, *, permalink: str, accessed: date) -> str:
    """A reference in the usual Arabic order: «title», source, date. archive, permalink
    (accessed on). The original URL follows when the import recorded one."""
    published = article.published_on.isoformat() if article.published_on else NO_DATE
    parts = [f"«{article.title}»", *([article.source] if article.source else []), published]
    text = "، ".join(parts) + f". {ARCHIVE_NAME}، {permalink} (تاريخ الاطلاع: {accessed.isoformat()})."
    if article.url:
        text += f" الأصل: {article.url}"
    return text


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
        data["publisher"] = {"@type": "Organization", "name": article.source}
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
