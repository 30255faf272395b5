"""Database key handling: OS keyring for real data, a file for demo data only.

Keys derived from the database key (HKDF-SHA256) protect the blob store and the audit chain,
so one secret in the keyring unlocks everything on the device.
"""

from __future__ import annotations

import hashlib
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
        return bytes.fromhex(path.read_text().strip())
    if database_exists:
        raise MissingKeyError(
            f"The demo database in {data_dir} exists but its key file {DEMO_KEY_FILE} is missing. "
            "Delete the folder to start a fresh demo clinic."
        )
    key = secrets.token_bytes(KEY_BYTES)
    path.write_text(key.hex())
    path.chmod(0o600)
    return key


def keyring_key(data_dir: Path, *, database_exists: bool) -> bytes:
    """Fetch the key from the OS keyring, creating it only for a new database."""
    import keyring
    from keyring.errors import KeyringError, NoKeyringError

    entry = keyring_entry_name(data_dir)
    backend = keyring.get_keyring()
    if _is_unusable(backend):
        raise KeyringUnavailableError(_no_keyring_message(backend))
    try:
        stored = keyring.get_password(KEYRING_SERVICE, entry)
    except (NoKeyringError, KeyringError) as err:
        raise KeyringUnavailableError(_no_keyring_message(backend, err)) from err
    if stored:
        return bytes.fromhex(stored)
    if database_exists:
        raise MissingKeyError(
            f"The keyring has no key for the clinic database in {data_dir}. A new key would "
            "make the existing data unreadable, so nothing was changed. Log in to the same "
            "operating-system account that set this device up, or restore the key from your "
            "key backup, then start MedSpa Desktop again."
        )
    key = secrets.token_bytes(KEY_BYTES)
    try:
        keyring.set_password(KEYRING_SERVICE, entry, key.hex())
    except (NoKeyringError, KeyringError) as err:
        raise KeyringUnavailableError(_no_keyring_message(backend, err)) from err
    if keyring.get_password(KEYRING_SERVICE, entry) != key.hex():
        raise KeyringUnavailableError(
            "The keyring accepted the database key but did not give it back. "
            + _no_keyring_message(backend)
        )
    return key


def _is_unusable(backend: object) -> bool:
    from keyring.backends import fail

    try:
        from keyring.backends import null
    except ImportError:  # pragma: no cover - older keyring
        return isinstance(backend, fail.Keyring)
    return isinstance(backend, fail.Keyring | null.Keyring)


def _no_keyring_message(backend: object, err: Exception | None = None) -> str:
    reason = f" ({type(err).__name__}: {err})" if err else ""
    return (
        f"No usable OS keyring was found (keyring backend: {type(backend).__module__}){reason}. "
        "MedSpa Desktop keeps the database key in the keyring and will not create a clinic "
        "database without one. On Windows and macOS the built-in keyring is used; on Linux "
        "install and unlock a Secret Service such as GNOME Keyring "
        "('sudo apt install gnome-keyring', then log in to a desktop session) or KWallet. "
        "To try the app without a keyring, use demo mode: 'medspa demo'."
    )
