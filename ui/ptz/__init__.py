"""The PTZ dock: pad, zoom, speed, presets, and who controls the camera."""
