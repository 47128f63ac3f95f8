"""The progress bar of a long roster run, drawn on stderr at a terminal (rich, imported only
then)."""

from contextlib import contextmanager
from typing import Any


def roster_progress(rows: Any, binary: Any, size: int) -> Any:
    """Wrap a row source so that a rich progress bar is drawn on stderr while it is read (a
    source read in blocks goes on handing its blocks to the fast path)."""
    # on run only: --help and completion stay light
    from salesgrid.batch.rows import RowSource

    @contextmanager
    def bar() -> Any:
        # rich: only when a progress bar is drawn
        from rich.progress import BarColumn, Progress, TaskProgressColumn, TimeRemainingColumn

        from salesgrid.output.screen import stderr_console

        with Progress(
            "[progress.description]{task.description}", BarColumn(), TaskProgressColumn(),
            TimeRemainingColumn(), console=stderr_console(), transient=True,
        ) as progress:  # fmt: skip
            task = progress.add_task("roster", total=size)
            yield lambda: progress.update(task, completed=binary.tell())

    class Progressing(RowSource):
        blank_rows = getattr(rows, "blank_rows", False)
        read_columns = getattr(rows, "read_columns", None)  # told which columns are read

        def __iter__(self) -> Any:
            with bar() as update:
                for index, row in enumerate(rows):
                    if index % 16384 == 0:
                        update()
                    yield row

        def line_of(self, row: list[str]) -> int:
            return int(rows.line_of(row))

        def finish(self) -> None:
            if hasattr(rows, "finish"):
                rows.finish()

    class ProgressingBlocks(Progressing):
        delimiter = getattr(rows, "delimiter", ",")
        careful = getattr(rows, "careful", None)

        def segments(self) -> Any:
            with bar() as update:
                for segment in rows.segments():
                    update()
                    yield segment

    return ProgressingBlocks() if hasattr(rows, "segments") else Progressing()
