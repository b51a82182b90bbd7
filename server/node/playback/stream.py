"""A playback plan as an HTTP answer: the MP4 produced on a thread of its own and handed
over in bounded chunks, with the start time in ``X-Pantau-Start``; a thumbnail as JPEG
with its time. The API's routes and a node's answer the same way."""

from __future__ import annotations

import asyncio
import threading

from fastapi.responses import Response, StreamingResponse

from server.clock import to_wire
from server.footage import Footage
from server.node.playback.channel import ChunkChannel
from server.node.playback.plan import PlaybackPlan
from server.node.playback.remux import produce
from server.node.thumbnails import Thumbnail

START_HEADER = "X-Pantau-Start"
AT_HEADER = "X-Pantau-At"


def stream_plan(plan: PlaybackPlan, footage: Footage) -> StreamingResponse:
    channel = ChunkChannel(asyncio.get_running_loop())
    # A thread of its own rather than the shared pool: a slow client can hold it for
    # as long as the range lasts.
    threading.Thread(target=produce, args=(plan, footage, channel),
                     name=f"play-{plan.camera_id}", daemon=True).start()
    return StreamingResponse(
        channel.chunks(),
        media_type="video/mp4",
        headers={START_HEADER: to_wire(plan.start), "Cache-Control": "no-store"},
    )


def thumbnail_response(thumb: Thumbnail) -> Response:
    return Response(
        thumb.jpeg,
        media_type="image/jpeg",
        headers={AT_HEADER: to_wire(thumb.at), "Cache-Control": "private, max-age=3600"},
    )
