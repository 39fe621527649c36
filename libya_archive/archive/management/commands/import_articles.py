from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand

from libya_archive.archive.importing import import_paths


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
        counts = {"imported": 0, "updated": 0, "unchanged": 0, "skipped": 0}
        for outcome in import_paths(paths or [settings.SEEDS_DIR], workers=max(1, workers), bulk=bulk):
            counts[outcome.status] += 1
            if outcome.message:  # skipped, or kept with something left out
                self.stderr.write(f"{outcome.status} {outcome.where}: {outcome.message}")
            elif verbosity >= 2 or (verbosity >= 1 and outcome.status != "unchanged"):
                self.stdout.write(f"{outcome.status} {outcome.where}")
        self.stdout.write(
            "{imported} imported, {updated} updated, {unchanged} unchanged, {skipped} skipped".format(**counts)
        )
