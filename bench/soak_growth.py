"""What the soak samples and how it judges growth. No Qt, no peers: /proc and arithmetic.

A process is measured with its descendants (the client's decoder processes are its
children): RSS summed (MB), threads summed, open descriptors summed.

Growth is judged on the second half of the run only (the first half is warm-up: caches,
pools and the first faults' buffers fill there), separately for client and server:
- RSS: the least-squares slope of the second half's samples, in MB per hour, must not
  exceed ``max_rss_mb_per_h``;
- threads and descriptors: a fault makes short spikes (a reconnect opens a socket
  before the old one is closed), so a single high sample proves nothing; a leak makes
  the level climb with every fault. The median of the last three samples must not
  exceed the highest sample of the first half by more than ``fd_margin`` /
  ``thread_margin``.
"""

from __future__ import annotations

import os
import statistics
from dataclasses import dataclass
from pathlib import Path

PAGE_MB = os.sysconf("SC_PAGE_SIZE") / 2**20


@dataclass(frozen=True)
class Usage:
    rss_mb: float
    threads: int
    fds: int
    processes: int


def _children(pid: int) -> list[int]:
    kids: list[int] = []
    task_dir = Path(f"/proc/{pid}/task")
    try:
        tasks = list(task_dir.iterdir())
    except OSError:
        return kids
    for task in tasks:
        try:
            kids += [int(p) for p in (task / "children").read_text().split()]
        except OSError:
            continue
    return kids


def tree(pid: int) -> list[int]:
    """``pid`` and every descendant alive now."""
    seen, todo = [], [pid]
    while todo:
        current = todo.pop()
        if current in seen:
            continue
        seen.append(current)
        todo += _children(current)
    return seen


def usage(pid: int) -> Usage:
    rss, threads, fds, count = 0.0, 0, 0, 0
    for member in tree(pid):
        try:
            status = Path(f"/proc/{member}/status").read_text()
            open_fds = len(os.listdir(f"/proc/{member}/fd"))
        except OSError:
            continue  # it ended between the listing and the read
        fields = dict(line.split(":", 1) for line in status.splitlines() if ":" in line)
        rss += int(fields.get("VmRSS", "0 kB").split()[0]) / 1024
        threads += int(fields.get("Threads", "0"))
        fds += open_fds
        count += 1
    return Usage(round(rss, 1), threads, fds, count)


def slope_per_hour(times_s: list[float], values: list[float]) -> float:
    """Least-squares slope of values against time, per hour (0 with under 3 points)."""
    if len(values) < 3:
        return 0.0
    mt, mv = statistics.fmean(times_s), statistics.fmean(values)
    var = sum((t - mt) ** 2 for t in times_s)
    if var == 0:
        return 0.0
    return sum((t - mt) * (v - mv) for t, v in zip(times_s, values, strict=True)) / var * 3600


@dataclass(frozen=True)
class Verdict:
    what: str
    ok: bool
    detail: str


def judge(name: str, times_s: list[float], samples: list[Usage], max_rss_mb_per_h: float,
          fd_margin: int, thread_margin: int) -> list[Verdict]:
    half = len(samples) // 2
    if half < 2:
        return [Verdict(f"{name}", False, f"only {len(samples)} samples: run longer")]
    first, second = samples[:half], samples[half:]
    slope = slope_per_hour(times_s[half:], [s.rss_mb for s in second])
    verdicts = [Verdict(f"{name} RSS", slope <= max_rss_mb_per_h,
                        f"slope over the second half {slope:+.1f} MB/h "
                        f"(limit {max_rss_mb_per_h:g}); {first[0].rss_mb:.0f} -> "
                        f"{samples[-1].rss_mb:.0f} MB")]
    for label, attr, margin in (("threads", "threads", thread_margin),
                                ("descriptors", "fds", fd_margin)):
        peak = max(getattr(s, attr) for s in first)
        end = statistics.median(getattr(s, attr) for s in samples[-3:])
        verdicts.append(Verdict(f"{name} {label}", end <= peak + margin,
                                f"end (median of last 3) {end:g}, first-half peak {peak}, "
                                f"margin {margin}"))
    return verdicts


def curve(values: list[float], width: int = 40) -> list[str]:
    """One bar per sample, scaled between the run's lowest and highest value."""
    lo, hi = min(values), max(values)
    span = (hi - lo) or 1.0
    return ["#" * (1 + round((v - lo) / span * (width - 1))) for v in values]
