"""RTSP digest authentication with one account per camera on one RTSP server.

A GstRTSPAuth keeps one password per user name, and every camera's user is ``admin``
(as on a real site), so one GstRTSPAuth cannot hold the fleet. Each camera gets an
auth of its own: digest only, a realm naming the camera, and a token whose role is the
camera id, which only that camera's factories permit. The server's auth routes each
check to the auth of the camera named in the request's path; the digest arithmetic,
the nonces and the 401 answers remain GStreamer's.
"""

from __future__ import annotations

from camsim.accounts import Account
from camsim.gst import Gst, GstRtsp, GstRtspServer


def realm(camera_id: str) -> str:
    return f"camsim {camera_id}"


def camera_auth(camera_id: str, account: Account) -> GstRtspServer.RTSPAuth:
    auth = GstRtspServer.RTSPAuth()
    auth.set_supported_methods(GstRtsp.RTSPAuthMethod.DIGEST)
    auth.set_realm(realm(camera_id))
    token = GstRtspServer.RTSPToken()
    token.set_string(GstRtspServer.RTSP_TOKEN_MEDIA_FACTORY_ROLE, camera_id)
    auth.add_digest(account.username, account.password, token)
    return auth


def permit_only(factory: GstRtspServer.RTSPMediaFactory, camera_id: str) -> None:
    """Let only ``camera_id``'s token open and build this factory's media."""
    factory.add_role_from_structure(
        Gst.Structure.new_from_string(
            f"{camera_id}, {GstRtspServer.RTSP_PERM_MEDIA_FACTORY_ACCESS}=(boolean)true, "
            f"{GstRtspServer.RTSP_PERM_MEDIA_FACTORY_CONSTRUCT}=(boolean)true"
        )
    )


def camera_of(ctx) -> str | None:
    """The camera id a request is about: the first segment of its path."""
    if ctx.uri is None:  # OPTIONS *
        return None
    return ctx.uri.abspath.strip("/").split("/")[0] or None


class FleetAuth(GstRtspServer.RTSPAuth):
    """The server's auth: hands every check to the auth of the camera in the path.

    Runs on the RTSP server's thread, a few times per request (never per packet)."""

    def __init__(self, auths: dict[str, GstRtspServer.RTSPAuth]) -> None:
        super().__init__()
        self._auths = auths

    def do_check(self, ctx, check: str) -> bool:
        # A path without a camera (OPTIONS *, an unknown id) is checked by this auth,
        # which knows no user: it needs no token, or gets 404/401.
        target = self._auths.get(camera_of(ctx), self)
        return GstRtspServer.RTSPAuth.do_check(target, ctx, check)
