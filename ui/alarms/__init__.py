"""Alarms in the client: the list dock, the flashing tile, the acknowledgement and the
rules editor (their facts live in app/alarms)."""
