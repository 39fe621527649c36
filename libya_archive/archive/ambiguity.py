"""Which names are also ordinary words, and what in a text is evidence that one is a name.

A name made only of ordinary words (مالي "financial", البنك المركزي "the central bank",
الجيش الوطني "the national army") names an entity only in some articles; linking it
everywhere links every sum of money to Mali. Such a name is *ambiguous*: `linking` keeps a
mention of it only with evidence in the article (see `linking.find_mentions`).

The ordinary words are learned from real news by `bench/ordinary_words.py` and shipped in
`data/`: words seen often both bare and with ال or an inflectional ending, and words that
begin with a proclitic letter but are words of their own (لكنه is not ل + كنه).
"""

from functools import lru_cache
from pathlib import Path

from libya_archive.archive.arabic import Token, normalize_arabic, proclitic_readings

DATA = Path(__file__).resolve().parent / "data"
_ARTICLE = "ال"

# An editor's mark on an alias (`Alias.linking`): the data decides, link it always, or
# link it only with evidence.
AUTO, ALWAYS, WITH_EVIDENCE = "auto", "always", "with_evidence"

# Titles and roles that stand before a person's or a body's name (المشير حفتر).
TITLES = frozenset(
    normalize_arabic(title)
    for title in """
    المشير اللواء الجنرال العقيد العميد الرائد النقيب الفريق الوزير وزير الرئيس رئيس
    السفير المبعوث الناطق المتحدث القائد قائد المفتي الشيخ الأمين الخبير السياسي
    الدكتور مدير المدير الملك الأمير
    """.split()
)
# Words that stand before a place's name: what kind of place it is, or "in", "to".
PLACE_WORDS = frozenset(
    normalize_arabic(word)
    for word in """
    دولة جمهورية مملكة مدينة بلدة قرية منطقة محافظة ولاية إقليم عاصمة العاصمة في إلى
    """.split()
)


def _words(name: str) -> frozenset[str]:
    return frozenset((DATA / name).read_text(encoding="utf-8").split())


@lru_cache(maxsize=1)
def ordinary_words() -> frozenset[str]:
    return _words("ordinary_words.txt")


@lru_cache(maxsize=1)
def whole_words() -> frozenset[str]:
    """Written words never read as proclitics and a one-word name (لكنه is not ل + كنه)."""
    return _words("whole_words.txt")


def bare(form: str) -> str:
    """A normalized word without the article (and the ل before it, as in للنفط)."""
    if form.startswith("لل") and len(form) > 4:
        return form[2:]
    if form.startswith(_ARTICLE) and len(form) > 4:
        return form[2:]
    return form


def nisba_forms(place_names: list[str]) -> set[str]:
    """The adjectives of place names that are not ordinary words themselves (ليبيا → ليبي,
    ليبيه; مصر → مصري): a name holding one (الجيش الليبي) is specific, not generic."""
    ordinary = ordinary_words()
    adjectives = set()
    for name in place_names:
        words = normalize_arabic(name.strip()).split()
        word = bare(words[0]) if len(words) == 1 else ""
        if not word or word in ordinary:
            continue
        stem = word[:-1] if word[-1] in "اه" else word
        adjective = stem if stem.endswith("ي") else stem + "ي"
        if adjective != word:
            adjectives |= {adjective, adjective + "ه"}
    return adjectives


def is_ordinary_name(name: str, specific: set[str] | frozenset[str] = frozenset()) -> bool:
    """Whether every word of `name` is an ordinary word, none of them an adjective of a
    place (`specific`, from `nisba_forms`): what the data says of an alias marked auto."""
    ordinary = ordinary_words()
    words = [bare(word) for word in normalize_arabic(name.strip()).split()]
    return bool(words) and all(word in ordinary and word not in specific for word in words)


def is_ambiguous(name: str, mark: str, specific: set[str] | frozenset[str] = frozenset()) -> bool:
    """Whether a mention of the alias `name` needs evidence, by the editor's `mark` or the data."""
    if mark == AUTO:
        return is_ordinary_name(name, specific)
    return mark == WITH_EVIDENCE


@lru_cache(maxsize=100_000)
def _is_word_before(form: str, kind: str) -> bool:
    words = TITLES if kind == "actor" else PLACE_WORDS
    return any(word in words for _, word in proclitic_readings(form))


def announced(tokens: list[Token], first: int, kind: str, joined) -> bool:
    """Whether the word before tokens[first] says that a name of `kind` follows: a title
    before an actor (اللواء كنة), a kind of place or في, إلى before a place (جمهورية مالي)."""
    return first > 0 and joined(first) and _is_word_before(tokens[first - 1].form, kind)
