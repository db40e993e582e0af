"""What keeping a piece's paragraphs, headings and captions apart costs: reading, storing, the piece page.

    python bench/bench_piece_blocks.py

bench_intake.py's generated 10,000-word piece (seed 5), in two forms: as generated
(Markdown images whose captions end in a [credit]) and as pasted plain text (each
caption a line ending "Photo: Name/Agency"). For each: reading it now and with the
reader of the last commit (`git show HEAD:claims/intake/reading.py`, when git has it),
the blocks and credits found, the size of Piece.blocks as JSON next to the body, and
the piece page's body with 50 published claims marked: the blocks (claims/templatetags/piece_blocks.py)
against the one-paragraph-list tag it replaces (`annotated_body`). Median of 20 runs.
"""

import json
import random
import re
import subprocess
import sys
import tempfile
import types
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.bench_intake import generate_piece, setup_django  # noqa: E402
from bench.common import median_ms  # noqa: E402

CLAIMS = 50
IMAGE = re.compile(r"^!\[(.*) \[([^\]]*)\]\]\([^)]*\)$", re.M)


def former_reader():
    """The last commit's reading module, or None when git cannot show it."""
    try:
        source = subprocess.run(
            ["git", "show", "HEAD:claims/intake/reading.py"], cwd=ROOT, capture_output=True, text=True, check=True
        ).stdout
    except (OSError, subprocess.CalledProcessError):
        return None
    module = types.ModuleType("former_reading")
    exec(compile(source, "former_reading.py", "exec"), module.__dict__)
    return module


def fake_claims(piece, sentences):
    """Published claims as the page reads them: a snapshot's offsets, quote, rating and headline."""
    rating = types.SimpleNamespace(slug="false", label="False")
    chosen = sentences[:: max(1, len(sentences) // CLAIMS)][:CLAIMS]
    return [
        types.SimpleNamespace(
            published_verdict=types.SimpleNamespace(
                start=s.start, end=s.end, quote=s.text, rating=rating, headline="The figure is wrong"
            ),
            get_absolute_url=lambda n=n: f"/verdicts/claim-{n}/",
        )
        for n, s in enumerate(chosen)
    ]


def measure(label, text, former):
    from claims.intake.reading import read_text
    from claims.intake.sentences import split_sentences
    from claims.templatetags.piece_blocks import body_blocks
    from claims.templatetags.public_tags import annotated_body

    read = read_text(text)
    kinds = {kind: sum(1 for b in read.blocks if b.kind == kind) for kind in ("paragraph", "heading", "caption")}
    credited = sum(1 for b in read.blocks if b.credit)
    stored = json.dumps([block.as_dict() for block in read.blocks])
    piece = types.SimpleNamespace(body=read.body, blocks=json.loads(stored))
    claims = fake_claims(piece, split_sentences(read))
    now_ms = median_ms(lambda: read_text(text))
    former_ms = median_ms(lambda: former.read_text(text)) if former else float("nan")
    blocks_ms = median_ms(lambda: body_blocks(piece, claims))
    tag_ms = median_ms(lambda: annotated_body(read.body, claims))
    print(
        f"| {label} | {kinds['paragraph']} / {kinds['heading']} / {kinds['caption']} | {credited} "
        f"| {len(stored) / 1024:.1f} KiB of {len(read.body) / 1024:.1f} KiB | {former_ms:.1f} ms | {now_ms:.1f} ms "
        f"| {tag_ms:.2f} ms | {blocks_ms:.2f} ms |"
    )


def main():
    with tempfile.TemporaryDirectory(prefix="bench-blocks-") as temp:
        setup_django(f"sqlite:///{Path(temp) / 'bench.sqlite3'}")
        former = former_reader()
        markdown = generate_piece(random.Random(5), 10_000)
        pasted = IMAGE.sub(lambda m: f"{m.group(1)} Photo: {m.group(2)}", markdown)
        print(
            "| piece | paragraphs / headings / captions | captions with credit | Piece.blocks | read, before "
            "| read, now | page body, one list | page body, blocks |"
        )
        print("| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: |")
        measure("generated, Markdown images", markdown, former)
        measure("generated, pasted as plain text", pasted, former)


if __name__ == "__main__":
    main()
