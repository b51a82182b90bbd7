"""Where a point of the picture is, in the camera's generic pan/tilt space, so a click
can turn the camera to it (ONVIF's generic RelativeMove translation space).

A camera is described by how much of the generic pan and tilt range its picture spans
when zoomed all the way out, and how many times narrower it gets at full zoom
(geometrically in between). The defaults describe camsim's PTZ cameras: the picture
spans 2 generic units at zoom 0 (half the scene; pan ±1 moves a quarter of it) and an
eighth of that at zoom 1. A real model would be calibrated once per camera type.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class FovModel:
    pan_span_wide: float = 2.0  # picture width in generic pan units at zoom 0
    tilt_span_wide: float = 2.0  # picture height in generic tilt units at zoom 0
    zoom_ratio: float = 8.0  # how many times narrower the picture is at zoom 1

    def center_on(self, x: float, y: float, zoom: float) -> tuple[float, float]:
        """(pan, tilt) translation that brings picture point (x, y) to the centre;
        x right and y down, -1..1 from the centre to the picture's edges."""
        narrow = self.zoom_ratio ** max(0.0, min(1.0, zoom))
        pan = x * self.pan_span_wide / 2 / narrow
        tilt = -y * self.tilt_span_wide / 2 / narrow  # generic tilt +1 is up
        return pan, tilt


DEFAULT_FOV = FovModel()
