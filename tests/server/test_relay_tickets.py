"""Relay tickets on their own: what a forged, altered, expired or recorder-posing
ticket gets, and that the key file is private. (The relay refusing them on the wire is
in test_relay.py.)"""

from __future__ import annotations

import base64
import json
import stat
from datetime import UTC, datetime, timedelta

import pytest

from server.cameras import Profile
from server.logmask import mask_text, mask_url
from server.node.relay.tickets import (
    KEY_FILE,
    Ticket,
    TicketKind,
    TicketProblem,
    TicketRefused,
    TicketSigner,
    load_or_create_key,
)

NOW = datetime(2025, 5, 1, 3, 0, tzinfo=UTC)


def _viewer(expires=NOW + timedelta(seconds=60), camera="cam001", profile=Profile.MAIN):
    return Ticket(TicketKind.VIEWER, 7, camera, profile, expires)


def _refusal(signer: TicketSigner, text: str | None, now=NOW) -> TicketProblem:
    with pytest.raises(TicketRefused) as refused:
        signer.verify(text, now)
    return refused.value.problem


def test_a_ticket_names_its_user_camera_profile_and_deadline():
    signer = TicketSigner(b"k" * 32)
    ticket = signer.verify(signer.issue(_viewer(profile=Profile.THIRD)), NOW)
    assert (ticket.kind, ticket.user_id, ticket.camera_id, ticket.profile) == (
        TicketKind.VIEWER, 7, "cam001", Profile.THIRD)  # fmt: skip
    assert ticket.expires == NOW + timedelta(seconds=60)


def test_expired_forged_altered_and_missing_tickets_are_refused():
    signer = TicketSigner(b"k" * 32)
    text = signer.issue(_viewer())
    assert _refusal(signer, text, NOW + timedelta(seconds=60)) is TicketProblem.EXPIRED
    assert _refusal(TicketSigner(b"x" * 32), text) is TicketProblem.FORGED
    body, sig = text.split(".")
    payload = json.loads(base64.urlsafe_b64decode(body + "=" * (-len(body) % 4)))
    payload["c"] = "cam002"  # the same signature on another camera
    other = base64.urlsafe_b64encode(json.dumps(payload).encode()).rstrip(b"=").decode()
    assert _refusal(signer, f"{other}.{sig}") is TicketProblem.FORGED
    assert _refusal(signer, None) is TicketProblem.MISSING
    assert _refusal(signer, "not-a-ticket") is TicketProblem.MALFORMED
    assert _refusal(signer, "a" * 2000 + ".b") is TicketProblem.MALFORMED


def test_a_viewer_ticket_cannot_pose_as_the_recorder():
    signer = TicketSigner(b"k" * 32)
    body, sig = signer.issue(_viewer()).split(".")
    payload = json.loads(base64.urlsafe_b64decode(body + "=" * (-len(body) % 4)))
    payload["k"] = TicketKind.RECORDER.value
    posed = base64.urlsafe_b64encode(json.dumps(payload).encode()).rstrip(b"=").decode()
    assert _refusal(signer, f"{posed}.{sig}") is TicketProblem.FORGED
    # The recorder's key lives in memory: another process (or a restart) has another.
    recorder = signer.issue(Ticket(TicketKind.RECORDER, None, "cam001", Profile.MAIN,
                                   NOW + timedelta(seconds=30)))
    assert signer.verify(recorder, NOW).kind is TicketKind.RECORDER
    assert _refusal(TicketSigner(b"k" * 32), recorder) is TicketProblem.FORGED


def test_the_key_file_is_made_once_and_private(tmp_path):
    key = load_or_create_key(tmp_path)
    path = tmp_path / KEY_FILE
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert stat.S_IMODE(path.parent.stat().st_mode) == 0o700
    assert load_or_create_key(tmp_path) == key  # tickets survive a restart


def test_the_server_log_masks_a_ticket():
    signer = TicketSigner(b"k" * 32)
    text = signer.issue(_viewer())
    url = f"rtsp://127.0.0.1:8555/cam001/main?ticket={text}"
    assert mask_url(url) == "rtsp://127.0.0.1:8555/cam001/main?ticket=***"
    line = mask_text(f"cam001: connecting to {url} failed")
    assert text.split(".")[0] not in line and text.split(".")[1] not in line
