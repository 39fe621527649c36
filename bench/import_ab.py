"""Import speed, code against code: `manage.py import_articles` as a user runs it, from two
(or more) checkouts in turn, each into a fresh database of its own, rounds interleaved; the
wall time, the CPU of the Python processes (the command and its workers) and of the
PostgreSQL backends serving it; then whether the archives they made are the same
(fingerprints of every derived table, keyed by the articles' source names) and consistent
(`check_archive --exact`). Of the SaudiNewsNet corpus, each round also loads the same records
into the issue's two peers, in turn with the codes: plain PostgreSQL (one table whose search
vector is `to_tsvector('arabic', …)`, generated, under a GIN index, `COPY`ed on one
connection) and Lucene (`ArabicAnalyzer`, a title field and a body field, in memory, as
`LuceneServe` times it).

    .venv/bin/python bench/import_ab.py --code old=/path/to/old-checkout --code new=. \
        [--corpus ../shared/corpora/saudinewsnet-dev | --corpus /tmp/corpus-10000] [--rounds 3] [--workers 2]

A folder of SaudiNewsNet zips is written as one .jsonl (as `real_quality.py` imports it);
any other folder (`generate_corpus.py`'s) is imported as it is. The databases are named
`import_ab_<label>` on the server of BENCH_DATABASE_URL and dropped at the end.
"""

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import psycopg
from benchdb import DATABASE_URL, _server_and_name

os.environ.setdefault("DATABASE_URL", DATABASE_URL)  # real_quality sets Django up, on no server of its own
from real_quality import Lucene, read_corpus, write_docs  # noqa: E402

LUCENE_TOOLS = Path(__file__).resolve().parent.parent.parent / "shared/tools/lucene"
# The plain PostgreSQL peer: what an archive of the same articles needs at the least.
PLAIN_TABLE = """
    CREATE TABLE article (
        id bigserial PRIMARY KEY, title text, body text, published_on date, source text, url text,
        search_vector tsvector GENERATED ALWAYS AS (to_tsvector('arabic', title || ' ' || body)) STORED
    );
    CREATE INDEX article_search_vector ON article USING gin (search_vector)
"""

# Every table an import writes, each row keyed by what does not depend on the order ids were
# drawn in (source names, entity slugs), ordered, as text: two imports wrote the same when
# these agree.
FINGERPRINTS = {
    "articles": "SELECT source_name, title, body, published_on, source, url, author, source_format, content_hash, "
    "search_title, search_lead, search_body, search_entities, search_vector, title_vector, title_words, "
    "search_shingles, duplicate_keys FROM archive_article",
    "actor mentions": "SELECT a.source_name, m.start, m.end, e.slug FROM archive_actormention m "
    "JOIN archive_article a ON a.id = m.article_id JOIN archive_actor e ON e.id = m.actor_id",
    "place mentions": "SELECT a.source_name, m.start, m.end, e.slug FROM archive_placemention m "
    "JOIN archive_article a ON a.id = m.article_id JOIN archive_place e ON e.id = m.place_id",
    "counts": "SELECT 'actor', slug, article_count FROM archive_actor UNION ALL SELECT 'place', slug, article_count FROM archive_place",
    "vocabulary": "SELECT word, documents FROM archive_searchterm",
    "near-duplicate groups": "SELECT a.source_name, g.source_name FROM archive_nearduplicate n "
    "JOIN archive_article a ON a.id = n.article_id JOIN archive_article g ON g.id = n.group_id",
    "candidates": "SELECT * FROM archive_namecandidate",
}


def fingerprints(url: str) -> dict[str, str]:
    with psycopg.connect(url) as connection:
        columns = {
            name: [column for (column,) in connection.execute(
                "SELECT column_name FROM information_schema.columns WHERE table_name = %s AND column_name <> 'id'", [name]
            )]
            for name in ("archive_namecandidate",)
        }
        found = {}
        for name, query in FINGERPRINTS.items():
            if name == "candidates":
                query = f"SELECT {', '.join(columns['archive_namecandidate'])} FROM archive_namecandidate"
                query = query.replace("first_article_id", "(SELECT source_name FROM archive_article WHERE id = first_article_id)")
            found[name] = connection.execute(
                f"SELECT count(*) || ' ' || md5(coalesce(string_agg(r::text, E'\\n' ORDER BY r::text), '')) FROM ({query}) AS r"
            ).fetchone()[0]
        return found


def backend_cpu(database: str) -> dict[int, float]:
    """CPU seconds (user + system) of every PostgreSQL backend connected to `database` now."""
    tick = os.sysconf("SC_CLK_TCK")
    found = {}
    for proc in Path("/proc").iterdir():
        if not proc.name.isdigit():
            continue
        try:
            command = (proc / "cmdline").read_bytes().decode(errors="replace")
            if f" postgres {database} " not in command.split("\0")[0]:
                continue
            fields = (proc / "stat").read_text().rsplit(")", 1)[1].split()
            found[int(proc.name)] = (int(fields[11]) + int(fields[12])) / tick
        except OSError:
            continue
    return found


def run_import(code: Path, database: str, paths: list[Path], workers: int, bulk: bool) -> dict:
    url = f"{DATABASE_URL.rsplit('/', 1)[0]}/{database}"
    server, _ = _server_and_name()
    with psycopg.connect(server, autocommit=True) as connection:
        connection.execute(f"DROP DATABASE IF EXISTS {database} WITH (FORCE)")
        connection.execute(f"CREATE DATABASE {database}")
    env = os.environ | {"DATABASE_URL": url, "PYTHONPATH": str(code)}
    python = sys.executable
    for command in (["migrate"], ["load_gazetteer"]):
        subprocess.run([python, "manage.py", *command, "-v", "0"], cwd=code, env=env, check=True)
    command = [python, "manage.py", "import_articles", *map(str, paths), "--workers", str(workers)] + (["--bulk"] if bulk else [])
    before = os.times()
    started = time.perf_counter()
    # What it says goes to files, not pipes: a pipe nobody reads while it runs fills and stops it.
    with tempfile.TemporaryFile("w+", encoding="utf-8") as said, tempfile.TemporaryFile("w+", encoding="utf-8") as errors:
        process = subprocess.Popen(command, cwd=code, env=env, stdout=said, stderr=errors, text=True)
        cpu: dict[int, float] = {}
        while process.poll() is None:
            cpu |= backend_cpu(database)  # a backend's last reading stands once it has ended
            time.sleep(0.2)
        wall = time.perf_counter() - started
        after = os.times()
        said.seek(0)
        errors.seek(0)
        if process.returncode:
            raise SystemExit(f"{code}: import_articles failed ({process.returncode}): {errors.read()[-2000:]}")
        summary = said.read().strip().splitlines()[-1]
    imported = int(summary.split()[0])
    if not imported:
        raise SystemExit(f"{code}: nothing imported from {paths} ({summary})")
    check = subprocess.run(
        [python, "manage.py", "check_archive", "--exact"], cwd=code, env=env, capture_output=True, text=True
    )
    return {
        "wall": wall,
        "imported": imported,
        "rate": imported / wall,
        "python_cpu": after.children_user + after.children_system - before.children_user - before.children_system,
        "backend_cpu": sum(cpu.values()),
        "consistent": check.returncode == 0,
        "check": check.stdout.strip().splitlines()[-1] if check.stdout.strip() else check.stderr.strip()[-200:],
        "fingerprints": fingerprints(url),
        "summary": summary,
    }


def plain_load(database: str, records: list[dict]) -> dict:
    """The plain PostgreSQL peer: `records` COPYed into PLAIN_TABLE in a fresh `database`."""
    server, _ = _server_and_name()
    with psycopg.connect(server, autocommit=True) as connection:
        connection.execute(f"DROP DATABASE IF EXISTS {database} WITH (FORCE)")
        connection.execute(f"CREATE DATABASE {database}")
    with psycopg.connect(f"{server.rsplit('/', 1)[0]}/{database}", autocommit=True) as connection:
        connection.execute(PLAIN_TABLE)
        cpu = backend_cpu(database)
        started = time.perf_counter()
        with connection.cursor().copy("COPY article (title, body, published_on, source, url) FROM STDIN") as copy:
            for record in records:
                copy.write_row((record["title"], record["body"], record["date"] or None, record["source"], record["url"]))
        wall = time.perf_counter() - started
        backend = sum(backend_cpu(database).values()) - sum(cpu.values())
    return {"wall": wall, "rate": len(records) / wall, "python_cpu": None, "backend_cpu": backend}


def lucene_index(records: list[dict]) -> dict:
    """The Lucene peer: `records` indexed in memory, title and body, as the quality run's title×3 baseline."""
    with tempfile.TemporaryDirectory(prefix="import-ab-lucene-") as folder:
        write_docs({f"record#{n}": (record["title"], record["body"]) for n, record in enumerate(records)}, Path(folder))
        lucene = Lucene(LUCENE_TOOLS, Path(folder), 3)
        lucene.close()
    return {"wall": lucene.index_seconds, "rate": lucene.articles / lucene.index_seconds, "python_cpu": None, "backend_cpu": None}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--code", action="append", required=True, help="LABEL=checkout, twice or more")
    parser.add_argument("--corpus", type=Path, default=Path("../shared/corpora/saudinewsnet-dev"))
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--bulk", action="store_true")
    parser.add_argument("--keep", action="store_true", help="keep the databases")
    args = parser.parse_args()
    codes = [(label, Path(path).resolve()) for label, path in (item.split("=", 1) for item in args.code)]
    records = []
    if list(args.corpus.glob("*.zip")):
        jsonl = Path("/tmp/import_ab_saudinewsnet-dev.jsonl")
        if not jsonl.exists():
            jsonl.write_text("".join(json.dumps(record, ensure_ascii=False) + "\n" for record in read_corpus(args.corpus)), encoding="utf-8")
        # The peers load the records the archive is given, the few it skips (no body) too.
        records = [json.loads(line) for line in jsonl.read_text(encoding="utf-8").splitlines()]
        paths = [jsonl]
    else:
        paths = [args.corpus.resolve()]
    results: dict[str, list[dict]] = {label: [] for label, _ in codes}
    peers = {"plain PostgreSQL (peer)": lambda: plain_load("import_ab_plain", records), "Lucene (peer)": lambda: lucene_index(records)}
    peer_results: dict[str, list[dict]] = {label: [] for label in peers} if records else {}
    for round_ in range(args.rounds):
        for label, code in codes if round_ % 2 == 0 else reversed(codes):
            result = run_import(code, f"import_ab_{label}", paths, args.workers, args.bulk)
            results[label].append(result)
            print(
                f"round {round_ + 1} {label}: {result['wall']:.1f} s, {result['rate']:.0f} articles/s, "
                f"Python CPU {result['python_cpu']:.1f} s, backend CPU {result['backend_cpu']:.1f} s, "
                f"{result['summary']}; {result['check']}",
                flush=True,
            )
        for label in peer_results:
            result = peers[label]()
            peer_results[label].append(result)
            print(f"round {round_ + 1} {label}: {result['wall']:.1f} s, {result['rate']:.0f} articles/s", flush=True)
    print(f"\n| code | articles/s (median of {args.rounds}) | wall s | Python CPU s | backend CPU s | consistent |")
    print("| --- | ---: | ---: | ---: | ---: | --- |")
    for label, runs in (results | peer_results).items():
        # A peer's CPU that is not its own process's (Lucene's JVM, the COPY's client) is not measured: "–".
        median = {
            key: "–" if runs[0][key] is None else f"{statistics.median(run[key] for run in runs):.1f}"
            for key in ("wall", "python_cpu", "backend_cpu")
        }
        consistent = all(run["consistent"] for run in runs) if label in results else "–"
        rate = statistics.median(run["rate"] for run in runs)
        print(f"| {label} | {rate:.0f} | {median['wall']} | {median['python_cpu']} | {median['backend_cpu']} | {consistent} |")
    prints = {label: [run["fingerprints"] for run in runs] for label, runs in results.items()}
    first = prints[codes[0][0]][0]
    for table in first:
        same = all(fp[table] == first[table] for runs in prints.values() for fp in runs)
        print(f"{table}: {'the same in every run' if same else 'DIFFERENT'} ({first[table].split()[0]} rows)")
        if not same:
            for label, runs in prints.items():
                print(f"  {label}: {[fp[table] for fp in runs]}")
    if not args.keep:
        server, _ = _server_and_name()
        with psycopg.connect(server, autocommit=True) as connection:
            for label in [label for label, _ in codes] + ["plain"]:
                connection.execute(f"DROP DATABASE IF EXISTS import_ab_{label} WITH (FORCE)")


if __name__ == "__main__":
    main()
