"""Schema migrations (Alembic): ``env.py`` and ``versions/`` form the script directory,
``runner`` brings a database to the newest revision. Revisions are written by hand and
must leave the database exactly as ``server.schema.metadata`` describes it (a test
compares the two on SQLite and PostgreSQL)."""
