"""QtCore services, one per concern; each owns its state and tells the views by signals."""
