"""Stream engines and the interface they share."""
