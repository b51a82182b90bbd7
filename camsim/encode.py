"""Encode one camera's picture loop (every stream it serves) to Annex B files.

Runs as a child process (``python -m camsim.encode JOB_JSON``) so that several
cameras encode in parallel and a crash never takes the fleet down. The picture is
rendered once at the main resolution and scaled for the smaller streams, so every
stream shows the same thing.
"""

from __future__ import annotations

import json
import sys

from camsim.gst import Gst
from camsim.profiles import Codec

_RENDER = (
    "videotestsrc name=bg pattern=ball num-buffers={frames} ! "
    "video/x-raw,format=I420,width={width},height={height},framerate={fps}/1 ! "
    "textoverlay name=title valignment=center halignment=center "
    "font-desc=\"DejaVu Sans Bold {title_pt}\" ! "
    "textoverlay name=subtitle valignment=bottom halignment=left "
    "font-desc=\"DejaVu Sans Bold {sub_pt}\" ! "
    "timeoverlay valignment=top halignment=right font-desc=\"DejaVu Sans Mono Bold {sub_pt}\" ! "
    "tee name=t "
)
_CAPS = {
    Codec.H264: "video/x-h264,stream-format=byte-stream,alignment=au,"
    "profile=constrained-baseline",
    Codec.H265: "video/x-h265,stream-format=byte-stream,alignment=au,profile=main",
}
_ENCODER = {Codec.H264: "x264enc", Codec.H265: "x265enc"}


def _branch(name: str, stream: dict) -> str:
    scale = "" if stream["scale"] is False else (
        f"videoscale ! video/x-raw,width={stream['width']},height={stream['height']} ! "
    )
    codec = Codec(stream["codec"])
    return (
        f"t. ! queue ! {scale}{_ENCODER[codec]} name=enc_{name} ! {_CAPS[codec]} ! "
        f"filesink name=out_{name} "
    )


def _configure_encoder(enc: Gst.Element, codec: Codec, gop: int, kbps: int) -> None:
    enc.set_property("bitrate", kbps)
    enc.set_property("key-int-max", gop)
    Gst.util_set_object_arg(enc, "speed-preset", "ultrafast")
    # IDR pictures must fall exactly on GOP starts (no scene cuts, closed GOPs) so the
    # loop can wrap on a keyframe; no B-frames, as the feeder stamps DTS = PTS.
    if codec is Codec.H264:
        enc.set_property("bframes", 0)
        enc.set_property("option-string", f"scenecut=0:keyint-min={gop}")
    else:
        enc.set_property(
            "option-string", f"scenecut=0:min-keyint={gop}:bframes=0:open-gop=0:info=0"
        )


def encode(job: dict) -> None:
    """``job``: the loop spec (see ``loops.encode_spec``) plus ``streams``:
    name -> {codec, width, height, kbps, scale, out}."""
    streams = job["streams"]
    launch = _RENDER.format(
        title_pt=max(12, job["height"] // 32), sub_pt=max(8, job["height"] // 64), **job
    ) + "".join(_branch(name, stream) for name, stream in streams.items())
    pipeline = Gst.parse_launch(launch)
    bg = pipeline.get_by_name("bg")
    bg.set_property("background-color", job["background"])
    bg.set_property("foreground-color", job["ball"])
    Gst.util_set_object_arg(bg, "motion", job["motion"])
    pipeline.get_by_name("title").set_property("text", job["title"])
    pipeline.get_by_name("subtitle").set_property("text", job["subtitle"])
    for name, stream in streams.items():
        _configure_encoder(
            pipeline.get_by_name(f"enc_{name}"), Codec(stream["codec"]), job["gop"], stream["kbps"]
        )
        pipeline.get_by_name(f"out_{name}").set_property("location", stream["out"])

    pipeline.set_state(Gst.State.PLAYING)
    bus = pipeline.get_bus()
    msg = bus.timed_pop_filtered(
        Gst.CLOCK_TIME_NONE, Gst.MessageType.EOS | Gst.MessageType.ERROR
    )
    pipeline.set_state(Gst.State.NULL)
    if msg.type == Gst.MessageType.ERROR:
        err, debug = msg.parse_error()
        raise RuntimeError(f"encode failed: {err.message} ({debug})")


if __name__ == "__main__":
    encode(json.loads(sys.argv[1]))
