"""`python -m salesgrid` runs the command-line interface."""

from salesgrid.cli import main

main()
