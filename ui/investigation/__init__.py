"""Investigation: recordings searched in a workspace of their own, the live wall untouched."""
