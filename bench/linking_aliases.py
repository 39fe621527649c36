"""Linking cost against gazetteer size: the seed articles linked with 100 and with
10,000 aliases. The trie walk does a few dictionary look-ups per word, so the time should
not grow with the number of aliases.

    .venv/bin/python bench/linking_aliases.py

The gazetteer is built in memory from seeds/gazetteer.json plus synthetic aliases (one to
three made-up words of 7-10 letters); linking itself touches no database.
"""

import json
import os
import random
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "libya_archive.settings")

import django  # noqa: E402

django.setup()

from libya_archive.archive.linking import Gazetteer, find_mentions  # noqa: E402
from libya_archive.archive.parsing import parse_article  # noqa: E402

ROUNDS = 30


def seed_aliases() -> list[tuple[str, tuple[str, int]]]:
    data = json.loads((ROOT / "seeds" / "gazetteer.json").read_text(encoding="utf-8"))
    entries = [("actor", e) for e in data["actors"]] + [("place", e) for e in data["places"]]
    return [(alias, (kind, number)) for number, (kind, entry) in enumerate(entries) for alias in [entry["name"], *entry["aliases"]]]


def synthetic_aliases(count: int, rng: random.Random) -> list[tuple[str, tuple[str, int]]]:
    letters = "ابتثجحخدذرزسشصضطظعغفقكلمنهوي"
    aliases = []
    for number in range(count):
        words = [
            "".join(rng.choice(letters) for _ in range(rng.randint(7, 10))) for _ in range(rng.randint(1, 3))
        ]
        aliases.append((" ".join(words), ("actor", 100_000 + number)))
    return aliases


def link_seeds_ms(gazetteer: Gazetteer, texts: list[str]) -> tuple[float, int]:
    start = time.perf_counter()
    found = sum(len(find_mentions(text, gazetteer)) for text in texts)
    return (time.perf_counter() - start) * 1000, found


def main() -> None:
    texts = [parse_article(path.read_bytes()).body for path in sorted((ROOT / "seeds").glob("*.txt"))]  # without their headers
    words = sum(len(text.split()) for text in texts)
    real = seed_aliases()
    sizes = (100, 1_000, 10_000, 100_000)
    gazetteers, build_ms = {}, {}
    for total in sizes:
        # The same 100 real aliases every time, so every row finds the same mentions; the rest
        # are made-up names too long to occur in the text, which only grow the trie.
        aliases = real[:100] + synthetic_aliases(total - 100, random.Random(total))
        start = time.perf_counter()
        gazetteers[total] = Gazetteer(aliases, {entity: alias for alias, entity in aliases})
        build_ms[total] = (time.perf_counter() - start) * 1000
    # Rounds interleave the sizes, so a change in machine load falls on all of them alike.
    times: dict[int, list[float]] = {total: [] for total in sizes}
    found: dict[int, int] = {}
    for _ in range(ROUNDS):
        for total in sizes:
            elapsed, found[total] = link_seeds_ms(gazetteers[total], texts)
            times[total].append(elapsed)
    print(f"{len(texts)} seed articles, {words} words; median of {ROUNDS} interleaved rounds")
    print("| aliases | build gazetteer (once per import run) | link all seeds | per 1,000 words | mentions found |")
    print("| --- | --- | --- | --- | --- |")
    medians = {total: statistics.median(times[total]) for total in sizes}
    for total in sizes:
        print(
            f"| {total:,} | {build_ms[total]:.1f} ms | {medians[total]:.2f} ms | "
            f"{medians[total] / words * 1000:.3f} ms | {found[total]} |"
        )
    print(f"\nratio 10,000 / 100 aliases: {medians[10_000] / medians[100]:.2f}; 100,000 / 100: {medians[100_000] / medians[100]:.2f}")


if __name__ == "__main__":
    main()
