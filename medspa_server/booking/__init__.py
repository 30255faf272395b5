"""The public online-booking page of each location (``/book/{location_id}``), served by the
central server without a login; ``pages.router`` is its router.

Server-rendered HTML that works without JavaScript. The free times come from the shared
availability engine over the server's rows (``facts.py``); a booking is written through the
organisation's writer in one transaction (``book.py``), so clinic devices pull it like any
pushed change.
"""
