"""`manage.py check_archive` reports each thing an archive can lose outside its own code, a
line each, exits non-zero while anything is wrong, and with --repair puts it right."""

from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection

from libya_archive.archive import services
from libya_archive.archive.arabic import search_form_of_word
from libya_archive.archive.models import (
    TITLE_INDEX_NAME,
    Actor,
    Article,
    ArticleEntities,
    Place,
    PlaceMention,
    RelinkRequest,
    SearchTerm,
)
from libya_archive.archive.postgres import index_validity
from tests.conftest import database_url, manage
from tests.factories import make_article, make_place


def check_archive(*options: str) -> tuple[str, bool]:
    """What the command says, and whether it finds the archive consistent."""
    out = StringIO()
    try:
        call_command("check_archive", *options, stdout=out)
    except CommandError:
        return out.getvalue(), False
    return out.getvalue(), True


def repaired(*options: str) -> str:
    """Repair, and what the command says of the archive after its repairs (which must hold)."""
    said, consistent = check_archive("--repair", *options)
    assert consistent, said
    return said.split("repairing", 1)[1]


def test_a_healthy_archive_is_reported_well_check_by_check_and_consistent(named_archive):
    for options in ((), ("--exact",)):
        said, consistent = check_archive(*options)
        assert consistent
        assert [line.split(":")[0] for line in said.splitlines()[:-1]] == [
            "indexes", "re-linking", "search text", "mentions", "near-duplicate keys", "entity sets", "vocabulary",
            "article counts",
        ]  # fmt: skip
        assert all(": ok (" in line for line in said.splitlines()[:-1])
        assert said.splitlines()[-1] == "the archive is consistent"


def test_a_dropped_search_index_is_reported_and_built_again_by_repair(named_archive):
    title_index = next(index for index in Article._meta.indexes if index.name == TITLE_INDEX_NAME)
    with connection.schema_editor() as editor:
        editor.remove_index(Article, title_index)
    said, consistent = check_archive()
    assert not consistent
    assert "indexes: article_search_title_gin on archive_article is missing" in said
    repaired()
    assert index_validity(["archive_article"])[TITLE_INDEX_NAME] is True


def test_an_invalid_index_is_reported_and_made_valid_by_repair(named_archive):
    with connection.cursor() as cursor:  # as a CREATE INDEX CONCURRENTLY that failed leaves it
        cursor.execute("UPDATE pg_index SET indisvalid = false WHERE indexrelid = 'article_latest'::regclass")
    said, consistent = check_archive()
    assert not consistent and "indexes: article_latest is invalid" in said
    repaired()
    assert index_validity(["archive_article"])["article_latest"] is True


def test_words_missing_from_the_vocabulary_are_reported_and_repair_rebuilds_it(named_archive):
    counted = dict(SearchTerm.objects.values_list("word", "documents"))
    SearchTerm.objects.filter(word=search_form_of_word("سرت")).delete()  # as a killed import leaves it short
    said, consistent = check_archive()
    assert not consistent and f"vocabulary: words of the sampled articles missing: 1 of {len(counted)}" in said
    said, _ = check_archive("--exact")
    assert f"vocabulary: the articles hold {len(counted)} words, the vocabulary {len(counted) - 1}: 1 missing" in said
    repaired()
    assert dict(SearchTerm.objects.values_list("word", "documents")) == counted


@pytest.mark.parametrize(
    "options, report",
    [((), "vocabulary: words counted wrong: 1 of {counted} counted again (سرت: 7, held by 2)"), (("--exact",), "1 counted wrong (e.g. سرت)")],
)
def test_a_word_counted_wrong_in_the_vocabulary_is_reported_and_repaired(named_archive, options, report):
    sirte = search_form_of_word("سرت")
    SearchTerm.objects.filter(word=sirte).update(documents=7)
    said, consistent = check_archive(*options)
    assert not consistent and report.format(counted=SearchTerm.objects.count()) in said
    repaired(*options)
    assert SearchTerm.objects.get(word=sirte).documents == 2


def test_a_word_no_article_holds_any_more_is_reported(named_archive):
    SearchTerm.objects.create(word="كلمةمحذوفة", documents=3)  # its article deleted by hand
    said, consistent = check_archive()
    assert not consistent and "كلمةمحذوفة: 3, held by 0" in said
    said, _ = check_archive("--exact")
    assert "1 that no article holds" in said
    repaired()
    assert not SearchTerm.objects.filter(word="كلمةمحذوفة").exists()


@pytest.mark.parametrize("options", [(), ("--exact",)])
def test_a_wrong_article_count_is_reported_and_counted_afresh_by_repair(named_archive, options):
    haftar, _ = named_archive
    Actor.objects.filter(pk=haftar.pk).update(article_count=9)
    said, consistent = check_archive(*options)
    assert not consistent and "article counts: actors with a wrong article count: 1 of 2 checked (خليفة حفتر: 9, named in 1)" in said
    repaired(*options)
    assert Actor.objects.get(pk=haftar.pk).article_count == 1


def test_an_article_analysed_by_older_rules_is_reported_and_derived_again_by_repair(named_archive):
    article = Article.objects.get(title="الطقس")
    expected = article.search_title
    Article.objects.filter(pk=article.pk).update(search_title="قديم")
    said, consistent = check_archive()
    assert not consistent
    assert f"search text: articles analysed otherwise than the Arabic rules read them now: 1 of 3 sampled (ids {article.pk})" in said
    assert "`manage.py reindex_articles` derives every article again" in said
    repaired()
    assert Article.objects.get(pk=article.pk).search_title == expected


def test_an_article_linked_by_older_rules_is_reported_and_linked_again_by_repair(named_archive):
    article = Article.objects.get(title="تقدم")
    PlaceMention.objects.filter(article=article).delete()  # as a linker that missed سرت left it
    said, consistent = check_archive()
    assert not consistent
    assert "mentions: articles linked otherwise than the linker reads them now (after an upgrade" in said
    assert f"1 of 3 sampled (ids {article.pk})" in said
    assert "`manage.py reindex_articles` derives every article again" in said
    repaired()
    assert list(PlaceMention.objects.filter(article=article).values_list("start", "end")) == [(20, 23)]


def test_articles_analysed_and_linked_by_older_rules_are_derived_again_once(named_archive):
    article = Article.objects.get(title="تقدم")
    PlaceMention.objects.filter(article=article).delete()
    Article.objects.filter(pk=article.pk).update(search_title="قديم")
    said, _ = check_archive("--repair")
    assert said.count("repairing, deriving every article again") == 1
    assert said.splitlines()[-1] == "the archive is consistent"


def test_an_article_without_near_duplicate_keys_is_reported_and_given_them_by_repair(named_archive):
    article = make_article(" ".join(f"قال المتحدث إن الاجتماع {n} بحث الأوضاع في المنطقة." for n in range(20)), title="اجتماع")
    keys = Article.objects.get(pk=article.pk).duplicate_keys
    assert keys  # a body long enough to have them
    Article.objects.filter(pk=article.pk).update(duplicate_keys=[])  # as stored before groups were
    said, consistent = check_archive()
    assert not consistent
    assert f"near-duplicate keys: articles whose near-duplicate keys are not what their text gives: 1 of 4 sampled (ids {article.pk})" in said
    assert "`manage.py group_near_duplicates` makes them and the groups afresh" in said
    repaired()
    assert Article.objects.get(pk=article.pk).duplicate_keys == keys


def test_an_article_whose_set_of_entities_lost_one_is_reported_and_written_afresh_by_repair(named_archive):
    haftar, _ = named_archive
    article = Article.objects.get(title="تقدم")
    ArticleEntities.objects.filter(article=article).update(actor_ids=[])
    said, consistent = check_archive()
    assert not consistent
    assert f"entity sets: articles whose set of actors and places is not what their mentions name: 1 of 3 sampled (ids {article.pk})" in said
    repaired()
    assert ArticleEntities.objects.get(article=article).actor_ids == [haftar.pk]


def test_waiting_relink_requests_are_reported_and_carried_out_by_repair(named_archive):
    haftar, _ = named_archive
    make_article("قال حفتار إن قواته تتقدم.", title="خبر")
    RelinkRequest.objects.create(actor=haftar, names=["حفتار"])  # the alias below, queued for the background
    Actor.objects.get(pk=haftar.pk).aliases.create(name="حفتار")
    said, consistent = check_archive()
    assert not consistent and "re-linking: requests waiting for `manage.py relink_pending`: 1, the oldest since" in said
    assert "mentions: ok (not asked while re-linking requests wait)" in said  # their cause, said once
    repaired()
    assert not RelinkRequest.objects.exists()
    assert Actor.objects.get(pk=haftar.pk).article_count == 2


def test_a_sample_smaller_than_the_archive_checks_that_many_articles(named_archive):
    said, consistent = check_archive("--sample", "2")
    assert consistent and "search text: ok (2 sampled articles)" in said


def test_the_command_exits_non_zero_while_the_archive_is_inconsistent(transactional_db):
    make_place("سرت", slug="sirte")
    make_article("خبر عن سرت.")
    SearchTerm.objects.all().delete()
    env = {"DATABASE_URL": database_url()}
    broken = manage("check_archive", env=env, check=False)
    assert broken.returncode == 1
    assert "vocabulary: words of the sampled articles missing" in broken.stdout
    assert "the archive is inconsistent, problems found: 1; `manage.py check_archive --repair` repairs them" in broken.stderr
    assert manage("check_archive", "--repair", env=env, check=False).returncode == 0
    assert manage("check_archive", env=env, check=False).returncode == 0


def test_a_link_an_editor_refused_is_not_reported_as_linked_otherwise(named_archive):
    article = Article.objects.get(title="تقدم")
    services.article_save(article, refusing=[Place.objects.get(mentions__article=article)])
    said, consistent = check_archive()
    assert consistent, said
