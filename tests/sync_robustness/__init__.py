"""Sync robustness: crash points, a fault-injecting proxy, random offline edits on three
devices, and protocol versions, against a real server on SQLite and PostgreSQL."""
