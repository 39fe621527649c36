"""The bytes of a text file → its text: UTF-8, with or without a byte-order mark; UTF-16 with
one (what word processors save as "Unicode text"), or without one where the bytes can be
nothing else; or `Unreadable`, saying why."""

import codecs
import re
import unicodedata

from libya_archive.archive.formats import Unreadable


def decode(raw: bytes) -> str:
    """The text of a file, not empty."""
    if raw.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            return _non_empty(raw.decode("utf-16"))
        except UnicodeDecodeError:
            raise Unreadable("not valid UTF-16 text despite its byte-order mark") from None
    if b"\x00" in raw:
        if (text := _utf16_without_mark(raw)) is not None:
            return _non_empty(text)
        raise Unreadable("not a text file (it contains NUL bytes)")
    try:
        return _non_empty(raw.decode("utf-8-sig"))
    except UnicodeDecodeError as error:
        hint = ""
        if _ARABIC_LETTERS.search(raw.decode("cp1256", errors="replace")):
            # Guessing the encoding would store garbled text without a word: the reader saves it again.
            hint = "; it reads as Arabic in Windows-1256: save it as UTF-8"
        raise Unreadable(f"not UTF-8 text (invalid byte at position {error.start}){hint}") from None


_ARABIC_LETTERS = re.compile("[\u0621-\u064a]{3}")


def _no_text(character: str) -> bool:
    """What no text holds: a control character but a line end or a tab, half a character,
    a private or unassigned code point (a binary file read as UTF-16 is full of them)."""
    return character not in "\n\r\t" and unicodedata.category(character) in ("Cc", "Cs", "Co", "Cn")


def _utf16_without_mark(raw: bytes) -> str | None:
    """`raw` as UTF-16 text saved without its byte-order mark, where it can be nothing else:
    every NUL byte on one side of its pairs (the high byte of a space or a Latin letter) and
    no character that no text holds; None otherwise (a binary file)."""
    if len(raw) % 2:
        return None
    for encoding, high in (("utf-16-le", raw[1::2]), ("utf-16-be", raw[0::2])):
        if raw.count(0) == high.count(0):
            try:
                text = raw.decode(encoding)
            except UnicodeDecodeError:
                return None
            return None if any(_no_text(character) for character in text) else text
    return None


def _non_empty(text: str) -> str:
    if not text.strip():
        raise Unreadable("the file is empty")
    return text
