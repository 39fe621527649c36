"""What an article's page and a search's results read: an article's body with its links,
its other versions, newest-first pages of a list of articles, a search's filters as a reader
calls them, and the articles holding a name."""

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import reduce
from html import escape
from itertools import pairwise
from operator import or_
from typing import NamedTuple

from django.contrib.postgres.search import SearchQuery
from django.db.models import F, Q, QuerySet, Value
from django.utils.safestring import SafeString, mark_safe

from libya_archive.archive.arabic import search_document
from libya_archive.archive.direction import reads_left_to_right
from libya_archive.archive.linking import EntityKey
from libya_archive.archive.models import (
    SEARCH_CONFIG,
    Actor,
    ActorMention,
    Article,
    ArticleEntities,
    NearDuplicate,
    Place,
    PlaceMention,
    RefusedLink,
    source_label,
)
from libya_archive.archive.paging import cursor_position, read_after
from libya_archive.archive.word_shingles import phrase_shingles


@dataclass(frozen=True)
class NamesInArticle:
    """What an article names: its actors and places, the most named first (each with
    `times`, how often the article names it), and each mention's span with its entity."""

    actors: list[Actor]
    places: list[Place]
    spans: list[tuple[int, int, Actor | Place]]


# What an article's page shows of each entity it names.
NAMED_FIELDS = ("id", "name", "slug", "kind")


def names_in_article(article: Article) -> NamesInArticle:
    """One statement for the mentions of both kinds and their entities, one instance an
    entity; counted here rather than grouped in SQL, which would take another. (A statement
    a kind cost an article page a tenth of its time more, most of it Django's.)"""
    rows = _mention_rows(ActorMention, article).union(_mention_rows(PlaceMention, article), all=True)
    database = rows.db  # asks the database router each time it is read
    entities = {}
    spans = {Actor: [], Place: []}
    for model_name, start, end, *values in rows:
        model = Actor if model_name == "actor" else Place
        entity = entities.get((model, values[0]))
        if entity is None:
            entity = entities[model, values[0]] = model.from_db(database, NAMED_FIELDS, values)
            entity.times = 0
        entity.times += 1
        spans[model].append((start, end, entity))
    most_named = sorted(entities.values(), key=lambda entity: (-entity.times, entity.name))
    return NamesInArticle(
        [entity for entity in most_named if isinstance(entity, Actor)],
        [entity for entity in most_named if isinstance(entity, Place)],
        spans[Actor] + spans[Place],
    )


def _mention_rows(mentions: type[ActorMention] | type[PlaceMention], article: Article) -> QuerySet:
    related = "actor" if mentions is ActorMention else "place"
    fields = (f"{related}__{field}" for field in NAMED_FIELDS)
    rows = mentions.objects.filter(article=article).order_by().annotate(model_name=Value(related))
    return rows.values_list("model_name", "start", "end", *fields)


# A line break, or no-break spaces standing between spaces (one or a run of them): how some
# papers' pages (Sabq's, 825 of the dev corpus's articles) mark the empty line between
# paragraphs once crawled to text; read as text, their articles were one paragraph each.
_PARAGRAPH_BREAK = re.compile("\n|[ \t](?:\u00a0+[ \t])+")


class Paragraph(NamedTuple):
    html: SafeString
    # "auto" for a paragraph that reads left to right (`direction.reads_left_to_right`: a
    # Latin photo caption, a film list), whose full stops and brackets would stand at the
    # wrong end laid out right to left; else "rtl", the page's, for one of no letter too
    # (***, a telephone number), which "auto" would lay out left to right.
    direction: str


def linked_paragraphs(article: Article, names: NamesInArticle, hits: list[tuple[int, int]] = ()) -> list[Paragraph]:
    """The body as paragraphs of HTML, each with its direction: each mention a link to its
    entity's page, its first piece with the #m-START anchor (START its offset, as the
    mentions list links to it), each hit (sorted, non-overlapping character spans) marked,
    its first piece with the #hit-N anchor.

    Written here rather than in a template loop: an article has hundreds of pieces, and
    the template language spent most of an article page's time resolving their variables."""
    openings = {entity: _link_opening(entity) for entity in [*names.actors, *names.places]}
    body = article.body
    cuts = {0, len(body)}
    for start, end, _ in names.spans:
        cuts.update((start, end))
    for span in hits:
        cuts.update(span)
    link_at = {start: (end, openings[entity]) for start, end, entity in names.spans}
    hit_number = {start: number for number, (start, _) in enumerate(hits, start=1)}

    paragraphs: list[list[str]] = [[]]
    texts: list[list[str]] = [[]]
    opening, link_end = "", 0
    for start, end in pairwise(sorted(cuts)):
        if start in link_at:
            link_end, opening = link_at[start]
        elif start >= link_end:
            opening = ""
        is_hit = any(hit_start <= start and end <= hit_end for hit_start, hit_end in hits)
        for number, line in enumerate(_PARAGRAPH_BREAK.split(body[start:end])):
            if number:
                paragraphs.append([])
                texts.append([])
            if not line:
                continue
            piece = escape(line)
            if opening:
                link = opening
                if number == 0 and start in link_at:
                    link = f'{opening[:-1]} id="m-{start}">'
                piece = f"{link}{piece}</a>"
            if is_hit:
                anchor = f' id="hit-{hit_number[start]}"' if number == 0 and start in hit_number else ""
                piece = f"<mark{anchor}>{piece}</mark>"
            paragraphs[-1].append(piece)
            texts[-1].append(line)
    return [
        Paragraph(mark_safe("".join(pieces)), "auto" if reads_left_to_right(text) else "rtl")
        for pieces, text in zip(paragraphs, map("".join, texts))
        if text and not text.isspace()
    ]


def _link_opening(entity: Actor | Place) -> str:
    kind = entity._meta.model_name
    return f'<a class="entity {kind}" href="{escape(entity.get_absolute_url())}" title="{escape(entity.name)}">'


def with_versions_group(articles: QuerySet[Article]) -> QuerySet[Article]:
    """`articles`, each with the id of its group of near-duplicates (`version_of`, None
    outside any), read with them: for `other_versions`."""
    return articles.annotate(version_of=F("near_duplicate__group"))


def other_versions(articles: list[Article], groups: dict[int, int | None] | None = None) -> dict[int, list[Article]]:
    """For each of `articles` in a group of near-duplicates, the group's other articles (the
    same story in other papers or on other days), newest first: two queries however many,
    one where their `groups` are known already (`with_versions_group`), none outside any.
    A page shows each article once: none of `articles` is listed under another, and the
    others of a group are listed under the first of `articles` in it (a search shows a copy
    whose own headline holds the query as a result of its own, after its group's best)."""
    if groups is None:
        groups = dict(NearDuplicate.objects.filter(article__in=[article.pk for article in articles]).values_list("article", "group"))
    groups = {pk: group for pk, group in groups.items() if group is not None}
    if not groups:
        return {}
    fellows = Article.objects.filter(near_duplicate__group__in=groups.values()).annotate(version_of=F("near_duplicate__group"))
    fellows = list(fellows.newest_first().only("id", "title", "source", "source_name", "published_on"))
    shown = {article.pk for article in articles}
    first_of_group = {}
    for article in articles:
        if article.pk in groups:
            first_of_group.setdefault(groups[article.pk], article.pk)
    return {
        pk: [other for other in fellows if other.version_of == group and other.pk not in shown] if first_of_group.get(group) == pk else []
        for pk, group in groups.items()
    }


@dataclass(frozen=True)
class CursorPage:
    """A page of a long newest-first list, and where the next one starts ('' at the end)."""

    items: list
    next_cursor: str
    is_first: bool


def cursor_page(cursor: str, size: int, read: Callable[[str, dict, int], list[Article]]) -> CursorPage:
    """The page of `size` articles after `cursor`, read as `read_after` reads them, one
    article more than a page to tell whether there are more."""
    rows = read_after(cursor, size + 1, read)
    return CursorPage(rows[:size], rows[size - 1].cursor if len(rows) > size else "", cursor_position(cursor) is None)


def newest_articles(articles: QuerySet[Article], cursor: str, size: int) -> CursorPage:
    """The page of `articles` after `cursor`, newest first."""

    def read(stretch: str, bounds: dict, limit: int) -> list[Article]:
        return list(articles.in_stretch(stretch, bounds).newest_first()[:limit])

    return cursor_page(cursor, size, read)


def describe_filters(params, filters) -> list[tuple[str, str, str]]:
    """The active search filters as (parameter, value, what a reader calls it)."""
    # Most searches have neither: no queryset built for them.
    actor_names = dict(Actor.objects.filter(slug__in=filters.actors).values_list("slug", "name")) if filters.actors else {}
    place_names = dict(Place.objects.filter(slug__in=filters.places).values_list("slug", "name")) if filters.places else {}
    kinds = dict(Actor.Kind.choices)
    described = [("actor", slug, actor_names.get(slug, slug)) for slug in filters.actors]
    described += [("place", slug, place_names.get(slug, slug)) for slug in filters.places]
    described += [("kind", kind, f"نوع الفاعل: {kinds[kind]}") for kind in filters.actor_kinds]  # not «شخص» alone
    described += [("source", source, source_label(source)) for source in filters.sources]
    if filters.date_from:
        described.append(("from", params.get("from"), f"من {_left_to_right(filters.date_from.isoformat())}"))
    if filters.date_to:
        described.append(("to", params.get("to"), f"إلى {_left_to_right(filters.date_to.isoformat())}"))
    if filters.added_since:
        described.append(("added_since", params.get("added_since"), "الجديد منذ زيارتك الأخيرة"))
    return described


def _left_to_right(text: str) -> str:
    """`text` isolated left to right inside a label read right to left (LRI … PDI): after an
    Arabic word a date's numbers are Arabic numbers, and 2015-07-25 would read 25-07-2015.
    Characters, not a tag, for the label is text (an attribute, a saved search's summary)."""
    return f"\u2066{text}\u2069"


def articles_naming(names: Iterable[str]) -> QuerySet[Article]:
    """Articles whose text may contain any of `names`, found through the search index (and
    the shingles index for names of several words)."""
    holding = []
    for phrase in filter(None, map(search_document, names)):
        holds_phrase = Q(search_vector=SearchQuery(phrase, search_type="phrase", config=SEARCH_CONFIG))
        if shingles := phrase_shingles(phrase.split(" ")):
            holds_phrase &= Q(search_shingles__contains=shingles)
        holding.append(holds_phrase)
    return Article.objects.filter(reduce(or_, holding)) if holding else Article.objects.none()


def articles_total() -> tuple[int, bool]:
    """How many articles the archive holds, as a page says it, and whether that is an
    estimate: PostgreSQL's (once they are many) to two figures, as «نحو» ("about") reads;
    to the unit, «نحو 14848» read as an exact count."""
    total, estimated = Article.objects.count_or_estimate()
    return (round(total, 2 - len(str(total))) if estimated else total), estimated


def refused_links(article_ids: Iterable[int]) -> dict[int, set[EntityKey]]:
    """The entities editors said each of these articles does not name (`RefusedLink`), as
    `linking.FoundMention.entity` names them; an article with none is left out."""
    refused: dict[int, set[EntityKey]] = {}
    for link in RefusedLink.objects.filter(article_id__in=list(article_ids)).only("article_id", "actor_id", "place_id"):
        refused.setdefault(link.article_id, set()).add(link.entity_key)
    return refused


def refusable_in(article: Article) -> tuple[QuerySet[Actor], QuerySet[Place]]:
    """The actors and places an editor may say `article` does not name: those it links now
    (its `ArticleEntities` row) and those refused in it already."""
    entities = ArticleEntities.objects.filter(article=article).first()
    refused = RefusedLink.objects.filter(article=article)
    return (
        Actor.objects.filter(Q(pk__in=entities.actor_ids if entities else []) | Q(pk__in=refused.values("actor_id"))),
        Place.objects.filter(Q(pk__in=entities.place_ids if entities else []) | Q(pk__in=refused.values("place_id"))),
    )
