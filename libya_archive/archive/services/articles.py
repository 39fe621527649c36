"""Articles: storing a batch from the importer, an editor's save and deletion, the links an
editor refuses, re-linking after the gazetteer changed, and re-deriving every article after
the analyzer changed."""

import uuid
from collections import Counter
from collections.abc import Iterable
from operator import attrgetter
from typing import TYPE_CHECKING

from django.db import connection, transaction
from django.db.models import QuerySet
from django.utils import timezone

from libya_archive.archive.analysis import Derived, content_hash, derive, relinked, without_refused
from libya_archive.archive.arabic import tokenize
from libya_archive.archive.candidates import (
    candidate_sightings,
    candidates_count_from_none,
    forget_unseen_candidates,
    record_candidates,
    uncount_candidates,
)
from libya_archive.archive.editions import archive_changed
from libya_archive.archive.linking import EntityKey, Gazetteer, load_gazetteer
from libya_archive.archive.models import (
    DERIVED_TEXT_FIELDS,
    VOCABULARY_FIELDS,
    Actor,
    Article,
    Place,
    RefusedLink,
)
from libya_archive.archive.postgres import copy_rows, integer_array_literal, next_ids
from libya_archive.archive.selectors import refused_links
from libya_archive.archive.services.mentions import replace_mentions
from libya_archive.archive.services.near_duplicates import near_duplicates_forget, near_duplicates_place
from libya_archive.archive.services.vocabulary import vocabulary_add, vocabulary_refresh

if TYPE_CHECKING:
    from libya_archive.archive.importing import PreparedArticle


_WRITTEN_FIELDS = [
    "title", "body", "published_on", "source", "url", "author", "source_format", "content_hash",
    "search_title", "title_as_written", "search_lead", "search_body", "search_entities", "search_shingles",
    "duplicate_keys", "updated_at",
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
        _keep_refusals(changed)
        bodies_before = _bodies([article.pk for article, _ in changed])
        for article, _ in changed:
            article.updated_at = now
        Article.objects.bulk_update([article for article, _ in changed], _WRITTEN_FIELDS, batch_size=500)
        written = new + changed
        replace_mentions(
            {article.pk: prepared.derived.mentions for article, prepared in written}, new=[article.pk for article, _ in new]
        )
        # Each write takes the entities' rows, then the candidates', then the vocabulary's lock:
        # writers side by side wait for one another rather than deadlock.
        if bodies_before:
            uncount_candidates(_sightings(bodies_before.values(), load_gazetteer()))
        _record_sightings({article.pk: prepared.candidates for article, prepared in written})
        near_duplicates_place(article.pk for article, _ in written)
        # Last, as an editor's save takes the vocabulary's lock after the entities' rows.
        vocabulary_add(vocabulary)
        archive_changed()
    return outcomes


def _filled(article: Article, prepared: "PreparedArticle") -> Article:
    parsed = prepared.parsed
    article.title, article.body = parsed.title, parsed.body
    article.published_on, article.source, article.url = parsed.published_on, parsed.source, parsed.url
    article.author, article.source_format = parsed.author, parsed.source_format
    article.content_hash = prepared.content_hash
    _set_search_text(article, prepared.derived)
    return article


def _set_search_text(article: Article, derived: Derived) -> None:
    for field, text in derived.search_text().items():
        setattr(article, field, text)
    article.search_shingles = derived.search_shingles
    article.duplicate_keys = derived.duplicate_keys


def _copy_new(articles: list[Article], now) -> None:
    """Insert new articles with COPY, their ids drawn from the table's sequence first. A
    batch as one INSERT statement is some 3 MB of SQL for PostgreSQL to parse."""
    if not articles:
        return
    table = Article._meta.db_table
    for article, pk in zip(articles, next_ids(table, len(articles)), strict=True):
        article.pk, article.created_at, article.updated_at = pk, now, now
    columns = ["id", "source_name", "created_at", *_WRITTEN_FIELDS]
    # The values as they stand, each of a type psycopg writes as its column reads it, the keys
    # as an array literal: each field's `get_db_prep_save` was a third of what the importing
    # process spent.
    values, keys = attrgetter(*columns), columns.index("duplicate_keys")
    rows = ((*row[:keys], integer_array_literal(row[keys]), *row[keys + 1 :]) for row in map(values, articles))
    # A file another import stored a moment before raises a DatabaseError here, which sends
    # the batch to be written file by file.
    copy_rows(table, columns, rows)


def _keep_refusals(changed: list[tuple[Article, "PreparedArticle"]]) -> None:
    """Leave out of these stored articles' derived data, made by workers that do not know
    them, the links their editors refused; read with the articles locked."""
    refused = refused_links(article.pk for article, _ in changed) if changed else {}
    gazetteer = load_gazetteer() if refused else None
    for article, prepared in changed:
        if article.pk in refused:
            prepared.derived = without_refused(prepared.derived, refused[article.pk], gazetteer)
            _set_search_text(article, prepared.derived)


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


def article_save(article: Article, refusing: Iterable[Actor | Place] | None = None) -> None:
    """Save an article as an editor changed it, or one an editor wrote (known by a name of
    its own, as no file holds it), its derived data with it. `refusing`, when given, is now
    exactly the actors and places the editor says it does not name (`RefusedLink`), where
    the linker finds them named; what it still names of the ones taken off links again."""
    if not article.pk and not article.source_name:
        article.source_name = f"admin-{uuid.uuid4().hex[:12]}"
        article.content_hash = content_hash(
            article.title, article.body, article.published_on, article.source, article.url, article.author
        )
    gazetteer = load_gazetteer()
    with transaction.atomic():
        # Read under the article's lock, so that a refusal saved meanwhile is not written over.
        stored_body = _bodies([article.pk]).get(article.pk) if article.pk else None
        if refusing is not None:
            refused = {(entity._meta.model_name, entity.pk) for entity in refusing}
        else:
            refused = refused_links([article.pk]).get(article.pk, set()) if article.pk else set()
        derived = derive(article.title, article.body, gazetteer, refused=refused)
        vocabulary = _vocabulary_change({article.pk: derived.forms}) if article.pk else Counter(derived.forms)
        _set_search_text(article, derived)
        article.save()
        if refusing is not None:
            _write_refusals(article, refused)
        replace_mentions({article.pk: derived.mentions})
        if article.body != stored_body:
            # The name candidates the text showed are taken out of the counts, and those it shows now counted.
            uncount_candidates(_sightings([stored_body] if stored_body is not None else [], gazetteer))
            _record_sightings({article.pk: candidate_sightings(article.body, gazetteer, mentions=derived.mentions + derived.refused)})
        near_duplicates_place([article.pk])
        vocabulary_add(vocabulary)
        archive_changed()


def _write_refusals(article: Article, wanted: set[EntityKey]) -> None:
    stored = {link.entity_key: link.pk for link in RefusedLink.objects.filter(article=article)}
    RefusedLink.objects.filter(pk__in=[pk for key, pk in stored.items() if key not in wanted]).delete()
    RefusedLink.objects.bulk_create(RefusedLink(article=article, **{f"{kind}_id": pk}) for kind, pk in wanted - stored.keys())


def articles_delete(articles: QuerySet[Article]) -> int:
    """Delete these articles, taking them out of the entities' counts, the vocabulary and
    the name candidates' counts (their sightings found again, by the gazetteer as it is)."""
    gazetteer = load_gazetteer()
    with transaction.atomic():
        ids = list(articles.select_for_update().order_by("pk").values_list("pk", flat=True))
        replace_mentions(dict.fromkeys(ids, []))
        gone, bodies = Counter(), []
        for article in Article.objects.filter(pk__in=ids).only("body", *VOCABULARY_FIELDS):
            gone.update(article.search_forms())
            bodies.append(article.body)
        # In the order an import takes them: the candidates' rows, the groups', the vocabulary's lock.
        uncount_candidates(_sightings(bodies, gazetteer))
        near_duplicates_forget(ids)
        vocabulary_add(Counter({form: -articles for form, articles in gone.items()}))
        Article.objects.filter(pk__in=ids).delete()
        archive_changed()
    return len(ids)


def articles_relink(articles: list[Article], gazetteer: Gazetteer) -> int:
    """Find the mentions of stored articles again, after the gazetteer changed, in one
    transaction; return how many changed (their links, or the names their search text
    holds). The articles must hold their derived text (`DERIVED_TEXT_FIELDS`). One whose
    entities come out as before keeps its search text, so PostgreSQL does not compute its
    search vector again."""
    refused = refused_links(article.pk for article in articles)
    derived = {
        article.pk: relinked({f: getattr(article, f) for f in DERIVED_TEXT_FIELDS}, article.body, gazetteer, refused.get(article.pk, ()))
        for article in articles
    }
    with transaction.atomic(), connection.cursor() as cursor:
        changed = replace_mentions({pk: found.mentions for pk, found in derived.items()})
        # One statement for the batch, which the ORM's bulk_update would write as a CASE per column.
        cursor.execute(
            f"UPDATE {Article._meta.db_table} AS article "
            "SET search_entities = linked.text, search_shingles = linked.shingles::integer[] "
            "FROM unnest(%s::bigint[], %s::text[], %s::text[]) AS linked (id, text, shingles) "
            "WHERE article.id = linked.id AND article.search_entities IS DISTINCT FROM linked.text "
            "RETURNING article.id",
            [list(derived), [found.search_entities for found in derived.values()], [found.search_shingles for found in derived.values()]],
        )
        return len(changed | {pk for (pk,) in cursor.fetchall()})


def articles_reindex(*, batch_size: int = 500, progress=None) -> int:
    """Derive every article's search text, shingles, mentions and name candidates again, as
    the analyzer and the gazetteer read text now (an upgrade changed their rules or data), a
    batch a transaction, then count the vocabulary afresh; `progress(done, total)` after each
    batch. An article that comes out as stored is not written. The candidates' counts start
    from none and grow as it goes: a run stopped midway leaves them short (and the candidates
    no article holds any more listed) until a run ends. Returns how many articles there are."""
    gazetteer = load_gazetteer()
    with transaction.atomic():
        candidates_count_from_none()
        ids = list(Article.objects.order_by("pk").values_list("pk", flat=True))
    for first in range(0, len(ids), batch_size):
        with transaction.atomic():
            chosen = Article.objects.filter(pk__in=ids[first : first + batch_size]).order_by("pk").select_for_update()
            articles = list(chosen.only("pk", "title", "body", "duplicate_keys", *DERIVED_TEXT_FIELDS))
            tokens = {article.pk: tokenize(article.body) for article in articles}
            refused = refused_links(article.pk for article in articles)
            derived = {
                article.pk: derive(article.title, article.body, gazetteer, tokens[article.pk], refused.get(article.pk, ()))
                for article in articles
            }
            changed = [article for article in articles if _derived_of(article) != _derived_of(derived[article.pk])]
            for article in changed:
                _set_search_text(article, derived[article.pk])
            Article.objects.bulk_update(changed, [*DERIVED_TEXT_FIELDS, "search_shingles", "duplicate_keys"], batch_size=100)
            replace_mentions({pk: found.mentions for pk, found in derived.items()})
            _record_sightings(
                {
                    article.pk: candidate_sightings(
                        article.body, gazetteer, tokens[article.pk], derived[article.pk].mentions + derived[article.pk].refused
                    )
                    for article in articles
                }
            )
            near_duplicates_place(article.pk for article in changed)
        if progress:
            progress(min(first + batch_size, len(ids)), len(ids))
    forget_unseen_candidates()
    vocabulary_refresh()
    return len(ids)


def _bodies(ids: list[int]) -> dict[int, str]:
    """The stored text of these articles, locked until the transaction ends."""
    return dict(Article.objects.select_for_update().filter(pk__in=ids).order_by("pk").values_list("pk", "body")) if ids else {}


def _sightings(bodies: Iterable[str], gazetteer: Gazetteer) -> Counter[str]:
    """How often each name candidate stands in these texts, by the gazetteer as it is."""
    return Counter(name for body in bodies for name, _ in candidate_sightings(body, gazetteer))


def _record_sightings(sightings: dict[int, list[tuple[str, str]]]) -> None:
    """Count the name candidates these articles (by id) show, each (name, sentence) as
    `candidates.candidate_sightings` gives them."""
    record_candidates(
        Counter(name for found in sightings.values() for name, _ in found),
        {name: (pk, sentence) for pk, found in sightings.items() for name, sentence in found},
    )


def _derived_of(article: Article | Derived) -> tuple:
    """What re-indexing writes of an article (what it holds or what it derives now)."""
    return tuple(getattr(article, field) for field in [*DERIVED_TEXT_FIELDS, "duplicate_keys"])
