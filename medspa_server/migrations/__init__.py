"""Alembic revisions of the server schema; run through ``medspa_server.migrate``."""
