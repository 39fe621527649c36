"""Every write that changes what an article derives: its search text and shingles, its
mentions, the entities' article counts, the vocabulary and the archive's editions.

The importer, the admin and the management commands write through these functions and
nothing else does, so each write keeps all of that right in one transaction. What is
derived is computed by `analysis`; raw PostgreSQL mechanics live in `postgres`.
"""

from collections import Counter
from collections.abc import Iterable
from functools import reduce
from operator import or_
from typing import TYPE_CHECKING

from django.conf import settings
from django.contrib.postgres.search import SearchQuery
from django.db import connection, transaction
from django.db.models import Count, OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.text import slugify

from libya_archive.archive.analysis import Derived, derive, relinked
from libya_archive.archive.arabic import normalize_arabic, search_document
from libya_archive.archive.candidates import record_candidates
from libya_archive.archive.editions import archive_changed
from libya_archive.archive.linking import EntityKey, FoundMention, Gazetteer, load_gazetteer
from libya_archive.archive.models import (
    SEARCH_CONFIG,
    SEARCH_TEXT_FIELDS,
    VOCABULARY_FIELDS,
    Actor,
    ActorMention,
    Article,
    NameCandidate,
    Place,
    PlaceMention,
    RelinkRequest,
    SearchTerm,
)
from libya_archive.archive.postgres import VOCABULARY_LOCK, copy_rows, lock_in_turn, next_ids
from libya_archive.archive.word_shingles import phrase_shingles

if TYPE_CHECKING:
    from libya_archive.archive.importing import PreparedArticle

Entity = Actor | Place
RELINK_BATCH = 500


# Articles


_WRITTEN_FIELDS = [
    "title", "body", "published_on", "source", "url", "content_hash",
    "search_title", "search_lead", "search_body", "search_entities", "search_shingles", "updated_at",
]  # fmt: skip


def articles_store(batch: list["PreparedArticle"]) -> list[tuple[str, str]]:
    """Store a batch of prepared articles in one transaction: new ones inserted, changed
    ones updated. Keyed by source name; a content already stored under another name is
    skipped. Returns each one's (status, message): imported, updated, unchanged or skipped."""
    names = [prepared.source_name for prepared in batch]
    existing = {a.source_name: a for a in Article.objects.filter(source_name__in=names).only("pk", "source_name", "content_hash")}
    holders = dict(
        Article.objects.filter(content_hash__in=[p.content_hash for p in batch]).values_list("content_hash", "source_name")
    )
    outcomes, new, changed = [], [], []
    for prepared in batch:
        name = prepared.source_name
        article = existing.get(name)
        holder = holders.get(prepared.content_hash)
        if article is not None and article.content_hash == prepared.content_hash:
            outcomes.append(("unchanged", ""))
        elif holder is not None and holder != name:
            outcomes.append(("skipped", f"same content as {holder}, already imported"))
        else:
            holders[prepared.content_hash] = name  # a later file of the batch with this content is a twin
            stored = _filled(article or Article(source_name=name), prepared)
            (new if article is None else changed).append((stored, prepared))
            outcomes.append(("imported" if article is None else "updated", ""))
    if not new and not changed:
        return outcomes
    with transaction.atomic():
        now = timezone.now()
        _copy_new([article for article, _ in new], now)
        # Read before their text is replaced.
        vocabulary = _vocabulary_change({article.pk: prepared.derived.forms for article, prepared in changed})
        for article, _ in changed:
            article.updated_at = now
        Article.objects.bulk_update([article for article, _ in changed], _WRITTEN_FIELDS, batch_size=500)
        written = new + changed
        replace_mentions(
            {article.pk: prepared.derived.mentions for article, prepared in written}, new=[article.pk for article, _ in new]
        )
        record_candidates(
            Counter(name for _, prepared in new for name, _ in prepared.candidates),
            {name: (article.pk, sentence) for article, prepared in new for name, sentence in prepared.candidates},
        )
        # Last, as an editor's save takes the vocabulary's lock after the entities' rows.
        vocabulary_add(vocabulary)
    return outcomes


def _filled(article: Article, prepared: "PreparedArticle") -> Article:
    parsed = prepared.parsed
    article.title, article.body = parsed.title, parsed.body
    article.published_on, article.source, article.url = parsed.published_on, parsed.source, parsed.url
    article.content_hash = prepared.content_hash
    _set_search_text(article, prepared.derived)
    return article


def _set_search_text(article: Article, derived: Derived) -> None:
    for field, text in derived.search_text().items():
        setattr(article, field, text)
    article.search_shingles = derived.search_shingles


def _copy_new(articles: list[Article], now) -> None:
    """Insert new articles with COPY, their ids drawn from the table's sequence first. A
    batch as one INSERT statement is some 3 MB of SQL for PostgreSQL to parse."""
    if not articles:
        return
    table = Article._meta.db_table
    for article, pk in zip(articles, next_ids(table, len(articles)), strict=True):
        article.pk, article.created_at, article.updated_at = pk, now, now
    fields = [Article._meta.get_field(name) for name in ["id", "source_name", "created_at", *_WRITTEN_FIELDS]]
    # A file another import stored a moment before raises a DatabaseError here, which sends
    # the batch to be written file by file.
    rows = ([field.get_db_prep_save(field.value_from_object(article), connection) for field in fields] for article in articles)
    copy_rows(table, [field.column for field in fields], rows)


def _vocabulary_change(forms_after: dict[int, set[str]]) -> Counter[str]:
    """How the vocabulary's counts move when these stored articles (by id) take text with
    `forms_after`. Their rows stay locked until the transaction commits, so that no other
    writer counts the same change from the same old text; in order of id, as re-linking
    locks them. One deleted meanwhile has no old text to count."""
    stored = Article.objects.select_for_update().filter(pk__in=forms_after).order_by("pk").only(*VOCABULARY_FIELDS)
    change: Counter[str] = Counter()
    for article in stored:
        before, after = article.search_forms(), forms_after[article.pk]
        change.update(after - before)
        change.subtract(before - after)
    return change


def article_save(article: Article) -> None:
    """Save an article as an editor changed it (or a new one), its derived data with it."""
    derived = derive(article.title, article.body, load_gazetteer())
    with transaction.atomic():
        vocabulary = _vocabulary_change({article.pk: derived.forms}) if article.pk else Counter(derived.forms)
        _set_search_text(article, derived)
        article.save()
        replace_mentions({article.pk: derived.mentions})
        vocabulary_add(vocabulary)


def articles_delete(articles: QuerySet[Article]) -> int:
    """Delete these articles, taking them out of the entities' counts and the vocabulary."""
    with transaction.atomic():
        ids = list(articles.select_for_update().order_by("pk").values_list("pk", flat=True))
        replace_mentions(dict.fromkeys(ids, []))
        gone = Counter(form for article in Article.objects.filter(pk__in=ids).only(*VOCABULARY_FIELDS) for form in article.search_forms())
        vocabulary_add(Counter({form: -articles for form, articles in gone.items()}))
        Article.objects.filter(pk__in=ids).delete()
    return len(ids)


def articles_relink(articles: list[Article], gazetteer: Gazetteer) -> None:
    """Find the mentions of stored articles again, after the gazetteer changed, in one
    transaction. The articles must hold their search text (`SEARCH_TEXT_FIELDS`). One whose
    entities come out as before keeps its search text, so PostgreSQL does not compute its
    search vector again."""
    derived = {article.pk: relinked({f: getattr(article, f) for f in SEARCH_TEXT_FIELDS}, article.body, gazetteer) for article in articles}
    with transaction.atomic(), connection.cursor() as cursor:
        replace_mentions({pk: found.mentions for pk, found in derived.items()})
        # One statement for the batch, which the ORM's bulk_update would write as a CASE per column.
        cursor.execute(
            f"UPDATE {Article._meta.db_table} AS article "
            "SET search_entities = linked.text, search_shingles = linked.shingles::integer[] "
            "FROM unnest(%s::bigint[], %s::text[], %s::text[]) AS linked (id, text, shingles) "
            "WHERE article.id = linked.id AND article.search_entities IS DISTINCT FROM linked.text",
            [list(derived), [found.search_entities for found in derived.values()], [found.search_shingles for found in derived.values()]],
        )


# Mentions and the entities' article counts


def replace_mentions(found_by_article: dict[int, list[FoundMention]], *, new: Iterable[int] = ()) -> None:
    """Make the mention rows of these articles (by id) exactly the ones found, and the
    entities' article counts follow. Articles in `new` were just inserted and have no rows
    yet. Rows already as found are left alone: re-linking after an alias edit changes a
    mention or two of an article's dozens, and each row written costs its index entries."""
    new = set(new)
    stored = _stored_mentions([article_id for article_id in found_by_article if article_id not in new])
    # In text order, so that an article's rows are written side by side.
    wanted = dict.fromkeys((article_id, m.start, m.end, m.entity) for article_id, found in found_by_article.items() for m in found)
    change = Counter(entity for _, entity in _article_entities(wanted))
    change.subtract(entity for _, entity in _article_entities(stored))
    _add_to_article_counts(change)
    archive_changed()
    for kind, model in (("actor", ActorMention), ("place", PlaceMention)):
        table = model._meta.db_table
        gone = [row_id for mention, row_id in stored.items() if mention[3][0] == kind and mention not in wanted]
        if gone:
            model.objects.filter(pk__in=gone).delete()
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


def _add_to_article_counts(change: Counter[EntityKey]) -> None:
    """Apply changes to entities' article counts: one statement a kind. The rows are locked
    in id order first, so that imports running side by side never wait in a circle."""
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
            # Raw: the ORM has no UPDATE … FROM unnest(…), and one UPDATE an entity was a fifth of an import.
            cursor.execute(
                f"UPDATE {table} SET article_count = article_count + change.delta "
                f"FROM unnest(%s::bigint[], %s::integer[]) AS change(id, delta) WHERE {table}.id = change.id",
                [ids, [delta for _, delta in deltas]],
            )


def entities_recount(entities: Iterable[Entity] | None = None) -> None:
    """Count afresh how many articles mention each of `entities` (all when None)."""
    for model in (Actor, Place):
        chosen = model.objects.all()
        if entities is not None:
            chosen = chosen.filter(pk__in=[e.pk for e in entities if isinstance(e, model)])
        field = model._meta.model_name
        mentions = model.mentions.rel.related_model.objects.filter(**{field: OuterRef("pk")})
        counted = mentions.order_by().values(field).annotate(n=Count("article_id", distinct=True)).values("n")
        chosen.update(article_count=Coalesce(Subquery(counted), 0))
    archive_changed()


# Entities: what an editor's edit re-links


def names_changed() -> None:
    """An actor, place or alias changed outside the functions below (the gazetteer file)."""
    archive_changed(names=True)


def entity_saved(entity: Entity, changed_names: Iterable[str] | None = None) -> tuple[int, bool]:
    """Re-link what an edit of `entity` (already saved) changes: `changed_names`, the
    spellings added, removed or respelled, or None for a new entity or a new name. Now if
    that is a few articles, or else queued (`relink_or_queue`)."""
    archive_changed(names=True)
    return relink_or_queue(entity, changed_names)


def entity_delete(entities: Iterable[Entity]) -> int:
    """Delete actors or places; the articles that named them lose their links and, in their
    search text, the tokens and names. Re-linked now, or queued by their names when many."""
    total = 0
    with transaction.atomic():
        archive_changed(names=True)
        for entity in entities:
            names = _names_of(entity)
            article_ids = set(entity.mentions.order_by().values_list("article_id", flat=True).distinct())
            entity.delete()
            if len(article_ids) <= settings.RELINK_AT_ONCE:
                _relink_ids(article_ids)
            else:
                RelinkRequest.objects.create(names=names)
            total += len(article_ids)
    return total


def entity_merge(target: Entity, others: list[Entity]) -> int:
    """Fold `others` into `target`: their names, aliases and mentions move to it, their
    URLs redirect to it, and they are deleted. Returns how many articles were re-linked."""
    field = target._meta.model_name
    with transaction.atomic():
        archive_changed(names=True)
        for other in others:
            if other.pk == target.pk:
                continue
            spellings = [alias.name for alias in other.aliases.all()]
            other.aliases.all().delete()
            for name in [*spellings, other.name, other.name_en]:
                alias_add(target, name)
            other.mentions.update(**{field: target})
            target.description = target.description or other.description
            target.former_slugs = [*target.former_slugs, other.slug, *other.former_slugs]
            other.delete()
        target.save()
    relinked = relink_entity(target)
    entities_recount([target])
    return relinked


def alias_add(entity: Entity, name: str) -> None:
    """Give `entity` the spelling `name`, unless it has it (or one that folds to it) already."""
    name = name.strip()
    alias_model = entity.aliases.model
    if name and not alias_model.objects.filter(normalized=normalize_arabic(name)).exists():
        alias_model(name=name, **{entity._meta.model_name: entity}).save()


def alias_take_over(entity: Entity, name: str) -> Entity | None:
    """Move the spelling `name` to `entity` from the actor or place of its kind that has it;
    return that one (None if none had it). The caller re-links the spelling's articles."""
    alias = entity.aliases.model.objects.filter(normalized=normalize_arabic(name.strip())).first()
    if alias is None:
        return None
    owner = getattr(alias, entity._meta.model_name)
    alias.delete()
    return owner


def unique_slug(model: type[Entity], name: str) -> str:
    """A slug for a new actor or place: the name as a URL says it (Arabic letters kept),
    numbered when another record has it."""
    base = slugify(name, allow_unicode=True) or model._meta.model_name
    slug, number = base, 1
    while model.objects.filter(Q(slug=slug) | Q(former_slugs__contains=[slug])).exists():
        number += 1
        slug = f"{base}-{number}"
    return slug


def actor_from_candidate(candidate: NameCandidate, *, name: str, kind: str) -> Actor:
    """Create an actor named as the candidate (its spelling in the text an alias) and link it."""
    with transaction.atomic():
        actor = Actor.objects.create(name=name, kind=kind, slug=unique_slug(Actor, name))
        alias_add(actor, candidate.name)
        candidate.delete()
        archive_changed(names=True)
    relink_entity(actor)
    return actor


def articles_naming(names: Iterable[str]) -> QuerySet[Article]:
    """Articles whose text may contain any of `names`, found through the search index (and
    the shingles index for names of several words)."""
    holding = []
    for phrase in filter(None, map(search_document, names)):
        holds_phrase = Q(search_vector=SearchQuery(phrase, search_type="phrase", config=SEARCH_CONFIG))
        if shingles := phrase_shingles(phrase.split(" ")):
            holds_phrase &= Q(search_shingles__contains=shingles)
        holding.append(holds_phrase)
    return Article.objects.filter(reduce(or_, holding)) if holding else Article.objects.none()


def relink_or_queue(entity: Entity, changed_names: Iterable[str] | None = None) -> tuple[int, bool]:
    """Re-link what an edit of `entity` changes (see `relink_entity`) now if that is a few
    articles, or else leave a `RelinkRequest` for `relink_pending`, committed with the edit.
    Returns (articles re-linked, or settings.RELINK_AT_ONCE + 1 when queued; queued)."""
    names = None if changed_names is None else sorted(changed_names)
    # Counted only as far as the limit: the indexes find a name's articles in milliseconds,
    # where reading all of a common word's would take seconds.
    naming = articles_naming(names if names is not None else _names_of(entity)).order_by()
    touched = naming[: settings.RELINK_AT_ONCE + 1].count() + (entity.article_count if names is None else 0)
    if touched <= settings.RELINK_AT_ONCE:
        return relink_entity(entity, names), False
    RelinkRequest.objects.create(**{entity._meta.model_name: entity}, names=names)
    return settings.RELINK_AT_ONCE + 1, True


def relink_pending() -> int:
    """Carry out the queued re-linking requests, oldest first; return how many. Each
    request's articles are committed a batch at a time and the request is deleted when all
    are done, so one stopped half way is simply done again (re-linking is idempotent)."""
    done = 0
    while request := RelinkRequest.objects.select_related("actor", "place").first():
        if request.entity is None:
            _relink_ids(set(articles_naming(request.names).values_list("pk", flat=True)))
        else:
            relink_entity(request.entity, request.names)
        request.delete()
        done += 1
    return done


def _names_of(entity: Entity) -> list[str]:
    return [entity.name, *entity.aliases.values_list("name", flat=True)]


def relink_entity(entity: Entity, changed_names: Iterable[str] | None = None) -> int:
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
    _relink_ids(article_ids)
    return len(article_ids)


def _relink_ids(article_ids: set[int]) -> None:
    ordered = sorted(article_ids)
    for first in range(0, len(ordered), RELINK_BATCH):
        chosen = ordered[first : first + RELINK_BATCH]
        with transaction.atomic():
            # Locked, in id order, so that re-linkings of the same articles (the background
            # worker's and an editor's) take turns, each seeing what the other wrote; and the
            # gazetteer read after the lock, so an edit saved during a long re-linking counts.
            chosen_articles = Article.objects.filter(pk__in=chosen).order_by("pk").select_for_update()
            articles_relink(list(chosen_articles.only("pk", "body", *SEARCH_TEXT_FIELDS)), load_gazetteer())


# The vocabulary: search form → how many articles hold it, for suggestions


def vocabulary_add(documents: Counter[str]) -> None:
    """Count articles into the vocabulary by their search forms, or, by negative counts,
    articles that no longer hold a form; a form no article holds leaves it."""
    added = sorted(word for word, articles in documents.items() if articles > 0)
    removed = sorted(word for word, articles in documents.items() if articles < 0)
    if not added and not removed:
        return
    table = SearchTerm._meta.db_table
    with transaction.atomic(), connection.cursor() as cursor:
        # Writers take turns, adding and removing each in sorted order, so that no two
        # (imports side by side, an editor) deadlock. Raw: upserts of counts by arrays.
        lock_in_turn(VOCABULARY_LOCK)
        if added:
            cursor.execute(
                f"INSERT INTO {table} (word, documents) SELECT * FROM unnest(%s::text[], %s::int[]) "
                f"ON CONFLICT (word) DO UPDATE SET documents = {table}.documents + EXCLUDED.documents",
                [added, [documents[word] for word in added]],
            )
        if removed:
            cursor.execute(
                f"UPDATE {table} SET documents = greatest({table}.documents + change.articles, 0) "
                "FROM unnest(%s::text[], %s::int[]) AS change (word, articles) "
                f"WHERE {table}.word = change.word",
                [removed, [documents[word] for word in removed]],
            )
            SearchTerm.objects.filter(word__in=removed, documents=0).delete()


def vocabulary_refresh() -> int:
    """Rebuild the archive's vocabulary from its search index; return how many words."""
    with transaction.atomic(), connection.cursor() as cursor:
        lock_in_turn(VOCABULARY_LOCK)
        SearchTerm.objects.all().delete()
        # ts_stat reads the words of every search vector: the ORM has no way to say it.
        cursor.execute(
            f"INSERT INTO {SearchTerm._meta.db_table} (word, documents) "
            "SELECT word, ndoc FROM ts_stat(%s) WHERE word NOT LIKE 'entity%%'",
            [f"SELECT search_vector FROM {Article._meta.db_table}"],
        )
        return cursor.rowcount
