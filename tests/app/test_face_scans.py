"""Face scans in the client core (issue 17): the server's scan parsed into tracks, the
supervisor's corrections turned into an export's ``faces``, and FaceScanService that
starts a scan, polls it off the GUI thread and drops a superseded one."""

from __future__ import annotations

from datetime import timedelta

import pytest

from app.api.errors import ApiError, ApiErrorKind
from app.api.exports import ExportsApi
from app.api.face_scans import ScanState, face_scan
from app.api.keyframes import keyframe_before
from app.faces import (
    PAD,
    BlurChoice,
    BlurProblem,
    FaceReview,
    TrackSource,
    blur_problem,
    unpadded,
)
from app.masks import Mask
from app.services.face_scans import FaceScanService
from app.services.session import SessionService
from tests.app.face_fakes import T0, FakeFaceServer, FakeTransport, track_json, wire

WAIT_MS = 5000


def _scan_json(**extra):
    return {"id": 4, "camera_id": "cam001", "start": wire(T0), "end": wire(T0 + timedelta(
        seconds=6)), "state": "done", "progress": 1.0, "error": None,
        "detector": "CenterFace", "model_sha256": "ab" * 32,
        "tracks": [track_json(1, 1.0, 3.0), track_json(2, 2.0, 5.0, x=0.1)], **extra}


# -- parsing and geometry ---------------------------------------------------------------
def test_a_scan_is_parsed_into_tracks_with_their_span():
    scan = face_scan(_scan_json())
    assert scan.state is ScanState.DONE and scan.state.finished and scan.id == 4
    assert [t.id for t in scan.tracks] == [1, 2]
    first = scan.tracks[0]
    assert first.source is TrackSource.DETECTOR and len(first.points) == 11
    # the server's reach: 0.3 s before the first look, 0.3 s after the last
    assert first.start == T0 + timedelta(seconds=0.7)
    assert first.end == T0 + timedelta(seconds=3.3)
    assert first.middle == T0 + timedelta(seconds=2)


def test_a_tracks_box_moves_linearly_and_is_padded_as_the_server_pads_it():
    track = face_scan(_scan_json()).tracks[0]
    box = track.box_at(T0 + timedelta(seconds=2))  # halfway: x 0.45, 0.1 wide
    assert box.x == pytest.approx(0.45 - 0.1 * PAD)
    assert box.w == pytest.approx(0.1 * (1 + 2 * PAD))
    assert track.box_at(T0 + timedelta(seconds=0.5)) is None
    assert track.box_at(T0 + timedelta(seconds=3.2)) is not None


@pytest.mark.parametrize("broken", [
    {}, "a string", {**_scan_json(), "state": "thinking"},
    {**_scan_json(), "tracks": [{"id": 1, "source": "detector", "points": []}]},
    {**_scan_json(), "tracks": [{"id": 1, "source": "ghost", "points": [
        {"at": wire(T0), "x": 0, "y": 0, "w": 0.1, "h": 0.1}]}]}])
def test_a_broken_answer_is_a_bad_response(broken):
    with pytest.raises(ApiError) as raised:
        face_scan(broken)
    assert raised.value.kind is ApiErrorKind.BAD_RESPONSE


def test_a_drawn_box_is_sent_so_that_the_servers_padding_covers_it_exactly():
    drawn = Mask(0.2, 0.3, 0.16, 0.32)
    inner = unpadded(drawn)
    assert inner.x + inner.w / 2 == pytest.approx(0.28)
    padded_w = inner.w * (1 + 2 * PAD)
    assert padded_w == pytest.approx(0.16) and inner.x - inner.w * PAD == pytest.approx(0.2)


# -- the supervisor's corrections -------------------------------------------------------
def test_the_review_sends_kept_tracks_dropped_ids_and_drawn_boxes_over_the_range():
    scan = face_scan(_scan_json())
    review = FaceReview()
    assert review.choice(True) is BlurChoice.SERVER_FINDS  # no scan: the server finds them
    assert review.choice(False) is BlurChoice.NONE
    end = T0 + timedelta(seconds=6)
    review.take_scan(scan.tracks, scan.detector, T0, end)
    review.set_blurred(2, False)
    review.drawn = (Mask(0.7, 0.6, 0.1, 0.1),)
    assert review.choice(True) is BlurChoice.REVIEWED
    faces = review.faces(T0, end).to_json()
    assert faces["dropped"] == [2] and faces["detector"] == "CenterFace"
    assert [t["id"] for t in faces["tracks"]] == [1, 100_000]
    drawn = faces["tracks"][1]
    assert drawn["source"] == "supervisor"
    assert [p["at"] for p in drawn["points"]] == [wire(T0), wire(end)]
    assert faces["tracks"][0]["points"][0]["at"] == "2026-11-22T03:00:01.000Z"
    review.set_blurred(2, True)
    assert review.faces(T0, end).dropped == ()
    review.forget_scan()
    assert review.choice(True) is BlurChoice.SERVER_FINDS and review.drawn


def test_what_keeps_a_face_blurring_export_from_being_sent():
    review, end = FaceReview(), T0 + timedelta(seconds=6)
    assert blur_problem(review, False, T0, T0 + timedelta(hours=2), 3, True) is BlurProblem.NONE
    assert blur_problem(review, True, T0, end, 3, False) is BlurProblem.NONE  # server finds
    assert blur_problem(review, True, T0, T0 + timedelta(minutes=15, seconds=1), 1,
                        False) is BlurProblem.TOO_LONG
    assert blur_problem(review, True, T0, end, 1, True) is BlurProblem.SCANNING
    review.take_scan(face_scan(_scan_json()).tracks, "CenterFace", T0, end)
    assert blur_problem(review, True, T0, end, 1, False) is BlurProblem.NONE
    assert blur_problem(review, True, T0, end, 2, False) is BlurProblem.SEVERAL_CAMERAS
    assert blur_problem(review, True, T0, end + timedelta(seconds=1), 1,
                        False) is BlurProblem.STALE


def test_an_exports_body_says_blur_faces_or_carries_the_faces():
    server = FakeFaceServer()
    api = ExportsApi(FakeTransport(server))
    end = T0 + timedelta(seconds=6)
    api.create("cam001", T0, end, "Pencurian", "LP/1")
    api.create("cam001", T0, end, "Pencurian", "LP/1", blur=BlurChoice.SERVER_FINDS)
    review = FaceReview()
    review.take_scan(face_scan(_scan_json()).tracks, "CenterFace", T0, end)
    api.create("cam001", T0, end, "Pencurian", "LP/1", blur=BlurChoice.REVIEWED,
               faces=review.faces(T0, end))
    plain, auto, reviewed = server.exports
    assert "blur_faces" not in plain and "faces" not in plain
    assert auto["blur_faces"] is True and "faces" not in auto
    assert reviewed["blur_faces"] is True and len(reviewed["faces"]["tracks"]) == 2


# -- the service ------------------------------------------------------------------------
def _service(qtbot, runner, server):
    session = SessionService(runner, api_factory=lambda url: FakeTransport(server, url))
    with qtbot.waitSignal(session.logged_in, timeout=WAIT_MS):
        session.login("http://fake", "supervisor1", "pw")
    return FaceScanService(session, runner, poll_ms=10)


def test_a_scan_is_followed_to_its_tracks(qtbot, runner):
    server = FakeFaceServer(polls=3)
    scans = _service(qtbot, runner, server)
    progress = []
    scans.progress_changed.connect(lambda ticket, scan: progress.append(scan.progress))
    with qtbot.waitSignal(scans.finished, timeout=WAIT_MS) as done:
        ticket = scans.scan("cam001", T0, T0 + timedelta(seconds=6))
    assert done.args[0] == ticket and not scans.busy
    assert [t.id for t in done.args[1].tracks] == [1, 2]
    assert progress[0] == 0.0 and progress == sorted(progress) and len(progress) == 4
    assert server.calls[0] == ("POST", "/face-scans")


def test_a_range_past_15_minutes_is_refused(qtbot, runner):
    scans = _service(qtbot, runner, FakeFaceServer())
    with qtbot.waitSignal(scans.failed, timeout=WAIT_MS) as refused:
        ticket = scans.scan("cam001", T0, T0 + timedelta(minutes=16))
    assert refused.args[:2] == [ticket, ApiErrorKind.BAD_REQUEST]
    assert "15 minutes" in refused.args[2]


def test_a_failed_scan_says_the_servers_words(qtbot, runner):
    server = FakeFaceServer(polls=1)
    server.fail_with = "nothing of the camera is recorded then"
    scans = _service(qtbot, runner, server)
    with qtbot.waitSignal(scans.failed, timeout=WAIT_MS) as failed:
        scans.scan("cam001", T0, T0 + timedelta(seconds=6))
    assert failed.args[1] is ApiErrorKind.SERVER_ERROR and "recorded" in failed.args[2]


def test_an_unreachable_poll_is_tried_again(qtbot, runner):
    server = FakeFaceServer(polls=1)
    scans = _service(qtbot, runner, server)
    scans.progress_changed.connect(lambda *_: setattr(server, "unreachable", 2))
    with qtbot.waitSignal(scans.finished, timeout=WAIT_MS):
        scans.scan("cam001", T0, T0 + timedelta(seconds=6))


def test_a_new_scan_drops_the_one_before(qtbot, runner):
    server = FakeFaceServer(polls=2)
    scans = _service(qtbot, runner, server)
    heard = []
    scans.finished.connect(lambda ticket, scan: heard.append((ticket, scan)))
    scans.progress_changed.connect(lambda ticket, scan: heard.append((ticket, "progress")))
    first = scans.scan("cam001", T0, T0 + timedelta(seconds=6))
    second = scans.scan("cam001", T0, T0 + timedelta(seconds=8))
    qtbot.waitUntil(lambda: any(h[1] != "progress" for h in heard), timeout=WAIT_MS)
    assert all(ticket == second for ticket, _ in heard), heard
    assert first != second
    assert heard[-1][1].end == T0 + timedelta(seconds=8)
    # the first was asked of the server (both POSTs run at once), then never polled
    qtbot.wait(50)
    dropped = next(i for i, scan in server.scans.items() if scan["end"].startswith(
        "2026-11-22T03:00:06"))
    assert ("GET", f"/face-scans/{dropped}") not in server.calls


def test_cancel_silences_the_scan(qtbot, runner):
    scans = _service(qtbot, runner, FakeFaceServer(polls=1))
    heard = []
    scans.finished.connect(lambda *args: heard.append(args))
    scans.progress_changed.connect(lambda *args: heard.append(args))
    scans.scan("cam001", T0, T0 + timedelta(seconds=6))
    scans.cancel()
    qtbot.wait(100)
    assert heard == [] and not scans.busy


# -- when the picture shown was taken ---------------------------------------------------
def test_the_keyframe_is_found_to_50_ms():
    transport = FakeTransport(FakeFaceServer())  # a keyframe each second after T0
    found = keyframe_before(transport, "cam001", T0 + timedelta(seconds=3.3), 640)
    # 3.1 shows it, 2.9 not; 3.0 does, 2.95 not: between, said as its middle
    assert abs((found.shown_at - T0).total_seconds() - 2.975) < 0.002
    assert found.jpeg == b"keyframe 3"
    # nothing recorded before T0: the walk back stops there
    first = keyframe_before(transport, "cam001", T0 + timedelta(seconds=0.5), 640)
    assert abs((first.shown_at - T0).total_seconds() + 0.025) < 0.002
    with pytest.raises(ApiError) as raised:
        keyframe_before(transport, "cam001", T0 - timedelta(seconds=1), 640)
    assert raised.value.kind is ApiErrorKind.NO_RECORDING


def test_the_service_answers_the_picture_request_it_was_asked(qtbot, runner):
    scans = _service(qtbot, runner, FakeFaceServer())
    with qtbot.waitSignal(scans.picture_found, timeout=WAIT_MS) as found:
        request_id = scans.picture("cam001", T0 + timedelta(seconds=1.5), 640)
    assert found.args[0] == request_id and found.args[1].jpeg == b"keyframe 1"
    with qtbot.waitSignal(scans.picture_failed, timeout=WAIT_MS) as failed:
        scans.picture("cam001", T0 - timedelta(seconds=3), 640)
    assert failed.args[1] is ApiErrorKind.NO_RECORDING
