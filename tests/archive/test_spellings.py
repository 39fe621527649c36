"""Where a text as written holds a word whose normalized form is given, in any spelling."""

from libya_archive.archive.arabic import normalize_arabic
from libya_archive.archive.spellings import spelling_stretches, word_around


def test_every_spelling_of_a_form_is_found_with_its_marks_in_the_texts_own_offsets():
    text = "قال أحمد إنّ احمد وأَحْمَد في المدينة"
    stretches = spelling_stretches(text, frozenset({normalize_arabic("أحمد")}))
    assert [text[start:end] for start, end in stretches] == ["أحمد", "احمد", "أَحْمَد"]


def test_a_word_is_widened_to_the_whole_word_around_a_stretch_of_it():
    text = "وقال والمدينةُ هادئة"
    start = text.index("مدينة")
    assert text[slice(*word_around(text, start, start + len("مدينة")))] == "والمدينةُ"


def test_nothing_is_found_where_no_spelling_of_the_form_stands():
    assert spelling_stretches("سرت وطرابلس", frozenset({normalize_arabic("بنغازي")})) == []
