"""Import a piece (or a folder of pieces) and store its check-worthy sentences as new claims.

    python manage.py import_piece SOURCE [--title T] [--url U] [--publisher P] [--published YYYY-MM-DD]
                                         [--min-score S] [--user NAME] [--dry-run] [--json]

SOURCE is a file, - for standard input, an http(s) address, or a folder (every
file in it is imported, each in its own transaction, with a progress bar).
"""

import json
import sys
from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.management.base import CommandError
from django.urls import reverse
from tqdm import tqdm

from claims.intake import pipeline
from claims.intake.errors import IntakeError
from claims.intake.matching import Matcher
from claims.management.commands._options import DeskCommand, check_readable, iso_date, number, refuse


def http_address(value: str) -> str:
    if value and not pipeline.is_url(value):
        refuse(f"--url must start with http:// or https://, not {value!r}")
    return value


def source_given(source: str) -> dict:
    """SOURCE as the pipeline takes it: '-' is standard input, anything with '://' an address, else a path."""
    if source == "-":
        return {"stream": sys.stdin.buffer}
    if "://" in source:
        return {"address": source}
    return {"path": source}


def title_from_filename(path) -> str:
    return Path(path).stem.replace("-", " ").replace("_", " ").strip().capitalize()


def candidate_row(candidate) -> dict:
    """One candidate as --json prints it; a match carries the link a person would follow."""
    row = {
        "rank": candidate.rank,
        "score": candidate.score,
        "text": candidate.text,
        "claimant": candidate.claimant,
        "reasons": list(candidate.reasons),
        "start": candidate.start,
        "end": candidate.end,
        "match": None,
    }
    match = candidate.match
    if match:
        # A published claim's verdict page, any other's desk page: as the desk's intake page links them.
        url = (
            reverse("public:verdict", args=[match.slug]) if match.public else reverse("desk:claim", args=[match.claim])
        )
        row["match"] = {
            "claim": match.claim,
            "statement": match.statement,
            "similarity": match.similarity,
            "status": match.status,
            "status_label": match.status_label,
            "verdict": match.verdict,
            "url": url,
        }
    return row


class Command(DeskCommand):
    help = "Read a piece, rank its sentences by check-worthiness and store the best as new claims."

    def add_arguments(self, parser):
        parser.add_argument("source", help="a file, - for standard input, an http(s) address, or a folder")
        parser.add_argument("--title", default="", help="the piece's title (default: the one found in it)")
        parser.add_argument(
            "--url", type=http_address, default="", help="the piece's canonical address (http or https)"
        )
        parser.add_argument("--publisher", default="", help="who published the piece")
        parser.add_argument(
            "--published", type=iso_date("--published"), default=None, help="publication date, YYYY-MM-DD"
        )
        parser.add_argument(
            "--min-score",
            type=number("--min-score", low=0, high=1),
            default=pipeline.DEFAULT_MIN_SCORE,
            help=f"keep sentences scoring at least this, from 0 to 1 (default {pipeline.DEFAULT_MIN_SCORE})",
        )
        parser.add_argument("--user", default="", help="who imports it (default: the first superuser)")
        parser.add_argument("--dry-run", action="store_true", help="show the candidates, store nothing")
        parser.add_argument("--json", action="store_true", help="print one JSON array of the candidates")

    def handle(self, *args, source, **options):
        user = None if options["dry_run"] else self.importing_user(options["user"])
        folder = Path(source)
        given = source_given(source)
        if "path" in given and folder.is_dir():
            return self.import_folder(folder, user=user, options=options)
        if "path" in given:
            check_readable(source)
        fallback = title_from_filename(source) if "path" in given else ""
        try:
            intake, record = self.import_one(source, user=user, options=options, title_fallback=fallback)
        except IntakeError as error:
            raise CommandError(str(error)) from error
        if options["json"]:
            self.stdout.write(json.dumps([candidate_row(c) for c in intake.candidates], ensure_ascii=False, indent=2))
        else:
            self.print_candidates(intake)
            self.print_outcome(intake, record, dry_run=options["dry_run"])

    # One piece --------------------------------------------------------------------

    def import_one(self, source, *, user, options, title_fallback="", matcher=None):
        intake = pipeline.rank_piece(
            **source_given(source),
            title=options["title"],
            url=options["url"],
            publisher=options["publisher"],
            published_on=options["published"],
            title_fallback=title_fallback,
            min_score=options["min_score"],
            matcher=matcher,
        )
        piece = intake.piece
        if options["dry_run"]:
            return intake, None
        if not piece.title:
            raise IntakeError("No title was found in the piece: give one with --title.")
        for earlier in pipeline.pieces_with_url(piece.url)[:1]:
            self.stderr.write(f"Note: a piece from {piece.url} was already imported: “{earlier.title}”.")
        record = pipeline.store(piece, intake.candidates, by=user)
        if matcher is not None:
            matcher.add(record.claims.values_list("id", "statement"))
        return intake, record

    def print_candidates(self, intake):
        if not intake.candidates:
            self.stdout.write(f"No sentence of {intake.sentence_count} scored above the threshold.")
            return
        for candidate in intake.candidates:
            self.stdout.write(f"{candidate.rank:>3}. {candidate.score:.2f}  {candidate.statement}")
            self.stdout.write(f"           claimant: {candidate.claimant}")
            self.stdout.write(f"           why: {'; '.join(candidate.reasons)}")
            if candidate.match:
                match = candidate.match
                verdict = f", verdict: {match.verdict}" if match.verdict else ""
                self.stdout.write(
                    self.style.WARNING(
                        f"           already in the desk: claim #{match.claim} ({match.status_label}{verdict}, "
                        f"similarity {match.similarity:.2f}): {match.statement}"
                    )
                )

    def print_outcome(self, intake, record, *, dry_run):
        count = len(intake.candidates)
        if dry_run:
            self.stdout.write(f"Dry run: {count} candidates from {intake.sentence_count} sentences; nothing stored.")
        else:
            self.stdout.write(
                self.style.SUCCESS(f"Stored “{record.title}” (piece #{record.pk}) with {count} new claims.")
            )

    # A folder ---------------------------------------------------------------------

    def import_folder(self, folder: Path, *, user, options):
        if options["title"] or options["url"]:
            refuse("--title and --url name one piece: leave them out when importing a folder")
        files = sorted(p for p in folder.iterdir() if p.is_file() and not p.name.startswith("."))
        if not files:
            raise CommandError(f"{folder} has no files to import.")
        results, failures = [], []
        # One index of the desk's claims for the whole folder (without PostgreSQL), extended as pieces are stored.
        matcher = Matcher()
        progress = tqdm(files, desc="Importing", unit="piece", file=sys.stderr, disable=None)
        for path in progress:
            try:
                intake, _record = self.import_one(
                    str(path),
                    user=user,
                    options=options,
                    title_fallback=title_from_filename(path),
                    matcher=matcher,
                )
            except pipeline.ImportRefused as refusal:
                # The same refusal awaits every other file.
                raise CommandError(str(refusal)) from refusal
            except IntakeError as error:
                failures.append(f"{path.name}: {error}")
                continue
            results.append((path, intake))
        if options["json"]:
            rows = [candidate_row(c) | {"source": path.name} for path, intake in results for c in intake.candidates]
            self.stdout.write(json.dumps(rows, ensure_ascii=False, indent=2))
        else:
            claims = sum(len(intake.candidates) for _path, intake in results)
            verb = "Read" if options["dry_run"] else "Stored"
            self.stdout.write(f"{verb} {len(results)} pieces with {claims} candidate claims from {folder}.")
        for failure in failures:
            self.stderr.write(failure)
        if failures:
            raise CommandError(f"{len(failures)} of {len(files)} files could not be imported (see above).")

    # Who imports ------------------------------------------------------------------

    def importing_user(self, username):
        """Who the pieces are stored as; whether they may import is pipeline.store's one check."""
        users = get_user_model().objects
        if username:
            user = users.filter(username=username).first()
            if user is None:
                refuse(f"--user: no user called {username!r}")
        else:
            user = users.filter(is_superuser=True, is_active=True).order_by("pk").first()
            if user is None:
                raise CommandError("No superuser to import as: create one, or name a desk user with --user.")
        return user
