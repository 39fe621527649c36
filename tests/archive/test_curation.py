from libya_archive.archive.curation import actor_from_candidate, merge_entities
from libya_archive.archive.models import Actor, ActorMention, NameCandidate

from tests.factories import make_actor, make_article


def test_merging_moves_names_aliases_and_mentions_and_loses_nothing(db):
    haftar = make_actor("خليفة حفتر", "حفتر", slug="khalifa-haftar")
    twin = make_actor("المشير حفتار", "حفتار", "Hifter", slug="marshal-haftar")
    first = make_article("قال حفتر إن قواته تتقدم.")
    second = make_article("قال حفتار إن قواته تتقدم نحو سرت.")
    assert second.actormentions.get().actor == twin

    merge_entities(haftar, [twin])

    assert not Actor.objects.filter(pk=twin.pk).exists()
    assert set(haftar.aliases.values_list("name", flat=True)) == {"حفتر", "حفتار", "Hifter", "المشير حفتار"}
    assert haftar.former_slugs == ["marshal-haftar"]
    assert [m.actor for m in first.actormentions.all()] == [haftar]
    assert [m.actor for m in second.actormentions.all()] == [haftar]
    assert f"entityactor{haftar.pk}" in second.__class__.objects.get(pk=second.pk).search_entities


def test_a_merged_actors_old_url_redirects_to_the_one_it_became(client, db):
    haftar = make_actor("خليفة حفتر", slug="khalifa-haftar")
    twin = make_actor("حفتار", slug="marshal-haftar")
    merge_entities(haftar, [twin])
    response = client.get("/actors/marshal-haftar/")
    assert response.status_code == 301
    assert response["Location"] == "/actors/khalifa-haftar/"


def test_an_actor_made_from_a_candidate_links_the_articles_naming_it(db):
    article = make_article("قال العقيد مصطفى الشركسي إن الوضع صعب.")
    candidate = NameCandidate.objects.create(normalized="مصطفي الشركسي", name="مصطفى الشركسي", occurrences=1)
    actor = actor_from_candidate(candidate, name="مصطفى الشركسي", kind=Actor.Kind.PERSON)
    mention = ActorMention.objects.get(article=article)
    assert mention.actor == actor
    assert article.body[mention.start : mention.end] == "مصطفى الشركسي"
    assert not NameCandidate.objects.exists()
