"""schema.org markup of the public site: ClaimReview, the newsroom, and the partners' DataFeed.

`claim_review` is the one builder of a verdict's ClaimReview: the verdict page
and /feeds/claimreview.json both use it, so what crawlers and partners read is
the same object. It reads the approved snapshot (`claim.published_verdict`),
never the claim's draft fields, the live rating scale or the live piece: the rating as shown and the piece
as cited are frozen in it too (claims/snapshots.py).
"""

import json
import re

from django.conf import settings
from django.urls import reverse
from django.utils.safestring import mark_safe

from claims import snapshots
from claims.models import Claim, Verdict

CONTEXT = "https://schema.org"

# Words that say a claimant is a body rather than one person ("Russian Interior Ministry",
# "Media reports in Central Asia", "Ukraine, Western governments and South Korea").
ORGANIZATION_WORDS = re.compile(
    r"\b(government|governments|ministry|ministries|office|department|agency|council|committee|party|"
    r"parliament|senate|congress|assembly|army|forces|police|media|reports?|press|news|newspaper|"
    r"company|corporation|inc|ltd|university|institute|organi[sz]ation|association|union|campaign|"
    r"group|commission|court|service|bank|authorities|officials|administration|embassy|kremlin|"
    r"white house|nations|republic)\b",
    re.IGNORECASE,
)


def absolute(path: str) -> str:
    return settings.FACTCHECK_SITE_URL + path


def newsroom() -> dict:
    """The newsroom as the author of its reviews."""
    return {"@type": "Organization", "name": settings.FACTCHECK_ORG_NAME, "url": settings.FACTCHECK_SITE_URL + "/"}


def claimant_entity(name: str) -> dict:
    kind = "Organization" if ORGANIZATION_WORDS.search(name) else "Person"
    return {"@type": kind, "name": name}


def _date(value):
    return value.isoformat() if value else None


def _compact(data: dict) -> dict:
    """Drop empty properties: schema.org readers treat "" and null as wrong values, not as absent ones."""
    return {key: value for key, value in data.items() if value not in (None, "", [], {})}


def rating(verdict: Verdict) -> dict:
    """The Rating as approved: numeric values only when it was on the scale, with the scale's ends then."""
    shown, scale = verdict.shown_rating, verdict.rating_shown
    data = {"@type": "Rating", "alternateName": shown.label, "ratingExplanation": verdict.summary}
    if shown.value is not None and scale.get("worst") is not None:
        data.update(ratingValue=shown.value, worstRating=scale["worst"], bestRating=scale["best"])
    return _compact(data)


def news_article(piece) -> dict:
    """The news piece that reported the claim, as cited on the verdict page."""
    publisher = {"@type": "Organization", "name": piece.publisher} if piece.publisher else None
    return _compact(
        {
            "@type": "NewsArticle",
            "url": piece.url,
            "headline": piece.title,
            "datePublished": _date(piece.published_on),
            "publisher": publisher,
        }
    )


def cited_piece(claim: Claim):
    return snapshots.cited_piece(claim.published_verdict, claim.piece)


def appeared_in_piece(claim: Claim, piece) -> bool:
    url = claim.published_verdict.appearance_url
    return bool(piece) and (not url or url.rstrip("/") == piece.url.rstrip("/"))


def appearance(claim: Claim, piece) -> dict | None:
    """Where the claim appeared: the piece itself, or the place it was said (its address and the day).

    The claimant's verbatim words, when the desk has them, are a Quotation that is part of that work.
    """
    snapshot = claim.published_verdict
    if appeared_in_piece(claim, piece):
        work = news_article(piece)
    elif snapshot.appearance_url:
        work = {"@type": "CreativeWork", "url": snapshot.appearance_url, "datePublished": _date(snapshot.said_on)}
    else:
        return None
    if snapshot.quote:
        spoken_by = claimant_entity(snapshot.claimant) if snapshot.claimant else None
        work["hasPart"] = _compact({"@type": "Quotation", "text": snapshot.quote, "spokenByCharacter": spoken_by})
    return _compact(work)


def item_reviewed(claim: Claim, piece) -> dict:
    """The claim as made: who, when and where it appeared; the piece that reported it, when it appeared elsewhere."""
    snapshot = claim.published_verdict
    reported_by = news_article(piece) if piece and not appeared_in_piece(claim, piece) else None
    return _compact(
        {
            "@type": "Claim",
            "author": claimant_entity(snapshot.claimant) if snapshot.claimant else None,
            "datePublished": _date(snapshot.said_on),
            "appearance": appearance(claim, piece),
            "subjectOf": reported_by,
        }
    )


def claim_review(claim: Claim) -> dict:
    """The ClaimReview of a claim's published verdict (without @context, which the container adds)."""
    verdict = claim.published_verdict
    piece = cited_piece(claim)
    modified = verdict.approved_at if verdict.is_correction else None
    return _compact(
        {
            "@type": "ClaimReview",
            "url": absolute(claim.get_absolute_url()),
            "headline": verdict.headline or verdict.statement,
            "claimReviewed": verdict.statement,
            "datePublished": _date(claim.first_published_at),
            "dateModified": _date(modified),
            "inLanguage": piece.language if piece else None,
            "author": newsroom(),
            "reviewRating": rating(verdict) if verdict.rating_id else None,
            "itemReviewed": item_reviewed(claim, piece),
        }
    )


def page_claim_review(claim: Claim) -> dict:
    return {"@context": CONTEXT, **claim_review(claim)}


def organization() -> dict:
    """The newsroom with the pages that IFCN and Google ask a fact-checker to publish."""
    return {
        "@context": CONTEXT,
        "@type": "NewsMediaOrganization",
        "name": settings.FACTCHECK_ORG_NAME,
        "url": settings.FACTCHECK_SITE_URL + "/",
        "publishingPrinciples": absolute(reverse("public:about")),
        "verificationFactCheckingPolicy": absolute(reverse("public:methodology")),
        "correctionsPolicy": absolute(reverse("public:corrections_policy")),
        "actionableFeedbackPolicy": absolute(reverse("public:suggest")),
    }


def data_feed(claims, *, modified=None) -> dict:
    """A DataFeed of ClaimReviews for partners: one DataFeedItem per published verdict."""
    items = []
    for claim in claims:
        review = claim_review(claim)
        items.append(
            _compact(
                {
                    "@type": "DataFeedItem",
                    "dateCreated": review.get("datePublished"),
                    "dateModified": _date(claim.published_verdict.approved_at),
                    "item": review,
                }
            )
        )
    feed = _compact(
        {
            "@context": CONTEXT,
            "@type": "DataFeed",
            "name": f"{settings.FACTCHECK_ORG_NAME} ClaimReview feed",
            "url": absolute(reverse("public:claimreview_feed")),
            "dateModified": _date(modified),
            "publisher": newsroom(),
        }
    )
    feed["dataFeedElement"] = items  # present even when empty: partners read "no reviews", not a broken feed
    return feed


def dumps(data) -> str:
    """JSON that is safe inside <script>: user text cannot close the element or open a comment."""
    text = json.dumps(data, ensure_ascii=False, indent=None, separators=(",", ":"))
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def script_tag(data) -> str:
    return mark_safe(f'<script type="application/ld+json">{dumps(data)}</script>')
