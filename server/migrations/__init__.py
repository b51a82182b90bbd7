"""Schema migrations (Alembic): ``env.py`` and ``versions/`` form the script directory,
``runner`` brings a database to the newest revision. Revisions are written by hand and
must leave the database exactly as ``server.schema.metadata`` describes it (a test
compares the two on SQLite and PostgreSQL)."""

import logging

# Alembic announces each of its plugins at INFO as it is first imported (any alembic
# import): seven lines in every server log that say nothing about the database. Set
# here, in the package, because it must precede that import.
logging.getLogger("alembic.runtime.plugins").setLevel(logging.WARNING)
