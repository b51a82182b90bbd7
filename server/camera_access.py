"""How the server's own nodes reach a camera: its stream URLs with the camera's account
put in, and its ONVIF account. Only the relay, the recorder and the PTZ proxy call
this; nothing it returns may go into an answer, a log line or a file."""

from __future__ import annotations

from urllib.parse import quote, urlsplit, urlunsplit

from sqlalchemy import Connection, select

from server.schema import camera_streams, cameras
from server.vault import Vault, get_credential


def with_userinfo(url: str, username: str, password: str) -> str:
    """``url`` with ``username:password@`` in front of its host (percent-encoded, so a
    password with ``@`` or ``:`` survives); any userinfo already there is replaced."""
    parts = urlsplit(url)
    host = parts.netloc.rpartition("@")[2]
    userinfo = f"{quote(username, safe='')}:{quote(password, safe='')}"
    return urlunsplit(parts._replace(netloc=f"{userinfo}@{host}"))


def camera_account(conn: Connection, vault: Vault, camera_id: str) -> tuple[str, str] | None:
    """(username, password) of the camera, or None when it has no stored account."""
    cred_id = conn.execute(
        select(cameras.c.credential_id).where(cameras.c.id == camera_id)
    ).scalar()
    if cred_id is None:
        return None
    return get_credential(conn, vault, cred_id)


def source_url(conn: Connection, vault: Vault, camera_id: str, profile: str) -> str | None:
    """The camera's own URL for ``profile``, with its account when it has one."""
    url = conn.execute(
        select(camera_streams.c.url).where(
            camera_streams.c.camera_id == camera_id, camera_streams.c.profile == profile
        )
    ).scalar()
    if url is None:
        return None
    account = camera_account(conn, vault, camera_id)
    return url if account is None else with_userinfo(url, *account)
