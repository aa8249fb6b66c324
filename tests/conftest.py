"""Shared fixtures: paths to the repo, the examples and the measurement data."""

from __future__ import annotations

from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
EXAMPLES = REPO / "examples"
SHARED_DATA = REPO.parent / "shared" / "data"
SEED = SHARED_DATA / "seed" / "article-2024-08-28.txt"


@pytest.fixture(scope="session")
def seed_path() -> Path:
    if not SEED.exists():
        pytest.skip(f"seed article not found at {SEED} (../shared/data is absent outside the project setup)")
    return SEED


@pytest.fixture(scope="session")
def shared_data() -> Path:
    if not SHARED_DATA.exists():
        pytest.skip(f"measurement data not found at {SHARED_DATA} (../shared/data is absent)")
    return SHARED_DATA
