"""Every write that changes what an article derives, through `services`."""

import threading

import pytest
from django.db import IntegrityError, connection

from libya_archive.archive import services
from libya_archive.archive.linking import FoundMention
from libya_archive.archive.models import Actor, ActorAlias, ActorMention, Article, ArticleEntities, NameCandidate, Place
from tests.factories import make_actor, make_article, make_place


def test_relinking_an_entity_after_a_new_alias_links_the_new_spelling(db):
    haftar = make_actor("خليفة حفتر", "حفتر")
    article = make_article("وصل المشير حفتار إلى بنغازي.")
    assert not article.actormentions.exists()
    ActorAlias(actor=haftar, name="حفتار").save()
    assert services.relink_entity(haftar) == 1
    assert [article.body[m.start : m.end] for m in article.actormentions.all()] == ["حفتار"]


def test_relinking_after_an_alias_is_removed_drops_its_mentions(db):
    haftar = make_actor("خليفة حفتر", "حفتر", "حفتار")
    article = make_article("وصل المشير حفتار إلى بنغازي.")
    assert article.actormentions.count() == 1
    haftar.aliases.get(name="حفتار").delete()
    services.relink_entity(haftar)
    assert not article.actormentions.exists()


def mention_rows(article: Article) -> dict[tuple[str, int], str]:
    """The article's mention rows, by table and id (the two tables number their rows apart)."""
    rows = [*article.actormentions.all(), *article.placementions.all()]
    return {(row._meta.model_name, row.pk): article.body[row.start : row.end] for row in rows}


def test_relinking_rewrites_only_the_mentions_that_changed(db):
    haftar = make_actor("خليفة حفتر", "حفتر")
    make_place("بنغازي")
    article = make_article("وصل المشير حفتار إلى بنغازي، وقال حفتر كلمته.")
    kept = mention_rows(article)
    ActorAlias(actor=haftar, name="حفتار").save()
    services.relink_entity(haftar, ["حفتار"])
    now = mention_rows(article)
    assert sorted(now.values()) == ["بنغازي", "حفتار", "حفتر"]
    assert {pk: name for pk, name in now.items() if pk in kept} == kept  # the same rows, untouched


def test_an_alias_saved_during_a_long_relinking_is_used_for_the_articles_after_it(db, monkeypatch):
    haftar = make_actor("خليفة حفتر", "حفتر")
    make_article("قال حفتر كلمته.")
    respelled = make_article("قال حفتر إن المشير حفتار وصل.")
    real_link_articles = services.articles_relink

    def editor_saves_an_alias_after_the_first_batch(articles, gazetteer):
        changed = real_link_articles(articles, gazetteer)
        if not ActorAlias.objects.filter(name="حفتار").exists():
            ActorAlias(actor=haftar, name="حفتار").save()
        return changed

    monkeypatch.setattr(services.entities, "RELINK_BATCH", 1)
    monkeypatch.setattr(services.entities, "articles_relink", editor_saves_an_alias_after_the_first_batch)
    assert services.relink_entity(haftar) == 1  # the articles whose links changed: the respelled one
    assert sorted(respelled.body[m.start : m.end] for m in respelled.actormentions.all()) == ["حفتار", "حفتر"]


def counts() -> dict[str, int]:
    return {**dict(Actor.objects.values_list("slug", "article_count")), **dict(Place.objects.values_list("slug", "article_count"))}


def assert_counts_match_a_recount():
    kept = counts()
    services.entities_recount()
    assert kept == counts()
    # And each article's set of entities, which the search's facets count, is what its mentions name.
    stored = {row[0]: row[1:] for row in ArticleEntities.objects.values_list("article_id", "actor_ids", "place_ids")}
    assert stored == services.entity_sets_named(list(Article.objects.values_list("pk", flat=True)))


def test_article_counts_and_sets_of_entities_stay_exact_through_imports_edits_merges_and_deletions(seed_archive, admin_client):

    assert counts()["khalifa-haftar"] == 4 and counts()["sirte"] == 4
    assert_counts_match_a_recount()

    changed = seed_archive / "001_1459ddc503db6e74.txt"
    changed.write_text("نص جديد عن مدينة سرت وحدها.", encoding="utf-8")
    from django.core.management import call_command

    call_command("import_articles", str(seed_archive), verbosity=0)
    assert counts()["khalifa-haftar"] == 3 and counts()["sirte"] == 5
    assert_counts_match_a_recount()

    haftar = Actor.objects.get(slug="khalifa-haftar")
    services.entity_merge(haftar, [Actor.objects.get(slug="libyan-national-army")])
    assert_counts_match_a_recount()

    article = Article.objects.get(source_name="003_0f9c5275d93800a3.txt")
    admin_client.post(f"/admin/archive/article/{article.pk}/delete/", {"post": "yes"})
    assert not Article.objects.filter(pk=article.pk).exists()
    assert counts()["khalifa-haftar"] == 2
    assert_counts_match_a_recount()


@pytest.mark.django_db(transaction=True)
def test_repairing_the_sets_of_entities_beside_an_editors_save_keeps_what_the_save_wrote(monkeypatch):
    make_actor("خليفة حفتر", "حفتر")
    article = make_article("قال حفتر إن قواته تتقدم.")
    read_sets = services.mentions.entity_sets_named
    editor = []

    def an_editor_saves_once_the_repair_has_read(article_ids):
        named = read_sets(article_ids)
        edited = Article.objects.get(pk=article.pk)
        edited.body = "لا أحد هنا."
        editor.append(threading.Thread(target=lambda: (services.article_save(edited), connection.close())))
        editor[0].start()
        editor[0].join(timeout=1)  # saved at once, unless the repair holds the article
        return named

    monkeypatch.setattr(services.mentions, "entity_sets_named", an_editor_saves_once_the_repair_has_read)
    services.entity_sets_refresh()
    editor[0].join()
    assert ArticleEntities.objects.get(article=article).actor_ids == []


def test_a_mention_that_cannot_be_stored_raises_djangos_integrity_error(db):
    haftar = make_actor("حفتر")
    article = make_article("حفتر في سرت")
    two_mentions_at_one_place = [FoundMention(0, 4, ("actor", haftar.pk)), FoundMention(0, 3, ("actor", haftar.pk))]
    with pytest.raises(IntegrityError):
        services.replace_mentions({article.pk: two_mentions_at_one_place})




def test_merging_moves_names_aliases_and_mentions_and_loses_nothing(db):
    haftar = make_actor("خليفة حفتر", "حفتر", slug="khalifa-haftar")
    twin = make_actor("المشير حفتار", "حفتار", "Hifter", slug="marshal-haftar")
    first = make_article("قال حفتر إن قواته تتقدم.")
    second = make_article("قال حفتار إن قواته تتقدم نحو سرت.")
    assert second.actormentions.get().actor == twin

    services.entity_merge(haftar, [twin])

    assert not Actor.objects.filter(pk=twin.pk).exists()
    assert set(haftar.aliases.values_list("name", flat=True)) == {"حفتر", "حفتار", "Hifter", "المشير حفتار"}
    assert haftar.former_slugs == ["marshal-haftar"]
    assert [m.actor for m in first.actormentions.all()] == [haftar]
    assert [m.actor for m in second.actormentions.all()] == [haftar]
    assert f"entityactor{haftar.pk}" in second.__class__.objects.get(pk=second.pk).search_entities


def test_a_merged_actors_old_urls_redirect_to_the_one_it_became(client, db):
    haftar = make_actor("خليفة حفتر", slug="khalifa-haftar")
    twin = make_actor("حفتار", slug="marshal-haftar")
    services.entity_merge(haftar, [twin])
    response = client.get("/actors/marshal-haftar/")
    assert response.status_code == 301
    assert response["Location"] == "/actors/khalifa-haftar/"
    for old, new in [
        ("/actors/marshal-haftar/mentions/?after=x", "/actors/khalifa-haftar/mentions/?after=x"),
        ("/actors/marshal-haftar/mentions.csv", "/actors/khalifa-haftar/mentions.csv"),
    ]:
        moved = client.get(old)
        assert (moved.status_code, moved["Location"]) == (301, new)
    assert client.get("/actors/never-was/mentions/").status_code == 404


def test_an_actor_made_from_a_candidate_links_the_articles_naming_it(db):
    article = make_article("قال العقيد مصطفى الشركسي إن الوضع صعب.")
    candidate = NameCandidate.objects.get(normalized="مصطفي الشركسي")  # counted as the article was saved
    actor, _, _ = services.actor_from_candidate(candidate, name="مصطفى الشركسي", kind=Actor.Kind.PERSON)
    mention = ActorMention.objects.get(article=article)
    assert mention.actor == actor
    assert article.body[mention.start : mention.end] == "مصطفى الشركسي"
    assert not NameCandidate.objects.exists()


def test_reindexing_derives_every_article_again_as_the_analyzer_reads_it_now(db):
    from django.core.management import call_command

    article = make_article("قال حفتر إن قواته تتقدم.")
    haftar = make_actor("خليفة حفتر", "حفتر", slug="khalifa-haftar")  # linking's rules changed, nothing re-linked
    # As an article indexed by an older analyzer.
    Article.objects.filter(pk=article.pk).update(search_lead="قديم")
    call_command("reindex_articles", verbosity=0)
    stored = Article.objects.get(pk=article.pk)
    assert "قديم" not in stored.search_lead and f"entityactor{haftar.pk}" in stored.search_entities
    assert [m.actor for m in stored.actormentions.all()] == [haftar]
    assert Actor.objects.get(pk=haftar.pk).article_count == 1


def test_the_vocabulary_rebuilt_counts_the_articles_own_words_not_the_names_they_link(db):
    from libya_archive.archive.arabic import search_form_of_word
    from libya_archive.archive.models import SearchTerm

    make_actor("خليفة حفتر", "حفتر", slug="khalifa-haftar")
    make_article("قال حفتر إن قواته تتقدم.")
    counted = dict(SearchTerm.objects.values_list("word", "documents"))
    services.vocabulary_refresh()
    assert dict(SearchTerm.objects.values_list("word", "documents")) == counted
    assert search_form_of_word("خليفة") not in counted


def test_a_merge_touching_many_articles_is_relinked_in_the_background(db, settings):
    from django.core.management import call_command

    settings.RELINK_AT_ONCE = 0
    haftar = make_actor("خليفة حفتر", "حفتر", slug="khalifa-haftar")
    twin = make_actor("حفتار", slug="haftar-2")
    article = make_article("قال حفتار إن قواته تتقدم.")
    assert services.entity_merge(haftar, [twin]) == (1, True)
    assert Actor.objects.get(pk=haftar.pk).article_count == 1  # its mentions moved at once
    call_command("relink_pending", verbosity=0)
    assert f"entityactor{haftar.pk}" in Article.objects.get(pk=article.pk).search_entities


def test_an_import_ending_beside_a_running_one_leaves_a_killed_ones_words_to_the_last_to_end(db, tmp_path):
    import psycopg
    from django.core.management import call_command
    from django.db import connection

    from libya_archive.archive.models import ImportRun, SearchTerm
    from libya_archive.archive.postgres import IMPORT_RUN_LOCK

    make_article("خبر عن سرت.")
    SearchTerm.objects.all().delete()  # as an import killed before its flush leaves it
    killed, running = ImportRun.objects.create(), ImportRun.objects.create()
    config = connection.settings_dict
    other = psycopg.connect(host=config["HOST"], port=config["PORT"] or None, user=config["USER"], dbname=config["NAME"])
    other.execute("SELECT pg_advisory_lock(%s, %s)", [IMPORT_RUN_LOCK, running.pk])  # its process is alive
    (tmp_path / "a.txt").write_text("خبر آخر عن طرابلس.", encoding="utf-8")
    call_command("import_articles", str(tmp_path), verbosity=0)
    assert not SearchTerm.objects.filter(word="سرت").exists()
    assert set(ImportRun.objects.values_list("pk", flat=True)) == {killed.pk, running.pk}

    other.close()  # the running import ends (or dies)
    (tmp_path / "b.txt").write_text("خبر ثالث عن بنغازي.", encoding="utf-8")
    call_command("import_articles", str(tmp_path), verbosity=0)
    assert SearchTerm.objects.get(word="سرت").documents == 1
    assert not ImportRun.objects.exists()


def test_a_refused_link_stays_refused_through_reindexing_a_changed_import_and_a_merge(db, tmp_path):
    from django.core.management import call_command

    haftar = make_actor("خليفة حفتر", "حفتر", slug="khalifa-haftar")
    twin = make_actor("حفتار", slug="marshal-haftar")
    (tmp_path / "match.txt").write_text("مباراة\nقال المدرب حفتر وزميله حفتار إن المباراة انتهت.", encoding="utf-8")
    call_command("import_articles", str(tmp_path), verbosity=0)
    article = Article.objects.get()
    services.article_save(article, refusing=[haftar, twin])
    assert not article.actormentions.exists()
    assert "entityactor" not in Article.objects.get(pk=article.pk).search_entities

    call_command("reindex_articles", verbosity=0)
    assert not article.actormentions.exists()
    (tmp_path / "match.txt").write_text("مباراة\nقال المدرب حفتر وزميله حفتار إن المباراة انتهت بالتعادل.", encoding="utf-8")
    call_command("import_articles", str(tmp_path), verbosity=0)
    assert not article.actormentions.exists()
    assert Article.objects.get(pk=article.pk).body.endswith("بالتعادل.")

    services.entity_merge(haftar, [twin])
    assert [link.actor for link in article.refused_links.all()] == [haftar]
    assert not article.actormentions.exists()
    assert Actor.objects.get(pk=haftar.pk).article_count == 0
    assert not NameCandidate.objects.exists()


def test_a_merge_queued_for_the_background_counts_no_article_where_the_record_kept_was_refused(db, settings):
    haftar = make_actor("خليفة حفتر", "حفتر", slug="khalifa-haftar")
    twin = make_actor("حفتار", slug="marshal-haftar")
    refused = make_article("قال المدرب حفتر وزميله حفتار إن المباراة انتهت.")
    services.article_save(refused, refusing=[haftar])
    make_article("وصل المشير حفتر إلى سرت.")
    settings.RELINK_AT_ONCE = 0
    assert services.entity_merge(haftar, [twin])[1]  # queued
    assert not refused.actormentions.exists()
    assert Actor.objects.get(pk=haftar.pk).article_count == 1
    services.relink_pending()
    assert not refused.actormentions.exists() and Actor.objects.get(pk=haftar.pk).article_count == 1
