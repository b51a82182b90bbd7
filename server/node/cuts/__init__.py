"""Export cuts: a recorded range cut into one MP4 (remuxed, or re-encoded with a
watermark and masks) from the segments of one or more nodes."""
