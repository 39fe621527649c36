"""How articles, actors, places and search results read as JSON.

Every object carries `url`, its page in the archive (as `/api/search` always has), and
`api_url`, where the API serves it. Dates are YYYY-MM-DD. Mention offsets count characters
(Unicode code points) into the article's `body`, end exclusive: body[start:end] is the text.
"""

from django.urls import reverse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from libya_archive.archive.models import Actor, ActorMention, Article, Place, PlaceMention


class _Links(serializers.Serializer):
    """`url` (the page) and `api_url` (the API) of the object, as absolute URLs."""

    url = serializers.SerializerMethodField(help_text="The page in the archive.")
    api_url = serializers.SerializerMethodField(help_text="This object in the API.")
    api_view_name = ""

    def _absolute(self, path: str) -> str:
        request = self.context.get("request")
        return request.build_absolute_uri(path) if request else path

    @extend_schema_field(OpenApiTypes.URI)
    def get_url(self, obj) -> str:
        return self._absolute(obj.get_absolute_url())

    @extend_schema_field(OpenApiTypes.URI)
    def get_api_url(self, obj) -> str:
        lookup = obj.pk if isinstance(obj, Article) else obj.slug
        return self._absolute(reverse(self.api_view_name, args=[lookup]))


class ArticleSerializer(_Links, serializers.ModelSerializer):
    api_view_name = "api:article-detail"
    date = serializers.DateField(source="published_on", allow_null=True, help_text="Publication date; null if unknown.")
    source = serializers.CharField(help_text="The publication, as the import named it; empty if unknown.")
    source_label = serializers.CharField(help_text="The publication as the pages name it (صحيفة عكاظ for okaz); as imported where the archive knows no name for it.")
    source_url = serializers.CharField(source="url", help_text="The original article on the web; empty if unknown.")
    source_name = serializers.CharField(help_text="The file (or file#line) the article was imported from.")

    class Meta:
        model = Article
        fields = ["id", "title", "date", "source", "source_label", "source_url", "source_name", "url", "api_url"]


class MentionSerializer(serializers.Serializer):
    start = serializers.IntegerField(help_text="Offset of the first character in the article body.")
    end = serializers.IntegerField(help_text="Offset just past the last character (end exclusive).")
    text = serializers.CharField(help_text="The name as the article writes it: body[start:end].")


class ActorRefSerializer(_Links, serializers.ModelSerializer):
    api_view_name = "api:actor-detail"

    class Meta:
        model = Actor
        fields = ["slug", "name", "name_en", "kind", "url", "api_url"]


class PlaceRefSerializer(_Links, serializers.ModelSerializer):
    api_view_name = "api:place-detail"

    class Meta:
        model = Place
        fields = ["slug", "name", "name_en", "kind", "url", "api_url"]


class ActorInArticleSerializer(ActorRefSerializer):
    mentions = MentionSerializer(many=True, source="article_mentions")

    class Meta(ActorRefSerializer.Meta):
        fields = [*ActorRefSerializer.Meta.fields, "mentions"]


class PlaceInArticleSerializer(PlaceRefSerializer):
    mentions = MentionSerializer(many=True, source="article_mentions")

    class Meta(PlaceRefSerializer.Meta):
        fields = [*PlaceRefSerializer.Meta.fields, "mentions"]


def _entities_with_mentions(article: Article, mention_model: type[ActorMention] | type[PlaceMention], field: str) -> list:
    """The actors or places the article names, in the order it first names them, each with
    `article_mentions`: its mentions in this article, in reading order."""
    entities: dict[int, Actor | Place] = {}
    for mention in mention_model.objects.filter(article=article).select_related(field).order_by("start"):
        entity = entities.setdefault(getattr(mention, f"{field}_id"), getattr(mention, field))
        if not hasattr(entity, "article_mentions"):
            entity.article_mentions = []
        entity.article_mentions.append(
            {"start": mention.start, "end": mention.end, "text": article.body[mention.start : mention.end]}
        )
    return list(entities.values())


class ArticleDetailSerializer(ArticleSerializer):
    body = serializers.CharField(help_text="The full text; mention offsets point into it.")
    actors = serializers.SerializerMethodField(help_text="The actors the article names, in reading order.")
    places = serializers.SerializerMethodField(help_text="The places the article names, in reading order.")

    class Meta(ArticleSerializer.Meta):
        fields = [*ArticleSerializer.Meta.fields, "body", "actors", "places"]

    @extend_schema_field(ActorInArticleSerializer(many=True))
    def get_actors(self, article: Article) -> list:
        actors = _entities_with_mentions(article, ActorMention, "actor")
        return ActorInArticleSerializer(actors, many=True, context=self.context).data

    @extend_schema_field(PlaceInArticleSerializer(many=True))
    def get_places(self, article: Article) -> list:
        places = _entities_with_mentions(article, PlaceMention, "place")
        return PlaceInArticleSerializer(places, many=True, context=self.context).data


class _EntitySerializer(_Links, serializers.ModelSerializer):
    """What actors and places share in the API: names, counts and where to read more."""

    kind_label = serializers.CharField(source="get_kind_display", help_text="The kind, in Arabic.")
    aliases = serializers.SlugRelatedField(
        many=True, read_only=True, slug_field="name", help_text="Every spelling that links text to it."
    )
    article_count = serializers.IntegerField(read_only=True, help_text="How many articles name it.")
    articles_api_url = serializers.SerializerMethodField(help_text="The articles that name it, in the API.")
    mentions_csv_url = serializers.SerializerMethodField(help_text="Every mention of it, as CSV.")
    filter_name = ""
    mentions_csv_view_name = ""

    @extend_schema_field(OpenApiTypes.URI)
    def get_articles_api_url(self, entity) -> str:
        return self._absolute(f"{reverse('api:article-list')}?{self.filter_name}={entity.slug}")

    @extend_schema_field(OpenApiTypes.URI)
    def get_mentions_csv_url(self, entity) -> str:
        return self._absolute(reverse(self.mentions_csv_view_name, args=[entity.slug]))


_ENTITY_FIELDS = [
    "slug", "name", "name_en", "kind", "kind_label", "description", "aliases", "article_count",
    "url", "api_url", "articles_api_url", "mentions_csv_url",
]  # fmt: skip


class ActorSerializer(_EntitySerializer):
    """A person, organisation, armed group or government the articles name."""

    api_view_name = "api:actor-detail"
    filter_name = "actor"
    mentions_csv_view_name = "actor_mentions_csv"

    class Meta:
        model = Actor
        fields = _ENTITY_FIELDS


class PlaceSerializer(_EntitySerializer):
    """A country, city, town, region, site or sea the articles name."""

    api_view_name = "api:place-detail"
    filter_name = "place"
    mentions_csv_view_name = "place_mentions_csv"

    class Meta:
        model = Place
        fields = [*_ENTITY_FIELDS[:6], "latitude", "longitude", *_ENTITY_FIELDS[6:]]


class OtherVersionSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    url = serializers.URLField(help_text="Its page in the archive.")
    source = serializers.CharField(help_text="The publication, when known.")
    source_label = serializers.CharField(help_text="The publication as the pages name it (صحيفة عكاظ for okaz); as imported where the archive knows no name for it.")
    source_name = serializers.CharField(help_text="The file it was imported from.")
    published_on = serializers.DateField(allow_null=True)


class SearchHitSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    url = serializers.URLField(help_text="The article's page in the archive.")
    title = serializers.CharField()
    source_name = serializers.CharField(help_text="The file the article was imported from.")
    source = serializers.CharField(help_text="The publication, when known.")
    source_label = serializers.CharField(help_text="The publication as the pages name it (صحيفة عكاظ for okaz); as imported where the archive knows no name for it.")
    published_on = serializers.DateField(allow_null=True, help_text="The day it was published; null when unknown.")
    rank = serializers.FloatField(
        allow_null=True, help_text="Relevance (see docs/search.md); higher is better. Null in date order, which ranks nothing."
    )
    snippet = serializers.CharField(
        help_text="HTML: the best matching stretch of the body, escaped, each match in <mark>, "
        "each run of Latin words inside Arabic in a <bdi dir=\"ltr\">; a snippet without Arabic in a <bdi> of its own."
    )
    also_in = OtherVersionSerializer(
        many=True,
        help_text="The other articles of its group of near-duplicates (the same story in other papers or on other days), "
        "newest first, but for those shown as results of the same page; empty when it has none, and for a copy shown "
        "as a result of its own for its own headline after its group's best on the same page.",
    )


class SomeWordsHitSerializer(SearchHitSerializer):
    missing = serializers.ListField(
        child=serializers.CharField(),
        help_text="The part of the query the article lacks: its words as typed (two or more for words joined by or); "
        "empty where it cannot be told.",
    )


class SearchResponseSerializer(serializers.Serializer):
    count = serializers.IntegerField(
        help_text="How many articles match (see count_is_capped); results_count says how many results the pages hold."
    )
    count_is_capped = serializers.BooleanField(
        help_text="More articles match than are counted: count is the limit, and relevance ranks the newest of them."
    )
    timed_out = serializers.BooleanField(
        help_text="The search took longer than allowed and was stopped: results are empty, and the status is 503."
    )
    page = serializers.IntegerField()
    page_size = serializers.IntegerField()
    results_count = serializers.IntegerField(
        allow_null=True,
        help_text="How many results all pages hold in relevance order: a group of near-duplicates is one result, its best "
        "article, with the others in also_in (an article whose own title holds every word searched for, worded otherwise "
        "than the rest of its group, is a result of its own). Null in date order, and when more match than are ranked.",
    )
    relevance_limit = serializers.IntegerField(
        allow_null=True,
        help_text="In relevance order, where more match than are ranked: how many results the pages reach (the rest "
        "are reached in date order, sort=date). Null where the pages reach every match.",
    )
    also_matching = serializers.ListField(
        child=serializers.CharField(),
        help_text="Actors and places the query names: articles linked to them match in any spelling.",
    )
    suggestions = serializers.ListField(
        child=serializers.CharField(), help_text="When nothing matches: the query with misspelt words corrected."
    )
    query_cut = serializers.BooleanField(
        help_text="q was longer than 500 characters: its words up to that limit were searched (a word it cuts in two left out)."
    )
    results = SearchHitSerializer(many=True, help_text="Best match first (newest first with sort=date).")
    some_words = SomeWordsHitSerializer(
        many=True,
        help_text="Asked for with some_words=1 (else empty). On a first page in relevance order with room after every match, for a query of two to six parts: "
        "the best articles holding every part but one, to fill the page, best first; not matches, not counted. Else empty. "
        "Their rank is their score for the whole query, the part they lack adding nothing; it may be above a match's: they "
        "come after the results all the same.",
    )
    next = serializers.URLField(allow_null=True, help_text="The next page; null after the last.")


class ErrorSerializer(serializers.Serializer):
    """A refused request, of the search or of a list, in one shape (`api.errors`)."""

    error = serializers.CharField(help_text="The first refused parameter and what is wrong with it, in a sentence.")
    errors = serializers.DictField(
        child=serializers.ListField(child=serializers.CharField()), help_text="Each refused parameter with what is wrong with it."
    )


class NotFoundSerializer(serializers.Serializer):
    detail = serializers.CharField(help_text="No such record, or a page past the last.")
