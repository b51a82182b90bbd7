"""The one place the server loads GStreamer through PyGObject (the relay's engine)."""

from __future__ import annotations

import gi

gi.require_version("Gst", "1.0")
gi.require_version("GstRtsp", "1.0")
gi.require_version("GstRtspServer", "1.0")

from gi.repository import GLib, Gst, GstRtsp, GstRtspServer  # noqa: E402

Gst.init(None)

__all__ = ["GLib", "Gst", "GstRtsp", "GstRtspServer"]
