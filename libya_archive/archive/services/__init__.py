"""Every write that changes what an article derives: its search text and shingles, its
mentions, its group of near-duplicates, the entities' article counts, the vocabulary and the
archive's editions.

The importer, the admin and the management commands write through these functions and
nothing else does, so each write keeps all of that right in one transaction. What is
derived is computed by `analysis`; raw PostgreSQL mechanics live in `postgres`.

articles     the importer's batch, an editor's save, deletion and refused links, re-linking, re-indexing
mentions     mention rows, the entities' article counts and each article's set of entities
entities     edits, deletions and merges of actors and places, and what they re-link
vocabulary   search form → how many articles hold it
near_duplicates   which articles hold the same text, as groups search shows once
"""

from libya_archive.archive.services.articles import (
    article_save,
    articles_delete,
    articles_reindex,
    articles_relink,
    articles_store,
)
from libya_archive.archive.services.entities import (
    actor_from_candidate,
    alias_add,
    alias_take_over,
    entity_delete,
    entity_merge,
    entity_saved,
    names_changed,
    relink_entity,
    relink_or_queue,
    relink_pending,
    unique_slug,
)
from libya_archive.archive.services.mentions import entities_recount, entity_sets_named, entity_sets_refresh, replace_mentions
from libya_archive.archive.services.near_duplicates import near_duplicates_forget, near_duplicates_place, near_duplicates_regroup
from libya_archive.archive.services.vocabulary import import_counting_vocabulary, vocabulary_add, vocabulary_refresh

__all__ = [
    "actor_from_candidate", "alias_add", "alias_take_over", "article_save", "articles_delete", "import_counting_vocabulary",
    "articles_reindex", "articles_relink", "articles_store", "entities_recount", "entity_delete", "entity_merge", "entity_sets_named", "entity_sets_refresh",
    "entity_saved", "names_changed", "near_duplicates_forget", "near_duplicates_place", "near_duplicates_regroup", "relink_entity", "relink_or_queue", "relink_pending", "replace_mentions",
    "unique_slug", "vocabulary_add", "vocabulary_refresh",
]  # fmt: skip
