"""The archive's tables, a module per kind of thing:

articles   articles, their groups of near-duplicates, the search index's vocabulary and the imports counting into it
entities   actors and places, their names, their mentions and each article's set of them, the links editors refused, and the name work left to editors
readers    saved searches and failed logins
"""

from libya_archive.archive.models.articles import (
    DERIVED_TEXT_FIELDS,
    EXACT_COUNT_UP_TO,
    SEARCH_CONFIG,
    SEARCH_INDEX_NAME,
    SEARCH_TEXT_FIELDS,
    SHINGLES_INDEX_NAME,
    TITLE_INDEX_NAME,
    TITLE_WRITTEN_INDEX_NAME,
    TITLE_WRITTEN_VECTOR,
    VOCABULARY_FIELDS,
    Article,
    ArticleQuerySet,
    ImportRun,
    NearDuplicate,
    SearchTerm,
    ShinglesField,
    source_label,
    source_of,
)
from libya_archive.archive.models.entities import (
    PLACE_PAGES,
    Actor,
    ActorAlias,
    ActorMention,
    Alias,
    ArticleEntities,
    Mention,
    NameCandidate,
    NamedEntity,
    Place,
    PlaceAlias,
    PlaceMention,
    RefusedLink,
    RelinkRequest,
)
from libya_archive.archive.models.readers import FailedLogin, SavedSearch

__all__ = [
    "DERIVED_TEXT_FIELDS", "EXACT_COUNT_UP_TO", "PLACE_PAGES", "SEARCH_CONFIG", "SEARCH_INDEX_NAME", "SEARCH_TEXT_FIELDS", "SHINGLES_INDEX_NAME", "TITLE_INDEX_NAME",
    "TITLE_WRITTEN_INDEX_NAME", "TITLE_WRITTEN_VECTOR", "VOCABULARY_FIELDS", "Actor", "ActorAlias", "ActorMention", "Alias", "Article", "ArticleEntities", "ArticleQuerySet", "FailedLogin", "ImportRun", "Mention",
    "NameCandidate", "NearDuplicate", "NamedEntity", "Place", "PlaceAlias", "PlaceMention", "RefusedLink", "RelinkRequest", "SavedSearch", "SearchTerm",
    "ShinglesField", "source_label", "source_of",
]  # fmt: skip
