"""A tile of the wall: its policies, apart from its widget."""
