"""Issue 17, crowd level: the occupancy chart of one camera (its facts live in app/crowd)."""
