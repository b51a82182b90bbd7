"""The relay's feeds, one per watched path, and how long each lives.

A feed starts with the first client of its path and stays ``linger_s`` after the last
one left: a tile that switches between a camera's main and sub stream, or a wall that
flips back to a page, finds the feed running and its GOP cached (a first picture at
once instead of a camera handshake and a wait for the next keyframe). After that the
camera's session is closed, as before the cache, so a city of cameras holds sessions
only for what is watched.

Everything that stops a feed runs on the relay's GLib context (``context``): a
pipeline must not be stopped from one of its own threads.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable

from server.cameras import Profile
from server.node.relay.feed import Feed, FeedState
from server.node.relay.gop_cache import DEFAULT_MAX_BYTES
from server.node.relay.gst import GLib, Gst
from server.node.relay.outlet import Outlet, StartAt

log = logging.getLogger(__name__)

LINGER_S = 30.0
# A feed that brings no picture for this long is lost, as a camera that closed its
# stream is: its clients are closed and the next one pulls the camera afresh. rtspsrc
# never gives up on its own on a silent TCP connection (a pulled cable, a camera hung
# mid-stream: its receive timeout only sends a keep-alive), so without this the
# recorder's every retry joined the same dead feed and never recorded again. Longer
# than any GOP and than the recorder's own read timeout (5 s).
SILENCE_S = 8.0
_WATCH_MS = 1000

Path = tuple[str, Profile]  # camera id, profile


class Feeds:
    def __init__(
        self,
        context: GLib.MainContext,
        on_lost: Callable[[str, Profile], None],
        linger_s: float = LINGER_S,
        cache_bytes: int = DEFAULT_MAX_BYTES,
        silence_s: float = SILENCE_S,
    ) -> None:
        self._context = context
        self._on_lost = on_lost  # on the relay's context: the path's clients are closed
        self._linger_s = linger_s
        self._cache_bytes = cache_bytes
        self._lock = threading.Lock()
        self._feeds: dict[Path, Feed] = {}  # guarded by _lock
        self._silence_s = silence_s
        watch = GLib.timeout_source_new(_WATCH_MS)
        watch.set_callback(lambda *_: self._watch_silence())
        watch.attach(context)

    def outlet(self, camera_id: str, profile: Profile, url: Callable[[], str | None],
               start: StartAt) -> Gst.Element | None:
        """A new client's media element, fed by the path's feed (started now if none
        runs; ``url`` is the camera's, asked only then). None: the camera is gone."""
        path = (camera_id, profile)
        label = f"{camera_id}/{profile.value}"
        with self._lock:
            feed = self._feeds.get(path)
            if feed is None or feed.state is FeedState.ENDED:
                source = url()
                if source is None:
                    return None
                log.info("relay: pulling %s from the camera", label)
                feed = Feed(source, label, self._on_feed_lost, self._cache_bytes)
                self._feeds[path] = feed
                feed.start()
            else:
                feed.touch()
        # A feed whose client never gets as far as playing still ends.
        self._later(self._linger_s, path, feed)
        outlet = Outlet(label, start)

        def armed() -> None:
            feed.join(outlet)

        def disarmed() -> None:
            if feed.leave(outlet):
                self._later(self._linger_s, path, feed)

        return outlet.element(armed, disarmed)

    def stop(self, camera_id: str, profile: Profile, why: str) -> None:
        """Stops the path's feed now (its camera changed). On the relay's context."""
        with self._lock:
            feed = self._feeds.pop((camera_id, profile), None)
        if feed is not None:
            feed.stop(why)

    def stop_all(self) -> None:
        with self._lock:
            feeds, self._feeds = list(self._feeds.values()), {}
        for feed in feeds:
            feed.stop("the relay stopped")

    def running(self) -> dict[Path, Feed]:
        with self._lock:
            return dict(self._feeds)

    def _later(self, seconds: float, path: Path, feed: Feed) -> None:
        source = GLib.timeout_source_new(int(seconds * 1000))

        def check() -> bool:
            self._stop_if_idle(path, feed)
            return GLib.SOURCE_REMOVE

        source.set_callback(lambda *_: check())
        source.attach(self._context)

    def _stop_if_idle(self, path: Path, feed: Feed) -> None:
        # Each client that leaves the feed idle asks for a check of its own, so a check
        # that finds it used again since (or idle for less) just returns.
        with self._lock:
            if self._feeds.get(path) is not feed or feed.idle_for() < self._linger_s - 0.05:
                return
            del self._feeds[path]
        log.info("relay: nobody watched %s for %.0f s; its camera session is closed",
                 feed.label, self._linger_s)
        feed.stop("nobody watches")

    def _watch_silence(self) -> bool:
        """On the relay's context, every second: a silent feed is a lost one."""
        with self._lock:
            silent = [f for f in self._feeds.values()
                      if f.state is not FeedState.ENDED and f.silent_for() > self._silence_s]
        for feed in silent:
            why = f"no picture from the camera for {self._silence_s:g} s"
            log.warning("%s: the camera is lost: %s", feed.label, why)
            self._on_feed_lost(feed, why)
        return GLib.SOURCE_CONTINUE

    def _on_feed_lost(self, feed: Feed, why: str) -> None:
        # A GStreamer thread: the rest runs on the relay's context.
        def lost() -> bool:
            with self._lock:
                path = next((p for p, f in self._feeds.items() if f is feed), None)
                if path is not None:
                    del self._feeds[path]
            if feed.state is not FeedState.ENDED:
                feed.stop(why)
            if path is not None:
                self._on_lost(*path)
            return GLib.SOURCE_REMOVE

        self._context.invoke_full(GLib.PRIORITY_DEFAULT, lost)
