"""One shared fleet for the camsim tests; each test uses its own camera when it injects
faults, and puts the camera back online afterwards."""

from __future__ import annotations

import pytest

from tests.support.camsim_fleet import run_camsim


@pytest.fixture(scope="package")
def fleet(tmp_path_factory):
    with run_camsim(tmp_path_factory.mktemp("camsim"), cameras=6, ptz=1, fps=15) as running:
        yield running
