"""The desk's data and its single-row rules, one module per concern; import from here, `claims.models`.

Status changes never happen here: `claims.workflow` owns them. Each module imports the ones it builds on
(fields, then ratings and pieces, claims, revisions, the site's own tables), so Django registers the models in
that order whatever the order below. Migrations name `claims.models.HttpURLField`: it stays importable here.
"""

from claims.models.claims import (
    PUBLIC_RULE,
    Claim,
    ClaimQuerySet,
    ClaimSlugRedirect,
    HistoricalClaim,
    WorkState,
    follows_rule,
    public_rule_sql,
)
from claims.models.fields import HttpURLField, http_url, unique_slug
from claims.models.jobs import JobKey, ScheduleTick
from claims.models.ratings_pieces import HistoricalPiece, Piece, PieceQuerySet, Rating
from claims.models.revisions import (
    SNAPSHOT_FIELDS,
    Comment,
    Evidence,
    HistoricalEvidence,
    HistoricalVerdict,
    ProjectionChange,
    ReviewEvent,
    Verdict,
)
from claims.models.site import Generation, OutgoingMail, ReaderMessage

__all__ = [
    "PUBLIC_RULE",
    "SNAPSHOT_FIELDS",
    "Claim",
    "ClaimQuerySet",
    "ClaimSlugRedirect",
    "Comment",
    "Evidence",
    "Generation",
    "HistoricalClaim",
    "HistoricalEvidence",
    "HistoricalPiece",
    "HistoricalVerdict",
    "HttpURLField",
    "OutgoingMail",
    "JobKey",
    "ScheduleTick",
    "Piece",
    "PieceQuerySet",
    "ProjectionChange",
    "Rating",
    "ReaderMessage",
    "ReviewEvent",
    "Verdict",
    "WorkState",
    "follows_rule",
    "http_url",
    "public_rule_sql",
    "unique_slug",
]
