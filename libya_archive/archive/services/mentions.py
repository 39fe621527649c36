"""Mention rows, and what moves with them: the entities' article counts and each article's
set of entities."""

from collections import Counter
from collections.abc import Iterable

from django.db import connection, transaction
from django.db.models import Count, OuterRef, Subquery
from django.db.models.functions import Coalesce

from libya_archive.archive.editions import archive_changed
from libya_archive.archive.linking import EntityKey, FoundMention
from libya_archive.archive.models import (
    Actor,
    ActorMention,
    Article,
    ArticleEntities,
    Place,
    PlaceMention,
)
from libya_archive.archive.postgres import copy_rows, integer_array_literal


def replace_mentions(found_by_article: dict[int, list[FoundMention]], *, new: Iterable[int] = ()) -> set[int]:
    """Make the mention rows of these articles (by id) exactly the ones found, and the
    entities' article counts follow; return the articles whose rows changed. Articles in
    `new` were just inserted and have no rows yet. Rows already as found are left alone:
    re-linking after an alias edit changes a mention or two of an article's dozens, and each
    row written costs its index entries."""
    new = set(new)
    stored = stored_mentions([article_id for article_id in found_by_article if article_id not in new])
    # In text order, so that an article's rows are written side by side.
    wanted = dict.fromkeys((article_id, m.start, m.end, m.entity) for article_id, found in found_by_article.items() for m in found)
    named = _article_entities(wanted)
    change = Counter(entity for _, entity in named)
    change.subtract(entity for _, entity in _article_entities(stored))
    _add_to_article_counts(change)
    differing = wanted.keys() ^ stored.keys()
    if new or differing:  # a re-link that changes nothing keeps every cache
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
    _write_entity_sets(_entity_sets(found_by_article, named), new)
    return {mention[0] for mention in differing}


def _write_entity_sets(sets: dict[int, tuple[list[int], list[int]]], new: set[int]) -> None:
    """Write these articles' `ArticleEntities` rows (article → its actors' and places' ids):
    the new articles' by COPY, the others' where they differ. Compared with the rows, not
    with the mentions stored: merging or deleting an entity changes mention rows before
    its articles are re-linked."""
    table = ArticleEntities._meta.db_table
    rows = ([article_id, *map(integer_array_literal, sets[article_id])] for article_id in sorted(new))
    copy_rows(table, ["article_id", "actor_ids", "place_ids"], rows)
    stored = sorted(set(sets) - new)
    if not stored:
        return
    with connection.cursor() as cursor:
        # Raw: the ORM's upsert (bulk_create) writes every row, where a re-link changes a few.
        cursor.execute(
            f"INSERT INTO {table} AS stored (article_id, actor_ids, place_ids) "
            "SELECT id, actors::bigint[], places::bigint[] FROM unnest(%s::bigint[], %s::text[], %s::text[]) AS found (id, actors, places) "
            "ON CONFLICT (article_id) DO UPDATE SET actor_ids = EXCLUDED.actor_ids, place_ids = EXCLUDED.place_ids "
            "WHERE (stored.actor_ids, stored.place_ids) IS DISTINCT FROM (EXCLUDED.actor_ids, EXCLUDED.place_ids)",
            [stored, *([integer_array_literal(sets[pk][kind]) for pk in stored] for kind in (0, 1))],
        )


def _entity_sets(article_ids: Iterable[int], named: Iterable[tuple[int, EntityKey]]) -> dict[int, tuple[list[int], list[int]]]:
    """Each of these articles' actors' and places' ids, ascending, from the (article,
    entity) pairs `_article_entities` gives."""
    sets: dict[int, tuple[list[int], list[int]]] = {article_id: ([], []) for article_id in article_ids}
    for article_id, (kind, pk) in named:
        sets[article_id][kind == "place"].append(pk)
    return {article_id: (sorted(actors), sorted(places)) for article_id, (actors, places) in sets.items()}


def entity_sets_named(article_ids: list[int]) -> dict[int, tuple[list[int], list[int]]]:
    """Each article's actors and places as its mention rows name them: what its
    `ArticleEntities` row should hold."""
    return _entity_sets(article_ids, _article_entities(stored_mentions(article_ids)))


def entity_sets_refresh(batch_size: int = 1000) -> None:
    """Write every article's `ArticleEntities` row afresh from its mention rows, a batch a
    transaction, where one is missing or differs. The batch's articles are locked first, in
    id order as every writer locks them: an edit or a re-link of one waits, and is not
    written over with the rows read before it."""
    ids = list(Article.objects.order_by("pk").values_list("pk", flat=True))
    for first in range(0, len(ids), batch_size):
        with transaction.atomic():
            batch = Article.objects.filter(pk__in=ids[first : first + batch_size]).order_by("pk").select_for_update()
            chosen = list(batch.values_list("pk", flat=True))
            _write_entity_sets(entity_sets_named(chosen), set())


def _article_entities(mentions: Iterable[tuple[int, int, int, EntityKey]]) -> set[tuple[int, EntityKey]]:
    """(article, entity) once for each entity an article mentions, however often."""
    return {(article_id, entity) for article_id, _, _, entity in mentions}


def stored_mentions(article_ids: list[int]) -> dict[tuple[int, int, int, EntityKey], int]:
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


def entities_recount(entities: Iterable[Actor | Place] | None = None) -> None:
    """Count afresh how many articles mention each of `entities` (all when None)."""
    for model in (Actor, Place):
        chosen = model.objects.all()
        if entities is not None:
            chosen = chosen.filter(pk__in=[e.pk for e in entities if isinstance(e, model)])
        chosen.update(article_count=articles_mentioning(model))
    archive_changed()


def articles_mentioning(model: type[Actor | Place]) -> Coalesce:
    """How many articles mention each row of `model`, counted from its mention rows: what
    its `article_count` should be."""
    field = model._meta.model_name
    mentions = model.mentions.rel.related_model.objects.filter(**{field: OuterRef("pk")})
    counted = mentions.order_by().values(field).annotate(n=Count("article_id", distinct=True)).values("n")
    return Coalesce(Subquery(counted), 0)
