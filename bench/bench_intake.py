"""How fast is the claim intake? One 10,000-word piece, and a folder of 100 pieces.

    python bench/bench_intake.py                       # a fresh temporary SQLite database
    python bench/bench_intake.py --database-url postgres://postgres@127.0.0.1:5432/bench_intake

The texts are generated here, in the benchmark's own words (no seed prose):
paragraphs mixing figures, attributions, captions with photo credits,
section labels, questions and filler. The database is migrated and a
superuser created; every import goes through `manage.py import_piece` in
process (call_command), first with --dry-run (read, split, score, claimant,
match) and then for real (the piece and its claims stored). The last run is a
breakdown of the 10,000-word piece step by step.
"""

import argparse
import io
import random
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

SYLLABLES = [c + v for c in "bcdfghjklmnprstvwz" for v in "aeiou"] + ["ar", "el", "in", "os", "un"]
ROLES = ["Mayor", "Finance Minister", "Senator", "Health Minister", "Councillor", "Governor", "Port director"]
BODIES = [
    "statistics office",
    "port authority",
    "city council",
    "audit office",
    "water board",
    "teachers' union",
    "chamber of commerce",
    "transport agency",
    "health inspectorate",
    "housing fund",
]
SUBJECTS = """unemployment inflation rents ferry-traffic school-budgets waiting-times bus-fares emissions
    electricity-prices tourist-numbers crime-reports tax-revenue hospital-beds bridge-repairs youth-jobs
    water-use recycling-rates road-deaths cinema-visits library-loans grain-exports fish-catches
    vaccination-rates broadband-coverage pension-payments wage-growth factory-orders bike-lanes""".split()
UNITS = ["%", " million euros", " days", " cents", " tonnes", " per cent", ""]
MOVES = ["rose to", "fell to", "doubled to", "reached", "dropped below", "climbed to", "stayed at", "tripled to"]
SUPERLATIVES = ["highest", "lowest", "largest", "smallest", "fastest", "slowest", "worst", "best"]
FILLER_WORDS = """morning evening crowd square market harbour rain wind music coffee bakery bridge ferry
    garden station children visitors festival lanterns boats fishermen painters queue umbrellas""".split()


def word(rng, parts=2):
    return "".join(rng.choice(SYLLABLES) for _ in range(parts))


def person(rng):
    return f"{rng.choice(ROLES)} {word(rng).capitalize()} {word(rng, 3).capitalize()}"


def thing(rng):
    return rng.choice(FILLER_WORDS)


def place(rng):
    return word(rng, 3).capitalize()


def body(rng):
    return f"the {place(rng)} {rng.choice(BODIES)}"


def sentence(rng: random.Random) -> str:
    subject = rng.choice(SUBJECTS).replace("-", " ")
    unit = rng.choice(UNITS)
    number = rng.choice([f"{rng.randint(2, 95)}.{rng.randint(0, 9)}", f"{rng.randint(1, 30)},{rng.randint(100, 999)}"])
    year = rng.randint(1995, 2025)
    other = rng.choice(SUBJECTS).replace("-", " ")
    templates = [
        lambda: f"{person(rng)} said {subject} {rng.choice(MOVES)} {number}{unit} in {year}, "
        f"the {rng.choice(SUPERLATIVES)} since {year - rng.randint(3, 20)}.",
        lambda: f"According to {body(rng)}, more than {number}{unit} of {subject} was recorded in {place(rng)}.",
        lambda: f"{person(rng)} accused {body(rng)} of hiding a rise of {number}{unit} in {subject}.",
        lambda: f'"We cut {subject} by {number}{unit}," {person(rng)} told reporters in {place(rng)}.',
        lambda: f"In {place(rng)}, {subject} {rng.choice(MOVES)} {number}{unit} because of {other}.",
        lambda: f"{place(rng)} now spends {number}{unit} on {subject}, twice as much as {place(rng)}.",
        lambda: f"Fewer than {number} people in {place(rng)} complained about {subject} last year.",
        lambda: f"The {thing(rng)} near the {thing(rng)} was {rng.choice(['busy', 'quiet', 'late'])}.",
        lambda: f"{thing(rng).capitalize()} and {thing(rng)} filled the {thing(rng)}.",
        lambda: f"What will happen to the {thing(rng)} in {place(rng)}?",
        lambda: f"I think the new {thing(rng)} looks wonderful.",
        lambda: "Here is what we know so far:",
    ]
    return rng.choice(templates)()


def paragraph(rng: random.Random) -> str:
    return " ".join(sentence(rng) for _ in range(rng.randint(3, 6)))


def caption(rng: random.Random) -> str:
    return (
        f"![Workers repair the pier in {place(rng)} on May {rng.randint(1, 28)}, {rng.randint(2015, 2025)}. "
        f"[{word(rng).capitalize()} {word(rng).capitalize()}/Bench Photo Agency]](/img/{rng.randint(1000, 9999)}.jpg)"
    )


def generate_piece(rng: random.Random, words: int) -> str:
    lines = [f"{place(rng)} report: the budget in {rng.randint(1995, 2025)}", f"By {word(rng).capitalize()} Newsroom |"]
    count = 0
    while count < words:
        if rng.random() < 0.1:
            lines.append(rng.choice(["The numbers", "Who pays?", "Reactions", "Background", "What comes next"]))
        if rng.random() < 0.08:
            lines.append(caption(rng))
        text = paragraph(rng)
        lines.append(text)
        count += len(text.split())
    return "\n".join(lines) + "\n"


def setup_django(database_url: str):
    """Django on the given database (bench/populate.py's setup), migrated, with the importing superuser."""
    sys.path.insert(0, str(ROOT))
    from bench.populate import setup_django as setup

    setup(database_url)
    from django.contrib.auth import get_user_model
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    User = get_user_model()
    if not User.objects.filter(username="bench-intake").exists():
        User.objects.create_superuser("bench-intake", "bench@example.org", "bench-password")


def timed(label: str, *args) -> float:
    from django.core.management import call_command

    out, err = io.StringIO(), io.StringIO()
    started = time.perf_counter()
    call_command("import_piece", *args, stdout=out, stderr=err)
    seconds = time.perf_counter() - started
    print(f"  {label:<48} {seconds:8.2f} s")
    return seconds


def breakdown(path: Path):
    from claims.intake.claimant import propose_claimant
    from claims.intake.matching import find_matches
    from claims.intake.reading import read_path
    from claims.intake.scoring import check_worthiness, names_used_inside_sentences
    from claims.intake.sentences import abbreviations, plain_sentences, split_sentences

    steps = []

    def step(label, function):
        started = time.perf_counter()
        result = function()
        steps.append((label, time.perf_counter() - started))
        return result

    piece = step("read (decode, Markdown)", lambda: read_path(path))
    sentences = step("split sentences", lambda: split_sentences(piece))
    texts = [s.text for s in sentences]
    known = names_used_inside_sentences(texts)
    scores = step("score every sentence", lambda: [check_worthiness(t, known_names=known) for t in texts])
    step("propose claimants", lambda: [propose_claimant(t, texts[max(0, i - 3) : i]) for i, t in enumerate(texts)])
    kept = [t for t, s in zip(texts, scores, strict=True) if s.value >= 0.4]
    step(f"match {len(kept)} candidates against the desk", lambda: find_matches(kept))
    blocks = [b.text for b in piece.blocks if b.kind != "heading"]
    plain = sum(plain_sentences(text, abbreviations("en")) is not None for text in blocks)
    print(
        f"  breakdown of one run ({len(sentences)} sentences; {len(blocks) - plain} of {len(blocks)} blocks by pysbd):"
    )
    for label, seconds in steps:
        print(f"    {label:<46} {seconds:8.3f} s")


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--database-url", default="", help="default: a new SQLite file in a temporary folder")
    parser.add_argument("--words", type=int, default=10_000, help="words in the long piece")
    parser.add_argument("--pieces", type=int, default=100, help="pieces in the folder")
    parser.add_argument("--piece-words", type=int, default=800, help="words in each piece of the folder")
    parser.add_argument("--seed", type=int, default=5)
    options = parser.parse_args()

    rng = random.Random(options.seed)
    with tempfile.TemporaryDirectory(prefix="bench-intake-") as temp:
        temp = Path(temp)
        database_url = options.database_url or f"sqlite:///{temp / 'bench.sqlite3'}"
        long_piece = temp / "long-piece.md"
        long_piece.write_text(generate_piece(rng, options.words))
        folder = temp / "pieces"
        folder.mkdir()
        for n in range(options.pieces):
            (folder / f"piece-{n:03}.md").write_text(generate_piece(rng, options.piece_words))

        setup_django(database_url)
        from django.db import connection

        from claims.models import Claim

        words = len(long_piece.read_text().split())
        folder_words = sum(len(p.read_text().split()) for p in folder.iterdir())
        print(f"Database: {connection.vendor}; {Claim.objects.count()} claims before the run.")
        print(f"Long piece: {words:,} words. Folder: {options.pieces} pieces, {folder_words:,} words in all.")
        timed(f"{words:,}-word piece, --dry-run", str(long_piece), "--dry-run")
        timed(f"{words:,}-word piece, stored", str(long_piece))
        claims_after_one = Claim.objects.count()
        timed(f"folder of {options.pieces} pieces, --dry-run", str(folder), "--dry-run")
        timed(f"folder of {options.pieces} pieces, stored", str(folder))
        print(f"Claims stored: {claims_after_one} from the long piece, {Claim.objects.count()} in all.")
        breakdown(long_piece)


if __name__ == "__main__":
    main()
