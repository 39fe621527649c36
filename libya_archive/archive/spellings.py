"""Where a text as written holds words whose normalized form is one of a few: the stretches
every spelling of them takes (hamzas, ى, ة, marks and joiners between letters), found without
normalizing the whole text, in its own offsets. For marking a reader's words in a snippet
or an article (`snippets`); the spellings themselves are `arabic`'s rules."""

import re
from bisect import bisect_right
from functools import lru_cache
from typing import NamedTuple

from libya_archive.archive.arabic import IN_WORD_MARKS, RUN_OF_WORD_CHARACTERS, normalize_arabic

# One letter inside a word: a word character, or a mark or joiner normalizing drops.
_WORD_CHARACTER = rf"(?:[^\W_]|[{IN_WORD_MARKS}])"


@lru_cache(maxsize=1)
def spellings_of_characters() -> tuple[dict[str, set[str]], set[str]]:
    """The characters of the Basic Multilingual Plane that normalizing changes, by the first
    character they become; and the characters that only follow another in a normalization
    (the dot of i̇, from İ)."""
    spellings: dict[str, set[str]] = {"ς": {"Σ"}}  # lower-cased at the end of a word, Σ is ς
    following: set[str] = set()
    normalize = normalize_arabic.__wrapped__  # 65,536 characters once, past its cache
    for character in map(chr, range(0x10000)):
        normalized = normalize(character)
        if normalized != character and normalized:
            spellings.setdefault(normalized[0], set()).add(character)
            following.update(normalized[1:])
    return spellings, following


@lru_cache(maxsize=1024)
def _spellings_pattern(forms: frozenset[str]) -> re.Pattern | None:
    """A regular expression finding, in a text as written, every stretch that normalizes to
    one of `forms` (any spelling, marks between letters): each word that normalizes to a
    form holds such a stretch. None where a form's spellings cannot be listed so."""
    if not _listable(forms):
        return None
    spellings, _ = spellings_of_characters()
    marks = f"[{IN_WORD_MARKS}]*"
    alternatives = (
        marks.join("[" + "".join(map(re.escape, sorted({letter, *spellings.get(letter, ())}))) + "]" for letter in form)
        for form in sorted(forms, key=len, reverse=True)
    )
    return re.compile("|".join(alternatives))


def _listable(forms: frozenset[str]) -> bool:
    """Whether every spelling of `forms` can be listed a character for a letter."""
    _, following = spellings_of_characters()
    return not any(not form or following.intersection(form) or max(form) > "\uffff" for form in forms)


_MARK = re.compile(f"[{IN_WORD_MARKS}]")


class _Folding(NamedTuple):
    folds: tuple[tuple[str, str], ...]  # (a spelling, the letter of the forms it stands for)
    pattern: re.Pattern  # the forms as they are, longest first


@lru_cache(maxsize=4096)
def _folding(forms: frozenset[str]) -> _Folding | None:
    """How to find `forms` in a text folded to their letters (`spelling_stretches`): the
    spellings to replace by each letter, and the forms as a pattern of plain letters, which
    compiles in a fraction of the time a class per letter and a class of marks between each
    two take. None where a letter is itself a spelling, a mark, or shares a spelling with
    another letter (Σ is σ and ς), which folding could not tell apart."""
    spellings, _ = spellings_of_characters()
    letters = set().union(*forms)
    folds = [(spelling, letter) for letter in sorted(letters) for spelling in sorted(spellings.get(letter, ()))]
    folded = [spelling for spelling, _ in folds]
    if len(set(folded)) < len(folded) or letters & _spelled_otherwise() or any(map(_MARK.match, letters)):
        return None
    return _Folding(tuple(folds), re.compile("|".join(map(re.escape, sorted(forms, key=len, reverse=True)))))


@lru_cache(maxsize=1)
def _spelled_otherwise() -> frozenset[str]:
    """The characters normalizing turns into another (spellings of a letter)."""
    return frozenset().union(*spellings_of_characters()[0].values())


def spelling_stretches(text: str, forms: frozenset[str]) -> list[tuple[int, int]] | None:
    """Where `text` as written holds a stretch that normalizes to one of `forms`, the
    stretches `_spellings_pattern` finds, left to right. None where it is None.

    A new query's forms would cost that pattern's compiling (a class for every letter and
    for the marks between every two), more than the rest of a search: the text is folded
    instead, its marks removed and each spelling of the forms' letters written as the
    letter, where plain letters find them, and the stretches found are told back in
    the text's own offsets."""
    if not _listable(forms):
        return None
    folding = _folding(forms)
    if folding is None:
        pattern = _spellings_pattern(forms)
        return None if pattern is None else [stretch.span() for stretch in pattern.finditer(text)]
    marks = [mark.start() for mark in _MARK.finditer(text)]
    folded = _MARK.sub("", text) if marks else text
    for spelling, letter in folding.folds:
        if spelling in folded:
            folded = folded.replace(spelling, letter)
    stretches = [stretch.span() for stretch in folding.pattern.finditer(folded)]
    if not marks:
        return stretches
    # Where each mark stood in the folded text: a character there or after it stood one further on.
    folded_at = [position - index for index, position in enumerate(marks)]
    return [(start + bisect_right(folded_at, start), end + bisect_right(folded_at, end - 1)) for start, end in stretches]


_ONE_WORD_CHARACTER = re.compile(_WORD_CHARACTER)
_REST_OF_WORD = re.compile(RUN_OF_WORD_CHARACTERS + "*")


def word_around(text: str, start: int, end: int) -> tuple[int, int]:
    """Where the word holding `text[start:end]` (letters of one word) starts and ends."""
    while start and _ONE_WORD_CHARACTER.match(text, start - 1):
        start -= 1
    return start, _REST_OF_WORD.match(text, end).end()
