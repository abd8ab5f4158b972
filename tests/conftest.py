"""Fixtures the tests share. Model ids they share are in ``seed.py``."""

from __future__ import annotations

import pytest

from analysis.catalog import load


@pytest.fixture(scope="session")
def catalog():
    """The project's catalog (data/catalog), loaded once per test session; never modify it."""
    return load()
