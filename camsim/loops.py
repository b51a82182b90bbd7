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
from camsim.access_units import AccessUnit, split_access_units
from camsim.catalog import Camera
from camsim.profiles import Codec, Stream

log = logging.getLogger(__name__)

# Bump when the rendering changes, so cached loops of the old look are not reused.
LOOK_VERSION = 1
LOOP_SECONDS = 4.0
_ENCODE_TIMEOUT_S = 300


@dataclass(frozen=True)
class Loop:
    """One stream's access units; index 0 is a keyframe, and so is every GOP start."""

    codec: Codec
    units: tuple[AccessUnit, ...]

    def __len__(self) -> int:
        return len(self.units)


def loop_frames(fps: int, gop: int, seconds: float = LOOP_SECONDS) -> int:
    """Whole GOPs only, so the loop wraps onto a keyframe."""
    return gop * max(1, round(seconds * fps / gop))


def encode_spec(camera: Camera, fps: int, gop: int) -> dict:
    """Every parameter that changes the loop's bytes (the cache key)."""
    lineup = camera.lineup
    main, sub = lineup.spec(Stream.MAIN), lineup.spec(Stream.SUB)
    spec = {
        "version": LOOK_VERSION,
        "frames": loop_frames(fps, gop),
        "width": main.profile.width,
        "height": main.profile.height,
        "sub_width": sub.profile.width,
        "sub_height": sub.profile.height,
        "fps": fps,
        "gop": gop,
        "title": camera.name,
        "subtitle": f"{camera.id}  {camera.kecamatan}, {camera.kota}",
        "background": look.background_argb(camera.index),
        "ball": look.ball_argb(camera.index),
        "motion": look.ball_motion(camera.index),
        "main_kbps": main.profile.kbps,
        "sub_kbps": sub.profile.kbps,
    }
    # Keys only where a camera differs from the plain H.264 two-stream kind, so the
    # loops of plain cameras keep the cache key they had before H.265 and third
    # streams existed (no fleet-wide re-encode on a shared machine).
    if main.codec is not Codec.H264:
        spec["main_codec"] = main.codec.value
    if Stream.THIRD in lineup:
        third = lineup.spec(Stream.THIRD).profile
        spec.update(third_width=third.width, third_height=third.height, third_kbps=third.kbps)
    return spec


def _job(camera: Camera, spec: dict, folder: str) -> dict:
    """What the encoder child gets: the spec plus one output per stream."""
    streams = {}
    for stream_spec in camera.lineup.streams:
        profile = stream_spec.profile
        streams[profile.name] = {
            "codec": stream_spec.codec.value,
            "width": profile.width,
            "height": profile.height,
            "kbps": profile.kbps,
            "scale": profile.stream is not Stream.MAIN,  # the render is main-sized
            "out": f"{folder}/{_file_name(stream_spec.stream, stream_spec.codec)}",
        }
    return dict(spec, streams=streams)


def _file_name(stream: Stream, codec: Codec) -> str:
    return f"{stream.value}.{codec.value}"


def _cache_key(spec: dict) -> str:
    return hashlib.sha256(json.dumps(spec, sort_keys=True).encode()).hexdigest()[:24]


def _paths(cache_dir: Path, camera: Camera, spec: dict) -> dict[Stream, Path]:
    folder = cache_dir / "loops" / _cache_key(spec)
    return {s.stream: folder / _file_name(s.stream, s.codec) for s in camera.lineup.streams}


def _encode(cache_dir: Path, camera: Camera, spec: dict) -> None:
    paths = _paths(cache_dir, camera, spec)
    folder = paths[Stream.MAIN].parent
    folder.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(dir=folder, prefix=".enc-") as tmp:
        subprocess.run(
            [sys.executable, "-m", "camsim.encode", json.dumps(_job(camera, spec, tmp))],
            check=True,
            timeout=_ENCODE_TIMEOUT_S,
            env=dict(os.environ, PYTHONPATH=str(Path(__file__).resolve().parent.parent)),
        )
        for final in paths.values():
            os.replace(f"{tmp}/{final.name}", final)


def _is_cached(paths: dict[Stream, Path]) -> bool:
    return all(p.is_file() and p.stat().st_size > 0 for p in paths.values())


def ensure_loops(
    cameras: list[Camera], fps: int, gop: int, cache_dir: Path, workers: int | None = None
) -> dict[str, dict[Stream, Loop]]:
    """camera id -> stream -> loop, encoding whatever the cache lacks."""
    by_id = {cam.id: cam for cam in cameras}
    specs = {cam.id: encode_spec(cam, fps, gop) for cam in cameras}
    paths = {cid: _paths(cache_dir, by_id[cid], spec) for cid, spec in specs.items()}
    missing = [cid for cid in specs if not _is_cached(paths[cid])]
    if missing:
        workers = workers or max(1, os.cpu_count() or 1)
        log.info("encoding %d camera loops with %d workers", len(missing), workers)
        with ThreadPoolExecutor(max_workers=workers) as pool:
            list(pool.map(lambda cid: _encode(cache_dir, by_id[cid], specs[cid]), missing))
    return {cid: _load(by_id[cid], paths[cid]) for cid in specs}


def _load(camera: Camera, paths: dict[Stream, Path]) -> dict[Stream, Loop]:
    loops = {}
    for stream, path in paths.items():
        codec = camera.lineup.spec(stream).codec
        units = split_access_units(path.read_bytes(), codec)
        if not units or not units[0].keyframe:
            raise ValueError(f"loop {path} does not start with a keyframe")
        loops[stream] = Loop(codec, tuple(units))
    return loops


def default_cache_dir() -> Path:
    return Path(os.environ.get("XDG_CACHE_HOME", Path.home() / ".cache")) / "pantau-camsim"
