"""The word lists shipped in `data/`, each read once a process: most learned from the dev
corpus by a script of `bench/` (which says how), the rest gathered by hand with the reason at
their head."""

from functools import lru_cache
from pathlib import Path

DATA = Path(__file__).resolve().parent / "data"


def _words(name: str) -> frozenset[str]:
    return frozenset((DATA / name).read_text(encoding="utf-8").split())


def _lines(name: str) -> list[str]:
    """A list's lines but its empty ones and its comments (# …)."""
    lines = (line.strip() for line in (DATA / name).read_text(encoding="utf-8").splitlines())
    return [line for line in lines if line and not line.startswith("#")]


@lru_cache(maxsize=1)
def ordinary_words() -> frozenset[str]:
    """Words seen often both bare and with ال or an ending (مالي, المالي): `bench/ordinary_words.py`."""
    return _words("ordinary_words.txt")


@lru_cache(maxsize=1)
def whole_words() -> frozenset[str]:
    """Written words never read as proclitics and a one-word name (لكنه is not ل + كنه)."""
    return _words("whole_words.txt")


@lru_cache(maxsize=1)
def other_names() -> tuple[str, ...]:
    """Names that hold a place's name but name something else (أمريكا اللاتينية, كوبا
    أمريكا, روسيا البيضاء): the place is not named there."""
    return tuple(_lines("other_names.txt"))


@lru_cache(maxsize=1)
def namesakes() -> tuple[tuple[str, str], ...]:
    """(a gazetteer place's name, the country of a place abroad of that name): طرابلس, Lebanon."""
    return tuple(tuple(line.split("\t")) for line in _lines("namesakes_abroad.txt"))


@lru_cache(maxsize=1)
def given_names() -> frozenset[str]:
    """Arabic given names, a compound with عبد as its two words (عبد الله), learned from the
    dev corpus by `bench/given_names.py`."""
    lines = (DATA / "given_names.txt").read_text(encoding="utf-8").splitlines()
    return frozenset(line for line in lines if line)


@lru_cache(maxsize=1)
def page_words() -> frozenset[str]:
    """English function words (the, of, this) and the words of a web page's own links and
    buttons (next, previous, read, more, share, print, comments), lower-cased."""
    return _words("page_words.txt")
