"""The health dock: stream rates, the client's load, cameras per state and area."""
