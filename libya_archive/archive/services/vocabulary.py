"""The vocabulary: search form → how many articles hold it, from which a search that finds
nothing suggests corrections. A form longer than its column (`WORD_LIMIT`: a run of letters
with no space, as a page's garbage holds) is not counted: no search suggests it, and one
such word stopped a whole import."""

from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager

from django.db import DatabaseError, connection, transaction

from libya_archive.archive.models import (
    Article,
    ImportRun,
    SearchTerm,
)
from libya_archive.archive.postgres import (
    IMPORT_RUN_LOCK,
    VOCABULARY_LOCK,
    lock_in_turn,
    release_session_lock,
    try_session_lock,
)


def vocabulary_add(documents: Counter[str]) -> None:
    """Count articles into the vocabulary by their search forms, or, by negative counts,
    articles that no longer hold a form; a form no article holds leaves it."""
    added = sorted(word for word, articles in documents.items() if articles > 0 and len(word) <= WORD_LIMIT)
    removed = sorted(word for word, articles in documents.items() if articles < 0 and len(word) <= WORD_LIMIT)
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


WORD_LIMIT = SearchTerm._meta.get_field("word").max_length

# The search forms an article `a` is counted for, as SQL: the words of its title, lead and
# body (`VOCABULARY_FIELDS`), as `vocabulary_add` counts them, not the names it links.
ARTICLE_WORDS = "string_to_array(concat_ws(' ', a.search_title, a.search_lead, a.search_body), ' ')"
# Every word the articles hold and how many hold it: what the vocabulary should be. Raw:
# the ORM cannot unnest a split text.
HELD_WORDS = (
    "SELECT word, count(*) AS documents FROM ("
    f"  SELECT DISTINCT a.id, w.word FROM {Article._meta.db_table} a, unnest({ARTICLE_WORDS}) AS w(word)"
    f"  WHERE w.word <> '' AND length(w.word) <= {WORD_LIMIT}"
    ") AS held GROUP BY word"
)


def vocabulary_refresh() -> int:
    """Rebuild the archive's vocabulary from the articles' own words (title, lead and body,
    as `vocabulary_add` counts them: not the names of the entities they link); return how
    many words."""
    with transaction.atomic(), connection.cursor() as cursor:
        lock_in_turn(VOCABULARY_LOCK)
        SearchTerm.objects.all().delete()
        cursor.execute(f"INSERT INTO {SearchTerm._meta.db_table} (word, documents) {HELD_WORDS}")
        return cursor.rowcount


@contextmanager
def import_counting_vocabulary() -> Iterator[None]:
    """Around an import that counts its new articles into the vocabulary after they are
    stored (in flushes of thousands), which a kill in between leaves short for good: the
    import is recorded as running (an `ImportRun`, its advisory lock held by this session)
    until it has flushed. When it ends, the runs left by imports that died (their locks
    free) are owed: if no other import is running, which would count its own articles
    again later, the vocabulary is rebuilt from the articles and the debt cleared."""
    run = ImportRun.objects.create()
    try_session_lock(IMPORT_RUN_LOCK, run.pk)
    try:
        yield
    except BaseException:
        # Its row stays: the words of its last articles are owed. A statement Ctrl-C broke
        # off leaves the connection unusable: closing it ends the session and its lock.
        try:
            release_session_lock(IMPORT_RUN_LOCK, run.pk)
        except DatabaseError:
            connection.close()
        raise
    owed = []
    for other in ImportRun.objects.exclude(pk=run.pk).order_by("pk"):
        if not try_session_lock(IMPORT_RUN_LOCK, other.pk):
            break  # running: it, or the last import to end, settles the debt
        owed.append(other.pk)
    else:
        if owed:
            vocabulary_refresh()
            ImportRun.objects.filter(pk__in=owed).delete()
    for pk in [run.pk, *owed]:
        release_session_lock(IMPORT_RUN_LOCK, pk)
    run.delete()
