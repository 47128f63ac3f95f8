"""Net to gross, in-process: the closed form against the cent-by-cent search it replaced.

Times, on ``--nets`` distinct random nets (each new to the caches) in a month of each currency,
interleaved over ``--repeat`` rounds (medians, microseconds a call):

* the former search (tests/grossref.py ``reference_gross_for``: about 3 ``net_of`` a call);
* ``gross_for``: the closed form and the breakdown (one ``net_of``);
* ``gross_amount``: the closed form alone, the gross (what the pay-gap report needs);
* ``gross_for`` again on the same nets in another month of the same period (kept: a look-up).

A measurement, not a test: it never fails on the numbers.

    python benchmarks/grossup.py                  # 2,000 nets, 3 rounds
    python benchmarks/grossup.py --nets 20000 --repeat 1
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import time
from collections.abc import Callable
from decimal import Decimal
from functools import partial
from pathlib import Path

from salesgrid.core.payroll import gross_amount, gross_for
from salesgrid.files.loader import load_payroll

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))
from grossref import reference_gross_for  # the tests' reference, beside them


def per_call(work: Callable[[Decimal], object], nets: list[Decimal]) -> float:
    start = time.perf_counter()
    for net in nets:
        work(net)
    return (time.perf_counter() - start) / len(nets) * 1e6


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--nets", type=int, default=2000)
    parser.add_argument("--repeat", type=int, default=3, help="rounds; the median counts")
    args = parser.parse_args()
    data = load_payroll(None)
    rng = random.Random(21)
    for month, again, top in (("2025-05", "2025-06", 1_000_000), ("2026-03", "2026-04", 500_000)):
        times: dict[str, list[float]] = {}
        for _ in range(args.repeat):
            fresh = [[Decimal(rng.randint(1, top)) / 100 for _ in range(args.nets)]
                     for _ in range(3)]  # fmt: skip
            runs = {
                "former search": (partial(reference_gross_for, data, month), fresh[0]),
                "gross_for": (partial(gross_for, data, month), fresh[1]),
                "gross_amount": (partial(gross_amount, data, month), fresh[2]),
                "gross_for, kept (another month)": (partial(gross_for, data, again), fresh[1]),
            }
            for name, (work, nets) in runs.items():
                times.setdefault(name, []).append(per_call(work, nets))
        print(f"{month}, {args.nets:,} distinct nets, {args.repeat} rounds, median per call")
        base = statistics.median(times["former search"])
        for name, values in times.items():
            value = statistics.median(values)
            print(f"  {name:<34} {value:9.1f} us  {base / value:6.1f} x faster than the search")


if __name__ == "__main__":
    main()
