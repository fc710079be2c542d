"""The key store: one random secret per data key, kept in files outside the database.

Why it exists: a data key wrapped by the master key sits in the database, and
so in every database backup. If shredding only erased that row, anybody with
an older backup and the master keys could still unwrap the key and read what
it protected. So the usable data key is derived from two halves:

    data key = HKDF(unwrapped material from the database ‖ secret from the key store)

Shredding overwrites and deletes the secret here. A database backup alone —
taken before or after the shred — cannot give the data key back. The key
store must therefore be backed up *separately* from the database, with a short
retention: once no key store backup older than a shred remains, the shredded
data is unreadable everywhere (docs/deployment.md, "Keys").

Layout: `<root>/<first two hex digits>/<uuid hex>`, 32 bytes each, mode 0600,
and a marker file in the root that records when the store was set up. A
missing secret is reported as a shred only when the marker is there and the
key is younger than the store; a missing marker, or a store set up after the
key was made (an unmounted volume, the wrong path, a store restored from
elsewhere), is a configuration error and never reported as a shred.

Deleting a file does not wipe it from every medium: on SSDs and copy-on-write
file systems the old blocks may survive until they are reused. Run the key
store on an encrypted file system with discard/TRIM; the overwrite before the
unlink is a best effort for plain disks.
"""

from __future__ import annotations

import atexit
import datetime as dt
import os
import re
import secrets
import shutil
import tempfile
import uuid
from pathlib import Path
from typing import Any, NoReturn

from django.conf import settings

from beistand.lib.crypto import KEY_BYTES, DecryptionError, KeyDestroyed

MARKER = "BEISTAND-KEYSTORE"
_INITIALISED = re.compile(r"^initialised (\S+)$", re.MULTILINE)
# Servers' clocks differ a little; a key made this close to the store's set-up counts as younger.
_CLOCK_SKEW = dt.timedelta(minutes=5)


class KeyStoreUnavailable(DecryptionError):
    """The key store directory is missing or is not a key store: a configuration error."""


class KeyStore:
    def __init__(self, root: Path, *, make_parents: bool) -> None:
        self.root = root
        self.make_parents = make_parents
        self._root_text = str(root)

    def create(self, key_id: uuid.UUID) -> bytes:
        """A fresh secret for a new data key, written durably before the key is used."""
        self.require_root()
        secret = secrets.token_bytes(KEY_BYTES)
        path = Path(self._path(key_id))
        path.parent.mkdir(mode=0o700, exist_ok=True)
        descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(descriptor, "wb") as handle:
            handle.write(secret)
            handle.flush()
            os.fsync(handle.fileno())
        _fsync_directory(path.parent)
        return secret

    def read(self, key_id: uuid.UUID, created_at: dt.datetime | None = None) -> bytes:
        """The secret of a key; KeyDestroyed once shredded.

        `created_at` (the key's) tells a shredded key from a key store that is
        younger than the key, i.e. not the one the key was made in.
        """
        try:
            with open(self._path(key_id), "rb") as handle:
                secret = handle.read(KEY_BYTES + 1)
        except FileNotFoundError:
            self._explain_missing(key_id, created_at)
        if len(secret) != KEY_BYTES:
            raise DecryptionError(f"the key store entry of data key {key_id} is damaged")
        return secret

    def destroy(self, key_id: uuid.UUID) -> None:
        """Overwrites and deletes the secret; a secret already gone is fine."""
        path = Path(self._path(key_id))
        try:
            with open(path, "r+b") as handle:
                handle.write(bytes(KEY_BYTES))
                handle.flush()
                os.fsync(handle.fileno())
            path.unlink()
        except FileNotFoundError:
            return
        _fsync_directory(path.parent)

    def contains(self, key_id: uuid.UUID) -> bool:
        return os.path.exists(self._path(key_id))

    def require_root(self) -> None:
        """Sets up a missing store (its parent directory must exist in production)."""
        if (self.root / MARKER).is_file():
            return
        try:
            self.root.mkdir(mode=0o700, parents=self.make_parents, exist_ok=True)
        except OSError as error:
            raise KeyStoreUnavailable(
                f"the key store {self.root} is missing and cannot be created ({error.strerror}); "
                "see docs/deployment.md, Keys"
            ) from None
        if any(entry.name != MARKER for entry in self.root.iterdir()):
            raise KeyStoreUnavailable(f"{self.root} is not empty and holds no key store marker")
        stamp = dt.datetime.now(dt.UTC).isoformat()
        (self.root / MARKER).write_text(
            f"Beistand key store: back it up separately from the database, see docs/deployment.md\n"
            f"initialised {stamp}\n"
        )

    def initialised_at(self) -> dt.datetime | None:
        match = _INITIALISED.search((self.root / MARKER).read_text())
        return dt.datetime.fromisoformat(match.group(1)) if match else None

    def _explain_missing(self, key_id: uuid.UUID, created_at: dt.datetime | None) -> NoReturn:
        if not (self.root / MARKER).is_file():
            raise KeyStoreUnavailable(
                f"the key store {self.root} is missing or not initialised (no {MARKER} file); "
                "is it mounted? see docs/deployment.md, Keys"
            )
        initialised = self.initialised_at()
        if created_at is not None and initialised is not None and created_at < initialised - _CLOCK_SKEW:
            raise KeyStoreUnavailable(
                f"data key {key_id} is older than the key store {self.root}: this is not the key "
                "store it was made in (wrong path, unmounted volume, or a store from elsewhere)"
            )
        raise KeyDestroyed(f"data key {key_id} was shredded: its secret is no longer in the key store")

    def _path(self, key_id: uuid.UUID) -> str:
        # Plain strings: this runs for every key a request unwraps, and pathlib is slow.
        name = key_id.hex if isinstance(key_id, uuid.UUID) else uuid.UUID(str(key_id)).hex
        return os.path.join(self._root_text, name[:2], name)


_stores: dict[tuple[Any, ...], KeyStore] = {}
_test_root: Path | None = None


def key_store() -> KeyStore:
    """The configured key store (settings.KEY_STORE_DIR, else <DATA_DIR>/keystore)."""
    configured = getattr(settings, "KEY_STORE_DIR", None)
    cache_key = (configured, None if configured else settings.DATA_DIR, settings.PRODUCTION)
    store = _stores.get(cache_key)
    if store is None:
        # Production sets up a missing store only inside an existing directory; a store
        # that appears later than a key is never taken for that key's (see read()).
        store = _stores[cache_key] = KeyStore(configured_root(), make_parents=not settings.PRODUCTION)
    return store


def configured_root() -> Path:
    configured = getattr(settings, "KEY_STORE_DIR", None)
    if configured:
        return Path(configured)
    if settings.ENVIRONMENT == "test":
        return _temporary_root()
    return Path(settings.DATA_DIR) / "keystore"


def _temporary_root() -> Path:
    """Tests get a key store of their own that disappears with the test process."""
    global _test_root
    if _test_root is None:
        _test_root = Path(tempfile.mkdtemp(prefix="beistand-keystore-"))
        atexit.register(shutil.rmtree, _test_root, ignore_errors=True)
    return _test_root


def _fsync_directory(path: Path) -> None:
    descriptor = os.open(path, os.O_RDONLY)
    try:
        os.fsync(descriptor)
    finally:
        os.close(descriptor)
