"""What the pages read: an article's body with its links, an entity's articles and company."""

from dataclasses import dataclass
from itertools import pairwise

from django.core.cache import cache
from django.db.models import Count, Exists, OuterRef, QuerySet
from django.utils.safestring import SafeString

from libya_archive.archive.models import Actor, ActorMention, Article, Place, PlaceMention
from libya_archive.archive.search import snippet

ENTITY_SNIPPET_WORDS = 24
COMPANION_SAMPLE = 2000
COMPANION_CACHE_SECONDS = 600


@dataclass(frozen=True)
class Segment:
    text: str
    entity: Actor | Place | None = None
    hit: bool = False  # the search that opened the article looks for this text
    hit_id: str = ""  # set on the first segment of each hit, for the #hit-N anchors

    @property
    def kind(self) -> str:
        return "actor" if isinstance(self.entity, Actor) else "place"


def linked_paragraphs(article: Article, hits: list[tuple[int, int]] = ()) -> list[list[Segment]]:
    """The body split into paragraphs of segments: each mention a segment with its entity,
    each hit (sorted, non-overlapping character spans) marked and numbered."""
    mentions = sorted(
        [*ActorMention.objects.filter(article=article).select_related("actor")]
        + [*PlaceMention.objects.filter(article=article).select_related("place")],
        key=lambda mention: mention.start,
    )
    body = article.body
    cuts = {0, len(body)}
    for span in [*((m.start, m.end) for m in mentions), *hits]:
        cuts.update(span)
    entity_at = {}
    for mention in mentions:
        entity_at[mention.start] = (mention.end, _entity_of(mention))
    hit_number = {start: number for number, (start, _) in enumerate(hits, start=1)}

    paragraphs: list[list[Segment]] = [[]]
    entity, entity_end = None, 0
    for start, end in pairwise(sorted(cuts)):
        if start in entity_at:
            entity_end, entity = entity_at[start]
        elif start >= entity_end:
            entity = None
        is_hit = any(hit_start <= start and end <= hit_end for hit_start, hit_end in hits)
        hit_id = f"hit-{hit_number[start]}" if start in hit_number else ""
        for number, line in enumerate(body[start:end].split("\n")):
            if number:
                paragraphs.append([])
            if line:
                paragraphs[-1].append(Segment(line, entity, is_hit, hit_id if number == 0 else ""))
    return [paragraph for paragraph in paragraphs if any(s.text.strip() for s in paragraph)]


def _entity_of(mention: ActorMention | PlaceMention) -> Actor | Place:
    return mention.actor if isinstance(mention, ActorMention) else mention.place


def mentioned_entities(article: Article) -> tuple[QuerySet[Actor], QuerySet[Place]]:
    actors = Actor.objects.filter(mentions__article=article).annotate(times=Count("mentions")).order_by("-times", "name")
    places = Place.objects.filter(mentions__article=article).annotate(times=Count("mentions")).order_by("-times", "name")
    return actors, places


@dataclass(frozen=True)
class CursorPage:
    """A page of a long newest-first list, and where the next one starts ('' at the end)."""

    items: list
    next_cursor: str
    is_first: bool


def newest_articles(articles: QuerySet[Article], cursor: str, size: int) -> CursorPage:
    rows = list(articles.after(cursor).newest_first()[: size + 1])
    return CursorPage(rows[:size], rows[size - 1].cursor if len(rows) > size else "", not cursor)


def _mentions(entity: Actor | Place):
    """The mention model of an entity and the name of its field for the entity."""
    return (ActorMention, "actor") if isinstance(entity, Actor) else (PlaceMention, "place")


def entity_articles(entity: Actor | Place, cursor: str, size: int) -> CursorPage:
    """The articles that mention `entity`, newest first, a page at a time."""
    mention_model, field = _mentions(entity)
    naming = Article.objects.filter(Exists(mention_model.objects.filter(article=OuterRef("pk"), **{field: entity})))
    return newest_articles(naming.only("id", "title", "body", "published_on", "source_name"), cursor, size)


def mention_snippets(entity: Actor | Place, articles: list[Article]) -> list[tuple[Article, int, SafeString]]:
    """Each article with how often it mentions `entity` and its text around the mentions."""
    mention_model, field = _mentions(entity)
    spans: dict[int, list[tuple[int, int]]] = {}
    rows = mention_model.objects.filter(article__in=articles, **{field: entity}).order_by("start")
    for article_id, start, end in rows.values_list("article_id", "start", "end"):
        spans.setdefault(article_id, []).append((start, end))
    return [
        (article, len(spans.get(article.pk, [])), snippet(article.body, spans.get(article.pk, []), words=ENTITY_SNIPPET_WORDS))
        for article in articles
    ]


def companions(entity: Actor | Place, model: type[Actor] | type[Place], *, limit: int = 12) -> list:
    """Entities of `model` named in the same articles as `entity`, by how many articles they
    share: counted over its newest COMPANION_SAMPLE articles, and kept for a few minutes,
    since an entity named in half the archive would otherwise cost a scan of it."""
    key = f"companions:{type(entity).__name__}:{entity.pk}:{model.__name__}:{limit}"
    found = cache.get(key)
    if found is None:
        mention_model, field = _mentions(entity)
        sample = (
            Article.objects.filter(Exists(mention_model.objects.filter(article=OuterRef("pk"), **{field: entity})))
            .newest_first()
            .values("pk")[:COMPANION_SAMPLE]
        )
        others = model.objects.filter(mentions__article_id__in=sample)
        if isinstance(entity, model):
            others = others.exclude(pk=entity.pk)
        found = list(others.annotate(shared=Count("mentions__article", distinct=True)).order_by("-shared", "name")[:limit])
        cache.set(key, found, COMPANION_CACHE_SECONDS)
    return found


def closest_companions(actors: list[Actor], places: list[Place], *, limit: int = 12) -> list[tuple[Actor | Place, str]]:
    """The entities sharing most articles with one, actors and places together, for its graph."""
    both = [(actor, "actor") for actor in actors] + [(place, "place") for place in places]
    return sorted(both, key=lambda pair: (-pair[0].shared, pair[0].name))[:limit]


def entity_index(model: type[Actor] | type[Place], *, kind: str = "", by_name: bool = False) -> QuerySet:
    """Actors or places, by how many articles name them or by name."""
    entities = model.objects.filter(kind=kind) if kind else model.objects.all()
    return entities.order_by("name") if by_name else entities.order_by("-article_count", "name")


def describe_filters(params, filters) -> list[tuple[str, str, str]]:
    """The active search filters as (parameter, value, what a reader calls it)."""
    actor_names = dict(Actor.objects.filter(slug__in=filters.actors).values_list("slug", "name"))
    place_names = dict(Place.objects.filter(slug__in=filters.places).values_list("slug", "name"))
    kinds = dict(Actor.Kind.choices)
    described = [("actor", slug, actor_names.get(slug, slug)) for slug in filters.actors]
    described += [("place", slug, place_names.get(slug, slug)) for slug in filters.places]
    described += [("kind", kind, kinds[kind]) for kind in filters.actor_kinds]
    described += [("source", source, source) for source in filters.sources]
    if filters.date_from:
        described.append(("from", params.get("from"), f"من {filters.date_from.isoformat()}"))
    if filters.date_to:
        described.append(("to", params.get("to"), f"حتى {filters.date_to.isoformat()}"))
    if filters.added_since:
        described.append(("added_since", params.get("added_since"), "الجديد منذ زيارتك الأخيرة"))
    return described
