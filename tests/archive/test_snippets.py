"""Snippets and highlighting: pure text."""


from hypothesis import given, settings
from hypothesis import strategies as st

from libya_archive.archive.arabic import search_form, tokenize
from libya_archive.archive.search.query import parse_query
from libya_archive.archive.snippets import phrase_spans, snippet, term_spans
from libya_archive.archive.templatetags.bidi import latin_isolated


def test_snippets_mark_every_spelling_of_a_hit_and_escape_the_text():
    text = "<قوات> & الميليشيات وميليشيات"
    marked = snippet(text, term_spans(text, parse_query("ميليشيات").terms))
    assert marked == "&lt;قوات&gt; &amp; <mark>الميليشيات</mark> <mark>وميليشيات</mark>"


def test_a_name_written_as_one_word_is_marked_as_the_two_it_is_searched_as():
    text = "استقبل الملك سلمان بن عبدالعزيز الوفد، وقال عبد العزيز كلمة."
    marked = snippet(text, phrase_spans(text, parse_query("عبدالعزيز").phrases))
    assert "<mark>عبدالعزيز</mark>" in marked and "<mark>عبد العزيز</mark>" in marked


def test_a_run_of_latin_words_in_a_snippet_reads_whole_left_to_right_its_marks_inside():
    text = "أعلنت الشركة نظام التشغيل “iOS 9″ للهواتف و“google play”"
    marked = snippet(text, term_spans(text, parse_query("iOS التشغيل").terms))
    assert marked == (
        'أعلنت الشركة نظام <mark>التشغيل</mark> “<bdi dir="ltr"><mark>iOS</mark> 9</bdi>″ للهواتف و“<bdi dir="ltr">google play</bdi>”'
    )
    # Accented letters are Latin too, and a line break in a run is a space in it.
    assert snippet("قال Erdoğan لشركة Google\nPlay", []) == 'قال <bdi dir="ltr">Erdoğan</bdi> لشركة <bdi dir="ltr">Google Play</bdi>'
    # A mark across a run's edge is split at it, so that the tags nest.
    assert snippet("شركة Apple الأمريكية", [(0, 10)]) == '<mark>شركة </mark><bdi dir="ltr"><mark>Apple</mark></bdi> الأمريكية'


def test_a_snippet_without_arabic_reads_in_its_own_direction_as_its_title_does_its_marks_and_ellipses_inside():
    assert snippet("Apple & Google.", []) == latin_isolated("Apple & Google.") == "<bdi>Apple &amp; Google.</bdi>"
    text = "Haftar met Sarraj in Rome. " + " ".join(f"word{n}" for n in range(100))
    marked = snippet(text, [(0, 6)])
    assert marked.startswith("<bdi><mark>Haftar</mark> met Sarraj in Rome. word0 ") and marked.endswith(" word24 …</bdi>")
    middle = snippet(text, [(text.index("word50"), text.index("word50") + 6)])
    assert middle.startswith("<bdi>… word") and middle.endswith(" …</bdi>"), "each … on the side of the text it stands for"
    assert "word49 <mark>word50</mark> word51" in middle


def test_a_snippet_with_nothing_marked_or_with_hits_in_the_opening_words_shows_the_opening():
    text = " ".join(f"كلمة{n}" for n in range(100))
    assert snippet(text, []) == " ".join(f"كلمة{n}" for n in range(30)) + " …"
    early = text.replace("كلمة5 ", "حفتر ", 1)
    marked = snippet(early, term_spans(early, parse_query("حفتر").terms))
    assert marked.startswith("كلمة0 كلمة1 كلمة2 كلمة3 كلمة4 <mark>حفتر</mark> كلمة6") and marked.endswith(" …")


def test_a_snippet_of_a_long_text_shows_its_densest_hits_as_thirty_whole_words():
    filler = " ".join(f"كلمة{n}" for n in range(400))
    text = f"حفتر في البداية. {filler} ثم قوات حفتر وحفتر معا. {filler} والنهاية."
    marked = snippet(text, term_spans(text, parse_query("حفتر").terms))
    assert marked.startswith("… ") and marked.endswith(" …")
    assert marked.count("<mark>") == 2 and "قوات <mark>حفتر</mark> <mark>وحفتر</mark> معا." in marked
    shown = marked.removeprefix("… ").removesuffix(" …").split()
    assert len(shown) == 30 and all(word in text.split() or "mark>" in word for word in shown)


def test_a_phrase_the_snippets_edge_would_cut_is_shown_whole():
    # The window with the most marked words held one phrase and the first word of the next.
    far, between = " ".join(f"بعيد{n}" for n in range(40)), " ".join(f"كلمة{n}" for n in range(27))
    text = f"{far} ولي العهد {between} ولي العهد {far}."
    marked = snippet(text, phrase_spans(text, parse_query('"ولي العهد"').phrases))
    assert marked.startswith("… <mark>ولي العهد</mark> كلمة0") and marked.endswith("كلمة26 <mark>ولي العهد</mark> …")


# Words in the spellings that normalizing folds (hamzas, ى, ة, diacritics, tatweel, joiners,
# Arabic-Indic digits, capitals) and characters whose lower case is longer or depends on the
# word's end (İ, Σ), between punctuation and other scripts.
SPELLED_WORDS = [
    "ليبيا", "لِيبْيَا", "ليـبيا", "بليبيا", "والليبيين", "الليبية", "ليبي", "إتفاق", "الاتفاق", "أتفاق",
    "مصراتة", "مصراته", "مصراتـة", "مستشفى", "مستشفي", "داعش", "دا\u200cعش", "٢٠١٦", "2016", "ΟΔΟΣ",
    "οδος", "İstanbul", "istanbul", "Haftar", "HAFTAR", "UN", "un", "عبدالعزيز", "عبد", "العزيز", "2015م",
]


SEPARATORS = [" ", "، ", ".\n", " - ", "(", ")", "\u200b", "_", "«", "»"]


@settings(max_examples=300, deadline=None)
@given(
    words=st.lists(st.sampled_from(SPELLED_WORDS) | st.text(min_size=1, max_size=4), min_size=1, max_size=20),
    separators=st.lists(st.sampled_from(SEPARATORS), min_size=20, max_size=20),
    chosen=st.lists(st.integers(0, 19), min_size=1, max_size=3),
)
def test_term_spans_are_exactly_the_words_whose_search_form_is_a_term(words, separators, chosen):
    text = "".join(word + separator for word, separator in zip(words, separators))
    tokens = tokenize(text)
    terms = frozenset(search_form(tokens[i % len(tokens)].form) for i in chosen) if tokens else frozenset({"x"})
    assert term_spans(text, terms) == [(t.start, t.end) for t in tokens if search_form(t.form) in terms]


def test_no_terms_mark_nothing():
    assert term_spans("نص عن ليبيا", frozenset()) == []
