"""The piece page's body as the piece was written: paragraphs, headings and captions, claims marked in each.

A template library beside public_tags, whose highlighting it reuses: claims.public may not import
claims.templatetags (public_tags imports claims.public), so the page's include asks for the blocks.

Piece.blocks (stored by the intake) says where each block sits in the body. A piece without
blocks, or whose blocks no longer fit its body (an older piece, a body edited since), is shown
as its paragraphs, split on blank lines.
"""

import re
from dataclasses import dataclass

from django import template
from django.utils.safestring import SafeString, mark_safe

from claims.templatetags.public_tags import Segment, claim_span, highlight_segments, render_segment

register = template.Library()
KINDS = ("paragraph", "heading", "caption")
PARAGRAPH = re.compile(r"\S(?:.*?\S)?(?=\n\s*\n|\s*\Z)", re.S)


@dataclass
class ShownBlock:
    kind: str
    html: SafeString
    credit: str = ""


@register.simple_tag
def body_blocks(piece, claims) -> list[ShownBlock]:
    """The blocks of the piece's body in order, each with its text escaped and the published claims marked."""
    body = piece.body or ""
    spans = stored_spans(piece.blocks, body)
    if spans is None:
        spans = [(match.start(), match.end(), "paragraph", "") for match in PARAGRAPH.finditer(body)]
    parts = cut(highlight_segments(body, claims), [(start, end) for start, end, _kind, _credit in spans])
    return [
        ShownBlock(kind, mark_safe("".join(render_segment(part) for part in block_parts)), credit)
        for (_start, _end, kind, credit), block_parts in zip(spans, parts, strict=True)
    ]


@dataclass
class ClaimInContext:
    claim: object
    sentence: str  # the piece's words the claim was taken from; "" when the body no longer holds them


@register.simple_tag
def claims_in_context(piece, claims) -> list[ClaimInContext]:
    """Each published claim with only its own sentence of the piece: for a piece we may not republish."""
    body = piece.body or ""
    shown = []
    for claim in claims:
        span = claim_span(body, claim.published_verdict)
        shown.append(ClaimInContext(claim, " ".join(body[span[0] : span[1]].split()) if span else ""))
    return shown


def stored_spans(blocks, body: str) -> list[tuple[int, int, str, str]] | None:
    """(start, end, kind, credit) of each stored block, or None unless they tile the body in order."""
    if not blocks or not isinstance(blocks, list):
        return None
    spans, position = [], 0
    for block in blocks:
        try:
            start, end, kind = block["start"], block["end"], block["kind"]
            credit = str(block.get("credit") or "")
        except (TypeError, KeyError, AttributeError):
            return None
        if kind not in KINDS or not isinstance(start, int) or not isinstance(end, int):
            return None
        # Between blocks there is only the blank line: anything else means the body changed since.
        if not position <= start < end <= len(body) or body[position:start].strip():
            return None
        spans.append((start, end, kind, credit))
        position = end
    return spans if not body[position:].strip() else None


def cut(segments: list[Segment], ranges: list[tuple[int, int]]) -> list[list[Segment]]:
    """The parts of the segments inside each range; both in body order, so one walk over each.

    A claim cut by a range's edge stays marked in both parts.
    """
    result, index, offset = [], 0, 0
    for start, end in ranges:
        parts = []
        while index < len(segments) and offset + len(segments[index].text) <= start:
            offset += len(segments[index].text)
            index += 1
        position, scan = offset, index
        while scan < len(segments) and position < end:
            segment = segments[scan]
            low, high = max(position, start), min(position + len(segment.text), end)
            if low < high:
                parts.append(Segment(segment.text[low - position : high - position], segment.claim))
            position += len(segment.text)
            scan += 1
        result.append(parts)
    return result
