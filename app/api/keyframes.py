"""When a camera's picture of a moment was taken, to the millisecond: the face editor
draws a track's boxes where the face is in the very picture it shows.

The server's thumbnail is the keyframe at or before the moment asked (a keyframe a
second on camsim, up to several on real cameras); it says the keyframe's time only in a
header that ApiClient.get_bytes does not hand on, and app.api.thumbnails sends whole
seconds (enough for a timeline's hover). So: ask with millisecond times, walk back
``STEP_S`` at a time until the picture changes (the same keyframe comes back as the
same bytes: the server caches it by keyframe), then halve the last step down to
``RESOLUTION_S``; the keyframe lies between the last moment with another picture and
the first with this one, and the middle is said. A face crossing the picture in 6 s
moves 0.4 % of its width in the 25 ms that leaves. Blocking: run it on the TaskRunner.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from urllib.parse import quote

from app.api.errors import ApiError, ApiErrorKind
from app.api.http import ApiClient

STEP_S = 0.2
RESOLUTION_S = 0.05
MAX_STEPS = 25  # 5 s back at most: past that, the first moment's picture is kept
MAX_BYTES = 1 << 20
MAX_WIDTH = 640


@dataclass(frozen=True)
class KeyframePicture:
    camera_id: str
    shown_at: datetime  # when the picture was taken (± RESOLUTION_S / 2)
    jpeg: bytes  # decoded in ui/ (QImage.fromData)


def _wire(at: datetime) -> str:
    utc = at.astimezone(UTC)
    return utc.strftime("%Y-%m-%dT%H:%M:%S.") + f"{utc.microsecond // 1000:03d}Z"


def picture_at(client: ApiClient, camera_id: str, at: datetime, width: int) -> bytes:
    """The keyframe at or before ``at`` (to the millisecond) as a JPEG. Blocks."""
    body, content_type = client.get_bytes(
        f"/cameras/{quote(camera_id, safe='')}/thumbnail",
        params={"at": _wire(at), "width": str(max(16, min(MAX_WIDTH, int(width))))},
        max_bytes=MAX_BYTES)
    if not content_type.startswith("image/") or not body:
        raise ApiError(ApiErrorKind.BAD_RESPONSE, f"not a picture: {content_type!r}")
    return body


def keyframe_before(client: ApiClient, camera_id: str, at: datetime,
                    width: int) -> KeyframePicture:
    """The picture at or before ``at`` and when it was taken. Blocks (a few requests,
    each a keyframe the server has cached after the first)."""
    first = picture_at(client, camera_id, at, width)  # its failure is the answer's

    def shows_first(moment: datetime) -> bool:
        try:
            return picture_at(client, camera_id, moment, width) == first
        except ApiError as exc:
            if exc.kind in (ApiErrorKind.NO_RECORDING, ApiErrorKind.NOT_FOUND):
                return False  # nothing recorded then: the footage starts after it
            raise

    same, other = at, None
    for _ in range(MAX_STEPS):
        moment = same - timedelta(seconds=STEP_S)
        if shows_first(moment):
            same = moment
        else:
            other = moment
            break
    if other is None:
        return KeyframePicture(camera_id, same, first)
    while (same - other).total_seconds() > RESOLUTION_S * 1.01:
        middle = other + (same - other) / 2
        if shows_first(middle):
            same = middle
        else:
            other = middle
    return KeyframePicture(camera_id, other + (same - other) / 2, first)
