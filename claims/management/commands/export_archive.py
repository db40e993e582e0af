"""python manage.py export_archive FILE: the whole desk as readable JSON (see claims/archive.py)."""

import os

from django.core.management.base import CommandError

from claims.archive import export_archive
from claims.management.commands._options import DeskCommand


def open_private(path: str):
    """A file only its owner may read: an archive holds e-mail addresses, internal notes, maybe password hashes."""
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    os.fchmod(descriptor, 0o600)  # a leftover file from an earlier run keeps its mode through O_CREAT
    return os.fdopen(descriptor, "w", encoding="utf-8")


class Command(DeskCommand):
    help = (
        "Write every piece, claim, evidence link, verdict revision and review event to FILE as JSON ('-' for stdout)."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="where to write the archive; '-' writes to standard output")
        parser.add_argument(
            "--with-passwords",
            action="store_true",
            help="include the accounts' password hashes, so that a restore keeps everyone's login",
        )

    def handle(self, *args, file, with_passwords=False, **options):
        if file == "-":
            self.stdout.ending = ""  # the archive writes its own line ends; the wrapper would add one per piece
            export_archive(self.stdout, with_passwords=with_passwords)
            return
        partial = f"{file}.partial"
        try:
            with open_private(partial) as out:
                counts = export_archive(out, with_passwords=with_passwords)
            os.replace(partial, file)  # a crash never leaves a half-written archive under the real name
        except OSError as error:
            raise CommandError(f"Cannot write {file}: {error.strerror}.", returncode=2) from None
        summary = ", ".join(f"{n} {name.replace('_', ' ')}" for name, n in counts.items())
        self.stdout.write(self.style.SUCCESS(f"Wrote {file}: {summary}."))
