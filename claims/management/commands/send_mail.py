"""python manage.py send_mail [--loop]: send the queued notifications (see claims/mail.py).

Without --loop it sends what is due once and says how many went out; with
--loop it is the mail worker: a round every FACTCHECK_MAIL_POLL_SECONDS until
it is stopped (SIGTERM or Ctrl-C finish the current round first).
"""

import argparse
import signal
import threading

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from claims import mail


def seconds_above_zero(value: str) -> float:
    try:
        seconds = float(value)
    except ValueError:
        seconds = 0
    if not seconds > 0:
        raise argparse.ArgumentTypeError(f"must be a number of seconds above 0, not {value!r}")
    return seconds


class Command(BaseCommand):
    help = "Send the queued notifications that are due; with --loop, keep sending them (the mail worker)."

    def add_arguments(self, parser):
        parser.add_argument("--loop", action="store_true", help="keep running: the mail worker")
        parser.add_argument(
            "--every",
            type=seconds_above_zero,
            default=None,
            help="seconds between rounds with --loop (default: FACTCHECK_MAIL_POLL_SECONDS)",
        )

    def handle(self, *args, loop=False, every=None, **options):
        if not loop:
            counts = mail.send_due()
            self.stdout.write(
                f"Sent {counts['sent']}, failed {counts['failed']}; "
                f"{counts['waiting']} waiting for a later try, {counts['given_up']} given up."
            )
            if counts["failed"]:
                raise CommandError("The mail server did not take every due email; see the log.")
            return
        every = every or settings.FACTCHECK_MAIL_POLL_SECONDS
        stop = threading.Event()
        signal.signal(signal.SIGTERM, lambda *_: stop.set())
        self.stdout.write(f"Sending queued email every {every:g} s; stop with Ctrl-C or SIGTERM.")
        try:
            mail.run_worker(every=every, stop=stop)
        except KeyboardInterrupt:
            pass
        self.stdout.write("Mail worker stopped.")
