"""Which of a camera's streams a live tile shows (issue 16, a stream for every tile
size): its streams form a ladder by picture size, and a tile takes the smallest one at
least as large as the device pixels it paints (so 4K screens and 200 % scaling count),
the largest when maximised or zoomed. A tile near a rung's edge keeps its stream until
it is clearly past it (``HYSTERESIS``), so dragging a splitter does not flap between
streams. A rung of unknown size counts as larger than every known one (a main stream
onboarded without a probe), and a camera with one stream always gets it.

Pure: the tile's controller asks, the widget only paints."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from app.domain import Profile

# A tile switches to a smaller stream only once that stream covers it with this much to
# spare, and to a larger one only once its own falls short by this much.
HYSTERESIS = 0.15


@dataclass(frozen=True)
class Rung:
    """One stream of a camera, as the catalog knows it (size None: not probed)."""

    profile: Profile
    width: int | None = None
    height: int | None = None

    def covers(self, width: float, height: float) -> bool:
        if self.width is None or self.height is None:
            return True
        return self.width >= width and self.height >= height

    def pixels(self) -> float:
        if self.width is None or self.height is None:
            return float("inf")
        return float(self.width * self.height)


@dataclass(frozen=True)
class Ladder:
    rungs: tuple[Rung, ...]  # smallest picture first

    @classmethod
    def of(cls, rungs: Iterable[Rung]) -> Ladder:
        ordered = tuple(sorted(rungs, key=lambda r: (r.pixels(), r.profile is Profile.MAIN)))
        if not ordered:
            raise ValueError("a camera without a stream has no ladder")
        return cls(ordered)

    def rung(self, profile: Profile) -> Rung | None:
        return next((r for r in self.rungs if r.profile is profile), None)

    def choose(self, width: float, height: float, current: Profile | None = None,
               largest: bool = False) -> Profile:
        """The stream for a tile painting ``width`` x ``height`` device pixels, showing
        ``current`` now; ``largest``: maximised or zoomed in."""
        if largest:
            return self.rungs[-1].profile
        fit = next((r for r in self.rungs if r.covers(width, height)), self.rungs[-1])
        now = self.rung(current) if current is not None else None
        if now is None or now is fit:
            return fit.profile
        if now.pixels() > fit.pixels():
            # Down only with room to spare: the tile may grow back a little.
            spare = fit.covers(width * (1 + HYSTERESIS), height * (1 + HYSTERESIS))
            return fit.profile if spare else now.profile
        # Up only once the current stream is clearly too small to look sharp.
        short = not now.covers(width * (1 - HYSTERESIS), height * (1 - HYSTERESIS))
        return fit.profile if short else now.profile
