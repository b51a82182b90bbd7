"""Relay tickets for every role scoped to Jakarta Selatan, on the real GStreamer relay of
the security world: a live URL for a camera outside the user's areas cannot be had, and
a ticket made by hand for it (with the server's own key), an expired one, one for
another camera or profile, a tampered one and none at all open nothing: the relay
answers RTSP DESCRIBE with 401 or 403. The control: the user's own fresh ticket for
their own camera gets past the ticket check (the world has no camera behind the relay,
so what it gets is not a 401/403 but the relay's answer about the camera).

The same refusals against camsim with a picture behind them: tests/server/test_relay.py.
"""

from __future__ import annotations

import base64
import json
import socket
from datetime import timedelta
from urllib.parse import parse_qs, urlsplit

import pytest

from server.cameras import Profile
from server.clock import utc_now
from server.node.relay.tickets import Ticket, TicketKind
from server.users import Role
from tests.security.conftest import IN_CAMERA, OUT_CAMERA, World, scoped_user


def describe(url: str) -> int:
    """The status of an RTSP DESCRIBE of ``url`` (the relay answers before any camera)."""
    parts = urlsplit(url)
    with socket.create_connection((parts.hostname, parts.port), timeout=20) as sock:
        sock.sendall((f"DESCRIBE {url} RTSP/1.0\r\nCSeq: 1\r\nAccept: application/sdp\r\n"
                      "User-Agent: pantau-security-test\r\n\r\n").encode())
        head = b""
        while b"\r\n" not in head:
            chunk = sock.recv(4096)
            assert chunk, "the relay closed the connection without an answer"
            head += chunk
    version, status, _ = head.split(b"\r\n", 1)[0].decode().split(" ", 2)
    assert version == "RTSP/1.0", head
    return int(status)


def _live(world: World, user: str, camera: str, profile: str = "main"):
    with world.client(user) as client:
        return client.get(f"/api/v1/cameras/{camera}/live", params={"profile": profile})


def _ticket(url: str) -> str:
    return parse_qs(urlsplit(url).query)["ticket"][0]


def _with(url: str, ticket: str | None, camera: str | None = None) -> str:
    base = url.split("?", 1)[0]
    if camera is not None:
        base = base.replace(f"/{IN_CAMERA}/", f"/{camera}/")
    return base if ticket is None else f"{base}?ticket={ticket}"


def _tampered(ticket: str, **fields) -> str:
    body, sig = ticket.split(".")
    payload = json.loads(base64.urlsafe_b64decode(body + "=" * (-len(body) % 4)))
    payload.update(fields)
    raw = json.dumps(payload, separators=(",", ":")).encode()
    return base64.urlsafe_b64encode(raw).rstrip(b"=").decode() + "." + sig


REFUSED = (401, 403)


@pytest.mark.parametrize("role", list(Role), ids=lambda r: r.value)
def test_no_ticket_but_ones_own_opens_the_relay(world, role):
    user = scoped_user(role)
    outside = _live(world, user, OUT_CAMERA)
    assert outside.status_code == 404 and outside.json()["detail"]["code"] == "camera_not_found"
    own = _live(world, user, IN_CAMERA)
    assert own.status_code == 200, own.text
    url = own.json()["url"]
    ticket = _ticket(url)
    signer = world.app.state.tickets
    user_id = signer.verify(ticket, utc_now()).user_id
    soon, past = utc_now() + timedelta(seconds=60), utc_now() - timedelta(seconds=1)
    sub = _ticket(_live(world, user, IN_CAMERA, "sub").json()["url"])
    cases = {
        # With the server's own key, for the camera the user may not see.
        "handmade, out of area": _with(url, signer.issue(
            Ticket(TicketKind.VIEWER, user_id, OUT_CAMERA, Profile.MAIN, soon)), OUT_CAMERA),
        "own ticket on an out-of-area path": _with(url, ticket, OUT_CAMERA),
        "expired": _with(url, signer.issue(Ticket(
            TicketKind.VIEWER, user_id, IN_CAMERA, Profile.MAIN, past))),
        "another profile's": _with(url, sub),
        "tampered to another camera": _with(url, _tampered(ticket, c=OUT_CAMERA), OUT_CAMERA),
        "tampered signature": _with(url, ticket[:-2] + ("AA" if ticket[-2:] != "AA" else "BB")),
        "no": _with(url, None),
    }
    answers = {name: describe(case) for name, case in cases.items()}
    assert all(status in REFUSED for status in answers.values()), answers
    # The control: the right ticket is not refused as a ticket (so a refusal above is the
    # ticket's doing, not a relay that refuses everything).
    assert describe(url) not in REFUSED
