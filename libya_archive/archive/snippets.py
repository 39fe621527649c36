"""Text around what a reader looks for, as HTML or plain words: snippets with marks and
keyword-in-context lines. Pure text: nothing here reads the database."""

import re
from bisect import bisect_left, bisect_right
from html import escape  # what Django's escape does, without its check for lazy text on every call
from itertools import accumulate, pairwise
from operator import sub

from django.utils.safestring import SafeString, mark_safe

from libya_archive.archive.arabic import (
    DECIMAL_AFTER,
    DECIMAL_BEFORE,
    Token,
    search_form_of_word,
    short_number_edges,
    tokenize,
    word_offsets,
)
from libya_archive.archive.direction import latin_runs, text_direction
from libya_archive.archive.spellings import spelling_stretches, word_around

SNIPPET_WORDS = 30


_LINE_BREAKS = re.compile(r"\s*\n\s*")


def term_spans(text: str, terms: frozenset[str]) -> list[tuple[int, int]]:
    """Where in `text` words stand whose search form is one of `terms`.

    A word's search form is a stretch of its normalized letters, so only the words holding
    some spelling of a term are looked at (`spelling_stretches`, found in C), rather than
    every word of a body.
    """
    if not terms:  # a query of phrases only: an empty pattern would match at every character
        return []
    stretches = spelling_stretches(text, terms)
    if stretches is None:
        written, starts, ends = word_offsets(text)
        is_term = map(terms.__contains__, map(search_form_of_word, written))
        return [(starts[i], ends[i]) for i, hit in enumerate(is_term) if hit]
    spans: list[tuple[int, int]] = []
    looked_at_until = 0
    for stretch_start, stretch_end in stretches:
        if stretch_start < looked_at_until:
            continue  # in a word already looked at
        start, looked_at_until = word_around(text, stretch_start, stretch_end)
        word = text[start:looked_at_until]
        if search_form_of_word(word) in terms:
            spans.append((start, looked_at_until))
            continue
        # A word that is two (عبدالعزيز, 2015م) is indexed as its pieces: each may be a term.
        pieces, piece_starts, piece_ends = word_offsets(word)
        if len(pieces) > 1:
            found = zip(map(terms.__contains__, map(search_form_of_word, pieces)), piece_starts, piece_ends, strict=True)
            spans += [(start + piece_start, start + piece_end) for hit, piece_start, piece_end in found if hit]
    return spans


_DECIMAL_BEFORE = re.compile(DECIMAL_BEFORE + "$")
_DECIMAL_AFTER = re.compile(DECIMAL_AFTER)


def whole_numbers(text: str, spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """`spans` but those beginning or ending in a short number that is part of a longer one
    (`arabic.DECIMAL_BEFORE`): 37 is not the 37 of 3.37, nor 6 the 6 of 7.6, whose mark
    (7.<mark>6</mark>) a right-to-left page also showed as 6.7."""

    def in_a_longer_number(start: int, end: int) -> bool:
        starts_short, ends_short = short_number_edges(text[start:end])
        return bool(
            (starts_short and _DECIMAL_BEFORE.search(text, max(0, start - 2), start))
            or (ends_short and _DECIMAL_AFTER.match(text, end))
        )

    return [(start, end) for start, end in spans if not in_a_longer_number(start, end)]


_LETTER_OR_DIGIT = re.compile(r"[^\W_]")


def phrase_spans(text: str, phrases: frozenset[tuple[str, ...]]) -> list[tuple[int, int]]:
    """Where `text` holds each phrase (a run of search forms) whole, word after word with
    nothing but spaces and punctuation between: one span from its first word to its last."""
    if not phrases:
        return []
    spans = term_spans(text, frozenset(form for phrase in phrases for form in phrase))
    forms = [search_form_of_word(text[start:end]) for start, end in spans]
    found = []
    for phrase in phrases:
        for first in range(len(spans) - len(phrase) + 1):
            last = first + len(phrase) - 1
            if tuple(forms[first : last + 1]) == phrase and not any(
                _LETTER_OR_DIGIT.search(text, spans[i][1], spans[i + 1][0]) for i in range(first, last)
            ):
                found.append((spans[first][0], spans[last][1]))
    return found


def snippet(text: str, marks: list[tuple[int, int]], *, words: int = SNIPPET_WORDS) -> SafeString:
    """The `words`-word stretch of `text` holding the most of `marks` (sorted character
    spans), with … where text was left out, as `marked_html` gives it: escaped, each mark in
    <mark>, Latin words isolated.

    It is looked for around the densest marks only (`_snippet_region`): a page shows twenty,
    and reading each whole body into words would cost more than the rest of the search.
    """
    region_start, region_end = _snippet_region(text, marks, words)
    # Only word boundaries matter here, not word forms.
    _, starts, ends = word_offsets(text[region_start:region_end])
    if not starts:
        return mark_safe("")
    starts, ends = [start + region_start for start in starts], [end + region_start for end in ends]
    is_hit = [0] * len(starts)
    for mark_start, mark_end in marks:
        # The words a mark overlaps: from the first ending after it starts to the last starting before it ends.
        for index in range(bisect_right(ends, mark_start), bisect_left(starts, mark_end)):
            is_hit[index] = 1
    hits_before = [0, *accumulate(is_hit)]
    # Hits in each window of `words` words, by its first word, summed in C. Of the first run
    # of windows holding the most, the middle one wins, so its hits have words on either
    # side; unless the first of them opens the region: the opening is shown then, as it is
    # when nothing is marked.
    in_window = list(map(sub, hits_before[words:], hits_before[: len(starts) - words + 1])) or [0]
    most = max(in_window)
    first_best = last_best = in_window.index(most)
    while first_best and last_best + 1 < len(in_window) and in_window[last_best + 1] == most:
        last_best += 1
    best_start = (first_best + last_best) // 2
    last = min(len(starts), best_start + words) - 1
    at_start = best_start == 0 and region_start == 0
    at_end = last == len(starts) - 1 and region_end == len(text)
    # A snippet that reaches either end of the text shows it whole, punctuation included.
    window_start, window_end = (0 if at_start else starts[best_start]), (len(text) if at_end else ends[last])
    # A mark the window's edge cuts (a phrase of two words, one of them in) is shown whole.
    for mark_start, mark_end in marks:
        if mark_start < window_start < mark_end:
            window_start = mark_start
        if mark_start < window_end < mark_end:
            window_end = mark_end
    at_start, at_end = window_start == 0, window_end == len(text)
    # The … are part of the text marked_html isolates, so that a Latin snippet shows each on its own side.
    before, after = ("" if at_start else "… "), ("" if at_end else " …")
    shift = len(before) - window_start
    shown = [(max(start, window_start) + shift, min(end, window_end) + shift) for start, end in marks if end > window_start and start < window_end]
    return mark_safe(marked_html(before + text[window_start:window_end] + after, shown))


def marked_html(text: str, marks: list[tuple[int, int]], *, whole: bool = True) -> str:
    """`text` escaped, line breaks folded, each of `marks` (sorted, apart) in <mark>, each
    run of Latin words in a `<bdi dir="ltr">` (`direction.latin_runs`), a mark across a run's
    edge split at it; a `whole` text without Arabic in a `<bdi>` of its own, which reads in
    its own direction inside the page's (the full stop of «Apple & Google.» at its end, not
    at the left). Not so a piece of a longer text (`whole` False: a mention's context), whose
    direction the text around it sets («CNN - » before an Arabic name)."""
    runs = latin_runs(text)
    edges = sorted({0, len(text), *(edge for span in marks + runs for edge in span)})
    pieces = []
    for start, end in pairwise(edges):
        piece = escape(text[start:end]) if _within(marks, start) else _escape_inline(text[start:end])
        if _within(marks, start):
            piece = f"<mark>{piece}</mark>"
        pieces.append(f'<bdi dir="ltr">{piece}</bdi>' if _within(runs, start) else piece)
    # Pieces of one run side by side (split at a mark's edge) are one isolate.
    html = "".join(pieces).replace('</bdi><bdi dir="ltr">', "")
    return f"<bdi>{html}</bdi>" if whole and text and text_direction(text) != "rtl" else html


def _within(spans: list[tuple[int, int]], position: int) -> bool:
    return any(start <= position < end for start, end in spans)


# Characters an Arabic word and the space after it take, generously (about twice the mean).
_CHARACTERS_A_WORD = 12


_SPACE = re.compile(r"\s")


def _snippet_region(text: str, marks: list[tuple[int, int]], words: int) -> tuple[int, int]:
    """Where in `text` the snippet is looked for: around the first mark that has the most
    marks within about `words` words after it (or at the start), as many words again on
    either side, cut at white space."""
    reach = words * _CHARACTERS_A_WORD
    centre, most = 0, 0
    following = 0  # the first mark beyond the reach of the one looked at
    for index, (start, _) in enumerate(marks):
        following = max(following, index)
        while following < len(marks) and marks[following][0] < start + reach // 2:
            following += 1
        if following - index > most:
            centre, most = start, following - index
    region_start, region_end = max(0, centre - reach), centre + reach
    if region_start:
        space = _SPACE.search(text, region_start, centre)
        region_start = space.end() if space else 0
    space = _SPACE.search(text, region_end)
    return region_start, space.start() if space else len(text)


def _escape_inline(text: str) -> str:
    """Escaped, with line breaks folded: a snippet is one line, even across paragraphs."""
    return escape(_LINE_BREAKS.sub(" ", text))


def keyword_in_context(
    text: str, start: int, end: int, *, words: int = 8, tokens: list[Token] | None = None, whole_words: bool = False
) -> tuple[str, str, str]:
    """A mention with up to `words` words on either side: (before, the mention, after).
    `tokens`, the text's tokens when already at hand, spare tokenizing it for every mention.
    `whole_words`: a mention after a clitic (لحفتر) or before a suffix, which begins or ends
    inside a word, widened to the whole words, so that a page's columns cut no word in two."""
    tokens = tokenize(text) if tokens is None else tokens
    if whole_words:
        start = next((token.start for token in tokens if token.start < start < token.end), start)
        end = next((token.end for token in tokens if token.start < end < token.end), end)
    before = [token for token in tokens if token.end <= start][-words:]
    after = [token for token in tokens if token.start >= end][:words]
    left = _LINE_BREAKS.sub(" ", text[before[0].start : start]) if before else ""
    right = _LINE_BREAKS.sub(" ", text[end : after[-1].end]) if after else ""
    return left, text[start:end], right


def merge_spans(spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    merged: list[tuple[int, int]] = []
    for start, end in sorted(spans):
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return merged
