"""What the pages read: an article's body with its links, an entity's articles and company."""

from dataclasses import dataclass
from itertools import pairwise

from django.db.models import Count, Min, QuerySet
from django.utils.safestring import SafeString

from libya_archive.archive.models import Actor, ActorMention, Article, Place, PlaceMention
from libya_archive.archive.search import snippet

ENTITY_SNIPPET_WORDS = 24


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


def entity_articles(entity: Actor | Place) -> QuerySet[Article]:
    """The articles that mention `entity`, most mentions first, with how many."""
    return (
        Article.objects.filter(**{f"{_mention_name(entity)}s__{type(entity).__name__.lower()}": entity})
        .annotate(times=Count("pk"), first_mention=Min(f"{_mention_name(entity)}s__start"))
        .order_by("-times", "-published_on", "-id")
        .only("id", "title", "body", "published_on", "source_name")
    )


def mention_snippet(entity: Actor | Place, article: Article) -> SafeString:
    """The article's text around its mentions of `entity`, the mentions marked."""
    marks = list(entity.mentions.filter(article=article).values_list("start", "end"))
    return snippet(article.body, marks, words=ENTITY_SNIPPET_WORDS)


def _mention_name(entity: Actor | Place) -> str:
    return "actormention" if isinstance(entity, Actor) else "placemention"


def companions(entity: Actor | Place, model: type[Actor] | type[Place], *, limit: int = 12) -> QuerySet:
    """Entities of `model` named in the same articles as `entity`, by how many articles they share."""
    shared_articles = entity.mentions.values("article_id")
    others = model.objects.filter(mentions__article_id__in=shared_articles)
    if isinstance(entity, model):
        others = others.exclude(pk=entity.pk)
    return others.annotate(shared=Count("mentions__article", distinct=True)).order_by("-shared", "name")[:limit]


def closest_companions(actors: list[Actor], places: list[Place], *, limit: int = 12) -> list[tuple[Actor | Place, str]]:
    """The entities sharing most articles with one, actors and places together, for its graph."""
    both = [(actor, "actor") for actor in actors] + [(place, "place") for place in places]
    return sorted(both, key=lambda pair: (-pair[0].shared, pair[0].name))[:limit]


def entity_index(model: type[Actor] | type[Place], *, kind: str = "", by_name: bool = False) -> QuerySet:
    """Actors or places with how many articles name them, by that number or by name."""
    entities = model.objects.annotate(articles=Count("mentions__article", distinct=True))
    if kind:
        entities = entities.filter(kind=kind)
    return entities.order_by("name") if by_name else entities.order_by("-articles", "name")


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
