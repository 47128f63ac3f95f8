"""The console-script entry point: signal handlers first, then the command line.

Installed before anything heavy is imported, so that Ctrl-C, SIGTERM or SIGHUP during start-up
ends like at any other moment (see :mod:`salesgrid.signals`): one line on stderr, temporary
files removed, exit 128 + signal, never a traceback.
"""

from salesgrid import signals


def main() -> None:
    """Run ``salesgrid``; the process exit code is the command's."""
    signals.install()
    # after the handlers: a signal during the imports ends the run as the signal says
    from salesgrid.cli.root import main as run

    run()
