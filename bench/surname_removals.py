"""The mentions the surname rule (`ambiguity.others_surnames`) takes away on real news, to judge.

    DATABASE_URL=postgres://…/linking .venv/bin/python bench/surname_removals.py [--wide] [out.tsv]

Links every article the database holds (the dev corpus, as `linking_precision.py` imports
it) twice, in memory, with the database's gazetteer: with the rule and without it (no
surnames known). With `--wide` the gazetteer also holds, in memory only, people the Saudi
corpus names often by their surname (PEOPLE), since the seeds' Libyan ones are rare in it.
Prints how many mentions the rule removes, for whom, and writes every removed mention, with
the five words before and after it, to a TSV (default /tmp/surname_removals.tsv), drawn in
a fixed random order, with an empty verdict column.
"""

import csv
import os
import random
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "libya_archive.settings")

SEED = 7
WORDS = 5
# Name and aliases, the surname alone among them.
PEOPLE = [
    ("عبد الفتاح السيسي", "السيسي"), ("باراك أوباما", "أوباما"), ("بشار الأسد", "الأسد"),
    ("عادل الجبير", "الجبير"), ("حسن روحاني", "روحاني"), ("جون كيري", "كيري"),
    ("محمد جواد ظريف", "ظريف"), ("رجب طيب أردوغان", "أردوغان", "إردوغان", "رجب طيب إردوغان"),
    ("عبد ربه منصور هادي", "هادي", "منصور هادي"), ("أحمد داود أوغلو", "أوغلو", "داود أوغلو"),
    ("أشتون كارتر", "كارتر"), ("نوري المالكي", "المالكي"), ("علي عبد الله صالح", "صالح"),
    ("حسن نصر الله", "نصر الله"), ("عبد الله الربيعة", "الربيعة"), ("فلاديمير بوتين", "بوتين"),
    ("بنيامين نتنياهو", "نتنياهو"), ("هيلاري كلينتون", "كلينتون"), ("مسعود البارزاني", "البارزاني"),
    ("حيدر العبادي", "العبادي"), ("أبو بكر البغدادي", "البغدادي"), ("عبد الملك الحوثي", "الحوثي"),
    ("خالد الفيصل", "الفيصل"), ("عزام الدخيل", "الدخيل"), ("فرانسوا هولاند", "هولاند"),
]  # fmt: skip


def gazetteer_data(wide: bool):
    """The database's aliases, entity names, marks and people, as `linking.load_gazetteer`
    reads them, and PEOPLE too if `wide` (under actor ids no database holds)."""
    from libya_archive.archive.ambiguity import AUTO
    from libya_archive.archive.models import Actor, ActorAlias, Place, PlaceAlias

    names, aliases, marks = {}, [], {}
    people = {("actor", pk) for pk in Actor.objects.filter(kind=Actor.Kind.PERSON).values_list("pk", flat=True)}
    for kind, entity_model, alias_model, field in (("actor", Actor, ActorAlias, "actor_id"), ("place", Place, PlaceAlias, "place_id")):
        names |= {(kind, pk): name for pk, name in entity_model.objects.values_list("pk", "name")}
        for alias, pk, normalized, mark in alias_model.objects.values_list("name", field, "normalized", "linking"):
            aliases.append((alias, (kind, pk)))
            if mark != AUTO:
                marks[normalized] = mark
    if wide:
        for number, (name, *more) in enumerate(PEOPLE):
            names[("actor", -1 - number)] = name
            aliases += [(alias, ("actor", -1 - number)) for alias in more]
            people.add(("actor", -1 - number))
    return aliases + [(name, entity) for entity, name in names.items()], names, marks, people


def main() -> None:
    import django

    django.setup()
    from libya_archive.archive.arabic import tokenize
    from libya_archive.archive.linking import Gazetteer, find_mentions
    from libya_archive.archive.models import Article

    arguments = [argument for argument in sys.argv[1:] if argument != "--wide"]
    out = Path(arguments[0]) if arguments else Path("/tmp/surname_removals.tsv")
    aliases, names, marks, people = gazetteer_data("--wide" in sys.argv)
    with_rule, without = Gazetteer(aliases, names, marks, people), Gazetteer(aliases, names, marks, people)
    without.surnames = {}
    removed = []
    for source_name, body in Article.objects.order_by("source_name").values_list("source_name", "body").iterator(chunk_size=500):
        tokens = tokenize(body)
        kept = set(find_mentions(body, with_rule, tokens))
        removed += [(source_name, body, mention) for mention in find_mentions(body, without, tokens) if mention not in kept]
    print(f"{len(removed)} mentions removed in {len({row[0] for row in removed})} articles")
    for name, times in Counter(names[mention.entity] for _, _, mention in removed).most_common():
        print(f"  {times:4}  {name}")
    random.Random(SEED).shuffle(removed)
    with out.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, delimiter="\t", lineterminator="\n")
        writer.writerow(["line", "start", "entity", "before", "mention", "after", "verdict"])
        for source_name, body, mention in removed:
            before = " ".join(body[: mention.start].split()[-WORDS:])
            after = " ".join(body[mention.end :].split()[:WORDS])
            line = source_name.rsplit("#", 1)[-1]
            writer.writerow([line, mention.start, names[mention.entity], before, body[mention.start : mention.end], after, ""])
    print(f"wrote {out}")


if __name__ == "__main__":
    main()
