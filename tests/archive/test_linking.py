import json
from pathlib import Path

import pytest
from django.db import IntegrityError

from libya_archive.archive.linking import (
    FoundMention,
    entities_in_search_text,
    find_mentions,
    load_gazetteer,
    relink_entity,
    replace_mentions,
)
from libya_archive.archive.models import Actor, ActorAlias, Place

from tests.conftest import SEED_ARTICLES
from tests.factories import make_actor, make_article, make_place

GOLD = json.loads((Path(__file__).parent / "gold_mentions.json").read_text(encoding="utf-8"))


def linked(text: str) -> list[tuple[str, str]]:
    """(the exact text each mention covers, the name of its entity), in order."""
    gazetteer = load_gazetteer()
    return [(text[m.start : m.end], gazetteer.names[m.entity]) for m in find_mentions(text, gazetteer)]


def test_names_with_attached_proclitics_link_without_them(db):
    make_actor("خليفة حفتر", "حفتر")
    make_actor("معمر القذافي", "القذافي")
    assert linked("قال وحفتر ثم لحفتر وبالقذافي") == [
        ("حفتر", "خليفة حفتر"),
        ("حفتر", "خليفة حفتر"),
        ("القذافي", "معمر القذافي"),
    ]


def test_the_longest_name_wins_and_is_one_mention(db):
    make_actor("معمر القذافي", "القذافي")
    make_actor("الأمم المتحدة")
    make_actor("بعثة الأمم المتحدة للدعم في ليبيا")
    make_place("ليبيا")
    assert linked("أطاح بمعمر القذافي وجاءت بعثة الأمم المتحدة للدعم في ليبيا") == [
        ("معمر القذافي", "معمر القذافي"),
        ("بعثة الأمم المتحدة للدعم في ليبيا", "بعثة الأمم المتحدة للدعم في ليبيا"),
    ]


def test_a_name_inside_another_word_is_not_a_mention(db):
    make_actor("علي كنة", "كنة")
    make_place("مصر")
    make_place("مصراتة")
    assert linked("كانت ممكنة في مصراتة") == [("مصراتة", "مصراتة")]


def test_a_name_never_runs_across_punctuation(db):
    make_actor("خليفة حفتر")
    assert linked("قال خليفة، حفتر") == []


def test_lam_lam_keeps_the_article_letter_in_the_link(db):
    make_actor("الأمم المتحدة")
    assert linked("الأمين العام للأمم المتحدة") == [("لأمم المتحدة", "الأمم المتحدة")]


def test_linking_the_seed_articles_matches_the_hand_checked_gold(seed_archive):
    """Precision and recall against every mention a person marked in the five seeds."""
    gazetteer = load_gazetteer()
    slugs = {("actor", pk): f"actor:{slug}" for pk, slug in Actor.objects.values_list("pk", "slug")}
    slugs |= {("place", pk): f"place:{slug}" for pk, slug in Place.objects.values_list("pk", "slug")}
    found, gold = set(), set()
    for path in SEED_ARTICLES:
        text = path.read_text(encoding="utf-8")
        found |= {(path.name, m.start, m.end, slugs[m.entity]) for m in find_mentions(text, gazetteer)}
        gold |= {(path.name, m["start"], m["end"], m["entity"]) for m in GOLD[path.name]}
    correct = len(found & gold)
    assert correct / len(found) >= 0.97, sorted(found - gold)
    assert correct / len(gold) >= 0.97, sorted(gold - found)


def test_relinking_an_entity_after_a_new_alias_links_the_new_spelling(db):
    haftar = make_actor("خليفة حفتر", "حفتر")
    article = make_article("وصل المشير حفتار إلى بنغازي.")
    assert not article.actormentions.exists()
    ActorAlias(actor=haftar, name="حفتار").save()
    assert relink_entity(haftar) == 1
    assert [article.body[m.start : m.end] for m in article.actormentions.all()] == ["حفتار"]


def test_relinking_after_an_alias_is_removed_drops_its_mentions(db):
    haftar = make_actor("خليفة حفتر", "حفتر", "حفتار")
    article = make_article("وصل المشير حفتار إلى بنغازي.")
    assert article.actormentions.count() == 1
    haftar.aliases.get(name="حفتار").delete()
    relink_entity(haftar)
    assert not article.actormentions.exists()


def test_relinking_rewrites_only_the_mentions_that_changed(db):
    haftar = make_actor("خليفة حفتر", "حفتر")
    make_place("بنغازي")
    article = make_article("وصل المشير حفتار إلى بنغازي، وقال حفتر كلمته.")
    kept = {row.pk: article.body[row.start : row.end] for row in [*article.actormentions.all(), *article.placementions.all()]}
    ActorAlias(actor=haftar, name="حفتار").save()
    relink_entity(haftar, ["حفتار"])
    now = {row.pk: article.body[row.start : row.end] for row in [*article.actormentions.all(), *article.placementions.all()]}
    assert sorted(now.values()) == ["بنغازي", "حفتار", "حفتر"]
    assert {pk: name for pk, name in now.items() if pk in kept} == kept  # the same rows, untouched


def test_an_alias_saved_during_a_long_relinking_is_used_for_the_articles_after_it(db, monkeypatch):
    from libya_archive.archive import linking

    haftar = make_actor("خليفة حفتر", "حفتر")
    make_article("قال حفتر كلمته.")
    respelled = make_article("قال حفتر إن المشير حفتار وصل.")
    real_link_articles = linking.link_articles

    def editor_saves_an_alias_after_the_first_batch(articles, gazetteer):
        real_link_articles(articles, gazetteer)
        if not ActorAlias.objects.filter(name="حفتار").exists():
            ActorAlias(actor=haftar, name="حفتار").save()

    monkeypatch.setattr(linking, "RELINK_BATCH", 1)
    monkeypatch.setattr(linking, "link_articles", editor_saves_an_alias_after_the_first_batch)
    assert relink_entity(haftar) == 2
    assert sorted(respelled.body[m.start : m.end] for m in respelled.actormentions.all()) == ["حفتار", "حفتر"]


def counts() -> dict[str, int]:
    return {**dict(Actor.objects.values_list("slug", "article_count")), **dict(Place.objects.values_list("slug", "article_count"))}


def assert_counts_match_a_recount():
    from libya_archive.archive.linking import recount_articles

    kept = counts()
    recount_articles()
    assert kept == counts()


def test_article_counts_stay_exact_through_imports_edits_merges_and_deletions(seed_archive, admin_client):
    from libya_archive.archive.curation import merge_entities
    from libya_archive.archive.models import Article

    assert counts()["khalifa-haftar"] == 4 and counts()["sirte"] == 4
    assert_counts_match_a_recount()

    changed = seed_archive / "001_1459ddc503db6e74.txt"
    changed.write_text("نص جديد عن سرت وحدها.", encoding="utf-8")
    from django.core.management import call_command

    call_command("import_articles", str(seed_archive), verbosity=0)
    assert counts()["khalifa-haftar"] == 3 and counts()["sirte"] == 5
    assert_counts_match_a_recount()

    haftar = Actor.objects.get(slug="khalifa-haftar")
    merge_entities(haftar, [Actor.objects.get(slug="libyan-national-army")])
    assert_counts_match_a_recount()

    article = Article.objects.get(source_name="003_0f9c5275d93800a3.txt")
    admin_client.post(f"/admin/archive/article/{article.pk}/delete/", {"post": "yes"})
    assert not Article.objects.filter(pk=article.pk).exists()
    assert counts()["khalifa-haftar"] == 2
    assert_counts_match_a_recount()


def test_an_articles_entities_are_read_back_from_its_entity_search_text(db):
    haftar = make_actor("خليفة حفتر", "حفتر", slug="khalifa-haftar")
    sirte = make_place("سرت", slug="sirte")
    article = make_article("قال حفتر في سرت إن حفتر باق.")
    article.refresh_from_db()
    assert entities_in_search_text(article.search_entities) == {("actor", haftar.pk), ("place", sirte.pk)}
    assert entities_in_search_text("") == set()


def test_a_mention_that_cannot_be_stored_raises_djangos_integrity_error(db):
    haftar = make_actor("حفتر")
    article = make_article("حفتر في سرت")
    two_mentions_at_one_place = [FoundMention(0, 4, ("actor", haftar.pk)), FoundMention(0, 3, ("actor", haftar.pk))]
    with pytest.raises(IntegrityError):
        replace_mentions({article.pk: two_mentions_at_one_place})
