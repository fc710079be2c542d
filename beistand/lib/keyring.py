"""Master keys (key-encryption keys) and other long-lived secrets, from the environment.

Master keys are versioned so that a new one can be added and the data keys
re-wrapped (`manage.py rotate_master_key`) while the old ones still open what
was wrapped before. They are given as lines or comma-separated entries of the
form `<version>:<base64 of 32 random bytes>`, in BEISTAND_MASTER_KEYS or in the
file named by BEISTAND_MASTER_KEYS_FILE. In development and tests they are
generated once into the untracked data folder.
"""

from __future__ import annotations

import base64
import binascii
import os
import re
import secrets
from pathlib import Path

from beistand.lib.env import ConfigError

KEY_BYTES = 32
ENTRY = re.compile(r"^(\d{1,6}):([A-Za-z0-9+/=_-]+)$")


def parse_master_keys(text: str, source: str) -> dict[int, bytes]:
    """`1:base64,2:base64` (or one entry per line) -> {1: key, 2: key}; refuses anything else."""
    entries = [item.strip() for item in re.split(r"[,\n]", text) if item.strip()]
    if not entries:
        raise ConfigError(f"{source} holds no master key")
    keys: dict[int, bytes] = {}
    for entry in entries:
        version, key = _parse_entry(entry, source)
        if version in keys:
            raise ConfigError(f"{source} lists master key version {version} twice")
        keys[version] = key
    return keys


def _parse_entry(entry: str, source: str) -> tuple[int, bytes]:
    match = ENTRY.match(entry)
    if not match:
        raise ConfigError(f"{source}: a master key must look like <version>:<base64>, e.g. 1:AbC…=")
    try:
        key = base64.b64decode(match.group(2).replace("-", "+").replace("_", "/"), validate=True)
    except (binascii.Error, ValueError):
        raise ConfigError(f"{source}: master key version {match.group(1)} is not valid base64") from None
    if len(key) != KEY_BYTES:
        raise ConfigError(
            f"{source}: master key version {match.group(1)} has {len(key)} bytes, needs {KEY_BYTES}"
            " (truncated?)"
        )
    return int(match.group(1)), key


def new_master_key_entry(version: int) -> str:
    return f"{version}:{base64.b64encode(secrets.token_bytes(KEY_BYTES)).decode()}"


def load_master_keys(configured: str | None, *, dev_dir: Path | None) -> dict[int, bytes]:
    """From the environment (value or _FILE, read by env_secret) or, in development, a local file."""
    if configured:
        return parse_master_keys(configured, "BEISTAND_MASTER_KEYS")
    if dev_dir is None:
        raise ConfigError("BEISTAND_MASTER_KEYS (or BEISTAND_MASTER_KEYS_FILE) must be set in production")
    path = _generated_file(dev_dir)
    return parse_master_keys(_read(path), str(path))


def _read(path: Path) -> str:
    try:
        return path.read_text(encoding="ascii")
    except (OSError, UnicodeDecodeError) as error:
        reason = getattr(error, "strerror", None) or "not readable as text"
        raise ConfigError(f"master key file {path} cannot be read: {reason}") from None


def _generated_file(directory: Path) -> Path:
    directory.mkdir(mode=0o700, parents=True, exist_ok=True)
    path = directory / "master_keys"
    try:
        descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        return path
    with os.fdopen(descriptor, "w", encoding="ascii") as handle:
        handle.write(new_master_key_entry(1) + "\n")
    return path
