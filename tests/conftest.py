"""Shared fixtures: the pipeline (models load once per test session) and the shared data."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

import svodka

SHARED = Path(os.environ.get("SVODKA_SHARED", Path(__file__).resolve().parents[1] / ".." / "shared"))
REQUIRE_SHARED = os.environ.get("SVODKA_REQUIRE_SHARED") == "1"


@pytest.fixture(scope="session")
def nlp() -> svodka.Pipeline:
    return svodka.default_pipeline()


@pytest.fixture(scope="session")
def shared() -> Path:
    """The ../shared folder; tests that need it skip without it (fail in CI)."""
    if not (SHARED / "spec" / "record.md").is_file():
        if REQUIRE_SHARED:
            pytest.fail(f"SVODKA_REQUIRE_SHARED=1 but no shared data at {SHARED}")
        pytest.skip(f"no shared data at {SHARED} (set SVODKA_SHARED)")
    return SHARED


def load_gold(path: Path) -> dict:
    return json.loads(path.read_text(encoding="utf-8"))
