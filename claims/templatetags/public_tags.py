"""Template helpers of the public site: the rating badge, JSON-LD, and the annotated piece text."""

import re
from dataclasses import dataclass

from django import template
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import mark_safe
from django.utils.text import slugify

from claims.markdown import sanitize
from claims.public import jsonld

register = template.Library()

PARAGRAPH_BREAK = re.compile(r"\n\s*\n")


@register.simple_tag
def rating_badge(rating, size=""):
    if rating is None:
        return ""
    classes = f"rating-badge rating-{slugify(rating.slug)}"
    if size:
        classes += f" rating-badge-{slugify(size)}"
    return format_html('<span class="{}">{}</span>', classes, rating.label)


@register.filter
def sanitized(html):
    """A snapshot's stored explanation HTML, cleaned again on the way out (claims/markdown.py)."""
    return sanitize(html)


@register.simple_tag
def json_ld(data):
    return jsonld.script_tag(data)


@register.filter
def absolute(path):
    return jsonld.absolute(str(path))


@dataclass
class Segment:
    text: str
    claim: object = None


def claim_span(body: str, snapshot) -> tuple[int, int] | None:
    """Where the approved claim sits in the body: its offsets, or the quote found again if the text moved.

    The offsets mark the sentence as reported; the quote is the claimant's words inside it, or empty.
    """
    start, end, quote = snapshot.start, snapshot.end, snapshot.quote
    found = body.find(quote) if quote else -1
    if start is not None and end is not None and 0 <= start < end <= len(body):
        first_words = quote.split(" … ")[0]  # claims/intake/quoting.py joins the quoted parts so
        # Words said elsewhere (a speech the piece reports) leave the sentence where the offsets put it.
        if not quote or found < 0 or first_words in " ".join(body[start:end].split()):
            return start, end
    if found >= 0:
        return found, found + len(quote)
    return None


def highlight_segments(body: str, claims) -> list[Segment]:
    """Cut the body into plain text and claim spans, in order; overlapping spans keep the first."""
    spans = sorted(
        ((span, claim) for claim in claims if (span := claim_span(body, claim.published_verdict)) is not None),
        key=lambda item: (item[0][0], -item[0][1]),
    )
    segments, position = [], 0
    for (start, end), claim in spans:
        if start < position:
            continue
        if start > position:
            segments.append(Segment(body[position:start]))
        segments.append(Segment(body[start:end], claim))
        position = end
    if position < len(body):
        segments.append(Segment(body[position:]))
    return segments


def render_segment(segment: Segment) -> str:
    if segment.claim is None:
        paragraphs = PARAGRAPH_BREAK.split(segment.text)
        return mark_safe("</p>\n<p>".join(conditional_escape(p).replace("\n", "<br>") for p in paragraphs))
    claim = segment.claim
    rating = claim.published_verdict.shown_rating
    return format_html(
        '<mark class="claim-mark"><a href="{}" class="claim-link">{}</a></mark>'
        '<a href="{}" class="rating-badge rating-badge-inline rating-{}" title="{}">{}</a>',
        claim.get_absolute_url(),
        " ".join(segment.text.split()),
        claim.get_absolute_url(),
        slugify(rating.slug) if rating else "none",
        claim.published_verdict.headline,
        rating.label if rating else "",
    )


@register.simple_tag
def annotated_body(body, claims):
    """The piece text as paragraphs, every published claim marked and linked to its verdict; all text escaped."""
    segments = highlight_segments(body or "", claims)
    if segments and segments[0].claim is None:
        segments[0].text = segments[0].text.lstrip()
    if segments and segments[-1].claim is None:
        segments[-1].text = segments[-1].text.rstrip()
    html = "".join(render_segment(segment) for segment in segments)
    return mark_safe(f"<p>{html}</p>")
