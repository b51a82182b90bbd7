"""ONVIF PTZ schema pieces (tt:) shared by the media and PTZ services."""

from __future__ import annotations

from camsim.onvif.soap import el, format_duration, text
from camsim.presets import MAX_PRESETS
from camsim.ptz import Position

_SPACES = "http://www.onvif.org/ver10/tptz"
PAN_TILT_POSITION = f"{_SPACES}/PanTiltSpaces/PositionGenericSpace"
ZOOM_POSITION = f"{_SPACES}/ZoomSpaces/PositionGenericSpace"
PAN_TILT_TRANSLATION = f"{_SPACES}/PanTiltSpaces/TranslationGenericSpace"
ZOOM_TRANSLATION = f"{_SPACES}/ZoomSpaces/TranslationGenericSpace"
PAN_TILT_VELOCITY = f"{_SPACES}/PanTiltSpaces/VelocityGenericSpace"
ZOOM_VELOCITY = f"{_SPACES}/ZoomSpaces/VelocityGenericSpace"
PAN_TILT_SPEED = f"{_SPACES}/PanTiltSpaces/GenericSpeedSpace"
ZOOM_SPEED = f"{_SPACES}/ZoomSpaces/ZoomGenericSpeedSpace"

NODE_TOKEN = "ptz-node"
CONFIG_TOKEN = "ptz-config"
DEFAULT_TIMEOUT_S = 10.0


def _range(low: float, high: float) -> str:
    return el("tt:Min", text(float(low))) + el("tt:Max", text(float(high)))


def _space2d(tag: str, uri: str, low: float = -1, high: float = 1) -> str:
    return el(
        tag,
        el("tt:URI", text(uri)) + el("tt:XRange", _range(low, high))
        + el("tt:YRange", _range(low, high)),
    )  # fmt: skip


def _space1d(tag: str, uri: str, low: float = 0, high: float = 1) -> str:
    return el(tag, el("tt:URI", text(uri)) + el("tt:XRange", _range(low, high)))


def vector(tag: str, pos: Position, pan_tilt_space: str, zoom_space: str) -> str:
    return el(
        tag,
        el("tt:PanTilt", "", x=pos.pan, y=pos.tilt, space=pan_tilt_space)
        + el("tt:Zoom", "", x=pos.zoom, space=zoom_space),
    )


def configuration(tag: str = "tt:PTZConfiguration") -> str:
    return el(
        tag,
        el("tt:Name", text("PTZ"))
        + el("tt:UseCount", text(2))
        + el("tt:NodeToken", text(NODE_TOKEN))
        + el("tt:DefaultAbsolutePantTiltPositionSpace", text(PAN_TILT_POSITION))
        + el("tt:DefaultAbsoluteZoomPositionSpace", text(ZOOM_POSITION))
        + el("tt:DefaultRelativePanTiltTranslationSpace", text(PAN_TILT_TRANSLATION))
        + el("tt:DefaultRelativeZoomTranslationSpace", text(ZOOM_TRANSLATION))
        + el("tt:DefaultContinuousPanTiltVelocitySpace", text(PAN_TILT_VELOCITY))
        + el("tt:DefaultContinuousZoomVelocitySpace", text(ZOOM_VELOCITY))
        + vector("tt:DefaultPTZSpeed", Position(1.0, 1.0, 1.0), PAN_TILT_SPEED, ZOOM_SPEED)
        + el("tt:DefaultPTZTimeout", text(format_duration(DEFAULT_TIMEOUT_S)))
        + el("tt:PanTiltLimits", _space2d("tt:Range", PAN_TILT_POSITION))
        + el("tt:ZoomLimits", _space1d("tt:Range", ZOOM_POSITION)),
        token=CONFIG_TOKEN,
    )


def node(tag: str = "tptz:PTZNode") -> str:
    spaces = (
        _space2d("tt:AbsolutePanTiltPositionSpace", PAN_TILT_POSITION)
        + _space1d("tt:AbsoluteZoomPositionSpace", ZOOM_POSITION)
        + _space2d("tt:RelativePanTiltTranslationSpace", PAN_TILT_TRANSLATION)
        + _space1d("tt:RelativeZoomTranslationSpace", ZOOM_TRANSLATION, -1, 1)
        + _space2d("tt:ContinuousPanTiltVelocitySpace", PAN_TILT_VELOCITY)
        + _space1d("tt:ContinuousZoomVelocitySpace", ZOOM_VELOCITY, -1, 1)
        + _space1d("tt:PanTiltSpeedSpace", PAN_TILT_SPEED)
        + _space1d("tt:ZoomSpeedSpace", ZOOM_SPEED)
    )
    return el(
        tag,
        el("tt:Name", text("PTZ"))
        + el("tt:SupportedPTZSpaces", spaces)
        + el("tt:MaximumNumberOfPresets", text(MAX_PRESETS))
        + el("tt:HomeSupported", text(True)),
        token=NODE_TOKEN,
        FixedHomePosition=True,
    )
