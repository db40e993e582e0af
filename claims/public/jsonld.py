"""schema.org markup of the public site: ClaimReview, the newsroom, and the partners' DataFeed.

`claim_review` is the one builder of a verdict's ClaimReview: the verdict page
and /feeds/claimreview.json both use it, so what crawlers and partners read is
the same object. It reads the approved snapshot (`claim.published_verdict`),
never the claim's draft fields.
"""

import json
import re

from django.conf import settings
from django.urls import reverse
from django.utils.safestring import mark_safe

from claims.models import Claim, Rating

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


def rating(verdict_rating: Rating, *, summary: str, bounds: tuple) -> dict:
    """The Rating: numeric values only when this rating is on the scale."""
    data = {"@type": "Rating", "alternateName": verdict_rating.label, "ratingExplanation": summary}
    worst, best = bounds
    if verdict_rating.value is not None and worst is not None:
        data.update(ratingValue=verdict_rating.value, worstRating=worst, bestRating=best)
    return _compact(data)


def piece_work(claim: Claim, url: str) -> dict | None:
    """The work the claim appeared in: the piece, at the address where it was said."""
    piece = claim.piece
    if not url and not piece:
        return None
    data = {"@type": "CreativeWork", "url": url}
    if piece:
        data["headline"] = piece.title
        data["datePublished"] = _date(piece.published_on)
        if piece.publisher:
            data["publisher"] = {"@type": "Organization", "name": piece.publisher}
    return _compact(data)


def appearance(claim: Claim) -> dict | None:
    """Where the claim appeared; with the claimant's verbatim words, a Quotation that is part of that work."""
    snapshot = claim.published_verdict
    url = snapshot.appearance_url or (claim.piece.url if claim.piece else "")
    work = piece_work(claim, url)
    if not snapshot.quote:
        return work if work and work.get("url") else None
    quotation = {
        "@type": "Quotation",
        "text": snapshot.quote,
        "url": url,
        "spokenByCharacter": claimant_entity(snapshot.claimant) if snapshot.claimant else None,
        "isPartOf": work,
    }
    return _compact(quotation)


def item_reviewed(claim: Claim) -> dict:
    """The claim as made: who and when, and where it appeared (with the verbatim words when the desk has them)."""
    snapshot = claim.published_verdict
    return _compact(
        {
            "@type": "Claim",
            "author": claimant_entity(snapshot.claimant) if snapshot.claimant else None,
            "datePublished": _date(snapshot.said_on),
            "appearance": appearance(claim),
        }
    )


def claim_review(claim: Claim, *, bounds: tuple | None = None) -> dict:
    """The ClaimReview of a claim's published verdict (without @context, which the container adds).

    `bounds` is Rating.scale_bounds(); lists pass it once for all their items.
    """
    verdict = claim.published_verdict
    if bounds is None:
        bounds = Rating.scale_bounds()
    modified = verdict.approved_at if verdict.is_correction else None
    return _compact(
        {
            "@type": "ClaimReview",
            "url": absolute(claim.get_absolute_url()),
            "headline": verdict.headline or verdict.statement,
            "claimReviewed": verdict.statement,
            "datePublished": _date(claim.first_published_at),
            "dateModified": _date(modified),
            "inLanguage": claim.piece.language if claim.piece else None,
            "author": newsroom(),
            "reviewRating": rating(verdict.rating, summary=verdict.summary, bounds=bounds) if verdict.rating else None,
            "itemReviewed": item_reviewed(claim),
        }
    )


def page_claim_review(claim: Claim, *, bounds: tuple | None = None) -> dict:
    return {"@context": CONTEXT, **claim_review(claim, bounds=bounds)}


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
    bounds = Rating.scale_bounds()
    items = []
    for claim in claims:
        review = claim_review(claim, bounds=bounds)
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
