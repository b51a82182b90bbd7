"""The server's bookmarks as the client sees them."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any
from urllib.parse import quote

from app.api import parse
from app.api.errors import ApiError, ApiErrorKind
from app.api.http import ApiClient


@dataclass(frozen=True)
class Bookmark:
    id: int
    camera_id: str
    camera_name: str
    at: datetime
    start: datetime
    end: datetime
    title: str
    description: str
    tags: tuple[str, ...]
    author: str
    author_name: str
    protected: bool
    area_id: str = ""
    protected_by: str = ""


@dataclass(frozen=True)
class BookmarkQuery:
    """What the bookmarks dock searches for; empty fields do not filter."""
    text: str = ""
    camera_id: str = ""
    area_id: str = ""
    author: str = ""
    tag: str = ""
    start: datetime | None = None
    end: datetime | None = None
    limit: int = 200

    def params(self) -> dict[str, str]:
        wanted = {"q": self.text.strip(), "camera_id": self.camera_id, "area": self.area_id,
                  "author": self.author.strip(), "tag": self.tag.strip(),
                  "start": parse.format_time(self.start) if self.start else "",
                  "end": parse.format_time(self.end) if self.end else "",
                  "limit": str(self.limit)}
        return {key: value for key, value in wanted.items() if value}


def bookmark(data: Any) -> Bookmark:
    try:
        return Bookmark(
            int(data["id"]), str(data["camera_id"]), str(data.get("camera_name") or ""),
            parse.parse_time(data["at"]), parse.parse_time(data["start"]),
            parse.parse_time(data["end"]), str(data["title"]),
            str(data.get("description") or ""), tuple(str(t) for t in data.get("tags") or ()),
            str(data["author"]), str(data.get("author_name") or ""), bool(data["protected"]),
            str(data.get("area_id") or ""), str(data.get("protected_by") or ""))
    except (KeyError, TypeError, ValueError, AttributeError) as exc:
        raise ApiError(ApiErrorKind.BAD_RESPONSE, f"not a bookmark: {exc}") from exc


class BookmarksApi:
    def __init__(self, client: ApiClient) -> None:
        self._client = client

    def create(self, camera_id: str, at: datetime, pre_roll_s: float, post_roll_s: float,
               title: str, description: str = "", tags: tuple[str, ...] = ()) -> Bookmark:
        body = {"camera_id": camera_id, "at": parse.format_time(at), "pre_roll_s": pre_roll_s,
                "post_roll_s": post_roll_s, "title": title, "description": description,
                "tags": list(tags)}
        return bookmark(self._client.call("POST", "/bookmarks", json=body))

    def search(self, **params: str) -> list[Bookmark]:
        data = self._client.call("GET", "/bookmarks",
                                 params={k: v for k, v in params.items() if v})
        if not isinstance(data, list):
            raise ApiError(ApiErrorKind.BAD_RESPONSE, "not a bookmark list")
        return [bookmark(item) for item in data]

    def update(self, bookmark_id: int, *, title: str | None = None,
               description: str | None = None, tags: tuple[str, ...] | None = None,
               start: datetime | None = None, end: datetime | None = None) -> Bookmark:
        """Change what is given; the rest stays as it is on the server."""
        body: dict[str, Any] = {}
        if title is not None:
            body["title"] = title
        if description is not None:
            body["description"] = description
        if tags is not None:
            body["tags"] = list(tags)
        if start is not None:
            body["start"] = parse.format_time(start)
        if end is not None:
            body["end"] = parse.format_time(end)
        return bookmark(self._client.call("PUT", f"/bookmarks/{bookmark_id}", json=body))

    def protect(self, bookmark_id: int, on: bool) -> Bookmark:
        method = "POST" if on else "DELETE"
        return bookmark(self._client.call(method, f"/bookmarks/{bookmark_id}/protect"))

    def delete(self, bookmark_id: int) -> None:
        self._client.call("DELETE", f"/bookmarks/{quote(str(bookmark_id))}")
