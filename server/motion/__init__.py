"""Issue 17: the motion grid a recording node stores beside a camera's footage, and the
search over it."""
