"""The formats `salesgrid paygap` writes: the one list of what the report and the answer to
--employee accept, which of them people read (--lang changes their words), and every message
and help text that names them, made from these lists."""

from collections.abc import Sequence

from salesgrid.cli.options import Format

#: the report (Art. 9); the first is the terminal's default, the second every other default
REPORT_FORMATS = (Format.table, Format.csv, Format.json, Format.markdown, Format.html)
#: the answer to --employee (Art. 7)
EMPLOYEE_FORMATS = (Format.table, Format.plain, Format.json, Format.markdown)
#: every format of the command, as --format lists them
PAYGAP_FORMATS = (Format.table, Format.plain, Format.csv, Format.json, Format.markdown,
                  Format.html)  # fmt: skip
#: the formats for programs: the same in every language, no --lang
PROGRAM_FORMATS = (Format.csv, Format.json)


def either(formats: Sequence[Format]) -> str:
    """``table, csv or json``."""
    names = [f.value for f in formats]
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " or " + names[-1]


def accepted(employee: bool) -> tuple[Format, ...]:
    """The formats of the answer to --employee (``employee``), else of the report."""
    return EMPLOYEE_FORMATS if employee else REPORT_FORMATS


def human(formats: Sequence[Format]) -> tuple[Format, ...]:
    """Of ``formats``, the ones people read: --lang chooses their words."""
    return tuple(f for f in formats if f not in PROGRAM_FORMATS)


def without(formats: Sequence[Format], *left_out: Format) -> tuple[Format, ...]:
    return tuple(f for f in formats if f not in left_out)


WRITES = (
    f"the report as {either(REPORT_FORMATS)}, and the answer to --employee as "
    f"{either(EMPLOYEE_FORMATS)}"
)
FORMAT_NOTE = (
    "Default: table at a terminal; otherwise csv (plain with --employee), or by --output's "
    "extension (.csv, .json, .md, .html). The report: "
    f"{either(REPORT_FORMATS)}; --employee: {either(EMPLOYEE_FORMATS)}."
)
