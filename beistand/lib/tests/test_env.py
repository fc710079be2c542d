"""Configuration: strict parsers, fail-closed production start, one-line errors."""

from __future__ import annotations

import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from beistand.lib.env import (
    ConfigError,
    django_database,
    env_bool,
    env_int,
    env_secret,
    local_secret,
    parse_database_url,
)
from beistand.lib.keyring import new_master_key_entry, parse_master_keys

PROJECT = Path(__file__).resolve().parents[3]


def test_sqlite_url_gives_wal_mode_and_immediate_transactions():
    database = django_database(parse_database_url("sqlite:////var/lib/beistand/db.sqlite3"))
    assert parse_database_url("sqlite:///db.sqlite3").name == "db.sqlite3"
    assert database["NAME"] == "/var/lib/beistand/db.sqlite3"
    assert "journal_mode=WAL" in database["OPTIONS"]["init_command"]
    assert "secure_delete=ON" in database["OPTIONS"]["init_command"]
    assert database["OPTIONS"]["transaction_mode"] == "IMMEDIATE"


def test_postgres_url_is_split_into_its_parts():
    url = parse_database_url("postgres://beistand:p%40ss@db.internal:5433/beistand?sslmode=require")
    assert (url.user, url.password, url.host, url.port, url.name) == (
        "beistand", "p@ss", "db.internal", "5433", "beistand",
    )
    assert django_database(url)["OPTIONS"] == {"sslmode": "require"}


@pytest.mark.parametrize(
    ("url", "reason"),
    [
        ("mysql://root@localhost/beistand", "must start with sqlite:/// or postgres://"),
        ("sqlite://relative.db", "three slashes"),
        ("sqlite:///", "names no file"),
        ("sqlite:////", "names no file"),
        ("postgres://localhost", "must name one database"),
        ("postgres://localhost:99999/x", "malformed"),
        ("postgres://localhost/x?sslmod=require", "unknown option"),
        ("beistand.sqlite3", "must start with"),
    ],
)
def test_malformed_database_urls_are_refused_with_a_reason(url, reason):
    with pytest.raises(ConfigError, match=reason):
        parse_database_url(url)


@given(st.text())
def test_database_url_parser_never_fails_with_anything_but_a_config_error(text):
    try:
        parse_database_url(text)
    except ConfigError as error:
        assert "\n" not in str(error)


def test_boolean_and_number_parsers_refuse_what_they_do_not_understand(monkeypatch):
    monkeypatch.setenv("FLAG", "maybe")
    with pytest.raises(ConfigError, match="FLAG must be one of"):
        env_bool("FLAG", False)
    monkeypatch.setenv("FLAG", "Yes")
    assert env_bool("FLAG", False) is True
    monkeypatch.setenv("NUMBER", "12a")
    with pytest.raises(ConfigError, match="whole number"):
        env_int("NUMBER", 1)
    monkeypatch.setenv("NUMBER", "0")
    with pytest.raises(ConfigError, match="at least 60"):
        env_int("NUMBER", 100, minimum=60)


def test_secret_from_a_file_and_not_both(monkeypatch, tmp_path):
    secret_file = tmp_path / "secret"
    secret_file.write_text("s3cret\n")
    monkeypatch.setenv("KEY_FILE", str(secret_file))
    assert env_secret("KEY") == "s3cret"
    monkeypatch.setenv("KEY", "other")
    with pytest.raises(ConfigError, match="not both"):
        env_secret("KEY")
    monkeypatch.delenv("KEY")
    secret_file.write_text("")
    with pytest.raises(ConfigError, match="is empty"):
        env_secret("KEY")


def test_development_secret_is_generated_once_and_kept(tmp_path):
    first = local_secret(tmp_path / "local", "secret_key")
    assert len(first) >= 40
    assert local_secret(tmp_path / "local", "secret_key") == first
    assert oct((tmp_path / "local" / "secret_key").stat().st_mode & 0o777) == "0o600"


def run_manage(env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("BEISTAND_", "DATABASE_URL", "DJANGO_ALLOW_ASYNC"))}
    return subprocess.run(  # noqa: S603 -- fixed argv, our own manage.py
        [sys.executable, str(PROJECT / "manage.py"), *args],
        env={**clean, **env}, capture_output=True, text=True, timeout=60, check=False,
    )


@pytest.mark.parametrize(
    ("env", "message"),
    [
        ({}, "BEISTAND_SECRET_KEY (or BEISTAND_SECRET_KEY_FILE) must be set in production"),
        ({"BEISTAND_SECRET_KEY": "x" * 50}, "BEISTAND_MASTER_KEYS (or BEISTAND_MASTER_KEYS_FILE) must be set"),
        (
            {"BEISTAND_SECRET_KEY": "x" * 50, "BEISTAND_MASTER_KEYS": "1:" + "A" * 43 + "="},
            "BEISTAND_PASSPHRASE_PEPPER (or BEISTAND_PASSPHRASE_PEPPER_FILE) must be set",
        ),
        (
            {"BEISTAND_SECRET_KEY": "x" * 50, "BEISTAND_MASTER_KEYS": "1:" + "A" * 40,
             "BEISTAND_PASSPHRASE_PEPPER": "p" * 40},
            "BEISTAND_MASTER_KEYS: master key version 1 has 30 bytes, needs 32",
        ),
        (
            {"BEISTAND_SECRET_KEY": "x" * 50, "BEISTAND_MASTER_KEYS": "1:" + "A" * 43 + "=",
             "BEISTAND_PASSPHRASE_PEPPER": "p" * 40},
            "BEISTAND_ALLOWED_HOSTS must list",
        ),
        ({"BEISTAND_ENV": "development", "DATABASE_URL": "postgres://nowhere"}, "DATABASE_URL for PostgreSQL must name one database"),
        ({"BEISTAND_ENV": "staging"}, "BEISTAND_ENV must be one of"),
        ({"BEISTAND_ENV": "production", "BEISTAND_DEBUG": "1"}, "BEISTAND_DEBUG cannot be on in production"),
    ],
)
def test_bad_configuration_stops_the_start_with_one_line(env, message):
    result = run_manage(env, "check")
    assert result.returncode == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1
    assert lines[0].startswith(f"beistand: configuration error: {message}")


def test_production_starts_with_its_secrets(tmp_path):
    env = {
        "BEISTAND_SECRET_KEY": secrets.token_urlsafe(50),
        "BEISTAND_MASTER_KEYS": new_master_key_entry(1) + "," + new_master_key_entry(2),
        "BEISTAND_PASSPHRASE_PEPPER": secrets.token_urlsafe(40),
        "BEISTAND_ALLOWED_HOSTS": "beistand.example.org",
        "BEISTAND_SITE_URL": "https://beistand.example.org",
        "BEISTAND_DATA_DIR": str(tmp_path),
        "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}",
    }
    result = run_manage(env, "check", "--deploy")
    assert result.returncode == 0, result.stderr
    # HSTS subdomains/preload (W005, W021) are the operator's choice; nothing else may warn.
    warnings = {line.split(")")[0] for line in result.stderr.splitlines() if "(security." in line}
    assert warnings <= {"?: (security.W005", "?: (security.W021"}, result.stderr


def test_master_keys_are_versioned_and_checked():
    keys = parse_master_keys(new_master_key_entry(1) + "\n" + new_master_key_entry(7), "test")
    assert sorted(keys) == [1, 7] and all(len(key) == 32 for key in keys.values())
    with pytest.raises(ConfigError, match="twice"):
        parse_master_keys("1:" + "A" * 43 + "=,1:" + "B" * 43 + "=", "test")
    with pytest.raises(ConfigError, match="must look like"):
        parse_master_keys("one:abc", "test")
    with pytest.raises(ConfigError, match="holds no master key"):
        parse_master_keys(" \n ", "test")


def test_a_truncated_key_file_stops_the_start(tmp_path):
    key_file = tmp_path / "keys"
    key_file.write_text(new_master_key_entry(1)[:30])
    result = run_manage(
        {"BEISTAND_ENV": "development", "BEISTAND_DATA_DIR": str(tmp_path),
         "BEISTAND_MASTER_KEYS_FILE": str(key_file)},
        "check",
    )
    assert result.returncode == 2
    assert "needs 32 (truncated?)" in result.stderr or "not valid base64" in result.stderr
