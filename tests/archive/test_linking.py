import json
from pathlib import Path

from libya_archive.archive.linking import entities_in_search_text, find_mentions, load_gazetteer
from libya_archive.archive.models import Actor, Place
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


def test_an_articles_entities_are_read_back_from_its_entity_search_text(db):
    haftar = make_actor("خليفة حفتر", "حفتر", slug="khalifa-haftar")
    sirte = make_place("سرت", slug="sirte")
    article = make_article("قال حفتر في سرت إن حفتر باق.")
    article.refresh_from_db()
    assert entities_in_search_text(article.search_entities) == {("actor", haftar.pk), ("place", sirte.pk)}
    assert entities_in_search_text("") == set()
