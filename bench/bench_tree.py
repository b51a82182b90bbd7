"""The camera tree with a whole city (30,418 cameras), beside the naive peer.

Pantau's tree (ui.cameras.tree: a lazy model over a precomputed search index) and the
peer (every area and camera a QStandardItem, filtered by a QSortFilterProxyModel with a
case-insensitive regular expression per word over each item's searchable text,
recursive filtering) get the same catalog in the same run, each in a shown QTreeView
(offscreen). Measured: loading the catalog (--loads times), expanding a kota and a
kecamatan, and each keystroke of typed searches (--repeat times), each until the view
has painted. p50/p95 in ms. Qt's one-time cost of the first paint of any tree view (its
fonts and style, over 100 ms) is paid by a throwaway view before either side, not by the
side that happens to run first.

    .venv/bin/python -m bench.bench_tree [--repeat 3] [--loads 20] [--out var/bench/tree.json]
"""

from __future__ import annotations

import argparse
import json
import os
import re
import statistics
import sys
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QRegularExpression, QSortFilterProxyModel, Qt  # noqa: E402
from PySide6.QtGui import QStandardItem, QStandardItemModel  # noqa: E402
from PySide6.QtWidgets import QApplication, QTreeView  # noqa: E402

from app import search  # noqa: E402
from app.api import parse  # noqa: E402
from server.city import generate  # noqa: E402
from ui.cameras.tree import EXPAND_ALL_BELOW, CameraTreeModel  # noqa: E402

REPO = Path(__file__).resolve().parent.parent
TextRole = Qt.ItemDataRole.UserRole + 10
TYPED = ("tebet park", "taman melati", "kebayoran baru rw 05", "pasar")


class PeerTree:
    """The textbook way: QStandardItemModel + QSortFilterProxyModel."""

    def __init__(self, view: QTreeView) -> None:
        self.view = view
        self.model = QStandardItemModel()
        self.proxy = QSortFilterProxyModel()
        self.proxy.setRecursiveFilteringEnabled(True)
        self.proxy.setFilterRole(TextRole)
        self.proxy.setSourceModel(self.model)
        view.setModel(self.proxy)
        self._words: list[QRegularExpression] = []

    def load(self, areas, cameras) -> None:
        self.model.clear()
        by_area: dict[str, list] = {}
        for camera in cameras:
            by_area.setdefault(camera.area_id, []).append(camera)

        def add(parent: QStandardItem, area) -> int:
            item = QStandardItem(area.name)
            count = sum(add(item, child) for child in area.children)
            for camera in by_area.get(area.id, ()):
                leaf = QStandardItem(camera.name)
                leaf.setData(search.haystack(camera), TextRole)
                item.appendRow(leaf)
                count += 1
            if count:
                item.setText(f"{area.name} ({count})")
                parent.appendRow(item)
            return count

        root = self.model.invisibleRootItem()
        for area in areas:
            add(root, area)

    def set_query(self, query: str) -> None:
        # Every word, in any order: one lookahead per word, case-insensitive.
        pattern = "".join(f"(?=.*{re.escape(w)})" for w in query.split())
        expression = QRegularExpression(
            pattern, QRegularExpression.PatternOption.CaseInsensitiveOption)
        self.proxy.setFilterRegularExpression(expression)
        # Areas have no searchable text, so only cameras match on their own.

    def shown(self) -> int:
        return self.proxy.rowCount()


def _paint(app: QApplication, view: QTreeView) -> None:
    view.viewport().repaint()
    app.processEvents()


def _warm_up(app: QApplication) -> None:
    """Paint one tree view once, so that Qt loads its fonts and style before either
    side is timed (a client has painted its window before its catalog arrives)."""
    model = QStandardItemModel()
    model.appendRow(QStandardItem("warm-up (1)"))
    view = QTreeView()
    view.setModel(model)
    view.show()
    _paint(app, view)
    view.close()


def _ms(fn) -> float:
    start = time.perf_counter()
    fn()
    return (time.perf_counter() - start) * 1000


def _stats(samples: list[float]) -> dict[str, float]:
    ordered = sorted(samples)
    p95 = ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]
    return {"p50": round(statistics.median(ordered), 2), "p95": round(p95, 2),
            "n": len(ordered)}


def _expand_after_query(view: QTreeView, model, shown: int, query: str) -> None:
    if not query:
        view.collapseAll()
        view.expandToDepth(0)
    elif shown <= EXPAND_ALL_BELOW:
        view.expandAll()
    else:
        view.expandToDepth(1)


def run_pantau(app, areas, cameras, repeat: int, loads: int) -> dict[str, list[float]]:
    view = QTreeView()
    view.resize(360, 900)
    view.setUniformRowHeights(True)
    view.show()
    model = CameraTreeModel()
    view.setModel(model)
    out: dict[str, list[float]] = {"load": [], "expand kota": [], "expand kecamatan": [],
                                   "keystroke": []}
    for _ in range(loads):
        out["load"].append(_ms(lambda: (model.rebuild(areas, cameras, "Other"),
                                        view.expandToDepth(0), _paint(app, view))))
    for _ in range(repeat):
        for row in range(model.rowCount()):
            view.collapseAll()
            kota = model.index(row, 0)
            out["expand kota"].append(_ms(lambda kota=kota: (view.expand(kota), _paint(app, view))))
            kec = model.index(0, 0, kota)
            out["expand kecamatan"].append(
                _ms(lambda kec=kec: (view.expand(kec), _paint(app, view))))
        for text in TYPED:
            for end in range(1, len(text) + 1):
                query = text[:end]

                def key(query=query):
                    model.set_query(query)
                    _expand_after_query(view, model, model.shown_count(), query)
                    _paint(app, view)
                out["keystroke"].append(_ms(key))
            model.set_query("")
    view.close()
    return out


def run_peer(app, areas, cameras, repeat: int, loads: int) -> dict[str, list[float]]:
    view = QTreeView()
    view.resize(360, 900)
    view.setUniformRowHeights(True)
    view.show()
    peer = PeerTree(view)
    out: dict[str, list[float]] = {"load": [], "expand kota": [], "expand kecamatan": [],
                                   "keystroke": []}
    for _ in range(loads):
        out["load"].append(_ms(lambda: (peer.load(areas, cameras),
                                        view.expandToDepth(0), _paint(app, view))))
    for _ in range(repeat):
        for row in range(peer.proxy.rowCount()):
            view.collapseAll()
            kota = peer.proxy.index(row, 0)
            out["expand kota"].append(_ms(lambda kota=kota: (view.expand(kota), _paint(app, view))))
            kec = peer.proxy.index(0, 0, kota)
            out["expand kecamatan"].append(
                _ms(lambda kec=kec: (view.expand(kec), _paint(app, view))))
        for text in TYPED:
            for end in range(1, len(text) + 1):
                query = text[:end]

                def key(query=query):
                    peer.set_query(query)
                    _expand_after_query(view, peer.proxy, 10**9, query)  # kota+kecamatan
                    _paint(app, view)
                out["keystroke"].append(_ms(key))
            peer.set_query("")
    view.close()
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3, help="expands and typed searches")
    parser.add_argument("--loads", type=int, default=20, help="catalog loads")
    parser.add_argument("--out", type=Path, default=REPO / "var" / "bench" / "tree.json")
    args = parser.parse_args(argv)
    app = QApplication.instance() or QApplication(sys.argv[:1])
    raw_areas, raw_cameras = generate()
    areas, cameras = parse.areas(raw_areas), parse.cameras(raw_cameras)
    _warm_up(app)
    results = {"cameras": len(cameras),
               "pantau": run_pantau(app, areas, cameras, args.repeat, args.loads),
               "peer": run_peer(app, areas, cameras, args.repeat, args.loads)}
    table = {side: {k: _stats(v) for k, v in results[side].items()}
             for side in ("pantau", "peer")}
    print(f"camera tree, {len(cameras)} cameras (ms; {args.loads} loads, "
          f"{args.repeat} repeats of the rest)")
    print(f"{'step':<18}{'pantau p50':>12}{'p95':>9}{'peer p50':>12}{'p95':>9}{'ratio':>8}")
    for step, ours in table["pantau"].items():
        theirs = table["peer"][step]
        ratio = theirs["p50"] / ours["p50"] if ours["p50"] else float("inf")
        print(f"{step:<18}{ours['p50']:>12.1f}{ours['p95']:>9.1f}"
              f"{theirs['p50']:>12.1f}{theirs['p95']:>9.1f}{ratio:>7.1f}x")
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps({"cameras": len(cameras), "typed": TYPED, **table},
                                   indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
