"""What the desk's commands share: a bad option value is one readable line and exit code 2, never a traceback.

Django reports a CommandError raised by `handle()` as one line, but not one raised while the options
are read (by an option's type), and argparse's own refusals print the whole usage. `DeskCommand`
makes both one line with exit code 2; the checkers below raise CommandError(returncode=2) with a
message naming the option. (The leading underscore keeps this module from being a command itself.)
"""

import datetime
import math
import sys

from django.core.management.base import BaseCommand, CommandError

BAD_OPTION = 2  # the exit code of a command called wrongly, as argparse and most Unix tools use


class DeskCommand(BaseCommand):
    def create_parser(self, prog_name, subcommand, **kwargs):
        parser = super().create_parser(prog_name, subcommand, **kwargs)
        parser.error = refuse  # an unknown option, a missing argument, a value argparse could not convert
        return parser

    def run_from_argv(self, argv):
        try:
            super().run_from_argv(argv)
        except CommandError as error:  # raised while reading the options, before execute() reports errors
            self.stderr.write(f"CommandError: {error}")
            sys.exit(error.returncode)


def refuse(message: str):
    raise CommandError(message[:1].upper() + message[1:] + ("" if message.endswith(".") else "."), returncode=2)


def number(option: str, *, low: float, high: float = math.inf):
    """An option's type: a finite number from `low` to `high`."""
    span = f"from {low:g} to {high:g}" if high < math.inf else f"of at least {low:g}"

    def convert(value: str) -> float:
        try:
            result = float(value)
        except ValueError:
            result = math.nan
        if not (math.isfinite(result) and low <= result <= high):
            refuse(f"{option} must be a number {span}, not {value!r}")
        return result

    return convert


def whole_number(option: str, *, low: int, high: int):
    """An option's type: a whole number from `low` to `high`."""

    def convert(value: str) -> int:
        try:
            result = int(value)
        except ValueError:
            result = None
        if result is None or not low <= result <= high:
            refuse(f"{option} must be a whole number from {low} to {high}, not {value!r}")
        return result

    return convert


def iso_date(option: str):
    """An option's type: a date written YYYY-MM-DD that exists."""

    def convert(value: str) -> datetime.date:
        try:
            return datetime.date.fromisoformat(value)
        except ValueError:
            refuse(f"{option} must be a date written YYYY-MM-DD that exists, not {value!r}")

    return convert


def check_readable(path) -> None:
    """Refuse a file that cannot be opened for reading, before any work starts."""
    try:
        with open(path, "rb"):
            pass
    except OSError as error:
        refuse(f"Cannot read {path}: {error.strerror}")
