"""Pre-encoded picture loops: encode once per distinct content, cache on disk, load.

A loop is keyed by every parameter that changes its bytes, so a second start with the
same fleet is instant and any change (fps, GOP, name, look) encodes afresh. Files are
written under a temporary name and renamed, so fleets started side by side (tests in
parallel) can share one cache directory.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import subprocess
import sys
import tempfile
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

from camsim import look
from camsim.catalog import Camera
from camsim.h264 import AccessUnit, split_access_units
from camsim.profiles import PROFILES

log = logging.getLogger(__name__)

# Bump when the rendering changes, so cached loops of the old look are not reused.
LOOK_VERSION = 1
LOOP_SECONDS = 4.0
_ENCODE_TIMEOUT_S = 300


@dataclass(frozen=True)
class Loop:
    """One profile's access units; index 0 is a keyframe, and so is every GOP start."""

    units: tuple[AccessUnit, ...]

    def __len__(self) -> int:
        return len(self.units)


def loop_frames(fps: int, gop: int, seconds: float = LOOP_SECONDS) -> int:
    """Whole GOPs only, so the loop wraps onto a keyframe."""
    return gop * max(1, round(seconds * fps / gop))


def encode_spec(camera: Camera, fps: int, gop: int) -> dict:
    main, sub = PROFILES["main"], PROFILES["sub"]
    return {
        "version": LOOK_VERSION,
        "frames": loop_frames(fps, gop),
        "width": main.width,
        "height": main.height,
        "sub_width": sub.width,
        "sub_height": sub.height,
        "fps": fps,
        "gop": gop,
        "title": camera.name,
        "subtitle": f"{camera.id}  {camera.kecamatan}, {camera.kota}",
        "background": look.background_argb(camera.index),
        "ball": look.ball_argb(camera.index),
        "motion": look.ball_motion(camera.index),
        "main_kbps": main.kbps,
        "sub_kbps": sub.kbps,
    }


def _cache_key(spec: dict) -> str:
    return hashlib.sha256(json.dumps(spec, sort_keys=True).encode()).hexdigest()[:24]


def _paths(cache_dir: Path, spec: dict) -> dict[str, Path]:
    folder = cache_dir / "loops" / _cache_key(spec)
    return {name: folder / f"{name}.h264" for name in PROFILES}


def _encode(cache_dir: Path, spec: dict) -> None:
    paths = _paths(cache_dir, spec)
    folder = paths["main"].parent
    folder.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(dir=folder, prefix=".enc-") as tmp:
        job = dict(spec, out_main=f"{tmp}/main.h264", out_sub=f"{tmp}/sub.h264")
        subprocess.run(
            [sys.executable, "-m", "camsim.encode", json.dumps(job)],
            check=True,
            timeout=_ENCODE_TIMEOUT_S,
            env=dict(os.environ, PYTHONPATH=str(Path(__file__).resolve().parent.parent)),
        )
        for name, final in paths.items():
            os.replace(f"{tmp}/{name}.h264", final)


def _is_cached(cache_dir: Path, spec: dict) -> bool:
    return all(p.is_file() and p.stat().st_size > 0 for p in _paths(cache_dir, spec).values())


def ensure_loops(
    cameras: list[Camera], fps: int, gop: int, cache_dir: Path, workers: int | None = None
) -> dict[str, dict[str, Loop]]:
    """camera id -> profile name -> loop, encoding whatever the cache lacks."""
    specs = {cam.id: encode_spec(cam, fps, gop) for cam in cameras}
    missing = [cid for cid, spec in specs.items() if not _is_cached(cache_dir, spec)]
    if missing:
        workers = workers or max(1, os.cpu_count() or 1)
        log.info("encoding %d camera loops with %d workers", len(missing), workers)
        with ThreadPoolExecutor(max_workers=workers) as pool:
            list(pool.map(lambda cid: _encode(cache_dir, specs[cid]), missing))
    return {cid: _load(cache_dir, spec) for cid, spec in specs.items()}


def _load(cache_dir: Path, spec: dict) -> dict[str, Loop]:
    loops = {}
    for name, path in _paths(cache_dir, spec).items():
        units = split_access_units(path.read_bytes())
        if not units or not units[0].keyframe:
            raise ValueError(f"loop {path} does not start with a keyframe")
        loops[name] = Loop(tuple(units))
    return loops


def default_cache_dir() -> Path:
    return Path(os.environ.get("XDG_CACHE_HOME", Path.home() / ".cache")) / "pantau-camsim"
