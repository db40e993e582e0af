"""Train the check-worthiness ranker from labelled sentences and write the model file the intake reads.

    python manage.py train_ranker ../shared/data/checkworthy/sentences.jsonl
    python manage.py train_ranker DATA --output /tmp/checkworthy.json --epochs 12
    python manage.py train_ranker DATA --transfer bench/out/transfer.jsonl

DATA is JSON lines: {"id": 12, "text": "...", "check_worthy": 0 or 1}. The
sentences whose id is a multiple of 5 are held out: never trained on, they
give the figures printed at the end and the default --min-score (the lowest
score at which the held-out precision reaches 0.8). --transfer adds sentences
labelled by a teacher with a probability, JSON lines {"text": "...",
"check_worthy": 0.83} (`bench/distill_ranker.py` writes them); they are
trained on, never held out.
"""

from pathlib import Path

from django.core.management.base import CommandError

from claims.intake import training
from claims.intake.ranker import MODEL_PATH
from claims.management.commands._options import DeskCommand, check_readable, number, whole_number


class Command(DeskCommand):
    help = "Train the check-worthiness ranker from labelled sentences (JSON lines) and write its model file."

    def add_arguments(self, parser):
        defaults = training.Settings()
        parser.add_argument("data", help="labelled sentences, one JSON object a line: id, text, check_worthy")
        parser.add_argument("--output", default=str(MODEL_PATH), help=f"the model file (default {MODEL_PATH})")
        # Upper bounds a typo cannot pass: a thousand epochs is hours of training, not a setting.
        parser.add_argument(
            "--epochs",
            type=whole_number("--epochs", low=1, high=1000),
            default=defaults.epochs,
            help="passes over the sentences (1 to 1000)",
        )
        parser.add_argument(
            "--l2", type=number("--l2", low=0), default=defaults.l2, help="how strongly weights are held near 0"
        )
        parser.add_argument(
            "--min-count",
            type=whole_number("--min-count", low=1, high=1_000_000),
            default=defaults.min_count,
            help="rarest word pattern kept",
        )
        parser.add_argument("--transfer", help="teacher-labelled sentences, JSON lines: text, check_worthy 0 to 1")
        parser.add_argument("--source", default="", help="where the data comes from, kept in the model file")

    def handle(self, *args, **options):
        check_readable(options["data"])
        if options["transfer"]:
            check_readable(options["transfer"])
        settings = training.Settings(epochs=options["epochs"], l2=options["l2"], min_count=options["min_count"])
        try:
            examples = training.read_examples(options["data"])
            transfer = training.read_transfer(options["transfer"]) if options["transfer"] else []
            data = training.train_model(
                examples,
                settings,
                source=options["source"] or Path(options["data"]).name,
                transfer=transfer,
                transfer_source=Path(options["transfer"]).name if transfer else "",
            )
        except training.TrainingDataError as error:
            raise CommandError(str(error)) from None
        try:
            training.write_model(data, options["output"])
        except OSError as error:
            raise CommandError(f"Cannot write {options['output']}: {error.strerror}.", returncode=2) from None
        sentences, figures, threshold = data["sentences"], data["held_out"], data["threshold"]
        self.stdout.write(
            f"Trained on {sentences['train']} sentences"
            + (f" and {sentences['transfer']} transfer sentences" if sentences["transfer"] else "")
            + f"; held out {sentences['held_out']} "
            f"({training.HELD_OUT_RULE}), {figures['check_worthy']} of them check-worthy."
        )
        self.stdout.write(
            f"Held out: average precision {figures['average_precision']:.3f}, "
            f"precision at 10 {figures['precision_at_10']:.2f}, at 50 {figures['precision_at_50']:.2f}."
        )
        self.stdout.write(
            f"Threshold for precision {threshold['precision']:.2f}: score {threshold['score']:.2f} "
            f"(held out: precision {threshold.get('held_out_precision', 0):.2f}, "
            f"recall {threshold.get('held_out_recall', 0):.2f})."
        )
        self.stdout.write(f"Wrote {len(data['weights'])} weights to {options['output']}.")
