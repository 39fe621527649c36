"""Known-item search quality on real Arabic news, the archive against Lucene's Arabic analyzer.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/quality .venv/bin/python bench/real_quality.py \
        [--corpus ../shared/corpora/saudinewsnet-dev] [--lucene ../shared/tools/lucene] [--reimport] [--seed 2015]

1. Reads the corpus zips (each one JSON array of {source, url, date_extracted, title, author,
   content}), writes them as one .jsonl in /tmp and imports it with the project's importer
   into the database of DATABASE_URL (after migrate and load_gazetteer); skipped when the
   database holds them already with search text of the current analyzer (--reimport forces).
2. Makes a known-item query set with a fixed seed: QUERY_ARTICLES articles (bodies of at least
   MIN_BODY characters, titles and bodies each unique), for each 2–3 consecutive content words
   of the title as written, and variants of it, each a group of its own: re-spelt (hamza, ة,
   ى), a clitic added or removed on one word, one word in another inflection the body uses.
3. Runs every query through `search_articles` (page_size 10) and through Lucene (LuceneServe:
   BM25 over the same stored articles, one file each, title on the first line; plain and with
   the title weighted 3), in the same run: success@10 and MRR@10 per group; and how many of
   the archive's misses show their article under another paper's copy of its story («أيضًا في»).
4. Conflation: pairs of common words (COMMON occurrences or more) sharing a search form, and a
   random sample of CONFLATION_SAMPLE pairs to judge by hand.

Prints the table and writes it, with the per-query ranks and the sample, to bench/out/.
"""

import argparse
import glob
import hashlib
import html
import itertools
import json
import os
import random
import re
import subprocess
import sys
import tempfile
import zipfile
from collections import Counter, defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "libya_archive.settings")

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402

from libya_archive.archive.arabic import STOP_WORDS, normalize_arabic, search_document, search_form, word_offsets  # noqa: E402
from libya_archive.archive.importing import import_paths  # noqa: E402
from libya_archive.archive.models import Article  # noqa: E402
from libya_archive.archive.search import search_articles  # noqa: E402
from libya_archive.archive.services import articles_delete  # noqa: E402

SEED = 2015
QUERY_ARTICLES = 450
MIN_BODY = 200
K = 10
COMMON = 10
CONFLATION_SAMPLE = 100
JSONL_NAME = "saudinewsnet-dev.jsonl"
FORMS = ("as written", "spelling", "clitic", "inflection")
_ARABIC_WORD = re.compile(r"[\u0621-\u064a]{2,}")


def read_corpus(corpus: Path) -> list[dict]:
    """The corpus's articles in file order, as the importer's .jsonl records."""
    records = []
    for path in sorted(glob.glob(str(corpus / "*.zip"))):
        with zipfile.ZipFile(path) as archive:
            for name in sorted(archive.namelist()):
                for item in json.loads(archive.read(name)):
                    records.append(
                        {
                            "title": html.unescape(item.get("title") or ""),
                            "body": item.get("content") or "",
                            "date": (item.get("date_extracted") or "")[:10],
                            "source": item.get("source") or "",
                            "url": (item.get("url") or "").replace("\xa0", " ").strip(),
                        }
                    )
    return records


def stored_articles() -> dict[str, tuple[str, str]]:
    """The corpus articles the archive holds: source name → (title, body)."""
    rows = Article.objects.filter(source_name__startswith=JSONL_NAME + "#").values_list("source_name", "title", "body")
    return {name: (title, body) for name, title, body in rows}


def analyzer_is_current() -> bool:
    """Whether the stored search text of every title is what the current analyzer makes
    (a cheap check that the import used today's rules; else import again)."""
    rows = Article.objects.filter(source_name__startswith=JSONL_NAME + "#").values_list("title", "search_title")
    return all(stored == search_document(title) for title, stored in rows.iterator())


def import_corpus(records: list[dict], reimport: bool) -> None:
    call_command("migrate", verbosity=0)
    call_command("load_gazetteer", verbosity=0)
    held = Article.objects.filter(source_name__startswith=JSONL_NAME + "#").count()
    if held and not reimport and analyzer_is_current():
        print(f"the database holds {held} corpus articles analysed as now: not imported again")
        return
    if held:
        print(f"deleting {held} corpus articles to import them again")
        # Through the services, which take them out of the vocabulary: deleted around them,
        # every import again added to the words' counts, and idf fell towards nothing.
        articles_delete(Article.objects.filter(source_name__startswith=JSONL_NAME + "#"))
    with tempfile.TemporaryDirectory(prefix="real-quality-") as folder:
        path = Path(folder) / JSONL_NAME
        path.write_text("".join(json.dumps(record, ensure_ascii=False) + "\n" for record in records), encoding="utf-8")
        counts = Counter(outcome.status for outcome in import_paths([path], workers=os.cpu_count() or 1, bulk=True))
    print("import:", dict(counts))


# Query generation --------------------------------------------------------------------------


def is_content_word(word: str) -> bool:
    form = normalize_arabic(word)
    return bool(_ARABIC_WORD.fullmatch(form)) and form not in STOP_WORDS


def title_run(title: str, rng: random.Random) -> list[str] | None:
    """2–3 consecutive content words of the title, as written."""
    words = word_offsets(title)[0]
    length = rng.choice((2, 3))
    for size in (length, 5 - length):
        runs = [words[i : i + size] for i in range(len(words) - size + 1) if all(map(is_content_word, words[i : i + size]))]
        if runs:
            return rng.choice(runs)
    return None


def respelt(word: str) -> list[str]:
    """The word with one letter written as writers vary it: hamza on alef, ة/ه, ى/ي."""
    variants = []
    for i, letter in enumerate(word):
        if letter in "أإآ":
            variants.append(word[:i] + "ا" + word[i + 1 :])
    if word.endswith("ة"):
        variants.append(word[:-1] + "ه")
    elif word.endswith("ى"):
        variants.append(word[:-1] + "ي")
    elif word.endswith("ي"):
        variants.append(word[:-1] + "ى")
    if word.startswith("ا") and not word.startswith("ال"):
        variants.append("أ" + word[1:])
    return variants


def with_other_clitic(word: str) -> list[str]:
    """The word with a clitic (و, ب, ل, ال) added or removed."""
    if word[:3] in ("وال", "فال", "بال", "كال") and len(word) > 5:
        return [word[1:]]
    if word.startswith("لل") and len(word) > 4:
        return ["ال" + word[2:]]
    if word.startswith("ال") and len(word) > 4:
        return [word[2:], "و" + word, "ب" + word, "ل" + word[1:]]
    if word[:1] in "وف":  # perhaps a conjunction already: no second one
        return []
    return ["و" + word]


_PROCLITICS = re.compile(r"^(?:[وف]?(?:[بكل]?ال|لل)|[وف])")
_ENDINGS = re.compile(r"(?:ات|ون|ين|ان|ية|يه|يات|ها|هم|تها|ته|ة|ه|ي|ى|ا)$")


def core(word: str) -> str:
    """A crude stem, independent of the archive's analyzer: common clitics and endings off."""
    stem = _PROCLITICS.sub("", word) if len(word) > 4 else word
    return _ENDINGS.sub("", stem) if len(stem) > 3 else stem


def other_inflections(word: str, body_words: list[str]) -> list[str]:
    """Words of the body with the same crude stem but another ending than `word`."""
    base, ending = core(word), _PROCLITICS.sub("", word) if len(word) > 4 else word
    if len(base) < 3:
        return []
    found = []
    for other in body_words:
        other_base = _PROCLITICS.sub("", other) if len(other) > 4 else other
        if core(other) == base and normalize_arabic(other_base) != normalize_arabic(ending) and is_content_word(other):
            found.append(other)
    return sorted(set(found))


def make_queries(articles: dict[str, tuple[str, str]], seed: int) -> list[dict]:
    """The known-item queries: per chosen article, the title run and its variants.

    The articles are drawn in the order of a hash of the seed and their names, and each
    draws its run and variants from a generator of its own: an article whose text the
    import reads otherwise changes its own queries, not which articles the rest are or
    what they ask (one shuffle and one generator for all had made every import rule that
    touched a few texts a new draw of 450)."""
    titles = Counter(normalize_arabic(title) for title, _ in articles.values())
    bodies = Counter(body for _, body in articles.values())
    eligible = sorted(
        name
        for name, (title, body) in articles.items()
        if len(body) >= MIN_BODY and titles[normalize_arabic(title)] == 1 and bodies[body] == 1
    )
    eligible.sort(key=lambda name: hashlib.sha256(f"{seed}:{name}".encode()).digest())
    queries = []
    chosen = 0
    for name in eligible:
        if chosen == QUERY_ARTICLES:
            break
        title, body = articles[name]
        rng = random.Random(f"{seed}:{name}")
        run = title_run(title, rng)
        if not run:
            continue
        chosen += 1
        queries.append({"target": name, "form": "as written", "query": " ".join(run)})
        body_words = word_offsets(body)[0]
        for form, change in (
            ("spelling", respelt),
            ("clitic", with_other_clitic),
            ("inflection", lambda word: other_inflections(word, body_words)),
        ):
            options = [(i, variant) for i, word in enumerate(run) for variant in change(word)]
            if options:
                i, variant = rng.choice(options)
                queries.append({"target": name, "form": form, "query": " ".join([*run[:i], variant, *run[i + 1 :]])})
    return queries


# Engines ---------------------------------------------------------------------------------


def archive_ranking(query: str) -> list[str]:
    """The first page as a reader sees it: the matches, then any articles holding all of the
    query but one word that fill the page (`search.some_words`)."""
    return [hit.article.source_name for hit in _first_page(query)]


def also_in(query: str) -> set[str]:
    """The articles the first page lists under another paper's copy of their story («أيضًا في»)."""
    return {other.source_name for hit in _first_page(query) for other in hit.also_in}


def _first_page(query: str) -> list:
    results = search_articles(query, page_size=K, with_some_words=True)
    return results.hits + results.some_words


class Lucene:
    """LuceneServe over one .txt file per article (title on the first line), in memory."""

    def __init__(self, tools: Path, docs: Path, title_boost: float) -> None:
        jar = next(iter(sorted(glob.glob(os.path.expanduser("~/.cache/lucene_baseline/anserini-*-fatjar.jar")))), None)
        if jar is None:
            subprocess.run([str(tools / "setup.sh")], check=True)
            jar = sorted(glob.glob(os.path.expanduser("~/.cache/lucene_baseline/anserini-*-fatjar.jar")))[0]
        classes = Path("/tmp/lucene-serve")
        if not (classes / "LuceneServe.class").exists():
            classes.mkdir(exist_ok=True)
            subprocess.run(
                ["javac", "-encoding", "UTF-8", "-nowarn", "-cp", jar, "-d", str(classes), str(tools / "LuceneServe.java")],
                check=True,
            )
        self.process = subprocess.Popen(
            ["java", "-Dfile.encoding=UTF-8", "-cp", f"{classes}:{jar}", "LuceneServe", str(docs), str(title_boost)],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
            encoding="utf-8",
        )
        ready = self.process.stdout.readline()
        if not ready.startswith("READY"):
            raise RuntimeError(f"LuceneServe did not start: {ready!r}")
        self.articles, self.index_seconds = int(ready.split()[1]), float(ready.split()[2])

    def ranking(self, query: str) -> list[str]:
        names = self._answer(query)[3]
        return [name.removesuffix(".txt").replace("_", "#") for name in names.split(",") if name]

    def milliseconds(self, query: str) -> float:
        """How long the JVM took for the top K and the exact count, as LuceneServe times them."""
        _, search, count, _ = self._answer(query)
        return (int(search) + int(count)) / 1000

    def _answer(self, query: str) -> list[str]:
        self.process.stdin.write(f"{K}\t{' '.join(query.split())}\n")
        self.process.stdin.flush()
        return self.process.stdout.readline().rstrip("\n").split("\t")

    def close(self) -> None:
        self.process.stdin.close()
        self.process.wait()


def write_docs(articles: dict[str, tuple[str, str]], folder: Path) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    for name, (title, body) in articles.items():
        (folder / (name.replace("#", "_") + ".txt")).write_text(f"{' '.join(title.split())}\n{body}", encoding="utf-8")


def rank_of(ranking: list[str], targets: set[str]) -> int | None:
    return next((i for i, name in enumerate(ranking, start=1) if name in targets), None)


# Conflation ------------------------------------------------------------------------------


def conflation(articles: dict[str, tuple[str, str]], rng: random.Random) -> tuple[int, int, list[tuple]]:
    """Common words, the pairs of them sharing a search form, and a sample of those pairs."""
    counts: Counter = Counter()
    for title, body in articles.values():
        for word in word_offsets(f"{title}\n{body}")[0]:
            form = normalize_arabic(word)
            if _ARABIC_WORD.fullmatch(form):
                counts[form] += 1
    common = sorted(word for word, count in counts.items() if count >= COMMON)
    by_form = defaultdict(list)
    for word in common:
        by_form[search_form(word)].append(word)
    pairs = [
        (first, second, form, counts[first], counts[second])
        for form, words in sorted(by_form.items())
        for first, second in itertools.combinations(words, 2)
    ]
    return len(common), len(pairs), rng.sample(pairs, min(CONFLATION_SAMPLE, len(pairs)))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--corpus", type=Path, default=ROOT.parent / "shared/corpora/saudinewsnet-dev")
    parser.add_argument("--lucene", type=Path, default=ROOT.parent / "shared/tools/lucene")
    parser.add_argument("--reimport", action="store_true", help="delete and import the corpus again")
    parser.add_argument("--seed", type=int, default=SEED, help="another draw of articles and queries (default %(default)s)")
    parser.add_argument("--out", type=Path, default=ROOT / "bench/out")
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)

    import_corpus(read_corpus(args.corpus), args.reimport)
    articles = stored_articles()
    twins = defaultdict(set)  # articles stored twice (another URL or date) are the same item
    for name, text in articles.items():
        twins[text].add(name)
    queries = make_queries(articles, args.seed)

    engines = {"archive": archive_ranking}
    with tempfile.TemporaryDirectory(prefix="real-quality-docs-") as folder:
        write_docs(articles, Path(folder))
        lucenes = {"Lucene plain": Lucene(args.lucene, Path(folder), 0), "Lucene title×3": Lucene(args.lucene, Path(folder), 3)}
    engines.update({label: lucene.ranking for label, lucene in lucenes.items()})
    for query in queries:
        targets = twins[articles[query["target"]]]
        query["ranks"] = {label: rank_of(ranking(query["query"]), targets) for label, ranking in engines.items()}
        query["also_in"] = query["ranks"]["archive"] is None and bool(also_in(query["query"]) & targets)
    for lucene in lucenes.values():
        lucene.close()

    lines = [
        f"{len(articles)} articles; {len({q['target'] for q in queries})} known items; seed {args.seed}; page of {K}",
        "",
        "| form | queries | " + " | ".join(f"{label} s@10 | {label} MRR@10" for label in engines) + " |",
        "| --- | ---: | " + " | ".join("---: | ---:" for _ in engines) + " |",
    ]
    for form in (*FORMS, "all"):
        group = [q for q in queries if form in ("all", q["form"])]
        cells = []
        for label in engines:
            ranks = [q["ranks"][label] for q in group]
            cells.append(f"{sum(r is not None for r in ranks) / len(group):.1%}")
            cells.append(f"{sum(1 / r for r in ranks if r) / len(group):.3f}")
        lines.append(f"| {form} | {len(group)} | " + " | ".join(cells) + " |")

    missed = [q for q in queries if q["ranks"]["archive"] is None]
    lines.append(
        f"\nof the archive's {len(missed)} queries missing their article, {sum(q['also_in'] for q in missed)} show it "
        "on the first page under another paper's copy of its story («أيضًا في»)"
    )
    rng = random.Random(args.seed)
    common, pair_count, sample = conflation(articles, rng)
    lines += ["", f"conflation: {common} words of ≥ {COMMON} occurrences; {pair_count} pairs of them share a search form"]
    report = "\n".join(lines)
    print(report)
    (args.out / "real_quality.md").write_text(report + "\n", encoding="utf-8")
    with open(args.out / "real_quality_queries.jsonl", "w", encoding="utf-8") as out:
        for query in queries:
            out.write(json.dumps(query, ensure_ascii=False) + "\n")
    with open(args.out / "conflation_sample.tsv", "w", encoding="utf-8") as out:
        out.write("word\tother word\tsearch form\tcount\tother count\tverdict\n")
        for row in sample:
            out.write("\t".join(map(str, row)) + "\t\n")
    print(f"written: {args.out}/real_quality.md, real_quality_queries.jsonl, conflation_sample.tsv")


if __name__ == "__main__":
    main()
