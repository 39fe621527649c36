"""A linking precision sample on real news: 200 random mentions of the dev corpus, with
their context, to judge by hand.

    DATABASE_URL=postgres://…/linking .venv/bin/python bench/linking_precision.py [--relink] [out.tsv]

Imports ../shared/corpora/saudinewsnet-dev/*.zip (15,042 Saudi articles) into the database
DATABASE_URL names, as a user would: `manage.py migrate`, `manage.py load_gazetteer`, the
zips converted to a temporary .jsonl in /tmp and `manage.py import_articles --workers 2`;
skipped when the database holds articles already. `--relink` first links every stored
article again with the code as it is now (after a change to the linking rules), as
`reindex_articles` does. Then draws
200 mentions at random (a fixed seed; a mention two versions of the linker both find is in
both samples or neither) and writes them, ±60 characters of context around each, to a TSV
(default /tmp/linking_sample.tsv) with an empty verdict column: y if the mention is that
entity, n if not. The articles themselves stay out of the repository.
"""

import csv
import hashlib
import json
import os
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "libya_archive.settings")

CORPUS = ROOT.parent / "shared" / "corpora" / "saudinewsnet-dev"
SAMPLE = 200
SEED = 20151
CONTEXT = 60


def manage(*args: str) -> None:
    subprocess.run([sys.executable, "manage.py", *args], cwd=ROOT, check=True)


def corpus_as_jsonl(folder: Path) -> Path:
    """The corpus's articles as one .jsonl file in /tmp, in the importer's keys."""
    handle, name = tempfile.mkstemp(prefix="saudinewsnet-", suffix=".jsonl")
    with os.fdopen(handle, "w", encoding="utf-8") as out:
        for path in sorted(folder.glob("*.zip")):
            with zipfile.ZipFile(path) as archive:
                for member in archive.namelist():
                    for article in json.loads(archive.read(member)):
                        record = {
                            "title": article.get("title") or "",
                            "body": article.get("content") or "",
                            "date": (article.get("date_extracted") or "")[:10],
                            "source": article.get("source") or "",
                            "url": (article.get("url") or "").strip(),
                        }
                        out.write(json.dumps(record, ensure_ascii=False) + "\n")
    return Path(name)


def import_corpus() -> None:
    from libya_archive.archive.models import Article

    manage("migrate", "--verbosity", "0")
    manage("load_gazetteer")
    if Article.objects.exists():
        print("articles already imported: skipping the import")
        return
    jsonl = corpus_as_jsonl(CORPUS)
    try:
        manage("import_articles", str(jsonl), "--workers", "2")
    finally:
        jsonl.unlink()


def relink_all() -> None:
    from libya_archive.archive import services

    print(f"re-linked {services.articles_reindex()} articles")


def sample_rows() -> list[list[str]]:
    from libya_archive.archive.models import ActorMention, Article, PlaceMention

    fields = ("article__source_name", "start", "end")
    mentions = [("actor", row) for row in ActorMention.objects.values_list(*fields, "actor__slug")]
    mentions += [("place", row) for row in PlaceMention.objects.values_list(*fields, "place__slug")]
    print(f"{len(mentions)} mentions")
    # The mentions whose keys hash lowest: a mention found by two versions of the linker is in
    # both samples or in neither, so two runs are judged mostly on the same mentions.
    chosen = sorted(mentions, key=lambda mention: _rank(*mention[1][:2]))[:SAMPLE]
    bodies = dict(Article.objects.filter(source_name__in={row[0] for _, row in chosen}).values_list("source_name", "body"))
    rows = []
    for kind, (source_name, start, end, slug) in chosen:
        body = bodies[source_name]
        before = " ".join(body[max(0, start - CONTEXT) : start].split())
        after = " ".join(body[end : end + CONTEXT].split())
        rows.append([source_name.rsplit("#", 1)[-1], str(start), f"{kind}:{slug}", body[start:end], before, after, ""])
    return rows


def _rank(source_name: str, start: int) -> str:
    """A mention's place in the sample, the same in every database: by the article's line in
    the .jsonl, not its id, which depends on the order the import's workers stored them."""
    return hashlib.sha256(f"{SEED}:{source_name.rsplit('#', 1)[-1]}:{start}".encode()).hexdigest()


def main() -> None:
    import django

    django.setup()
    arguments = [argument for argument in sys.argv[1:] if argument != "--relink"]
    out = Path(arguments[0]) if arguments else Path("/tmp/linking_sample.tsv")
    import_corpus()
    if "--relink" in sys.argv:
        relink_all()
    with out.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, delimiter="\t", lineterminator="\n")
        writer.writerow(["line", "start", "entity", "mention", "before", "after", "verdict"])
        writer.writerows(sample_rows())
    print(f"wrote {out}")


if __name__ == "__main__":
    main()
