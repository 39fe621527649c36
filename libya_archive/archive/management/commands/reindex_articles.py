import time

from django.core.management.base import BaseCommand

from libya_archive.archive.services import articles_reindex


class Command(BaseCommand):
    help = (
        "Derive every article's search text, word shingles and links again, and count the vocabulary "
        "afresh: after an upgrade that changed how Arabic is read (arabic.py or its word lists) or how "
        "names are linked. Safe to stop and run again; searches work meanwhile."
    )

    def handle(self, *args, verbosity, **options):
        started = time.monotonic()
        last = [started]

        def progress(done: int, total: int) -> None:
            now = time.monotonic()
            if verbosity >= 1 and (now - last[0] >= 5 or done == total):
                last[0] = now
                self.stdout.write(f"{done:,} of {total:,} articles, {done / max(now - started, 1e-9):,.0f}/s")

        total = articles_reindex(progress=progress)
        self.stdout.write(f"{total:,} articles re-indexed in {time.monotonic() - started:.0f} s")
