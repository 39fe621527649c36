from django.core.management.base import BaseCommand

from libya_archive.archive.management.progress import Progress
from libya_archive.archive.services import articles_reindex


class Command(BaseCommand):
    help = (
        "Derive every article's search text, word shingles, links and name candidates again, and count "
        "the vocabulary afresh: after an upgrade that changed how Arabic is read (arabic.py or its word "
        "lists), how names are linked or how candidates are found. Safe to stop and run again (the "
        "candidates' counts are short until a run ends); searches and imports work meanwhile."
    )

    def handle(self, *args, verbosity, **options):
        progress = Progress(self.stdout, verbosity)
        total = articles_reindex(progress=progress)
        self.stdout.write(f"{total:,} articles re-indexed in {progress.seconds:.0f} s")
