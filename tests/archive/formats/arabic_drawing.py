"""Arabic drawn as old PDF writers drew it, for tests: each letter as the presentation form of
its shape (initial, medial, final, isolated; ل with ا as one ligature), and the line stored
left to right in the order it is drawn. Built from Unicode's own decompositions, not from the
code under test."""

import unicodedata

_FORMS: dict[tuple[str, str], str] = {}
_LAM_ALEF: dict[tuple[str, str], str] = {}
for code in range(0xFE70, 0xFEFD):
    kind, *codes = unicodedata.decomposition(chr(code)).split() or [""]
    letters = "".join(chr(int(letter, 16)) for letter in codes)
    if kind in ("<isolated>", "<final>", "<initial>", "<medial>"):
        if len(letters) == 1:
            _FORMS[(letters, kind[1:-1])] = chr(code)
        elif letters.startswith("ل"):
            _LAM_ALEF[(letters, kind[1:-1])] = chr(code)


def _joins_both_ways(letter: str) -> bool:
    return (letter, "medial") in _FORMS


def _joins_before(letter: str) -> bool:
    return (letter, "final") in _FORMS


def shaped(word: str) -> str:
    """The word's letters as presentation forms, in logical order."""
    glyphs, i = [], 0
    while i < len(word):
        letter = word[i]
        before = i > 0 and _joins_both_ways(word[i - 1]) and _joins_before(letter)
        pair = word[i : i + 2]
        if (pair, "isolated") in _LAM_ALEF:
            glyphs.append(_LAM_ALEF[(pair, "final" if before else "isolated")])
            i += 2
            continue
        after = i + 1 < len(word) and _joins_both_ways(letter) and _joins_before(word[i + 1])
        form = {(True, True): "medial", (True, False): "final", (False, True): "initial", (False, False): "isolated"}[(before, after)]
        glyphs.append(_FORMS.get((letter, form), letter))
        i += 1
    return "".join(glyphs)


def drawn(line: str) -> str:
    """A line of Arabic words (and numbers) as an old PDF writer stored it: shaped, and in
    the order it is drawn, left to right."""
    return " ".join(word if word.isdigit() else shaped(word)[::-1] for word in reversed(line.split()))
