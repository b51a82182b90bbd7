"""Issue 17: faces found in footage and blurred before it leaves the building."""
