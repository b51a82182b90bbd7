"""The camera dialogs' behaviour without widgets: probe and Save rules, what is sent,
how streams read, the search and the import report."""

from __future__ import annotations

from dataclasses import replace

from app.api.admin import (
    AdminCamera,
    CameraState,
    ImportLine,
    ImportOutcome,
    ImportReport,
    ProbeKind,
    ProbeResult,
    StreamInfo,
)
from app.camera_forms import (
    CameraFields,
    DialogState,
    FormProblem,
    SourceFields,
    camera_changes,
    camera_draft,
    can_import,
    current_probe,
    fields_of,
    fill_suggested,
    matches,
    ordered_streams,
    parse_coordinate,
    parse_tags,
    probe_answered,
    probe_problem,
    probe_refused,
    probing,
    report_summary,
    save_problem,
    source_of,
    stream_text,
    streams_summary,
)

MAIN = StreamInfo("main", "rtsp://127.0.0.1:8554/cam004/main", "h265", 1920, 1080, 15.0)
SUB = StreamInfo("sub", "rtsp://127.0.0.1:8554/cam004/sub", "h264", 640, 360, 15.0)
THIRD = StreamInfo("third", "rtsp://127.0.0.1:8554/cam004/third", "h264", 320, 180, 15.0)
PROBE = ProbeResult("Pantau", "camsim PTZ", True, "http://127.0.0.1:8000/onvif/cam004",
                    (THIRD, MAIN, SUB))
ONVIF = SourceFields(ProbeKind.ONVIF, "127.0.0.1:8000", username="admin", password="s3cret!")
CAMERA = CameraFields("cam004", "Taman Tebet", "jakarta-selatan.tebet", "taman; banjir",
                      "-6.2", "106.85", True, 14)


def test_probe_needs_the_way_s_own_fields():
    assert probe_problem(SourceFields(ProbeKind.ONVIF)) is FormProblem.ADDRESS_MISSING
    assert probe_problem(ONVIF) is None
    rtsp = SourceFields(ProbeKind.RTSP, urls=("", MAIN.url, ""))
    assert probe_problem(rtsp) is FormProblem.MAIN_URL_MISSING
    assert probe_problem(replace(rtsp, urls=(MAIN.url, "", ""))) is None  # no account
    assert probe_problem(replace(rtsp, urls=("http://x/", "", ""))) is FormProblem.URL_NOT_RTSP
    with_account = "rtsp://admin:pw@127.0.0.1/cam"
    assert (probe_problem(replace(rtsp, urls=(MAIN.url, with_account, "")))
            is FormProblem.URL_HAS_ACCOUNT)
    assert probe_problem(replace(ONVIF, username=" ")) is FormProblem.USERNAME_MISSING


def test_save_waits_for_a_probe_of_what_the_fields_say_now():
    state = DialogState(ONVIF, CAMERA)
    assert save_problem(state) is FormProblem.PROBE_FIRST
    state = probing(state)
    assert save_problem(state) is FormProblem.PROBING
    state = probe_answered(state, PROBE)
    assert save_problem(state) is None
    # another address, or another password, and the probe no longer counts
    moved = replace(state, source=replace(ONVIF, address="127.0.0.1:8001"))
    assert current_probe(moved) is None and save_problem(moved) is FormProblem.PROBE_FIRST
    repassworded = replace(state, source=replace(ONVIF, password="other"))
    assert save_problem(repassworded) is FormProblem.PROBE_FIRST
    assert save_problem(probe_refused(probing(state))) is FormProblem.PROBE_FIRST
    # fields changed while the probe ran: its answer is for the old ones
    changed = replace(probing(DialogState(ONVIF, CAMERA)), source=replace(ONVIF, address="x:1"))
    assert save_problem(probe_answered(changed, PROBE)) is FormProblem.PROBE_FIRST
    assert save_problem(replace(state, saving=True)) is FormProblem.SAVING


def test_save_needs_id_name_area_and_sane_coordinates():
    state = probe_answered(probing(DialogState(ONVIF, CAMERA)), PROBE)
    cases = [(replace(CAMERA, camera_id=""), FormProblem.ID_MISSING),
             (replace(CAMERA, camera_id="cam 4"), FormProblem.ID_INVALID),
             (replace(CAMERA, camera_id="x" * 65), FormProblem.ID_INVALID),
             (replace(CAMERA, name="  "), FormProblem.NAME_MISSING),
             (replace(CAMERA, area_id=""), FormProblem.AREA_MISSING),
             (replace(CAMERA, lat_text="91"), FormProblem.LAT_INVALID),
             (replace(CAMERA, lon_text="east"), FormProblem.LON_INVALID)]
    for camera, problem in cases:
        assert save_problem(replace(state, camera=camera)) is problem
    no_streams = probe_answered(probing(DialogState(ONVIF, CAMERA)), replace(PROBE, streams=()))
    assert save_problem(no_streams) is FormProblem.NO_MAIN_STREAM


def test_the_probe_names_an_unnamed_camera():
    state = probe_answered(probing(DialogState(ONVIF, replace(CAMERA, name=""))), PROBE)
    assert state.camera.name == "Pantau camsim PTZ"
    kept = probe_answered(probing(DialogState(ONVIF, CAMERA)), PROBE)
    assert kept.camera.name == "Taman Tebet"


def test_the_draft_carries_the_probe_and_the_account_once():
    draft = camera_draft(probe_answered(probing(DialogState(ONVIF, CAMERA)), PROBE))
    body = draft.to_json()
    assert list(body["streams"]) == ["main", "sub", "third"]
    assert body["streams"]["main"] == {"url": MAIN.url, "codec": "h265", "width": 1920,
                                       "height": 1080, "fps": 15.0}
    assert body["credentials"] == {"username": "admin", "password": "s3cret!"}
    assert (body["tags"], body["lat"], body["lon"]) == (["taman", "banjir"], -6.2, 106.85)
    assert (body["ptz"], body["vendor"], body["retention_days"]) == (True, "Pantau", 14.0)
    assert "s3cret!" not in repr(draft)


def _listed() -> AdminCamera:
    return AdminCamera("cam004", "Taman Tebet", "jakarta-selatan.tebet",
                       ("Jakarta Selatan", "Tebet"), ("taman",), -6.2, 106.85, True,
                       "Pantau", "camsim PTZ", PROBE.onvif_url, streams=(MAIN, SUB),
                       has_credentials=True, state=CameraState.ONLINE)


def test_an_edit_sends_only_what_changed():
    camera = _listed()
    state = DialogState(source_of(camera), fields_of(camera), editing=camera)
    assert save_problem(state) is None
    assert camera_changes(state) == {}
    moved = replace(state, camera=replace(state.camera, area_id="jakarta-pusat.gambir",
                                          record=False, retention_days=7))
    assert camera_changes(moved) == {"area_id": "jakarta-pusat.gambir", "record": False,
                                     "retention_days": 7.0}
    # a new password needs its user name, and goes as the camera's account
    password = replace(state, source=replace(state.source, password="n3w"))
    assert save_problem(password) is FormProblem.USERNAME_MISSING
    password = replace(password, source=replace(password.source, username="admin"))
    assert camera_changes(password) == {"credentials": {"username": "admin",
                                                        "password": "n3w"}}


def test_an_edit_of_the_streams_is_probed_first():
    camera = _listed()
    state = DialogState(source_of(camera), fields_of(camera), editing=camera)
    third = replace(state, source=replace(state.source, urls=(MAIN.url, SUB.url, THIRD.url)))
    assert save_problem(third) is FormProblem.PROBE_FIRST
    probed = probe_answered(probing(third), PROBE)
    assert save_problem(probed) is None
    assert list(camera_changes(probed)["streams"]) == ["main", "sub", "third"]


def test_a_suggested_url_fills_its_profile_and_switches_to_rtsp():
    source = fill_suggested(ONVIF, "sub", "rtsp://127.0.0.1:554/Streaming/Channels/102")
    assert source.kind is ProbeKind.RTSP
    assert source.urls == ("", "rtsp://127.0.0.1:554/Streaming/Channels/102", "")
    assert source.username == "admin"


def test_streams_read_main_sub_third():
    assert [s.profile for s in ordered_streams([THIRD, SUB, MAIN])] == ["main", "sub", "third"]
    assert streams_summary([SUB, MAIN, THIRD]) == "H.265 1920x1080 · H.264 640x360 · H.264 320x180"
    assert stream_text(MAIN) == "H.265 1920x1080 15 fps"
    assert streams_summary([StreamInfo("main", MAIN.url)]) == "?"


def test_small_parsers():
    assert parse_tags("taman, banjir;taman ,, ") == ("taman", "banjir")
    assert parse_coordinate("-6,2", 90) == -6.2
    assert parse_coordinate(" ", 90) is None


def test_search_matches_every_word_anywhere():
    camera = _listed()
    assert matches(camera, "")
    assert matches(camera, "tebet TAMAN")
    assert matches(camera, "online camsim")
    assert not matches(camera, "tebet gambir")


def _report(*outcomes: ImportOutcome, dry_run: bool = True) -> ImportReport:
    lines = tuple(ImportLine(n + 2, f"cam{n}", o, "bad lat" if o is ImportOutcome.ERROR else "")
                  for n, o in enumerate(outcomes))
    failed = sum(o is ImportOutcome.ERROR for o in outcomes)
    return ImportReport(dry_run, lines, failed=failed)


def test_import_only_after_a_clean_dry_run_that_changes_something():
    good = _report(ImportOutcome.CREATE, ImportOutcome.UPDATE, ImportOutcome.UNCHANGED)
    assert report_summary(good).total == 3 and report_summary(good).update == 1
    assert can_import(good)
    assert not can_import(_report(ImportOutcome.CREATE, ImportOutcome.ERROR))
    assert not can_import(_report(ImportOutcome.UNCHANGED))
    assert not can_import(_report(ImportOutcome.CREATE, dry_run=False))
    assert not can_import(None)
