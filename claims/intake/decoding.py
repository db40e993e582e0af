"""Bytes -> text: binary files refused by their signature, the encoding declared or detected."""

import re

import charset_normalizer

from claims.intake.errors import IntakeError

BINARY_SIGNATURES = {
    b"%PDF": "a PDF",
    b"PK\x03\x04": "a ZIP or Office document",
    b"\x89PNG": "a PNG image",
    b"GIF8": "a GIF image",
    b"\xff\xd8\xff": "a JPEG image",
    b"\xd0\xcf\x11\xe0": "an old Office document",
    b"\x1f\x8b": "a gzip archive",
    b"{\\rtf": "an RTF document",
}
UNICODE_BOMS = (b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff")


def charset_from_content_type(content_type: str) -> str:
    match = re.search(r"charset=[\"']?([\w.:-]+)", content_type or "", re.I)
    return match.group(1) if match else ""


def binary_kind(data: bytes) -> str:
    """What kind of binary file this is, or '' when it may be text."""
    for signature, kind in BINARY_SIGNATURES.items():
        if data.startswith(signature):
            return kind
    if not data.startswith(UNICODE_BOMS) and b"\x00" in data[:8192]:
        return "a binary file"
    return ""


def decode(data: bytes, *, declared: str = "") -> tuple[str, str]:
    """The text and the name of its encoding: a declared charset that fits, else charset-normalizer's guess."""
    if not data.strip():
        raise IntakeError("The piece is empty: there is nothing but blank space in it.")
    kind = binary_kind(data)
    if kind:
        raise IntakeError(f"This is {kind}, not text: give the desk plain text, Markdown or HTML.")
    if declared:
        try:
            return data.decode(declared), declared.lower()
        except (LookupError, UnicodeDecodeError):
            pass
    best = charset_normalizer.from_bytes(data).best()
    if best is None:
        raise IntakeError("This is a binary file, not text: give the desk plain text, Markdown or HTML.")
    text = str(best)
    if control_character_ratio(text) > 0.01:
        raise IntakeError("This is a binary file, not text: give the desk plain text, Markdown or HTML.")
    if not text.strip():
        raise IntakeError("The piece is empty: there is nothing but blank space in it.")
    return text.lstrip("\ufeff"), best.encoding


def control_character_ratio(text: str) -> float:
    sample = text[:20000]
    if not sample:
        return 0.0
    controls = sum(1 for ch in sample if ord(ch) < 32 and ch not in "\t\n\r\f\v")
    return controls / len(sample)
