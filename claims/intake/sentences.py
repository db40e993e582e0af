"""Sentences of a piece's body, with their character offsets in it (pysbd does the splitting).

pysbd costs a few milliseconds a paragraph, most of a 10,000-word piece's
intake. Most news paragraphs are plain prose where its answer is certain: it
ends a sentence at every full stop or question mark that no rule of its
claims. `plain_sentences` recognises those paragraphs (English rules only) and
splits them itself, keeping "Mr. Smith" together as pysbd does; everything
else ("U.S.", "a.", "12.", "...", "!", brackets, a quotation holding a
sentence end...) goes to pysbd.
tests/test_intake_sentences.py holds both ways to the same answer.
"""

import functools
import re
from dataclasses import dataclass

import pysbd

from claims.intake.reading import HEADING, ReadPiece

# "KYIV --", "WASHINGTON (AP) —", "LONDON, Ont. -": a dateline opens the story, it is not part of a claim.
DATELINE = re.compile(r"^[A-Z][A-Z.'’ -]{1,40}?(?:,\s*[A-Z][\w.]{1,20})?(?:\s*\([^)]{1,30}\))?\s*(?:--|—|–|-)\s+(?=\S)")

# What sends a paragraph to pysbd: a character outside plain prose (brackets, "!", "…", line breaks, digits of
# other scripts), a double space, "---", "" or “”, a quote opened by ' (pysbd pairs those), '-" A' (it splits
# there) and "Co. KG" (it does not).
NOT_PLAIN = re.compile(r"""[^\w ,;:'’"“”%$€£&/+\-–—.?]|_|(?![0-9])\d|---|  |""|“”|(?:^|\s)'|-["'“”]\s|Co\.\sKG""")
STOP = re.compile(r"[.?]")
# Spans pysbd reads as quotations or asides: a stop inside one ends no sentence.
QUOTATION = re.compile(r'"[^"]+"|“[^”]+”|--[^-]*--')
# After a word pysbd lists as an abbreviation ("is", "me", "no"), a stop before "I" ends no sentence for it.
I_NEXT = re.compile(r" I(?:\s|'m|'ll)")
# pysbd's rule for "U.S." and "I." before a sentence opener: a title ending like those is left to pysbd.
BOUNDARY_AGAIN = re.compile(r"(?:I|i.v|I.V)$")
# A sentence opening with a quotation pysbd ends at the closing mark (its SENTENCE_BOUNDARY_REGEX).
QUOTATION_SENTENCE = re.compile(r'"[^"]*[^,]"(?=\s[A-Z])|“[^”]*[^,]”(?=\s[A-Z])')
DIGITS = frozenset("0123456789")


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


@dataclass(frozen=True)
class Abbreviations:
    pattern: re.Pattern  # all of them, as pysbd reads them: patterns, so its "e.g" also matches "eXg"
    before_names: frozenset  # "mr", "dr", "gen": a full stop after one ends no sentence


@functools.lru_cache(maxsize=4)
def abbreviations(language: str) -> Abbreviations | None:
    """pysbd's abbreviations for `language`; None unless it splits with its English rules."""
    module = segmenter(language).language_module
    if getattr(module, "iso_code", "") != "en":
        return None
    known = module.Abbreviation
    return Abbreviations(re.compile("|".join(known.ABBREVIATIONS), re.I), frozenset(known.PREPOSITIVE_ABBREVIATIONS))


def plain_sentences(text: str, abbreviation: Abbreviations) -> list[str] | None:
    """The sentences pysbd would find in `text`, when it is plain prose; None when pysbd has to decide."""
    if NOT_PLAIN.search(text) or text != text.strip():
        return None
    quotations = [match.span() for match in QUOTATION.finditer(text)]
    sentences, start = [], 0
    for stop in STOP.finditer(text):
        at = stop.start()
        before, after = text[at - 1 : at], text[at + 1 : at + 2]
        if stop.group() == "." and before in DIGITS and after in DIGITS:
            continue  # a decimal point
        if not (before.isalnum() or before == "%") or after not in ("", " "):
            return None
        if any(a < at < b for a, b in quotations):
            return None
        ends = ends_sentence(text, at, abbreviation)
        if ends is None:
            return None
        if not ends:
            continue
        if text[start] in '"“' and QUOTATION_SENTENCE.match(text, start):
            return None
        sentences.append(text[start : at + 1])
        start = at + 2
        if start < len(text) and not (text[start].isupper() or text[start] in '"“'):
            return None
    if start < len(text):
        if text[start] in '"“' and QUOTATION_SENTENCE.match(text, start):
            return None
        sentences.append(text[start:])
    return sentences


def ends_sentence(text: str, at: int, abbreviation: Abbreviations) -> bool | None:
    """Whether the stop at `at` ends a sentence for pysbd: True, False ("Mr. Smith"), or None: ask pysbd.

    A single letter ("a.", "I."), a list number ("12.") or an abbreviation pysbd may keep going after is None.
    """
    word = text[text.rfind(" ", 0, at) + 1 : at]
    digits = len(word) - len(word.rstrip("0123456789"))
    if len(word) < 2 or (0 < digits <= 2 and word[-digits - 1 : -digits] not in (".", ",")):
        return None
    if not abbreviation.pattern.fullmatch(word):
        return True
    if text[at] == "." and word.lower() in abbreviation.before_names and at + 1 < len(text):
        return False if not BOUNDARY_AGAIN.search(word) else None
    return None if I_NEXT.match(text, at + 1) else True


def split_block(text: str, language: str) -> list[str]:
    abbreviation = abbreviations(language)
    found = plain_sentences(text, abbreviation) if abbreviation is not None else None
    return found if found is not None else segmenter(language).segment(text)


def split_sentences(piece: ReadPiece) -> list[Sentence]:
    """Every sentence of the piece's paragraphs and captions; headings are not sentences.

    Each sentence's text is exactly piece.body[start:end].
    """
    sentences: list[Sentence] = []
    language = (piece.language or "en")[:2].lower()
    for block in piece.blocks:
        if block.kind == HEADING:
            continue
        cursor = block.start
        for part in split_block(block.text, language):
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
