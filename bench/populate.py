"""Create N realistic claims, with pieces, evidence, verdict revisions and review events, quickly.

    python bench/populate.py 100000 --database-url sqlite:////tmp/bench.sqlite3
    python bench/populate.py 1000000 --database-url postgres://postgres@127.0.0.1:5432/bench

The database must be migrated. Rows are written with bulk inserts in chunks,
each chunk in its own transaction, with ids chosen up front so that claims,
their verdicts and their events point at each other without reading back.
Like a real desk, only the newest 2,000 claims may still be open (new,
researched, in review); the archive behind them is published, corrected,
withdrawn or dismissed. Every claim has a consistent history: its status is
the last event's `to_status`, published claims have an approved revision
(some a corrected second one), withdrawn ones a withdraw event, and so on.
Pass --seed for a different but repeatable data set.
"""

import argparse
import json
import os
import random
import sys
import time
from contextlib import contextmanager
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

SUBJECTS = [
    ("unemployment", "The unemployment rate", "%"),
    ("inflation", "Inflation", "%"),
    ("schools", "The number of new schools", ""),
    ("hospital beds", "Hospital beds per 1,000 people", ""),
    ("crime", "Violent crime", "%"),
    ("housing", "New homes built", ""),
    ("emissions", "Carbon emissions", "%"),
    ("wages", "The average monthly wage", " euros"),
    ("vaccination", "The vaccination rate", "%"),
    ("migration", "Net migration", ""),
    ("police officers", "The number of police officers", ""),
    ("debt", "Public debt", "% of GDP"),
    ("exports", "Exports to China", "%"),
    ("fuel prices", "The price of diesel", " cents a litre"),
    ("rail", "Trains running on time", "%"),
]
VERBS = ["rose to", "fell to", "doubled to", "reached", "dropped below", "is now", "tripled to", "stayed at"]
PLACES = ["the country", "the capital", "the north", "rural areas", "the region", "the city", "the EU", "the province"]
CLAIMANTS = [
    "The prime minister",
    "The opposition leader",
    "The finance minister",
    "The mayor",
    "A viral Facebook post",
    "The health ministry",
    "A senator",
    "The central bank governor",
    "A trade union",
    "A television presenter",
    "Media reports in Central Asia",
    "The president",
]
PUBLISHERS = ["National Statistics Office", "Eurostat", "World Bank", "OECD", "Ministry of Health", "Reuters", "AFP"]
FILLER = [
    "The remarks came during a televised debate.",
    "Officials did not respond to a request for comment.",
    "The figure was repeated on social media thousands of times.",
    "Analysts said the numbers needed context.",
]

# Share of claims in each final state; "reopened" is published and being corrected (status researching).
MIX = [
    ("new", 0.14),
    ("dismissed", 0.08),
    ("researching", 0.12),
    ("in_review", 0.08),
    ("published", 0.48),
    ("corrected", 0.05),
    ("reopened", 0.02),
    ("withdrawn", 0.03),
]
# A desk's open work is a few hundred recent claims however long its archive grows: only the newest
# OPEN_WINDOW claims may still be new, researched or in review; older ones have their final state.
OPEN_WINDOW = 2000
ARCHIVE_MIX = [("dismissed", 0.13), ("published", 0.72), ("corrected", 0.10), ("withdrawn", 0.05)]
CLAIMS_PER_PIECE = 8
DROP_INDEXES_FROM = 50_000  # claims; below this, keeping the indexes up to date is quicker
TABLES = ("piece", "claim", "verdict", "evidence", "review_event")  # in the order they are written
PASSWORD = "bench-password"


def setup_django(database_url: str | None = None):
    sys.path.insert(0, str(ROOT))
    if database_url:
        os.environ["DATABASE_URL"] = database_url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "factcheck.settings")
    os.environ.setdefault("DJANGO_DEBUG", "1")
    import django

    django.setup()


def bench_users():
    """Five fact-checkers and three editors (password: bench-password), created once."""
    from django.contrib.auth import get_user_model
    from django.contrib.auth.hashers import make_password
    from django.contrib.auth.models import Group

    from claims.roles import EDITORS, FACT_CHECKERS

    User = get_user_model()
    password = make_password(PASSWORD)
    people = {"checkers": [], "editors": []}
    for kind, group, count in (("checkers", FACT_CHECKERS, 5), ("editors", EDITORS, 3)):
        for n in range(1, count + 1):
            user, created = User.objects.get_or_create(
                username=f"bench-{kind[:-1]}-{n}",
                defaults={"email": f"bench-{kind[:-1]}-{n}@example.org", "is_staff": True, "password": password},
            )
            user.groups.add(Group.objects.get(name=group))
            people[kind].append(user.pk)
    return people


def tables():
    from claims.models import Claim, Evidence, Piece, ReviewEvent, Verdict

    return dict(zip(TABLES, (Piece, Claim, Verdict, Evidence, ReviewEvent), strict=True))


def next_ids():
    return {
        name: (model.objects.order_by("-pk").values_list("pk", flat=True).first() or 0) + 1
        for name, model in tables().items()
    }


class Generator:
    """Builds one chunk of unsaved rows at a time; ids are assigned here, in order."""

    def __init__(self, rng, people, ratings, ids, start, span_days):
        self.rng, self.people, self.ratings, self.ids = rng, people, ratings, ids
        self.labels = {rating.pk: rating.label for rating in ratings}
        self.start, self.span_days = start, span_days

    def final_state(self, index, total):
        mix = MIX if index >= total - OPEN_WINDOW else ARCHIVE_MIX
        return self.rng.choices([state for state, _ in mix], [weight for _, weight in mix])[0]

    def take_id(self, model):
        value = self.ids[model]
        self.ids[model] += 1
        return value

    def statement(self):
        rng = self.rng
        _key, subject, unit = rng.choice(SUBJECTS)
        if "%" in unit:
            number = rng.choice([rng.randint(1, 60), round(rng.uniform(0.5, 30), 1)])
        else:
            number = rng.choice([rng.randint(2, 99), rng.randint(100, 99_999), round(rng.uniform(0.5, 30), 1)])
        return f"{subject} in {rng.choice(PLACES)} {rng.choice(VERBS)} {number}{unit} in {rng.randint(2015, 2026)}."

    def chunk(self, first_index, count, total):
        from django.utils.text import slugify

        rng = self.rng
        rows = {name: [] for name in TABLES}
        quotes = {}
        piece = None
        for index in range(first_index, first_index + count):
            # Older claims have smaller ids, as in a real desk.
            created = self.start + timedelta(days=self.span_days * index / max(total, 1), minutes=rng.randint(0, 600))
            if piece is None or index % CLAIMS_PER_PIECE == 0:
                piece = self.piece(created)
                rows["piece"].append(piece)
                quotes[piece["id"]] = []
            statement = self.statement()
            claim_id = self.take_id("claim")
            quote = statement.rstrip(".")
            claim = dict(
                id=claim_id,
                piece_id=piece["id"],
                slug=f"{slugify(statement)[:100]}-{claim_id}",
                quote=quote,
                statement=statement,
                claimant=rng.choice(CLAIMANTS),
                said_on=created.date() - timedelta(days=rng.randint(0, 5)),
                appearance_url=piece["url"],
                priority=rng.choices([0, 1, 2, 3], weights=[2, 6, 2, 1])[0],
                score=round(rng.uniform(0.2, 0.99), 2),
                score_reasons=["a figure or quantity", "an attribution"],
                created_by_id=rng.choice(self.people["checkers"]),
                created_at=created,
                updated_at=created,
            )
            quotes[piece["id"]].append(claim)
            rows["claim"].append(claim)
            self.history(claim, self.final_state(index, total), created, rows)
        for p in rows["piece"]:
            self.piece_body(p, quotes[p["id"]])
        self.freeze_snapshots(rows)
        return rows

    def freeze_snapshots(self, rows):
        """Submitted and approved revisions carry their claim's public fields, as claims.workflow freezes them."""
        from claims import snapshots
        from claims.markdown import render_markdown

        claims = {claim["id"]: claim for claim in rows["claim"]}
        evidence = {}
        for item in rows["evidence"]:
            frozen = {name: item.get(name, "") for name in snapshots.EVIDENCE_FIELDS}
            evidence.setdefault(item["claim_id"], []).append({**frozen, "accessed_on": item["accessed_on"].isoformat()})
        html = {}  # the generator writes few distinct explanations: render each once
        for verdict in rows["verdict"]:
            if verdict["state"] not in ("submitted", "approved"):
                continue
            claim = claims[verdict["claim_id"]]
            verdict.update({name: claim.get(name) for name in snapshots.CLAIM_FIELDS})
            verdict["evidence"] = evidence.get(claim["id"], [])
            if verdict["explanation"] not in html:
                html[verdict["explanation"]] = str(render_markdown(verdict["explanation"]))
            verdict["explanation_html"] = html[verdict["explanation"]]

    def piece(self, created):
        piece_id = self.take_id("piece")
        return dict(
            id=piece_id,
            title=f"{self.rng.choice(CLAIMANTS)} on the state of {self.rng.choice(PLACES)} ({piece_id})",
            slug=f"piece-{piece_id}",
            url=f"https://news.example.org/{created:%Y/%m}/piece-{piece_id}",
            publisher=self.rng.choice(["Daily Example", "Example Broadcasting", "Example Wire"]),
            byline="Staff reporter",
            published_on=created.date(),
            language="en",
            body="",
            created_by_id=self.rng.choice(self.people["checkers"]),
            created_at=created,
        )

    def piece_body(self, piece, claims):
        """The piece's text holds each claim's quote, so the piece page can highlight it."""
        parts, offset = [], 0
        for claim in claims:
            filler = self.rng.choice(FILLER) + " "
            parts.append(filler)
            offset += len(filler)
            claim["start"], claim["end"] = offset, offset + len(claim["quote"])
            parts.append(claim["quote"] + ". ")
            offset += len(claim["quote"]) + 2
        piece["body"] = "".join(parts).strip()

    def history(self, claim, final, created, rows):
        """The claim's events, revisions and evidence for its final state, in time order."""
        rng = self.rng
        checker = rng.choice(self.people["checkers"])
        editor = rng.choice(self.people["editors"])
        clock = [created]

        def event(step, from_status, to_status, actor, verdict=None, comment=""):
            clock[0] += timedelta(hours=rng.randint(1, 48))
            self.event(rows, claim, step, from_status, to_status, actor, clock[0], verdict, comment)
            claim["status"] = to_status

        claim["status"] = "new"
        if final == "new":
            claim["due_on"] = (created + timedelta(days=rng.randint(1, 14))).date()
            return
        if final == "dismissed":
            event("dismiss", "new", "dismissed", editor, comment="Opinion, not a checkable statement of fact.")
            return
        claim["assignee_id"] = checker
        event("assign", "new", "researching", editor, comment="Assigned")
        self.evidence(rows, claim, checker, clock[0])
        first = self.verdict(rows, claim, 1, checker, clock[0])
        if final == "researching":
            claim["due_on"] = (clock[0] + timedelta(days=rng.randint(1, 10))).date()
            return
        event("submit", "researching", "in_review", checker, first)
        first["state"] = "submitted"
        if final == "in_review":
            claim["submitted_at"] = clock[0]
            return
        event("approve", "in_review", "published", editor, first)
        first["state"], first["approved_at"] = "approved", clock[0]
        claim["published_verdict_id"], claim["first_published_at"] = first["id"], clock[0]
        if final in ("corrected", "reopened"):
            reason = "A newer official figure was published."
            event("reopen", "published", "researching", editor, comment=reason)
            second = self.verdict(rows, claim, 2, checker, clock[0], correction=reason)
            if final == "corrected":
                second["public_note"] = "We updated the verdict to the newer official figure."
                if second["rating_id"] != first["rating_id"]:
                    second["rating_changed_from"] = self.labels[first["rating_id"]]
                event("submit", "researching", "in_review", checker, second)
                event("approve", "in_review", "published", editor, second, comment="Correction published")
                second["state"], second["approved_at"] = "approved", clock[0]
                claim["published_verdict_id"] = second["id"]
        if final == "withdrawn":
            event("withdraw", "published", "withdrawn", editor, first, comment="The main source retracted its data.")
        claim["updated_at"] = clock[0]

    def event(self, rows, claim, step, from_status, to_status, actor, when, verdict, comment):
        rows["review_event"].append(
            dict(
                id=self.take_id("review_event"),
                claim_id=claim["id"],
                verdict_id=verdict["id"] if verdict else None,
                actor_id=actor,
                step=step,
                from_status=from_status,
                to_status=to_status,
                comment=comment,
                created_at=when,
            )
        )

    def evidence(self, rows, claim, checker, when):
        for position in range(self.rng.randint(1, 3)):
            publisher = self.rng.choice(PUBLISHERS)
            rows["evidence"].append(
                dict(
                    id=self.take_id("evidence"),
                    claim_id=claim["id"],
                    url=f"https://data.example.org/{publisher.split()[0].lower()}/{claim['id']}/{position}",
                    title=f"{publisher}: the official series",
                    publisher=publisher,
                    stance=self.rng.choice(["supports", "refutes", "context"]),
                    note="The official series for the period in question.",
                    accessed_on=when.date(),
                    position=position,
                    added_by_id=checker,
                    created_at=when,
                )
            )

    def verdict(self, rows, claim, number, author, when, correction=""):
        rating = self.rng.choice(self.ratings)
        verdict = dict(
            id=self.take_id("verdict"),
            claim_id=claim["id"],
            number=number,
            state="draft",
            rating_id=rating.pk,
            headline=f"{rating.label}: {claim['statement'][:150]}",
            summary=f"We compared the claim with the official series. The figure is {rating.label.lower()}.",
            explanation="## What we checked\n\nThe official series and the claimant's source.\n\n"
            "## What we found\n\nThe numbers are explained in the sources below.",
            correction_reason=correction,
            author_id=author,
            created_at=when,
        )
        rows["verdict"].append(verdict)
        return verdict


def insert(model, rows):
    """Write plain rows straight to the table: COPY on PostgreSQL, executemany on SQLite.

    The ORM's bulk_create spends most of its time compiling SQL for each object;
    here each column's value is adapted once, and unset columns take the field's default.
    """
    from django.db import connection

    fields = model._meta.concrete_fields
    defaults = {f.attname: f.get_default() for f in fields}
    adapters = [column_adapter(f, connection) for f in fields]
    values = (
        [adapt(row.get(f.attname, defaults[f.attname])) for f, adapt in zip(fields, adapters, strict=True)]
        for row in rows
    )
    quote = connection.ops.quote_name
    table, columns = quote(model._meta.db_table), ", ".join(quote(f.column) for f in fields)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            with cursor.cursor.copy(f"COPY {table} ({columns}) FROM STDIN") as copy:
                for value in values:
                    copy.write_row(value)
        else:
            marks = ", ".join(["%s"] * len(fields))
            cursor.executemany(f"INSERT INTO {table} ({columns}) VALUES ({marks})", list(values))


def column_adapter(field, connection):
    kind = field.get_internal_type()
    if kind == "DateTimeField":
        return lambda v: None if v is None else connection.ops.adapt_datetimefield_value(v)
    if kind == "DateField":
        return lambda v: None if v is None else connection.ops.adapt_datefield_value(v)
    if kind == "JSONField":
        return lambda v: None if v is None else json.dumps(v)
    return lambda v: v


@contextmanager
def secondary_indexes_dropped(models, *, when: bool):
    """On PostgreSQL, load big batches without per-row index updates and key checks, then rebuild the indexes.

    Each index is recreated from its own definition as PostgreSQL reports it, so the
    migrations stay the one place that defines them. Primary keys and unique constraints stay.
    """
    from django.db import connection

    if not when or connection.vendor != "postgresql":
        yield
        return
    tables = [model._meta.db_table for model in models]
    with connection.cursor() as cursor:
        cursor.execute("SET synchronous_commit TO off")
        # The generator writes consistent rows by construction; checking ~20 foreign keys per claim
        # one row at a time is most of the load's cost. Needs a superuser; skipped otherwise.
        cursor.execute("SELECT rolsuper FROM pg_roles WHERE rolname = current_user")
        if cursor.fetchone()[0]:
            cursor.execute("SET session_replication_role = replica")
        cursor.execute(
            """SELECT i.indexname, i.indexdef FROM pg_indexes i
               WHERE i.tablename = ANY(%s) AND NOT EXISTS (
                   SELECT 1 FROM pg_constraint c WHERE c.conname = i.indexname)""",
            [tables],
        )
        indexes = cursor.fetchall()
        for name, _definition in indexes:
            cursor.execute(f'DROP INDEX "{name}"')
    try:
        yield
    finally:
        with connection.cursor() as cursor:
            cursor.execute("SET session_replication_role = DEFAULT")
            cursor.execute("SET maintenance_work_mem TO '512MB'")
            for _name, definition in indexes:
                cursor.execute(definition)


def populate(n: int, *, seed: int = 1, chunk: int = 5000, progress=None) -> dict:
    """Create n claims (and their pieces, evidence, revisions and events); returns the count of each."""
    from django.core.management.color import no_style
    from django.db import connection, transaction

    from claims.models import Rating

    rng = random.Random(seed)
    people = bench_users()
    ratings = list(Rating.objects.all())
    start = datetime(2023, 1, 1, tzinfo=UTC)
    span_days = (date(2026, 11, 1) - start.date()).days
    generator = Generator(rng, people, ratings, next_ids(), start, span_days)
    models = tables()
    counts = dict.fromkeys(TABLES, 0)
    with secondary_indexes_dropped(models.values(), when=n >= DROP_INDEXES_FROM):
        for first in range(0, n, chunk):
            rows = generator.chunk(first, min(chunk, n - first), n)
            with transaction.atomic():
                # Foreign keys are checked at commit, so claims may name verdicts inserted after them.
                for name, model in models.items():
                    insert(model, rows[name])
                    counts[name] += len(rows[name])
            if progress:
                progress(first + min(chunk, n - first), n)
    with connection.cursor() as cursor:
        for sql in connection.ops.sequence_reset_sql(no_style(), list(models.values())):
            cursor.execute(sql)
        cursor.execute("ANALYZE")  # fresh statistics, so the planner sees the new size
    return counts


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("n", type=int, help="how many claims to create")
    parser.add_argument("--database-url", help="default: $DATABASE_URL, else the project's SQLite file")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--chunk", type=int, default=5000, help="claims per transaction")
    args = parser.parse_args()
    setup_django(args.database_url)
    began = time.monotonic()

    def progress(done, total):
        elapsed = time.monotonic() - began
        print(f"\r{done:>10,} / {total:,} claims  {done / elapsed:,.0f} claims/s", end="", file=sys.stderr, flush=True)

    counts = populate(args.n, seed=args.seed, chunk=args.chunk, progress=progress)
    elapsed = time.monotonic() - began
    print(file=sys.stderr)
    rows = sum(counts.values())
    print(", ".join(f"{v:,} {k}" for k, v in counts.items()) + f" in {elapsed:.1f} s ({rows / elapsed:,.0f} rows/s)")


if __name__ == "__main__":
    main()
