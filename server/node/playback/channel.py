"""A bounded hand-off of byte chunks from a worker thread to an async consumer.

The worker blocks (with credits) when the client reads slowly, so a paused player does
not make the server buffer a whole recording; the event loop never blocks.
"""

from __future__ import annotations

import asyncio
import threading
from collections.abc import AsyncIterator

_END = object()


class ConsumerGone(Exception):
    """The HTTP client went away; the producer should stop."""


class ChunkChannel:
    def __init__(self, loop: asyncio.AbstractEventLoop, max_chunks: int = 32) -> None:
        self._loop = loop
        self._queue: asyncio.Queue = asyncio.Queue()
        self._credits = threading.Semaphore(max_chunks)
        self._gone = threading.Event()

    # producer (worker thread)
    def put(self, chunk: bytes) -> None:
        while not self._credits.acquire(timeout=0.5):
            if self._gone.is_set():
                raise ConsumerGone()
        if self._gone.is_set():
            raise ConsumerGone()
        self._loop.call_soon_threadsafe(self._queue.put_nowait, bytes(chunk))

    def finish(self) -> None:
        if not self._gone.is_set():
            self._loop.call_soon_threadsafe(self._queue.put_nowait, _END)

    @property
    def gone(self) -> bool:
        return self._gone.is_set()

    # consumer (event loop)
    async def chunks(self) -> AsyncIterator[bytes]:
        try:
            while True:
                item = await self._queue.get()
                if item is _END:
                    return
                self._credits.release()
                yield item
        finally:
            self._gone.set()
