"""The wall: the grid of tiles, its windows on the wall's screens, and sending cameras,
views and whole walls to other workstations."""
