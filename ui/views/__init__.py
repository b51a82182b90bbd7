"""Named views: the views dock, custom grid layouts and the icons drawn for layouts."""
