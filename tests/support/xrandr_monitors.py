"""Split one Xvfb screen into RandR 1.5 monitors (what `xrandr --setmonitor` does), so Qt
sees several screens side by side.

Xvfb's +xinerama puts every head at 0,0, and Qt takes its screens from RandR monitors;
one wide screen cut into monitors is how a two-monitor desktop looks to Qt's xcb plugin.
libXrandr comes with Qt's own dependencies; ctypes avoids needing the xrandr tool."""

from __future__ import annotations

import ctypes
import ctypes.util
import functools


class _MonitorInfo(ctypes.Structure):
    _fields_ = [("name", ctypes.c_ulong), ("primary", ctypes.c_int),
                ("automatic", ctypes.c_int), ("noutput", ctypes.c_int),
                ("x", ctypes.c_int), ("y", ctypes.c_int),
                ("width", ctypes.c_int), ("height", ctypes.c_int),
                ("mwidth", ctypes.c_int), ("mheight", ctypes.c_int),
                ("outputs", ctypes.POINTER(ctypes.c_ulong))]


class _ScreenResources(ctypes.Structure):
    _fields_ = [("timestamp", ctypes.c_ulong), ("config_timestamp", ctypes.c_ulong),
                ("ncrtc", ctypes.c_int), ("crtcs", ctypes.POINTER(ctypes.c_ulong)),
                ("noutput", ctypes.c_int), ("outputs", ctypes.POINTER(ctypes.c_ulong))]


@functools.cache
def _libraries() -> tuple[ctypes.CDLL, ctypes.CDLL]:
    """libX11 and libXrandr, with the prototypes of the calls made below."""
    x11 = ctypes.CDLL(ctypes.util.find_library("X11") or "libX11.so.6")
    xrandr = ctypes.CDLL(ctypes.util.find_library("Xrandr") or "libXrandr.so.2")
    x11.XOpenDisplay.restype = ctypes.c_void_p
    x11.XOpenDisplay.argtypes = [ctypes.c_char_p]
    x11.XDefaultRootWindow.restype = ctypes.c_ulong
    x11.XDefaultRootWindow.argtypes = [ctypes.c_void_p]
    x11.XInternAtom.restype = ctypes.c_ulong
    x11.XInternAtom.argtypes = [ctypes.c_void_p, ctypes.c_char_p, ctypes.c_int]
    x11.XSync.argtypes = [ctypes.c_void_p, ctypes.c_int]
    x11.XCloseDisplay.argtypes = [ctypes.c_void_p]
    xrandr.XRRAllocateMonitor.restype = ctypes.POINTER(_MonitorInfo)
    xrandr.XRRAllocateMonitor.argtypes = [ctypes.c_void_p, ctypes.c_int]
    xrandr.XRRSetMonitor.argtypes = [ctypes.c_void_p, ctypes.c_ulong,
                                     ctypes.POINTER(_MonitorInfo)]
    xrandr.XRRFreeMonitors.argtypes = [ctypes.POINTER(_MonitorInfo)]
    xrandr.XRRGetScreenResources.restype = ctypes.POINTER(_ScreenResources)
    xrandr.XRRGetScreenResources.argtypes = [ctypes.c_void_p, ctypes.c_ulong]
    xrandr.XRRFreeScreenResources.argtypes = [ctypes.POINTER(_ScreenResources)]
    xrandr.XRRDeleteMonitor.argtypes = [ctypes.c_void_p, ctypes.c_ulong, ctypes.c_ulong]
    return x11, xrandr


def set_monitors(display: str, monitors: list[tuple[str, int, int, int, int]],
                 first_takes_output: bool = True) -> None:
    """``monitors``: (name, x, y, width, height); the first is the primary. The first
    also takes the screen's one output, which hides the output's own whole-screen
    monitor (a monitor without outputs would sit beside it). To plug one monitor in
    again beside those already set, pass it alone with ``first_takes_output=False``."""
    x11, xrandr = _libraries()
    dpy = x11.XOpenDisplay(display.encode())
    if not dpy:
        raise RuntimeError(f"cannot open display {display}")
    try:
        root = x11.XDefaultRootWindow(dpy)
        resources = xrandr.XRRGetScreenResources(dpy, root)
        output = resources.contents.outputs[0]
        xrandr.XRRFreeScreenResources(resources)
        for number, (name, x, y, width, height) in enumerate(monitors):
            takes_output = number == 0 and first_takes_output
            info = xrandr.XRRAllocateMonitor(dpy, 1 if takes_output else 0)
            m = info.contents
            if takes_output:
                m.outputs[0] = output
            m.name = x11.XInternAtom(dpy, name.encode(), 0)
            m.primary = int(takes_output)
            m.automatic = 0
            m.noutput = 1 if takes_output else 0
            m.x, m.y, m.width, m.height = x, y, width, height
            # About 96 dpi, so Qt's logical DPI stays ordinary.
            m.mwidth, m.mheight = width * 254 // 960, height * 254 // 960
            xrandr.XRRSetMonitor(dpy, root, info)
            xrandr.XRRFreeMonitors(info)
        x11.XSync(dpy, 0)
    finally:
        x11.XCloseDisplay(dpy)


def delete_monitor(display: str, name: str) -> None:
    """Take one monitor away, as pulling out its cable does."""
    x11, xrandr = _libraries()
    dpy = x11.XOpenDisplay(display.encode())
    if not dpy:
        raise RuntimeError(f"cannot open display {display}")
    try:
        xrandr.XRRDeleteMonitor(dpy, x11.XDefaultRootWindow(dpy),
                                x11.XInternAtom(dpy, name.encode(), 0))
        x11.XSync(dpy, 0)
    finally:
        x11.XCloseDisplay(dpy)
