"""ONVIF device, media and PTZ services, PTZ checked in the decoded picture."""

from __future__ import annotations

import pytest

from tests.camsim.onvif_client import NS, call
from tests.camsim.pictures import LiveReader, mean_abs_diff, measure_shift, measure_zoom
from tests.support.camsim_fleet import run_camsim

PTZ_CAM = "cam001"
# Frames to wait after a command: more than the way from renderer to decoder holds.
SETTLE = 30


def _ptz(fleet, body: str):
    reply = call(fleet.onvif_url(PTZ_CAM, "ptz_service"), body,
                 *fleet.credentials(PTZ_CAM))  # fmt: skip
    assert reply.status == 200, reply.fault_subcodes
    return reply


def _absolute(fleet, pan: float, tilt: float, zoom: float):
    return _ptz(fleet, "<tptz:AbsoluteMove><tptz:ProfileToken>sub</tptz:ProfileToken>"
                f'<tptz:Position><tt:PanTilt x="{pan}" y="{tilt}"/><tt:Zoom x="{zoom}"/>'
                "</tptz:Position></tptz:AbsoluteMove>")  # fmt: skip


def _position(fleet) -> tuple[float, float, float, str]:
    body = _ptz(fleet, "<tptz:GetStatus><tptz:ProfileToken>sub</tptz:ProfileToken>"
                       "</tptz:GetStatus>").body  # fmt: skip
    pan_tilt = body.find(".//tt:Position/tt:PanTilt", NS)
    zoom = body.find(".//tt:Position/tt:Zoom", NS)
    moving = body.find(".//tt:MoveStatus/tt:PanTilt", NS).text
    return float(pan_tilt.get("x")), float(pan_tilt.get("y")), float(zoom.get("x")), moving


@pytest.fixture
def view(fleet):
    reader = LiveReader(fleet.rtsp_url(PTZ_CAM, "sub"))
    try:
        reader.frame_after(SETTLE)  # past the burst the client buffered while probing
        _absolute(fleet, 0, 0, 0)
        yield reader
    finally:
        reader.close()


def test_device_information_needs_the_cameras_own_password(fleet):
    url = fleet.onvif_url("cam002")
    user, password = fleet.credentials("cam002")
    ok = call(url, "<tds:GetDeviceInformation/>", user, password)
    assert ok.status == 200
    assert ok.body.find("tds:Manufacturer", NS).text == "Pantau"
    assert ok.body.find("tds:HardwareId", NS).text == "cam002"
    wrong = ((user, "wrong"), (None, None), ("other", password),
             fleet.credentials("cam003"),  # another camera's account
             (user, fleet.secret))  # the fleet secret is no camera's password  # fmt: skip
    for user, password in wrong:
        denied = call(url, "<tds:GetDeviceInformation/>", user, password)
        assert denied.status in (400, 401)
        assert "ter:NotAuthorized" in denied.fault_subcodes


def test_a_stale_token_is_refused(fleet):
    stale = call(fleet.onvif_url("cam002"), "<tds:GetDeviceInformation/>",
                 *fleet.credentials("cam002"), created_offset_s=-3600)  # fmt: skip
    assert "ter:NotAuthorized" in stale.fault_subcodes


def test_capabilities_are_public_and_point_at_the_services(fleet):
    reply = call(fleet.onvif_url(PTZ_CAM), '<tds:GetCapabilities><tds:Category>All'
                 "</tds:Category></tds:GetCapabilities>")  # fmt: skip
    assert reply.status == 200
    caps = reply.body.find("tds:Capabilities", NS)
    assert caps.find("tt:Media/tt:XAddr", NS).text == fleet.onvif_url(PTZ_CAM, "media_service")
    assert caps.find("tt:PTZ/tt:XAddr", NS).text == fleet.onvif_url(PTZ_CAM, "ptz_service")
    fixed = call(fleet.onvif_url("cam002"), "<tds:GetCapabilities/>").body
    assert fixed.find("tds:Capabilities/tt:PTZ", NS) is None


@pytest.mark.parametrize("profile", ["main", "sub"])
def test_stream_uri_is_the_rtsp_url_of_the_profile(fleet, profile):
    reply = call(fleet.onvif_url("cam003", "media_service"),
                 "<trt:GetStreamUri><trt:StreamSetup><tt:Stream>RTP-Unicast</tt:Stream>"
                 "<tt:Transport><tt:Protocol>RTSP</tt:Protocol></tt:Transport></trt:StreamSetup>"
                 f"<trt:ProfileToken>{profile}</trt:ProfileToken></trt:GetStreamUri>",
                 *fleet.credentials("cam003"))  # fmt: skip
    assert reply.status == 200
    uri = reply.body.find("trt:MediaUri/tt:Uri", NS).text
    assert uri == fleet.rtsp_url("cam003", profile, with_credentials=False)


def test_profiles_carry_ptz_only_on_ptz_cameras(fleet):
    def profiles(cam):
        reply = call(fleet.onvif_url(cam, "media_service"), "<trt:GetProfiles/>",
                     *fleet.credentials(cam))  # fmt: skip
        return reply.body.findall("trt:Profiles", NS)

    ptz, fixed = profiles(PTZ_CAM), profiles("cam002")
    assert [p.get("token") for p in ptz] == ["main", "sub", "third"]
    assert [p.get("token") for p in fixed] == ["main", "sub"]
    assert all(p.find("tt:PTZConfiguration", NS) is not None for p in ptz)
    assert all(p.find("tt:PTZConfiguration", NS) is None for p in fixed)
    width = ptz[1].find("tt:VideoEncoderConfiguration/tt:Resolution/tt:Width", NS).text
    assert width == "640"


def test_ptz_on_a_fixed_camera_is_a_fault(fleet):
    reply = call(fleet.onvif_url("cam002", "ptz_service"),
                 "<tptz:GetStatus><tptz:ProfileToken>main</tptz:ProfileToken></tptz:GetStatus>",
                 *fleet.credentials("cam002"))  # fmt: skip
    assert reply.status == 500
    assert "ter:PTZNotSupported" in reply.fault_subcodes


def test_pan_right_moves_the_scene_left(fleet, view):
    before = view.frame_after(SETTLE)
    _ptz(fleet, "<tptz:RelativeMove><tptz:ProfileToken>sub</tptz:ProfileToken>"
                '<tptz:Translation><tt:PanTilt x="0.2" y="0"/></tptz:Translation>'
                "</tptz:RelativeMove>")  # fmt: skip
    after = view.frame_after(SETTLE)
    dx, dy = measure_shift(before, after)
    # pan 0.2 = 288 scene pixels; at zoom 0 the 640-pixel picture shows 2880 of them.
    assert -70 <= dx <= -58
    assert abs(dy) <= 2


def test_tilt_up_moves_the_scene_down(fleet, view):
    before = view.frame_after(SETTLE)
    _absolute(fleet, 0, 0.2, 0)
    dx, dy = measure_shift(before, view.frame_after(SETTLE))
    assert abs(dx) <= 2
    assert 30 <= dy <= 40  # 0.2 tilt = 162 scene rows = 36 picture rows


def test_zoom_in_enlarges_the_scene(fleet, view):
    before = view.frame_after(SETTLE)
    _absolute(fleet, 0, 0, 0.5)
    factor = measure_zoom(before, view.frame_after(SETTLE))
    assert 2.5 <= factor <= 3.2  # 8 ** 0.5


def test_goto_preset_returns_to_the_same_picture(fleet, view):
    _absolute(fleet, -0.4, 0.3, 0.2)
    at_preset = view.frame_after(SETTLE)
    token = _ptz(fleet, "<tptz:SetPreset><tptz:ProfileToken>sub</tptz:ProfileToken>"
                        "<tptz:PresetName>Pintu Air</tptz:PresetName></tptz:SetPreset>"
                 ).body.find("tptz:PresetToken", NS).text  # fmt: skip
    _absolute(fleet, 0.5, -0.5, 0.6)
    elsewhere = view.frame_after(SETTLE)
    _ptz(fleet, "<tptz:GotoPreset><tptz:ProfileToken>sub</tptz:ProfileToken>"
                f"<tptz:PresetToken>{token}</tptz:PresetToken></tptz:GotoPreset>")  # fmt: skip
    back = view.frame_after(SETTLE)
    assert mean_abs_diff(at_preset, elsewhere) > 10
    assert measure_shift(at_preset, back) == (0, 0)
    assert mean_abs_diff(at_preset[60:], back[60:]) < 3  # same view (codec noise only)
    presets = _ptz(fleet, "<tptz:GetPresets><tptz:ProfileToken>sub</tptz:ProfileToken>"
                          "</tptz:GetPresets>").body.findall("tptz:Preset", NS)  # fmt: skip
    assert "Pintu Air" in [p.find("tt:Name", NS).text for p in presets]


def test_continuous_move_runs_until_stop(fleet, view):
    _ptz(fleet, "<tptz:ContinuousMove><tptz:ProfileToken>sub</tptz:ProfileToken>"
                '<tptz:Velocity><tt:PanTilt x="0.5" y="0"/></tptz:Velocity>'
                "<tptz:Timeout>PT30S</tptz:Timeout></tptz:ContinuousMove>")  # fmt: skip
    first = view.frame_after(5)
    assert _position(fleet)[3] == "MOVING"
    # A short look (a few frames, tens of pixels): over a long one the scene's regular
    # grid can line up with itself and fool the shift measurement.
    moved = view.frame_after(6)
    assert measure_shift(first, moved)[0] < 0  # panning right: content slides left
    _ptz(fleet, "<tptz:Stop><tptz:ProfileToken>sub</tptz:ProfileToken>"
                "<tptz:PanTilt>true</tptz:PanTilt><tptz:Zoom>true</tptz:Zoom></tptz:Stop>")
    pan, tilt, zoom, moving = _position(fleet)
    assert moving == "IDLE" and pan > 0 and tilt == 0 and zoom == 0
    still = view.frame_after(SETTLE)
    assert measure_shift(still, view.frame_after(SETTLE)) == (0, 0)
    assert _position(fleet)[0] == pan


def test_presets_survive_a_restart(tmp_path):
    data = tmp_path / "data"
    body = ("<tptz:SetPreset><tptz:ProfileToken>main</tptz:ProfileToken>"
            "<tptz:PresetName>Gerbang</tptz:PresetName></tptz:SetPreset>")  # fmt: skip
    for round_ in range(2):
        with run_camsim(tmp_path, cameras=1, ptz=1, data_dir=data) as fleet:
            url = fleet.onvif_url("cam001", "ptz_service")
            account = fleet.credentials("cam001")
            if round_ == 0:
                assert call(url, body, *account).status == 200
            reply = call(url, "<tptz:GetPresets><tptz:ProfileToken>main</tptz:ProfileToken>"
                         "</tptz:GetPresets>", *account)  # fmt: skip
            names = [p.find("tt:Name", NS).text for p in reply.body.findall("tptz:Preset", NS)]
            assert names == ["Gerbang"]
