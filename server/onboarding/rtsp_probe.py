"""Open an RTSP stream with PyAV and read until the first video picture decodes: codec,
size and frame rate, and that picture (the add dialog's preview). Blocking, with short
open and read timeouts: call it from a worker thread.

The camera's account is put into the URL only here (server.camera_access.with_userinfo)
and every URL that reaches a log line or a message is masked.
"""

from __future__ import annotations

import errno
import logging
import time
from dataclasses import dataclass
from urllib.parse import urlsplit

import av

from server.camera_access import with_userinfo
from server.logmask import mask_text, mask_url
from server.onboarding.failures import ProbeError, ProbeFailure
from server.onboarding.streams import StreamInfo, codec_name

log = logging.getLogger(__name__)

OPEN_TIMEOUT_S = 5.0
READ_TIMEOUT_S = 5.0
# A camera sends a keyframe every 1-4 s; this covers 8 s of packets at 30 fps and more
# than one GOP of any camera we met, and bounds the work for a stream that never decodes.
MAX_PACKETS = 240
# Frames looked at to measure the rate when the stream does not declare one.
RATE_SAMPLE = 8


@dataclass(frozen=True)
class Probed:
    info: StreamInfo
    frame: av.VideoFrame


def _refused(exc: BaseException) -> bool:
    return (
        isinstance(exc, ConnectionRefusedError) or getattr(exc, "errno", None) == errno.ECONNREFUSED
    )


def _fail(exc: BaseException, where: str, timeout_s: float, waited_s: float) -> ProbeError:
    if isinstance(exc, av.error.HTTPUnauthorizedError | av.error.HTTPForbiddenError):
        return ProbeError(
            ProbeFailure.AUTH_FAILED, f"The camera at {where} refused the user name or password."
        )
    if _refused(exc):
        return ProbeError(
            ProbeFailure.REFUSED,
            f"Nothing accepts RTSP connections at {where}: check the address and port.",
        )
    # ExitError: PyAV's own open/read deadline interrupted FFmpeg.
    # FFmpeg's RTSP client reports a server that never answers as "invalid data" once
    # its socket timeout passes; a peer that answers garbage fails at once. So a failure
    # that took the whole timeout is the silence.
    timed_out = waited_s >= 0.9 * timeout_s and isinstance(exc, av.error.InvalidDataError)
    if (
        timed_out
        or isinstance(exc, TimeoutError | av.error.ExitError)
        or getattr(exc, "errno", None) in (errno.ETIMEDOUT, errno.EAGAIN)
    ):
        return ProbeError(
            ProbeFailure.TIMEOUT, f"The camera at {where} did not answer within {timeout_s:g} s."
        )
    if isinstance(exc, av.error.HTTPNotFoundError):
        return ProbeError(
            ProbeFailure.STREAM_UNREADABLE, f"The camera at {where} has no stream at that path."
        )
    return ProbeError(
        ProbeFailure.STREAM_UNREADABLE,
        f"No video could be read from {where}: {mask_text(str(exc))}",
    )


def _rate(stream, frames_pts: list[int]) -> float | None:
    rate = stream.average_rate or stream.guessed_rate
    if rate and 0 < float(rate) <= 240:
        return float(rate)
    steps = sorted(b - a for a, b in zip(frames_pts, frames_pts[1:], strict=False) if b > a)
    if not steps or stream.time_base is None:
        return None
    median = steps[len(steps) // 2] * float(stream.time_base)
    return 1.0 / median if median > 0 else None


def grab(
    url: str,
    username: str | None = None,
    password: str | None = None,
    open_timeout_s: float = OPEN_TIMEOUT_S,
    read_timeout_s: float = READ_TIMEOUT_S,
) -> Probed:
    """The stream's description and its first decoded picture; raises ProbeError."""
    parts = urlsplit(url)
    if parts.scheme not in ("rtsp", "rtsps") or not parts.hostname:
        raise ValueError("a stream URL must be rtsp://host[:port]/path")
    where = mask_url(url)
    source = with_userinfo(url, username, password or "") if username else url
    started = time.monotonic()
    deadline = started + open_timeout_s + 2 * read_timeout_s
    try:
        container = av.open(
            source,
            options={
                "rtsp_transport": "tcp",
                "timeout": str(int(read_timeout_s * 1_000_000)),  # socket I/O, microseconds
                "allowed_media_types": "video",
            },
            timeout=(open_timeout_s, read_timeout_s),
        )
    except (av.FFmpegError, OSError) as exc:
        waited = time.monotonic() - started
        failure = _fail(exc, where, min(open_timeout_s, read_timeout_s), waited)
        log.info("RTSP probe of %s: %s", where, failure.failure)
        raise failure from None
    try:
        if not container.streams.video:
            raise ProbeError(
                ProbeFailure.STREAM_UNREADABLE, f"{where} answers, but carries no video."
            )
        stream = container.streams.video[0]
        stream.thread_type = "AUTO"
        first: av.VideoFrame | None = None
        pts: list[int] = []
        arrived = 0  # packets with data, decodable or not
        for count, packet in enumerate(container.demux(stream)):
            if count >= MAX_PACKETS or time.monotonic() > deadline:
                break
            if packet.size == 0:
                continue
            arrived += 1
            if first is None and not packet.is_keyframe and not pts:
                continue  # a picture before the first keyframe cannot decode cleanly
            if packet.pts is not None:
                pts.append(packet.pts)
            if first is None:
                try:
                    frames = stream.codec_context.decode(packet)
                except av.FFmpegError:
                    continue
                if frames:
                    first = frames[0]
            if first is not None and (stream.average_rate or len(pts) >= RATE_SAMPLE):
                break
        if first is None and not arrived:
            # Connected, and not one packet of video: silence, not unreadable video.
            raise ProbeError(
                ProbeFailure.TIMEOUT,
                f"The camera at {where} sent no video within {read_timeout_s:g} s.",
            )
        if first is None:
            raise ProbeError(
                ProbeFailure.STREAM_UNREADABLE,
                f"{where} answers, but no video picture decoded from it.",
            )
        info = StreamInfo(
            url=url,
            codec=codec_name(stream.codec_context.name),
            width=first.width,
            height=first.height,
            fps=_rate(stream, pts),
        )
        return Probed(info, first)
    except ProbeError as failure:
        log.info("RTSP probe of %s: %s", where, failure.failure)
        raise
    except (av.FFmpegError, OSError) as exc:
        failure = _fail(exc, where, read_timeout_s, 0.0)
        log.info("RTSP probe of %s: %s", where, failure.failure)
        raise failure from None
    finally:
        container.close()


def probe_urls(
    urls: list[str], username: str | None = None, password: str | None = None
) -> list[StreamInfo]:
    """Each URL probed in turn (a camera that accepts few sessions is asked for one at
    a time); the first failure stops the probe."""
    return [grab(url, username, password).info for url in urls]
