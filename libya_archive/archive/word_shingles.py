"""Runs of adjacent words (shingles) in an index of their own, so that phrases are found fast.

A phrase's words each occur in many articles (الحرب, في, ليبي), but few articles hold them
side by side. The search index alone offers every article holding all the words, and
PostgreSQL then reads each one's word positions. `Article.search_shingles` holds a number
for each pair of adjacent words, and for each triple whose middle word is a stop word
(الحرب في ليبيا), so a phrase first asks for the articles holding its shingles: nearly all
of those hold it, and the search index's position check keeps the ones that do. Pairs
around a stop word are each in a large share of the archive (في ليبيا), so only the triple
tells; other triples would double the index for little.

A shingle's number is the low 20 bits of the CRC-32 of its words, with bit 20 set for a
triple. A million buckets of each keep the index small, and a collision only lets an
article through to the position check, never keeps one out.

Shingles are made here, in Python, where the importer has the words at hand (in SQL they
cost PostgreSQL several times as much, in the one process that writes). They are built over the runs of Arabic
letters and of digits in the search text, which PostgreSQL reads as whole words whatever
stands between them; anything else is passed over. So an article holding a phrase holds
every shingle of it, the one thing that matters: passing over a word at most adds shingles
that the position check turns away.
"""

import re
import zlib
from collections.abc import Iterable, Iterator
from itertools import compress, count

from libya_archive.archive.arabic import STOP_WORDS, search_form

_WORD = re.compile(r"[\u0621-\u064a]+|[0-9]+")
_STOP_FORMS = frozenset(map(search_form, STOP_WORDS))
_BUCKET = 0xFFFFF
_TRIPLE = 1 << 20


def _hashed(runs: Iterable[str]) -> Iterator[int]:
    """Each run of words (joined by spaces) as its number under _BUCKET."""
    return map(_BUCKET.__and__, map(zlib.crc32, map(str.encode, runs)))


def _shingles(words: list[str]) -> tuple[dict[int, int], dict[int, int]]:
    """The pairs and the triples around a stop word of `words`, each by where it starts:
    made by C functions mapped over the words, as the importer makes them for every
    article (a Python expression a pair took twice as long)."""
    pairs = dict(enumerate(_hashed(map(" ".join, zip(words, words[1:])))))
    starts = list(compress(count(0), map(_STOP_FORMS.__contains__, words[1:-1])))
    triples = dict(zip(starts, map(_TRIPLE.__or__, _hashed(" ".join(words[i : i + 3]) for i in starts)), strict=True))
    return pairs, triples


def article_shingles(search_texts: Iterable[str]) -> list[int]:
    """`Article.search_shingles` for an article whose search text is `search_texts`
    (title, lead, body and entities, in the search vector's order)."""
    pairs, triples = _shingles(_WORD.findall(" ".join(search_texts)))
    return sorted({*pairs.values(), *triples.values()})


def phrase_shingles(forms: list[str]) -> list[int]:
    """What every article holding the phrase of `forms` (search forms, in order) holds in
    `Article.search_shingles`: its triples around stop words, and the pairs no such triple
    holds. None for a single word."""
    pairs, triples = _shingles(_WORD.findall(" ".join(forms)))
    uncovered = [pair for start, pair in pairs.items() if start not in triples and start - 1 not in triples]
    return sorted({*triples.values(), *uncovered})
