"""The Stripe API key of this clinic PC, kept in the OS keyring beside the database key.

Public API (not on the GUI thread: the keyring may ask to be unlocked):

- ``save_stripe_key(data_dir, key)`` and ``stripe_key(data_dir) -> str | None``;
  ``forget_stripe_key(data_dir)``.

Never written to the database, a file or a log. Demo clinics use the simulated reader and
keep no key. Raises ``KeyringUnavailableError`` (saying what to do) without a keyring.
"""

from __future__ import annotations

from pathlib import Path

from medspa_desktop.store.errors import KeyringUnavailableError
from medspa_desktop.store.keys import KEYRING_SERVICE, keyring_entry_name, require_usable_keyring


def _entry(data_dir: Path) -> str:
    return "stripe-key:" + keyring_entry_name(data_dir).removeprefix("db-key:")


def save_stripe_key(data_dir: Path, key: str) -> None:
    import keyring
    from keyring.errors import KeyringError

    require_usable_keyring()
    try:
        keyring.set_password(KEYRING_SERVICE, _entry(data_dir), key)
    except KeyringError as err:
        raise KeyringUnavailableError(
            f"The OS keyring would not keep the Stripe key ({err}). Unlock the keyring and "
            "enter the key again."
        ) from err


def stripe_key(data_dir: Path) -> str | None:
    import keyring
    from keyring.errors import KeyringError

    require_usable_keyring()
    try:
        return keyring.get_password(KEYRING_SERVICE, _entry(data_dir))
    except KeyringError as err:
        raise KeyringUnavailableError(
            f"The OS keyring would not give the Stripe key ({err}). Unlock the keyring."
        ) from err


def forget_stripe_key(data_dir: Path) -> None:
    import keyring
    from keyring.errors import KeyringError, PasswordDeleteError

    require_usable_keyring()
    try:
        keyring.delete_password(KEYRING_SERVICE, _entry(data_dir))
    except PasswordDeleteError:
        return
    except KeyringError as err:
        raise KeyringUnavailableError(f"The OS keyring would not forget the key ({err}).") from err
