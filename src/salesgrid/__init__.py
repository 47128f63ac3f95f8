"""salesgrid: salary and progression calculator for LUNR's management frameworks."""

__version__ = "0.1.0"
