"""Developer tools: the demo launcher and process helpers (not shipped with the client)."""
