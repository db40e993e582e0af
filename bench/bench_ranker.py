"""How good and how fast is the check-worthiness ranker? Three rankers on held-out and news text, and a timing.

    python bench/bench_ranker.py                          # all of it
    python bench/bench_ranker.py --data ../shared/data/checkworthy/sentences.jsonl --seed-piece PATH

Rankers: the trained model the project ships (`claims.intake.scoring`), the
hand-set scorer it replaced (`bench/legacy_scorer.py`) and the naive rule "has a
digit, is long (15 words or more), is not a question" (one point each; ties
keep the file's order).

1. Held out: the labelled sentences whose id is a multiple of 5 (never
   trained on): average precision, precision at 10 and at 50.
2. The source piece (when its file is there): the ranks of its four key
   figures and of its captions.
3. The news pieces of `bench/news/` (a `+ ` marks a check-worthy sentence):
   average precision and precision at k (k = the marked sentences) per piece.
4. Speed: a 10,000-word piece through the whole intake in process (read,
   split, score, claimant, match against the desk; nothing stored), the
   model already loaded, best of 5, and where that time goes.

    python bench/bench_ranker.py --speed-only             # only 4.
"""

import argparse
import re
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
SHARED = ROOT.parent / "shared"
KEY_FIGURES = ("more than 150 Chinese", "more than 10,000 soldiers", "more than 20,000", "3,300 foreigners")


def naive(text: str) -> float:
    from claims.intake.features import is_question, word_count

    return float(any(c.isdigit() for c in text)) + (word_count(text) >= 15) + (not is_question(text))


def rankers():
    from bench.legacy_scorer import legacy_check_worthiness
    from claims.intake.scoring import check_worthiness

    return {
        "trained model": lambda text, **kw: check_worthiness(text, **kw).logit,
        "hand-set scorer": lambda text, **kw: legacy_check_worthiness(text, **kw)[0],
        "naive rule": lambda text, **kw: naive(text),
    }


def held_out(data: Path):
    from claims.intake import training

    _train, examples = training.split(training.read_examples(data))
    print(
        f"\n1. Held out ({training.HELD_OUT_RULE}): {len(examples)} sentences, "
        f"{sum(e.label for e in examples)} check-worthy"
    )
    print(f"   {'ranker':<18} {'AP':>6} {'P@10':>6} {'P@50':>6}")
    for name, score in rankers().items():
        figures = training.figures_for(examples, score)
        print(
            f"   {name:<18} {figures['average_precision']:6.3f} {figures['precision_at_10']:6.2f} "
            f"{figures['precision_at_50']:6.2f}"
        )


def seed_piece(path: Path):
    from claims.intake.reading import read_path
    from claims.intake.scoring import names_used_inside_sentences
    from claims.intake.sentences import split_sentences

    sentences = split_sentences(read_path(path))
    known = names_used_inside_sentences([s.text for s in sentences])
    print(f"\n2. The source piece ({path.name}): {len(sentences)} sentences")
    for name, score in rankers().items():
        scored = [(score(s.text, caption=s.kind == "caption", known_names=known), s) for s in sentences]
        order = [s for _, s in sorted(scored, key=lambda pair: -pair[0])]
        keys = [next(i for i, s in enumerate(order, 1) if key in s.text) for key in KEY_FIGURES]
        captions = [i for i, s in enumerate(order, 1) if s.kind == "caption"]
        print(f"   {name:<18} key figures at ranks {keys}; captions at {captions}")


def news_pieces(folder: Path):
    from claims.intake import training
    from claims.intake.scoring import names_used_inside_sentences

    pieces = sorted(folder.glob("*.txt"))
    print(f"\n3. News pieces ({folder.relative_to(ROOT)}): {len(pieces)} pieces")
    totals = {}
    for piece in pieces:
        lines = [line for line in piece.read_text().splitlines()[1:] if line.strip()]
        labels = [int(line.startswith("+ ")) for line in lines]
        texts = [re.sub(r"^\+ ", "", line) for line in lines]
        known = names_used_inside_sentences(texts)
        for name, score in rankers().items():
            order = sorted(range(len(texts)), key=lambda i: -score(texts[i], known_names=known))
            ranked = [labels[i] for i in order]
            ap = training.average_precision(ranked)
            at_k = training.precision_at(ranked, sum(labels))
            totals.setdefault(name, []).append((ap, at_k))
            print(f"   {piece.stem:<16} {name:<18} AP {ap:5.3f}  P@{sum(labels)} {at_k:4.2f}")
    for name, figures in totals.items():
        print(
            f"   {'mean':<16} {name:<18} AP {sum(f[0] for f in figures) / len(figures):5.3f}  "
            f"P@k {sum(f[1] for f in figures) / len(figures):4.2f}"
        )


def best_of(runs: int, function) -> tuple[float, list[float], object]:
    times, result = [], None
    for _ in range(runs):
        started = time.perf_counter()
        result = function()
        times.append(time.perf_counter() - started)
    return min(times), times, result


def speed(words: int, temp: Path, runs: int = 5):
    import random

    from bench.bench_intake import generate_piece
    from claims.intake.claimant import propose_claimant
    from claims.intake.pipeline import analyse
    from claims.intake.reading import read_path
    from claims.intake.scoring import check_worthiness, names_used_inside_sentences
    from claims.intake.sentences import split_sentences

    path = temp / "long.md"
    path.write_text(generate_piece(random.Random(5), words))
    analyse(read_path(path), min_score=0)  # loads the model, the splitter and the matcher once
    best, times, intake = best_of(runs, lambda: analyse(read_path(path), min_score=0))
    print(
        f"\n4. Speed: {len(path.read_text().split()):,} words, {intake.sentence_count} sentences through "
        f"the whole intake in {best:.3f} s (best of {runs}; {', '.join(f'{t:.3f}' for t in times)})"
    )
    piece = read_path(path)
    sentences = split_sentences(piece)
    texts = [s.text for s in sentences]
    known = names_used_inside_sentences(texts)
    steps = {
        "read": lambda: read_path(path),
        "split": lambda: split_sentences(piece),
        "score": lambda: [
            check_worthiness(t, caption=s.kind == "caption", known_names=known)
            for t, s in zip(texts, sentences, strict=True)
        ],
        "claimants": lambda: [propose_claimant(t, texts[max(0, i - 3) : i]) for i, t in enumerate(texts)],
    }
    print("   " + ", ".join(f"{label} {best_of(runs, step)[0]:.3f} s" for label, step in steps.items()))


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--data", default=str(SHARED / "data" / "checkworthy" / "sentences.jsonl"))
    parser.add_argument("--seed-piece", default=str(SHARED / "seed" / "foreign-fighters-ukraine.txt"))
    parser.add_argument("--words", type=int, default=10_000)
    parser.add_argument("--skip-speed", action="store_true")
    parser.add_argument("--speed-only", action="store_true")
    parser.add_argument("--runs", type=int, default=5, help="timed runs of the speed test (the best counts)")
    options = parser.parse_args()

    with tempfile.TemporaryDirectory(prefix="bench-ranker-") as temp:
        temp = Path(temp)
        if options.skip_speed:
            from django.conf import settings

            settings.configure()
        else:
            from bench.bench_intake import setup_django

            setup_django(f"sqlite:///{temp / 'bench.sqlite3'}")
        if not options.speed_only:
            if Path(options.data).exists():
                held_out(Path(options.data))
            else:
                print(f"1. Held out: skipped, no {options.data}")
            if Path(options.seed_piece).exists():
                seed_piece(Path(options.seed_piece))
            news_pieces(ROOT / "bench" / "news")
        if not options.skip_speed:
            speed(options.words, temp, options.runs)


if __name__ == "__main__":
    main()
