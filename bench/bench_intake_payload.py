"""How big is the signed candidates field of the desk's intake page, and how long does it take to sign and read?

    python bench/bench_intake_payload.py

The candidates page carries the piece and up to 200 candidates in one hidden,
signed field (claims/intake/payload.py), posted back when the person saves.
Measured for bench/news's articles and for bench_intake.py's generated
10,000-word piece (same seed), each ranked by the pipeline as the desk does.
"Former format" is the same payload with each candidate's quote written out
again, as it was before the quote was taken from the body by its offsets.
"""

import random
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.bench_intake import generate_piece, setup_django  # noqa: E402
from bench.common import median_ms  # noqa: E402

SHOWN = 200  # claims.desk.intake_forms.MAX_CANDIDATES_SHOWN


def measure(label: str, text: str):
    from django.core import signing

    from claims.intake import payload, pipeline

    intake = pipeline.rank_piece(text=text)
    intake.not_shown = max(0, len(intake.candidates) - SHOWN)
    intake.candidates = intake.candidates[:SHOWN]
    signed = payload.sign(intake)
    former = payload.to_payload(intake)
    for item, candidate in zip(former["candidates"], intake.candidates, strict=True):
        item["text"] = candidate.text
    former_signed = signing.dumps(former, salt=payload.SALT, compress=True)
    sign_ms = median_ms(lambda: payload.sign(intake))
    unsign_ms = median_ms(lambda: payload.unsign(signed))
    print(
        f"| {label} | {len(text.split()):,} | {len(intake.candidates)} | {len(signed) / 1024:.1f} KiB "
        f"| {len(former_signed) / 1024:.1f} KiB | {sign_ms:.1f} ms | {unsign_ms:.1f} ms |"
    )


def main():
    with tempfile.TemporaryDirectory(prefix="bench-payload-") as temp:
        setup_django(f"sqlite:///{Path(temp) / 'bench.sqlite3'}")
        print("| piece | words | candidates shown | signed field | former format | sign | read back |")
        print("| --- | ---: | ---: | ---: | ---: | ---: | ---: |")
        for path in sorted((ROOT / "bench" / "news").glob("*.txt")):
            measure(path.name, path.read_text())
        measure("generated (bench_intake.py)", generate_piece(random.Random(5), 10_000))


if __name__ == "__main__":
    main()
