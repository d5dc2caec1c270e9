"""The entry points of one group, read from the installed distributions' ``entry_points.txt``.

:func:`importlib.metadata.entry_points` is the standard reader, but importing
:mod:`importlib.metadata` costs 40–60 ms here (it imports email, zipfile, csv and
importlib.resources), a tenth of converting the seed to one format; every command pays it, since
the formats are found through entry points. The registry needs only what the PyPA entry points
specification defines: an INI-like file, ``entry_points.txt``, in each ``.dist-info`` (or legacy
``.egg-info``) directory on :data:`sys.path`, which is where pip installs every package, editable
installs included. This module reads those files by importlib.metadata's rules (one distribution
of a name: the first on the path; lines stripped, ``#`` comments, ``name = value`` split at the
first ``=``), except that a line without ``=`` is skipped rather than failing every lookup.
Places it does not read (zip files, ``.egg`` directories, other finders) are left to
importlib.metadata, asked when no distribution here declares the group at all: digestconv itself
declares it, so that happens only in such layouts. ``tests/test_plugin.py`` checks that both
readers find the same entry points.
"""

from __future__ import annotations

import importlib
import os
import re
import sys
from typing import Any, NamedTuple

# ``name-version….dist-info``: the name is everything before the first ``-``.
_METADATA_DIR = re.compile(r"(?P<name>[^-]+)(?:-.*)?\.(?:dist|egg)-info", re.IGNORECASE)
_NAME_SEPARATORS = re.compile(r"[-_.]+")  # names compare with runs of these alike (PEP 503)
# The specification's object reference, ``module.path:object.attr [extra]``, as importlib.metadata parses it.
_REFERENCE = re.compile(r"(?P<module>[\w.]+)\s*(?::\s*(?P<attr>[\w.]+)\s*)?(?:\[.*\]\s*)?$")


class EntryPoint(NamedTuple):
    name: str
    value: str  # the object reference

    def load(self) -> Any:
        """The object the reference names (its module imported)."""
        match = _REFERENCE.match(self.value)
        if not match:
            raise ValueError(f"not an object reference: {self.value!r}")
        found: Any = importlib.import_module(match["module"])
        for attribute in filter(None, (match["attr"] or "").split(".")):
            found = getattr(found, attribute)
        return found


def entry_points(group: str) -> list[EntryPoint]:
    """The entry points of ``group`` declared by the distributions installed on :data:`sys.path`."""
    found: list[EntryPoint] = []
    seen: set[str] = set()
    for directory in sys.path:
        if not isinstance(directory, str):
            continue
        try:
            # Sorted, for the same answer everywhere: with two versions of a name in one
            # directory, importlib.metadata takes the first the file system lists.
            names = sorted(os.listdir(directory or "."))
        except OSError:  # not a directory (a zip file), or gone
            continue
        for name in names:
            match = _METADATA_DIR.fullmatch(name)
            if not match:
                continue
            project = _NAME_SEPARATORS.sub("_", match["name"]).lower()
            if project in seen:
                continue
            seen.add(project)
            found += _declared(os.path.join(directory or ".", name, "entry_points.txt"), group)
    return found or _standard(group)


def _declared(path: str, group: str) -> list[EntryPoint]:
    try:
        with open(path, encoding="utf-8") as file:
            lines = file.read().splitlines()
    except (OSError, UnicodeDecodeError):  # no entry points, or a broken distribution: none
        return []
    found: list[EntryPoint] = []
    section = None
    for line in map(str.strip, lines):
        if not line or line.startswith("#"):
            continue
        if line.startswith("[") and line.endswith("]"):
            section = line.strip("[]")
        elif section == group:
            name, equals, value = line.partition("=")
            if equals:
                found.append(EntryPoint(name.strip(), value.strip()))
    return found


def _standard(group: str) -> list[EntryPoint]:
    from importlib.metadata import entry_points as standard

    return [EntryPoint(entry.name, entry.value) for entry in standard(group=group)]
