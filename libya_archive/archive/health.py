"""Whether the archive agrees with itself, and how to repair what does not: what
`manage.py check_archive` reports and, with --repair, fixes.

Each check looks at one thing the archive can lose when something outside its own code
interrupts or bypasses it (a killed import, SQL typed in a shell, an upgrade of the Arabic
rules): its indexes, the re-linking requests waiting, the articles' search text and
mentions, near-duplicate keys and sets of entities, the vocabulary and the entities' article counts.
Where reading everything would take long on a large archive, a check reads a random sample.
Each repair goes through `services` (or builds indexes as an import does) and is safe to run
again.
"""

import random
from collections.abc import Callable, Collection
from dataclasses import dataclass
from typing import NamedTuple

from django.apps import apps
from django.db import connection

from libya_archive.archive import services
from libya_archive.archive.analysis import search_fields
from libya_archive.archive.importing import restore_search_indexes
from libya_archive.archive.linking import EntityKey, FoundMention, Gazetteer, find_mentions, load_gazetteer
from libya_archive.archive.models import VOCABULARY_FIELDS, Actor, Article, ArticleEntities, Place, RelinkRequest, SearchTerm
from libya_archive.archive.near_duplicates import article_keys, shingles
from libya_archive.archive.postgres import index_validity, rebuild_index, sample_ids
from libya_archive.archive.selectors import refused_links
from libya_archive.archive.services.mentions import articles_mentioning, stored_mentions
from libya_archive.archive.services.vocabulary import ARTICLE_WORDS, HELD_WORDS

# How many words' counts the vocabulary's sampled check counts again, from the sampled
# articles and from the vocabulary itself.
COUNTED_WORDS = 50
# Only words held by up to this many articles are counted again: counting a common word reads
# the text of every article holding it, where a killed import leaves rare words short as well.
COUNTED_UP_TO = 1000
# How many examples a problem names.
EXAMPLES = 5


@dataclass(frozen=True)
class Scope:
    """How much the checks read: `sample` articles (and entities of each kind) at random, or
    with `exact` the whole vocabulary and every entity."""

    sample: int = 200
    exact: bool = False


class Report(NamedTuple):
    problems: list[str]  # one line each; none when all is well
    looked_at: str  # what the check read, said with its verdict


class Check(NamedTuple):
    name: str
    inspect: Callable[[Scope], Report]
    repair: Callable[[], object]
    repairing: str  # what the repair does, said before it runs


def indexes(scope: Scope) -> Report:
    """Every index the archive's models declare exists, and PostgreSQL may use every index of
    their tables (a killed bulk import leaves the search indexes dropped)."""
    declared = _declared_indexes()
    present = index_validity(_tables())
    problems = [f"{index.name} on {model._meta.db_table} is missing" for model, index in declared if index.name not in present]
    problems += [
        f"{name} is invalid (a CREATE INDEX that failed): PostgreSQL does not use it"
        for name, valid in present.items()
        if not valid
    ]
    return Report(problems, f"{len(declared)} indexes declared, {len(present)} present")


def indexes_rebuilt() -> None:
    for name, valid in index_validity(_tables()).items():
        if not valid:
            rebuild_index(name)
    restore_search_indexes()  # side by side, as an import after a killed bulk import builds them
    present = index_validity(_tables())
    missing = [(model, index) for model, index in _declared_indexes() if index.name not in present]
    if missing:
        with connection.schema_editor() as editor:
            for model, index in missing:
                editor.add_index(model, index)


def _declared_indexes() -> list:
    return [(model, index) for model in apps.get_app_config("archive").get_models() for index in model._meta.indexes]


def _tables() -> list[str]:
    return [model._meta.db_table for model in apps.get_app_config("archive").get_models()]


def relinking(scope: Scope) -> Report:
    """No re-linking request waits: an edit's articles are re-linked by `relink_pending`,
    which runs beside the server."""
    waiting = RelinkRequest.objects.order_by("requested_at")
    oldest = waiting.first()
    if oldest is None:
        return Report([], "no request waiting")
    since = oldest.requested_at.strftime("%Y-%m-%d %H:%M %Z")
    problem = f"requests waiting for `manage.py relink_pending`: {waiting.count()}, the oldest since {since} (is `relink_pending --forever` running?)"
    return Report([problem], "")


def search_text(scope: Scope) -> Report:
    """The sampled articles' search text is what today's Arabic rules make of their title and
    body (after an upgrade of the rules it is not, until `reindex_articles` runs)."""
    ids = sample_ids(Article._meta.db_table, scope.sample)
    articles = Article.objects.filter(pk__in=ids).order_by("pk").only("pk", "title", "body", "title_as_written", *VOCABULARY_FIELDS)
    stale = [a.pk for a in articles if (fields := search_fields(a.title, a.body)) != {f: getattr(a, f) for f in fields}]
    problems = []
    if stale:
        problems.append(
            f"articles analysed otherwise than the Arabic rules read them now: {len(stale)} of {len(ids)} sampled "
            f"(ids {_examples(stale)}); `manage.py reindex_articles` derives every article again"
        )
    return Report(problems, f"{len(ids)} sampled articles")


def mentions(scope: Scope) -> Report:
    """The sampled articles' mentions are the names the linker finds in their text now: not
    after an upgrade of the linking rules or their data, until `reindex_articles` runs, nor
    while an editor's changes wait to be re-linked (the re-linking check's, then asked)."""
    if RelinkRequest.objects.exists():
        return Report([], "not asked while re-linking requests wait")
    ids = sample_ids(Article._meta.db_table, scope.sample)
    stored = {pk: set() for pk in ids}
    for pk, start, end, entity in stored_mentions(ids):
        stored[pk].add((start, end, entity))
    gazetteer = load_gazetteer()
    bodies = Article.objects.filter(pk__in=ids).order_by("pk").values_list("pk", "body")
    refused = refused_links(ids)
    stale = [pk for pk, body in bodies if _linked(body, gazetteer, refused.get(pk, ())) != stored[pk]]
    problems = []
    if stale:
        problems.append(
            f"articles linked otherwise than the linker reads them now (after an upgrade, or an edit made "
            f"outside the admin): {len(stale)} of {len(ids)} sampled "
            f"(ids {_examples(stale)}); `manage.py reindex_articles` derives every article again"
        )
    return Report(problems, f"{len(ids)} sampled articles")


def _linked(body: str, gazetteer: Gazetteer, refused: Collection[EntityKey]) -> set[FoundMention]:
    """The mentions the linker finds in `body`, except those of the entities editors refused there."""
    return {mention for mention in find_mentions(body, gazetteer) if mention.entity not in refused}


def near_duplicate_keys(scope: Scope) -> Report:
    """The sampled articles hold the keys that find their near-duplicates, as their search
    text gives them (an archive stored before groups were holds none until
    `group_near_duplicates` runs, and its search shows every copy of a story)."""
    ids = sample_ids(Article._meta.db_table, scope.sample)
    articles = Article.objects.filter(pk__in=ids).order_by("pk").only("pk", "title", "duplicate_keys", "search_lead", "search_body")
    stale = [a.pk for a in articles if a.duplicate_keys != article_keys(a.title, shingles(a.search_lead, a.search_body))]
    problems = []
    if stale:
        problems.append(
            f"articles whose near-duplicate keys are not what their text gives: {len(stale)} of {len(ids)} sampled "
            f"(ids {_examples(stale)}); `manage.py group_near_duplicates` makes them and the groups afresh"
        )
    return Report(problems, f"{len(ids)} sampled articles")


def entity_sets(scope: Scope) -> Report:
    """The sampled articles' sets of actors and places (`ArticleEntities`, which a search's
    facets count) are the ones their mention rows name."""
    ids = sample_ids(Article._meta.db_table, scope.sample)
    stored = {row[0]: row[1:] for row in ArticleEntities.objects.filter(article_id__in=ids).values_list("article_id", "actor_ids", "place_ids")}
    wrong = [pk for pk, named in sorted(services.entity_sets_named(ids).items()) if stored.get(pk) != named]
    problems = []
    if wrong:
        problems.append(
            f"articles whose set of actors and places is not what their mentions name: {len(wrong)} of {len(ids)} sampled "
            f"(ids {_examples(wrong)}); the search's facets miscount them"
        )
    return Report(problems, f"{len(ids)} sampled articles")


def vocabulary(scope: Scope) -> Report:
    """The vocabulary (`SearchTerm`) counts every word of the articles' own text in as many
    articles as hold it: sampled, the words of the sampled articles are all in it and a few
    words' counts are right; with `exact`, every word and count."""
    if scope.exact:
        return _vocabulary_exact()
    ids = sample_ids(Article._meta.db_table, scope.sample)
    words = set().union(*(a.search_forms() for a in Article.objects.filter(pk__in=ids).only(*VOCABULARY_FIELDS)))
    stored = dict(
        SearchTerm.objects.filter(word__one_of=words).values_list("word", "documents")
    )
    missing = sorted(words - stored.keys())
    rare = sorted(word for word, documents in stored.items() if documents <= COUNTED_UP_TO)
    chosen = random.sample(rare, min(COUNTED_WORDS, len(rare)))
    # And words of the vocabulary at random, which catch counts that no article holds any more.
    from_vocabulary = dict(
        SearchTerm.objects.filter(documents__lte=COUNTED_UP_TO).order_by("?").values_list("word", "documents")[:COUNTED_WORDS]
    )
    stored |= from_vocabulary
    counted = _articles_holding(sorted(set(chosen) | from_vocabulary.keys()))
    wrong = sorted((word, stored[word], held) for word, held in counted.items() if held is not None and held != stored[word])
    problems = []
    if missing:
        problems.append(f"words of the sampled articles missing: {len(missing):,} of {len(words):,} (e.g. {_examples(missing)})")
    if wrong:
        examples = "; ".join(f"{word}: {documents}, held by {held}" for word, documents, held in wrong[:EXAMPLES])
        problems.append(f"words counted wrong: {len(wrong)} of {len(counted)} counted again ({examples})")
    return Report(problems, f"the {len(words):,} words of {len(ids)} sampled articles, {len(counted)} counted again")


def _articles_holding(words: list[str]) -> dict[str, int | None]:
    """How many articles hold each word in their own text, found through the search index
    and read in the text to be sure (the search vector holds the names of linked entities
    too); None for a word PostgreSQL's parser makes nothing of. Raw: a subquery per word."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT t.word, CASE WHEN numnode(plainto_tsquery('simple', t.word)) > 0 THEN ("
            f"  SELECT count(*) FROM {Article._meta.db_table} a"
            f"  WHERE a.search_vector @@ plainto_tsquery('simple', t.word) AND t.word = ANY({ARTICLE_WORDS})"
            ") END FROM unnest(%s::text[]) AS t(word)",
            [words],
        )
        return dict(cursor.fetchall())


def _vocabulary_exact() -> Report:
    """Every word the articles hold against every word of the vocabulary: reads every
    article's text, as rebuilding the vocabulary does."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(held.word), count(term.word), count(*) FILTER (WHERE term.word IS NULL), "
            "count(*) FILTER (WHERE held.word IS NULL), count(*) FILTER (WHERE held.documents <> term.documents), "
            f"(array_agg(coalesce(held.word, term.word) ORDER BY coalesce(held.word, term.word)) "
            f" FILTER (WHERE held.documents IS DISTINCT FROM term.documents))[1:{EXAMPLES}] "
            f"FROM ({HELD_WORDS}) AS held FULL JOIN {SearchTerm._meta.db_table} AS term ON term.word = held.word"
        )
        held, terms, missing, unheld, wrong, examples = cursor.fetchone()
    problems = []
    if missing or unheld or wrong:
        problems.append(
            f"the articles hold {held:,} words, the vocabulary {terms:,}: {missing:,} missing, "
            f"{unheld:,} that no article holds, {wrong:,} counted wrong (e.g. {_examples(examples)})"
        )
    return Report(problems, f"all {held:,} words of every article")


def article_counts(scope: Scope) -> Report:
    """Each sampled actor's and place's `article_count` (with `exact`, every one's) is the
    number of articles its mention rows are in."""
    problems, checked = [], 0
    for model, kind in ((Actor, "actors"), (Place, "places")):
        chosen = model.objects.all()
        if not scope.exact:
            chosen = chosen.filter(pk__in=sample_ids(model._meta.db_table, scope.sample))
        rows = list(
            chosen.order_by("pk").annotate(counted=articles_mentioning(model)).values_list("name", "article_count", "counted")
        )
        wrong = [(name, stored, counted) for name, stored, counted in rows if stored != counted]
        checked += len(rows)
        if wrong:
            examples = "; ".join(f"{name}: {stored}, named in {counted}" for name, stored, counted in wrong[:EXAMPLES])
            problems.append(f"{kind} with a wrong article count: {len(wrong)} of {len(rows)} checked ({examples})")
    return Report(problems, f"{checked} actors and places")


def _examples(items) -> str:
    shown = ", ".join(str(item) for item in list(items)[:EXAMPLES])
    return f"{shown}, …" if len(items) > EXAMPLES else shown


# In the order repairs run: the indexes first, which re-linking and search read; the
# vocabulary and the counts last, which re-linking and re-deriving move.
CHECKS = [
    Check(
        "indexes", indexes, indexes_rebuilt, "building the missing and invalid ones, as an import after a killed bulk import does"
    ),
    Check("re-linking", relinking, services.relink_pending, "carrying out the requests, as `relink_pending` does"),
    Check(
        "search text",
        search_text,
        services.articles_reindex,
        "deriving every article again, as `reindex_articles` does: as long as an import's analysis of the whole archive",
    ),
    Check(
        "mentions",
        mentions,
        services.articles_reindex,
        "deriving every article again, as `reindex_articles` does: as long as an import's analysis of the whole archive",
    ),
    Check(
        "near-duplicate keys",
        near_duplicate_keys,
        services.near_duplicates_regroup,
        "making every article's keys and groups afresh, as `group_near_duplicates` does",
    ),
    Check("entity sets", entity_sets, services.entity_sets_refresh, "writing every article's afresh from its mention rows"),
    Check("vocabulary", vocabulary, services.vocabulary_refresh, "rebuilding it from the articles' text"),
    Check("article counts", article_counts, services.entities_recount, "counting every one afresh, as `recount_entities` does"),
]
