"""Zoom and pan maths of a tile (no widget)."""

from __future__ import annotations

import pytest

from ui.tile.zoom import MAX_FACTOR, ZoomState


def test_zoom_keeps_the_point_under_the_cursor():
    zoom = ZoomState().zoom_at(0.25, 0.5, 2.0)
    x, y, w, h = zoom.source()
    assert (w, h) == (0.5, 0.5)
    assert x + 0.25 * w == pytest.approx(0.25)  # the picture point under the cursor
    assert y + 0.5 * h == pytest.approx(0.5)


def test_zoom_and_pan_never_leave_the_picture():
    zoom = ZoomState().zoom_at(0.0, 0.0, 4.0)
    assert zoom.source()[:2] == (0.0, 0.0)
    moved = zoom.pan(1.0, 1.0)  # dragging right/down shows more of the top-left: none left
    assert moved.source()[:2] == (0.0, 0.0)
    far = zoom.pan(-10.0, -10.0)
    x, y, w, h = far.source()
    assert (x + w, y + h) == (pytest.approx(1.0), pytest.approx(1.0))


def test_wheel_steps_are_bounded():
    zoom = ZoomState()
    assert zoom.wheel(0.5, 0.5, -120) == ZoomState()  # cannot zoom out past the picture
    for _ in range(40):
        zoom = zoom.wheel(0.5, 0.5, 120)
    assert zoom.factor == MAX_FACTOR
    assert zoom.wheel(0.5, 0.5, -120 * 40) == ZoomState()
