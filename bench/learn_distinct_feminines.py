"""Learn, from the dev corpus, which words in ة are words of their own and not the feminine of
the word without it: the list `arabic.search_form` reads as data/distinct_feminines.txt.

    .venv/bin/python bench/learn_distinct_feminines.py [--corpus ../shared/corpora/saudinewsnet-dev]

Search folds ة and ات onto the word without them, so that كبيرة finds كبير and الشركات
finds شركة. Where both are nouns of their own that folding merges unrelated words: الرياض
(the city) and الرياضة (sport), مكتب (office) and مكتبة (library), مركز (centre) and مركزة
(concentrated). What tells them apart in the text is agreement: an adjective takes the
article when the noun before it does (الشركة الكبيرة, المشروع الجديد), while a noun after
a definite word is rarely definite itself (the first word of a construct state has no
article: مكتب الرئيس, مدير المكتبة). So for each pair of common words X and Xة (each at
least COMMON times, with or without proclitics, and Xة at least EVIDENCE times with the
article: without it, Xه is mostly X with the pronoun "his", اصلاحه), the share of each one's definite uses that
follow a definite word (other than a stop word) is its adjective share; where either side,
seen with the article at least EVIDENCE times, has an adjective share under
ADJECTIVE_SHARE, X and Xة are different words and X is listed; unless X is a noun for
people, which takes the masculine plural (Xون, Xين, at least PEOPLE_SHARE of X's count) or,
of the pattern فعيل, the plural فعلاء (at least COMMON times, and more often than the فاعل
word whose plural it may also be): موظفة is a woman employee, not another word than موظف,
and وزيرة a woman minister. Written one normalized word
per line, sorted; the same corpus gives the same file.

Of those, the words whose plural in ات is their own, not the word in ة's, go to
data/masculine_plurals.txt: where the corpus writes Xات at least PLURAL_SHARE times as often
as Xة, and with the article at least EVIDENCE times (a plural noun takes it: لبنات, bricks,
is mostly للبنات, "for the girls", read as ل + لبنات), and the word itself at least as
common as the word in ة (معلومات, information, is معلومة's, not معلوم's, "known"), the
plural is the masculine noun's (مشروعات, the plural of مشروع, a project, 1,013
times; مشروعة, "legitimate", 146; مستويات, منتخبات, معدلات), while where the word in ة is
as common its plural goes with it (مكتبات with مكتبة, غارات with غارة).

A name of one word in ات the gazetteer file (seeds/gazetteer.json) holds is the plural of no
ة-word (الإمارات, the Emirates, is not إمارة, a Saudi region's governorate, which had filled
a search for the country with them). One in ة is left as it is: برقة kept apart from برق
(lightning) would lose the protection of برق's ب and read as ب + رقة.
"""

import argparse
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from learn_protected_words import gazetteer_words, read_texts  # noqa: E402

from libya_archive.archive.arabic import STOP_WORDS, stem_and_article, without_ending  # noqa: E402

COMMON = 10
EVIDENCE = 10
ADJECTIVE_SHARE = 0.25
PEOPLE_SHARE = 0.1
PLURAL_SHARE = 3


def usage(corpus: Path) -> tuple[Counter, Counter, Counter]:
    """How often each word occurs (without proclitics), with the article, and with the
    article after a definite word."""
    counts: Counter = Counter()
    definite: Counter = Counter()
    after_definite: Counter = Counter()
    for words in read_texts(corpus):
        previous_definite = False
        for word in words:
            stem, article = stem_and_article(word)
            counts[stem] += 1
            if article:
                definite[stem] += 1
                after_definite[stem] += previous_definite
            previous_definite = article and stem not in STOP_WORDS
    return counts, definite, after_definite


def distinct_feminines(counts: Counter, definite: Counter, after_definite: Counter) -> list[str]:
    def adjective_shares(*words: str) -> list[float]:
        return [after_definite[word] / definite[word] for word in words if definite[word] >= EVIDENCE]

    chosen = []
    for feminine in sorted(word for word in counts if word.endswith("ه") and len(word) >= 4):
        masculine = feminine[:-1]
        # Seldom with the article, Xه is X with the pronoun "his" (اصلاحه), no word in ة.
        if counts[feminine] < COMMON or counts[masculine] < COMMON or definite[feminine] < EVIDENCE:
            continue
        # A noun for people takes the masculine plural in ون/ين (موظفون, لاعبين), or if
        # it is of the pattern فعيل the broken plural فعلاء (وزراء, خبراء); its feminine is
        # the same word for a woman (موظفة, لاعبة, وزيرة), whatever the agreement says.
        for_people = counts[masculine + "ون"] + counts[masculine + "ين"] >= PEOPLE_SHARE * counts[masculine]
        if not for_people and len(masculine) == 4 and masculine[2] == "ي":
            plural = masculine[:2] + masculine[3] + "اء"
            # فعلاء is also the plural of فاعل (شاعر, شعراء: not of شعير, barley): read as
            # فعيل's only where فاعل is the rarer.
            doer = masculine[0] + "ا" + masculine[1] + masculine[3]
            for_people = counts[plural] >= COMMON and counts[plural] > counts[doer]
        if not for_people and any(share < ADJECTIVE_SHARE for share in adjective_shares(masculine, feminine)):
            chosen.append(masculine)
    return chosen


def masculine_plurals(counts: Counter, definite: Counter, feminines: list[str]) -> list[str]:
    """The distinct feminines whose plural in ات is the masculine noun's (see above)."""
    return [
        word
        for word in feminines
        if counts[word + "ات"] >= PLURAL_SHARE * counts[word + "ه"]
        and definite[word + "ات"] >= EVIDENCE
        and counts[word] >= counts[word + "ه"]
    ]


def gazetteer_plurals(path: Path) -> list[str]:
    """The stems of the gazetteer's names of one word in ات (see above)."""
    words = gazetteer_words(path)
    return sorted(word[:-2] for word in words if word.endswith("ات") and without_ending(word) == word[:-2])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--corpus", type=Path, default=ROOT.parent / "shared/corpora/saudinewsnet-dev")
    parser.add_argument("--gazetteer", type=Path, default=ROOT / "seeds/gazetteer.json")
    parser.add_argument("--out", type=Path, default=ROOT / "libya_archive/archive/data")
    args = parser.parse_args()
    counts, definite, after_definite = usage(args.corpus)
    named_plurals = gazetteer_plurals(args.gazetteer)
    words = sorted({*distinct_feminines(counts, definite, after_definite), *named_plurals})
    (args.out / "distinct_feminines.txt").write_text("".join(f"{w}\n" for w in words), encoding="utf-8")
    print(f"distinct_feminines.txt: {len(words)} words")
    plurals = sorted({*masculine_plurals(counts, definite, words), *named_plurals})
    (args.out / "masculine_plurals.txt").write_text("".join(f"{w}\n" for w in plurals), encoding="utf-8")
    print(f"masculine_plurals.txt: {len(plurals)} words")


if __name__ == "__main__":
    main()
