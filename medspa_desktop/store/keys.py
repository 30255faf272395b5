"""Database key handling: OS keyring for real data, a file for demo data only.

Keys derived from the database key (HKDF-SHA256) protect the blob store and the audit chain,
so one secret in the keyring unlocks everything on the device.
"""

from __future__ import annotations

import hashlib
import os
import secrets
from pathlib import Path

from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

from medspa_desktop.store.engine import KEY_BYTES
from medspa_desktop.store.errors import KeyringUnavailableError, MissingKeyError

KEYRING_SERVICE = "medspa-desktop"
DEMO_KEY_FILE = "demo.key"


def derive_key(db_key: bytes, purpose: str) -> bytes:
    """A 32-byte key for ``purpose`` (``"blobs"``, ``"audit"``, ``"backup"``). Any thread."""
    return HKDF(
        algorithm=hashes.SHA256(), length=32, salt=b"medspa-desktop/v1", info=purpose.encode()
    ).derive(db_key)


def keyring_entry_name(data_dir: Path) -> str:
    """One keyring entry per data directory, named by its resolved path."""
    resolved = str(data_dir.resolve())
    return f"db-key:{hashlib.sha256(resolved.encode()).hexdigest()[:16]}:{resolved}"


def demo_key(data_dir: Path, *, database_exists: bool) -> bytes:
    """Demo mode only: the key lives in ``<data-dir>/demo.key`` as hex."""
    path = data_dir / DEMO_KEY_FILE
    if path.exists():
        return _parse_key(path.read_text(), f"The demo key file {path}")
    if database_exists:
        raise MissingKeyError(
            f"The demo database in {data_dir} exists but its key file {DEMO_KEY_FILE} is missing. "
            "Delete the folder to start a fresh demo clinic."
        )
    key = secrets.token_bytes(KEY_BYTES)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "w") as out:
        out.write(key.hex())
    return key


def keyring_key(data_dir: Path, *, database_exists: bool) -> bytes:
    """Fetch the key from the OS keyring, creating it only for a new database.

    May block while the keyring asks the user to unlock it: not on the GUI thread.
    """
    import keyring
    from keyring.errors import KeyringError

    entry = keyring_entry_name(data_dir)
    backend = keyring.get_keyring()
    if not _is_usable(backend):
        raise KeyringUnavailableError(_no_keyring_message(backend))
    try:
        stored = keyring.get_password(KEYRING_SERVICE, entry)
    except KeyringError as err:
        raise KeyringUnavailableError(_no_keyring_message(backend, err)) from err
    if stored:
        return _parse_key(stored, f"The keyring entry for {data_dir}")
    if database_exists:
        raise MissingKeyError(
            f"The keyring has no key for the clinic database in {data_dir}. A new key would "
            "make the existing data unreadable, so nothing was changed. Log in to the same "
            "operating-system account that set this device up (and if the data folder was "
            "moved or renamed, move it back), then start MedSpa Desktop again. On a new "
            "computer, restore a backup with the clinic's recovery key instead: "
            "'medspa restore BACKUP --recovery-key-file FILE'."
        )
    return _create_keyring_key(backend, entry)


def _create_keyring_key(backend: object, entry: str) -> bytes:
    key = secrets.token_bytes(KEY_BYTES)
    _store_keyring_key(backend, entry, key)
    return key


def _store_keyring_key(backend: object, entry: str, key: bytes) -> None:
    import keyring
    from keyring.errors import KeyringError

    try:
        keyring.set_password(KEYRING_SERVICE, entry, key.hex())
        echoed = keyring.get_password(KEYRING_SERVICE, entry)
    except KeyringError as err:
        raise KeyringUnavailableError(_no_keyring_message(backend, err)) from err
    if echoed != key.hex():
        raise KeyringUnavailableError(
            "The keyring accepted the database key but did not give it back. "
            + _no_keyring_message(backend)
        )


DEMO_TOKEN_FILE = "demo.device-token"  # noqa: S105 - a file name, not a secret


def save_device_token(data_dir: Path, token: str, *, demo: bool) -> None:
    """Keep this device's sync token: the OS keyring (an entry per data directory, apart from
    the database key), or ``<data-dir>/demo.device-token`` for a demo clinic, as its key.

    Raises ``KeyringUnavailableError`` when no usable keyring can keep it. Not on the GUI
    thread (the keyring may ask to be unlocked).
    """
    if demo:
        path = data_dir / DEMO_TOKEN_FILE
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "w") as out:
            out.write(token)
        return
    import keyring
    from keyring.errors import KeyringError

    backend = require_usable_keyring()
    try:
        keyring.set_password(KEYRING_SERVICE, _token_entry_name(data_dir), token)
    except KeyringError as err:
        raise KeyringUnavailableError(_no_keyring_message(backend, err)) from err


def device_token(data_dir: Path, *, demo: bool) -> str | None:
    """This device's sync token, or None when it has not been enrolled. Not on the GUI thread."""
    if demo:
        path = data_dir / DEMO_TOKEN_FILE
        if not path.exists():
            return None
        return path.read_text().strip() or None
    import keyring
    from keyring.errors import KeyringError

    backend = require_usable_keyring()
    try:
        return keyring.get_password(KEYRING_SERVICE, _token_entry_name(data_dir))
    except KeyringError as err:
        raise KeyringUnavailableError(_no_keyring_message(backend, err)) from err


def require_usable_keyring() -> object:
    """The keyring backend; raises ``KeyringUnavailableError`` (saying what to do) if unusable."""
    import keyring

    backend = keyring.get_keyring()
    if not _is_usable(backend):
        raise KeyringUnavailableError(_no_keyring_message(backend))
    return backend


def _token_entry_name(data_dir: Path) -> str:
    return "device-token:" + keyring_entry_name(data_dir).removeprefix("db-key:")


RECOVERY_PREFIX = "MSK1"


def format_recovery_key(key: bytes) -> str:
    """The database key as a recovery key a person can print and type back in."""
    text = key.hex().upper()
    return "-".join([RECOVERY_PREFIX, *(text[i : i + 8] for i in range(0, len(text), 8))])


def parse_recovery_key(text: str) -> bytes:
    """Read a recovery key as printed (dashes, spaces and case do not matter)."""
    cleaned = "".join(text.split()).replace("-", "").upper()
    return _parse_key(cleaned.removeprefix(RECOVERY_PREFIX), "The recovery key")


def adopt_recovery_key(data_dir: Path, key: bytes) -> None:
    """Keep ``key`` in this computer's keyring for ``data_dir`` (restoring on a new computer).

    Refuses to replace a different key already kept for that folder. Not on the GUI thread.
    """
    import keyring
    from keyring.errors import KeyringError

    entry = keyring_entry_name(data_dir)
    backend = keyring.get_keyring()
    if not _is_usable(backend):
        raise KeyringUnavailableError(_no_keyring_message(backend))
    try:
        stored = keyring.get_password(KEYRING_SERVICE, entry)
    except KeyringError as err:
        raise KeyringUnavailableError(_no_keyring_message(backend, err)) from err
    if stored and _parse_key(stored, f"The keyring entry for {data_dir}") != key:
        raise MissingKeyError(
            f"This computer's keyring already keeps a different key for {data_dir}, so the "
            "recovery key was not used and nothing was changed. Restore into a new, empty "
            "data folder instead."
        )
    if not stored:
        _store_keyring_key(backend, entry, key)


def _parse_key(text: str, where: str) -> bytes:
    try:
        key = bytes.fromhex(text.strip())
    except ValueError:
        key = b""
    if len(key) != KEY_BYTES:
        raise MissingKeyError(
            f"{where} does not hold a MedSpa Desktop database key (32 bytes as hex), so "
            "nothing was opened or changed. Put the original key back, then start again."
        )
    return key


def _is_usable(backend: object) -> bool:
    """False for keyring's stand-ins (fail, null, an empty chain) and for plain-text files,
    which would leave the key readable next to the data it protects."""
    from keyring.backends import chainer, fail, null

    if isinstance(backend, fail.Keyring | null.Keyring):
        return False
    if isinstance(backend, chainer.ChainerBackend):
        return any(_is_usable(b) for b in backend.backends)
    return "plaintext" not in type(backend).__name__.lower()


def _no_keyring_message(backend: object, err: Exception | None = None) -> str:
    from keyring.errors import KeyringLocked

    name = f"{type(backend).__module__}.{type(backend).__name__}"
    if isinstance(err, KeyringLocked):
        return (
            f"The OS keyring ({name}) is locked, so the database key could not be read. "
            "Unlock it (log in to the desktop session, or unlock the 'Login' keyring in "
            "'Passwords and Keys') and start MedSpa Desktop again."
        )
    reason = f" ({type(err).__name__}: {err})" if err else ""
    return (
        f"No usable OS keyring was found (keyring backend: {name}){reason}. "
        "MedSpa Desktop keeps the database key in the keyring and will not create or open a "
        "clinic database without one. On Windows and macOS the built-in keyring is used; on "
        "Linux install and unlock a Secret Service such as GNOME Keyring "
        "('sudo apt install gnome-keyring', then log in to a desktop session) or KWallet. "
        "To try the app without a keyring, use demo mode: 'medspa demo'."
    )
