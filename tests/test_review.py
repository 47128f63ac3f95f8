"""Regression tests for defects found in the second review read."""

from __future__ import annotations

from pathlib import Path

import pytest
import xlsxwriter

from . import xlsxkit
from .conftest import HUNG, run


def test_xlsx_position_in_a_number_cell_is_rejected_not_read_as_another_step(
    tmp_path: Path,
) -> None:
    # Excel stores a typed 2.10 (Level 2 Step 10) as the number 2.1: where level 2 has a step
    # 10, reading it as position 2.1 would write Level 2 Step 1's pay with exit 0. (Where the
    # level has fewer than 10 steps, 2.1 can only be 2.1, and is read: tests/test_xlsx_read.py.)
    grid = xlsxkit.grid(tmp_path)  # the framework "long" has 12 steps a level
    path = tmp_path / "staff.xlsx"
    book = xlsxwriter.Workbook(str(path))
    sheet = book.add_worksheet("Staff")
    for r, row in enumerate([["employee_id", "Position"], ["E1", 2.10], ["E2", "2.3"]]):
        for c, value in enumerate(row):
            sheet.write(r, c, value)
    book.close()
    result = run(["roster", str(path), "--format", "csv", "--grid", str(grid),
                  "--framework", "long"])  # fmt: skip
    assert result.exit_code == 4, result.output
    assert "E1" not in result.stdout
    assert "E2,long,2.3,2020," in result.stdout
    assert "row 2: cell B2: the position 2.1 is a number cell" in result.stderr
    assert "(2.1 or 2.10:" in result.stderr


def test_roster_pay_bgn_is_in_lev_when_the_framework_pays_in_euro(tmp_path: Path) -> None:
    # A grid may pay a framework in EUR (with a EUR -> BGN conversion): pay_bgn and the
    # *_delta_bgn columns were the euro figures, labelled lev, with exit 0.
    text = (Path(__file__).resolve().parent.parent / "examples" / "company-grid.yaml").read_text(
        encoding="utf-8"
    )
    text = text.replace("    currency: BGN", "    currency: EUR").replace(
        "realms:",
        '  - from: EUR\n    to: BGN\n    operation: multiply\n    rate: "1.95583"\n'
        "    rounding: half_up\n    decimals: 2\n    rule: test\n    source: test\n\nrealms:",
        1,
    )
    grid = tmp_path / "grid.yaml"
    grid.write_text(text, encoding="utf-8")
    roster = tmp_path / "r.csv"
    roster.write_text("employee_id,position\nE1,2.3\n", encoding="utf-8")
    result = run(["roster", str(roster), "--grid", str(grid), "--format", "csv", "--summary"])
    assert result.exit_code == 0, result.output
    # 3900 EUR x 1.95583 = 7627.737 -> 7627.74; level up to 3.1: 4300 EUR -> 8410.07
    assert "E1,field-sales,2.3,7627.74,3900,,,3.1,782.33" in result.stdout
    assert "monthly 7,627.74 BGN / 3,900.00 EUR" in result.stderr


def test_roster_encoding_a_codec_refuses_as_a_whole_is_a_usage_error(tmp_path: Path) -> None:
    # --encoding utf-16 (which the --encoding message itself suggests) on a file without a
    # BOM, or idna, raised a plain UnicodeError: exit 70, "internal error".
    roster = tmp_path / "r.csv"
    roster.write_text("employee_id,position\nE1,2.3\n", encoding="utf-8")
    for codec in ("utf-16", "utf-32", "idna"):
        result = run(["roster", str(roster), "--encoding", codec])
        assert result.exit_code == 2, (codec, result.output)
        assert "cannot read the roster" in result.stderr
        assert "internal error" not in result.stderr


def test_api_minus_zero_amount_is_zero_as_on_the_command_line() -> None:
    # Decimal("-0") passed the "not negative" check and came back as gross -0.00. Since issue
    # 17, 0 is no pay: refused alike by the API and the command line.
    from decimal import Decimal

    import pytest

    import salesgrid

    with pytest.raises(salesgrid.errors.UsageError, match=r"^gross 0 is not a pay"):
        salesgrid.payroll_net(Decimal("-0"), "2026-03")
    with pytest.raises(salesgrid.errors.UsageError, match=r"^net 0\.00 is not a pay"):
        salesgrid.gross(Decimal("-0.00"), "2026-03")
    cli = run(["payroll", "net", "0", "--month", "2026-03", "--format", "plain"])
    assert cli.exit_code == 2 and "GROSS 0 is not a pay" in cli.stderr


def test_api_framework_or_currency_of_another_type_is_a_type_error() -> None:
    # pay("2.3", framework=3) raised AttributeError ('int' object has no attribute 'strip').
    import pytest

    import salesgrid

    with pytest.raises(TypeError, match="framework: expected text"):
        salesgrid.pay("2.3", framework=3)  # type: ignore[arg-type]
    with pytest.raises(TypeError, match="currency: expected text"):
        salesgrid.pay("2.3", currency=5)  # type: ignore[arg-type]
    with pytest.raises(TypeError, match="to_framework: expected text"):
        salesgrid.promote("2.3", to_framework=1)  # type: ignore[arg-type]
    assert run(["pay", "2.3", "--format", "plain"]).stdout.strip() == str(
        salesgrid.pay("2.3", as_of="2026-11-22").amount
    )


def test_xlsx_to_a_stdout_that_refuses_is_exit_74_or_141_not_an_internal_error(
    tmp_path: Path,
) -> None:
    # XlsxWriter wraps the stream's OSError in FileCreateError: exit 70, "internal error".
    import os
    import subprocess
    import sys

    script = Path(sys.executable).parent / "salesgrid"
    roster = tmp_path / "r.csv"
    roster.write_text(
        "employee_id,position\n" + "".join(f"E{i},2.3\n" for i in range(3000)), encoding="utf-8"
    )
    env = {**os.environ, "SALESGRID_AS_OF": "2026-11-22"}
    args = [str(script), "roster", str(roster), "--format", "xlsx"]
    with open("/dev/full", "wb") as full:
        result = subprocess.run(args, stdout=full, stderr=subprocess.PIPE, env=env, timeout=HUNG,
                                check=False, text=True)  # fmt: skip
    assert result.returncode == 74, result.stderr
    assert result.stderr == "salesgrid: error: cannot write stdout: No space left on device\n"
    reader, writer = os.pipe()
    os.close(reader)  # a reader that has gone (| head -c 10)
    with os.fdopen(writer, "wb") as closed:
        result = subprocess.run(args, stdout=closed, stderr=subprocess.PIPE, env=env, timeout=HUNG,
                                check=False, text=True)  # fmt: skip
    assert result.returncode == 141, result.stderr
    assert "internal error" not in result.stderr


def test_a_move_into_a_framework_in_another_currency_is_not_said_to_keep_pay(
    tmp_path: Path,
) -> None:
    # Across currencies the change was taken as 0: a 43% cut was warned "pay does not change".
    text = (Path(__file__).resolve().parent.parent / "examples" / "company-grid.yaml").read_text(
        encoding="utf-8"
    )
    framework = text[text.index("  - id: field-sales") :]
    text = text.replace("    currency: BGN", "    currency: EUR").replace(
        "realms:",
        '  - from: EUR\n    to: BGN\n    operation: multiply\n    rate: "1.95583"\n'
        "    rounding: half_up\n    decimals: 2\n    rule: test\n    source: test\n\nrealms:",
        1,
    ) + framework.replace("id: field-sales", "id: field-sales-bg")
    grid = tmp_path / "grid.yaml"
    grid.write_text(text, encoding="utf-8")
    result = run(["promote", "--from", "2.3", "-f", "field-sales", "--to-framework",
                  "field-sales-bg", "--to", "3.1", "--grid", str(grid), "--format", "json"])  # fmt: skip
    assert result.exit_code == 0, result.output
    assert "pay does not change" not in result.stdout
    # 3900 EUR to 4300 BGN (2198.56 EUR by the pay rule)
    assert "this move lowers pay by 1,701.44 EUR" in result.stdout


@pytest.mark.parametrize("field", ["framework", "currency"])
@pytest.mark.parametrize("value", ["", "  "])
def test_api_an_empty_framework_or_currency_is_refused_as_on_the_command_line(
    field: str, value: str
) -> None:
    """`-f ''` is exit 2 on the command line; the API took "" as the default."""
    import salesgrid

    with pytest.raises(salesgrid.UsageError, match="is empty"):
        salesgrid.pay("2.3", **{field: value})  # type: ignore[arg-type]
    assert run(["pay", "2", "3", f"--{field}", value]).exit_code == 2
