"""The in-process event bus: request handlers publish, SSE streams subscribe.

Publishing may happen on any thread (sync handlers run in a thread pool); each subscriber
is an asyncio queue fed on its own event loop's thread."""

from __future__ import annotations

import asyncio
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

Event = dict[str, Any]
QUEUE_LIMIT = 100  # a subscriber this far behind is too slow; its oldest events go


@dataclass(eq=False)
class Subscription:
    accepts: Callable[[Event], bool]
    loop: asyncio.AbstractEventLoop
    tag: str = ""  # who is listening (a workstation name), for "is it online?"
    queue: asyncio.Queue = field(default_factory=lambda: asyncio.Queue(QUEUE_LIMIT))

    def offer(self, event: Event) -> None:
        # Runs on the subscriber's loop thread.
        if self.queue.full():
            self.queue.get_nowait()
        self.queue.put_nowait(event)


class EventBus:
    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._subscriptions: list[Subscription] = []

    def subscribe(self, accepts: Callable[[Event], bool], tag: str = "") -> Subscription:
        """Call on the event loop that will read the subscription's queue."""
        sub = Subscription(accepts, asyncio.get_running_loop(), tag)
        with self._lock:
            self._subscriptions.append(sub)
        return sub

    def unsubscribe(self, sub: Subscription) -> None:
        with self._lock:
            if sub in self._subscriptions:
                self._subscriptions.remove(sub)

    def subscriber_count(self) -> int:
        with self._lock:
            return len(self._subscriptions)

    def tags(self) -> set[str]:
        with self._lock:
            return {s.tag for s in self._subscriptions}

    def publish(self, event: Event) -> int:
        """Hand ``event`` to every subscriber that accepts it; how many did."""
        with self._lock:
            subscriptions = list(self._subscriptions)
        # Outside the lock: a filter may ask the database what its user may see.
        targets = [s for s in subscriptions if s.accepts(event)]
        for sub in targets:
            try:
                sub.loop.call_soon_threadsafe(sub.offer, event)
            except RuntimeError:  # that loop has closed: the stream is ending anyway
                self.unsubscribe(sub)
        return len(targets)
