"""The compendium reader: noisy Markdown extracted from the printed compendium → Document."""

from .reader import Parse, parse, parse_file

__all__ = ["Parse", "parse", "parse_file"]
