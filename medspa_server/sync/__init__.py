"""The sync engine of the server: push, pull, first-sync snapshot, verification."""
