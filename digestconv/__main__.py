"""``python -m digestconv``: the command line."""

from .cli import run

run()
