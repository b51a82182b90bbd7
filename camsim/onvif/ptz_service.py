"""ONVIF PTZ service (ver20) driving a camera's PtzHead and preset store."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from datetime import UTC, datetime

from camsim.onvif import ptz_xml
from camsim.onvif.device import CameraDevice
from camsim.onvif.media import profile_token
from camsim.onvif.soap import (
    Request,
    action_not_supported,
    child,
    child_text,
    el,
    invalid_arg,
    parse_duration,
    text,
)
from camsim.presets import PresetLimitError
from camsim.ptz import Position, Velocity

_GENERIC_SPACES = {
    None,
    ptz_xml.PAN_TILT_POSITION, ptz_xml.ZOOM_POSITION,
    ptz_xml.PAN_TILT_TRANSLATION, ptz_xml.ZOOM_TRANSLATION,
    ptz_xml.PAN_TILT_VELOCITY, ptz_xml.ZOOM_VELOCITY,
    ptz_xml.PAN_TILT_SPEED, ptz_xml.ZOOM_SPEED,
}  # fmt: skip


def handle(device: CameraDevice, request: Request) -> str:
    if not device.camera.ptz or device.head is None:
        raise action_not_supported("PTZNotSupported", f"{device.camera.id} has no PTZ")
    handlers = {
        "GetNodes": lambda: el("tptz:GetNodesResponse", ptz_xml.node()),
        "GetNode": lambda: el("tptz:GetNodeResponse", ptz_xml.node("tptz:PTZNode")),
        "GetConfigurations": lambda: el(
            "tptz:GetConfigurationsResponse", ptz_xml.configuration("tptz:PTZConfiguration")
        ),
        "GetConfiguration": lambda: el(
            "tptz:GetConfigurationResponse", ptz_xml.configuration("tptz:PTZConfiguration")
        ),
        "GetStatus": lambda: _status(device, request),
        "ContinuousMove": lambda: _continuous_move(device, request),
        "RelativeMove": lambda: _relative_move(device, request),
        "AbsoluteMove": lambda: _absolute_move(device, request),
        "Stop": lambda: _stop(device, request),
        "GotoHomePosition": lambda: _home(device, request),
        "GetPresets": lambda: _presets(device, request),
        "SetPreset": lambda: _set_preset(device, request),
        "GotoPreset": lambda: _goto_preset(device, request),
        "RemovePreset": lambda: _remove_preset(device, request),
    }
    handler = handlers.get(request.name)
    if handler is None:
        raise action_not_supported("NotSupported", f"{request.name} is not supported")
    return handler()


def _float(node: ET.Element | None, attr: str) -> float | None:
    if node is None or node.get(attr) is None:
        return None
    try:
        return float(node.get(attr))
    except ValueError:
        raise invalid_arg("InvalidVector", f"{attr}={node.get(attr)!r} is not a number") from None


def _axes(vector: ET.Element | None) -> tuple[float | None, float | None, float | None]:
    """(pan, tilt, zoom) of a tt:PTZVector / tt:PTZSpeed; None for an absent axis."""
    pan_tilt = child(vector, "tt:PanTilt")
    zoom = child(vector, "tt:Zoom")
    for node in (pan_tilt, zoom):
        if node is not None and node.get("space") not in _GENERIC_SPACES:
            raise invalid_arg("SpaceNotSupported", f"space {node.get('space')} not supported")
    return _float(pan_tilt, "x"), _float(pan_tilt, "y"), _float(zoom, "x")


def _check_range(value: float | None, low: float, high: float) -> None:
    if value is not None and not low <= value <= high:
        raise invalid_arg("InvalidPosition", f"{value} outside [{low}, {high}]")


def _status(device: CameraDevice, request: Request) -> str:
    profile_token(device, request)
    status = device.head.status()
    body = (
        ptz_xml.vector(
            "tt:Position", status.position, ptz_xml.PAN_TILT_POSITION, ptz_xml.ZOOM_POSITION
        )
        + el("tt:MoveStatus", el("tt:PanTilt", text(status.pan_tilt.value))
             + el("tt:Zoom", text(status.zoom.value)))
        + el("tt:UtcTime", text(datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")))
    )  # fmt: skip
    return el("tptz:GetStatusResponse", el("tptz:PTZStatus", body))


def _continuous_move(device: CameraDevice, request: Request) -> str:
    profile_token(device, request)
    pan, tilt, zoom = _axes(child(request.operation, "tptz:Velocity"))
    for value in (pan, tilt, zoom):
        _check_range(value, -1, 1)
    timeout_text = child_text(request.operation, "tptz:Timeout")
    timeout = ptz_xml.DEFAULT_TIMEOUT_S if timeout_text is None else parse_duration(timeout_text)
    device.head.continuous_move(Velocity(pan or 0.0, tilt or 0.0, zoom or 0.0), timeout)
    return el("tptz:ContinuousMoveResponse")


def _relative_move(device: CameraDevice, request: Request) -> str:
    profile_token(device, request)
    pan, tilt, zoom = _axes(child(request.operation, "tptz:Translation"))
    device.head.relative_move(Position(pan or 0.0, tilt or 0.0, zoom or 0.0))
    return el("tptz:RelativeMoveResponse")


def _absolute_move(device: CameraDevice, request: Request) -> str:
    profile_token(device, request)
    pan, tilt, zoom = _axes(child(request.operation, "tptz:Position"))
    _check_range(pan, -1, 1)
    _check_range(tilt, -1, 1)
    _check_range(zoom, 0, 1)
    here = device.head.position()
    device.head.absolute_move(
        Position(
            here.pan if pan is None else pan,
            here.tilt if tilt is None else tilt,
            here.zoom if zoom is None else zoom,
        )
    )
    return el("tptz:AbsoluteMoveResponse")


def _flag(request: Request, name: str) -> bool:
    value = child_text(request.operation, f"tptz:{name}")
    return value is None or value.lower() in ("true", "1")


def _stop(device: CameraDevice, request: Request) -> str:
    profile_token(device, request)
    device.head.stop(pan_tilt=_flag(request, "PanTilt"), zoom=_flag(request, "Zoom"))
    return el("tptz:StopResponse")


def _home(device: CameraDevice, request: Request) -> str:
    profile_token(device, request)
    device.head.absolute_move(Position())
    return el("tptz:GotoHomePositionResponse")


def _presets(device: CameraDevice, request: Request) -> str:
    profile_token(device, request)
    body = "".join(
        el(
            "tptz:Preset",
            el("tt:Name", text(p.name))
            + ptz_xml.vector(
                "tt:PTZPosition", p.position, ptz_xml.PAN_TILT_POSITION, ptz_xml.ZOOM_POSITION
            ),
            token=p.token,
        )
        for p in device.presets.all()
    )
    return el("tptz:GetPresetsResponse", body)


def _set_preset(device: CameraDevice, request: Request) -> str:
    profile_token(device, request)
    token = child_text(request.operation, "tptz:PresetToken")
    if token is not None and device.presets.get(token) is None:
        raise invalid_arg("NoToken", f"no preset with token {token!r}")
    name = child_text(request.operation, "tptz:PresetName")
    try:
        preset = device.presets.save(device.head.position(), name, token)
    except PresetLimitError:
        raise action_not_supported("TooManyPresets", "preset memory is full") from None
    return el("tptz:SetPresetResponse", el("tptz:PresetToken", text(preset.token)))


def _goto_preset(device: CameraDevice, request: Request) -> str:
    profile_token(device, request)
    token = child_text(request.operation, "tptz:PresetToken") or ""
    preset = device.presets.get(token)
    if preset is None:
        raise invalid_arg("NoToken", f"no preset with token {token!r}")
    device.head.absolute_move(preset.position)
    return el("tptz:GotoPresetResponse")


def _remove_preset(device: CameraDevice, request: Request) -> str:
    profile_token(device, request)
    token = child_text(request.operation, "tptz:PresetToken") or ""
    if not device.presets.remove(token):
        raise invalid_arg("NoToken", f"no preset with token {token!r}")
    return el("tptz:RemovePresetResponse")
