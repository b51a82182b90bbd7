"""The camera administration dialogs' behaviour, without widgets: what a probe needs,
when Save is allowed, what is sent to the server, how streams read in the table and
which cameras a search keeps. The widgets in ui/admin/ paint this and forward input.

Every function here is pure: a state in, an answer out."""

from __future__ import annotations

import enum
import math
import re
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from typing import Any
from urllib.parse import urlsplit

from app.api.admin import (
    AdminCamera,
    CameraDraft,
    ImportOutcome,
    ImportReport,
    ProbeKind,
    ProbeResult,
    StreamInfo,
)
from app.camera_nodes import node_valid

PROFILES = ("main", "sub", "third")  # largest picture first, as the server orders them
CAMERA_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$")  # the server's rule
MAX_RETENTION_DAYS = 3650
_CODEC_LABELS = {"h264": "H.264", "h265": "H.265", "hevc": "H.265", "mjpeg": "MJPEG",
                 "mpeg4": "MPEG-4"}


class FormProblem(enum.Enum):
    """Why Probe or Save cannot run yet; the dialog shows each in its own words."""
    ADDRESS_MISSING = "address_missing"  # ONVIF: no host:port
    MAIN_URL_MISSING = "main_url_missing"  # RTSP: no main URL
    URL_NOT_RTSP = "url_not_rtsp"  # a stream URL that is not rtsp://host/...
    URL_HAS_ACCOUNT = "url_has_account"  # user:password@ in a URL: use the fields
    USERNAME_MISSING = "username_missing"  # a password without a user name
    PROBING = "probing"  # a probe is under way
    PROBE_FIRST = "probe_first"  # no probe of what the fields say now
    NO_MAIN_STREAM = "no_main_stream"  # the probe found no stream at all
    ID_MISSING = "id_missing"
    ID_INVALID = "id_invalid"  # letters, digits, . _ - only, at most 64
    NAME_MISSING = "name_missing"
    AREA_MISSING = "area_missing"
    LAT_INVALID = "lat_invalid"
    LON_INVALID = "lon_invalid"
    NODE_INVALID = "node_invalid"  # a recording node's name: the id's rule
    SAVING = "saving"  # Save was pressed and the server has not answered


@dataclass(frozen=True)
class SourceFields:
    """Where the camera is and the account it takes: what a probe is asked about."""
    kind: ProbeKind = ProbeKind.ONVIF
    address: str = ""  # ONVIF host:port or device service URL
    urls: tuple[str, str, str] = ("", "", "")  # main, sub, third
    username: str = ""
    password: str = field(default="", repr=False)

    def url_map(self) -> dict[str, str]:
        return {p: u.strip() for p, u in zip(PROFILES, self.urls, strict=True) if u.strip()}

    def same_place(self, other: SourceFields | None) -> bool:
        """Whether ``other`` names the same streams (the account aside)."""
        return other is not None and (self.kind, self.address.strip(), self.url_map()) == (
            other.kind, other.address.strip(), other.url_map())


@dataclass(frozen=True)
class CameraFields:
    camera_id: str = ""
    name: str = ""
    area_id: str = ""
    tags_text: str = ""
    lat_text: str = ""
    lon_text: str = ""
    record: bool = True
    retention_days: int = 0  # 0: the server's default
    node_text: str = ""  # the recording node it is pinned to; empty: any (balanced)


@dataclass(frozen=True)
class DialogState:
    """The add/edit dialog. ``probe`` answered for ``probed``; it counts only while the
    fields still say the same (see current_probe)."""
    source: SourceFields = SourceFields()
    camera: CameraFields = CameraFields()
    editing: AdminCamera | None = None  # the camera being edited; None: adding
    probe: ProbeResult | None = None
    probed: SourceFields | None = None
    probing: bool = False
    saving: bool = False


# -- the probe ------------------------------------------------------------------------

def probe_problem(source: SourceFields) -> FormProblem | None:
    """What stops a probe of these fields (None: it may run)."""
    if source.kind is ProbeKind.ONVIF:
        if not source.address.strip():
            return FormProblem.ADDRESS_MISSING
    else:
        if not source.urls[0].strip():
            return FormProblem.MAIN_URL_MISSING
        for url in source.url_map().values():
            problem = url_problem(url)
            if problem is not None:
                return problem
    if source.password and not source.username.strip():
        return FormProblem.USERNAME_MISSING
    return None


def url_problem(url: str) -> FormProblem | None:
    try:
        parts = urlsplit(url.strip())
        host = parts.hostname
    except ValueError:
        return FormProblem.URL_NOT_RTSP
    if parts.scheme.lower() not in ("rtsp", "rtsps") or not host:
        return FormProblem.URL_NOT_RTSP
    if parts.username is not None or parts.password is not None:
        return FormProblem.URL_HAS_ACCOUNT
    return None


def probing(state: DialogState) -> DialogState:
    """A probe of the fields as they are now; what it answers counts for them only."""
    return replace(state, probing=True, probe=None, probed=state.source)


def probe_answered(state: DialogState, result: ProbeResult) -> DialogState:
    """The newest probe's answer (the service drops older ones); the name is filled
    from vendor and model when still empty."""
    camera = state.camera
    if not camera.name.strip() and (result.vendor or result.model):
        camera = replace(camera, name=" ".join(p for p in (result.vendor, result.model) if p))
    return replace(state, probing=False, probe=result, camera=camera)


def probe_refused(state: DialogState) -> DialogState:
    return replace(state, probing=False, probe=None, probed=None)


def current_probe(state: DialogState) -> ProbeResult | None:
    """The probe's answer while the fields still name what was probed, account included
    (a probe with a wrong password must not save the right one untested)."""
    if state.probe is None or state.probed != state.source:
        return None
    return state.probe


def fill_suggested(source: SourceFields, profile: str, url: str) -> SourceFields:
    """A vendor pattern clicked: its URL goes into that profile's RTSP field."""
    urls = list(source.urls)
    urls[PROFILES.index(profile)] = url
    return replace(source, kind=ProbeKind.RTSP, urls=(urls[0], urls[1], urls[2]))


# -- saving ---------------------------------------------------------------------------

def parse_tags(text: str) -> tuple[str, ...]:
    """Comma or semicolon separated; blanks and repeats dropped, order kept."""
    seen: dict[str, None] = {}
    for tag in re.split(r"[,;]", text):
        if tag.strip():
            seen.setdefault(tag.strip(), None)
    return tuple(seen)


def parse_coordinate(text: str, limit: float) -> float | None:
    """A decimal degree within ±limit ("-6,2" as well as "-6.2"); ValueError if not;
    None when empty."""
    text = text.strip().replace(",", ".")
    if not text:
        return None
    value = float(text)
    if not math.isfinite(value) or abs(value) > limit:
        raise ValueError(f"{value} is outside ±{limit}")
    return value


def camera_problem(camera: CameraFields, editing: bool) -> FormProblem | None:
    if not editing:
        if not camera.camera_id.strip():
            return FormProblem.ID_MISSING
        if not CAMERA_ID.match(camera.camera_id.strip()):
            return FormProblem.ID_INVALID
    if not camera.name.strip():
        return FormProblem.NAME_MISSING
    if not camera.area_id:
        return FormProblem.AREA_MISSING
    for text, limit, problem in ((camera.lat_text, 90.0, FormProblem.LAT_INVALID),
                                 (camera.lon_text, 180.0, FormProblem.LON_INVALID)):
        try:
            parse_coordinate(text, limit)
        except ValueError:
            return problem
    if not node_valid(camera.node_text):
        return FormProblem.NODE_INVALID
    return None


def save_problem(state: DialogState) -> FormProblem | None:
    """What keeps Save disabled (None: it may be pressed)."""
    if state.saving:
        return FormProblem.SAVING
    if state.probing:
        return FormProblem.PROBING
    if state.editing is None or _source_changed(state):
        problem = probe_problem(state.source)
        if problem is not None:
            return problem
        probe = current_probe(state)
        if probe is None:
            return FormProblem.PROBE_FIRST
        if not any(s.profile == "main" for s in probe.streams):
            return FormProblem.NO_MAIN_STREAM
    elif state.source.password and not state.source.username.strip():
        return FormProblem.USERNAME_MISSING
    return camera_problem(state.camera, state.editing is not None)


def source_of(camera: AdminCamera) -> SourceFields:
    """An edited camera's streams as the RTSP fields show them (no account: the server
    never answers it)."""
    by_profile = {s.profile: s.url for s in camera.streams}
    urls = tuple(by_profile.get(p, "") for p in PROFILES)
    return SourceFields(ProbeKind.RTSP, camera.onvif_url or "", (urls[0], urls[1], urls[2]))


def fields_of(camera: AdminCamera) -> CameraFields:
    def degrees(value: float | None) -> str:
        return "" if value is None else f"{value:.6f}".rstrip("0").rstrip(".")

    return CameraFields(camera.id, camera.name, camera.area_id, ", ".join(camera.tags),
                        degrees(camera.lat), degrees(camera.lon), camera.record,
                        int(camera.retention_days or 0), camera.pinned_node or "")


def _source_changed(state: DialogState) -> bool:
    assert state.editing is not None
    return not state.source.same_place(source_of(state.editing))


def _streams(probe: ProbeResult) -> dict[str, StreamInfo]:
    return {s.profile: s for s in ordered_streams(probe.streams)}


def _retention(camera: CameraFields) -> float | None:
    return float(camera.retention_days) if camera.retention_days > 0 else None


def camera_draft(state: DialogState) -> CameraDraft:
    """The new camera as POST /admin/cameras takes it; call only when save_problem is
    None. The account typed for the probe becomes the camera's own."""
    probe = current_probe(state)
    assert probe is not None and state.editing is None
    camera, source = state.camera, state.source
    return CameraDraft(
        id=camera.camera_id.strip(), name=camera.name.strip(), area_id=camera.area_id,
        streams=_streams(probe), tags=parse_tags(camera.tags_text),
        lat=parse_coordinate(camera.lat_text, 90.0), lon=parse_coordinate(camera.lon_text, 180.0),
        ptz=probe.ptz, onvif_url=probe.onvif_url, vendor=probe.vendor, model=probe.model,
        username=source.username.strip(), password=source.password, record=camera.record,
        retention_days=_retention(camera))


def camera_changes(state: DialogState) -> dict[str, Any]:
    """PUT /admin/cameras/{id}'s body: only what differs from the camera as listed, and
    a new account only when a password was typed."""
    old = state.editing
    assert old is not None
    camera, source = state.camera, state.source
    wanted: dict[str, Any] = {
        "name": camera.name.strip(), "area_id": camera.area_id,
        "tags": list(parse_tags(camera.tags_text)),
        "lat": parse_coordinate(camera.lat_text, 90.0),
        "lon": parse_coordinate(camera.lon_text, 180.0),
        "record": camera.record, "retention_days": _retention(camera),
    }
    before: dict[str, Any] = {
        "name": old.name, "area_id": old.area_id, "tags": list(old.tags), "lat": old.lat,
        "lon": old.lon, "record": old.record, "retention_days": old.retention_days,
    }
    changes = {k: v for k, v in wanted.items() if v != before[k]}
    probe = current_probe(state)
    if probe is not None and _source_changed(state):
        changes["streams"] = {p: s.to_json() for p, s in _streams(probe).items()}
        if probe.onvif_url:
            changes["onvif_url"] = probe.onvif_url
        if probe.vendor or probe.model:
            changes.update(vendor=probe.vendor or None, model=probe.model or None,
                           ptz=probe.ptz)
    if source.password:
        changes["credentials"] = {"username": source.username.strip(),
                                  "password": source.password}
    return changes


# -- showing cameras ------------------------------------------------------------------

def ordered_streams(streams: Iterable[StreamInfo]) -> list[StreamInfo]:
    """main → sub → third, whatever order they came in; other names last."""
    def rank(stream: StreamInfo) -> int:
        return PROFILES.index(stream.profile) if stream.profile in PROFILES else len(PROFILES)

    return sorted(streams, key=rank)


def codec_label(codec: str) -> str:
    return _CODEC_LABELS.get(codec.lower(), codec.upper()) if codec else "?"


def stream_text(stream: StreamInfo) -> str:
    """'H.265 1920x1080', with the frame rate when known: 'H.265 1920x1080 25 fps'."""
    parts = [codec_label(stream.codec)]
    if stream.width and stream.height:
        parts.append(f"{stream.width}x{stream.height}")
    if stream.fps:
        parts.append(f"{stream.fps:g} fps")
    return " ".join(parts)


def streams_summary(streams: Iterable[StreamInfo]) -> str:
    """The table's one cell: 'H.265 1920x1080 · H.264 640x360 · H.264 320x180'."""
    return " · ".join(
        " ".join(p for p in (codec_label(s.codec),
                             f"{s.width}x{s.height}" if s.width and s.height else "") if p)
        for s in ordered_streams(streams))


def matches(camera: AdminCamera, query: str) -> bool:
    """Every word of the query in the camera's id, name, area, vendor, model, tags, state
    or recording node."""
    words = query.lower().split()
    if not words:
        return True
    text = " ".join((camera.id, camera.name, *camera.area_path, camera.vendor, camera.model,
                     *camera.tags, camera.state.value, camera.pinned_node or "")).lower()
    return all(word in text for word in words)


# -- the import report ----------------------------------------------------------------

@dataclass(frozen=True)
class ReportSummary:
    create: int
    update: int
    unchanged: int
    error: int

    @property
    def total(self) -> int:
        return self.create + self.update + self.unchanged + self.error


def report_summary(report: ImportReport) -> ReportSummary:
    """Counted from the lines (what the administrator reads), not the header."""
    count = {outcome: 0 for outcome in ImportOutcome}
    for line in report.lines:
        count[line.outcome] += 1
    return ReportSummary(count[ImportOutcome.CREATE], count[ImportOutcome.UPDATE],
                         count[ImportOutcome.UNCHANGED], count[ImportOutcome.ERROR])


def can_import(report: ImportReport | None) -> bool:
    """Import only after a dry run of this file without an error line, and something
    to change."""
    if report is None or not report.dry_run:
        return False
    summary = report_summary(report)
    return summary.error == 0 and report.failed == 0 and summary.create + summary.update > 0
