"""Re-linking after an alias edit, timed on the benchmark database: the work the admin
does when an editor saves an actor whose aliases changed (`relink_entity` with the changed
names, every re-linked article's mentions and search text rewritten).

    .venv/bin/python bench/run_relink.py              # after run_import.py (and replicate.py)
    .venv/bin/python bench/run_relink.py --alias "البنك المركزي الليبي"   # that alias as well

For sampled aliases that articles hold rarely, at the median, often and most often, an editor's
two edits are timed as the admin makes them (`relink_or_queue`): the alias removed (its
articles lose the mention), then added back (they get it again), each committed. An edit
that can touch more than RELINK_AT_ONCE articles is only queued for `relink_pending`; those
requests are deleted afterwards, the alias being back. The archive ends as it began.
Writes bench/out/relink.json.
"""

import argparse
import json
import statistics
import time

import benchdb

SAMPLE = 30  # aliases, every n-th by id: counting every alias's articles at 1M takes minutes
COUNT_CAP = 100_000
# Queued re-linking is carried out here (relink_pending) for aliases in at most this many
# articles; beyond, at a few ms an article, it would take many minutes.
BACKGROUND_UP_TO = 20_000

def alias_frequencies() -> list[tuple[int, object]]:
    """(articles holding it, at most COUNT_CAP, alias) for a sample of actor aliases, fewest first."""
    from libya_archive.archive.models import ActorAlias
    from libya_archive.archive.selectors import articles_naming

    aliases = list(ActorAlias.objects.select_related("actor").order_by("pk"))
    sample = aliases[:: max(1, len(aliases) // SAMPLE)]
    counted = [(articles_naming([alias.name]).order_by().values("pk")[:COUNT_CAP].count(), alias) for alias in sample]
    return sorted(counted, key=lambda pair: pair[0])


def timed_edit(edit) -> float:
    started = time.perf_counter()
    edit()
    return time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--alias", action="append", default=[], help="Time this actor alias too (repeatable).")
    parser.add_argument("--no-sample", action="store_true", help="Only the aliases given.")
    arguments = parser.parse_args()
    benchdb.setup_django()
    from django.db import transaction

    from libya_archive.archive.models import ActorAlias, RelinkRequest
    from libya_archive.archive.selectors import articles_naming
    from libya_archive.archive.services import relink_or_queue, relink_pending

    picks = {}
    for number, name in enumerate(arguments.alias, 1):
        alias = ActorAlias.objects.select_related("actor").get(name=name)
        picks[f"given {number}"] = (articles_naming([name]).order_by().values("pk")[:COUNT_CAP].count(), alias)
    frequencies = [] if arguments.no_sample else [pair for pair in alias_frequencies() if pair[0] > 0]
    sampled = (
        ("rare", len(frequencies) // 10),
        ("median", len(frequencies) // 2),
        ("often", len(frequencies) * 9 // 10),
        ("most often", len(frequencies) - 1),
    )
    for label, index in sampled if frequencies else ():
        # A small sample can land two labels on one alias: time it once.
        if frequencies[index] not in picks.values():
            picks[label] = frequencies[index]
    results = {}
    print("| alias | articles holding it | removed: s | added back: s | links changed at once | queued (at most) | relink_pending: s |")
    print("| --- | ---: | ---: | ---: | ---: | ---: | ---: |")
    for label, (holding, alias) in picks.items():
        actor, name = alias.actor, alias.name
        outcome = {}

        # As the admin saves an edit: the alias and the re-linking (or its request) in one transaction.
        def remove():
            with transaction.atomic():
                # By name: the alias added back by an earlier pick has a new id.
                ActorAlias.objects.filter(actor=actor, name=name).delete()
                outcome["articles"], outcome["queued"] = relink_or_queue(actor, [name])

        def add_back():
            with transaction.atomic():
                ActorAlias(actor=actor, name=name).save()
                relink_or_queue(actor, [name])

        background = holding <= BACKGROUND_UP_TO
        removed = timed_edit(remove)
        pending = [timed_edit(relink_pending)] if background else []
        added = timed_edit(add_back)
        pending += [timed_edit(relink_pending)] if background else []
        # Removed and added back: the archive is as it was, and nothing is left to re-link.
        RelinkRequest.objects.filter(actor=actor).delete()
        results[label] = {
            "alias": name, "actor": actor.name, "holding": holding, "removed_s": removed, "added_s": added,
            "relink_pending_s": pending, **outcome,
        }
        at_once, queued = (0, outcome["articles"]) if outcome["queued"] else (outcome["articles"], 0)
        background_s = " + ".join(f"{seconds:.2f}" for seconds in pending) if outcome["queued"] and pending else "–"
        print(
            f"| {label}: {name} ({actor.name}) | {holding:,} | {removed:.2f} | {added:.2f} | {at_once:,} | {queued:,} | {background_s} |",
            flush=True,
        )
    # Per article of the alias: what either path spends on an edit, at once or queued.
    per_article = [
        1000 * (sum(r["relink_pending_s"]) if r["queued"] else r["removed_s"] + r["added_s"]) / (2 * r["holding"])
        for r in results.values()
        if r["holding"] >= 100 and (r["relink_pending_s"] or not r["queued"])
    ]
    if per_article:
        print(f"\nmedian per re-linked article: {statistics.median(per_article):.2f} ms")
    (benchdb.OUT / "relink.json").write_text(json.dumps(results, indent=2, ensure_ascii=False) + "\n")


if __name__ == "__main__":
    main()
