"""Sentences of a piece's body, with their character offsets in it (pysbd does the splitting)."""

import functools
import re
from dataclasses import dataclass

import pysbd

from claims.intake.reading import HEADING, ReadPiece

# "KYIV --", "WASHINGTON (AP) —", "LONDON, Ont. -": a dateline opens the story, it is not part of a claim.
DATELINE = re.compile(r"^[A-Z][A-Z.'’ -]{1,40}?(?:,\s*[A-Z][\w.]{1,20})?(?:\s*\([^)]{1,30}\))?\s*(?:--|—|–|-)\s+(?=\S)")


@dataclass
class Sentence:
    text: str
    start: int
    end: int
    kind: str
    position: int


@functools.lru_cache(maxsize=4)
def segmenter(language: str) -> pysbd.Segmenter:
    try:
        return pysbd.Segmenter(language=language, clean=False)
    except ValueError:
        return pysbd.Segmenter(language="en", clean=False)


def split_sentences(piece: ReadPiece) -> list[Sentence]:
    """Every sentence of the piece's paragraphs and captions; headings are not sentences.

    Each sentence's text is exactly piece.body[start:end].
    """
    sentences: list[Sentence] = []
    split = segmenter((piece.language or "en")[:2].lower()).segment
    for block in piece.blocks:
        if block.kind == HEADING:
            continue
        cursor = block.start
        for part in split(block.text):
            text = part.strip()
            if not text:
                continue
            found = piece.body.find(text, cursor, block.end)
            if found < 0:
                continue
            start, end = found, found + len(text)
            dateline = DATELINE.match(text) if cursor == block.start else None
            if dateline:
                start += dateline.end()
            cursor = end
            if not any(ch.isalnum() for ch in piece.body[start:end]):
                continue
            sentences.append(Sentence(piece.body[start:end], start, end, block.kind, len(sentences)))
    return sentences
