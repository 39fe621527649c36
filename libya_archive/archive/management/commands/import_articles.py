import time
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand

from libya_archive.archive.importing import count_articles, import_paths


class Command(BaseCommand):
    help = (
        "Import article files into the archive: UTF-8 .txt files (one article each, optionally with a "
        "metadata header) and .jsonl files (one JSON article per line, see docs/importing.md). "
        "An article already imported with the same content is left alone; a changed one is updated; "
        "a broken file or line is reported by name (and line number) and skipped."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "paths",
            nargs="*",
            type=Path,
            help="Files, or folders of .txt and .jsonl files (default: the seeds/ folder).",
        )
        parser.add_argument(
            "--workers",
            type=int,
            default=1,
            help="Processes that read and analyse articles while the main one writes (default 1; "
            "use the number of cores for large imports).",
        )
        parser.add_argument(
            "--bulk",
            action="store_true",
            help="For a very large load: drop the search indexes during the import and build them "
            "again at the end, which is faster overall (searches meanwhile are slow).",
        )

    def handle(self, *args, paths, workers, bulk, verbosity, **options):
        paths = paths or [settings.SEEDS_DIR]
        counts = {"imported": 0, "updated": 0, "unchanged": 0, "skipped": 0}
        progress = Progress(self.stdout, count_articles(paths)) if verbosity >= 1 else None
        for outcome in import_paths(paths, workers=max(1, workers), bulk=bulk):
            counts[outcome.status] += 1
            if outcome.message:  # skipped, or kept with something left out
                self.stderr.write(f"{outcome.status} {outcome.where}: {outcome.message}")
            elif verbosity >= 2:
                self.stdout.write(f"{outcome.status} {outcome.where}")
            if progress:
                progress.advance()
        self.stdout.write(
            "{imported} imported, {updated} updated, {unchanged} unchanged, {skipped} skipped".format(**counts)
        )


class Progress:
    """A line every SECONDS with how many articles are done, how fast, and the time
    left, instead of a line per article (verbosity 2 gives those)."""

    SECONDS = 5.0

    def __init__(self, out, total: int):
        self.out, self.total, self.done = out, total, 0
        self.started = self.last = time.monotonic()

    def advance(self) -> None:
        self.done += 1
        now = time.monotonic()
        if now - self.last < self.SECONDS:
            return
        self.last = now
        rate = self.done / (now - self.started)
        left = max(0, self.total - self.done) / rate if rate else 0
        share = f" of {self.total:,} ({100 * self.done / self.total:.0f}%)" if self.total else ""
        self.out.write(f"{self.done:,}{share} articles, {rate:,.0f}/s, about {_duration(left)} left")


def _duration(seconds: float) -> str:
    minutes, seconds = divmod(round(seconds), 60)
    hours, minutes = divmod(minutes, 60)
    return f"{hours}:{minutes:02}:{seconds:02}" if hours else f"{minutes}:{seconds:02}"
