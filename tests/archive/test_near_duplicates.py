from libya_archive.archive.arabic import search_document
from libya_archive.archive.near_duplicates import (
    BANDS,
    MIN_SHINGLES,
    article_keys,
    band_keys,
    components,
    headline_of,
    resemblance,
    shingles,
)
from tests.near_duplicate_texts import OTHER_STORY, STORY, STORY_RETOLD


def runs(text: str) -> frozenset[int]:
    return shingles(search_document(text), "")


def test_a_story_retold_with_one_word_changed_resembles_it_and_shares_its_keys():
    assert resemblance(runs(STORY), runs(STORY_RETOLD)) >= 0.9
    assert set(band_keys(runs(STORY))) & set(band_keys(runs(STORY_RETOLD)))


def test_another_story_neither_resembles_it_nor_shares_a_key():
    assert resemblance(runs(STORY), runs(OTHER_STORY)) < 0.1
    assert not set(band_keys(runs(STORY))) & set(band_keys(runs(OTHER_STORY)))


def test_spellings_and_attached_words_do_not_make_a_text_another():
    respelt = STORY.replace("أعلنت", "اعلنت").replace("الطبية", "الطبيه")
    assert runs(respelt).tolist() == runs(STORY).tolist()


def test_a_caption_of_a_few_words_has_no_keys_and_is_grouped_with_nothing():
    caption = "صورة من افتتاح المستشفى الجديد في سرت"
    assert len(runs(caption)) < MIN_SHINGLES
    assert band_keys(runs(caption)) == []


def test_the_keys_are_the_same_in_every_process():
    # Stored keys are compared with keys made later, by other processes and releases.
    assert band_keys(runs(STORY)) == band_keys(runs(STORY))
    assert len(band_keys(runs(STORY))) == 16


def test_an_article_keeps_its_bands_keys_then_its_headlines_in_any_spelling_but_not_quoted_otherwise():
    keys = article_keys("أعلنت الصحة افتتاح مستشفى سرت", runs(STORY))
    assert keys[:BANDS] == band_keys(runs(STORY)) and len(keys) == BANDS + 1
    respelt = article_keys("اعلنت  الصحه افتتاح مستشفى سرت", runs(STORY_RETOLD))
    assert headline_of(respelt) == headline_of(keys)
    assert headline_of(article_keys("«الصحة» تفتتح مستشفى سرت", runs(STORY))) != headline_of(article_keys('"الصحة" تفتتح مستشفى سرت', runs(STORY)))
    assert article_keys("صورة", runs("صورة من افتتاح المستشفى الجديد في سرت")) == [], "a caption is grouped with nothing"
    assert headline_of(band_keys(runs(STORY))) is None, "keys stored before there were headlines'"


def test_components_join_through_links_and_leave_single_articles_out():
    assert components([1, 2, 3, 4, 5], [(1, 2), (3, 2)]) == [[1, 2, 3]]
    assert components([7, 8], []) == []
