"""Database backups: a consistent snapshot in a checked archive, and its restore.

The archive is an uncompressed POSIX tar with exactly three regular files, in
this order:

    manifest.json          format, version, backup id, created_at, vendor,
                           the applied migrations per app, size and SHA-256
                           of the database member
    database.sqlite3       (SQLite: an online-backup copy, journal mode DELETE)
      or database.pgdump   (PostgreSQL: pg_dump --format=custom --compress=0)
    manifest.sha256        SHA-256 of manifest.json, so a changed manifest is
                           noticed too; being last, it also reveals truncation

It holds the database only. The master keys and the key store are NOT in it
and must never be: personal data in the database is ciphertext, and the key
store is what makes crypto-shredding reach into old backups (docs/deployment.md,
"Keys"). Nothing is compressed, so the archive can be searched for plaintext
(the tests do) and holds ciphertext, which does not compress anyway.

Restore checks the whole archive before it changes anything: structure,
member names and types, the manifest's own checksum, the database checksum,
the vendor, and that the code knows every migration the backup has applied.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
import io
import json
import os
import shutil
import sqlite3
import subprocess  # pg_dump and pg_restore with argument lists, never a shell
import tarfile
import tempfile
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

from django.db import connections
from django.db.migrations.loader import MigrationLoader
from django.db.migrations.recorder import MigrationRecorder

FORMAT = "beistand-backup"
VERSION = 1
MANIFEST = "manifest.json"
MANIFEST_SUM = "manifest.sha256"
DATABASE_MEMBER = {"sqlite": "database.sqlite3", "postgresql": "database.pgdump"}
# The triggers of audit.0003 that keep the audit log append-only.
AUDIT_TRIGGERS = {
    "sqlite": {"audit_auditevent_no_update", "audit_auditevent_no_delete"},
    "postgresql": {"audit_auditevent_append_only", "audit_auditevent_no_truncate"},
}
_CHUNK = 1024 * 1024


class BackupError(Exception):
    """A backup or restore refused or failed; the message is one line for the operator."""


@dataclass(frozen=True)
class Manifest:
    backup_id: str
    created_at: str
    vendor: str
    migrations: dict[str, list[str]]
    member: str
    size: int
    sha256: str

    def as_json(self) -> bytes:
        return json.dumps(
            {
                "format": FORMAT,
                "version": VERSION,
                "backup_id": self.backup_id,
                "created_at": self.created_at,
                "vendor": self.vendor,
                "migrations": self.migrations,
                "latest_migrations": {app: names[-1] for app, names in self.migrations.items() if names},
                "contents": "database only; no master keys, no key store",
                "members": {self.member: {"size": self.size, "sha256": self.sha256}},
            },
            indent=2,
            sort_keys=True,
        ).encode()


# --- Backup -----------------------------------------------------------------------------


def create_backup(target: Path, *, using: str = "default", force: bool = False) -> Manifest:
    """Writes the archive atomically with mode 0600; refuses an existing target unless force."""
    target = Path(target).absolute()
    if not target.parent.is_dir():
        raise BackupError(f"the directory {target.parent} does not exist")
    if target.exists() and not force:
        raise BackupError(f"{target} exists; choose another name or pass --force to overwrite it")
    connection = connections[using]
    vendor = connection.vendor
    if vendor not in DATABASE_MEMBER:
        raise BackupError(f"backups of {vendor} databases are not supported")
    # Work files sit next to the target: the same protected volume, and rename stays atomic.
    with _workdir(target.parent) as work:
        snapshot = work / DATABASE_MEMBER[vendor]
        if vendor == "sqlite":
            _sqlite_snapshot(using, snapshot)
        else:
            _pg_dump(connection.settings_dict, snapshot)
        size, digest = _hash_file(snapshot)
        manifest = Manifest(
            backup_id=str(uuid.uuid4()),
            created_at=dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
            vendor=vendor,
            migrations=applied_migrations(using),
            member=DATABASE_MEMBER[vendor],
            size=size,
            sha256=digest,
        )
        partial = work / "archive.tar"
        descriptor = os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(descriptor, "wb") as handle:
            with tarfile.open(fileobj=handle, mode="w", format=tarfile.PAX_FORMAT) as archive:
                manifest_bytes = manifest.as_json()
                _add_bytes(archive, MANIFEST, manifest_bytes)
                _add_file(archive, manifest.member, snapshot)
                _add_bytes(archive, MANIFEST_SUM, hashlib.sha256(manifest_bytes).hexdigest().encode())
            handle.flush()
            os.fsync(handle.fileno())
        if force:
            os.replace(partial, target)
        else:
            try:
                os.link(partial, target)  # fails if the target appeared meanwhile: no overwrite
            except FileExistsError:
                raise BackupError(f"{target} exists; pass --force to overwrite it") from None
        _fsync_directory(target.parent)
    return manifest


def applied_migrations(using: str) -> dict[str, list[str]]:
    applied: dict[str, list[str]] = {}
    for app, name in sorted(MigrationRecorder(connections[using]).applied_migrations()):
        applied.setdefault(app, []).append(name)
    return applied


def _sqlite_snapshot(using: str, snapshot: Path) -> None:
    connection: Any = connections[using]
    if connection.is_in_memory_db():
        connection.ensure_connection()
        source = connection.connection
    else:
        # A connection of its own: it sees the last committed state, whatever this process does.
        source = sqlite3.connect(f"file:{Path(connection.settings_dict['NAME']).absolute()}?mode=ro", uri=True)
    target = sqlite3.connect(snapshot)
    try:
        source.backup(target)  # the online backup API: a consistent copy while the service runs
        target.execute("PRAGMA journal_mode=DELETE")  # one self-contained file, no -wal beside it
    finally:
        target.close()
        if source is not connection.connection:
            source.close()
    os.chmod(snapshot, 0o600)


def _pg_environment(settings_dict: dict[str, Any]) -> dict[str, str]:
    """libpq settings from DATABASES; the password goes in PGPASSWORD, never on a command line."""
    environment = {key: value for key, value in os.environ.items() if not key.startswith("PG")}
    values = {
        "PGHOST": settings_dict.get("HOST"),
        "PGPORT": settings_dict.get("PORT"),
        "PGUSER": settings_dict.get("USER"),
        "PGPASSWORD": settings_dict.get("PASSWORD"),
        "PGDATABASE": settings_dict.get("NAME"),
    }
    options = settings_dict.get("OPTIONS") or {}
    for option, variable in (
        ("sslmode", "PGSSLMODE"), ("sslrootcert", "PGSSLROOTCERT"),
        ("sslcert", "PGSSLCERT"), ("sslkey", "PGSSLKEY"), ("passfile", "PGPASSFILE"),
    ):
        values[variable] = options.get(option)
    environment.update({key: str(value) for key, value in values.items() if value})
    return environment


def _run(command: list[str], settings_dict: dict[str, Any], what: str) -> str:
    executable = shutil.which(command[0])
    if executable is None:
        raise BackupError(f"{command[0]} is not installed (Debian: apt install postgresql-client)")
    result = subprocess.run(  # noqa: S603 -- fixed program, no shell, arguments are ours
        [executable, *command[1:]], env=_pg_environment(settings_dict),
        capture_output=True, text=True, check=False,
    )
    if result.returncode != 0:
        last = (result.stderr.strip().splitlines() or ["no message"])[-1]
        raise BackupError(f"{what} failed: {last}")
    return result.stdout


def _pg_dump(settings_dict: dict[str, Any], snapshot: Path) -> None:
    # --compress=0: the bulk is ciphertext, which does not compress; and the archive stays searchable.
    _run(
        ["pg_dump", "--format=custom", "--compress=0", "--no-password", f"--file={snapshot}"],
        settings_dict, "pg_dump",
    )
    os.chmod(snapshot, 0o600)


# --- Verification -------------------------------------------------------------------------


def verify_archive(path: Path) -> Manifest:
    """Reads the whole archive and checks it; raises BackupError naming the first problem."""
    path = Path(path)
    if not path.is_file():
        raise BackupError(f"{path} does not exist or is not a file")
    try:
        with tarfile.open(path, mode="r:") as archive:
            members = archive.getmembers()
            names = [member.name for member in members]
            if not names or names[0] != MANIFEST:
                raise BackupError(f"{path} is not a Beistand backup (no manifest)")
            if any(not member.isreg() for member in members):
                raise BackupError(f"{path} holds entries that are not plain files: refused")
            manifest_bytes = _read_member(archive, members[0])
            if names[-1] != MANIFEST_SUM or len(names) != 3:
                raise BackupError(f"{path} is incomplete or has unexpected entries (truncated?)")
            expected = _read_member(archive, members[2]).decode("ascii", "replace").strip()
            if hashlib.sha256(manifest_bytes).hexdigest() != expected:
                raise BackupError(f"the manifest of {path} does not match its checksum: damaged")
            manifest = _parse_manifest(manifest_bytes, path)
            database = members[1]
            if database.name != manifest.member:
                raise BackupError(f"{path} holds {database.name}, its manifest names {manifest.member}")
            if database.size != manifest.size:
                raise BackupError(f"{database.name} in {path} has the wrong size: damaged or truncated")
            handle = archive.extractfile(database)
            assert handle is not None  # noqa: S101 -- isreg() checked above
            if _hash_stream(handle)[1] != manifest.sha256:
                raise BackupError(f"{database.name} in {path} does not match its checksum: damaged")
    except (tarfile.TarError, EOFError, OSError) as error:
        raise BackupError(f"{path} cannot be read as a Beistand backup ({error}): damaged, truncated or foreign") from None
    return manifest


def _parse_manifest(raw: bytes, path: Path) -> Manifest:
    try:
        data = json.loads(raw)
        if data.get("format") != FORMAT:
            raise BackupError(f"{path} is not a Beistand backup")
        if data.get("version") != VERSION:
            raise BackupError(f"{path} has backup format version {data.get('version')}; this code reads {VERSION}")
        (member, meta), = data["members"].items()
        vendor = data["vendor"]
        if DATABASE_MEMBER.get(vendor) != member:
            raise BackupError(f"the manifest of {path} is inconsistent (vendor {vendor}, member {member})")
        migrations = {str(app): [str(name) for name in names] for app, names in data["migrations"].items()}
        return Manifest(
            backup_id=str(data["backup_id"]), created_at=str(data["created_at"]), vendor=vendor,
            migrations=migrations, member=member, size=int(meta["size"]), sha256=str(meta["sha256"]),
        )
    except BackupError:
        raise
    except (ValueError, KeyError, TypeError, AttributeError):
        raise BackupError(f"the manifest of {path} is malformed") from None


def check_compatible(manifest: Manifest, using: str = "default") -> list[str]:
    """Refuses a backup for another vendor or from newer code; returns migrations it lacks."""
    vendor = connections[using].vendor
    if manifest.vendor != vendor:
        raise BackupError(f"the backup is of a {manifest.vendor} database; this one is {vendor}")
    known = set(MigrationLoader(None, ignore_no_migrations=True).disk_migrations)
    unknown = sorted(
        f"{app}.{name}" for app, names in manifest.migrations.items() for name in names
        if (app, name) not in known
    )
    if unknown:
        raise BackupError(
            f"the backup is from a newer migration state than this code ({', '.join(unknown[:3])}"
            f"{' …' if len(unknown) > 3 else ''}): update the code first"
        )
    applied = {(app, name) for app, names in manifest.migrations.items() for name in names}
    return sorted(f"{app}.{name}" for app, name in known - applied)


# --- Restore ------------------------------------------------------------------------------


def restore_backup(path: Path, *, using: str = "default") -> Manifest:
    """Verifies, then replaces the database with the archive's. Nothing changes on a refusal."""
    path = Path(path)
    manifest = verify_archive(path)
    check_compatible(manifest, using)
    connection = connections[using]
    if manifest.vendor == "sqlite":
        _restore_sqlite(path, manifest, connection)
    else:
        _restore_postgresql(path, manifest, connection)
    return manifest


def _restore_sqlite(path: Path, manifest: Manifest, connection: Any) -> None:
    name = str(connection.settings_dict["NAME"])
    if connection.is_in_memory_db() or not name:
        raise BackupError("the configured SQLite database is in memory; restore needs a database file")
    database = Path(name).absolute()
    if not database.parent.is_dir():
        raise BackupError(f"the directory {database.parent} does not exist")
    connection.close()  # our own connection; the services must be stopped (checked below)
    _refuse_sqlite_in_use(database)
    with _workdir(database.parent) as work:
        incoming = work / "restore.sqlite3"
        _extract(path, manifest, incoming)
        _check_sqlite_file(incoming, manifest)
        os.chmod(incoming, 0o600)
        _remove_sidecars(database)
        os.replace(incoming, database)
        _fsync_directory(database.parent)


def _refuse_sqlite_in_use(database: Path) -> None:
    for suffix in ("-wal", "-journal"):
        sidecar = database.with_name(database.name + suffix)
        if sidecar.exists():
            raise BackupError(
                f"{sidecar.name} exists: the database is in use or was not closed cleanly; "
                "stop the web and worker services first"
            )
    if not database.exists():
        return
    probe = sqlite3.connect(database, timeout=0)
    try:
        probe.execute("BEGIN EXCLUSIVE")
        probe.rollback()
    except sqlite3.OperationalError:
        raise BackupError("the database is locked by another process: stop the web and worker services first") from None
    finally:
        probe.close()


def _remove_sidecars(database: Path) -> None:
    """Empty -wal/-shm files the probe may leave: they belong to the old file, not the new one."""
    for suffix in ("-wal", "-shm"):
        with contextlib.suppress(FileNotFoundError):
            database.with_name(database.name + suffix).unlink()


def _check_sqlite_file(incoming: Path, manifest: Manifest) -> None:
    probe = sqlite3.connect(f"file:{incoming}?mode=ro", uri=True)
    try:
        (result,) = probe.execute("PRAGMA quick_check").fetchone()
        triggers = {row[0] for row in probe.execute("SELECT name FROM sqlite_master WHERE type = 'trigger'")}
    except sqlite3.DatabaseError as error:
        raise BackupError(f"the database in the backup is not usable ({error})") from None
    finally:
        probe.close()
    if result != "ok":
        raise BackupError(f"the database in the backup fails SQLite's check: {result}")
    _require_triggers(triggers, manifest)


def _require_triggers(present: set[str], manifest: Manifest) -> None:
    if "0003_append_only" in manifest.migrations.get("audit", []):
        missing = AUDIT_TRIGGERS[manifest.vendor] - present
        if missing:
            raise BackupError(f"the backup lacks the audit log's append-only triggers ({', '.join(sorted(missing))})")


def _restore_postgresql(path: Path, manifest: Manifest, connection: Any) -> None:
    settings_dict = connection.settings_dict
    _refuse_postgresql_in_use(connection)
    with _workdir(Path(tempfile.gettempdir())) as work:
        dump = work / manifest.member
        _extract(path, manifest, dump)
        listing = _run(["pg_restore", "--list", str(dump)], settings_dict, "reading the dump")
        _require_triggers(
            {word for line in listing.splitlines() if " TRIGGER " in line for word in line.split()},
            manifest,
        )
        connection.close()
        # One transaction: an error rolls everything back and the database stays as it was.
        _run(
            ["pg_restore", "--clean", "--if-exists", "--no-owner", "--single-transaction",
             "--exit-on-error", "--no-password", f"--dbname={settings_dict['NAME']}", str(dump)],
            settings_dict, "pg_restore",
        )
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT tgname FROM pg_trigger WHERE tgrelid = 'audit_auditevent'::regclass AND NOT tgisinternal"
        )
        present = {row[0] for row in cursor.fetchall()}
    _require_triggers(present, manifest)


def _refuse_postgresql_in_use(connection: Any) -> None:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() "
            "AND pid <> pg_backend_pid() AND backend_type = 'client backend'"
        )
        (others,) = cursor.fetchone()
    if others:
        raise BackupError(
            f"{others} other connection(s) to the database are open: stop the web and worker services first"
        )


def _extract(path: Path, manifest: Manifest, destination: Path) -> None:
    """Writes the database member to `destination`, checking its checksum again on the way."""
    with tarfile.open(path, mode="r:") as archive:
        source = archive.extractfile(manifest.member)
        if source is None:
            raise BackupError(f"{path} changed while it was being restored")
        descriptor = os.open(destination, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        digest = hashlib.sha256()
        with os.fdopen(descriptor, "wb") as handle:
            while chunk := source.read(_CHUNK):
                digest.update(chunk)
                handle.write(chunk)
            handle.flush()
            os.fsync(handle.fileno())
    if digest.hexdigest() != manifest.sha256:
        raise BackupError(f"{path} changed while it was being restored")


# --- Small helpers -----------------------------------------------------------------------


@contextlib.contextmanager
def _workdir(parent: Path) -> Iterator[Path]:
    work = Path(tempfile.mkdtemp(prefix=".beistand-backup-", dir=parent))  # mode 0700
    try:
        yield work
    finally:
        shutil.rmtree(work, ignore_errors=True)


def _add_bytes(archive: tarfile.TarFile, name: str, data: bytes) -> None:
    info = tarfile.TarInfo(name)
    info.size = len(data)
    info.mode = 0o600
    info.mtime = int(dt.datetime.now(dt.UTC).timestamp())
    archive.addfile(info, io.BytesIO(data))


def _add_file(archive: tarfile.TarFile, name: str, path: Path) -> None:
    info = tarfile.TarInfo(name)
    info.size = path.stat().st_size
    info.mode = 0o600
    info.mtime = int(path.stat().st_mtime)
    with open(path, "rb") as handle:
        archive.addfile(info, handle)


def _read_member(archive: tarfile.TarFile, member: tarfile.TarInfo, limit: int = 1024 * 1024) -> bytes:
    if member.size > limit:
        raise BackupError(f"{member.name} is too large for a manifest: not a Beistand backup")
    handle = archive.extractfile(member)
    data = handle.read() if handle is not None else b""
    if len(data) != member.size:
        raise BackupError(f"{member.name} is truncated")
    return data


def _hash_file(path: Path) -> tuple[int, str]:
    with open(path, "rb") as handle:
        return _hash_stream(handle)


def _hash_stream(handle: IO[bytes]) -> tuple[int, str]:
    digest = hashlib.sha256()
    size = 0
    while chunk := handle.read(_CHUNK):
        digest.update(chunk)
        size += len(chunk)
    return size, digest.hexdigest()


def _fsync_directory(directory: Path) -> None:
    descriptor = os.open(directory, os.O_RDONLY)
    try:
        os.fsync(descriptor)
    finally:
        os.close(descriptor)
