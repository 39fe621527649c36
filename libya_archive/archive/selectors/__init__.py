"""What the pages read, and nothing writes through (writes go through `services`).

articles   an article's body with its links, its other versions, newest-first pages of a
           list and how many articles there are, a search's filters as a reader calls them, the articles holding a name,
           the links editors refused and may refuse
entities   an actor's or place's record, articles, mentions in context and company, the
           indexes and the map, and what a spelling would link before an editor saves it
"""

from libya_archive.archive.selectors.articles import (
    CursorPage,
    NamesInArticle,
    articles_naming,
    articles_total,
    describe_filters,
    linked_paragraphs,
    names_in_article,
    newest_articles,
    other_versions,
    refusable_in,
    refused_links,
    with_versions_group,
)
from libya_archive.archive.selectors.entities import (
    PREVIEW_ARTICLES,
    Company,
    MentionLine,
    SpellingPreview,
    companion_sample,
    company,
    entity_articles,
    entity_by_slug,
    entity_index,
    mention_lines,
    mention_snippets,
    mentions_in_context,
    places_to_map,
    spelling_preview,
)

__all__ = [
    "PREVIEW_ARTICLES",
    "Company",
    "CursorPage",
    "MentionLine",
    "NamesInArticle",
    "SpellingPreview",
    "articles_naming",
    "articles_total",
    "company",
    "companion_sample",
    "describe_filters",
    "entity_articles",
    "entity_by_slug",
    "entity_index",
    "linked_paragraphs",
    "mention_lines",
    "mention_snippets",
    "mentions_in_context",
    "names_in_article",
    "newest_articles",
    "other_versions",
    "refusable_in",
    "refused_links",
    "places_to_map",
    "spelling_preview",
    "with_versions_group",
]
