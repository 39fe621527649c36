"""Runs of adjacent words (shingles) as index words of their own, so that phrases are found fast.

A phrase's words each occur in many articles (الحرب, في, ليبي), but few articles hold them
side by side. The search index alone offers every article holding all the words, and
PostgreSQL then reads each one's word positions. `Article.search_shingles` holds one index
word per pair and per triple of adjacent words instead, so a phrase first asks for the
articles holding its triples (or, of two words, its pair): nearly all of those hold it, and
the search index's position check keeps the ones that do.

A shingle's index word is 'p' (pair) or 't' (triple) and five hex digits of the CRC-32 of
its words: a million buckets of each keep the column small, and a collision only lets an
article through to the position check, never keeps one out.

Shingles are made here, in Python, where the importer has the words at hand (in SQL they
cost PostgreSQL 3–5 ms an article, here under 2). They are built over the runs of Arabic
letters and of digits in the search text, which PostgreSQL reads as whole words whatever
stands between them; anything else is passed over. So an article holding a phrase holds
every shingle of it, the one thing that matters: passing over a word at most adds shingles
that the position check turns away.
"""

import re
import zlib
from collections.abc import Iterable

_WORD = re.compile(r"[\u0621-\u064a]+|[0-9]+")
# Hex digits of a bucket, two and three at a time: formatting each number costs more than the rest.
_HIGH = [f"{n:02x}" for n in range(256)]
_LOW = [f"{n:03x}" for n in range(4096)]


def _buckets(runs: list[str], prefix: str) -> list[str]:
    numbers = {zlib.crc32(run.encode()) & 0xFFFFF for run in runs}
    return [prefix + _HIGH[n >> 12] + _LOW[n & 0xFFF] for n in numbers]


def _pairs_and_triples(words: list[str]) -> tuple[list[str], list[str]]:
    pairs = [f"{first} {second}" for first, second in zip(words, words[1:])]
    return pairs, [f"{pair} {third}" for pair, third in zip(pairs, words[2:])]


def article_shingles(search_texts: Iterable[str]) -> str:
    """`Article.search_shingles`, as a tsvector literal, for an article whose search text
    is `search_texts` (title, lead, body and entities, in the search vector's order)."""
    pairs, triples = _pairs_and_triples(_WORD.findall(" ".join(search_texts)))
    return " ".join(_buckets(pairs, "p") + _buckets(triples, "t"))


def shingles_tsquery(forms: list[str]) -> str:
    """A to_tsquery over `Article.search_shingles` that every article holding the phrase
    of `forms` (search forms, in order) matches: its triples, or its pair. Empty for one word."""
    pairs, triples = _pairs_and_triples(_WORD.findall(" ".join(forms)))
    return " & ".join(_buckets(triples, "t") if triples else _buckets(pairs, "p"))
