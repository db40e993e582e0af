"""The quote in its context in the piece, as the workspace and the review screen show it."""


def quote_in_context(claim, margin=280):
    """(before, quote, after) from the piece's text around the claim's span, or None."""
    body = claim.piece.body if claim.piece else ""
    start, end = claim.start, claim.end
    if not body or start is None or end is None or end > len(body) or start >= end:
        return None
    para_start = body.rfind("\n\n", 0, start)
    para_end = body.find("\n\n", end)
    first = max(para_start + 2 if para_start >= 0 else 0, start - margin)
    last = min(para_end if para_end >= 0 else len(body), end + margin)
    before = ("… " if first > 0 and first != para_start + 2 else "") + body[first:start]
    after = body[end:last] + (" …" if last < len(body) and last != para_end else "")
    return before, body[start:end], after
