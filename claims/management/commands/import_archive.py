"""python manage.py import_archive FILE: restore an archive into an empty database (see claims/archive.py)."""

from django.core.management.base import BaseCommand, CommandError

from claims.archive import ArchiveError, import_archive


class Command(BaseCommand):
    help = "Restore an archive written by export_archive into a migrated database that holds no desk data yet."

    def add_arguments(self, parser):
        parser.add_argument("file", help="the archive to read")

    def handle(self, *args, file, **options):
        try:
            with open(file, encoding="utf-8") as source:
                counts = import_archive(source)
        except OSError as error:
            raise CommandError(f"Cannot read {file}: {error.strerror}.") from None
        except ArchiveError as error:
            raise CommandError(str(error)) from None
        summary = ", ".join(f"{n} {name.replace('_', ' ')}" for name, n in counts.items())
        self.stdout.write(self.style.SUCCESS(f"Imported {file}: {summary}."))
