"""manage.py backup / restore: a real round trip through the commands, on the database
the tests run on (SQLite file or PostgreSQL), with encrypted rows and the real key store."""

from __future__ import annotations

import hashlib
import io
import json
import tarfile
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import DatabaseError, connection, connections

from beistand.audit.models import Action, AuditEvent, Category
from beistand.backup import archive as backup_archive
from beistand.keys import models as key_models
from beistand.keys.models import DataKey, Purpose
from beistand.keys.tests.helpers import reload
from beistand.keys.tests.testmodels import Memo, Note
from beistand.lib.crypto import DecryptionError, KeyDestroyed
from beistand.network.choices import CentreType, OrganisationKind
from beistand.network.models import Centre, Organisation

MARKER = "MARKER-backup-9c1e-Ayşe-Yılmaz-Hörde"
PLAIN = "PLAIN-CONTROL-title-4411"
SQLITE_ONLY = pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite database file replacement")
POSTGRES_ONLY = pytest.mark.skipif(connection.vendor != "postgresql", reason="pg_dump/pg_restore")


@pytest.fixture
def new_process(monkeypatch):
    """Forget what this process saw being shredded, as a freshly started server would."""

    def start() -> None:
        monkeypatch.setattr(key_models, "_shredded_here", set())

    return start


@pytest.fixture
def centre(live) -> Centre:
    carrier = Organisation.objects.create(slug="carrier", name="Träger", kind=OrganisationKind.CARRIER)
    return Centre.objects.create(
        slug="backup-test", name="Beratungsstelle", type=CentreType.VICTIM_COUNSELLING, organisation=carrier
    )


@pytest.fixture
def case_key(centre) -> DataKey:
    return DataKey.create(Purpose.CASE, centre=centre)


@pytest.fixture
def note(case_key) -> Note:
    return Note.objects.create(
        data_key=case_key, text=MARKER, details={"address": MARKER}, email="ayse@example.org", title=PLAIN
    )


def back_up(live: str, target: Path, *args: str) -> Path:
    call_command("backup", str(target), "--database", live, *args, stdout=io.StringIO())
    return target


def restore(live: str, archive: Path) -> str:
    out = io.StringIO()
    call_command("restore", str(archive), "--force", "--database", live, stdout=out)
    return out.getvalue()


def fingerprint(live: str) -> tuple:
    """What must not change when a restore is refused."""
    with connections[live].cursor() as cursor:
        cursor.execute(f"SELECT id, text, title FROM {Note._meta.db_table} ORDER BY id")  # noqa: S608
        notes = [(row[0], bytes(row[1]) if row[1] is not None else None, row[2]) for row in cursor.fetchall()]
    return notes, Memo.objects.count(), AuditEvent.objects.count()


# --- Round trip ---------------------------------------------------------------------------


def test_round_trip_holds_only_ciphertext_and_reads_again_with_the_keys(live, note, case_key, tmp_path, new_process):
    memo = Memo.objects.create(data_key=case_key, text=MARKER)
    archive = back_up(live, tmp_path / "db.backup")

    assert archive.stat().st_mode & 0o777 == 0o600
    data = archive.read_bytes()
    assert PLAIN.encode() in data  # the control: the search can find a plain column
    assert MARKER.encode() not in data and MARKER.encode("utf-16-le") not in data
    event = AuditEvent.objects.get(action=Action.EXPORT, object_type="backup")
    assert event.category == Category.TECHNICAL

    Note.objects.filter(pk=note.pk).update(title="changed")
    changed = reload(note)
    changed.text = "überschrieben"
    changed.save()
    memo_pk = memo.pk
    memo.delete()

    output = restore(live, archive)
    new_process()
    restored = reload(note)
    assert restored.text == MARKER and restored.details == {"address": MARKER}
    assert restored.email == "ayse@example.org" and restored.title == PLAIN
    assert Memo.objects.get(pk=memo_pk).text == MARKER
    assert "key store" in output
    # The restore is recorded in the restored database, under the backup's id.
    assert AuditEvent.objects.filter(
        action=Action.CHANGE, object_type="backup.restore", object_id=event.object_id,
        category=Category.TECHNICAL,
    ).exists()


def test_restored_data_is_unreadable_without_the_key_store(live, note, tmp_path, settings, new_process):
    archive = back_up(live, tmp_path / "db.backup")
    restore(live, archive)
    new_process()
    empty = tmp_path / "empty-keystore"
    empty.mkdir()
    settings.KEY_STORE_DIR = empty
    with pytest.raises(DecryptionError):
        reload(note).text  # noqa: B018


def test_restored_data_is_unreadable_with_other_master_keys(live, note, tmp_path, settings, new_process):
    archive = back_up(live, tmp_path / "db.backup")
    restore(live, archive)
    new_process()
    settings.MASTER_KEYS = {version: bytes(32) for version in settings.MASTER_KEYS}
    with pytest.raises(DecryptionError):
        reload(note).text  # noqa: B018


def test_a_case_shredded_after_the_backup_stays_unreadable_after_restoring_it(
    live, note, case_key, tmp_path, new_process
):
    archive = back_up(live, tmp_path / "db.backup")
    case_key.shred()
    restore(live, archive)
    new_process()

    restored_key = DataKey.objects.get(pk=case_key.pk)
    assert restored_key.wrapped_key is not None and restored_key.destroyed_at is None  # the old row is back
    restored = reload(note)
    for field in ("text", "details", "email"):
        with pytest.raises(KeyDestroyed):
            getattr(restored, field)


def test_the_audit_log_stays_append_only_after_a_restore(live, note, tmp_path):
    archive = back_up(live, tmp_path / "db.backup")
    restore(live, archive)
    assert AuditEvent.objects.exists()
    table = connections[live].ops.quote_name(AuditEvent._meta.db_table)
    for statement in (f"UPDATE {table} SET object_id = 'x'", f"DELETE FROM {table}"):  # noqa: S608
        with pytest.raises(DatabaseError, match="append-only"), connections[live].cursor() as cursor:
            cursor.execute(statement)


def test_backup_never_overwrites_without_force(live, note, tmp_path):
    target = tmp_path / "db.backup"
    target.write_bytes(b"keep me")
    with pytest.raises(CommandError, match="exists"):
        back_up(live, target)
    assert target.read_bytes() == b"keep me"
    back_up(live, target, "--force")
    assert backup_archive.verify_archive(target).vendor == connection.vendor
    assert target.stat().st_mode & 0o777 == 0o600
    assert [path.name for path in tmp_path.iterdir() if path.name.startswith(".beistand")] == []


def test_restore_asks_unless_forced(live, note, tmp_path):
    archive = back_up(live, tmp_path / "db.backup")
    with pytest.raises(CommandError, match="--force"):
        call_command("restore", str(archive), "--database", live, stdout=io.StringIO())


# --- Bad input: refused with one line, nothing changed --------------------------------------


def members(archive: Path) -> dict[str, bytes]:
    with tarfile.open(archive) as tar:
        return {member.name: tar.extractfile(member).read() for member in tar.getmembers()}


def write_tar(path: Path, files: dict[str, bytes]) -> Path:
    with tarfile.open(path, "w") as tar:
        for name, data in files.items():
            info = tarfile.TarInfo(name)
            info.size = len(data)
            tar.addfile(info, io.BytesIO(data))
    return path


def forged(archive: Path, path: Path, change) -> Path:
    """A consistent archive (checksums recomputed) whose manifest says something else."""
    files = members(archive)
    manifest = json.loads(files["manifest.json"])
    change(manifest)
    raw = json.dumps(manifest).encode()
    files["manifest.json"] = raw
    files["manifest.sha256"] = hashlib.sha256(raw).hexdigest().encode()
    return write_tar(path, files)


def written(path: Path, data: bytes) -> Path:
    path.write_bytes(data)
    return path


def flip(archive: Path, path: Path, offset: int) -> Path:
    data = bytearray(archive.read_bytes())
    data[offset] ^= 0x01
    path.write_bytes(bytes(data))
    return path


def other_vendor(manifest: dict) -> None:
    vendor = "postgresql" if manifest["vendor"] == "sqlite" else "sqlite"
    (meta,) = manifest["members"].values()
    manifest["vendor"] = vendor
    manifest["members"] = {backup_archive.DATABASE_MEMBER[vendor]: meta}


def newer_migrations(manifest: dict) -> None:
    manifest["migrations"]["audit"].append("9999_from_the_future")


def bad_archives(archive: Path, tmp_path: Path) -> dict[str, tuple[Path, str]]:
    data = archive.read_bytes()
    with tarfile.open(archive) as tar:
        database = tar.getmembers()[1]
        database_offset = database.offset_data + database.size // 2  # inside the database member
    manifest_offset = data.index(b'"created_at"')
    files = members(archive)
    return {
        "flipped byte in the database": (flip(archive, tmp_path / "a", database_offset), "checksum"),
        "flipped byte in the manifest": (flip(archive, tmp_path / "b", manifest_offset + 3), "manifest"),
        "truncated": (written(tmp_path / "c", data[: len(data) // 2]), "truncated"),
        "truncated to a header": (written(tmp_path / "d", data[:700]), "Beistand backup"),
        "empty": (written(tmp_path / "e", b""), "Beistand backup"),
        "foreign bytes": (written(tmp_path / "f", b"SQLite format 3\x00" + bytes(4000)), "Beistand backup"),
        "foreign tar": (write_tar(tmp_path / "g", {"notes.txt": b"hello"}), "not a Beistand backup"),
        "manifest checksum wrong": (
            write_tar(tmp_path / "h", {**files, "manifest.sha256": b"0" * 64}), "manifest"),
        "database checksum wrong in manifest": (
            forged(archive, tmp_path / "i", lambda m: next(iter(m["members"].values())).update(sha256="0" * 64)),
            "checksum"),
        "extra member": (
            write_tar(tmp_path / "j", {"manifest.json": files["manifest.json"], "x": b"",
                                       **{k: v for k, v in files.items() if k != "manifest.json"}}),
            "unexpected"),
        "other vendor": (forged(archive, tmp_path / "k", other_vendor), "database"),
        "newer migration state": (forged(archive, tmp_path / "l", newer_migrations), "newer migration state"),
        "other format version": (forged(archive, tmp_path / "m", lambda m: m.update(version=2)), "version"),
        "missing": (tmp_path / "nothing-here", "does not exist"),
    }


def test_bad_archives_are_refused_and_nothing_changes(live, note, tmp_path):
    archive = back_up(live, tmp_path / "db.backup")
    Note.objects.filter(pk=note.pk).update(title="after the backup")
    before = fingerprint(live)
    database_file = Path(connections[live].settings_dict["NAME"]) if connection.vendor == "sqlite" else None
    connections[live].close()  # WAL: the close checkpoints, so the file alone is the database
    file_before = database_file.read_bytes() if database_file else None

    for case, (bad, message) in bad_archives(archive, tmp_path).items():
        with pytest.raises(CommandError) as refused:
            restore(live, bad)
            pytest.fail(f"{case}: restored")
        text = str(refused.value)
        assert message in text, f"{case}: {text}"
        assert "\n" not in text, case
        assert fingerprint(live) == before, case
    if database_file:
        connections[live].close()
        assert database_file.read_bytes() == file_before
    # The intact archive still restores: the refusals were about the damage.
    restore(live, archive)
    assert reload(note).title == PLAIN


# --- SQLite: the running application -------------------------------------------------------


@SQLITE_ONLY
def test_sqlite_restore_refuses_a_database_in_use(live, note, tmp_path):
    import sqlite3

    archive = back_up(live, tmp_path / "db.backup")
    Note.objects.filter(pk=note.pk).update(title="after the backup")
    other_process = sqlite3.connect(connections[live].settings_dict["NAME"])
    try:
        other_process.execute("SELECT count(*) FROM keys_datakey").fetchone()  # WAL: opens -wal/-shm
        with pytest.raises(CommandError, match="stop the web and worker services"):
            restore(live, archive)
    finally:
        other_process.close()
    assert reload(note).title == "after the backup"


@SQLITE_ONLY
def test_sqlite_in_memory_database_is_refused(transactional_db, tmp_path):
    archive = tmp_path / "db.backup"
    call_command("backup", str(archive), stdout=io.StringIO())  # the online backup API reads memory too
    with pytest.raises(CommandError, match="in memory"):
        call_command("restore", str(archive), "--force", stdout=io.StringIO())


@POSTGRES_ONLY
def test_postgresql_restore_refuses_while_others_are_connected(live, note, tmp_path):
    import psycopg

    archive = back_up(live, tmp_path / "db.backup")
    settings_dict = connections[live].settings_dict
    with psycopg.connect(
        dbname=settings_dict["NAME"], user=settings_dict["USER"] or None,
        host=settings_dict["HOST"] or None, port=settings_dict["PORT"] or None,
    ), pytest.raises(CommandError, match="other connection"):
        restore(live, archive)
