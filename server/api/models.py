"""Request and response bodies, declared so /openapi.json describes them."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, Field


class LoginRequest(BaseModel):
    username: str = Field(min_length=1, max_length=100)
    password: str = Field(min_length=1, max_length=1000)


class UserOut(BaseModel):
    username: str
    display_name: str
    roles: list[str]
    areas: list[str]
    must_change_password: bool = Field(
        False, description="true: only POST /auth/password (and me, logout) answers until "
        "the user has chosen a new password"
    )


class PasswordChange(BaseModel):
    model_config = {"extra": "forbid"}
    old_password: str = Field(min_length=1, max_length=1000)
    # Only bounded here: the rules (server/password_policy.py) answer 422 weak_password
    # with a sentence the client shows.
    new_password: str = Field(min_length=1, max_length=1000)


class LoginResponse(BaseModel):
    token: str
    expires_at: str = Field(description="UTC, ISO 8601 with Z")
    user: UserOut


class AreaOut(BaseModel):
    id: str
    name: str
    kind: Literal["kota", "kecamatan", "kelurahan", "rw", "rt"]
    children: list[AreaOut]


class StreamOut(BaseModel):
    profile: Literal["main", "sub", "third"]
    width: int | None
    height: int | None
    fps: float | None


class CameraOut(BaseModel):
    id: str
    name: str
    area_id: str
    area_path: list[str]
    tags: list[str]
    ptz: bool
    lat: float | None
    lon: float | None
    profiles: list[str]
    streams: list[StreamOut] = Field(
        description="each profile's picture as probed at onboarding (null: not probed)")
    status: Literal["online", "offline", "unknown"] = Field(
        "unknown", description="left out with ?status=false (GET /camera-statuses)")


class LiveOut(BaseModel):
    url: str = Field(description="rtsp://; through the relay it carries ?ticket=")
    profile: Literal["main", "sub", "third"]
    expires_at: str | None = Field(
        description="UTC: a relay URL starts no session after this; null for a direct one"
    )
    codec: str | None
    width: int | None
    height: int | None
    via: Literal["relay", "direct"]


class AreaSettingsIn(BaseModel):
    live_direct: bool = Field(
        description="cameras in this subtree without stored credentials are watched directly"
    )


class AreaSettingsOut(BaseModel):
    id: str
    name: str
    kind: str
    live_direct: bool


class SpanOut(BaseModel):
    start: str
    end: str


class GapOut(BaseModel):
    """Recorded but not there (issue 13): the segment's file is gone, cut short or
    damaged. A stretch in neither spans nor gaps was not recorded."""

    start: str
    end: str
    reason: Literal["missing", "truncated", "corrupt", "unavailable"]


class RecordingsOut(BaseModel):
    camera_id: str
    spans: list[SpanOut]
    gaps: list[GapOut] = []


class VolumeOut(BaseModel):
    roles: list[Literal["recordings", "database"]]
    total_bytes: int
    free_bytes: int
    reserve_bytes: int  # recording pauses below this
    high_water_bytes: int  # retention deletes the oldest below this; recording resumes above


class StorageOut(BaseModel):
    state: Literal["ok", "low", "recording_paused"]
    reason: str | None = Field(None, description="what is wrong and what to do; null when ok")
    free_bytes: int = Field(description="free on the recordings' volume")
    reserve_bytes: int = Field(description="the recordings' volume's reserve")
    recording_paused: bool
    alarm: bool = Field(description="retention cannot make room: someone must")
    volumes: list[VolumeOut]
    path: str | None = Field(None, description="the recordings folder; administrators only")


class RecorderOut(BaseModel):
    cameras: dict[
        str,
        Literal["recording", "stalled", "reconnecting", "offline", "disabled", "paused_for_space"],
    ]


class HealthOut(BaseModel):
    status: Literal["ok", "degraded", "critical"]
    version: str
    # Signed in only: the cameras of the caller's areas, and the storage.
    recorder: RecorderOut | None = None
    storage: StorageOut | None = None


class ErrorDetail(BaseModel):
    code: str
    message: str


class ErrorOut(BaseModel):
    detail: ErrorDetail


ERRORS = {code: {"model": ErrorOut} for code in (400, 401, 403, 404, 422, 500)}
