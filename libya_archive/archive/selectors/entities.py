"""What an actor's or place's pages read: the record, the articles naming it and its
mentions in context, its company (who is named beside it), the indexes and the map, and what
a spelling would link before an editor saves it."""

from collections import Counter
from dataclasses import dataclass
from typing import NamedTuple

from django.db.models import Exists, OuterRef, Q, QuerySet
from django.utils.safestring import SafeString

from libya_archive.archive.arabic import normalize_arabic, tokenize
from libya_archive.archive.cooccurrence import Graph, companion_graph
from libya_archive.archive.linking import find_mentions, load_gazetteer
from libya_archive.archive.models import (
    Actor,
    ActorMention,
    Article,
    ArticleEntities,
    Place,
    PlaceMention,
    RelinkRequest,
)
from libya_archive.archive.paging import STRETCH_CONDITIONS
from libya_archive.archive.postgres import one_of
from libya_archive.archive.selectors.articles import NAMED_FIELDS, CursorPage, articles_naming, cursor_page, refused_links
from libya_archive.archive.snippets import keyword_in_context, snippet

ENTITY_SNIPPET_WORDS = 24
COMPANION_SAMPLE = 2000


def _mentions_in_outer_article(entity: Actor | Place) -> QuerySet:
    """The mentions of `entity` in the article of the query around (for `Exists` and subqueries)."""
    if isinstance(entity, Actor):
        return ActorMention.objects.filter(article=OuterRef("pk"), actor=entity)
    return PlaceMention.objects.filter(article=OuterRef("pk"), place=entity)


# The two statements of an actor or place page are written in SQL: the page is bound by
# Python, and the ORM took longer to build and compile them than PostgreSQL took to run them.


def entity_by_slug(model: type[Actor] | type[Place], slug: str) -> Actor | Place | None:
    """The actor or place at `slug`, with the names it is also known by (`alias_names`,
    in alphabetical order) and whether an edit of it is still being re-linked in the
    background (`relinking`: its articles and counts not all there yet), read in the same
    statement."""
    aliases = model._meta.get_field("aliases").related_model
    entity_column = aliases._meta.get_field(model._meta.model_name).column
    statement = f"""
        SELECT e.*, ARRAY(
            SELECT n.name FROM {aliases._meta.db_table} n WHERE n.{entity_column} = e.id ORDER BY n.name
        ) AS alias_names, EXISTS(
            SELECT FROM {RelinkRequest._meta.db_table} r WHERE r.{RelinkRequest._meta.get_field(model._meta.model_name).column} = e.id
        ) AS relinking
        FROM {model._meta.db_table} e WHERE e.slug = %s
    """
    return next(iter(model.objects.raw(statement, [slug])), None)


def entity_articles(entity: Actor | Place, cursor: str, size: int) -> CursorPage:
    """The articles that mention `entity`, newest first, a page at a time, each with where
    it names the entity (`mention_spans`, in order of the text)."""
    mentions = type(entity).mentions.rel.related_model
    names_entity = f"m.{mentions._meta.get_field(entity._meta.model_name).column} = %(entity)s AND m.article_id = a.id"

    def read(stretch: str, bounds: dict, limit: int) -> list[Article]:
        statement = f"""
            SELECT a.id, a.title, a.body, a.published_on, a.source, a.source_name, ARRAY(
                SELECT int4range(m.start, m."end") FROM {mentions._meta.db_table} m WHERE {names_entity} ORDER BY m.start
            ) AS mention_spans
            FROM {Article._meta.db_table} a
            WHERE EXISTS (SELECT FROM {mentions._meta.db_table} m WHERE {names_entity}) {STRETCH_CONDITIONS[stretch].sql}
            ORDER BY a.published_on DESC NULLS LAST, a.id DESC
            LIMIT %(limit)s
        """
        return list(Article.objects.raw(statement, {"entity": entity.pk, "limit": limit, **bounds}))

    return cursor_page(cursor, size, read)


class MentionLine(NamedTuple):
    """A mention of an entity in its article, with the words around it."""

    article: Article
    start: int
    end: int
    before: str
    mention: str
    after: str


def mentions_in_context(article: Article, whole_words: bool = False) -> list[MentionLine]:
    """Each mention of one of `entity_articles` (its `mention_spans`), in reading order; its
    words around it as `keyword_in_context` gives them."""
    tokens = tokenize(article.body)  # once for all its mentions
    return [
        MentionLine(
            article,
            span.lower,
            span.upper,
            *keyword_in_context(article.body, span.lower, span.upper, tokens=tokens, whole_words=whole_words),
        )
        for span in article.mention_spans
    ]


def mention_lines(entity: Actor | Place, cursor: str, size: int) -> CursorPage:
    """The mentions of `entity` in context after the article at `cursor`, in the order of
    its articles page and its mentions download: articles newest first, each article's
    mentions in reading order. A page ends with a whole article, after about `size`
    mentions (an article naming the entity more often than that makes a page of its own)."""
    page = entity_articles(entity, cursor, size)
    lines, next_cursor = [], page.next_cursor
    for number, article in enumerate(page.items):
        if lines and len(lines) + len(article.mention_spans) > size:
            next_cursor = page.items[number - 1].cursor
            break
        lines += mentions_in_context(article, whole_words=True)
    return CursorPage(lines, next_cursor, page.is_first)


def mention_snippets(articles: list[Article]) -> list[tuple[Article, int, SafeString]]:
    """Each of `entity_articles` with how often it names the entity and its text around the mentions."""
    snippets = []
    for article in articles:
        spans = [(span.lower, span.upper) for span in article.mention_spans]
        snippets.append((article, len(spans), snippet(article.body, spans, words=ENTITY_SNIPPET_WORDS)))
    return snippets


@dataclass(frozen=True)
class Company:
    """The actors and places named in the same articles as an entity, those sharing the most
    first (each with `shared`, how many), and the closest of both kinds as a graph."""

    actors: list[Actor]
    places: list[Place]
    graph: Graph | None


def company(entity: Actor | Place, *, limit: int = 12) -> Company:
    """Counted over the entity's newest COMPANION_SAMPLE articles: one named in half the
    archive would otherwise cost a scan of it. Read from their sets of entities, one short
    row an article, where grouping their mention rows, dozens an article, took most of an
    actor page's time at a million articles (bench/RESULTS.md)."""
    naming = Article.objects.filter(Exists(_mentions_in_outer_article(entity)))
    sample = list(naming.newest_first().values_list("pk", flat=True)[:COMPANION_SAMPLE])
    shared: dict[type, Counter[int]] = {Actor: Counter(), Place: Counter()}
    for actor_ids, place_ids in ArticleEntities.objects.filter(article_id__in=one_of(sample)).values_list("actor_ids", "place_ids"):
        shared[Actor].update(actor_ids)
        shared[Place].update(place_ids)
    shared[Actor if isinstance(entity, Actor) else Place].pop(entity.pk, None)
    actors, places = (_sharing_the_most(model, shared[model], limit) for model in (Actor, Place))
    both = [(actor, "actor") for actor in actors] + [(place, "place") for place in places]
    closest = sorted(both, key=lambda pair: (-pair[0].shared, pair[0].name))[:limit]
    return Company(actors, places, companion_graph(closest))


def companion_sample(entity: Actor | Place) -> int:
    """How many of the entity's newest articles `company` counts over, 0 where it counts all."""
    return COMPANION_SAMPLE if entity.article_count > COMPANION_SAMPLE else 0


def _sharing_the_most(model: type[Actor] | type[Place], shared: Counter[int], limit: int) -> list:
    """The `limit` records of `model` that the most of the sample's articles name (`shared`,
    each with its count as `shared`), then by name; the ids of records deleted since, none."""
    named = list(model.objects.filter(pk__in=list(shared)).only(*NAMED_FIELDS))
    for record in named:
        record.shared = shared[record.pk]
    return sorted(named, key=lambda record: (-record.shared, record.name))[:limit]


def entity_index(model: type[Actor] | type[Place], *, kind: str = "", by_name: bool = False) -> QuerySet:
    """Actors or places, by how many articles name them or by name."""
    entities = model.objects.filter(kind=kind) if kind else model.objects.all()
    return entities.order_by("name") if by_name else entities.order_by("-article_count", "name")


def places_to_map(limit: int) -> tuple[list[Place], list[Place]]:
    """The places any article names: up to `limit` + 1 with coordinates, the most named
    first, and all of those without (to be listed instead)."""
    named = Place.objects.filter(article_count__gt=0).order_by("-article_count", "name")
    columns = ("slug", "name", "kind", "article_count", "latitude", "longitude")
    located = list(named.filter(latitude__isnull=False, longitude__isnull=False).only(*columns)[: limit + 1])
    return located, list(named.filter(Q(latitude__isnull=True) | Q(longitude__isnull=True)).only("slug", "name"))


@dataclass(frozen=True)
class SpellingPreview:
    """What a spelling would link for an entity, before the editor saves it."""

    mentions: int
    articles: int
    more: bool  # more articles hold the spelling than PREVIEW_ARTICLES, which were read


PREVIEW_ARTICLES = 300


def spelling_preview(entity: Actor | Place | None, kind: str, name: str) -> SpellingPreview:
    """How many mentions, in how many articles, the spelling `name` would link to `entity`
    (a record not saved yet when None), by the gazetteer as it stands with the spelling added,
    evidence rules and all."""
    key = (kind, entity.pk if entity is not None and entity.pk else 0)
    gazetteer = load_gazetteer(extra=[(name, key)])
    gazetteer.names.setdefault(key, name)
    spelling = normalize_arabic(name.strip())
    holding = list(articles_naming([name]).order_by().only("pk", "body")[: PREVIEW_ARTICLES + 1])
    refused = refused_links(article.pk for article in holding[:PREVIEW_ARTICLES])
    mentions = articles = 0
    for article in holding[:PREVIEW_ARTICLES]:
        if key in refused.get(article.pk, ()):
            continue  # an editor said it does not name the entity: the spelling would link nothing there
        found = [
            m for m in find_mentions(article.body, gazetteer)
            if m.entity == key and normalize_arabic(article.body[m.start : m.end]) == spelling
        ]  # fmt: skip
        mentions += len(found)
        articles += bool(found)
    return SpellingPreview(mentions, articles, len(holding) > PREVIEW_ARTICLES)
