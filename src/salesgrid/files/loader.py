"""Data files in, frozen models out: parse, reject anything ambiguous, validate, check.

The kinds of data file and their models; a file read and validated into its model, the grid's
checks across fields run (a competency file's are :mod:`~salesgrid.files.competencychecks`);
loading cached per file, a packaged file from its snapshot (:mod:`~salesgrid.files.snapshot`);
and the public loaders (:func:`load_grid`, :func:`load_competencies`, :func:`load_landing`,
:func:`load_payroll`, :func:`load_assessment`).

Every problem is reported as a :class:`~salesgrid.errors.Problem` with the file, the line and
the path of the field. Errors stop a file from loading; warnings (a level whose top step pays
more than the next level's first step) load fine and are shown by ``salesgrid validate``.
"""

from __future__ import annotations

import difflib
import os
from datetime import date
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal, NamedTuple

from pydantic import ValidationError

from salesgrid.core import money
from salesgrid.core.models import PACKAGED, Framework, Frozen, GridFile
from salesgrid.errors import DataFileError, NotFoundError, Problem, UsageError, clip
from salesgrid.files.linemap import Finding, LineMap, PathKey

if TYPE_CHECKING:
    from salesgrid.core.assessment import Assessment
    from salesgrid.core.calendarfile import CalendarFile
    from salesgrid.core.competencies import CompetenciesFile
    from salesgrid.core.landing import LandingRule
    from salesgrid.core.payroll import PayrollFile

Kind = Literal["grid", "competencies", "payroll", "calendar"]
#: Every kind of file salesgrid reads (and ``salesgrid schema`` describes).
FileKind = Literal["grid", "competencies", "payroll", "calendar", "assessment"]
#: The top-level fields every assessment has: how an assessment file is recognised.
_ASSESSMENT_KEYS = ("position", "in_position_since", "review_date", "ratings")


def model_for(kind: Kind) -> type[Frozen]:
    """The model of a data file kind (competency models are imported only when needed)."""
    if kind == "grid":
        return GridFile
    if kind == "payroll":
        from salesgrid.core.payroll import PayrollFile  # only for a payroll file

        return PayrollFile
    if kind == "calendar":
        from salesgrid.core.calendarfile import CalendarFile  # only for a calendar file

        return CalendarFile
    from salesgrid.core.competencies import CompetenciesFile  # only for a competency file

    return CompetenciesFile


_FILES: dict[Kind, str] = {
    "grid": "grid.yaml",
    "competencies": "competencies.yaml",
    "payroll": "payroll.yaml",
    "calendar": "calendar.yaml",
}


def packaged_path(kind: Kind) -> Path:
    """The data file shipped with the package (or, in a source checkout, the repo's ``data/``)."""
    package = Path(__file__).resolve().parent.parent  # salesgrid/
    installed = package / "data" / _FILES[kind]
    if installed.is_file():
        return installed
    return package.parent.parent / "data" / _FILES[kind]


class Loaded(NamedTuple):
    """A validated data file and the warnings found in it (``lines``: where each value is,
    ``file``: the name messages use; both for the layers merged on top of a grid)."""

    path: Path
    kind: Kind
    model: Frozen
    warnings: tuple[Problem, ...]
    lines: LineMap = LineMap()
    file: str = ""


# --------------------------------------------------------------------------- cross-field checks


def check_grid(grid: GridFile) -> list[Finding]:
    findings: list[Finding] = []
    ids = [fw.id for fw in grid.frameworks]
    if grid.default_framework not in ids:
        close = difflib.get_close_matches(grid.default_framework, ids, n=1)
        hint = f" (did you mean {close[0]!r}?)" if close else ""
        findings.append(
            (
                ("default_framework",),
                f"{grid.default_framework!r} is not a framework in this file{hint}",
                "error",
            )
        )

    pairs: dict[tuple[str, str], int] = {}
    for index, conversion in enumerate(grid.conversions):
        pair = (conversion.from_currency, conversion.to_currency)
        if pair[0] == pair[1]:
            findings.append(
                (("conversions", index, "to"), "converts a currency to itself", "error")
            )
        if pair in pairs:
            findings.append(
                (
                    ("conversions", index),
                    f"a second {pair[0]} -> {pair[1]} conversion (the first is item {pairs[pair]})",
                    "error",
                )
            )
        pairs.setdefault(pair, index)
        if not money.RATE_MIN <= conversion.rate <= money.RATE_MAX:
            rate = money.plain(conversion.rate)
            findings.append((("conversions", index, "rate"), f"{rate} is not a currency rate: "
                             f"write one from {money.RATE_MIN} to {money.RATE_MAX}",
                             "error"))  # fmt: skip
        if conversion.rounding not in money.ROUNDING_MODES:  # pragma: no cover - Literal guards
            findings.append((("conversions", index, "rounding"), "unknown rounding", "error"))
    currencies = {c for pair in pairs for c in pair}

    seen: dict[str, int] = {}
    for f_index, fw in enumerate(grid.frameworks):
        here: PathKey = ("frameworks", f_index)
        if fw.id in seen:
            findings.append(
                (
                    (*here, "id"),
                    f"framework id {fw.id!r} is used twice (first as frameworks[{seen[fw.id]}])",
                    "error",
                )
            )
        seen.setdefault(fw.id, f_index)
        for r_index, realm in enumerate(fw.realms):
            if realm not in grid.realms:
                close = difflib.get_close_matches(realm, list(grid.realms), n=1)
                hint = f"did you mean {close[0]!r}? " if close else ""
                findings.append(
                    (
                        (*here, "realms", r_index),
                        f"unknown realm {realm!r}: {hint}realms must be listed under the "
                        "top-level 'realms'",
                        "error",
                    )
                )
        for other in sorted(currencies - {fw.currency}):
            if (fw.currency, other) not in pairs:
                findings.append(
                    (
                        (*here, "currency"),
                        f"no conversion from {fw.currency} to {other}: add one under 'conversions'",
                        "error",
                    )
                )
        previous = None
        for v_index, version in enumerate(fw.versions):
            at: PathKey = (*here, "versions", v_index)
            if previous is not None and version.in_force_from <= previous:
                findings.append(
                    (
                        (*at, "in_force_from"),
                        f"versions must be listed oldest first, each from a later day than the "
                        f"one before ({version.in_force_from} is not after {previous})",
                        "error",
                    )
                )
            previous = version.in_force_from
            findings.extend(_check_cells(fw.title, version.levels, (*at, "levels")))
        findings.extend(_check_level_names(fw, here))
    return findings


def _check_level_names(fw: Framework, here: PathKey) -> list[Finding]:
    """A name for a level no version has is a typo (or a level still to add): an error."""
    known = {number for version in fw.versions for number in version.levels}
    top = max(known)
    return [
        (
            (*here, "level_names", number),
            f"level_names names level {number}, which no version of {fw.title} has (levels "
            f"1-{top}): remove the name, or add the level under 'versions'",
            "error",
        )
        for number in (fw.level_names or {})
        if number not in known
    ]


def _check_cells(title: str, levels: dict[int, list[Any]], at: PathKey) -> list[Finding]:
    findings: list[Finding] = []
    numbers = sorted(levels)
    expected = list(range(1, len(numbers) + 1))
    if numbers != expected:
        # Bounded by the number of levels given: a typo such as 10000000 must not build a range.
        missing = [n for n in expected if n not in levels]
        first_bad = next(n for n in numbers if n > len(numbers))
        findings.append(
            (
                (*at, first_bad),
                f"levels must be numbered 1 to {len(numbers)} without gaps: level {first_bad} is "
                f"out of place (missing level {', '.join(map(str, missing))})",
                "error",
            )
        )
        return findings
    width = max(len(steps) for steps in levels.values())
    widest = next(n for n in numbers if len(levels[n]) == width)
    for number in numbers:
        steps = levels[number]
        if len(steps) < width:
            missing_cells = ", ".join(f"{number}.{s}" for s in range(len(steps) + 1, width + 1))
            findings.append(
                (
                    (*at, number),
                    f"missing cell {missing_cells}: level {number} has {len(steps)} steps but "
                    f"level {widest} has {width}; every level needs the same steps",
                    "error",
                )
            )
        for index in range(1, len(steps)):
            if steps[index] <= steps[index - 1]:
                findings.append(
                    (
                        (*at, number, index),
                        f"{number}.{index + 1} pays {money.human(steps[index])}, not more than "
                        f"{number}.{index} ({money.human(steps[index - 1])}): pay must rise "
                        "with every step",
                        "error",
                    )
                )
    for number in numbers[:-1]:
        top, first = levels[number][-1], levels[number + 1][0]
        if top > first:
            findings.append(
                (
                    (*at, number + 1, 0),
                    f"{title}: {number}.{len(levels[number])} pays {money.human(top)}, more than "
                    f"{number + 1}.1 ({money.human(first)}): a Level Up onto step 1 lowers pay",
                    "warning",
                )
            )
    return findings


def _check_work_accident(data: PayrollFile) -> list[Finding]:
    """The default work-accident rate within its range: every payroll command uses it."""
    wa = data.work_accident
    if wa.min_percent > wa.max_percent:
        message = f"min_percent {wa.min_percent} is above max_percent {wa.max_percent}"
        return [(("work_accident", "min_percent"), message, "error")]
    if not wa.min_percent <= wa.default_percent <= wa.max_percent:
        message = (
            f"default_percent {wa.default_percent} is outside min_percent {wa.min_percent} to "
            f"max_percent {wa.max_percent}: every payroll command would refuse it"
        )
        return [(("work_accident", "default_percent"), message, "error")]
    return []


def _check(model: Frozen, kind: Kind) -> list[Finding]:
    if isinstance(model, GridFile):
        return check_grid(model)
    if kind == "payroll":  # not the competency models: a payroll file's snapshot needs none
        from salesgrid.core.payroll import PayrollFile, check_payroll  # only for a payroll file

        assert isinstance(model, PayrollFile)
        found: list[Finding] = [(path, message, "error") for path, message in check_payroll(model)]
        return found + _check_work_accident(model)
    if kind == "calendar":  # a day listed twice
        from salesgrid.core.calendarfile import CalendarFile, check_calendar  # only for one

        assert isinstance(model, CalendarFile)
        return list(check_calendar(model))
    # the competency models: a grid or payroll file (and pay's start-up) never needs them
    from salesgrid.core.competencies import CompetenciesFile
    from salesgrid.files.competencychecks import check_competencies

    if isinstance(model, CompetenciesFile):
        return check_competencies(model)
    return []  # pragma: no cover


# --------------------------------------------------------------------------- loading


def detect_kind(data: Any, file: str) -> FileKind:
    """The kind of a data file from its top-level keys; every kind salesgrid writes or
    describes (``promote --template``, ``salesgrid schema KIND``) is recognised."""
    if isinstance(data, dict):
        if "frameworks" in data:
            return "grid"
        if "levels" in data:
            return "competencies"
        if "periods" in data:
            return "payroll"
        if "days_off" in data or "working_days" in data:
            return "calendar"
        if any(key in data for key in _ASSESSMENT_KEYS):
            return "assessment"
    raise DataFileError(
        [
            Problem(
                file,
                1,
                "",
                "cannot tell what this file is: a grid file has a top-level 'frameworks' key, "
                "a competency file 'levels', a payroll file 'periods', a calendar file "
                "'days_off' or 'working_days', an assessment 'position' and 'ratings'; or give "
                "--kind",
            )
        ]
    )


def _other_kind(data: Any, kind: FileKind) -> str | None:
    """``an assessment`` when a file given as another kind is plainly an assessment, etc."""
    try:
        found = detect_kind(data, "")
    except DataFileError:
        return None
    if found == kind:
        return None
    return f"an {found}" if found == "assessment" else f"a {found}"


def read_and_check(path: Path, kind: Kind | None, display: str | None = None) -> Loaded:
    from salesgrid.files.yamlsource import read_yaml  # PyYAML: not when a snapshot serves

    file = display or str(path)
    data, lines = read_yaml(path, file)
    if kind is None:
        found_kind = detect_kind(data, file)
        if found_kind == "assessment":
            raise DataFileError(
                [Problem(file, 1, "", "this is an assessment file, not a grid, competency, "
                         "payroll or calendar file: give it with --assessment")]
            )  # fmt: skip
        kind = found_kind
    model_cls = model_for(kind)
    if not isinstance(data, dict):
        raise DataFileError(
            [Problem(file, 1, "", f"the {kind} file must be a mapping of fields at the top level")]
        )
    try:
        model = model_cls.model_validate(data)
    except ValidationError as exc:
        if kind == "grid" and "frameworks" in data and "default_framework" not in data:
            raise DataFileError(
                [Problem(file, 1, "", "this is a layer file (no default_framework): give it "
                         "with --add-grid FILE, on top of the packaged grid or --grid; a whole "
                         "grid file also needs default_framework, realms and every field of "
                         "each framework")]
            ) from None  # fmt: skip
        other = _other_kind(data, kind)
        if other is not None:
            raise DataFileError(
                [Problem(file, 1, "", f"this is {other} file, not a {kind} file: give a {kind} "
                         "file here (`salesgrid validate FILE` tells the kind)")]
            ) from None  # fmt: skip
        from salesgrid.files.problems import problems_from_validation  # only for a failing file

        problems = problems_from_validation(model_cls, exc, file, lines)
        raise DataFileError(sorted(problems, key=lambda p: (p.line or 0, p.path))) from None
    return check_loaded(path, kind, model, lines, file)


def check_loaded(path: Path, kind: Kind, model: Frozen, lines: LineMap, file: str) -> Loaded:
    """A validated model, its checks across fields run: with its warnings, or DataFileError."""
    found = [
        Problem(file, lines.line(path_key), lines.display(path_key), message, severity)
        for path_key, message, severity in _check(model, kind)
    ]
    errors = [p for p in found if p.severity == "error"]
    if errors:
        raise DataFileError(sorted(found, key=lambda p: (p.line or 0, p.path)))
    return Loaded(path, kind, model, tuple(found), lines, file)


@lru_cache(maxsize=16)
def load_cached(
    path: Path,
    kind: Kind | None,
    display: str | None,
    stamp: tuple[int, int],  # noqa: ARG001 - part of the cache key only
    packaged: bool = False,
) -> Loaded:
    if not packaged or kind is None:
        return read_and_check(path, kind, display)
    from salesgrid.files import rebuild, snapshot  # the packaged files only: never a user's

    file = display or str(path)  # a snapshot's model is checked across fields as a fresh one
    return snapshot.cached(
        path,
        lambda: read_and_check(path, kind, display),
        lambda loaded: rebuild.file_data(loaded.model, loaded.lines),
        lambda data: check_loaded(path, kind, *rebuild.file_from(data, model_for(kind)), file),
    )


def packaged_name(kind: Kind) -> str:
    """How messages name a packaged file, ``(packaged) grid.yaml``: a path such as
    ``data/grid.yaml`` would not exist where the command runs."""
    return f"{PACKAGED} {_FILES[kind]}"


def load(path: Path | None, kind: Kind | None) -> Loaded:
    """Load and validate a data file (``None``: the packaged file of ``kind``).

    Results are cached per path, modification time and size, so a process that asks twice
    (tests, a roster run) reads the file once; a packaged file is read from its validated
    snapshot (:mod:`salesgrid.files.snapshot`) when there is one.
    """
    display = None
    packaged = path is None
    if path is None:
        if kind is None:  # pragma: no cover - callers always name the kind
            raise ValueError("a kind is needed to find the packaged file")
        path, display = packaged_path(kind), packaged_name(kind)
    try:
        info = os.stat(path)
    except OSError:
        return read_and_check(path, kind, display)  # read_yaml reports it, with the file name
    return load_cached(path, kind, display, (info.st_mtime_ns, info.st_size), packaged)


def load_grid(path: Path | None = None) -> GridFile:
    model = load(path, "grid").model
    assert isinstance(model, GridFile)
    return model


def load_competencies(path: Path | None = None) -> CompetenciesFile:
    from salesgrid.core.competencies import CompetenciesFile  # not on pay's start-up

    model = load(path, "competencies").model
    assert isinstance(model, CompetenciesFile)
    return model


def load_landing(path: Path | None = None) -> LandingRule:
    """The landing rule of a competency file (``None``: the packaged one), all a move preview
    needs. A file the user gives is loaded and checked in full, every error reported as by
    :func:`load_competencies`; the packaged file's rule comes from a snapshot of its own
    (:mod:`salesgrid.files.snapshot`), without building the competency models."""
    if path is not None:
        return load_competencies(path).rules.landing
    # the packaged rule's own snapshot: a user's file never needs it
    from salesgrid.core.landing import LandingRule
    from salesgrid.files import rebuild, snapshot

    rule: LandingRule = snapshot.cached(
        packaged_path("competencies"),
        lambda: load_competencies(None).rules.landing,
        rebuild.plain,
        lambda data: rebuild.build(LandingRule, data),
        name="landing",
    )
    return rule


def load_assessment(
    path: Path, grid: GridFile, competencies: CompetenciesFile, as_of: date
) -> Assessment:
    """Read and check one assessment file (YAML, or JSON, which YAML reads too)."""
    from salesgrid.files.yamlsource import read_yaml  # PyYAML: only when a file is read

    file = str(path)
    data, lines = read_yaml(path, file)
    return check_assessment(data, file, lines, grid, competencies, as_of)


def check_assessment(
    data: Any,
    file: str,
    lines: LineMap,
    grid: GridFile,
    competencies: CompetenciesFile,
    as_of: date,
) -> Assessment:
    """Check an assessment already read (from a file, or a mapping given to the Python API,
    with an empty :class:`LineMap`): the format, then the grid and competency ids it names."""
    # the assessment model and the grid's lookups: only when an assessment is read
    from salesgrid.core.assessment import Assessment
    from salesgrid.core.pay import cell_amount, find_framework, version_in_force
    from salesgrid.core.positions import parse_position

    # the FILE:LINE problems: only for an assessment that fails its checks
    from salesgrid.files.problems import problems_from_validation

    if not isinstance(data, dict):
        raise DataFileError([Problem(file, 1, "", "an assessment is a mapping of fields")])
    try:
        assessment = Assessment.model_validate(data)
    except ValidationError as exc:
        other = _other_kind(data, "assessment")
        if other is not None:
            raise DataFileError(
                [Problem(file, 1, "", f"this is {other} file, not an assessment: give an "
                         "assessment here (`salesgrid promote --template` writes one)")]
            ) from None  # fmt: skip
        problems = problems_from_validation(Assessment, exc, file, lines)
        raise DataFileError(sorted(problems, key=lambda p: (p.line or 0, p.path))) from None

    found: list[tuple[PathKey, str]] = []
    try:
        framework = find_framework(grid, assessment.framework)
        version = version_in_force(framework, as_of)
        cell_amount(framework, version, parse_position(assessment.position))
    except NotFoundError as exc:
        field = "framework" if "framework" in str(exc) and "unknown" in str(exc) else "position"
        found.append(((field,), str(exc)))
    except UsageError as exc:  # pragma: no cover - the model's pattern is parse_position's
        found.append((("position",), str(exc)))
    if assessment.review_date < assessment.in_position_since:
        found.append(
            (
                ("review_date",),
                f"the review ({assessment.review_date}) is before the person took the position "
                f"({assessment.in_position_since}): check both dates",
            )
        )
    for realm in assessment.realms:
        if realm not in grid.realms:
            found.append(
                (
                    ("realms", realm),
                    f"unknown realm {clip(realm)!r}: known realms: {', '.join(grid.realms)}",
                )
            )
    known = {s.id for s in competencies.statements}
    for index, statement in enumerate(assessment.evidence):
        if statement not in known:
            found.append(
                (
                    ("evidence", index),
                    f"unknown statement id {clip(statement)!r}: "
                    "`salesgrid competencies --format json` lists the ids",
                )
            )
    if found:
        raise DataFileError(
            [Problem(file, lines.line(key), lines.display(key), message) for key, message in found]
        )
    return assessment


def load_payroll(path: Path | None = None) -> PayrollFile:
    from salesgrid.core.payroll import PayrollFile  # not on pay's start-up

    model = load(path, "payroll").model
    assert isinstance(model, PayrollFile)
    return model


def load_calendar(path: Path | None = None) -> CalendarFile:
    """The packaged ``data/calendar.yaml`` (``None``) or a ``--calendar`` file, checked."""
    from salesgrid.core.calendarfile import CalendarFile  # not on pay's start-up

    model = load(path, "calendar").model
    assert isinstance(model, CalendarFile)
    return model
