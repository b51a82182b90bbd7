"""The timeline while it is dragged, with a month of recordings, beside a naive peer.

Both paint the same 1600x64 timeline into an image with QPainter: 10,000 recorded spans
over 30 days (short gaps between them, as a camera that drops now and then) and 500
bookmarks. Pantau's painter (ui.timeline.widget.paint_timeline) finds the visible spans
by bisection and merges those closer than a pixel; the peer draws every span and every
bookmark at its pixel position and lets Qt clip. Each side paints 60 frames of a drag
at each zoom (30 days, 1 day, 1 hour, 1 minute on screen). Per-frame paint time in ms:
p50 / p95 / max, and the peer's p95 over Pantau's. Target: under 16 ms (a 60 Hz frame).

    .venv/bin/python -m bench.bench_timeline [--frames 60] [--out var/bench/timeline.json]
"""

from __future__ import annotations

import argparse
import json
import os
import random
import statistics
import sys
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QRectF  # noqa: E402
from PySide6.QtGui import QImage, QPainter  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402

from app.timeline import Mark, TimelineModel  # noqa: E402
from ui.timeline.widget import (  # noqa: E402
    GAP_COLOUR,
    MARK_COLOUR,
    SPAN_COLOUR,
    paint_timeline,
)

REPO = Path(__file__).resolve().parent.parent
WIDTH, HEIGHT = 1600, 64
ZOOMS = {"30 days": timedelta(days=30), "1 day": timedelta(days=1),
         "1 hour": timedelta(hours=1), "1 minute": timedelta(minutes=1)}


def month_of_recordings(now: datetime, spans: int = 10_000, marks: int = 500):
    rng = random.Random(4)
    start = now - timedelta(days=30)
    step = timedelta(days=30) / spans
    out = []
    for i in range(spans):
        s = start + step * i
        out.append((s, s + step * rng.uniform(0.6, 0.95)))
    bookmarks = []
    for i in range(marks):
        at = start + timedelta(days=30) * rng.random()
        bookmarks.append(Mark(i, at - timedelta(seconds=10), at + timedelta(seconds=20),
                              f"bookmark {i}", protected=i % 7 == 0))
    return out, bookmarks


def paint_naive(painter: QPainter, model: TimelineModel, spans, marks) -> None:
    """The peer: every span and bookmark, no culling, no merging."""
    band_top, band_height = 22, HEIGHT - 30
    painter.fillRect(0, 0, WIDTH, HEIGHT, GAP_COLOUR)
    for s, e in spans:
        x0, x1 = model.x_of(s), model.x_of(e)
        painter.fillRect(QRectF(x0, band_top, max(1.0, x1 - x0), band_height), SPAN_COLOUR)
    for mark in marks:
        x0, x1 = model.x_of(mark.start), model.x_of(mark.end)
        painter.fillRect(QRectF(x0, band_top - 6, max(3.0, x1 - x0), 5), MARK_COLOUR)
    for tick in model.ticks():
        painter.drawText(int(tick.x) + 3, 14, tick.label)


def measure(paint, model: TimelineModel, frames: int) -> list[float]:
    image = QImage(WIDTH, HEIGHT, QImage.Format.Format_RGB32)
    times = []
    for i in range(frames):
        model.pan_px(7 if i % 2 else -5)  # a drag back and forth
        started = time.perf_counter()
        painter = QPainter(image)
        paint(painter, model)
        painter.end()
        times.append((time.perf_counter() - started) * 1000)
    return times


def summary(times: list[float]) -> dict:
    ordered = sorted(times)
    return {"p50_ms": round(statistics.median(ordered), 3),
            "p95_ms": round(ordered[int(len(ordered) * 0.95) - 1], 3),
            "max_ms": round(ordered[-1], 3)}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--frames", type=int, default=60)
    parser.add_argument("--out", type=Path, default=REPO / "var" / "bench" / "timeline.json")
    args = parser.parse_args(argv)
    app = QApplication.instance() or QApplication([])
    now = datetime(2026, 11, 22, 5, 0, tzinfo=UTC)
    spans, marks = month_of_recordings(now)
    font = app.font()
    results = {}
    for name, visible in ZOOMS.items():
        row = {}
        for side in ("pantau", "peer"):
            model = TimelineModel(now, WIDTH, visible)
            model.end = now - timedelta(days=3) if visible < timedelta(days=30) else now
            model.set_spans(spans)
            model.set_marks(marks)
            model.position = model.end - visible / 3
            if side == "pantau":
                def paint(p, m):
                    paint_timeline(p, m, WIDTH, HEIGHT, now, font)
            else:
                def paint(p, m):
                    paint_naive(p, m, spans, marks)
            measure(paint, model, 5)  # warm-up
            row[side] = summary(measure(paint, model, args.frames))
        row["peer_p95_over_pantau_p95"] = round(
            row["peer"]["p95_ms"] / max(row["pantau"]["p95_ms"], 1e-6), 1)
        results[name] = row
        print(f"{name:>9}: pantau p50 {row['pantau']['p50_ms']:.2f} p95 "
              f"{row['pantau']['p95_ms']:.2f} max {row['pantau']['max_ms']:.2f} ms | peer p50 "
              f"{row['peer']['p50_ms']:.2f} p95 {row['peer']['p95_ms']:.2f} ms | peer/pantau "
              f"{row['peer_p95_over_pantau_p95']}x", flush=True)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps({"spans": len(spans), "bookmarks": len(marks),
                                    "width": WIDTH, "frames": args.frames,
                                    "zooms": results}, indent=2))
    worst = max(r["pantau"]["p95_ms"] for r in results.values())
    print(f"worst Pantau p95: {worst:.2f} ms (target < 16 ms)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
