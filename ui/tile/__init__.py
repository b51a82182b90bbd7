"""One tile of the wall: the widget, its header and overlays, digital zoom, PTZ on the
video, the native surface libVLC draws on, and the services every tile is given."""
