"""Learn, from the dev corpus's word statistics, the protected words `arabic.search_form` reads.

    .venv/bin/python bench/learn_protected_words.py [--corpus ../shared/corpora/saudinewsnet-dev]

Writes libya_archive/archive/data/protected_words.txt, proclitic_stems.txt and conjoined_short_words.txt, one normalized word per line, sorted. The same corpus and the same data/distinct_feminines.txt give the same files (`without_ending` reads that list, and learn_distinct_feminines.py reads these).

protected_words.txt: common words (at least MIN_COUNT occurrences, bare or with the article)
whose first letter looks
like a proclitic (و ف ب ك ل) but is a root letter, so `search_form` strips nothing from them.
A word is protected when the corpus shows either
  (a) it taking the article (ال + word at least ARTICLE_MIN times and in ARTICLE_SHARE of
      the word's own count, so that a chance spelling such as ألوانه = ال + وانه does not
      count): the article cannot stand
      before a proclitic, so البلدية, الولاية, الفنان, الكبير make بلدية, ولاية, فنان, كبير
      stems, even where a stripped reading (لدية, اية, نان, بير) is a word; but not where
      the article is rare beside the word (under ARTICLE_RARE of its count) and the word no
      commoner than its proclitic reading alone accounts for (the stem's own count times
      how often the corpus puts that proclitic on a word): وكرة is و + كرة, "and a ball",
      30 times, though الوكرة, a Qatari club, stands twice; or
  (b) for a word of at least COMMON_WORD occurrences (fewer say too little), no proclitic
      reading of it being a common word: every stem the proclitics would leave occurs (in
      any inflection, with or without the article) at least RARER times less than the word
      (لبنان: بنان; فلسطين: لسطين). A verb form such as واضافت, commoner than اضافت
      in news but not twenty times, stays a proclitic reading; or
  (c) beginning with ك, its stem (in any inflection) never taking the article (fewer than
      ARTICLE_MIN times): ك, "like", stands before nouns, which take the article (كبديل,
      البديل), so a word whose stem never does is a name or a verb of its own letters
      (كيري, not ك + يري, "he sees"; كسرت, "she broke", not ك + سرت; كلها, كلما, كندا).
      Unlike ب and ل, ك seldom stands before a name: بسرت is "in Sirte", كسرت is a verb;
      but where it does, before a name of one word the gazetteer file holds (كمصر, كداعش), it
      comes off, unless the word is commoner than ك + the name alone accounts for (كسرت, 18
      times, where سرت's 44 would make كسرت once).
By (a) and (b) a word kept as written is only ever split from a rare stem of its own letters;
by (c) from a word that ك, before a noun, does not make it.

proclitic_stems.txt: stems of protected words that are a proclitic and a word themselves (وصيف,
of وصيفة, is و + صيف), which `search_form` does not protect with the words (`proclitic_stems`).

conjoined_short_words.txt: three-letter words read as و or ف and a word of two letters (وخط,
وهل, وبن), which `search_form` would otherwise keep whole, as it keeps وجد, وقت, وضع: a word
(at least MIN_COUNT occurrences, with the article fewer than ARTICLE_MIN times, not protected above) whose
two-letter stem the corpus writes, in any inflection, at least SHORT_STEM_SHARE times as often
as the word itself and at least SHORT_STEM_MIN times. A conjunction attaches to any word, so
a content word with it is a fraction of the word without it (خط 429, وخط 17); a word whose
و or ف is a root letter has a count of its own (وجد 212, جد 32).
"""

import argparse
import glob
import json
import sys
import zipfile
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from libya_archive.archive.arabic import STOP_WORDS, normalize_arabic, without_ending, word_offsets  # noqa: E402

MIN_COUNT = 3
ARTICLE_MIN = 2
ARTICLE_SHARE = 0.05
ARTICLE_RARE = 0.25
RARER = 20
COMMON_WORD = 20
SHORT_STEM_SHARE = 2
SHORT_STEM_MIN = 10
RATE_WORD = 200


def read_texts(corpus: Path) -> Iterator[list[str]]:
    """Each article of the corpus (title, then body) as its normalized words, in order."""
    for path in sorted(glob.glob(str(corpus / "*.zip"))):
        with zipfile.ZipFile(path) as archive:
            for name in sorted(archive.namelist()):
                for article in json.loads(archive.read(name)):
                    text = f"{article.get('title') or ''}\n{article.get('content') or ''}"
                    yield [form for form in map(normalize_arabic, word_offsets(text)[0]) if form]


def read_words(corpus: Path) -> Counter:
    """Normalized word counts over the titles and bodies of the corpus."""
    counts: Counter = Counter()
    for words in read_texts(corpus):
        counts.update(words)
    return counts


def stripped_readings(word: str) -> list[str]:
    """The stems proclitics in Arabic order (و/ف, ب/ك/ل, ال; لل = ل + ال) would leave."""
    stems, words = [], [word]
    if word[:1] in "وف":
        words.append(word[1:])
    for w in list(words):
        if w[:1] in "بكل":
            words.append(w[1:])
            if w.startswith("لل"):
                words.append("ال" + w[2:])
    for w in words:
        if w.startswith("ال"):
            words.append(w[2:])
    stems = [w for w in words[1:] if len(w) >= 2]
    return stems


def families(counts: Counter) -> Counter:
    """How often each stem occurs in any inflection, bare or with the article: a reading's
    stem is common when its family is (مجمدات counts المجمدة, مجمدة, المجمد)."""
    family: Counter = Counter()
    for word, count in counts.items():
        family[without_ending(word[2:] if word.startswith("ال") and len(word) > 4 else word)] += count
    return family


def proclitic_rates(counts: Counter) -> dict[str, float]:
    """How often the corpus writes each proclitic on a word: over common bare words (at
    least RATE_WORD occurrences) not beginning with it, the proclitic + word's count against
    the word's."""
    rates = {}
    for letter in "وفبكل":
        common = [
            (word, count)
            for word, count in counts.items()
            if count >= RATE_WORD and word[:1] != letter and not word.startswith("ال") and word.isalpha()
        ]
        rates[letter] = sum(counts[letter + word] for word, _ in common) / sum(count for _, count in common)
    return rates


def explained_by_proclitics(word: str, counts: Counter, rates: dict[str, float]) -> bool:
    """Whether the word occurs no more often than its readings as proclitics + a word would
    alone make it occur (each reading's word count times its proclitics' rates)."""
    expected = 0.0
    first, rest = word[:1], word[1:]
    if first in "وف":
        expected = max(expected, counts[rest] * rates[first])
        if rest[:1] in "بكل":
            expected = max(expected, counts[rest[1:]] * rates[first] * rates[rest[:1]])
    if first in "بكل":
        expected = max(expected, counts[rest] * rates[first])
        if word.startswith("لل"):
            expected = max(expected, counts["ال" + word[2:]] * rates["ل"])
    return counts[word] <= expected


def gazetteer_words(path: Path) -> set[str]:
    """The gazetteer file's names of one word, normalized, without the article."""
    data = json.loads(path.read_text(encoding="utf-8"))
    names = {name for entry in data["actors"] + data["places"] for name in [entry["name"], *entry.get("aliases", [])]}
    forms = [normalize_arabic(words[0]) for name in names if len(words := word_offsets(name)[0]) == 1]
    return {form[2:] if form.startswith("ال") else form for form in forms}


def with_the_article(counts: Counter) -> Counter:
    """How often each stem occurs, in any inflection, after the article."""
    articled: Counter = Counter()
    for word, count in counts.items():
        if word.startswith("ال") and len(word) > 4:
            articled[without_ending(word[2:])] += count
    return articled


def protected_words(counts: Counter, names: set[str]) -> list[str]:
    chosen, family, rates, articled = [], families(counts), proclitic_rates(counts), with_the_article(counts)
    # A word the corpus writes only with the article (الفيصلي, البرازيل) is a candidate too.
    candidates = set(counts) | {word[2:] for word, count in counts.items() if word.startswith("ال") and count >= MIN_COUNT}
    for word in sorted(candidates):
        count = counts[word]
        if word[:1] not in "وفبكل" or len(word) < 3 or not word.isalpha():
            continue
        if count < MIN_COUNT and counts["ال" + word] < MIN_COUNT:
            continue
        takes_article = counts["ال" + word] >= max(ARTICLE_MIN, ARTICLE_SHARE * count)
        if takes_article and counts["ال" + word] < ARTICLE_RARE * count:
            takes_article = not explained_by_proclitics(word, counts, rates)
        readings = stripped_readings(word)
        no_common_reading = count >= COMMON_WORD and all(family[without_ending(stem)] * RARER < count for stem in readings)
        a_name_or_verb = word[:1] == "ك" and not word.startswith("كال") and count >= MIN_COUNT
        a_name_or_verb = a_name_or_verb and articled[without_ending(word[1:])] < ARTICLE_MIN
        a_name_or_verb = a_name_or_verb and (word[1:] not in names or not explained_by_proclitics(word, counts, rates))
        if takes_article or no_common_reading or a_name_or_verb:
            chosen.append(word)
    return sorted(chosen)


def proclitic_stems(counts: Counter, protected: list[str]) -> list[str]:
    """The stems of protected words that are themselves a proclitic and a word: `search_form`
    keeps a protected word whole in every inflection, so وصيفة ("maid", "runner-up") would
    keep وصيف whole, which the corpus writes 90 times, all but a few و + صيف, "and summer".
    A stem (not protected itself, at least COMMON_WORD occurrences) that rarely takes the
    article (under ARTICLE_SHARE of its count) and whose proclitic reading is at least as
    common (its family) as the stem itself."""
    family, chosen, stems = families(counts), set(protected), set()
    for word in protected:
        stem = without_ending(word)
        if stem == word or stem in chosen or stem in STOP_WORDS or counts[stem] < COMMON_WORD:
            continue
        if counts["ال" + stem] >= ARTICLE_SHARE * counts[stem]:
            continue
        if any(family[without_ending(reading)] >= counts[stem] for reading in stripped_readings(stem)):
            stems.add(stem)
    return sorted(stems)


def conjoined_short_words(counts: Counter, protected: list[str]) -> list[str]:
    """The three-letter words the corpus reads as و or ف and a two-letter word (see above)."""
    family, chosen, protected = families(counts), [], set(protected)
    for word, count in sorted(counts.items()):
        if len(word) != 3 or word[:1] not in "وف" or not word.isalpha() or count < MIN_COUNT:
            continue
        stem = word[1:]
        if stem in STOP_WORDS or word in protected or counts["ال" + word] >= ARTICLE_MIN:
            continue
        if family[without_ending(stem)] >= max(SHORT_STEM_MIN, SHORT_STEM_SHARE * count):
            chosen.append(word)
    return chosen


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--corpus", type=Path, default=ROOT.parent / "shared/corpora/saudinewsnet-dev")
    parser.add_argument("--gazetteer", type=Path, default=ROOT / "seeds/gazetteer.json")
    parser.add_argument("--out", type=Path, default=ROOT / "libya_archive/archive/data")
    args = parser.parse_args()
    counts = read_words(args.corpus)
    args.out.mkdir(parents=True, exist_ok=True)
    words = protected_words(counts, gazetteer_words(args.gazetteer))
    (args.out / "protected_words.txt").write_text("".join(f"{w}\n" for w in words), encoding="utf-8")
    print(f"protected_words.txt: {len(words)} words")
    stems = proclitic_stems(counts, words)
    (args.out / "proclitic_stems.txt").write_text("".join(f"{w}\n" for w in stems), encoding="utf-8")
    print(f"proclitic_stems.txt: {len(stems)} words")
    conjoined = conjoined_short_words(counts, words)
    (args.out / "conjoined_short_words.txt").write_text("".join(f"{w}\n" for w in conjoined), encoding="utf-8")
    print(f"conjoined_short_words.txt: {len(conjoined)} words")


if __name__ == "__main__":
    main()
