"""Alembic's environment: always run by ``server.migrations.runner`` on a connection it
has opened, locked and begun (so the version check, the lock and the migration share one
transaction)."""

from __future__ import annotations

from alembic import context

from server.schema import metadata

connection = context.config.attributes.get("connection")
if connection is None:
    raise RuntimeError(
        "Pantau's migrations run through `python -m server db upgrade`, not the alembic CLI"
    )

context.configure(
    connection=connection,
    target_metadata=metadata,
    # Comparing against the live schema (tests) should treat SQLite's ALTER limits the
    # way the revisions do.
    render_as_batch=True,
    compare_type=True,
)
with context.begin_transaction():
    context.run_migrations()
