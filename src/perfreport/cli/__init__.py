"""The command line: a thin layer of click commands over the library."""

from perfreport.cli.main import main

__all__ = ["main"]
