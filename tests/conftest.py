"""Shared test helpers: locating ../shared data, the seed article, the sample corpus."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from framing.datasets import data_dir, dataset_path

ROOT = Path(__file__).resolve().parents[1]
GOLDEN = ROOT / "tests" / "golden"


def need_dataset(name: str) -> Path:
    """Path of a shared dataset; skip the test when absent, fail when CI=true."""
    p = dataset_path(name)
    if not p.is_dir():
        msg = f"dataset {name!r} not found at {p} (set FRAMING_DATA)"
        if os.environ.get("CI") == "true":
            pytest.fail(msg)
        pytest.skip(msg)
    return p


def seed_dir() -> Path:
    p = data_dir().parent / "seed"
    if not p.is_dir():
        msg = f"seed article folder not found at {p}"
        if os.environ.get("CI") == "true":
            pytest.fail(msg)
        pytest.skip(msg)
    return p


@pytest.fixture(scope="session")
def seed_files() -> list[Path]:
    return sorted(seed_dir().glob("*.txt"))


@pytest.fixture(scope="session")
def seed_corpus(seed_files):
    from framing import load_corpus

    return load_corpus(seed_files)


@pytest.fixture(scope="session")
def sample_corpus():
    from framing import load_sample_corpus

    return load_sample_corpus()
