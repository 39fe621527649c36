"""An article's text → what the archive derives from it, in Python, without the database:
its search text (title, lead, body, the entities it names), shingles, mentions, the keys
that find its near-duplicates and the search forms the vocabulary counts it for. `services` writes what this computes."""

import hashlib
from collections.abc import Collection
from dataclasses import dataclass, field

from libya_archive.archive.arabic import Token, search_document, tokenize
from libya_archive.archive.linking import EntityKey, FoundMention, Gazetteer, entity_search_text, find_mentions
from libya_archive.archive.models import DERIVED_TEXT_FIELDS
from libya_archive.archive.near_duplicates import article_keys, shingles
from libya_archive.archive.postgres import integer_array_literal
from libya_archive.archive.word_shingles import article_shingles

# How many words open an article and weigh more in ranking than the rest of its body.
LEAD_WORDS = 60


@dataclass
class Derived:
    """What an article's title and body give the search index and the links."""

    search_title: str
    search_lead: str
    search_body: str
    search_entities: str
    title_as_written: str  # the title's normalized words, not reduced
    search_shingles: str  # as the array literal PostgreSQL reads, made where the words are at hand
    mentions: list[FoundMention]
    duplicate_keys: list[int] | None  # `near_duplicates.article_keys` of the title and body; None after re-linking, which keeps them
    # The names found of entities an editor said the article does not name (`RefusedLink`):
    # not links, but not new names either (`candidates`).
    refused: list[FoundMention] = field(default_factory=list)

    @property
    def forms(self) -> set[str]:
        """The distinct search forms of title and body: what the vocabulary counts it for."""
        return set(f"{self.search_title} {self.search_lead} {self.search_body}".split())

    def search_text(self) -> dict[str, str]:
        """The text derived, as `Article`'s fields."""
        return {field: getattr(self, field) for field in DERIVED_TEXT_FIELDS}


def content_hash(title: str, body: str, published_on, source: str, url: str, author: str = "") -> str:
    """What tells one article's content from another's: the same text under two file names
    is one article. The author counts only when known, so that the articles stored before
    authors were read keep their hash."""
    parts = [title, body, str(published_on or ""), source, url] + ([author] if author else [])
    return hashlib.sha256("\x1f".join(parts).encode()).hexdigest()


def search_fields(title: str, body: str, body_tokens: list[Token] | None = None) -> dict[str, str]:
    """The search text of an article's title and body, as `Article` stores it: the first
    LEAD_WORDS words of the body apart, since they weigh more (`body_tokens` if at hand)."""
    words = search_document(body, body_tokens).split(" ")
    title_tokens = tokenize(title)
    return {
        "search_title": search_document(title, title_tokens),
        "title_as_written": " ".join(token.form for token in title_tokens),
        "search_lead": " ".join(words[:LEAD_WORDS]),
        "search_body": " ".join(words[LEAD_WORDS:]),
    }


def derive(
    title: str, body: str, gazetteer: Gazetteer, body_tokens: list[Token] | None = None, refused: Collection[EntityKey] = ()
) -> Derived:
    """Everything an article derives, from one tokenization of its body; the entities in
    `refused` are not linked."""
    tokens = tokenize(body) if body_tokens is None else body_tokens
    fields = search_fields(title, body, tokens)
    mentions = find_mentions(body, gazetteer, tokens)
    keys = article_keys(title, shingles(fields["search_lead"], fields["search_body"]))
    return _with_mentions(fields, mentions, gazetteer, keys, refused)


def relinked(search_text: dict[str, str], body: str, gazetteer: Gazetteer, refused: Collection[EntityKey] = ()) -> Derived:
    """An article's derived data after the gazetteer changed: its words' search text as it
    stands (`search_text`, as `Article`'s fields), its mentions found again."""
    fields = {field: search_text[field] for field in ("search_title", "title_as_written", "search_lead", "search_body")}
    return _with_mentions(fields, find_mentions(body, gazetteer), gazetteer, None, refused)


def without_refused(derived: Derived, refused: Collection[EntityKey], gazetteer: Gazetteer) -> Derived:
    """`derived` (made without an editor's refusals at hand, in an import's worker) with the
    entities in `refused` not linked."""
    fields = {field: getattr(derived, field) for field in ("search_title", "title_as_written", "search_lead", "search_body")}
    return _with_mentions(fields, derived.mentions + derived.refused, gazetteer, derived.duplicate_keys, refused)


def _with_mentions(
    fields: dict[str, str], found: list[FoundMention], gazetteer: Gazetteer, keys: list[int] | None, refused: Collection[EntityKey]
) -> Derived:
    mentions = [mention for mention in found if mention.entity not in refused] if refused else found
    entities = entity_search_text(mentions, gazetteer)
    searched = [fields["search_title"], fields["search_lead"], fields["search_body"]]
    phrase_shingles = integer_array_literal(article_shingles([*searched, entities]))
    return Derived(
        **fields,
        search_entities=entities,
        search_shingles=phrase_shingles,
        mentions=mentions,
        duplicate_keys=keys,
        refused=[mention for mention in found if mention.entity in refused] if refused else [],
    )
