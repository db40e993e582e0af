"""Reading a piece: bytes, a file, standard input or a web page -> its body text and metadata.

Plain text and Markdown go through one line reader; HTML is reduced to its
main text by trafilatura, as Markdown, and then read the same way. The title,
the byline and section labels become metadata; the body keeps the paragraphs,
image captions and headings, separated by blank lines, and is what the claims'
offsets point into. A photo credit is never in the body: it stays with its
caption's block (and in the piece's list of credits), so it is never a sentence.
"""

import datetime
import re
from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings

from claims.intake.credits import captions_into_alt_text, split_credits
from claims.intake.decoding import charset_from_content_type, decode
from claims.intake.errors import IntakeError

PARAGRAPH, CAPTION, HEADING = "paragraph", "caption", "heading"
HTML_SUFFIXES = {".html", ".htm", ".xhtml"}


@dataclass
class Block:
    """One paragraph, caption or heading of the body, with its place in the body (a caption with its credit)."""

    kind: str
    text: str
    start: int = 0
    end: int = 0
    credit: str = ""

    def as_dict(self) -> dict:
        """What Piece.blocks stores: the kind and offsets, and a caption's credit; the text is the body's."""
        data = {"kind": self.kind, "start": self.start, "end": self.end}
        if self.kind == CAPTION:
            data["credit"] = self.credit
        return data


@dataclass
class ReadPiece:
    """What the intake read: the body the offsets point into, and the metadata around it."""

    body: str
    blocks: list[Block]
    title: str = ""
    byline: str = ""
    publisher: str = ""
    url: str = ""
    published_on: datetime.date | None = None
    language: str = "en"
    sections: list[str] = field(default_factory=list)
    credits: list[str] = field(default_factory=list)
    source_format: str = "text"
    encoding: str = "utf-8"


def max_bytes() -> int:
    return int(getattr(settings, "FACTCHECK_INTAKE_MAX_BYTES", 2 * 1024 * 1024))


def human_size(size: int) -> str:
    if size >= 1024 * 1024:
        return f"{size / (1024 * 1024):.1f} MB"
    if size >= 1024:
        return f"{size / 1024:.0f} KB"
    return f"{size} bytes"


def check_size(size: int) -> None:
    limit = max_bytes()
    if size > limit:
        raise IntakeError(f"The piece is {human_size(size)}, over the limit of {human_size(limit)}.")


# Entry points ----------------------------------------------------------------


def read_bytes(data: bytes, *, name: str = "", content_type: str = "") -> ReadPiece:
    """Read a piece from raw bytes; `name` and `content_type` hint at the format."""
    check_size(len(data))
    text, encoding = decode(data, declared=charset_from_content_type(content_type))
    text = text.replace("\x00", "")  # a stray NUL past the binary check is never text, and PostgreSQL cannot store it
    is_html = "html" in content_type.lower() or Path(name).suffix.lower() in HTML_SUFFIXES or looks_like_html(text)
    piece = read_html(text) if is_html else read_markdown(text)
    piece.encoding = encoding
    return piece


def read_text(text: str) -> ReadPiece:
    """Read pasted text (already decoded): plain text, Markdown or HTML source."""
    check_size(len(text.encode("utf-8")))
    if not text.strip():
        raise IntakeError("The piece is empty: there is nothing but blank space in it.")
    return read_html(text) if looks_like_html(text) else read_markdown(text)


def read_path(path) -> ReadPiece:
    path = Path(path)
    if not path.exists():
        raise IntakeError(f"No such file: {path}.")
    if not path.is_file():
        raise IntakeError(f"{path} is not a file.")
    check_size(path.stat().st_size)
    with path.open("rb") as handle:
        data = handle.read(max_bytes() + 1)
    return read_bytes(data, name=path.name)


def read_stream(stream, *, name: str = "") -> ReadPiece:
    """Read from a binary stream such as standard input, never more than the size limit allows."""
    data = stream.read(max_bytes() + 1)
    return read_bytes(data, name=name)


def looks_like_html(text: str) -> bool:
    head = text.lstrip()[:2000].lower()
    if head.startswith(("<!doctype html", "<html")):
        return True
    return head.startswith("<") and bool(re.search(r"</(?:html|body|p|div|article|section|h1)>", text[:200000], re.I))


# HTML ------------------------------------------------------------------------


def read_html(html: str) -> ReadPiece:
    """The main text of a web page (trafilatura) with its title, author, date and site name."""
    # Imported here: trafilatura takes a quarter of a second to load, and most pieces are not HTML.
    import lxml.html
    import trafilatura

    html = re.sub(r"^\s*<\?xml[^>]*\?>", "", html)
    try:
        metadata = trafilatura.extract_metadata(html)
        tree = lxml.html.fromstring(html)
    except (ValueError, TypeError) as error:
        raise IntakeError(f"This web page could not be read: {error}.") from error
    captions_into_alt_text(tree)
    markdown = trafilatura.extract(
        tree,
        output_format="markdown",
        include_images=True,
        include_formatting=True,
        include_tables=False,
        include_comments=False,
        include_links=False,
        favor_recall=True,
    )
    if not markdown or not markdown.strip():
        raise IntakeError("No article text was found in this web page.")
    piece = read_markdown(markdown, known_title=(metadata.title or "") if metadata else "")
    piece.source_format = "html"
    if metadata:
        piece.byline = piece.byline or clean_line(metadata.author or "")[:300]
        piece.publisher = clean_line(metadata.sitename or "")[:200]
        piece.url = metadata.url if is_http_url(metadata.url) else ""
        piece.published_on = parse_date(metadata.date)
        if metadata.language:
            piece.language = metadata.language[:12]
    return piece


def is_http_url(url) -> bool:
    return bool(url) and str(url).lower().startswith(("http://", "https://"))


def parse_date(value) -> datetime.date | None:
    try:
        return datetime.date.fromisoformat(str(value)[:10]) if value else None
    except ValueError:
        return None


# Plain text and Markdown -------------------------------------------------------

BLANK_LINE = re.compile(r"\n[ \t]*\n")
HEADING_LINE = re.compile(r"^(#{1,6})\s+(.*?)[\s#]*$")
BYLINE_LINE = re.compile(r"^(?:By|BY|Written by|WRITTEN BY)\s+([A-Z][^0-9]*?)[\s|·•,;:—–-]*$")
RULE_LINE = re.compile(r"^\s*(?:[-*_]\s*){3,}$")
LINK_DEFINITION = re.compile(r"^\s*\[[^\]]+\]:\s*\S+")
LABEL_END = re.compile(r"[.!;:,…]$")
CAPTION_MAX_WORDS = 40


def read_markdown(text: str, *, known_title: str = "") -> ReadPiece:
    """Read plain text or Markdown, line by line, into blocks and metadata."""
    text = text.replace("\r\n", "\n").replace("\r", "\n").lstrip("\ufeff")
    if not text.strip():
        raise IntakeError("The piece is empty: there is nothing but blank space in it.")
    units = list(line_units(text))
    piece = ReadPiece(body="", blocks=[], source_format="markdown" if looks_like_markdown(text) else "text")
    title = clean_line(known_title)
    blocks: list[Block] = []
    leading_labels: list[str] = []
    previous, credited = "", None
    for kind, value in units:
        follows, previous = previous, kind
        if kind == "byline" and not piece.byline:
            piece.byline = value[:300]
        elif kind == "credit":
            piece.credits.append(value)
            # A run of credits belongs to the text just before it, never to one across an image or a heading.
            if follows in (PARAGRAPH, CAPTION):
                credited = blocks[-1]
            elif follows != "credit":
                credited = None
            if credited is not None:
                credit_caption(credited, value)
        elif kind in ("label", "heading") and title and same_text(value, title):
            continue
        elif kind == "title" and not title and not blocks:
            title = value
        elif kind in ("label", "heading", "title") and not blocks:
            leading_labels.append(value)
        elif kind in ("label", "heading", "title"):
            piece.sections.append(value)
            blocks.append(Block(HEADING, value))
        elif kind in (PARAGRAPH, CAPTION):
            blocks.append(Block(kind, value))
    if not title:
        title = next((label for label in leading_labels if len(label.split()) >= 3), "")
    piece.sections[:0] = [label for label in leading_labels if label != title]
    piece.title = title[:300]
    piece.blocks = blocks
    piece.body = join_blocks(blocks)
    return piece


def credit_caption(block: Block, credit: str) -> None:
    """Give the block just before a credit that credit: a short paragraph there is a caption pasted on its own line."""
    if block.kind == PARAGRAPH and len(block.text.split()) <= CAPTION_MAX_WORDS and not block.credit:
        block.kind = CAPTION
    if block.kind == CAPTION:
        block.credit = f"{block.credit}; {credit}" if block.credit else credit


def line_units(text: str):
    """(kind, text) for every meaningful unit of the text, in order.

    Texts with blank lines are read paragraph by paragraph (wrapped lines are
    joined); texts without are read one paragraph per line.
    """
    chunks = BLANK_LINE.split(text) if BLANK_LINE.search(text) else text.split("\n")
    for chunk in chunks:
        lines = [line for line in chunk.split("\n") if line.strip()]
        if not lines:
            continue
        widest = max(len(line.strip()) for line in lines)
        pending: list[str] = []
        for position, line in enumerate(lines):
            special = special_unit(line)
            if special is None and position == 0 and len(lines) > 1 and is_label(clean_line(line)):
                # A short line heading a wrapped paragraph is a label when it is much shorter than the rest.
                if len(line.strip()) < 0.6 * widest:
                    special = [("label", clean_line(line))]
            if special is None:
                pending.append(line)
                continue
            if pending:
                yield from text_unit(" ".join(pending), alone=False)
                pending = []
            yield from special
        if pending:
            yield from text_unit(" ".join(pending), alone=len(pending) == 1)


def special_unit(line: str):
    """Units for an image, heading, byline or rule line; None for ordinary text."""
    stripped = line.strip()
    if RULE_LINE.match(stripped) or LINK_DEFINITION.match(stripped):
        return []
    image = parse_image_line(stripped)
    if image is not None:
        caption, credits = image
        # The "image" unit keeps a credit of an image without a caption off the paragraph before it.
        units = [("image", "")] + [("credit", credit) for credit in credits]
        if caption:
            units.insert(1, (CAPTION, caption))
        return units
    heading = HEADING_LINE.match(stripped)
    if heading:
        value = clean_line(heading.group(2))
        if not value:
            return []
        return [("title" if len(heading.group(1)) == 1 else "heading", value)]
    byline = BYLINE_LINE.match(clean_line(stripped))
    # "By Tuesday, the council had voted." is a sentence, not a byline.
    if byline and len(byline.group(1).split()) <= 8 and not byline.group(1).rstrip().endswith((".", "!", "?")):
        return [("byline", byline.group(1).strip())]
    return None


def text_unit(raw: str, *, alone: bool):
    value = clean_line(raw)
    if not value:
        return
    caption, credits = split_credits(value, image=False)
    if credits:
        # Text that ends with a photo credit is a caption pasted without its image.
        if caption:
            yield (CAPTION, caption)
        yield from (("credit", credit) for credit in credits)
    elif alone and is_label(value):
        yield ("label", value)
    else:
        yield (PARAGRAPH, value)


def is_label(value: str) -> bool:
    """A section label or headline: a short line that does not end like a sentence."""
    words = value.split()
    if not words or len(words) > 12 or len(value) > 100:
        return False
    bare = value.rstrip("\"'”’»)]")
    if bare.endswith("?"):
        return len(words) <= 5
    return not LABEL_END.search(bare)


def parse_image_line(line: str):
    """(caption, credits) for a line that is a Markdown image `![caption [credit]](src)`, else None."""
    if not line.startswith("!["):
        return None
    line = line.replace("\\[", "[").replace("\\]", "]")
    depth, close = 0, -1
    for index in range(1, len(line)):
        if line[index] == "[":
            depth += 1
        elif line[index] == "]":
            depth -= 1
            if depth == 0:
                close = index
                break
    rest = line[close + 1 :] if close > 0 else ""
    if not re.fullmatch(r"\([^()]*(?:\([^()]*\)[^()]*)*\)\s*", rest):
        return None
    caption, credits = split_credits(line[2:close])
    return clean_line(caption), credits


INLINE_RULES = [
    (re.compile(r"!\[((?:[^\[\]]|\[[^\[\]]*\])*)\]\([^)]*\)"), lambda m: split_credits(m.group(1))[0]),
    (re.compile(r"\[([^\]]+)\]\([^)]*\)"), r"\1"),
    (re.compile(r"\[([^\]]+)\]\[[^\]]*\]"), r"\1"),
    (re.compile(r"<(https?://[^>\s]+)>"), r"\1"),
    (re.compile(r"</?[a-zA-Z][^>]*>"), " "),
    (re.compile(r"(\*\*|__)(?=\S)(.+?)(?<=\S)\1"), r"\2"),
    (re.compile(r"(?<![\w*])\*(?=\S)(.+?)(?<=\S)\*(?![\w*])"), r"\1"),
    (re.compile(r"(?<![\w_])_(?=\S)(.+?)(?<=\S)_(?![\w_])"), r"\1"),
    (re.compile(r"`([^`]*)`"), r"\1"),
    (re.compile(r"\\([\\`*_{}\[\]()#+\-.!>])"), r"\1"),
]
LINE_PREFIX = re.compile(r"^\s*(?:>\s*)+|^\s*(?:[-*+•]|\d{1,3}[.)])\s+")


def clean_line(value: str) -> str:
    """Markdown markup removed, whitespace collapsed: the text a reader sees."""
    value = LINE_PREFIX.sub("", value or "")
    for pattern, replacement in INLINE_RULES:
        value = pattern.sub(replacement, value)
    return " ".join(value.split())


def looks_like_markdown(text: str) -> bool:
    return bool(re.search(r"^#{1,6}\s|!\[|\]\(|^\s*[-*]\s|\*\*", text, re.M))


def same_text(a: str, b: str) -> bool:
    def squeeze(s):
        return re.sub(r"\W+", " ", s).strip().lower()

    return squeeze(a) == squeeze(b)


def join_blocks(blocks: list[Block]) -> str:
    """The body: blocks separated by a blank line; each block learns its offsets."""
    parts, position = [], 0
    for block in blocks:
        if parts:
            position += 2
        block.start, block.end = position, position + len(block.text)
        parts.append(block.text)
        position = block.end
    return "\n\n".join(parts)
