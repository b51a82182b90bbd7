"""Motion search: the server's coarse motion grid asked for stretches with motion in a
region of the picture (types, region maths, the search service)."""
