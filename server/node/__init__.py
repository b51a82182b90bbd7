"""What runs in a recording node: the recorder, the live relay, the node's volumes, its
lease on the cameras it records and the HTTP endpoint that serves its footage.

``python -m server node`` runs one on its own; ``python -m server`` runs the API with
one embedded. Nothing here imports the API (server/api)."""
