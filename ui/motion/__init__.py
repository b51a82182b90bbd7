"""Motion search: the rectangle drawn on a playback tile, the results list, the area
search window, and the binding of a wall's tiles and timeline to the search service."""
