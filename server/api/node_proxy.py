"""Playback and thumbnails of footage that lies on one other node are that node's work:
the API forwards the request to it (``/node/v1/…``, server/node/http.py) and passes its
answer through as it arrives. A range on several nodes (it crosses a failover), or on
this machine, is cut here from the segments (server/footage.py stitches). A node that
does not answer is left to the stitching, which names its footage unavailable."""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator
from datetime import datetime, timedelta

import httpx
from fastapi.responses import Response, StreamingResponse
from starlette.concurrency import run_in_threadpool

from server.clock import to_wire
from server.context import ServerContext
from server.node.playback.stream import AT_HEADER, START_HEADER
from server.nodes import FOOTAGE_TOKEN_HEADER, NodeInfo
from server.recordings import segments_in

log = logging.getLogger(__name__)

CONNECT_TIMEOUT_S = 5.0
# A node cutting a long keyframes-only range may think a while before its first bytes.
FIRST_BYTES_TIMEOUT_S = 30.0


def _only_node(ctx: ServerContext, camera_id: str, start: datetime,
               end: datetime) -> NodeInfo | None:
    """The other node holding every segment of the range, when it is up."""
    footage = ctx.footage
    with ctx.engine.connect() as conn:
        found = segments_in(conn, camera_id, start, end)
    holders = {seg.node for seg in found}
    if len(holders) != 1 or footage.is_local(found[0]) or footage.directory is None:
        return None
    node = footage.directory.up().get(found[0].node)
    return node if node is not None and node.http_url else None


async def _ask(ctx: ServerContext, node: NodeInfo, path: str, params: dict
               ) -> tuple[httpx.AsyncClient, httpx.Response] | None:
    client = httpx.AsyncClient(timeout=httpx.Timeout(FIRST_BYTES_TIMEOUT_S,
                                                     connect=CONNECT_TIMEOUT_S))
    try:
        request = client.build_request(
            "GET", f"{node.http_url.rstrip('/')}{path}", params=params,
            headers={FOOTAGE_TOKEN_HEADER: ctx.footage.token or ""})
        response = await client.send(request, stream=True)
    except httpx.HTTPError as exc:
        log.warning("node %s did not answer %s: %s", node.name, path, exc)
        await client.aclose()
        return None
    if response.status_code != 200:
        await response.aclose()
        await client.aclose()
        if response.status_code != 404:
            log.warning("node %s answered %s with %d", node.name, path, response.status_code)
        return None
    return client, response


async def proxied_playback(ctx: ServerContext, camera_id: str, start: datetime,
                           end: datetime, keyframes_only: bool,
                           real_time: bool) -> StreamingResponse | None:
    """The node's own answer, or None: cut it here."""
    node = await run_in_threadpool(_only_node, ctx, camera_id, start, end)
    if node is None:
        return None
    asked = await _ask(ctx, node, f"/node/v1/cameras/{camera_id}/playback", {
        "start": to_wire(start), "end": to_wire(end),
        "keyframes_only": str(keyframes_only).lower(), "real_time": str(real_time).lower()})
    if asked is None:
        return None
    client, response = asked

    async def body() -> AsyncIterator[bytes]:
        try:
            async for chunk in response.aiter_raw():
                yield chunk
        except httpx.HTTPError as exc:  # the node went away mid-stream: the MP4 ends
            log.warning("node %s stopped sending %s: %s", node.name, camera_id, exc)
        finally:
            await response.aclose()
            await client.aclose()

    return StreamingResponse(body(), media_type="video/mp4", headers={
        START_HEADER: response.headers[START_HEADER], "Cache-Control": "no-store"})


async def proxied_thumbnail(ctx: ServerContext, camera_id: str, at: datetime,
                            width: int) -> Response | None:
    node = await run_in_threadpool(_only_node, ctx, camera_id, at,
                                   at + timedelta(microseconds=1))
    if node is None:
        return None
    asked = await _ask(ctx, node, f"/node/v1/cameras/{camera_id}/thumbnail",
                       {"at": to_wire(at), "width": str(width)})
    if asked is None:
        return None
    client, response = asked
    try:
        jpeg = await response.aread()
    except httpx.HTTPError:
        return None
    finally:
        await response.aclose()
        await client.aclose()
    return Response(jpeg, media_type="image/jpeg", headers={
        AT_HEADER: response.headers[AT_HEADER], "Cache-Control": "private, max-age=3600"})
