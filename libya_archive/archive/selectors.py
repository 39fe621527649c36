"""What the pages read: an article's body with its links, an entity's articles and company."""

from dataclasses import dataclass

from django.db.models import Count, Min, QuerySet
from django.utils.safestring import SafeString

from libya_archive.archive.models import Actor, ActorMention, Article, Place, PlaceMention
from libya_archive.archive.search import snippet

ENTITY_SNIPPET_WORDS = 24


@dataclass(frozen=True)
class Segment:
    text: str
    entity: Actor | Place | None = None

    @property
    def kind(self) -> str:
        return "actor" if isinstance(self.entity, Actor) else "place"


def linked_paragraphs(article: Article) -> list[list[Segment]]:
    """The body split into paragraphs of segments, each mention a segment with its entity."""
    mentions = sorted(
        [*ActorMention.objects.filter(article=article).select_related("actor")]
        + [*PlaceMention.objects.filter(article=article).select_related("place")],
        key=lambda mention: mention.start,
    )
    body = article.body
    segments: list[Segment] = []
    cursor = 0
    for mention in mentions:
        segments.append(Segment(body[cursor : mention.start]))
        segments.append(Segment(body[mention.start : mention.end], _entity_of(mention)))
        cursor = mention.end
    segments.append(Segment(body[cursor:]))

    paragraphs: list[list[Segment]] = [[]]
    for segment in segments:
        if segment.entity is not None:
            paragraphs[-1].append(segment)
            continue
        for number, line in enumerate(segment.text.split("\n")):
            if number:
                paragraphs.append([])
            if line:
                paragraphs[-1].append(Segment(line))
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
