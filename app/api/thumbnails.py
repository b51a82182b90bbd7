"""A still picture of a camera at a moment: the server's keyframe at or before it, as a
JPEG (the timeline's hover pictures, the privacy-mask editor's background)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from urllib.parse import quote

from app.api import parse
from app.api.errors import ApiError, ApiErrorKind
from app.api.http import ApiClient

MAX_WIDTH = 640  # what the server scales to at most
MAX_BYTES = 1 << 20


@dataclass(frozen=True)
class Thumbnail:
    camera_id: str
    at: datetime  # the moment asked for (the keyframe shown is at or before it)
    width: int
    jpeg: bytes  # decoded in ui/ (QImage.fromData): app/ holds no pictures


class ThumbnailsApi:
    def __init__(self, client: ApiClient) -> None:
        self._client = client

    def get(self, camera_id: str, at: datetime, width: int = 160) -> Thumbnail:
        """Blocks; raises ApiError (NO_RECORDING when nothing is recorded then)."""
        width = max(16, min(MAX_WIDTH, int(width)))
        body, content_type = self._client.get_bytes(
            f"/cameras/{quote(camera_id, safe='')}/thumbnail",
            params={"at": parse.format_time(at), "width": str(width)}, max_bytes=MAX_BYTES)
        if not content_type.startswith("image/") or not body:
            raise ApiError(ApiErrorKind.BAD_RESPONSE, f"not a picture: {content_type!r}")
        return Thumbnail(camera_id, at, width, body)
