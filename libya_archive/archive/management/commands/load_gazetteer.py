from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from libya_archive.archive.gazetteer_file import GazetteerFileError, load_gazetteer_file


class Command(BaseCommand):
    help = (
        "Create the actors and places of a gazetteer file (with their aliases) that the archive "
        "does not have yet. Entities that exist already keep their editors' changes."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "path",
            nargs="?",
            type=Path,
            default=settings.SEEDS_DIR / "gazetteer.json",
            help="The gazetteer JSON file (default: seeds/gazetteer.json).",
        )

    def handle(self, *args, path, **options):
        try:
            result = load_gazetteer_file(path)
        except GazetteerFileError as error:
            raise CommandError(str(error)) from None
        self.stdout.write(
            f"{result.actors_created} actors and {result.places_created} places created, "
            f"{result.existing} already present"
        )
