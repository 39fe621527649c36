from importlib import import_module

from django.db import connection
from django.db.models import Q

from libya_archive.archive.arabic import search_form, tokenize
from libya_archive.archive.models import Article
from libya_archive.archive.search import search_articles
from libya_archive.archive.search.query import parse_query
from libya_archive.archive.selectors import articles_naming
from libya_archive.archive.services import relink_entity
from libya_archive.archive.word_shingles import article_shingles, phrase_shingles
from tests.factories import make_actor, make_article

# Arabic with attached clitics, diacritics, a tatweel, Eastern digits, Latin, glued scripts
# and punctuation: whatever PostgreSQL makes of it, a phrase of it must be found.
MIXED_TEXT = (
    "قالت حكومةُ الوفاق في طرابلس إن قواتها دخلت سـرت يوم ١٥ مايو 2016، وأعلن مجلس النواب "
    "في طبرق رفضه. وقال UN envoy مارتن كوبلر إن covid-19 لم يكن سبباً، وإن ليبيا2016 عام "
    "الاتفاق السياسي الموقع في الصخيرات بالمغرب."
)


def forms(text: str) -> list[str]:
    return [search_form(token.form) for token in tokenize(text)]


def phrase_titles(phrase: str, **options) -> list[str]:
    return [hit.article.title for hit in search_articles(f'"{phrase}"', **options).hits]


def test_every_run_of_two_or_three_words_of_an_article_finds_it_as_a_phrase(db):
    make_article(MIXED_TEXT, title="مختلط")
    words = [MIXED_TEXT[token.start : token.end] for token in tokenize(MIXED_TEXT)]
    for size in (2, 3):
        for start in range(len(words) - size + 1):
            phrase = " ".join(words[start : start + size])
            assert phrase_titles(phrase, expand_entities=False) == ["مختلط"], phrase


def test_a_phrase_asks_the_shingles_index_and_the_word_positions_decide(db):
    make_article("اجتمع مجلس النواب في طبرق.", title="طبرق")
    make_article("حكومة الوفاق الوطني في طرابلس.", title="طرابلس")
    make_article("النواب في مجلس طرابلس البلدي.", title="البلدي")
    parsed = parse_query('"حكومة الوفاق الوطني" أو "مجلس النواب" طرابلس')
    # The clause of phrases asks for either phrase's shingles; the bare word asks for none.
    holding = Article.objects.filter(parsed.shingles_condition).values_list("title", flat=True)
    assert sorted(holding) == ["طبرق", "طرابلس"]
    assert phrase_titles("مجلس النواب") == ["طبرق"]
    assert parse_query("حكومة طرابلس").shingles_condition == Q()
    assert parse_query('"حكومة" -"مجلس النواب"').shingles_condition == Q()


def test_an_article_without_the_shingles_of_a_phrase_is_not_offered_for_it(db):
    article = make_article("دخلت القوات مدينة سرت من الشرق.", title="سرت")
    assert phrase_titles("مدينة سرت") == ["سرت"]
    Article.objects.filter(pk=article.pk).update(search_shingles=[])
    assert phrase_titles("مدينة سرت") == []
    assert [hit.article.title for hit in search_articles("مدينة سرت").hits] == ["سرت"]


def test_shingles_are_made_over_arabic_and_digit_runs_and_pass_over_the_rest():
    assert article_shingles(["مجلس نواب", "entityactor7 مجلس"]) == article_shingles(["مجلس نواب 7 مجلس"])
    assert phrase_shingles(["وفاق"]) == []
    assert phrase_shingles(["covid", "19"]) == []
    assert len(phrase_shingles(["حكوم", "وفاق", "وطني"])) == 2  # its pairs
    assert len(phrase_shingles(["حرب", "في", "ليبي"])) == 1  # the triple around في, which holds both pairs


def test_a_new_alias_makes_the_entity_name_a_phrase_the_article_is_found_by(db):
    haftar = make_actor("المشير خليفة حفتر", "حفتر")
    make_article("وصل حفتار إلى بنغازي.", title="وصول")
    assert phrase_titles("خليفة حفتر", expand_entities=False) == []
    haftar.aliases.create(name="حفتار")
    relink_entity(haftar)
    # The entity's name is in the article's search text now, and so are its shingles.
    assert phrase_titles("خليفة حفتر", expand_entities=False) == ["وصول"]


def test_relinking_finds_the_articles_holding_a_name_of_several_words_only(db):
    holding = make_article("اجتمع مجلس النواب في طبرق.")
    make_article("النواب في المجلس البلدي اجتمعوا.")
    assert list(articles_naming(["مجلس النواب"])) == [holding]


def test_the_migration_fills_the_shingles_of_articles_stored_before_it(db):
    make_article("دخلت القوات مدينة سرت من الشرق.", title="سرت")
    Article.objects.update(search_shingles=[])
    fill_shingles = import_module("libya_archive.archive.migrations.0008_word_shingles").fill_shingles
    with connection.schema_editor() as editor:
        fill_shingles(None, editor)
    assert phrase_titles("مدينة سرت") == ["سرت"]


def test_shingles_cover_every_adjacent_pair_and_every_triple_around_a_stop_word():
    words = ["حكوم", "وفاق", "في", "ليبي", "من", "جديد"]
    stored = set(article_shingles([" ".join(words)]))
    assert len(stored) == 5 + 2
    for size in (2, 3, 4):
        for start in range(len(words) - size + 1):
            assert set(phrase_shingles(words[start : start + size])) <= stored
    assert not set(phrase_shingles(["وفاق", "حكوم"])) <= stored
    assert not set(phrase_shingles(["وفاق", "في", "جديد"])) <= stored


def test_phrases_match_alone_with_alternatives_with_words_and_with_exclusions(db):
    make_article("دخلت القوات مدينة سرت من الشرق.", title="الشرق")
    make_article("دخلت القوات مدينة سرت من الغرب.", title="الغرب")
    make_article("مدينة القوات سرت.", title="مبعثرة")
    assert sorted(phrase_titles("مدينة سرت")) == ["الشرق", "الغرب"]
    assert sorted(hit.article.title for hit in search_articles('"من الشرق" أو "من الغرب"').hits) == ["الشرق", "الغرب"]
    assert [hit.article.title for hit in search_articles('"مدينة سرت" الشرق').hits] == ["الشرق"]
    assert [hit.article.title for hit in search_articles('"مدينة سرت" -الغرب').hits] == ["الشرق"]
    assert [hit.article.title for hit in search_articles('"مدينة سرت" -"من الغرب"').hits] == ["الشرق"]
