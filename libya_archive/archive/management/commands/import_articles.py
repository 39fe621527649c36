import os
import sys
import time
from collections import Counter, defaultdict
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from libya_archive.archive.import_files import count_articles, passed_over
from libya_archive.archive.importing import import_paths


class Command(BaseCommand):
    help = (
        "Import article files into the archive: UTF-8 .txt files (one article each, optionally with a "
        "metadata header), .jsonl files (one JSON article per line), saved web pages (.html), RSS and Atom "
        "feeds (.rss, .atom, .xml), web archives (.warc, .warc.gz), PDFs, scans and images (read by OCR) "
        "and Word documents (.docx); see docs/importing.md. "
        "An article already imported with the same content is left alone; a changed one is updated; "
        "a broken file or record is reported by name (and record number) and skipped."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "paths",
            nargs="*",
            type=Path,
            help="Files, or folders of them, read recursively (default: the seeds/ folder).",
        )
        parser.add_argument(
            "--workers",
            type=int,
            default=os.cpu_count() or 1,
            help="Processes that read and analyse articles while the main one writes (default: one a "
            "core, %(default)s here; 1 reads and analyses in the main one).",
        )
        parser.add_argument(
            "--bulk",
            action="store_true",
            help="For a very large load: drop the search indexes during the import and build them "
            "again at the end, which is faster overall (searches meanwhile are slow).",
        )

    def handle(self, *args, paths, workers, bulk, verbosity, **options):
        # The seeds' folder, the default, holds the gazetteer and an example header beside
        # its articles: what is passed over is said only of folders the command was given.
        given = list(dict.fromkeys(paths))
        paths = given or [settings.SEEDS_DIR]
        missing = [str(path) for path in paths if not path.exists() and not path.is_symlink()]
        counts = Counter({"imported": 0, "updated": 0, "unchanged": 0, "skipped": 0})
        by_format: defaultdict[str, Counter] = defaultdict(Counter)
        progress = Progress(self.stdout, count_articles(paths), bar=self.stdout.isatty()) if verbosity >= 1 else None
        try:
            for outcome in import_paths(paths, workers=max(1, workers), bulk=bulk):
                counts[outcome.status] += 1
                by_format[outcome.format][outcome.status] += 1
                if progress and (outcome.message or verbosity >= 2):
                    progress.clear()
                if outcome.message:  # skipped, or kept with something left out
                    self.stderr.write(f"{outcome.status} {outcome.where}: {outcome.message}")
                elif verbosity >= 2:
                    self.stdout.write(f"{outcome.status} {outcome.where}")
                if progress:
                    progress.advance()
        except KeyboardInterrupt:
            if progress:
                progress.clear()
            self.stdout.write(_counts(counts))
            # Each batch is written whole or not at all: what was written stays, and the
            # same command again finds it unchanged and goes on with the rest.
            self.stderr.write("interrupted: the articles written so far are kept; run the same command again to go on")
            sys.exit(130)
        if progress:
            progress.clear()
        if verbosity >= 1 and len(by_format) > 1:
            for kind, kind_counts in sorted(by_format.items()):
                self.stdout.write(f"{kind}: {_counts(kind_counts)}")
        if other := passed_over(given):
            kinds = ", ".join(f"{suffix or 'no suffix'} {count}" for suffix, count in sorted(other.items()))
            self.stderr.write(f"passed over {other.total()} files of kinds it does not read ({kinds}); docs/importing.md lists those it reads")
        self.stdout.write(_counts(counts))
        # A path mistyped (in a scheduled job, say) is skipped like a broken file, the rest
        # imported, but it fails the command, as cp and rsync do, so that it is noticed.
        if missing:
            raise CommandError(f"no such file or folder: {', '.join(missing)}")


def _counts(counts: Counter) -> str:
    return "{imported} imported, {updated} updated, {unchanged} unchanged, {skipped} skipped".format_map(counts)


class Progress:
    """How far an import is, instead of a line per article (verbosity 2 gives those): on a
    terminal, a bar redrawn in place with the count, the rate and the time left; otherwise
    (a log file, a pipe) the same as a line every SECONDS."""

    SECONDS = 5.0
    REDRAW_SECONDS = 0.2
    WIDTH = 30

    def __init__(self, out, total: int, *, bar: bool = False):
        self.out, self.total, self.done, self.bar = out, total, 0, bar
        self.started = self.last = time.monotonic()
        self.drawn = False

    def advance(self) -> None:
        self.done += 1
        now = time.monotonic()
        if now - self.last < (self.REDRAW_SECONDS if self.bar else self.SECONDS):
            return
        self.last = now
        rate = self.done / (now - self.started)
        left = max(0, self.total - self.done) / rate if rate else 0
        share = f" of {self.total:,} ({100 * self.done / self.total:.0f}%)" if self.total else ""
        line = f"{self.done:,}{share} articles, {rate:,.0f}/s, about {_duration(left)} left"
        if not self.bar:
            self.out.write(line)
            return
        filled = round(self.WIDTH * min(1.0, self.done / self.total)) if self.total else 0
        self.out.write(f"\r[{'#' * filled}{'.' * (self.WIDTH - filled)}] {line}\033[K", ending="")
        self.out.flush()
        self.drawn = True

    def clear(self) -> None:
        """Take the bar off its line, for a message or the summary to take it."""
        if self.drawn:
            self.out.write("\r\033[K", ending="")
            self.out.flush()
            self.drawn = False


def _duration(seconds: float) -> str:
    minutes, seconds = divmod(round(seconds), 60)
    hours, minutes = divmod(minutes, 60)
    return f"{hours}:{minutes:02}:{seconds:02}" if hours else f"{minutes}:{seconds:02}"
