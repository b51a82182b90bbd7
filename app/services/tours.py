"""Tours: the wall cycling through views, or one tile cycling through cameras, each step
after a dwell time. The timer is injected so tests step a tour without waiting."""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from typing import Protocol

from PySide6.QtCore import QObject, QTimer, Signal

from app.services.views import View, ViewsService
from app.services.wall import WallService

log = logging.getLogger(__name__)

MIN_DWELL_S = 1.0  # a faster tour shows nothing but connecting badges


class Timer(Protocol):
    """What a tour needs of QTimer: start(ms), stop() and a timeout signal."""

    timeout: Signal

    def start(self, msec: int) -> None: ...
    def stop(self) -> None: ...


def _qtimer(parent: QObject) -> Timer:
    return QTimer(parent)


@dataclass
class _Tour:
    items: list[str]
    dwell_s: float
    timer: Timer
    position: int = 0


class TourService(QObject):
    view_tour_changed = Signal(bool)  # running
    tile_tours_changed = Signal()  # a tile tour started or stopped
    stepped = Signal(object, str)  # None (the view tour) or a tile index, what is shown now

    def __init__(self, wall: WallService, views: ViewsService | None = None,
                 timer_factory: Callable[[QObject], Timer] = _qtimer,
                 default_dwell_s: Callable[[], float] = lambda: 10.0,
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._wall = wall
        self._views = views
        self._timer_factory = timer_factory
        self._default_dwell_s = default_dwell_s
        self._view_tour: _Tour | None = None
        self._tile_tours: dict[int, _Tour] = {}
        # A layout with fewer tiles ends the tours of the tiles it no longer shows.
        wall.layout_changed.connect(self._on_wall_layout_changed)

    @property
    def view_tour_running(self) -> bool:
        return self._view_tour is not None

    def tile_tours(self) -> dict[int, list[str]]:
        return {index: list(tour.items) for index, tour in self._tile_tours.items()}

    # -- the wall through views ----------------------------------------------------------
    def apply_view(self, view: View) -> None:
        """Put a view on the wall with its tiles' tours (the tours running before end)."""
        for index in list(self._tile_tours):
            self.stop_tile_tour(index)
        self._wall.load_json(view.wall_json())
        for index, cameras in sorted(view.tours.items()):
            self.start_tile_tour(index, list(cameras))

    def start_view_tour(self, view_ids: list[str], dwell_s: float | None = None) -> bool:
        """Show each view in turn, the first at once. False when there is nothing to
        tour (fewer than two views)."""
        self.stop_view_tour()
        if self._views is None or len(view_ids) < 2:
            return False
        self._view_tour = self._start(list(view_ids), dwell_s, self._on_view_timer_timeout)
        self._show_view()
        self.view_tour_changed.emit(True)
        return True

    def stop_view_tour(self) -> None:
        if self._view_tour is not None:
            self._view_tour.timer.stop()
            self._view_tour = None
            self.view_tour_changed.emit(False)

    # -- one tile through cameras --------------------------------------------------------
    def start_tile_tour(self, index: int, camera_ids: list[str],
                        dwell_s: float | None = None) -> bool:
        self.stop_tile_tour(index)
        if len(camera_ids) < 2 or not 0 <= index < self._wall.visible_count():
            return False
        tour = self._start(list(camera_ids), dwell_s, lambda: self._on_tile_timer_timeout(index))
        self._tile_tours[index] = tour
        self._show_camera(index)
        self.tile_tours_changed.emit()
        return True

    def stop_tile_tour(self, index: int) -> None:
        tour = self._tile_tours.pop(index, None)
        if tour is not None:
            tour.timer.stop()
            self.tile_tours_changed.emit()

    def stop_all(self) -> None:
        self.stop_view_tour()
        for index in list(self._tile_tours):
            self.stop_tile_tour(index)

    # -- plumbing ------------------------------------------------------------------------
    def _start(self, items: list[str], dwell_s: float | None, step: Callable[[], None]) -> _Tour:
        dwell = max(MIN_DWELL_S, dwell_s if dwell_s is not None else self._default_dwell_s())
        timer = self._timer_factory(self)
        timer.timeout.connect(step)
        timer.start(int(dwell * 1000))
        return _Tour(items, dwell, timer)

    def _show_view(self) -> None:
        tour = self._view_tour
        # A view deleted while touring is skipped, not shown as an empty wall.
        for _ in range(len(tour.items)):
            view = self._views.get(tour.items[tour.position])
            if view is not None:
                self.apply_view(view)
                self.stepped.emit(None, view.id)
                return
            tour.position = (tour.position + 1) % len(tour.items)
        log.info("view tour: none of its views exist any more")
        self.stop_view_tour()

    def _show_camera(self, index: int) -> None:
        tour = self._tile_tours[index]
        camera_id = tour.items[tour.position]
        self._wall.assign(index, camera_id)
        self.stepped.emit(index, camera_id)

    def _on_view_timer_timeout(self) -> None:
        if self._view_tour is not None:
            self._view_tour.position = (self._view_tour.position + 1) % len(self._view_tour.items)
            self._show_view()

    def _on_tile_timer_timeout(self, index: int) -> None:
        tour = self._tile_tours.get(index)
        if tour is not None:
            tour.position = (tour.position + 1) % len(tour.items)
            self._show_camera(index)

    def _on_wall_layout_changed(self, _layout) -> None:
        for index in [i for i in self._tile_tours if i >= self._wall.visible_count()]:
            self.stop_tile_tour(index)
