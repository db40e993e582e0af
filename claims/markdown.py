"""Markdown to HTML that is safe to show: rendered, then sanitized with nh3."""

import functools

import markdown as md
import nh3
from django.utils.safestring import mark_safe

TAGS = {
    "p",
    "br",
    "hr",
    "strong",
    "em",
    "b",
    "i",
    "code",
    "pre",
    "blockquote",
    "ul",
    "ol",
    "li",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "a",
    "table",
    "thead",
    "tbody",
    "tr",
    "th",
    "td",
    "sup",
    "sub",
}
ATTRIBUTES = {"a": {"href", "title"}, "th": {"align"}, "td": {"align"}}


def sanitize(html: str) -> str:
    """Keep only harmless tags; links get http(s) or mailto schemes and rel=nofollow."""
    return mark_safe(_clean(html or ""))


# Pages clean the same stored explanation on every render, at about 40 microseconds a kilobyte: the
# outcome depends on the text alone, so this process keeps it for the texts it cleaned last.
@functools.lru_cache(maxsize=256)
def _clean(html: str) -> str:
    return nh3.clean(
        html,
        tags=TAGS,
        attributes=ATTRIBUTES,
        url_schemes={"http", "https", "mailto"},
        link_rel="nofollow noopener noreferrer",
    )


def render_markdown(text: str) -> str:
    """Render Markdown, then sanitize it.

    Rendering costs a few milliseconds; a verdict revision keeps the result in its snapshot, and
    pages sanitize that copy again (a fraction of the cost) rather than trust what a database holds.
    """
    return sanitize(md.markdown(text or "", extensions=["extra", "sane_lists"], output_format="html"))
