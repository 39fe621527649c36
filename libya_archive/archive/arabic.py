"""The one place Arabic text rules live: normalizing, tokenizing, clitics, stop words.

Article text, gazetteer aliases and search queries all pass through these functions, so
a spelling that is equal here is equal everywhere (search, linking, highlighting).
"""

import re
from bisect import bisect_right
from functools import lru_cache
from importlib import resources
from itertools import accumulate, repeat
from operator import attrgetter
from typing import NamedTuple

from pyarabic import araby

# Arabic-Indic and Persian digits → Western ones.
_DIGIT_VALUES = {digit: str(value) for digits in (araby.NUMBERS_EAST, araby.NUMBERS_PERS) for value, digit in enumerate(digits)}
_DIGITS = str.maketrans(_DIGIT_VALUES)

# Each entry maps one character to one character or to nothing, so offsets into the
# original text can be recovered from a normalized word (see `original_offset`).
_CHARACTER_MAP = str.maketrans(
    {
        **{mark: None for mark in araby.DIACRITICS},
        araby.TATWEEL: None,
        araby.MINI_ALEF: None,
        "\u200b": None,  # zero-width space
        "\u200c": None,  # zero-width non-joiner
        "\u200d": None,  # zero-width joiner
        araby.ALEF_HAMZA_ABOVE: araby.ALEF,
        araby.ALEF_HAMZA_BELOW: araby.ALEF,
        araby.ALEF_MADDA: araby.ALEF,
        araby.ALEF_WASLA: araby.ALEF,
        araby.WAW_HAMZA: araby.WAW,
        araby.YEH_HAMZA: araby.YEH,
        araby.ALEF_MAKSURA: araby.YEH,
        araby.TEH_MARBUTA: araby.HEH,
        # Persian and Urdu letters that Arabic text borrows for its own (علی for علي).
        "\u06cc": araby.YEH,  # ی farsi yeh
        "\u06d2": araby.YEH,  # ے yeh barree
        "\u06a9": araby.KAF,  # ک keheh
        "\u06aa": araby.KAF,  # ڪ swash kaf
        "\u06c0": araby.HEH,  # ۀ heh with yeh above
        "\u06c1": araby.HEH,  # ہ heh goal
        "\u06be": araby.HEH,  # ھ heh doachashmee
        "\u06d5": araby.HEH,  # ە ae
        "\u06c3": araby.HEH,  # ۃ teh marbuta goal
        **_DIGIT_VALUES,
        # Full-width Latin letters and digits (ＯＢＡＭＡ, from an East Asian keyboard) as the ASCII ones.
        **{chr(code): chr(code - 0xFEE0) for code in range(0xFF10, 0xFF5B) if chr(code - 0xFEE0).isalnum()},
    }
)

def western_digits(text: str) -> str:
    """`text` with its Arabic-Indic and Persian digits as Western ones (٢٠١٥ as 2015), and nothing else changed."""
    return text.translate(_DIGITS)


# A digit and a decimal point or comma before a number, or one and a digit after it: the
# number is part of a longer one (the 37 of 3.37, the 6 of 7.6). Regular expressions that
# PostgreSQL and Python read alike, for a short number (`short_number_edges`): a year's
# four may stand in a dotted date (21.07.2015), which is no decimal.
DECIMAL_BEFORE = "[0-9\u0660-\u0669][.,\u066b]"
DECIMAL_AFTER = "[.,\u066b][0-9\u0660-\u0669]"
_SHORT_NUMBER = 3
_LEADING_DIGITS = re.compile(r"^\d+")
_TRAILING_DIGITS = re.compile(r"\d+$")


def short_number_edges(text: str) -> tuple[bool, bool]:
    """Whether `text` begins, and whether it ends, with a number of at most three digits:
    one that a digit and a decimal point beside it would make part of a longer one."""
    first, last = _LEADING_DIGITS.search(text), _TRAILING_DIGITS.search(text)
    return bool(first and len(first[0]) <= _SHORT_NUMBER), bool(last and len(last[0]) <= _SHORT_NUMBER)


# The marks and joiners that stand inside a word, which normalizing drops.
IN_WORD_MARKS = "\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06ed\u0640\u200c\u200d"
# The letters of a word (word characters, or those marks) a run at a time: through an
# alternation one character at a time, finding a body's words took 40 % longer.
RUN_OF_WORD_CHARACTERS = rf"(?:[^\W_]+|[{IN_WORD_MARKS}]+)"

_CONJUNCTIONS = "وف"
_PREPOSITIONS = "بكل"
_ARTICLE = "ال"
# A proclitic is only split off when what remains is at least this long, so that short
# words keep their first letter: بان (Ban) is not ب + ان, كنه (Kanna) not ك + نه. The
# exception: the three-letter words the corpus shows to be و or ف and a two-letter word.
_MIN_STEM = 3

# Inflectional endings folded for search, as (ending, replacement, the shortest stem it may
# leave), tried in order and only one removed: ميليشيات/ميليشيا → ميليشي, الإسلامية/الإسلاميون
# → اسلامي, شركة/شركات → شرك. A nisba or dual ending is never removed whole, so السعودية
# (سعودي) stays apart from سعود, and مصراتة (مصرات) from مصر.
_SUFFIXES = (
    ("يات", "ي", 4),
    ("يه", "ي", 4),
    ("يا", "ي", 5),
    ("ات", "", 3),
    ("ون", "", 4),
    ("ين", "", 4),
    ("ه", "", 3),
)
# The endings of the feminine (ة, written ه once normalized) and of its plural.
_FEMININE_ENDINGS = frozenset({"يات", "يه", "ات", "ه"})
_PLURAL_ENDINGS = frozenset({"يات", "ات"})
# Pronouns after a ة-noun, whose ة is then written ت: مرحلته, مرحلتها, مرحلتهم share
# المرحلة's form; a stem under three letters is a noun in ت itself (بيته → بيت).
_PRONOUNS_AFTER_TEH = ("تهما", "تهم", "تها", "ته")
# Pronouns after any other word, removed only from a stem long enough not to be the word.
_PRONOUNS = (("هما", 4), ("هم", 4), ("ها", 3))
# Feminines in final ى whose masculine is the word without it (الأولى/الأول, أخرى/آخر,
# إحدى/أحد). A closed class: most words in ى or ي (نسبة adjectives, verbs) keep the letter.
_FEMININES_IN_ALEF_MAKSURA = frozenset({"اولي", "اخري", "احدي"})


@lru_cache(maxsize=1)
def _protected_words() -> frozenset[str]:
    """Words whose first letters look like proclitics but are their own (لبنان, كبير, بلدية),
    learned from a news corpus by bench/learn_protected_words.py, and the same words with
    their endings removed, so that كبيرة and لجنتها are as protected as كبير and لجنة; but
    for the stems the corpus shows to be a proclitic and a word (وصيفة is a word, وصيف و + صيف)."""
    data = resources.files("libya_archive.archive").joinpath("data")
    words = frozenset(data.joinpath("protected_words.txt").read_text("utf-8").split())
    proclitic_stems = frozenset(data.joinpath("proclitic_stems.txt").read_text("utf-8").split())
    return words | (frozenset(map(without_ending, words)) - proclitic_stems) | _names_kept_whole()


@lru_cache(maxsize=1)
def _names_kept_whole() -> frozenset[str]:
    """Place names in ة whose letters without it are another word, kept whole with their
    first letters (بريدة is no بريد, "mail", nor ب + ريدة; درنة no الدرن, صبراتة no صبرا,
    الكفرة no كفر, مصراتة no مصرا + ته): the dev corpus's and the gazetteer's, by hand, where
    a reader's search for the place found the other word, and the name is far commoner than
    the other word with the pronoun ه, which ة is written as once normalized."""
    text = resources.files("libya_archive.archive").joinpath("data/names_kept_whole.txt").read_text("utf-8")
    return frozenset(text.split())


@lru_cache(maxsize=1)
def _distinct_feminines() -> frozenset[str]:
    """Words whose form in ة is a word of its own (مكتب and مكتبة, الرياض and الرياضة), not
    their feminine, learned from a news corpus by bench/learn_distinct_feminines.py."""
    text = resources.files("libya_archive.archive").joinpath("data/distinct_feminines.txt").read_text("utf-8")
    return frozenset(text.split())


@lru_cache(maxsize=1)
def _masculine_plurals() -> frozenset[str]:
    """Words of `_distinct_feminines` whose plural in ات is their own (مشروعات, of مشروع), not
    the word in ة's, learned from a news corpus by bench/learn_distinct_feminines.py."""
    text = resources.files("libya_archive.archive").joinpath("data/masculine_plurals.txt").read_text("utf-8")
    return frozenset(text.split())


def _feminine(stem: str, plural: bool = False) -> str:
    """The form of `stem` + ة (or, `plural`, + ات): the stem's own, but where the corpus
    shows the word in ة to be another word, whose plural it is too unless the corpus shows
    the plural to be the stem's (مكتبات is مكتبة's, مشروعات مشروع's)."""
    if stem not in _distinct_feminines() or (plural and stem in _masculine_plurals()):
        return stem
    return stem + "ه"


# Common Arabic function words, in normalized form. They stay in the index (so quoted
# phrases still match word for word) but a bare query word that is one of them is dropped.
STOP_WORDS = frozenset(
    """
    في من الي علي عن مع ان انه انها ما لا لم لن قد هذا هذه ذلك تلك هو هي هم هن نحن انا
    كان كانت يكون التي الذي الذين اللذين اللتين او ام ثم بل حتي اذا اذ كل بعض غير بين
    عند عندما منذ لدي لكن ليس ايضا فقط كما و ف ب ل ك اي الا امام خلال حول دون ضد نحو
    لقد قبل بعد فوق تحت وهو وهي وقد وفي ومن ولا ولم ولكن فان لان هناك هنا كذلك
    لعل لعله لعلها لعلهم لعلنا ولعل
    مهما فيما كلما سيما لاسيما معنا
    """.split()
)


class Token(NamedTuple):
    """A word of a text: where it stands in the original (end exclusive) and its normalized form.

    A named tuple because an article has a thousand of them and they are made on every import.
    """

    start: int
    end: int
    form: str


form_of = attrgetter("form")  # a token's form, for `map`


@lru_cache(maxsize=200_000)
def normalize_arabic(text: str) -> str:
    """Fold the spellings of one text that readers treat as the same.

    Diacritics, tatweel and zero-width joiners go; أ إ آ ٱ become ا, ؤ و, ئ ي, ى ي and ة ه;
    Arabic-Indic and full-width digits become Latin ones; Latin letters, full-width ones as
    ASCII, are lower-cased.
    """
    return text.translate(_CHARACTER_MAP).lower()


_WORD_SPLIT = re.compile(f"({RUN_OF_WORD_CHARACTERS}+)")


def tokenize(text: str) -> list[Token]:
    """Split a text into its words, with their offsets into `text` and normalized forms."""
    # From `word_offsets` and `map`, not a match object per word: the importer tokenizes
    # every article's body, and this is a third faster.
    words, starts, ends = word_offsets(text)
    forms = list(map(normalize_arabic, words))
    # tuple.__new__ makes each Token in C: `Token._make`, a Python call a word, was half the time.
    tokens = list(map(tuple.__new__, repeat(Token), zip(starts, ends, forms)))
    if "" in forms:  # a word of marks alone, which normalizing removes
        tokens = [token for token in tokens if token.form]
    return tokens


# Words written as one that are two. A number and the Arabic letters after it: 2015م (the
# Gregorian year), 1436هـ, 100كم; Latin letters stay with their digits (F16, 4G), and a
# proclitic before a number comes off as before any word (و2015, الـ20). And عبد and the
# name after it, written either way: عبدالعزيز is عبد العزيز.
_GLUED_NUMBER = re.compile("\\d[\u0621-\u064a\u066e-\u06d3]")
_NUMBER_AND_LETTER = re.compile("(?<=\\d)(?=[\u0621-\u064a\u066e-\u06d3])")
_ABD_AND_NAME = re.compile("([وفبكل]{0,2}عبد)(ال[\u0621-\u064a]{2,})")
_TWO_AS_ONE = re.compile(f"{_GLUED_NUMBER.pattern}|عبدال")


def word_offsets(text: str) -> tuple[list[str], list[int], list[int]]:
    """The words of `text` as written, with where each starts and ends: for highlighting,
    where normalized tokens are not needed. Splitting and summing lengths run in C, several
    times faster than a match object per word."""
    parts = _WORD_SPLIT.split(text)  # text between words, a word, text between, … text after
    ends = list(accumulate(map(len, parts)))
    # Most texts hold no word that is two; a text that does has only those words split.
    if "عبدال" in text or _GLUED_NUMBER.search(text):
        parts = _words_apart(text, parts, ends)
        ends = list(accumulate(map(len, parts)))
    return parts[1::2], ends[0:-1:2], ends[1::2]


def _words_apart(text: str, parts: list[str], ends: list[int]) -> list[str]:
    """`_WORD_SPLIT`'s parts (ending at `ends`) with each word that is two (`_TWO_AS_ONE`)
    split, nothing between the pieces."""
    starts = ends[0:-1:2]  # where each word starts
    pieces_of = {}
    for match in _TWO_AS_ONE.finditer(text):
        index = bisect_right(starts, match.start()) - 1  # the word the match stands in
        if index not in pieces_of:
            word = parts[2 * index + 1]
            abd = _ABD_AND_NAME.fullmatch(word)
            pieces_of[index] = abd.groups() if abd else _NUMBER_AND_LETTER.split(word)
    apart, after = [], 0
    for index, pieces in sorted(pieces_of.items()):
        apart += parts[after : 2 * index + 1]
        for piece in pieces[:-1]:
            apart += [piece, ""]
        apart.append(pieces[-1])
        after = 2 * index + 2
    return apart + parts[after:]


def next_to(text: str, before: Token, after: Token) -> bool:
    """Whether only white space stands between two tokens of `text`, or nothing (one word
    that is two, عبدالعزيز): a name does not run across punctuation."""
    gap = text[before.end : after.start]
    return not gap or gap.isspace()


@lru_cache(maxsize=500_000)
def search_form_of_word(word: str) -> str:
    """The search form of a word as written in a text (normalized, then reduced)."""
    return search_form(normalize_arabic(word))


def original_offset(text: str, token: Token, normalized_index: int) -> int:
    """Where in `text` the character at `normalized_index` of `token.form` stands."""
    kept = 0
    for position in range(token.start, token.end):
        width = len(normalize_arabic(text[position]))
        # A mark that normalizing drops (a stray fatha before a word) starts nothing.
        if width and kept == normalized_index:
            return position
        kept += width
    return token.end


@lru_cache(maxsize=200_000)
def proclitic_readings(form: str) -> tuple[tuple[int, str], ...]:
    """Every way to read a normalized word as attached proclitics plus a word.

    Returns (letters of proclitics, the word after them) pairs, the word as written first.
    Proclitics come in the order Arabic writes them, each at most once: و or ف, then ب, ك or
    ل; the article stays with the word. والمغرب → (0, والمغرب), (1, المغرب); للامم → …,
    (1, الامم) since ل + ال is written لل.
    """
    readings = [(0, form)]
    if form[:1] in _CONJUNCTIONS and len(form) > 2:
        readings.append((1, form[1:]))
    for skip, word in list(readings):
        if word[:1] in _PREPOSITIONS and len(word) > 2:
            readings.append((skip + 1, word[1:]))
            if word.startswith("لل"):
                readings.append((skip + 1, _ARTICLE + word[2:]))
    return tuple(readings)


def stem_and_article(form: str) -> tuple[str, bool]:
    """The word without its proclitics, and whether one of them was the article.

    Each proclitic is removed at most once, in the order Arabic writes them (و/ف, then
    ب/ك/ل, then ال), and nothing after the article: البلدين is ال + بلدين, never الدين. A
    protected word (or a stop word) keeps its first letters: لبنان, كبير, وكالة, كانت.
    """
    word = form
    if _has_conjunction(word):
        word = word[1:]
    if word in STOP_WORDS:
        return word, False
    if word[:1] in _PREPOSITIONS and len(word) > _MIN_STEM and not _is_protected(word):
        if word.startswith("لل") and not _is_protected(word[1:]) and len(word) - 2 >= _MIN_STEM:
            return word[2:], True  # ل + ال: للامم is ل + الامم
        if word[1:] in STOP_WORDS:
            return word, False  # وبدون is و + بدون, a word of its own: ب + دون would be a stop word
        word = word[1:]
    if word in STOP_WORDS:
        return word, False
    if word.startswith(_ARTICLE) and len(word) - 2 >= _MIN_STEM:
        return word[2:], True
    return word, False


def _has_conjunction(word: str) -> bool:
    """Whether `word` begins with و or ف as a word of its own: a long word unless protected,
    a three-letter word where the corpus reads it so (وخط is و + خط, وجد is a word)."""
    if word[:1] not in _CONJUNCTIONS:
        return False
    if len(word) > _MIN_STEM:
        return not _is_protected(word)
    return word in _conjoined_short_words()


@lru_cache(maxsize=1)
def _conjoined_short_words() -> frozenset[str]:
    """Three-letter words that are و or ف and a word of two letters (وخط, وهل, وبن), learned
    from a news corpus by bench/learn_protected_words.py: others of three letters keep their
    first letter (وجد, وقت)."""
    text = resources.files("libya_archive.archive").joinpath("data/conjoined_short_words.txt").read_text("utf-8")
    return frozenset(text.split())


def _is_protected(word: str) -> bool:
    """Whether the first letters of `word` are its own, by the learned list (any ending)."""
    protected = _protected_words()
    return word in protected or without_ending(word) in protected


@lru_cache(maxsize=200_000)
def without_ending(word: str) -> str:
    """`word` (without proclitics) with one inflectional ending or pronoun removed."""
    if word in _FEMININES_IN_ALEF_MAKSURA:
        return word[:-1]
    if word in _names_kept_whole():
        return word
    for pronoun in _PRONOUNS_AFTER_TEH:
        if word.endswith(pronoun):
            stem = word[: -len(pronoun)]
            if pronoun != "ته" and stem.endswith("ا") and len(stem) - 1 >= 3:
                return _feminine(stem[:-1], plural=True)  # a plural in ات with a pronoun: سياراتها → سيار
            if len(stem) >= 3:  # (ته alone is also a noun in اة: مصراتة is no plural of مصر)
                return without_ending(stem + "ه")
            break
    for pronoun, shortest_stem in _PRONOUNS:
        if word.endswith(pronoun) and len(word) - len(pronoun) >= shortest_stem:
            return without_ending(word[: -len(pronoun)])
    for ending, replacement, shortest_stem in _SUFFIXES:
        if word.endswith(ending) and len(word) - len(ending) >= shortest_stem:
            stem = word[: -len(ending)] + replacement
            return _feminine(stem, plural=ending in _PLURAL_ENDINGS) if ending in _FEMININE_ENDINGS else stem
    return word


@lru_cache(maxsize=200_000)
def search_form(form: str) -> str:
    """The form a normalized word is indexed and searched under: proclitics and one
    inflectional ending (or a pronoun) removed.

    والميليشيات, بالميليشيا and الميليشيات all become ميليشي; كبير and كبيرة, زوج and
    زوجها, مرحلته and المرحلة share a form. Text and queries use this same function. A
    stop word is its own form, so a query drops exactly the words STOP_WORDS lists as
    written; a word that would reduce to a stop word without being one is kept whole
    (with the article, as ال + stem, so الإمام and للإمام meet and are never dropped).
    """
    if form in STOP_WORDS:
        return form
    stem, article = stem_and_article(form)
    if stem in STOP_WORDS:
        return _ARTICLE + stem if article else form
    reduced = without_ending(stem)
    return stem if reduced in STOP_WORDS else reduced


def related_forms(form: str) -> tuple[str, ...]:
    """Search forms of words close to the word of search form `form` that search folds
    apart, to be found too but counted for less: a nisba adjective and its noun (اقتصادي and
    الاقتصاد, ثقافي and الثقافة; folded for good, سعودي would be سعود), and a word with the
    alef of the indefinite accusative (زعيماً, زعيم). Where the word in ة is a word of its
    own, the nisba is that word's (رياضي is of الرياضة, not of الرياض)."""
    if form in STOP_WORDS or len(form) < _MIN_STEM:
        return ()
    if len(form) == _MIN_STEM:
        # A word of three letters, its nisba and its accusative (يمن, يمني; قتل, قتلى; حفل,
        # حفلا): one in ي, ه or ا is mostly no noun they are made from (علي, جدا).
        if form[-1] in "يها":
            return ()
        return tuple(f for f in (form + "ي", form + "ا") if f not in STOP_WORDS)
    distinct = _distinct_feminines()
    if form.endswith("ا"):
        related = [form[:-1]]
    elif form.endswith("ي"):
        related = [_feminine(form[:-1]), form + "ا"]
    elif form.endswith("ه"):
        related = [form[:-1] + "ي"]
    else:
        related = [form + "ا"] if form in distinct else [form + "ي", form + "ا"]
    return tuple(f for f in dict.fromkeys(related) if f != form and f not in STOP_WORDS)


def search_document(text: str, tokens: list[Token] | None = None) -> str:
    """The text (whose `tokens` may be given) as the search index sees it: one search form
    per word, in order."""
    return " ".join(map(search_form, map(form_of, tokenize(text) if tokens is None else tokens)))
