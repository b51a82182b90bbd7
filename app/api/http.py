"""The blocking HTTP client of the server API; the only module that imports requests.

Every call blocks, so services run it through app.tasks.TaskRunner, never on the GUI
thread. Every failure comes out as an ApiError whose kind a view can translate.
"""

from __future__ import annotations

import json as json_module  # "json" is the keyword argument name used below
import logging
import threading
from collections.abc import Callable, Iterator
from datetime import datetime
from pathlib import Path
from typing import Any
from urllib.parse import quote, urlencode

import requests

from app.api import parse
from app.api.errors import ApiError, ApiErrorKind, kind_for
from app.domain import Area, Camera, RecordingGap, Session, TimeSpan, User
from app.logmask import mask_text, mask_url

log = logging.getLogger(__name__)

API = "/api/v1"


def normalise_server_url(url: str) -> str:
    """What an operator types ('127.0.0.1:8080', 'http://host/') into a base URL."""
    url = url.strip().rstrip("/")
    if url and "://" not in url:
        url = "http://" + url
    return url


class ApiClient:
    """One server, one bearer token. Safe to call from several worker threads."""

    def __init__(self, base_url: str, timeout_s: float = 10.0) -> None:
        self.base_url = normalise_server_url(base_url)
        self.timeout_s = timeout_s
        self._token: str | None = None
        self._local = threading.local()  # requests.Session is not shared across threads

    # -- auth -------------------------------------------------------------------------
    @property
    def token(self) -> str | None:
        return self._token

    def set_token(self, token: str | None) -> None:
        self._token = token

    def auth_headers(self) -> dict[str, str]:
        return {"Authorization": f"Bearer {self._token}"} if self._token else {}

    def login(self, username: str, password: str) -> Session:
        data = self._request("POST", "/auth/login",
                             json={"username": username, "password": password}, auth=False)
        session = parse.session(self.base_url, data)
        self._token = session.token
        return session

    def logout(self) -> None:
        try:
            self._request("POST", "/auth/logout")
        finally:
            self._token = None

    def change_password(self, old_password: str, new_password: str) -> None:
        self._request("POST", "/auth/password",
                      json={"old_password": old_password, "new_password": new_password})

    def me(self) -> User:
        return parse.user(self._request("GET", "/auth/me"))

    def health(self) -> dict[str, Any]:
        return self._request("GET", "/health", auth=False)

    # -- catalog ----------------------------------------------------------------------
    def areas(self) -> list[Area]:
        return parse.areas(self._request("GET", "/areas"))

    def cameras(self, area: str | None = None, q: str | None = None,
                tag: str | None = None) -> list[Camera]:
        params = {k: v for k, v in (("area", area), ("q", q), ("tag", tag)) if v}
        return parse.cameras(self._request("GET", "/cameras", params=params))

    def get_if_changed(self, path: str, etag: str | None,
                       params: dict[str, str] | None = None) -> parse.Revalidated:
        """GET ``/api/v1<path>`` sending ``etag`` as If-None-Match: the server answers 304
        and no body while what the client holds is current (the catalog: 30,000 cameras
        revalidated for the price of one small answer)."""
        url = f"{self.base_url}{API}{path}"
        headers = {"Accept": "application/json", **self.auth_headers()}
        if etag:
            headers["If-None-Match"] = etag
        try:
            resp = self._session().get(url, params=params, headers=headers,
                                       timeout=self.timeout_s)
        except requests.RequestException as exc:
            raise ApiError(ApiErrorKind.UNREACHABLE, mask_text(str(exc))) from exc
        if resp.status_code == 304:
            return parse.Revalidated(None, resp.headers.get("ETag") or etag)
        if resp.status_code >= 400:
            raise self._error(resp)
        try:
            data = resp.json()
        except ValueError as exc:
            raise ApiError(ApiErrorKind.BAD_RESPONSE, "the server did not answer with JSON",
                           resp.status_code) from exc
        return parse.Revalidated(data, resp.headers.get("ETag"))

    def live_url(self, camera_id: str, profile: str) -> str:
        data = self._request("GET", f"/cameras/{quote(camera_id, safe='')}/live",
                             params={"profile": profile})
        return parse.live_url(data)

    # -- recordings -------------------------------------------------------------------
    def recordings(self, camera_id: str, start: datetime, end: datetime) -> list[TimeSpan]:
        data = self._request("GET", f"/cameras/{quote(camera_id, safe='')}/recordings",
                             params={"start": parse.format_time(start),
                                     "end": parse.format_time(end)})
        return parse.spans(data)

    def recorded(self, camera_id: str, start: datetime, end: datetime
                 ) -> tuple[list[TimeSpan], list[RecordingGap]]:
        """The spans, and the recorded stretches that are lost, each with its reason."""
        data = self._request("GET", f"/cameras/{quote(camera_id, safe='')}/recordings",
                             params={"start": parse.format_time(start),
                                     "end": parse.format_time(end)})
        return parse.spans(data), parse.gaps(data)

    def playback_url(self, camera_id: str, start: datetime, end: datetime,
                     keyframes_only: bool = False, real_time: bool = False) -> str:
        """The fragmented-MP4 URL an engine opens (with auth_headers()). ``real_time``:
        gaps stay in the timestamps (synchronised playback); ``keyframes_only``: fast and
        backwards play."""
        params = {"start": parse.format_time(start), "end": parse.format_time(end)}
        if keyframes_only:
            params["keyframes_only"] = "true"
        if real_time:
            params["real_time"] = "true"
        query = urlencode(params)
        return f"{self.base_url}{API}/cameras/{quote(camera_id, safe='')}/playback?{query}"

    # -- named views ------------------------------------------------------------------
    def views(self) -> list[dict[str, Any]]:
        return self._request("GET", "/views")

    def create_view(self, data: dict[str, Any]) -> dict[str, Any]:
        return self._request("POST", "/views", json=data)

    def update_view(self, view_id: str, data: dict[str, Any]) -> dict[str, Any]:
        return self._request("PUT", f"/views/{quote(view_id, safe='')}", json=data)

    def delete_view(self, view_id: str) -> None:
        self._request("DELETE", f"/views/{quote(view_id, safe='')}")

    # -- walls and pushed events -----------------------------------------------------
    def register_workstation(self, name: str, monitors: list[dict[str, Any]]) -> None:
        self._request("PUT", f"/walls/{quote(name, safe='')}", json={"monitors": monitors})

    def workstations(self) -> list[dict[str, Any]]:
        return list(self._request("GET", "/walls") or [])

    def push(self, workstation: str, monitor: int, *, camera_id: str | None = None,
             view: str | None = None) -> None:
        body = {"camera_id": camera_id} if camera_id else {"view": view}
        self._request("POST", f"/walls/{quote(workstation, safe='')}/monitors/{monitor}/push",
                      json=body)

    def events(self, workstation: str, stop: threading.Event,
               read_timeout_s: float = 30.0) -> Iterator[dict[str, Any]]:
        """The server-sent events for ``workstation``, each as its JSON data, until
        ``stop`` is set or the stream ends. Blocks: run it on a worker thread. The server
        sends a comment line every few seconds, so a dead link shows as a read timeout."""
        url = f"{self.base_url}{API}/events"
        headers = {"Accept": "text/event-stream", **self.auth_headers()}
        try:
            resp = self._session().get(url, params={"workstation": workstation},
                                       headers=headers, stream=True,
                                       timeout=(self.timeout_s, read_timeout_s))
        except requests.RequestException as exc:
            raise ApiError(ApiErrorKind.UNREACHABLE, mask_text(str(exc))) from exc
        with resp:
            if resp.status_code >= 400:
                raise self._error(resp)
            resp.encoding = "utf-8"  # SSE is UTF-8 by definition
            data: list[str] = []
            try:
                for line in resp.iter_lines(chunk_size=None, decode_unicode=True):
                    if stop.is_set():
                        return
                    if line is None or line.startswith(":"):
                        continue  # a keep-alive comment
                    if line == "":
                        if data:
                            yield _event_json("\n".join(data))
                        data = []
                    elif line.startswith("data:"):
                        data.append(line[5:].lstrip(" "))
            except requests.RequestException as exc:
                raise ApiError(ApiErrorKind.UNREACHABLE, mask_text(str(exc))) from exc

    # -- for the feature API modules (app/api/ptz.py, bookmarks.py, ...) ---------------
    def call(self, method: str, path: str, *, params: dict[str, str] | None = None,
             json: Any = None) -> Any:
        """One authorised JSON request to ``/api/v1<path>``; the answer's JSON or None."""
        return self._request(method, path, params=params, json=json)

    def call_bytes(self, method: str, path: str, *, params: dict[str, str] | None = None,
                   json: Any = None, data: bytes | None = None, content_type: str = "",
                   max_bytes: int = 16 << 20) -> tuple[bytes, str]:
        """One authorised request whose answer is read as bytes (a JPEG, or JSON the
        caller parses); ``data`` is sent as is with ``content_type`` (a CSV file)."""
        if not self.base_url:
            raise ApiError(ApiErrorKind.UNREACHABLE, "no server address")
        url = f"{self.base_url}{API}{path}"
        headers = dict(self.auth_headers())
        if content_type:
            headers["Content-Type"] = content_type
        log.debug("%s %s", method, mask_url(url))
        try:
            resp = self._session().request(method, url, params=params, json=json, data=data,
                                           headers=headers, timeout=self.timeout_s)
        except requests.RequestException as exc:
            raise ApiError(ApiErrorKind.UNREACHABLE, mask_text(str(exc))) from exc
        if resp.status_code >= 400:
            raise self._error(resp)
        if len(resp.content) > max_bytes:
            raise ApiError(ApiErrorKind.BAD_RESPONSE,
                           f"the answer is larger than {max_bytes} bytes")
        return resp.content, resp.headers.get("Content-Type", "")

    def url(self, path: str, params: dict[str, str] | None = None) -> str:
        """The full URL of ``/api/v1<path>`` (for engines that open it with auth_headers())."""
        query = f"?{urlencode(params)}" if params else ""
        return f"{self.base_url}{API}{path}{query}"

    def get_bytes(self, path: str, *, params: dict[str, str] | None = None,
                  max_bytes: int = 8 << 20) -> tuple[bytes, str]:
        """A small binary answer (a thumbnail): (body, content type)."""
        resp = self._raw_get(path, params, stream=True)
        with resp:
            body = b""
            try:
                for chunk in resp.iter_content(64 << 10):
                    body += chunk
                    if len(body) > max_bytes:
                        raise ApiError(ApiErrorKind.BAD_RESPONSE,
                                       f"the answer is larger than {max_bytes} bytes")
            except requests.RequestException as exc:
                raise ApiError(ApiErrorKind.UNREACHABLE, mask_text(str(exc))) from exc
            return body, resp.headers.get("Content-Type", "")

    def download(self, path: str, dest: Path, *, params: dict[str, str] | None = None,
                 progress: Callable[[int, int | None], None] | None = None,
                 stop: threading.Event | None = None) -> int:
        """Stream ``/api/v1<path>`` into ``dest`` (written as ``dest``.part, renamed when
        complete, so a cut download never looks finished). Returns the bytes written;
        ``progress(done, total)`` is called from this thread."""
        resp = self._raw_get(path, params, stream=True)
        part = dest.with_name(dest.name + ".part")
        total = int(resp.headers.get("Content-Length") or 0) or None
        done = 0
        with resp:
            try:
                with part.open("wb") as out:
                    for chunk in resp.iter_content(256 << 10):
                        if stop is not None and stop.is_set():
                            raise ApiError(ApiErrorKind.BAD_RESPONSE, "download cancelled")
                        out.write(chunk)
                        done += len(chunk)
                        if progress is not None:
                            progress(done, total)
            except requests.RequestException as exc:
                part.unlink(missing_ok=True)
                raise ApiError(ApiErrorKind.UNREACHABLE, mask_text(str(exc))) from exc
            except BaseException:
                part.unlink(missing_ok=True)
                raise
        if total is not None and done != total:
            part.unlink(missing_ok=True)
            raise ApiError(ApiErrorKind.BAD_RESPONSE, f"download cut at {done} of {total} bytes")
        part.replace(dest)
        return done

    def _raw_get(self, path: str, params: dict[str, str] | None,
                 stream: bool) -> requests.Response:
        url = f"{self.base_url}{API}{path}"
        log.debug("GET %s", mask_url(url))
        try:
            resp = self._session().get(url, params=params, headers=self.auth_headers(),
                                       stream=stream, timeout=self.timeout_s)
        except requests.RequestException as exc:
            raise ApiError(ApiErrorKind.UNREACHABLE, mask_text(str(exc))) from exc
        if resp.status_code >= 400:
            with resp:
                raise self._error(resp)
        return resp

    def _session(self) -> requests.Session:
        session = getattr(self._local, "session", None)
        if session is None:
            session = requests.Session()
            session.trust_env = False  # a desktop proxy must not see camera-center traffic
            self._local.session = session
        return session

    def _request(self, method: str, path: str, *, params: dict[str, str] | None = None,
                 json: Any = None, auth: bool = True) -> Any:
        if not self.base_url:
            raise ApiError(ApiErrorKind.UNREACHABLE, "no server address")
        url = f"{self.base_url}{API}{path}"
        headers = {"Accept": "application/json"}
        if auth:
            headers.update(self.auth_headers())
        log.debug("%s %s", method, mask_url(url))
        try:
            resp = self._session().request(method, url, params=params, json=json,
                                           headers=headers, timeout=self.timeout_s)
        except requests.RequestException as exc:
            log.info("%s %s: unreachable (%s)", method, mask_url(url), type(exc).__name__)
            raise ApiError(ApiErrorKind.UNREACHABLE, mask_text(str(exc))) from exc
        if resp.status_code >= 400:
            raise self._error(resp)
        if resp.status_code == 204 or not resp.content:
            return None
        try:
            return resp.json()
        except ValueError as exc:
            raise ApiError(ApiErrorKind.BAD_RESPONSE, "the server did not answer with JSON",
                           resp.status_code) from exc

    @staticmethod
    def _error(resp: requests.Response) -> ApiError:
        code, message, whole = "", "", {}
        try:
            detail = resp.json().get("detail")
            if isinstance(detail, dict):
                code = str(detail.get("code") or "")
                message = str(detail.get("message") or "")
                whole = detail
            elif isinstance(detail, str):
                message = detail
        except (ValueError, AttributeError):
            message = resp.reason or ""
        kind = kind_for(resp.status_code, code)
        log.info("HTTP %s from %s: %s %s", resp.status_code, mask_url(resp.url), code, message)
        return ApiError(kind, message or f"HTTP {resp.status_code}", resp.status_code, code,
                        whole)


def _event_json(text: str) -> dict[str, Any]:
    try:
        value = json_module.loads(text)
    except ValueError:
        return {}
    return value if isinstance(value, dict) else {}
