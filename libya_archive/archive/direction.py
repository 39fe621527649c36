"""How a text reads inside a right-to-left page: its direction, and where Latin words stand
in Arabic text, each to be isolated so that it reads whole, left to right."""

import re
import unicodedata

_ARABIC_LETTER = re.compile("[\u0600-\u06ff]")


def holds_arabic(text: str) -> bool:
    return bool(_ARABIC_LETTER.search(text))


def text_direction(text: str) -> str:
    """How `text` reads inside other text: right to left where it holds Arabic, though it
    open with a Latin name (Super Erase .. تطبيق); else as its first strong letter says."""
    return "rtl" if holds_arabic(text) else "auto"


def reads_left_to_right(text: str) -> bool:
    """Whether `text` is letters none of which reads right to left (Arabic in any of its
    forms, Hebrew): a Latin photo caption, a list of films. Not a text of no letter (***, a
    telephone number), which reads in the direction around it."""
    if holds_arabic(text):  # most texts, told at their first Arabic letter
        return False
    directions = set(map(unicodedata.bidirectional, text))
    return "L" in directions and not directions & {"R", "AL"}


# Latin words (accented ones too: Erdoğan, Médecins), a number written on to the first (11k,
# 3.5G, 1,000km, ٤G) and a handle's @ or a tag's # before it, with the numbers, joining marks
# and line breaks between them (iOS 9, Galaxy S6, AT&T, google play): an address
# (name@mail.com), a link with its query (…/app?id=8) and a handle (twitter:@Dr_Ahmed) are one
# run each. Its number starts where no digit stands before it, so that a long number is read once.
_LATIN = "A-Za-z\u00c0-\u00d6\u00d8-\u00f6\u00f8-\u024f\u1e00-\u1eff"
_DIGITS = "0-9\u0660-\u0669\u06f0-\u06f9"
_LATIN_RUN = re.compile(
    f"[@#]?(?:(?<![{_DIGITS}.,:])[{_DIGITS}]+(?:[.,:][{_DIGITS}]+)*)?[{_LATIN}][{_LATIN}0-9\u0300-\u036f]*"
    f"(?:[\\s.&'’+/:@?=_%#~-]+[{_LATIN}0-9\u0300-\u036f]+)*"
)


def latin_runs(text: str) -> list[tuple[int, int]]:
    """Where runs of Latin words stand inside Arabic `text` (none in a text without Arabic):
    each reads whole, left to right, only in an isolate of its own. Between Arabic words the
    quotation marks and numbers around a Latin name take the Arabic direction one by one,
    and «أبل تتيح “iOS 9″» shows both marks on one side of it."""
    if text_direction(text) != "rtl":
        return []
    return [run.span() for run in _LATIN_RUN.finditer(text)]
