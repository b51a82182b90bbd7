"""The backend's HTTP API: errors, wire-format parsing, and the blocking client."""
