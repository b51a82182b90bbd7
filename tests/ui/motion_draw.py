"""Drawing a motion-search rectangle on a tile as an operator does: M on the tile, then
a left-button drag with real mouse events (QTest) over the picture shown. For the
offscreen tests here and the end-to-end test against the real server."""

from __future__ import annotations

from PySide6.QtCore import QPoint, Qt

from app.motion.types import MotionRegion


def picture_point(tile, fx: float, fy: float) -> QPoint:
    """The tile point of a picture fraction (unzoomed: letterboxing taken out)."""
    rect = tile.picture_rect()
    assert rect is not None and not rect.isEmpty(), "the tile shows no picture"
    return QPoint(rect.x() + round(fx * (rect.width() - 1)),
                  rect.y() + round(fy * (rect.height() - 1)))


def drag(qtbot, tile, start: QPoint, end: QPoint, steps: int = 4) -> None:
    qtbot.mousePress(tile, Qt.MouseButton.LeftButton, pos=start)
    for step in range(1, steps + 1):
        qtbot.mouseMove(tile, start + (end - start) * (step / steps))
    qtbot.mouseRelease(tile, Qt.MouseButton.LeftButton, pos=end)


def draw_motion_region(qtbot, tile, region: MotionRegion, *, key: bool = True) -> None:
    """Arm the tile (M, or its menu's "Search motion…") and drag ``region`` on it; the
    tile's ``motion.region_drawn`` fires, and the window's MotionSearchBinding starts a
    search over the range its timeline shows."""
    tile.setFocus()
    if key:
        qtbot.keyClick(tile, Qt.Key.Key_M)
    else:
        menu = tile.build_context_menu()
        next(a for a in menu.actions() if a.objectName() == "action-search-motion").trigger()
    assert tile.motion.drawing, "the tile is not in playback: nothing to search"
    x0, y0, x1, y1 = region.corners()
    drag(qtbot, tile, picture_point(tile, x0, y0), picture_point(tile, x1, y1))
