"""Has this been checked before? Candidates compared with the claims already in the database.

Two texts match when their normalized words are alike and their figures do
not disagree. Likeness is pg_trgm's similarity: the share of character
trigrams the two have in common. PostgreSQL computes it with the trigram GIN
index on claims_claim.statement (migration 0003); elsewhere the same measure
is computed in Python over an in-memory index. "Figures do not disagree":
when both texts hold numbers they share at least one, because "the port
handled 3,000 ships" and "the port handled 9,000 ships" are two claims.
"""

import logging
import math
import re
from collections import defaultdict
from dataclasses import dataclass

from django.db import DatabaseError, connection, transaction

from claims.models import Claim

logger = logging.getLogger(__name__)

MATCH_THRESHOLD = 0.5
TRIGRAM_INDEX = "claims_claim_statement_trgm"
WORD = re.compile(r"[^\W_]+")
NUMBER = re.compile(r"\d+(?:[.,]\d+)*")
# PostgreSQL returns this many of the most similar claims; the first whose figures agree wins.
PG_CANDIDATES = 5


@dataclass
class Match:
    """The claim a candidate resembles, by id: the desk and the command build their own links from it."""

    claim: int
    statement: str
    similarity: float
    status: str
    status_label: str
    verdict: str
    public: bool
    slug: str


def normalize(text: str) -> str:
    """Lower case, punctuation and spacing out: the words as pg_trgm sees them."""
    return " ".join(WORD.findall((text or "").lower()))


def trigrams(text: str) -> set[str]:
    """pg_trgm's trigrams: each word padded with two spaces before and one after."""
    grams = set()
    for word in normalize(text).split():
        padded = f"  {word} "
        grams.update(padded[i : i + 3] for i in range(len(padded) - 2))
    return grams


def similarity(a: str, b: str) -> float:
    left, right = trigrams(a), trigrams(b)
    if not left or not right:
        return 0.0
    shared = len(left & right)
    return shared / (len(left) + len(right) - shared)


def figures(text: str) -> frozenset[str]:
    """The numbers in a text, thousands separators dropped: '10,000' and '10000' are one figure."""
    found = set()
    for number in NUMBER.findall(text or ""):
        if re.fullmatch(r"\d{1,3}(?:,\d{3})+(?:\.\d+)?", number):
            number = number.replace(",", "")
        found.add(number.replace(",", "."))
    return frozenset(found)


def figures_agree(a: frozenset, b: frozenset) -> bool:
    return not a or not b or bool(a & b)


def find_matches(texts: list[str], *, threshold: float = MATCH_THRESHOLD) -> list[Match | None]:
    """For each text, the most similar existing claim at or above the threshold, or None."""
    return Matcher().find(texts, threshold=threshold)


class Matcher:
    """Finds matches for batches of texts.

    Without PostgreSQL it keeps one in-memory index of the claims, built on first use; a batch
    import reuses it for every piece and adds the claims it stores with `add`.
    """

    def __init__(self):
        self.index: TrigramIndex | None = None

    def find(self, texts: list[str], *, threshold: float = MATCH_THRESHOLD) -> list[Match | None]:
        if not texts:
            return []
        if connection.vendor == "postgresql":
            best = best_matches_postgres(texts, threshold=threshold)
        else:
            if self.index is None:
                self.index = TrigramIndex(Claim.objects.values_list("id", "statement").iterator(chunk_size=2000))
            best = [self.index.best(text, threshold) for text in texts]
        claims = Claim.objects.select_related("published_verdict__rating").in_bulk(
            {claim_id for claim_id, _score in best if claim_id is not None}
        )
        return [describe(claims[claim_id], score) if claim_id in claims else None for claim_id, score in best]

    def add(self, rows) -> None:
        """Claims stored since the index was built, as (id, statement) pairs."""
        if self.index is not None:
            for claim_id, statement in rows:
                self.index.add(claim_id, statement)


def best_matches_postgres(texts: list[str], *, threshold: float) -> list[tuple[int | None, float]]:
    # `%` is what the trigram GIN index serves; with pg_trgm.similarity_threshold set to ours for
    # this transaction, the index drops most rows before any similarity is computed.
    sql = """
        SELECT c.n, m.id, m.sim, m.statement
        FROM unnest(%s::text[]) WITH ORDINALITY AS c(txt, n)
        CROSS JOIN LATERAL (
            SELECT id, statement, similarity(statement, c.txt) AS sim
            FROM claims_claim
            WHERE statement %% c.txt
            ORDER BY sim DESC, id
            LIMIT %s
        ) m
        ORDER BY c.n, m.sim DESC, m.id
    """
    with transaction.atomic(), connection.cursor() as cursor:
        # Before pg_trgm is first used in a session its setting does not exist yet (NULL): 0.3 is its default.
        cursor.execute("SELECT current_setting('pg_trgm.similarity_threshold', true)")
        previous = cursor.fetchone()[0] or "0.3"
        cursor.execute("SELECT set_config('pg_trgm.similarity_threshold', %s, true)", [str(threshold)])
        cursor.execute(sql, [list(texts), PG_CANDIDATES])
        rows = cursor.fetchall()
        cursor.execute("SELECT set_config('pg_trgm.similarity_threshold', %s, true)", [previous])
    best: list[tuple[int | None, float]] = [(None, 0.0)] * len(texts)
    wanted = [figures(text) for text in texts]
    for number, claim_id, score, statement in rows:
        index = number - 1
        if best[index][0] is None and score >= threshold and figures_agree(wanted[index], figures(statement)):
            best[index] = (claim_id, float(score))
    return best


class TrigramIndex:
    """Claims' trigram sets and figures, and for each trigram and figure the claims that have it."""

    def __init__(self, rows=()):
        self.grams: dict[int, frozenset] = {}
        self.postings: dict[str, list[int]] = defaultdict(list)
        self.by_figure: dict[str, set[int]] = defaultdict(set)
        self.without_figures: set[int] = set()
        for claim_id, statement in rows:
            self.add(claim_id, statement)

    def add(self, claim_id: int, statement: str) -> None:
        grams = frozenset(trigrams(statement))
        self.grams[claim_id] = grams
        for gram in grams:
            self.postings[gram].append(claim_id)
        numbers = figures(statement)
        for number in numbers:
            self.by_figure[number].add(claim_id)
        if not numbers:
            self.without_figures.add(claim_id)

    def best(self, text: str, threshold: float) -> tuple[int | None, float]:
        """The most similar claim at or above the threshold whose figures agree (lowest id on a tie)."""
        grams = trigrams(text)
        if not grams or not self.grams:
            return None, 0.0
        # A claim at or above the threshold shares at least ceil(threshold * |grams|) trigrams, so it has
        # one of the rarest |grams| - that + 1: only those trigrams' claims need comparing.
        must_share = max(1, math.ceil(threshold * len(grams)))
        rarest = sorted(grams, key=lambda gram: len(self.postings.get(gram, ())))[: len(grams) - must_share + 1]
        possible = {claim_id for gram in rarest for claim_id in self.postings.get(gram, ())}
        numbers = figures(text)
        if numbers:
            agreeing = set(self.without_figures).union(*(self.by_figure.get(n, ()) for n in numbers))
            possible &= agreeing
        best_id, best_score = None, 0.0
        for claim_id in sorted(possible):
            other = self.grams[claim_id]
            if not threshold * len(grams) <= len(other) <= len(grams) / threshold:
                continue
            shared = len(grams & other)
            score = shared / (len(grams) + len(other) - shared)
            if score > best_score:
                best_id, best_score = claim_id, score
        return (best_id, best_score) if best_score >= threshold else (None, 0.0)


def merge_new_claims_into_index() -> None:
    """On PostgreSQL, move the claims just stored from the GIN index's pending list into the index.

    New rows wait in a pending list that every trigram search reads in full, so a busy day of
    imports would slow matching down until the next vacuum. Best effort: the vacuum does it too.
    """
    if connection.vendor != "postgresql":
        return
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT gin_clean_pending_list(%s::regclass)", [TRIGRAM_INDEX])
    except DatabaseError as error:
        logger.warning("intake: could not merge the trigram index's pending list: %s", error)


def describe(claim: Claim, score: float) -> Match:
    public = claim.is_public
    verdict = claim.published_verdict.rating.label if public and claim.published_verdict.rating else ""
    return Match(
        claim=claim.pk,
        statement=claim.statement,
        similarity=round(score, 2),
        status=claim.status,
        status_label=str(claim.get_status_display()),
        verdict=verdict,
        public=public,
        slug=claim.slug,
    )
