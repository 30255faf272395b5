"""One router per resource of the sync API."""
