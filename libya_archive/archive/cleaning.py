"""What of a file's text is the story, and its title as a reader reads it: the text cleaned of
what garbles it (invisible direction marks, presentation forms, half characters) and of a
web page's words around the story (its buttons before it, its link after it); a title
without a scraper's tags and entities, or made from the first sentence."""

import html
import re

from libya_archive.archive.arabic import STOP_WORDS, normalize_arabic
from libya_archive.archive.formats.logical_order import fold_presentation_forms

MAX_TITLE_LENGTH = 120


_SENTENCE_END = re.compile(r"[.!?؟\n]|\.\.\.")


# Where a long first sentence may be cut for a title, and what is left off its end.
_CLAUSE_BREAK = re.compile(r"[،,؛;:](?=\s)")
_TRAILING_PUNCTUATION = " ،,؛;:-–—\"«»"


# Bidirectional embeddings, overrides, isolates and marks, zero-width space, stray byte-order
# marks, soft hyphens and the combining grapheme joiner: inside a word they cut it in two for
# search and linking (مصر‏اتة read as مصر). And control characters of no text (bell,
# backspace, a terminal's colour codes whole: ESC[31m), which a page would show as they came
# (NUL is a fault of its own, `parsing`). A pattern rather than `str.translate`, which looks
# every character up: ten times faster.
_INVISIBLE = re.compile(
    "\x1b\\[[0-9;]*[A-Za-z]|[\u202a-\u202e\u2066-\u2069\u200b\u200e\u200f\u061c\u00ad\u034f\ufeff\x01-\x08\x0e-\x1b\x7f]"
)
# A line end of any system, and what else ends a line or a paragraph: a vertical tab, a form
# feed, the separators of files, groups and records, NEL, and Unicode's line and paragraph
# separators. (The unit separator is a space, below.)
_LINE_END = re.compile("\r\n?|[\x0b\x0c\x1c-\x1e\x85\u2028\u2029]")
# Latin words at the start of a text, up to its first Arabic letter: where there are two or more
# and each is a word of a web page's buttons (Next Previous), the page's slider copied with the
# text. Other Latin words there are the text's (a film's title: Inside Out يتصدر…), and up to a
# digit or a quotation mark an English text's (The 2016 election, A “new” law).
_LEADING_LATIN_WORDS = re.compile("(?:[A-Za-z]+\\s+)+(?=[\u0621-\u064a])")
_PAGE_BUTTONS = frozenset({"next", "previous", "prev", "share", "print", "tweet", "email"})
# Half of a character that needs two UTF-16 units (an emoji cut in two by a tool that cut
# the text), which a JSON string or an HTML entity can carry and no database can store.
_LONE_SURROGATE = re.compile("[\ud800-\udfff]")


def clean(text: str) -> str:
    """Line ends of any system as newlines; direction overrides, invisible characters and
    control characters that would garble how the text shows (a stray U+202E reverses
    everything after it) removed; Arabic
    presentation forms as the letters they draw (ﻃﺮﺍﺑﻠﺲ as طرابلس, which search and linking
    read); half a character as the replacement character �."""
    text = _INVISIBLE.sub("", _LINE_END.sub("\n", text).replace("\x1f", " "))
    return fold_presentation_forms(_LONE_SURROGATE.sub("\ufffd", text))


def without_page_buttons(body: str) -> str:
    """The body without the words of a page's buttons it starts with («Next Previous» before
    260 articles of one Saudi site), which search would find and snippets show."""
    run = _LEADING_LATIN_WORDS.match(body)
    words = run[0].split() if run else []
    if len(words) > 1 and all(word.lower() in _PAGE_BUTTONS for word in words):
        return body[run.end() :]
    return body


# A paper's line after its text naming the story again, «رابط الخبر بصحيفة الوئام: <title>»
# (the story's link in the paper; every article of one Saudi paper ends so): no part of the
# story, it says its title twice and made copies of one story from other papers look apart.
_LINK_FOOTER = "رابط الخبر"


def without_link_footer(body: str, title: str) -> str:
    """`body` without a closing line that names its `title` as the story's link, but where
    that line is all it holds (a photo's page: its title is all there is to keep)."""
    start = body.rfind(_LINK_FOOTER)
    if start <= 0 or not title or not body[:start].strip():
        return body
    label, colon, named = body[start:].partition(":")
    if colon and len(label) <= len(_LINK_FOOTER) + 40 and reader_text(named) == reader_text(title):
        return body[:start].rstrip()
    return body


# An HTML tag a scraper left in a title (<b>, </a>): a letter after < or </, as no headline writes.
_TAG = re.compile(r"</?[A-Za-z][^<>]*>")


def reader_text(value: str) -> str:
    """A line as a reader reads it (a title, a paper's name, a query pasted from a page's
    source): its HTML tags taken out, its entities read as the characters they stand for,
    twice escaped (&amp;quot;) as once, its white space one space."""
    for _ in range(2):
        value = html.unescape(value)
    return " ".join(_TAG.sub("", value).split())


def title_from_body(body: str) -> str:
    """The first sentence with a word in it (not a line of «!!!» before the text); a long one
    cut short, marked with an ellipsis: at its last clause break past half of
    MAX_TITLE_LENGTH, or else after its last whole word, never after a function word
    (…للتوقيع على… reads as a title that lost its end)."""
    sentences = (sentence.strip() for sentence in _SENTENCE_END.split(body))
    sentence = next((sentence for sentence in sentences if any(map(str.isalnum, sentence))), "")
    if len(sentence) <= MAX_TITLE_LENGTH:
        return sentence
    head = sentence[: MAX_TITLE_LENGTH + 1]  # a space just past the limit keeps the last word whole
    breaks = [found.start() for found in _CLAUSE_BREAK.finditer(head, MAX_TITLE_LENGTH // 2)]
    cut = head[: breaks[-1]] if breaks else head[:MAX_TITLE_LENGTH]
    words = cut.split()
    if not breaks and len(words) > 1 and not cut[-1].isspace() and not head[-1].isspace():
        words.pop()  # the word the limit cuts
    while len(words) > 1 and normalize_arabic(words[-1]) in STOP_WORDS:
        words.pop()
    return " ".join(words).rstrip(_TRAILING_PUNCTUATION) + "…"
