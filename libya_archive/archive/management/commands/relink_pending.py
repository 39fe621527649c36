import time

from django.core.management.base import BaseCommand
from django.db import DatabaseError

from libya_archive.archive.services import relink_pending

POLL_SECONDS = 5


class Command(BaseCommand):
    help = (
        "Re-link the articles of actor and place edits too large to re-link while the editor "
        "waits (queued by the admin). With --forever, keep watching for new ones."
    )

    def add_arguments(self, parser):
        parser.add_argument("--forever", action="store_true", help=f"look for new requests every {POLL_SECONDS} s")

    def handle(self, *args, forever: bool, **options):
        while True:
            try:
                done = relink_pending()
            except DatabaseError as error:
                if not forever:
                    raise
                # The database restarting, say: the request stays queued and is tried again.
                self.stderr.write(f"re-linking stopped, trying again in {POLL_SECONDS} s: {error}")
                done = 0
            if done or not forever:
                self.stdout.write(f"re-linking requests carried out: {done}")
            if not forever:
                return
            time.sleep(POLL_SECONDS)
