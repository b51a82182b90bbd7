"""End-to-end tier: a private Xvfb, Qt on its xcb platform, camsim and the server as
real peers. Run on its own (`pytest tests/e2e`, make test on two xdist workers: each
worker process starts its own Xvfb here): the other tiers use Qt offscreen."""

from __future__ import annotations

import os

import pytest

from tests.support.xvfb import start_xvfb

_XVFB = None


def pytest_configure(config: pytest.Config) -> None:
    global _XVFB
    # Before any QApplication exists: every Qt window of this run goes to this display.
    _XVFB = start_xvfb([(1920, 1080)])
    os.environ["DISPLAY"] = _XVFB.display
    os.environ["QT_QPA_PLATFORM"] = "xcb"


def pytest_unconfigure(config: pytest.Config) -> None:
    if _XVFB is not None:
        _XVFB.stop()


@pytest.fixture(scope="session")
def display() -> str:
    assert _XVFB is not None
    return _XVFB.display
