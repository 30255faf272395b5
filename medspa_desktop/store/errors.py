"""Errors the store raises; each message says what happened and what to do."""


class StoreError(Exception):
    """Base class; ``str(err)`` is a message fit to show a member of staff."""


class WrongKeyError(StoreError):
    pass


class KeyringUnavailableError(StoreError):
    pass


class MissingKeyError(StoreError):
    pass


class IntegrityCheckError(StoreError):
    pass
