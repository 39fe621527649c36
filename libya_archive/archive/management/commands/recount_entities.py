from django.core.management.base import BaseCommand

from libya_archive.archive.services import entities_recount


class Command(BaseCommand):
    help = (
        "Count afresh how many articles mention each actor and place. The counts are kept "
        "current as articles are imported and edited; this repairs them after changes made "
        "around the archive's own code (deleting rows in a database shell, say)."
    )

    def handle(self, *args, **options):
        entities_recount()
        self.stdout.write("article counts of actors and places recounted")
