#!/usr/bin/env python
import os
import sys


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "libya_archive.settings")
    from django.core.management import execute_from_command_line

    from libya_archive.db_routing import primary_database

    # Commands (imports, checks, reindexing, the shell) read from the primary: they write from
    # what they read, and report on the archive as it is, not as a replica last replayed it.
    with primary_database():
        execute_from_command_line(sys.argv)


if __name__ == "__main__":
    main()
