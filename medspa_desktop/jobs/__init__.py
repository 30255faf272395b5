"""Background jobs of the desktop app: the device's one sync worker and the demo server.

No Qt here: the UI turns the worker's status callbacks into signals (``ui.sync_bridge``).
"""
