"""The live relay: GStreamer's RTSP server inside the server process, pulling each
camera stream once and handing it to every viewer that holds a valid ticket."""
