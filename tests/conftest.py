from __future__ import annotations

import json
from pathlib import Path

import pytest

from digestconv.compendium import Parse, parse_file

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "examples" / "compendium-2024.md"
TRUTH = Path(__file__).resolve().parent / "data" / "seed_truth.json"


@pytest.fixture(scope="session")
def seed_text() -> str:
    return SEED.read_text(encoding="utf-8")


@pytest.fixture(scope="session")
def seed_parse() -> Parse:
    return parse_file(SEED)


@pytest.fixture(scope="session")
def truth() -> dict:
    """The seed's structure as read by a person, line by line (not produced by this program)."""
    return json.loads(TRUTH.read_text(encoding="utf-8"))
