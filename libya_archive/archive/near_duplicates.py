"""Near-duplicates: whether two articles hold the same text (one agency story in several
papers, a page crawled twice), in Python without the database. `services.near_duplicates`
stores the groups; docs/importing.md says how they are made and measured.

Two articles are near-duplicates when the runs of SHINGLE_WORDS consecutive words of their
bodies' search text (normalized, clitics off: `arabic.search_document`) are nearly the same
sets: their resemblance (Jaccard) is at least settings.NEAR_DUPLICATE_RESEMBLANCE, or, under
the same headline in two papers within settings.NEAR_DUPLICATE_TITLE_DAYS of each other,
settings.NEAR_DUPLICATE_TITLE_RESEMBLANCE (one story that a paper added to or cut). Which
articles to compare is found by MinHash with locality-sensitive hashing: each article keeps
BANDS keys, each a hash of a band of its MinHash signature, and a key of its headline; two
articles of resemblance 0.9 share a band's key with probability 0.9999, of 0.5 with 0.06,
so only likely pairs are compared, and every pair of papers under one headline.
"""

import hashlib
import zlib
from collections.abc import Iterable

import numpy as np

from libya_archive.archive.arabic import normalize_arabic

SHINGLE_WORDS = 3
# A body of fewer runs (a photo caption of a few words) is grouped with none: captions and
# one-line notices are alike without being the same story.
MIN_SHINGLES = 20
PERMUTATIONS = 128
BANDS = 16
_ROWS = PERMUTATIONS // BANDS
# The hash functions of the signature, h(x) = (a·x + b mod 2⁶⁴) >> 32 with a odd (multiply-
# add-shift, universal for 32-bit keys). Drawn from a fixed seed: the keys are stored, so
# every process and every release must draw the same ones.
_DRAW = np.random.default_rng(25)
_A = _DRAW.integers(0, 2**64, PERMUTATIONS, dtype=np.uint64) | np.uint64(1)
_B = _DRAW.integers(0, 2**64, PERMUTATIONS, dtype=np.uint64)
# Odd multipliers that mix a run's word hashes, in order, into one (the high 32 bits kept).
_MIX = _DRAW.integers(0, 2**64, SHINGLE_WORDS, dtype=np.uint64) | np.uint64(1)


def shingles(search_lead: str, search_body: str) -> np.ndarray:
    """The runs of SHINGLE_WORDS consecutive words of a body's search text (as `Article`
    holds it: its lead, then the rest), each as a 32-bit hash, sorted, each once. Each word is
    hashed once (CRC-32) and a run's hash mixed from its words', in numpy: hashing each run's
    text took three quarters of the time grouping adds to an import."""
    words = f"{search_lead} {search_body}".split()
    if len(words) < SHINGLE_WORDS:
        return np.empty(0, dtype=np.uint64)
    hashes = np.fromiter(map(zlib.crc32, map(str.encode, words)), dtype=np.uint64, count=len(words))
    mixed = sum(hashes[i : len(words) - SHINGLE_WORDS + 1 + i] * _MIX[i] for i in range(SHINGLE_WORDS))
    return np.unique(mixed >> np.uint64(32))


def band_keys(runs: np.ndarray) -> list[int]:
    """The article's BANDS locality-sensitive keys (signed 64-bit, as PostgreSQL's bigint):
    articles sharing a key are compared. None for a body of fewer than MIN_SHINGLES runs."""
    if len(runs) < MIN_SHINGLES:
        return []
    # uint64 arithmetic wraps around: that is the "mod 2⁶⁴" of the hash functions.
    signature = ((np.outer(runs, _A) + _B) >> np.uint64(32)).min(axis=0).astype(np.uint32)
    return [
        int.from_bytes(hashlib.blake2b(bytes([band]) + rows.tobytes(), digest_size=8).digest(), "big", signed=True)
        for band, rows in enumerate(signature.reshape(BANDS, _ROWS))
    ]


def article_keys(title: str, runs: np.ndarray) -> list[int]:
    """The keys an article is stored with: its BANDS band keys (`band_keys`), then its
    headline's key (`headline_key`); none for a body of fewer than MIN_SHINGLES runs."""
    keys = band_keys(runs)
    return [*keys, headline_key(title)] if keys else []


def headline_key(title: str) -> int:
    """A key of the headline as written, but for spelling and spacing: two papers' copies
    of an agency story most often keep its headline, and a reader sees two results with
    one headline as one story. Its punctuation is kept: the rule is for a headline printed
    again, and a looser one (the same words, quoted otherwise) was not judged."""
    written = " ".join(normalize_arabic(title).split())
    return int.from_bytes(hashlib.blake2b(b"headline:" + written.encode(), digest_size=8).digest(), "big", signed=True)


def headline_of(keys: list[int]) -> int | None:
    """The headline's key among an article's stored keys; None for keys stored before there was one."""
    return keys[BANDS] if len(keys) > BANDS else None


def resemblance(first: np.ndarray, second: np.ndarray) -> float:
    """The Jaccard resemblance of two articles' runs: how much of their text they share."""
    shared = len(np.intersect1d(first, second, assume_unique=True))
    return shared / (len(first) + len(second) - shared) if len(first) or len(second) else 0.0


def components(members: Iterable[int], links: Iterable[tuple[int, int]]) -> list[list[int]]:
    """`members` parted into groups joined by `links` (pairs of members), each group sorted,
    the single ones left out."""
    parent = {member: member for member in members}

    def root(member: int) -> int:
        while parent[member] != member:
            parent[member] = parent[parent[member]]
            member = parent[member]
        return member

    for first, second in links:
        one, other = root(first), root(second)
        if one != other:
            parent[max(one, other)] = min(one, other)
    groups: dict[int, list[int]] = {}
    for member in sorted(parent):
        groups.setdefault(root(member), []).append(member)
    return [group for group in groups.values() if len(group) > 1]
