"""`python -m salesgrid` runs the command-line interface."""

from salesgrid.entry import main

main()
