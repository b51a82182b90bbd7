"""Issue 17: what a recording node learns from the pictures of the cameras it records
(motion, and later tampering and crowd level), from each camera's smallest stream."""
