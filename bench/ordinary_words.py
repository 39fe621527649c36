"""Learn the ordinary words that linking treats as weak evidence of a name, from the dev corpus.

    .venv/bin/python bench/ordinary_words.py [corpus folder]

Reads every article of ../shared/corpora/saudinewsnet-dev/*.zip (title and content),
counts its normalized words and writes two lists, normalized forms one a line, into
libya_archive/archive/data/:

- ordinary_words.txt: words that inflect, so they are common nouns, adjectives or verbs,
  not names: the word is frequent both bare and with the article ال (مالي and المالي,
  بنك and البنك), or both bare and with an ending (مالي and مالية). A name made only of
  such words (مالي, البنك المركزي) needs evidence before it is linked.
- whole_words.txt: frequent words that begin with a proclitic letter but are more than
  twice as frequent as what is left after it (لكنه 713 times, كنه 7): words of their own,
  never read as a proclitic and a one-word name.

The output depends only on the corpus and the thresholds below, so running it again gives
the same files.
"""

import json
import sys
import zipfile
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from libya_archive.archive.arabic import proclitic_readings, tokenize  # noqa: E402

CORPUS = ROOT.parent / "shared" / "corpora" / "saudinewsnet-dev"
DATA = ROOT / "libya_archive" / "archive" / "data"
# Each form of a word must be seen this often in the 15,042 articles: a form seen a few
# times is as likely a typo or a name's own derivative as an ordinary word.
MIN_COUNT = 20
# The endings whose presence shows that a word inflects: feminine, plurals.
ENDINGS = ("ه", "ات", "ين", "ون")
ARTICLE = "ال"
PROCLITIC_LETTERS = "وفبكل"
# A word outnumbers its reading as proclitics and a word by this much to be a word of its
# own: والنيجر (42) against النيجر (39) is a conjunction and a name, not a word.
WHOLE_RATIO = 2


def corpus_counts(folder: Path) -> Counter[str]:
    counts: Counter[str] = Counter()
    for path in sorted(folder.glob("*.zip")):
        with zipfile.ZipFile(path) as archive:
            for member in archive.namelist():
                for article in json.loads(archive.read(member)):
                    text = f"{article.get('title') or ''}\n{article.get('content') or ''}"
                    counts.update(token.form for token in tokenize(text))
    return counts


def ordinary_words(counts: Counter[str]) -> list[str]:
    """Bare words (without ال) of three letters or more seen often both bare and inflected."""
    words = []
    for word, seen in counts.items():
        if seen < MIN_COUNT or len(word) < 3 or word.startswith(ARTICLE) or not word.isalpha() or word.isascii():
            continue
        if counts[ARTICLE + word] >= MIN_COUNT or any(counts[word + ending] >= MIN_COUNT for ending in ENDINGS):
            words.append(word)
    return sorted(words)


def whole_words(counts: Counter[str]) -> list[str]:
    """Frequent words beginning with a proclitic letter that outnumber every reading of
    them as proclitics and a word by WHOLE_RATIO."""
    words = []
    for word, seen in counts.items():
        if seen < MIN_COUNT or word[:1] not in PROCLITIC_LETTERS or word.isascii():
            continue
        readings = [rest for skip, rest in proclitic_readings(word) if skip]
        if readings and all(counts[rest] * WHOLE_RATIO < seen for rest in readings):
            words.append(word)
    return sorted(words)


def main() -> None:
    folder = Path(sys.argv[1]) if len(sys.argv) > 1 else CORPUS
    counts = corpus_counts(folder)
    DATA.mkdir(exist_ok=True)
    for name, words in (("ordinary_words.txt", ordinary_words(counts)), ("whole_words.txt", whole_words(counts))):
        (DATA / name).write_text("".join(f"{word}\n" for word in words), encoding="utf-8")
        print(f"{name}: {len(words)} words")


if __name__ == "__main__":
    main()
