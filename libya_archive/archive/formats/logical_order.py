"""Arabic as a page's layout gives it back (PDF text, OCR) → Arabic as it is written: base
letters in logical order, the form the archive stores, searches and links names in.

Two faults of extracted Arabic, both common in PDFs:
- presentation forms (U+FB50–U+FDFF, U+FE70–U+FEFF): one code point per shape of a letter
  (initial, medial, final, isolated) or per ligature (ﻻ), which no search for the letters
  finds. They are folded by NFKC, on those characters only: NFKC over the whole text would
  also rewrite what the archive keeps as written (superscripts, full-width Latin, ﷺ aside).
- visual order: a line stored left to right as it is drawn, each Arabic word reversed
  (سرت as ترس). Told apart by what Arabic words look like either way, and reversed back,
  runs of digits and Latin keeping their own order.
"""

import re
import unicodedata

_PRESENTATION_FORMS = re.compile("[\ufb50-\ufdff\ufe70-\ufefe]+")
# NFKC writes an isolated haraka form (U+FE70) as a space and the mark; the mark belongs to the letter.
_SPACED_MARK = re.compile(" (?=[\u064b-\u0652])")
_ARABIC_WORD = re.compile("[\u0621-\u064a]+")
# Runs that keep their left-to-right order in a right-to-left line: Latin words with the
# numbers and spaces among them (BBC 2016) as one run, and otherwise each number on its own
# (2016, 3.5, 10/05/2016, in Western or Arabic-Indic digits): two numbers with only a space
# between them are drawn right to left, as the bidirectional algorithm orders them.
_LEFT_TO_RIGHT = re.compile(r"[A-Za-z0-9\u0660-\u0669\u06f0-\u06f9](?:[A-Za-z0-9\u0660-\u0669\u06f0-\u06f9 .,:;/@&'’%-]*[A-Za-z0-9\u0660-\u0669\u06f0-\u06f9])?")
_NUMBER = re.compile(r"[0-9\u0660-\u0669\u06f0-\u06f9]+(?:[.,:/%-][0-9\u0660-\u0669\u06f0-\u06f9]+)*")
_LATIN = re.compile("[A-Za-z]")
# Very frequent words that read as no word reversed (في → يف), beside the shapes words take.
_COMMON_WORDS = frozenset(
    "في من على إلى الى عن أن إن ان التي الذي هذا هذه مع بعد قبل بين كان كانت قد لم لن ما أو ثم حتى كما "
    "وقد وفي ومن وقال التى عام خلال منذ حيث".split()
)


def fold_presentation_forms(text: str) -> str:
    """Presentation forms as the base letters they draw: ﺳﺮﺕ → سرت, ﻻ → لا."""
    return _PRESENTATION_FORMS.sub(lambda match: _SPACED_MARK.sub("", unicodedata.normalize("NFKC", match.group())), text)


def logical_lines(lines: list[str]) -> list[str]:
    """`lines` (those of one page) with presentation forms folded and, if the page was stored
    in visual order, each line turned to logical order. The whole page is judged at once: a
    PDF's writer stores all its text one way, and one short line says too little."""
    folded = [fold_presentation_forms(line) for line in lines]
    if not is_visual_order(" ".join(folded)):
        return folded
    # Reversed before folding: a ligature folds to its letters in logical order (ﻻ → لا).
    return [fold_presentation_forms(visual_to_logical(line)) for line in lines]


def is_visual_order(text: str) -> bool:
    """Whether the Arabic of `text` reads better reversed, word by word."""
    words = _ARABIC_WORD.findall(text)
    as_stored = sum(_wordlike(word) for word in words)
    reversed_ = sum(_wordlike(word[::-1]) for word in words)
    return reversed_ > as_stored and reversed_ >= 2


def _wordlike(word: str) -> int:
    """How much `word` looks like Arabic as written: a common word, the article ال at its
    start, or ة or ى (which end words and never begin one) at its end."""
    score = 2 * (word in _COMMON_WORDS)
    score += len(word) > 3 and word.startswith(("ال", "وال", "بال", "لل"))
    score += len(word) > 1 and word.endswith(("ة", "ى"))
    score -= 2 * (len(word) > 1 and word.startswith(("ة", "ى")))
    return score


def visual_to_logical(line: str) -> str:
    """A line stored in the order it is drawn, turned to the order it is read: reversed, with
    each left-to-right run (Latin, numbers) turned back."""
    return _LEFT_TO_RIGHT.sub(_turned_back, line[::-1])


def _turned_back(match: re.Match) -> str:
    run = match.group()
    if _LATIN.search(run):
        return run[::-1]
    return _NUMBER.sub(lambda number: number.group()[::-1], run)
