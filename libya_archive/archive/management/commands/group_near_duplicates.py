import time

from django.core.management.base import BaseCommand

from libya_archive.archive.services import near_duplicates_regroup


class Command(BaseCommand):
    help = (
        "Find every article's near-duplicates again (the same story in several papers, a page crawled "
        "twice) and make the groups search shows once: for articles imported before groups were, or "
        "after NEAR_DUPLICATE_RESEMBLANCE changed. Safe to stop and run again; searches work meanwhile."
    )

    def handle(self, *args, verbosity, **options):
        started = time.monotonic()
        last = [started]

        def progress(done: int, total: int) -> None:
            now = time.monotonic()
            if verbosity >= 1 and (now - last[0] >= 5 or done == total):
                last[0] = now
                self.stdout.write(f"{done:,} of {total:,} articles, {done / max(now - started, 1e-9):,.0f}/s")

        groups = near_duplicates_regroup(progress=progress)
        self.stdout.write(f"{groups:,} groups of near-duplicates, made in {time.monotonic() - started:.0f} s")
