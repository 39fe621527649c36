"""Finding the actors and places an article names, and recording them as mentions.

The gazetteer is a trie keyed by normalized words: every alias is a path of words from
the root. Walking it from each word of a text costs a few dictionary look-ups per word,
however many aliases there are, so linking time grows with the text, not the gazetteer.
"""

import time
from collections import Counter
from collections.abc import Iterable
from functools import reduce
from itertools import compress, count
from operator import or_
from typing import NamedTuple

from django.contrib.postgres.search import SearchQuery
from django.db import connection, transaction
from django.db.models import Count, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce

from libya_archive.archive.arabic import Token, form_of, original_offset, proclitic_readings, search_document, tokenize
from libya_archive.archive.models import (
    SEARCH_CONFIG,
    SEARCH_TEXT_FIELDS,
    Actor,
    ActorAlias,
    ActorMention,
    Article,
    Place,
    PlaceAlias,
    PlaceMention,
    RelinkRequest,
    copy_rows,
    integer_array_literal,
)
from libya_archive.archive.page_cache import archive_changed
from libya_archive.archive.word_shingles import phrase_shingles

# An entity is referred to as ("actor", id) or ("place", id).
EntityKey = tuple[str, int]
_END = None  # the trie key under which a node stores the entity its path spells


class FoundMention(NamedTuple):
    """A name found in a text: where it stands (end exclusive) and whose it is.

    A named tuple because the importer's workers send tens of them an article to the
    process that writes: a dataclass took four times as long to unpickle."""

    start: int
    end: int
    entity: EntityKey


class Gazetteer:
    def __init__(self, aliases: Iterable[tuple[str, EntityKey]], names: dict[EntityKey, str]):
        self.trie: dict = {}
        self.names = names
        for alias, entity in aliases:
            node = self.trie
            for token in tokenize(alias):
                node = node.setdefault(token.form, {})
            if node is not self.trie:
                node.setdefault(_END, entity)
        self.name_starts = _NameStarts(self.trie)

    def __len__(self) -> int:
        return len(self.names)


class _NameStarts(dict):
    """Word form → the readings of it that begin a name: (proclitic letters, trie node) pairs.

    Most words begin none; remembering that per word form keeps linking cheap. A dict
    that fills itself, so that looking a text's words up runs in C (see `names_in_words`).
    """

    def __init__(self, trie: dict):
        super().__init__()
        self.trie = trie

    def __missing__(self, form: str) -> tuple[tuple[int, dict], ...]:
        found = tuple((skip, self.trie[word]) for skip, word in proclitic_readings(form) if word in self.trie)
        self[form] = found
        return found


_cached: tuple[float, Gazetteer] | None = None
GAZETTEER_CACHE_SECONDS = 60


def cached_gazetteer() -> Gazetteer:
    """The gazetteer for reading queries, rebuilt at most once a minute per process
    (and at once in the process that edits it, see `forget_cached_gazetteer`)."""
    global _cached
    if _cached is None or time.monotonic() - _cached[0] > GAZETTEER_CACHE_SECONDS:
        _cached = (time.monotonic(), load_gazetteer())
    return _cached[1]


def forget_cached_gazetteer() -> None:
    global _cached
    _cached = None


def load_gazetteer() -> Gazetteer:
    """The gazetteer as the database holds it now: every alias and every entity's own name."""
    names: dict[EntityKey, str] = {}
    aliases: list[tuple[str, EntityKey]] = []
    for kind, entity_model, alias_model, field in (
        ("actor", Actor, ActorAlias, "actor_id"),
        ("place", Place, PlaceAlias, "place_id"),
    ):
        for pk, name in entity_model.objects.values_list("pk", "name"):
            names[(kind, pk)] = name
        aliases += [(alias, (kind, pk)) for alias, pk in alias_model.objects.values_list("name", field)]
    aliases += [(name, entity) for entity, name in names.items()]
    return Gazetteer(aliases, names)


def _longest_name(tokens: list[Token], index: int, gazetteer: Gazetteer, joined) -> tuple[int, int, EntityKey] | None:
    """The longest name starting at tokens[index]: (its last token, proclitic letters, entity).

    `joined(i)` says whether tokens[i - 1] and tokens[i] may belong to one name.
    """
    best = None
    for skip, node in gazetteer.name_starts[tokens[index].form]:
        last = index
        while node is not None:
            if _END in node and (best is None or last > best[0]):
                best = (last, skip, node[_END])
            last += 1
            if last == len(tokens) or not joined(last):
                break
            node = node.get(tokens[last].form)
    return best


def find_mentions(text: str, gazetteer: Gazetteer, tokens: list[Token] | None = None) -> list[FoundMention]:
    """Every name the gazetteer knows in `text` (whose `tokens` may be given), longest
    first, never overlapping.

    A name may carry attached proclitics (وحفتر, للأمم المتحدة); the mention then starts
    after them, so the link covers the name itself. Words of a name must be separated
    by white space only: a name does not run across punctuation.
    """
    tokens = tokenize(text) if tokens is None else tokens
    names = names_in_words(tokens, gazetteer, joined=lambda i: text[tokens[i - 1].end : tokens[i].start].isspace())
    return [
        FoundMention(original_offset(text, tokens[first], skip), tokens[last].end, entity)
        for first, last, skip, entity in names
    ]


def names_in_words(tokens: list[Token], gazetteer: Gazetteer, joined=lambda i: True) -> list[tuple[int, int, int, EntityKey]]:
    """The names a run of words spells: (first word, last word, proclitic letters, entity).

    `joined(i)` says whether tokens[i - 1] and tokens[i] may belong to one name.
    """
    names = []
    after_last = 0
    # Only the few words that may begin a name are walked from; they are picked out in C.
    for index in compress(count(), map(gazetteer.name_starts.__getitem__, map(form_of, tokens))):
        if index < after_last:
            continue
        found = _longest_name(tokens, index, gazetteer, joined)
        if found is not None:
            last, skip, entity = found
            names.append((index, last, skip, entity))
            after_last = last + 1
    return names


def entity_token(entity: EntityKey) -> str:
    """The index word an article holds for each mention of an entity, whatever its spelling."""
    kind, pk = entity
    return f"entity{kind}{pk}"


def entities_in_search_text(search_entities: str) -> set[EntityKey]:
    """The entities whose tokens an article's entity search text (`entity_search_text`) holds.

    Facets read this for a thousand articles a search, so only the tokens, which come first,
    are split, and each distinct one is read by slicing: "entity", then "actor" or "place"
    (five letters both), then the id.
    """
    last_token = search_entities.rfind("entity")
    if last_token < 0:
        return set()
    tokens_end = search_entities.find(" ", last_token)
    entities = set()
    for token in set(search_entities[: tokens_end if tokens_end >= 0 else None].split()):
        kind, number = token[6:11], token[11:]
        if kind in ("actor", "place") and token.startswith("entity") and number.isascii() and number.isdigit():
            entities.add((kind, int(number)))
    return entities


def entity_search_text(found: list[FoundMention], gazetteer: Gazetteer) -> str:
    """What an article's mentions add to its search index (`Article.search_entities`): one
    entity token per mention (so a search for an entity finds every spelling, and more
    mentions rank higher), then the entities' own names, weighted above the body."""
    entity_names = dict.fromkeys(gazetteer.names[m.entity] for m in found)
    tokens = " ".join(entity_token(m.entity) for m in found)
    return f"{tokens} {search_document(' '.join(entity_names))}".strip()


def replace_mentions(found_by_article: dict[int, list[FoundMention]], *, new: Iterable[int] = ()) -> None:
    """Make the mention rows of these articles (by id) exactly the ones found. Articles in
    `new` were just inserted and have no rows yet: nothing of theirs is looked up.

    Rows already as found are left alone: re-linking after an alias edit changes a mention
    or two of an article's dozens, and each row written costs its index entries."""
    new = set(new)
    stored = _stored_mentions([article_id for article_id in found_by_article if article_id not in new])
    # In text order, so that an article's rows are written side by side.
    wanted = dict.fromkeys((article_id, m.start, m.end, m.entity) for article_id, found in found_by_article.items() for m in found)
    change = Counter(entity for _, entity in _article_entities(wanted))
    change.subtract(entity for _, entity in _article_entities(stored))
    add_to_article_counts(change)
    archive_changed()
    for kind, model in (("actor", ActorMention), ("place", PlaceMention)):
        table = model._meta.db_table
        gone = [row_id for mention, row_id in stored.items() if mention[3][0] == kind and mention not in wanted]
        if gone:
            with connection.cursor() as cursor:
                cursor.execute(f"DELETE FROM {table} WHERE id = ANY(%s)", [gone])
        # COPY rather than INSERT: an import writes tens of mentions per article.
        added = (mention for mention in wanted if mention[3][0] == kind and mention not in stored)
        rows = ((article_id, start, end, entity[1]) for article_id, start, end, entity in added)
        copy_rows(table, ["article_id", "start", "end", f"{kind}_id"], rows)


def _article_entities(mentions: Iterable[tuple[int, int, int, EntityKey]]) -> set[tuple[int, EntityKey]]:
    """(article, entity) once for each entity an article mentions, however often."""
    return {(article_id, entity) for article_id, _, _, entity in mentions}


def _stored_mentions(article_ids: list[int]) -> dict[tuple[int, int, int, EntityKey], int]:
    """The mentions these articles have now, (article, start, end, entity) → row id."""
    if not article_ids:
        return {}
    stored = {}
    for kind, model in (("actor", ActorMention), ("place", PlaceMention)):
        rows = model.objects.filter(article_id__in=article_ids).values_list("id", "article_id", "start", "end", f"{kind}_id")
        stored |= {(article_id, start, end, (kind, pk)): row_id for row_id, article_id, start, end, pk in rows}
    return stored


def add_to_article_counts(change: Counter[EntityKey]) -> None:
    """Apply changes to entities' article counts (inside a transaction): one statement a
    kind, not one an entity, which was a fifth of an import's writing. The rows are locked
    in id order first, so that imports running side by side never wait on each other in a
    circle."""
    for kind, model in (("actor", Actor), ("place", Place)):
        deltas = sorted((pk, delta) for (of_kind, pk), delta in change.items() if of_kind == kind and delta)
        if not deltas:
            continue
        ids = [pk for pk, _ in deltas]
        # The lock the UPDATE takes (no key update), so that inserting a mention of the entity
        # elsewhere, which only shares the key, does not wait for it.
        list(model.objects.filter(pk__in=ids).order_by("pk").select_for_update(no_key=True).values_list("pk"))
        table = model._meta.db_table
        with connection.cursor() as cursor:
            cursor.execute(
                f"UPDATE {table} SET article_count = article_count + change.delta "
                f"FROM unnest(%s::bigint[], %s::integer[]) AS change(id, delta) WHERE {table}.id = change.id",
                [ids, [delta for _, delta in deltas]],
            )


def recount_articles(entities: Iterable[Actor | Place] | None = None) -> None:
    """Count afresh how many articles mention each of `entities` (all when None)."""
    for model in (Actor, Place):
        chosen = model.objects.all()
        if entities is not None:
            chosen = chosen.filter(pk__in=[e.pk for e in entities if isinstance(e, model)])
        mentions = model.mentions.rel.related_model.objects.filter(**{model.__name__.lower(): OuterRef("pk")})
        counted = mentions.order_by().values(model.__name__.lower()).annotate(n=Count("article_id", distinct=True)).values("n")
        chosen.update(article_count=Coalesce(Subquery(counted), 0))
    archive_changed()


def link_article(article: Article, gazetteer: Gazetteer) -> None:
    """Replace a stored article's mentions with those found in its body now."""
    link_articles([article], gazetteer)


def link_articles(articles: list[Article], gazetteer: Gazetteer) -> None:
    """Replace stored articles' mentions with those found in their bodies now, in one
    transaction. An article whose entities come out as before keeps its search text, so
    PostgreSQL does not compute its search vector again. The articles must hold their
    search text (`SEARCH_TEXT_FIELDS`): their shingles are made from it."""
    found = {article.pk: find_mentions(article.body, gazetteer) for article in articles}
    for article in articles:
        article.search_entities = entity_search_text(found[article.pk], gazetteer)
        article.update_search_shingles()
    with transaction.atomic(), connection.cursor() as cursor:
        replace_mentions(found)
        cursor.execute(
            f"UPDATE {Article._meta.db_table} AS article "
            "SET search_entities = linked.text, search_shingles = linked.shingles::integer[] "
            "FROM unnest(%s::bigint[], %s::text[], %s::text[]) AS linked (id, text, shingles) "
            "WHERE article.id = linked.id AND article.search_entities IS DISTINCT FROM linked.text",
            [
                [article.pk for article in articles],
                [article.search_entities for article in articles],
                # As array literals: unnest would flatten arrays of arrays.
                [integer_array_literal(article.search_shingles) for article in articles],
            ],
        )


def articles_naming(names: Iterable[str]):
    """Articles whose text may contain any of `names`, found through the search index (and
    the shingles index for names of several words)."""
    holding = []
    for phrase in filter(None, map(search_document, names)):
        holds_phrase = Q(search_vector=SearchQuery(phrase, search_type="phrase", config=SEARCH_CONFIG))
        if shingles := phrase_shingles(phrase.split(" ")):
            holds_phrase &= Q(search_shingles__contains=shingles)
        holding.append(holds_phrase)
    return Article.objects.filter(reduce(or_, holding)) if holding else Article.objects.none()


RELINK_BATCH = 500
# An edit that may change more articles than this is re-linked by `manage.py relink_pending`
# rather than in the editor's request: at about 8 ms an article at 1M (bench/RESULTS.md),
# more would keep the editor waiting over 2 s, and past the server's request timeout the
# whole edit would be lost.
RELINK_AT_ONCE = 250


def relink_or_queue(entity: Actor | Place, changed_names: Iterable[str] | None = None) -> tuple[int, bool]:
    """Re-link what an edit of `entity` changes (see `relink_entity`) now if that is a few
    articles, or else leave a `RelinkRequest` for `relink_pending`, committed with the edit.
    Returns (articles re-linked, or RELINK_AT_ONCE + 1 when queued; queued)."""
    names = None if changed_names is None else sorted(changed_names)
    # Counted only as far as the limit: the indexes find a name's articles in milliseconds,
    # where reading all of a common word's would take seconds.
    naming = articles_naming(names if names is not None else _names_of(entity)).order_by()
    touched = naming[: RELINK_AT_ONCE + 1].count() + (entity.article_count if names is None else 0)
    if touched <= RELINK_AT_ONCE:
        return relink_entity(entity, names), False
    RelinkRequest.objects.create(**{type(entity).__name__.lower(): entity}, names=names)
    return RELINK_AT_ONCE + 1, True


def relink_pending() -> int:
    """Carry out the queued re-linking requests, oldest first; return how many.

    Each request's articles are committed 500 at a time and the request is deleted when
    all are done, so one stopped half way is simply done again (re-linking is idempotent).
    """
    done = 0
    while request := RelinkRequest.objects.select_related("actor", "place").first():
        relink_entity(request.entity, request.names)
        request.delete()
        done += 1
    return done


def _names_of(entity: Actor | Place) -> list[str]:
    return [entity.name, *entity.aliases.values_list("name", flat=True)]


def relink_entity(entity: Actor | Place, changed_names: Iterable[str] | None = None) -> int:
    """Re-link every article an edit of `entity` can change; return how many.

    When the edit added, removed or respelled aliases only, `changed_names` lists them
    (old and new spellings): the articles whose text holds one of those are all it can
    change. Otherwise (a new entity, a merge, a new name, which every article mentioning it
    carries in its search text) those are the articles that mention it now and those whose
    text holds any of its names.
    """
    if changed_names is None:
        article_ids = set(articles_naming(_names_of(entity)).values_list("pk", flat=True))
        article_ids |= set(entity.mentions.order_by().values_list("article_id", flat=True).distinct())
    else:
        article_ids = set(articles_naming(changed_names).values_list("pk", flat=True))
    forget_cached_gazetteer()
    ordered = sorted(article_ids)
    for first in range(0, len(ordered), RELINK_BATCH):
        chosen = ordered[first : first + RELINK_BATCH]
        with transaction.atomic():
            # Locked, in id order, so that re-linkings of the same articles (the background
            # worker's and an editor's) take turns, each seeing what the other wrote; and the
            # gazetteer read after the lock, so an edit saved during a long re-linking counts.
            chosen_articles = Article.objects.filter(pk__in=chosen).order_by("pk").select_for_update()
            articles = list(chosen_articles.only("pk", "body", *SEARCH_TEXT_FIELDS))
            link_articles(articles, load_gazetteer())
    return len(article_ids)
