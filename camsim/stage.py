"""Staged pictures: a calm still and the acts a test can put on it (pure numpy, I420).

Every act is a function of the seconds since it began, so a camera's main and sub
streams, each drawing at its own size, show the same thing at the same moment. What
does not move is made once when the act is set: a still act's picture is the same bytes
every frame, and a moving act copies its background and draws a few small sprites,
well under a millisecond at 720p. Positions are fractions of the picture; each size
rounds them to even pixels so the half-size chroma planes line up with the luma.
"""

from __future__ import annotations

import enum
import random
from dataclasses import dataclass

import numpy as np

from camsim.scene import Scene


class ActError(ValueError):
    """A request for an act that cannot be staged; the message says why."""


class ActName(enum.Enum):
    CALM = "calm"  # the still
    MOTION = "motion"  # a pattern moving inside one region, the rest untouched
    COVER = "cover"  # the lens covered: dark grey with a faint fixed grain
    BLUR = "blur"  # the still out of focus (Gaussian, sigma in 720p pixels)
    TURN = "turn"  # the camera turned away: another view of the scene, which stays
    FACE = "face"  # a face photograph crossing the still left to right, then staying
    CROWD = "crowd"  # upright figures walking over the lower half


SIGMA_MAX = 32.0
PEOPLE_MAX = 64
SECONDS_MAX = 3600.0
MIN_REGION = 0.04  # a motion region's least width and height, in picture fractions
_DEFAULTS = {ActName.BLUR: ("sigma", 8.0), ActName.FACE: ("seconds", 8.0),
             ActName.CROWD: ("people", 12)}  # fmt: skip


@dataclass(frozen=True)
class Act:
    name: ActName
    region: tuple[float, float, float, float] | None = None  # motion
    sigma: float | None = None  # blur
    seconds: float | None = None  # face
    people: int | None = None  # crowd

    def to_json(self) -> dict:
        out: dict = {"act": self.name.value}
        for key in ("region", "sigma", "seconds", "people"):
            value = getattr(self, key)
            if value is not None:
                out[key] = list(value) if key == "region" else value
        return out


CALM = Act(ActName.CALM)


def _number(body: dict, key: str, low: float, high: float) -> float:
    value = body[key]
    if isinstance(value, bool) or not isinstance(value, int | float) or not low <= value <= high:
        raise ActError(f"{key} must be a number from {low:g} to {high:g}")
    return float(value)


def parse_act(body: object) -> Act:
    """The act a JSON request body asks for."""
    if not isinstance(body, dict) or not isinstance(body.get("act"), str):
        raise ActError('the body must be a JSON object with "act"')
    try:
        name = ActName(body["act"])
    except ValueError:
        known = ", ".join(a.value for a in ActName)
        raise ActError(f"unknown act {body['act']!r} (known: {known})") from None
    allowed = {"act"} | ({"region"} if name is ActName.MOTION else set())
    if name in _DEFAULTS:
        key, default = _DEFAULTS[name]
        allowed.add(key)
        body = {key: default, **body}
    if extra := sorted(set(body) - allowed):
        raise ActError(f"{name.value} takes no {', '.join(extra)}")
    if name is ActName.MOTION:
        region = body.get("region")
        if (not isinstance(region, list) or len(region) != 4
                or any(isinstance(v, bool) or not isinstance(v, int | float) for v in region)):
            raise ActError("region must be [x0, y0, x1, y1], fractions of the picture")
        x0, y0, x1, y1 = (float(v) for v in region)
        if not (x0 >= 0 and y0 >= 0 and x1 <= 1 and y1 <= 1):
            raise ActError("region must lie within 0..1")
        if x1 - x0 < MIN_REGION or y1 - y0 < MIN_REGION:
            raise ActError(f"region must be x0 < x1, y0 < y1, at least {MIN_REGION:g} apart")
        return Act(name, region=(x0, y0, x1, y1))
    if name is ActName.BLUR:
        return Act(name, sigma=_number(body, "sigma", 0.5, SIGMA_MAX))
    if name is ActName.FACE:
        return Act(name, seconds=_number(body, "seconds", 0.1, SECONDS_MAX))
    if name is ActName.CROWD:
        people = body["people"]
        if isinstance(people, bool) or not isinstance(people, int) or not 0 <= people <= PEOPLE_MAX:
            raise ActError(f"people must be a whole number from 0 to {PEOPLE_MAX}")
        return Act(name, people=people) if people else CALM
    return Act(name)


@dataclass(frozen=True)
class Planes:
    """One I420 picture."""

    y: np.ndarray
    u: np.ndarray
    v: np.ndarray

    def tobytes(self) -> bytes:
        return self.y.tobytes() + self.u.tobytes() + self.v.tobytes()

    def copy(self) -> Planes:
        return Planes(self.y.copy(), self.u.copy(), self.v.copy())


def _halve(plane: np.ndarray) -> np.ndarray:
    h, w = plane.shape
    blocks = plane.reshape(h // 2, 2, w // 2, 2).astype(np.uint16)
    return ((blocks.sum(axis=(1, 3)) + 2) // 4).astype(np.uint8)


def scene_view(scene: Scene, x0: int, y0: int, width: int, height: int) -> Planes:
    """A 1:1 crop of the scene (``x0``, ``y0`` even)."""
    return Planes(
        scene.y[y0:y0 + height, x0:x0 + width].copy(),
        scene.u[y0 // 2:(y0 + height) // 2, x0 // 2:(x0 + width) // 2].copy(),
        scene.v[y0 // 2:(y0 + height) // 2, x0 // 2:(x0 + width) // 2].copy(),
    )


def video_range(planes: Planes) -> Planes:
    """Luma squeezed from 0..255 into 16..235, as I420 video means it. The scene uses
    the whole range (the PTZ views never minded); decoders differ in what they do with
    values outside (swscale clipped them at 640x360 and not at 1280x720)."""
    y = (16 + planes.y.astype(np.uint16) * 219 // 255).astype(np.uint8)
    return Planes(y, planes.u, planes.v)


def scaled(planes: Planes, width: int, height: int) -> Planes:
    """``planes`` at ``width`` x ``height``: itself, or halved until it fits."""
    while planes.y.shape[1] > width:
        planes = Planes(_halve(planes.y), _halve(planes.u), _halve(planes.v))
    if planes.y.shape != (height, width):
        raise ValueError(f"cannot scale {planes.y.shape} to {height}x{width} by halving")
    return planes


def resample_matrix(n_out: int, n_in: int) -> np.ndarray:
    """Linear interpolation from ``n_in`` to ``n_out`` samples, widened when shrinking
    so every input sample counts (no aliasing)."""
    scale = n_in / n_out
    width = max(1.0, scale)
    centres = (np.arange(n_out) + 0.5) * scale - 0.5
    taps = np.maximum(0.0, 1 - np.abs(np.arange(n_in)[None, :] - centres[:, None]) / width)
    return taps / taps.sum(axis=1, keepdims=True)


def resize(image: np.ndarray, width: int, height: int) -> np.ndarray:
    """An H x W (x C) float image at ``width`` x ``height``."""
    ry = resample_matrix(height, image.shape[0])
    rx = resample_matrix(width, image.shape[1])
    rows = np.tensordot(ry, image.astype(np.float32), axes=(1, 0))  # height x W (x C)
    return np.moveaxis(np.tensordot(rx, rows, axes=(1, 1)), 0, 1)


def rgb_to_i420(rgb: np.ndarray) -> Planes:
    """BT.601 limited range, as x264 expects from I420 input; even sizes only."""
    r, g, b = (rgb[..., i].astype(np.float32) for i in range(3))
    y = 16 + (65.481 * r + 128.553 * g + 24.966 * b) / 255
    u = 128 + (-37.797 * r - 74.203 * g + 112.0 * b) / 255
    v = 128 + (112.0 * r - 93.786 * g - 18.214 * b) / 255
    h, w = y.shape

    def sub(plane: np.ndarray) -> np.ndarray:
        return plane.reshape(h // 2, 2, w // 2, 2).mean(axis=(1, 3))

    return Planes(*(np.clip(p + 0.5, 0, 255).astype(np.uint8) for p in (y, sub(u), sub(v))))


def gaussian_blur(plane: np.ndarray, sigma: float) -> np.ndarray:
    """Separable Gaussian with mirrored edges; made once per act, never per frame."""
    radius = max(1, int(3 * sigma + 0.5))
    taps = np.exp(-(np.arange(-radius, radius + 1) ** 2) / (2 * sigma * sigma))
    taps /= taps.sum()
    out = plane.astype(np.float32)
    for axis in (0, 1):
        n = out.shape[axis]
        pad = [(0, 0), (0, 0)]
        pad[axis] = (radius, radius)
        padded = np.pad(out, pad, mode="symmetric") if radius < n else np.pad(out, pad, "edge")
        acc = np.zeros_like(out)
        for i, weight in enumerate(taps):
            acc += weight * (padded[i:i + n] if axis == 0 else padded[:, i:i + n])
        out = acc
    return np.clip(out + 0.5, 0, 255).astype(np.uint8)


def even(value: float) -> int:
    return int(round(value / 2)) * 2


@dataclass(frozen=True)
class Sprite:
    """A small I420 picture with a mask, drawn at even positions."""

    planes: Planes
    mask: np.ndarray  # luma-sized; chroma takes every second row and column

    @property
    def width(self) -> int:
        return self.mask.shape[1]

    @property
    def height(self) -> int:
        return self.mask.shape[0]

    def draw(self, target: Planes, x: int, y: int) -> None:
        """Draw with the top-left corner at (``x``, ``y``), both even, clipped."""
        h, w = target.y.shape
        x0, y0 = max(0, x), max(0, y)
        x1, y1 = min(w, x + self.width), min(h, y + self.height)
        if x0 >= x1 or y0 >= y1:
            return
        m = self.mask[y0 - y:y1 - y, x0 - x:x1 - x]
        target.y[y0:y1, x0:x1][m] = self.planes.y[y0 - y:y1 - y, x0 - x:x1 - x][m]
        cm = m[::2, ::2]
        cy, cx = slice(y0 // 2, y0 // 2 + cm.shape[0]), slice(x0 // 2, x0 // 2 + cm.shape[1])
        for dst, src in ((target.u, self.planes.u), (target.v, self.planes.v)):
            part = src[(y0 - y) // 2:, (x0 - x) // 2:][:cm.shape[0], :cm.shape[1]]
            dst[cy, cx][cm] = part[cm]


def figure_sprite(height: int, shade: int) -> Sprite:
    """An upright person-like figure, about 1:3: a head on shoulders and a body."""
    height = even(height)
    width = even(height / 3)
    yy, xx = np.mgrid[:height, :width]
    head_r = width * 0.3
    head = (yy - head_r - 1) ** 2 + (xx - width / 2 + 0.5) ** 2 <= head_r**2
    shoulders = yy >= 2 * head_r + 1
    trunk = np.abs(xx - width / 2 + 0.5) <= width / 2 * np.where(yy > height * 0.6, 0.7, 1.0)
    body = shoulders & trunk
    mask = head | body
    y = np.where(head, 150, shade).astype(np.uint8)
    half = (height // 2, width // 2)
    head_c = head[::2, ::2]
    u = np.where(head_c, 110, 128).astype(np.uint8).reshape(half)
    v = np.where(head_c, 150, 128).astype(np.uint8).reshape(half)
    return Sprite(Planes(y, u, v), mask)


# --- performances: one act at one picture size -------------------------------------

FACE_TOP = 0.3  # the face's top edge, a fraction of the picture height
FACE_HEIGHT = 0.25  # of the picture height
FIGURE_HEIGHT = 1 / 6
_MOTION_SQUARE = 0.05  # the moving checkerboard's square, a fraction of the height
# Periods a second across and down: a third of a square a frame across at 15 fps, and
# two rates so that no two frames within a second show the same board.
_MOTION_RATE = (2.5, 1.0)
_COVER_LUMA = 22


class Still:
    """An act whose every frame is the same picture: the bytes are made once."""

    def __init__(self, planes: Planes) -> None:
        self._bytes = planes.tobytes()

    def frame(self, _elapsed: float) -> bytes:
        return self._bytes


class Motion:
    """A checkerboard drifting inside the region; outside it, calm's bytes."""

    def __init__(self, calm: Planes, region: tuple[float, float, float, float]) -> None:
        h, w = calm.y.shape
        x0, y0, x1, y1 = region
        self._cols = slice(even(x0 * w), even(x1 * w))
        self._rows = slice(even(y0 * h), even(y1 * h))
        self._square = max(2, even(_MOTION_SQUARE * h))
        rh, rw = self._rows.stop - self._rows.start, self._cols.stop - self._cols.start
        period = 2 * self._square
        yy, xx = np.mgrid[:rh + period, :rw + period]
        board = ((yy // self._square + xx // self._square) % 2).astype(np.uint8)
        self._board = np.where(board == 1, 215, 40).astype(np.uint8)
        self._luma = calm.y
        chroma = [calm.u.copy(), calm.v.copy()]
        for plane in chroma:  # grey inside the region
            plane[self._rows.start // 2:self._rows.stop // 2,
                  self._cols.start // 2:self._cols.stop // 2] = 128  # fmt: skip
        self._chroma = b"".join(p.tobytes() for p in chroma)

    def frame(self, elapsed: float) -> bytes:
        dx, dy = (int((elapsed * rate) % 1.0 * 2 * self._square) for rate in _MOTION_RATE)
        luma = self._luma.copy()
        rh, rw = self._rows.stop - self._rows.start, self._cols.stop - self._cols.start
        luma[self._rows, self._cols] = self._board[dy:dy + rh, dx:dx + rw]
        return luma.tobytes() + self._chroma


def face_box(aspect: float, photo_aspect: float, progress: float) -> tuple[float, ...]:
    """(x0, y0, x1, y1) of the face photograph, in picture fractions, ``progress`` 0..1
    of its way from the left edge to the right. ``aspect`` is the picture's width /
    height, ``photo_aspect`` the photograph's."""
    width = FACE_HEIGHT * photo_aspect / aspect
    x0 = min(1.0, max(0.0, progress)) * (1 - width)
    return (x0, FACE_TOP, x0 + width, FACE_TOP + FACE_HEIGHT)


class Face:
    """The photograph crosses the still in ``seconds``, then stays at the right."""

    def __init__(self, calm: Planes, photo: np.ndarray, seconds: float) -> None:
        h, w = calm.y.shape
        self._aspect, self._photo_aspect = w / h, photo.shape[1] / photo.shape[0]
        x0, y0, x1, y1 = face_box(self._aspect, self._photo_aspect, 0.0)
        fw, fh = even((x1 - x0) * w), even((y1 - y0) * h)
        planes = rgb_to_i420(resize(photo, fw, fh))
        self._sprite = Sprite(planes, np.ones((fh, fw), dtype=bool))
        self._calm, self._seconds = calm, seconds
        self._size = (w, h)
        self._rest: bytes | None = None

    def box(self, elapsed: float) -> tuple[float, ...]:
        return face_box(self._aspect, self._photo_aspect, elapsed / self._seconds)

    def frame(self, elapsed: float) -> bytes:
        arrived = elapsed >= self._seconds
        if arrived and self._rest is not None:
            return self._rest
        x0, y0, _x1, _y1 = self.box(elapsed)
        picture = self._calm.copy()
        self._sprite.draw(picture, even(x0 * self._size[0]), even(y0 * self._size[1]))
        data = picture.tobytes()
        if arrived:
            self._rest = data
        return data


def _bounce(start: float, speed: float, elapsed: float, low: float, high: float) -> float:
    """A position moving at ``speed`` that reflects off ``low`` and ``high``."""
    span = high - low
    if span <= 0:
        return low
    s = (start - low + speed * elapsed) % (2 * span)
    return low + (s if s <= span else 2 * span - s)


class Crowd:
    """``people`` figures walking slowly, each its own way, over the lower half."""

    def __init__(self, calm: Planes, people: int) -> None:
        h, w = calm.y.shape
        self._calm, self._size = calm, (w, h)
        rng = random.Random(f"camsim-crowd-{people}")
        fig_w = FIGURE_HEIGHT / 3 * h / w
        self._walkers = []
        self._sprites = []
        for _ in range(people):
            shade = rng.choice((24, 36, 48, 60, 72))
            self._sprites.append(figure_sprite(FIGURE_HEIGHT * h, shade))
            angle = rng.uniform(0, 2 * np.pi)
            speed = rng.uniform(0.03, 0.07)  # picture fractions a second
            x = rng.uniform(0, 1 - fig_w)
            y = rng.uniform(0.5, 1 - FIGURE_HEIGHT)
            self._walkers.append((x, y, speed * np.cos(angle), speed * np.sin(angle) * w / h))
        self._x_max, self._y_max = 1 - fig_w, 1 - FIGURE_HEIGHT

    def boxes(self, elapsed: float) -> list[tuple[float, float]]:
        """Each figure's top-left corner, in picture fractions."""
        return [
            (_bounce(x, vx, elapsed, 0.0, self._x_max), _bounce(y, vy, elapsed, 0.5, self._y_max))
            for x, y, vx, vy in self._walkers
        ]

    def frame(self, elapsed: float) -> bytes:
        picture = self._calm.copy()
        w, h = self._size
        placed = sorted(zip(self.boxes(elapsed), self._sprites, strict=True),
                        key=lambda item: item[0][1])  # nearer (lower) figures in front
        for (x, y), sprite in placed:
            sprite.draw(picture, even(x * w), even(y * h))
        return picture.tobytes()


def cover_planes(width: int, height: int) -> Planes:
    """A hand or cloth on the lens: dark grey, a faint grain that does not move."""
    grain = np.random.default_rng(3).integers(-2, 3, size=(height, width))
    y = (_COVER_LUMA + grain).astype(np.uint8)
    chroma = np.full((height // 2, width // 2), 128, dtype=np.uint8)
    return Planes(y, chroma, chroma.copy())


def perform(act: Act, calm: Planes, turned: Planes, photo: np.ndarray | None):
    """The act at ``calm``'s size: an object whose ``frame(elapsed)`` gives I420 bytes.
    ``photo`` (RGB) is needed for the face act only."""
    h, w = calm.y.shape
    if act.name is ActName.MOTION:
        return Motion(calm, act.region)
    if act.name is ActName.COVER:
        return Still(cover_planes(w, h))
    if act.name is ActName.BLUR:
        sigma = act.sigma * h / 720  # given in 720p pixels: both streams blur alike
        return Still(Planes(gaussian_blur(calm.y, sigma), gaussian_blur(calm.u, sigma / 2),
                            gaussian_blur(calm.v, sigma / 2)))  # fmt: skip
    if act.name is ActName.TURN:
        return Still(turned)
    if act.name is ActName.FACE:
        if photo is None:
            raise ValueError("the face act needs the photograph")
        return Face(calm, photo, act.seconds)
    if act.name is ActName.CROWD:
        return Crowd(calm, act.people)
    return Still(calm)
