from django.core.management.base import BaseCommand

from libya_archive.archive.management.progress import Progress
from libya_archive.archive.services import near_duplicates_regroup


class Command(BaseCommand):
    help = (
        "Find every article's near-duplicates again (the same story in several papers, a page crawled "
        "twice) and make the groups search shows once: for articles imported before groups were, or "
        "after NEAR_DUPLICATE_RESEMBLANCE changed. Safe to stop and run again; searches work meanwhile."
    )

    def handle(self, *args, verbosity, **options):
        progress = Progress(self.stdout, verbosity)
        groups = near_duplicates_regroup(progress=progress)
        self.stdout.write(f"{groups:,} groups of near-duplicates, made in {progress.seconds:.0f} s")
