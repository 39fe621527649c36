from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from libya_archive.backups import BackupError, backup, restore


class Command(BaseCommand):
    help = "Back the whole archive up to one file (pg_dump), or with --restore replace it by such a backup (pg_restore)."

    def add_arguments(self, parser):
        parser.add_argument("path", type=Path, help="The backup file: written, or with --restore read.")
        parser.add_argument(
            "--restore",
            action="store_true",
            dest="restoring",
            help="Replace the archive's contents with the backup in PATH.",
        )

    def handle(self, *args, path, restoring: bool, **options):
        try:
            (restore if restoring else backup)(path)
        except BackupError as error:
            raise CommandError(str(error)) from None
        self.stdout.write(f"{'restored from' if restoring else 'backed up to'} {path}")
