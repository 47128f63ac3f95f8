"""The files `salesgrid month` reads besides the history's rows: the --paid file, read as the
history is, and the names the errors about either file are said with when both are read."""

import contextlib
import sys
from collections.abc import Iterator
from typing import Any

from salesgrid.cli.options import fail_usage
from salesgrid.cli.rosterin import opened
from salesgrid.errors import UsageError


def read_paid_file(paid: str, months: list[str], pricer: Any, encoding: str | None) -> Any:
    """The --paid file read as the history is (its kind by the extension, --encoding, the
    same refusals), every error naming the --paid file; a file that is UTF-8 where --encoding
    names a code page (the history's) is read as UTF-8."""
    # on run only: --help and completion stay light
    from salesgrid.batch.codepage import Utf8Text
    from salesgrid.batch.columns import PAID_COLUMNS
    from salesgrid.batch.month import read_paid

    currencies = {m: pricer.currency(m) for m in months}
    if paid == "-" and sys.stdin.isatty():
        fail_usage("--paid - reads the paid file from stdin, but stdin is a terminal: pipe it "
                   "in or give its path")  # fmt: skip
    try:
        try:
            with opened(paid, None, encoding, None, None, columns=PAID_COLUMNS) as paid_in:
                return read_paid(paid_in.header, paid_in.rows, currencies, paid)
        except Utf8Text:
            if paid == "-":
                raise  # stdin cannot be read again
            with opened(paid, None, None, None, None, columns=PAID_COLUMNS) as paid_in:
                return read_paid(paid_in.header, paid_in.rows, currencies, paid)
    except UsageError as exc:
        raise UsageError(paid_message(str(exc), paid)) from None


@contextlib.contextmanager
def history_named(source: str, paid: bool) -> Iterator[None]:
    """With a --paid file read too, an error about the history names it."""
    try:
        yield
    except UsageError as exc:
        if not paid:
            raise
        raise UsageError(history_message(str(exc), source)) from None


def history_message(message: str, name: str) -> str:
    """A message about the history said with its name, where a --paid file is read too (the
    --paid file's own name its messages: :func:`paid_message`)."""
    shown = "stdin" if name == "-" else name
    return message if message.startswith(f"history {shown}") else f"history {shown}: {message}"


def paid_message(message: str, name: str) -> str:
    """A reader's message about "the roster" said of the --paid file ``name``."""
    if message.startswith(f"--paid {name}"):
        return message
    named = f"the --paid file {name}"
    if "the roster" not in message:
        return f"--paid {name}: {message}"
    return message.replace(f"the roster {name}", named).replace("the roster", named)
