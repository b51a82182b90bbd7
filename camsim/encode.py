"""Encode one camera's picture loop (main and sub profile) to H.264 files.

Runs as a child process (``python -m camsim.encode SPEC_JSON``) so that several
cameras encode in parallel and a crash never takes the fleet down. The picture is
rendered once at the main resolution and scaled for the sub profile, so both
profiles show the same thing.
"""

from __future__ import annotations

import json
import sys

from camsim.gst import Gst

_PIPELINE = (
    "videotestsrc name=bg pattern=ball num-buffers={frames} ! "
    "video/x-raw,format=I420,width={width},height={height},framerate={fps}/1 ! "
    "textoverlay name=title valignment=center halignment=center "
    "font-desc=\"DejaVu Sans Bold {title_pt}\" ! "
    "textoverlay name=subtitle valignment=bottom halignment=left "
    "font-desc=\"DejaVu Sans Bold {sub_pt}\" ! "
    "timeoverlay valignment=top halignment=right font-desc=\"DejaVu Sans Mono Bold {sub_pt}\" ! "
    "tee name=t "
    "t. ! queue ! x264enc name=enc_main ! {h264caps} ! filesink name=out_main "
    "t. ! queue ! videoscale ! video/x-raw,width={sub_width},height={sub_height} ! "
    "x264enc name=enc_sub ! {h264caps} ! filesink name=out_sub"
)
_H264_CAPS = "video/x-h264,stream-format=byte-stream,alignment=au,profile=constrained-baseline"


def _configure_encoder(enc: Gst.Element, spec: dict, kbps: int) -> None:
    enc.set_property("bitrate", kbps)
    enc.set_property("key-int-max", spec["gop"])
    enc.set_property("bframes", 0)
    Gst.util_set_object_arg(enc, "speed-preset", "ultrafast")
    # No scene-cut keyframes: IDR pictures must fall exactly on GOP starts so the loop
    # can wrap on a keyframe.
    enc.set_property("option-string", f"scenecut=0:keyint-min={spec['gop']}")


def encode(spec: dict) -> None:
    pipeline = Gst.parse_launch(
        _PIPELINE.format(
            h264caps=_H264_CAPS,
            title_pt=max(12, spec["height"] // 32),
            sub_pt=max(8, spec["height"] // 64),
            **spec,
        )
    )
    bg = pipeline.get_by_name("bg")
    bg.set_property("background-color", spec["background"])
    bg.set_property("foreground-color", spec["ball"])
    Gst.util_set_object_arg(bg, "motion", spec["motion"])
    pipeline.get_by_name("title").set_property("text", spec["title"])
    pipeline.get_by_name("subtitle").set_property("text", spec["subtitle"])
    _configure_encoder(pipeline.get_by_name("enc_main"), spec, spec["main_kbps"])
    _configure_encoder(pipeline.get_by_name("enc_sub"), spec, spec["sub_kbps"])
    pipeline.get_by_name("out_main").set_property("location", spec["out_main"])
    pipeline.get_by_name("out_sub").set_property("location", spec["out_sub"])

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
