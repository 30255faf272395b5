"""The PySide6 desktop app: windows, dialogs, item models over services, tablet mode.

The only package that imports Qt; entry points are ``app.run_app`` and
``screenshots.render_screenshots``.
"""
