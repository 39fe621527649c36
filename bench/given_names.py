"""Learn the Arabic given names that linking reads before a person's surname, from the dev corpus.

    .venv/bin/python bench/given_names.py [corpus folder]

Reads every article of ../shared/corpora/saudinewsnet-dev/*.zip (title and content) and
writes libya_archive/archive/data/given_names.txt, normalized forms one a line, sorted.

A name chain (سلمان بن عبد العزيز, ريما بنت بندر) puts a given name on each side of بن or
بنت: the person's before it, the father's after it. A word is listed when it is seen on
both sides, at least BESIDE times in all, and in at least one of SHARE of its uses: a common
noun or a verb beside بن is there by chance (على, normalized علي, 407 times beside بن in
69,814), a name often. A compound with عبد (عبد الله, عبد الرحمن) counts as one word, and is
listed as its two.
And none is listed that the corpus writes more often with the article than without it
(الماضي, السفر: a noun or a family name), that takes a verb's past endings ت or وا at least
VERB_SHARE as often as it stands bare (ساعد, ساعدت), that is a title or a function word, or
one of WORDS_FIRST, names more often the words they are (مساعد, "aide").

The output depends only on the corpus and the thresholds below, so running it again gives
the same file.
"""

import json
import sys
import zipfile
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from libya_archive.archive.ambiguity import TITLES  # noqa: E402
from libya_archive.archive.arabic import STOP_WORDS, tokenize  # noqa: E402

CORPUS = ROOT.parent / "shared" / "corpora" / "saudinewsnet-dev"
OUT = ROOT / "libya_archive" / "archive" / "data" / "given_names.txt"
SONS = frozenset({"بن", "بنت"})
COMPOUND = "عبد"
ARTICLE = "ال"
# Seen beside بن or بنت this often in all: fewer is as likely a typo or an accident.
BESIDE = 4
# At least one use in SHARE beside بن or بنت.
SHARE = 20
# A word whose past-tense forms (Xت, Xوا) are this share of its bare uses is a verb.
VERB_SHARE = 0.25
# Names that news writes more often as the words they are, before a name they qualify
# (مساعد حفتر, "Haftar's aide"; خليفة القذافي, "Gaddafi's successor"): read off the list.
WORDS_FIRST = frozenset({"مساعد", "خليفه", "رجاء", "مانع", "مطلق"})


def words_of(text: str) -> list[str]:
    """The normalized words of `text`, a compound with عبد as one (عبد الله)."""
    forms = [token.form for token in tokenize(text)]
    words = []
    for form in forms:
        if words and words[-1] == COMPOUND:
            words[-1] = f"{COMPOUND} {form}"
        else:
            words.append(form)
    return words


def corpus_counts(folder: Path) -> tuple[Counter[str], Counter[str], Counter[str]]:
    """How often each word stands right before بن or بنت, right after it, and at all."""
    before: Counter[str] = Counter()
    after: Counter[str] = Counter()
    seen: Counter[str] = Counter()
    for path in sorted(folder.glob("*.zip")):
        with zipfile.ZipFile(path) as archive:
            for member in archive.namelist():
                for article in json.loads(archive.read(member)):
                    words = words_of(f"{article.get('title') or ''}\n{article.get('content') or ''}")
                    seen.update(words)
                    for previous, word, following in zip(words, words[1:], words[2:]):
                        if word in SONS:
                            before[previous] += 1
                            after[following] += 1
    return before, after, seen


def given_names(before: Counter[str], after: Counter[str], seen: Counter[str]) -> list[str]:
    names = []
    for word in before.keys() & after.keys():
        beside = before[word] + after[word]
        if beside < BESIDE or beside * SHARE < seen[word] or word in STOP_WORDS or word in TITLES or word in SONS or word in WORDS_FIRST:
            continue
        if " " not in word and seen[ARTICLE + word] >= seen[word]:
            continue
        if seen[word + "ت"] + seen[word + "وا"] >= VERB_SHARE * seen[word]:
            continue
        names.append(word)
    return sorted(names)


def main() -> None:
    folder = Path(sys.argv[1]) if len(sys.argv) > 1 else CORPUS
    names = given_names(*corpus_counts(folder))
    OUT.write_text("".join(f"{name}\n" for name in names), encoding="utf-8")
    print(f"{OUT.name}: {len(names)} names")


if __name__ == "__main__":
    main()
