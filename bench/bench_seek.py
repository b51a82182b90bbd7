"""Playback on a wall: how fast every tile shows a new moment, and what it shows meanwhile.

Under a private Xvfb, camsim serves 16 cameras (main 1920x1080 at 15 fps, a keyframe
every 2 s, as many city cameras send), the server records them, and Pantau's
ClientShell runs in this process (QT_QPA_PLATFORM=xcb). Once every camera has a minute
of recording, for a 2x2 and a 4x4 wall:

- seek: a click on the timeline (the timeline's seek_requested, as a click emits it)
  to a moment 15-50 s back; the time until every tile paints a picture recorded within
  a second of that moment (all tiles: p50/p95 over the trials; and each tile's own);
- freeze: K on a live wall; the time until every tile shows a still picture;
- blackouts: how often, during those changes, a tile that had a picture painted none
  (a black tile), read from what the tiles paint at each display tick;
- label lag: from the key to the GUI thread running its next event (the speed and
  state labels repaint then): the GUI thread's responsiveness during the change;
- the peer: ffplay opening the same playback URLs (one process per tile, as many at
  once as the wall has tiles), the time from its start to its first decoded picture
  (ffplay's showinfo filter logs it).

    .venv/bin/python -m bench.bench_seek [--trials 8] [--out FILE]
"""

from __future__ import annotations

import argparse
import json
import os
import random
import re
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

from bench.bench_wall import _pct

REPO = Path(__file__).resolve().parent.parent
CAMERAS = 16
FPS = 15
GOP = 30
RECORDED_S = 60  # every camera has this much before the trials start
TRIAL_TIMEOUT_S = 20.0
_NEAR_S = 1.0  # a picture recorded this close to the moment asked for shows it
_STILL_S = 1.5  # a picture unchanged this long is a frozen one


def _summary(values: list[float]) -> dict:
    if not values:
        return {"n": 0}
    return {"n": len(values), "p50": round(statistics.median(values), 3),
            "p95": round(_pct(values, 0.95), 3), "max": round(max(values), 3)}


class _Client:
    def __init__(self, server_url: str, camera_ids: list[str]) -> None:
        from PySide6.QtCore import QEventLoop
        from PySide6.QtWidgets import QApplication

        from app.config import ClientConfig
        from app.wall import Layout
        from ui.shell.shell import ClientShell

        self.app = QApplication.instance() or QApplication(sys.argv[:1])
        self._flags = QEventLoop.ProcessEventsFlag.AllEvents
        config = ClientConfig(server_url=server_url, username="operator",
                              password="pantau-demo", layout=Layout.L4X4, cameras=[],
                              language="en")
        self.shell = shell = ClientShell(config)
        shell.start()
        deadline = time.monotonic() + 60
        while shell.main_window is None or not shell.services.cameras.cameras():
            self.pump(0.2)
            if time.monotonic() > deadline:
                raise RuntimeError("the client did not log in and load the catalog")
        self.window = shell.main_window
        self.window.showMaximized()
        self.wall = shell.services.wall
        self.camera_ids = camera_ids

    def pump(self, seconds: float, until=None) -> bool:
        end = time.monotonic() + seconds
        while time.monotonic() < end:
            self.app.processEvents(self._flags, 10)
            if until is not None and until():
                return True
            time.sleep(0.002)
        return until is not None and until()

    def show(self, layout, count: int) -> None:
        self.window.all_live()
        self.wall.set_layout(layout)
        for index, camera_id in enumerate(self.camera_ids[:count]):
            self.wall.assign(index, camera_id)
        if not self.pump(60, lambda: all(t.shown_frame() is not None for t in self.tiles())):
            raise RuntimeError("the wall did not go live")

    def tiles(self):
        return [t for t in self.window.wall_widget.tiles() if t.camera_id]

    def gui_lag(self) -> float:
        """From now to the GUI thread's next event (what a label's repaint waits for)."""
        from PySide6.QtCore import QTimer

        asked, ran = time.monotonic(), []
        QTimer.singleShot(0, lambda: ran.append(time.monotonic()))
        self.pump(10, lambda: bool(ran))
        return ran[0] - asked if ran else 10.0

    def change(self, act, shows_it) -> dict:
        """Run ``act`` (a key, a click); then, at each turn of the event loop, look at
        what each tile paints until every one shows it (``shows_it(tile)``)."""
        tiles = self.tiles()
        had = {t.tile_index for t in tiles if t.shown_frame() is not None}
        done: dict[int, float] = {}
        blackouts: set[int] = set()
        from PySide6.QtCore import QTimer

        opened: list[float] = []

        def on_opened(*_args) -> None:
            opened.append(time.monotonic() - t0)

        playback = self.shell.services.playback
        playback.opened.connect(on_opened)
        t0 = time.monotonic()
        ran: list[float] = []
        act()
        QTimer.singleShot(0, lambda: ran.append(time.monotonic()))

        def look() -> bool:
            now = time.monotonic() - t0
            for tile in tiles:
                if tile.shown_frame() is None and tile.tile_index in had:
                    blackouts.add(tile.tile_index)
                if tile.tile_index not in done and shows_it(tile):
                    done[tile.tile_index] = now
            return len(done) == len(tiles) and bool(ran)

        self.pump(TRIAL_TIMEOUT_S, look)
        playback.opened.disconnect(on_opened)
        return {"all_s": max(done.values()) if len(done) == len(tiles) else None,
                "opened_s": max(opened) if len(opened) >= len(tiles) else None,
                "tiles_s": list(done.values()), "missing": len(tiles) - len(done),
                "blackouts": len(blackouts),
                "gui_lag_s": (ran[0] - t0) if ran else None}


def _near(moment: float):
    def shows(tile) -> bool:
        frame = tile.shown_frame()
        return frame is not None and frame.at_s is not None and abs(frame.at_s - moment) <= _NEAR_S
    return shows


def seek_trials(client: _Client, trials: int, rng: random.Random) -> dict:
    results = []
    for _ in range(trials):
        back = rng.uniform(15, 50)
        target = datetime.now(UTC) - timedelta(seconds=back)
        moment = target.timestamp()

        def click(at=target) -> None:
            client.window.timeline.seek_requested.emit(at)

        # The clock runs on at 1x while the tiles catch up: the moment shown moves on.
        started = time.monotonic()

        def shows(tile, moment=moment, started=started):
            return _near(moment + (time.monotonic() - started))(tile)

        results.append(client.change(click, shows))
        client.pump(1.5)  # playing: the next click comes from a wall that plays
    return _trial_summary(results)


def freeze_trials(client: _Client, trials: int, layout, count: int) -> dict:
    """K on a live wall: when did each tile's picture stop changing for good (a live
    tile changes 15 times a second; a frozen one keeps its picture for _STILL_S)?"""
    results = []
    for _ in range(trials):
        client.show(layout, count)
        client.pump(2)
        t0 = time.monotonic()
        seen: dict[int, tuple[object, float]] = {}  # tile -> (frame, since when, from t0)

        def still(tile, seen=seen, t0=t0) -> bool:
            frame, now = tile.shown_frame(), time.monotonic() - t0
            if frame is None:
                seen.pop(tile.tile_index, None)
                return False
            last = seen.get(tile.tile_index)
            if last is None or last[0] is not frame:
                seen[tile.tile_index] = (frame, now)
                return False
            return now - last[1] >= _STILL_S

        result = client.change(client.window.transport.toggle_paused, still)
        # The time of the last change of each tile, not the time it was seen still.
        result["tiles_s"] = [seen[t.tile_index][1] for t in client.tiles()
                             if t.tile_index in seen]
        if result["all_s"] is not None:
            result["all_s"] = max(result["tiles_s"])
        results.append(result)
    return _trial_summary(results)


def _trial_summary(results: list[dict]) -> dict:
    return {"trials": len(results),
            "all_tiles_s": _summary([r["all_s"] for r in results if r["all_s"] is not None]),
            "timed_out": sum(r["all_s"] is None for r in results),
            "each_tile_s": _summary([t for r in results for t in r["tiles_s"]]),
            # From the change to the last tile's stream handed to its engine (the
            # server's answer where the recording is): the rest is the engines'.
            "all_streams_asked_s": _summary([r["opened_s"] for r in results
                                             if r["opened_s"] is not None]),
            "tiles_blacked_out": sum(r["blackouts"] for r in results),
            "gui_lag_s": _summary([r["gui_lag_s"] for r in results
                                   if r["gui_lag_s"] is not None])}


_SHOWINFO = re.compile(rb"showinfo.*n:\s*0\b")


def _ffplay_first_frames(urls: list[str], headers: str) -> list[float]:
    """Start one ffplay per URL at once; each one's time to its first decoded picture."""
    procs = []
    t0 = time.monotonic()
    for url in urls:
        procs.append(subprocess.Popen(
            ["ffplay", "-hide_banner", "-loglevel", "info", "-autoexit", "-an",
             "-x", "320", "-y", "180", "-headers", headers, "-vf", "showinfo", url],
            stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE))
    firsts: list[float] = []
    lock = threading.Lock()

    def watch(proc) -> None:
        for line in proc.stderr:
            if _SHOWINFO.search(line):
                with lock:
                    firsts.append(time.monotonic() - t0)
                break

    watchers = [threading.Thread(target=watch, args=(p,), daemon=True) for p in procs]
    for w in watchers:
        w.start()
    for w in watchers:
        w.join(TRIAL_TIMEOUT_S)
    for proc in procs:
        proc.kill()
    for proc in procs:
        proc.wait(timeout=10)
    return firsts


def peer_trials(client: _Client, count: int, trials: int, rng: random.Random) -> dict:
    api = client.shell.services.session.api
    headers = "".join(f"{k}: {v}\r\n" for k, v in api.auth_headers().items())
    alls, each = [], []
    for _ in range(trials):
        start = datetime.now(UTC) - timedelta(seconds=rng.uniform(15, 50))
        urls = [api.playback_url(c, start, start + timedelta(minutes=10), real_time=True)
                for c in client.camera_ids[:count]]
        firsts = _ffplay_first_frames(urls, headers)
        each += firsts
        if len(firsts) == count:
            alls.append(max(firsts))
    return {"trials": trials, "all_tiles_s": _summary(alls), "each_tile_s": _summary(each)}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--trials", type=int, default=8)
    parser.add_argument("--peer-trials", type=int, default=3)
    parser.add_argument("--out", type=Path, default=REPO / "var" / "bench" / "seek.json")
    parser.add_argument("--screenshot", type=Path, help="the 4x4 wall after its last seek")
    parser.add_argument("--layouts", default="2x2,4x4", help="which walls, e.g. 4x4")
    args = parser.parse_args(argv)
    sys.path.insert(0, str(REPO))
    from app.wall import Layout
    from tests.support.camsim_fleet import run_camsim
    from tests.support.server_proc import run_server
    from tests.support.xvfb import start_xvfb

    xvfb = start_xvfb([(1920, 1080)])
    os.environ["DISPLAY"] = xvfb.display
    os.environ["QT_QPA_PLATFORM"] = "xcb"
    tmp = Path(tempfile.mkdtemp(prefix="bench-seek-"))
    os.environ["PANTAU_CONFIG_DIR"] = str(tmp / "config")
    os.environ["PANTAU_LOG_DIR"] = str(tmp / "log")
    rng = random.Random(14)
    result: dict = {"cameras": CAMERAS, "fps": FPS, "gop": GOP, "recorded": "main 1920x1080"}
    try:
        with run_camsim(tmp, cameras=CAMERAS, ptz=0, fps=FPS, gop=GOP) as fleet, \
                run_server(tmp, camsim_url=fleet.control_url) as server:
            ids = fleet.camera_ids[:CAMERAS]
            client = _Client(server.url, ids)
            client.show(Layout.L4X4, CAMERAS)  # the live wall while the recorder fills
            client.pump(RECORDED_S)
            walls = (("2x2", Layout.L2X2, 4), ("4x4", Layout.L4X4, 16))
            for name, layout, count in walls:
                if name not in args.layouts.split(","):
                    continue
                client.show(layout, count)
                result[name] = {
                    "seek": seek_trials(client, args.trials, rng),
                    "freeze_from_live": freeze_trials(client, max(2, args.trials // 2),
                                                      layout, count),
                    "peer_ffplay_open": peer_trials(client, count, args.peer_trials, rng),
                }
                print(json.dumps({name: result[name]}, indent=2), flush=True)
            if args.screenshot is not None:
                args.screenshot.parent.mkdir(parents=True, exist_ok=True)
                client.window.grab().save(str(args.screenshot))
            client.window.close()
            client.pump(2)
    finally:
        xvfb.stop()
    print(json.dumps(result, indent=2))
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(result, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
