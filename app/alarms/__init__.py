"""Alarms: what the server's rules raised on the cameras of the user's areas (types,
parsing, the service that keeps the open ones, the rules administrators edit)."""
