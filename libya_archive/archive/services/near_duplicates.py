"""Near-duplicate groups: which stored articles hold the same text (`near_duplicates`),
kept right as articles are stored, edited and deleted, and made afresh for the whole archive.

Two articles are linked when they share a key and their resemblance is at least
settings.NEAR_DUPLICATE_RESEMBLANCE, or NEAR_DUPLICATE_TITLE_RESEMBLANCE under one headline
in two papers within NEAR_DUPLICATE_TITLE_DAYS; a group is every article linked to another,
directly or through others, and is named by its first article (the least id). Every article
a write touches has its links found again, with the rest of any group it was in: a group an
edit or a deletion takes its link out of parts in two. Writers take turns (an advisory
lock), so two imports never make two groups of one story.
"""

from collections.abc import Iterable

from django.conf import settings
from django.db import transaction

from libya_archive.archive.models import Article, NearDuplicate
from libya_archive.archive.near_duplicates import BANDS, article_keys, components, headline_of, resemblance, shingles
from libya_archive.archive.postgres import GROUPING_LOCK, articles_sharing_keys, lock_in_turn, other_papers_copies


def near_duplicates_place(ids: Iterable[int]) -> None:
    """Put these stored articles, new or with new text (and keys), in the groups their text
    belongs to; the groups they were in are made again without their old text. In the
    writing transaction, after their search text is written."""
    ids = set(ids)
    if ids:
        lock_in_turn(GROUPING_LOCK)
        _regroup(ids | _fellows(ids), leaving=set())


def near_duplicates_forget(ids: Iterable[int]) -> None:
    """Take these articles, about to be deleted, out of their groups, which are made again
    without them. In the deleting transaction, before they are deleted."""
    ids = set(ids)
    fellows = _fellows(ids) - ids
    if fellows:
        lock_in_turn(GROUPING_LOCK)
        _regroup(fellows, leaving=ids)


def near_duplicates_regroup(*, batch_size: int = 500, progress=None) -> int:
    """Make every article's keys from its stored search text, and every group, afresh (after
    NEAR_DUPLICATE_RESEMBLANCE or `near_duplicates` changed, or for articles stored before
    groups were), a batch of articles (with the rest of their groups) a transaction;
    `progress(done, total)` after each. A group may be joined whole before its own articles'
    turn; it is made again then, so that after the last batch every group is made of links
    found today. Returns how many groups there are."""
    ids = list(Article.objects.order_by("pk").values_list("pk", flat=True))
    for first in range(0, len(ids), batch_size):
        batch = ids[first : first + batch_size]
        with transaction.atomic():
            _keys_made_afresh(batch)
            near_duplicates_place(batch)
        if progress:
            progress(min(first + batch_size, len(ids)), len(ids))
    return NearDuplicate.objects.values("group").distinct().count()


def _keys_made_afresh(ids: list[int]) -> None:
    """Write the keys of these articles that their stored search text gives today, where they differ."""
    articles = Article.objects.filter(pk__in=ids).only("pk", "title", "duplicate_keys", "search_lead", "search_body")
    changed = []
    for article in articles:
        keys = article_keys(article.title, shingles(article.search_lead, article.search_body))
        if keys != article.duplicate_keys:
            article.duplicate_keys = keys
            changed.append(article)
    Article.objects.bulk_update(changed, ["duplicate_keys"], batch_size=100)


def _fellows(ids: Iterable[int]) -> set[int]:
    """Every article in a group with one of `ids`."""
    groups = NearDuplicate.objects.filter(article__in=ids).values("group")
    return set(NearDuplicate.objects.filter(group__in=groups).values_list("article", flat=True))


def _regroup(touched: set[int], *, leaving: set[int]) -> None:
    """Find the links of the `touched` articles again (each group any of them is in must be
    among them) and write the groups they make with the groups they join, as wholes.
    `leaving`: articles to be deleted, linked to none."""
    rows = list(Article.objects.filter(pk__in=touched).exclude(pk__in=leaving).values_list("pk", "duplicate_keys", "published_on", "source"))
    stored = {pk: keys for pk, keys, _, _ in rows}
    sharing = articles_sharing_keys([key for keys in stored.values() for key in keys[:BANDS]])
    by_band = {
        (min(pk, other), max(pk, other))
        for pk, keys in stored.items()
        for key in keys[:BANDS]
        for other in sharing.get(key, ())
        if other != pk and other not in leaving
    }
    headlines = [(pk, key, day, source) for pk, keys, day, source in rows if (key := headline_of(keys)) is not None and day and source]
    copies = other_papers_copies(headlines, settings.NEAR_DUPLICATE_TITLE_DAYS)
    by_headline = {(min(pair), max(pair)) for pair in copies if pair[1] not in leaving}
    # Only the articles of a pair sharing a key have their text read: most share none.
    compared = {pk for pair in by_band | by_headline for pk in pair}
    texts = Article.objects.filter(pk__in=compared).values_list("pk", "search_lead", "search_body") if compared else []
    runs = {pk: shingles(lead, body) for pk, lead, body in texts}
    links = {pair for pair in by_band if resemblance(*map(runs.get, pair)) >= settings.NEAR_DUPLICATE_RESEMBLANCE}
    links |= {pair for pair in by_headline if resemblance(*map(runs.get, pair)) >= settings.NEAR_DUPLICATE_TITLE_RESEMBLANCE}
    linked = {pk for link in links for pk in link}
    current = dict(NearDuplicate.objects.filter(article__in=stored.keys() | linked).values_list("article", "group"))
    # The group of an untouched article linked to a touched one joins whole: its own links stand.
    joined = {current[pk] for pk in linked - stored.keys() if pk in current}
    members = dict(NearDuplicate.objects.filter(group__in=joined).values_list("article", "group"))
    wanted = {}
    for group in components(stored.keys() | linked | members.keys(), [*links, *members.items()]):
        wanted |= dict.fromkeys(group, group[0])
    current |= members
    alone = [pk for pk in stored if pk not in wanted and pk in current]
    if alone:
        NearDuplicate.objects.filter(article__in=alone).delete()
    moved = [NearDuplicate(article_id=pk, group_id=group) for pk, group in wanted.items() if current.get(pk) != group]
    NearDuplicate.objects.bulk_create(moved, update_conflicts=True, unique_fields=["article"], update_fields=["group"])
