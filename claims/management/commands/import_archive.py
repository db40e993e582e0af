"""python manage.py import_archive FILE: restore an archive into an empty database (see claims/archive.py)."""

from django.core.management.base import CommandError

from claims.archive import ArchiveError, import_archive
from claims.management.commands._options import DeskCommand


class Command(DeskCommand):
    help = "Restore an archive written by export_archive into a migrated database that holds no desk data yet."

    def add_arguments(self, parser):
        parser.add_argument("file", help="the archive to read")
        parser.add_argument(
            "--allow-superusers",
            action="store_true",
            help="create the archive's superusers too (without it, an archive holding one is refused)",
        )

    def handle(self, *args, file, allow_superusers=False, **options):
        try:
            with open(file, encoding="utf-8") as source:
                imported = import_archive(source, allow_superusers=allow_superusers)
        except OSError as error:
            raise CommandError(f"Cannot read {file}: {error.strerror}.", returncode=2) from None
        except ArchiveError as error:
            raise CommandError(str(error)) from None
        summary = ", ".join(f"{n} {name.replace('_', ' ')}" for name, n in imported.counts.items())
        self.stdout.write(self.style.SUCCESS(f"Imported {file}: {summary}."))
        if imported.superusers:
            self.stdout.write(self.style.WARNING(f"Superusers created: {', '.join(imported.superusers)}."))
