"""Precision of the near-duplicate groups on the dev corpus: a sample of groups to judge by hand.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/quality .venv/bin/python bench/near_duplicates_sample.py [--draw]

The database must hold the dev corpus as bench/real_quality.py imports it, grouped (import,
or `manage.py group_near_duplicates`). With --draw: draws SAMPLE groups with a fixed seed and
writes bench/judged/near_duplicates_sample.tsv, one row a group: its least alike pair of
articles (the lowest resemblance of any two of its articles; if those two are the same story,
the rest are nearer still), each with its paper, date, title and opening words, and an empty
`same story` column for a reader to fill with y or n (and a `note`). Without --draw: reads the judged file
and prints the precision (groups whose least alike pair is the same story, of those judged)
and how the groups divide by size.
"""

import argparse
import csv
import itertools
import os
import random
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "libya_archive.settings")

import django  # noqa: E402

django.setup()

from libya_archive.archive.models import Article, NearDuplicate  # noqa: E402
from libya_archive.archive.near_duplicates import resemblance, shingles  # noqa: E402

SEED = 25
SAMPLE = 100
OPENING_WORDS = 40
SAMPLE_FILE = ROOT / "bench/judged/near_duplicates_sample.tsv"
COLUMNS = ["group", "articles", "resemblance"] + [f"{field} {n}" for n in (1, 2) for field in ("id", "paper", "date", "title", "opening")]


def groups() -> dict[int, list[int]]:
    members: dict[int, list[int]] = {}
    for article, group in NearDuplicate.objects.order_by("article").values_list("article", "group"):
        members.setdefault(group, []).append(article)
    return members


def least_alike(members: list[int]) -> tuple[float, Article, Article]:
    articles = {a.pk: a for a in Article.objects.filter(pk__in=members)}
    runs = {pk: shingles(a.search_lead, a.search_body) for pk, a in articles.items()}
    score, first, second = min((resemblance(runs[a], runs[b]), a, b) for a, b in itertools.combinations(sorted(articles), 2))
    return score, articles[first], articles[second]


def describe(article: Article) -> list[str]:
    opening = " ".join(article.body.split()[:OPENING_WORDS])
    return [str(article.pk), article.source, str(article.published_on or ""), " ".join(article.title.split()), opening]


def draw() -> None:
    members = groups()
    chosen = random.Random(SEED).sample(sorted(members), min(SAMPLE, len(members)))
    SAMPLE_FILE.parent.mkdir(parents=True, exist_ok=True)
    with open(SAMPLE_FILE, "w", encoding="utf-8", newline="") as out:
        writer = csv.writer(out, delimiter="\t")
        writer.writerow([*COLUMNS, "same story", "note"])
        for group in chosen:
            score, first, second = least_alike(members[group])
            writer.writerow([group, len(members[group]), f"{score:.3f}", *describe(first), *describe(second), "", ""])
    sizes = Counter(len(m) for m in members.values())
    print(f"{len(members)} groups, {sum(sizes[s] * s for s in sizes)} articles; sizes {dict(sorted(sizes.items()))}")
    print(f"written: {SAMPLE_FILE} ({len(chosen)} groups, seed {SEED}); fill its last column with y or n")


def score() -> None:
    with open(SAMPLE_FILE, encoding="utf-8") as sample:
        verdicts = [row["same story"].strip() for row in csv.DictReader(sample, delimiter="\t")]
    judged = [v for v in verdicts if v in ("y", "n")]
    same = judged.count("y")
    print(f"{same} of {len(judged)} groups judged the same story (precision {same / max(1, len(judged)):.2f}); {len(verdicts) - len(judged)} not judged")


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--draw", action="store_true", help="draw the sample afresh (overwrites the judged file)")
    draw() if parser.parse_args().draw else score()
