"""salesgrid: salary and progression calculator for LUNR's management frameworks.

The public Python API (``docs/python-api.md``): :func:`pay`, :func:`locate`, :func:`promote`,
:func:`net`, :func:`gross`, :func:`payroll_net`, :func:`payroll_gross`, :func:`roster`,
:func:`paygap`, :func:`month`, :func:`diff`, :func:`criteria`, :func:`load_grid`,
:func:`framework_files`, :func:`export_grid`, :func:`load_competencies`, their result types and the
errors the CLI maps to exit codes. The names are resolved on first use (from :mod:`salesgrid.api`
and :mod:`salesgrid.errors`), so ``import salesgrid`` alone, which the command line does for
``__version__``, loads nothing else. Every other module is internal.
"""

__version__ = "0.1.0"

__all__ = [
    "CellChange",
    "CompetenciesFile",
    "DataFileError",
    "DataWarning",
    "DiffCost",
    "GridDiff",
    "GridFile",
    "Landing",
    "LevelCost",
    "Location",
    "Move",
    "NotFoundError",
    "Pay",
    "Payroll",
    "Problem",
    "Promotion",
    "ReviewWarning",
    "RowRejected",
    "RuleResult",
    "SalesgridError",
    "UsageError",
    "__version__",
    "criteria",
    "diff",
    "export_grid",
    "framework_files",
    "gross",
    "load_competencies",
    "load_grid",
    "locate",
    "month",
    "net",
    "pay",
    "paygap",
    "payroll_gross",
    "payroll_net",
    "promote",
    "roster",
]

#: Where each lazily resolved name lives.
_HOMES = {
    **dict.fromkeys(
        ("SalesgridError", "UsageError", "NotFoundError", "DataFileError", "Problem"),
        "salesgrid.errors",
    ),
    "GridFile": "salesgrid.core.models",
    "CompetenciesFile": "salesgrid.core.competencies",
}

TYPE_CHECKING = False
if TYPE_CHECKING:
    from salesgrid.api import CellChange as CellChange
    from salesgrid.api import DataWarning as DataWarning
    from salesgrid.api import DiffCost as DiffCost
    from salesgrid.api import GridDiff as GridDiff
    from salesgrid.api import Landing as Landing
    from salesgrid.api import LevelCost as LevelCost
    from salesgrid.api import Location as Location
    from salesgrid.api import Move as Move
    from salesgrid.api import Pay as Pay
    from salesgrid.api import Payroll as Payroll
    from salesgrid.api import Promotion as Promotion
    from salesgrid.api import ReviewWarning as ReviewWarning
    from salesgrid.api import RowRejected as RowRejected
    from salesgrid.api import RuleResult as RuleResult
    from salesgrid.api import criteria as criteria
    from salesgrid.api import diff as diff
    from salesgrid.api import export_grid as export_grid
    from salesgrid.api import framework_files as framework_files
    from salesgrid.api import gross as gross
    from salesgrid.api import load_competencies as load_competencies
    from salesgrid.api import load_grid as load_grid
    from salesgrid.api import locate as locate
    from salesgrid.api import month as month
    from salesgrid.api import net as net
    from salesgrid.api import pay as pay
    from salesgrid.api import paygap as paygap
    from salesgrid.api import payroll_gross as payroll_gross
    from salesgrid.api import payroll_net as payroll_net
    from salesgrid.api import promote as promote
    from salesgrid.api import roster as roster
    from salesgrid.core.competencies import CompetenciesFile as CompetenciesFile
    from salesgrid.core.models import GridFile as GridFile
    from salesgrid.errors import DataFileError as DataFileError
    from salesgrid.errors import NotFoundError as NotFoundError
    from salesgrid.errors import Problem as Problem
    from salesgrid.errors import SalesgridError as SalesgridError
    from salesgrid.errors import UsageError as UsageError
else:

    def __getattr__(name):
        """Resolve a public name on first use (PEP 562) and keep it."""
        if name not in __all__:
            raise AttributeError(f"module 'salesgrid' has no attribute {name!r}")
        # only when a public name is first used: `import salesgrid` alone loads nothing
        import importlib

        value = getattr(importlib.import_module(_HOMES.get(name, "salesgrid.api")), name)
        globals()[name] = value
        return value

    def __dir__():
        return sorted({*globals(), *__all__})
