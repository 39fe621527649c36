"""The one place Arabic text rules live: normalizing, tokenizing, clitics, stop words.

Article text, gazetteer aliases and search queries all pass through these functions, so
a spelling that is equal here is equal everywhere (search, linking, highlighting).
"""

import re
from functools import lru_cache
from itertools import accumulate
from operator import attrgetter
from typing import NamedTuple

from pyarabic import araby

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
        **{digit: str(value) for value, digit in enumerate(araby.NUMBERS_EAST)},
        **{digit: str(value) for value, digit in enumerate(araby.NUMBERS_PERS)},
    }
)

# Letters that run inside a word: word characters plus the marks and joiners normalizing drops.
_IN_WORD_MARKS = "\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06ed\u0640\u200c\u200d"
_WORD_CHARACTER = rf"(?:[^\W_]|[{_IN_WORD_MARKS}])"
# The same letters a run at a time: through the alternation one character at a time, finding
# a body's words took 40 % longer.
_RUN_OF_WORD_CHARACTERS = rf"(?:[^\W_]+|[{_IN_WORD_MARKS}]+)"

_CONJUNCTIONS = "وف"
_PREPOSITIONS = "بكل"
_PROCLITICS = _CONJUNCTIONS + _PREPOSITIONS
_ARTICLE = "ال"
# A proclitic is only split off when what remains is at least this long, so that short
# words keep their first letter: بان (Ban) is not ب + ان, كنه (Kanna) not ك + نه.
_MIN_STEM = 3

# Inflectional endings folded for search, longest first, each as (ending, replacement,
# the shortest stem it may leave). Only one is removed, and only from a long enough word:
# ميليشيات/ميليشيا → ميليشي, الإسلامية/الإسلاميون → اسلامي, but مصراتة → مصرات never مصر.
_SUFFIXES = (
    ("يات", "ي", 4),
    ("يه", "ي", 4),
    ("يا", "ي", 5),
    ("ات", "", 4),
    ("ون", "", 4),
    ("ين", "", 4),
    ("ه", "", 4),
)

# Common Arabic function words, in normalized form. They stay in the index (so quoted
# phrases still match word for word) but a bare query word that is one of them is dropped.
STOP_WORDS = frozenset(
    """
    في من الي علي عن مع ان انه انها ما لا لم لن قد هذا هذه ذلك تلك هو هي هم هن نحن انا
    كان كانت يكون التي الذي الذين اللذين اللتين او ام ثم بل حتي اذا اذ كل بعض غير بين
    عند عندما منذ لدي لكن ليس ايضا فقط كما و ف ب ل ك اي الا امام خلال حول دون ضد نحو
    لقد قبل بعد فوق تحت وهو وهي وقد وفي ومن ولا ولم ولكن فان لان هناك هنا كذلك
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
    Arabic-Indic digits become Latin ones; Latin letters are lower-cased.
    """
    return text.translate(_CHARACTER_MAP).lower()


_WORD_SPLIT = re.compile(f"({_RUN_OF_WORD_CHARACTERS}+)")


def tokenize(text: str) -> list[Token]:
    """Split a text into its words, with their offsets into `text` and normalized forms."""
    # From `word_offsets` and `map`, not a match object per word: 1.07 → 0.7 ms for a body
    # of 750 words, and the importer tokenizes every article's body.
    words, starts, ends = word_offsets(text)
    forms = list(map(normalize_arabic, words))
    tokens = list(map(Token._make, zip(starts, ends, forms)))
    if "" in forms:  # a word of marks alone, which normalizing removes
        tokens = [token for token in tokens if token.form]
    return tokens


def word_offsets(text: str) -> tuple[list[str], list[int], list[int]]:
    """The words of `text` as written, with where each starts and ends: for highlighting,
    where normalized tokens are not needed. Splitting and summing lengths run in C, several
    times faster than a match object per word."""
    parts = _WORD_SPLIT.split(text)  # text between words, a word, text between, … text after
    ends = list(accumulate(map(len, parts)))
    return parts[1::2], ends[0:-1:2], ends[1::2]


@lru_cache(maxsize=1)
def _spellings_of_characters() -> tuple[dict[str, set[str]], set[str]]:
    """The characters of the Basic Multilingual Plane that normalizing changes, by the first
    character they become; and the characters that only follow another in a normalization
    (the dot of i̇, from İ)."""
    spellings: dict[str, set[str]] = {"ς": {"Σ"}}  # lower-cased at the end of a word, Σ is ς
    following: set[str] = set()
    changed = [chr(code) for code in _CHARACTER_MAP] + [c for c in map(chr, range(0x10000)) if c.lower() != c]
    for character in changed:
        normalized = normalize_arabic(character)
        if normalized:
            spellings.setdefault(normalized[0], set()).add(character)
            following.update(normalized[1:])
    return spellings, following


@lru_cache(maxsize=1024)
def spellings_pattern(forms: frozenset[str]) -> re.Pattern | None:
    """A regular expression finding, in a text as written, every stretch that normalizes to
    one of `forms` (any spelling, marks between letters): each word that normalizes to a
    form holds such a stretch. None where a form's spellings cannot be listed so."""
    spellings, following = _spellings_of_characters()
    if any(not form or following.intersection(form) or max(form) > "\uffff" for form in forms):
        return None
    marks = f"[{_IN_WORD_MARKS}]*"
    alternatives = (
        marks.join("[" + "".join(map(re.escape, sorted({letter, *spellings.get(letter, ())}))) + "]" for letter in form)
        for form in sorted(forms, key=len, reverse=True)
    )
    return re.compile("|".join(alternatives))


_ONE_WORD_CHARACTER = re.compile(_WORD_CHARACTER)
_REST_OF_WORD = re.compile(_RUN_OF_WORD_CHARACTERS + "*")


def word_around(text: str, start: int, end: int) -> tuple[int, int]:
    """Where the word holding `text[start:end]` (letters of one word) starts and ends."""
    while start and _ONE_WORD_CHARACTER.match(text, start - 1):
        start -= 1
    return start, _REST_OF_WORD.match(text, end).end()


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

    Returns (letters of proclitics, the word after them) pairs, the word as written first:
    والمغرب → (0, والمغرب), (1, المغرب); للامم → …, (1, الامم) since ل + ال is written لل.
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


@lru_cache(maxsize=200_000)
def search_form(form: str) -> str:
    """The form a normalized word is indexed and searched under: proclitics and one
    inflectional ending removed.

    والميليشيات, بالميليشيا and الميليشيات all become ميليشي. Proclitics are removed one
    at a time by the same rule, so a word reads the same with or without letters before
    it: لفراغ and فراغ, لوزير and وزير share a form even where the first letter of the
    word itself looks like a proclitic. Text and queries use this same function, so the
    only cost of a wrong split is two rare words sharing a form.
    """
    word = form
    while True:
        if word.startswith(_ARTICLE) and len(word) - 2 >= _MIN_STEM:
            word = word[2:]
        elif word[:1] in _PROCLITICS and len(word) - 1 >= _MIN_STEM:
            word = word[1:]
        else:
            break
    for ending, replacement, shortest_stem in _SUFFIXES:
        if word.endswith(ending) and len(word) - len(ending) >= shortest_stem:
            return word[: -len(ending)] + replacement
    return word


def search_document(text: str, tokens: list[Token] | None = None) -> str:
    """The text (whose `tokens` may be given) as the search index sees it: one search form
    per word, in order."""
    return " ".join(search_form(token.form) for token in (tokenize(text) if tokens is None else tokens))
