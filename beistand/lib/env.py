"""Strict parsers for configuration from the environment.

Every parser refuses values it does not understand instead of guessing, and
raises ConfigError with a one-line reason. manage.py and the WSGI entry point
turn a ConfigError into a one-line message and a non-zero exit, so a bad
configuration stops the start instead of running half-configured.
"""

from __future__ import annotations

import os
import secrets
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import SplitResult, parse_qsl, unquote, urlsplit

TRUE_WORDS = {"1", "true", "yes", "on"}
FALSE_WORDS = {"0", "false", "no", "off"}


class ConfigError(Exception):
    """A configuration value is missing or malformed; the message is one line."""


def env_str(name: str, default: str | None = None) -> str | None:
    value = os.environ.get(name)
    if value is None or value.strip() == "":
        return default
    return value.strip()


def env_bool(name: str, default: bool) -> bool:
    value = env_str(name)
    if value is None:
        return default
    if value.lower() in TRUE_WORDS:
        return True
    if value.lower() in FALSE_WORDS:
        return False
    raise ConfigError(f"{name} must be one of true/false/yes/no/1/0, not {value!r}")


def env_int(name: str, default: int, minimum: int | None = None) -> int:
    value = env_str(name)
    if value is None:
        return default
    try:
        number = int(value)
    except ValueError:
        raise ConfigError(f"{name} must be a whole number, not {value!r}") from None
    if minimum is not None and number < minimum:
        raise ConfigError(f"{name} must be at least {minimum}, not {number}")
    return number


def env_list(name: str, default: list[str]) -> list[str]:
    value = env_str(name)
    if value is None:
        return list(default)
    return [item.strip() for item in value.split(",") if item.strip()]


def env_choice(name: str, choices: tuple[str, ...], default: str) -> str:
    value = env_str(name, default) or default
    if value not in choices:
        raise ConfigError(f"{name} must be one of {', '.join(choices)}, not {value!r}")
    return value


def env_secret(name: str) -> str | None:
    """A secret from NAME, or from the file named by NAME_FILE (systemd credentials, Docker secrets)."""
    direct = env_str(name)
    path = env_str(f"{name}_FILE")
    if direct and path:
        raise ConfigError(f"set either {name} or {name}_FILE, not both")
    if path:
        try:
            content = Path(path).read_text(encoding="utf-8").strip()
        except OSError as error:
            raise ConfigError(f"{name}_FILE={path} cannot be read: {error.strerror}") from None
        if not content:
            raise ConfigError(f"{name}_FILE={path} is empty")
        return content
    return direct


def local_secret(directory: Path, filename: str, nbytes: int = 48) -> str:
    """A development secret, generated once into an untracked folder and reused afterwards."""
    directory.mkdir(mode=0o700, parents=True, exist_ok=True)
    path = directory / filename
    if not path.exists():
        # O_EXCL: two processes starting at once must not overwrite each other's secret.
        try:
            descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        except FileExistsError:
            pass
        else:
            with os.fdopen(descriptor, "w", encoding="utf-8") as handle:
                handle.write(secrets.token_urlsafe(nbytes))
    content = path.read_text(encoding="utf-8").strip()
    if not content:
        raise ConfigError(f"{path} is empty; delete it to have a new development secret generated")
    return content


@dataclass(frozen=True)
class DatabaseURL:
    engine: str
    name: str
    user: str = ""
    password: str = ""
    host: str = ""
    port: str = ""
    options: tuple[tuple[str, str], ...] = ()


POSTGRES_SCHEMES = {"postgres", "postgresql", "pgsql"}
POSTGRES_OPTIONS = {"sslmode", "sslrootcert", "sslcert", "sslkey", "connect_timeout", "application_name"}


def parse_database_url(url: str) -> DatabaseURL:
    """Parse sqlite:///path or postgres://user:password@host:port/name?sslmode=...

    Anything else (unknown scheme, missing database name, bad port, unknown
    option) is refused so that a typo cannot silently select another database.
    """
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError as error:
        raise ConfigError(f"DATABASE_URL is malformed: {error}") from None
    if parts.scheme == "sqlite":
        return _sqlite_url(parts.netloc, parts.path)
    if parts.scheme in POSTGRES_SCHEMES:
        return _postgres_url(parts, port)
    raise ConfigError(
        f"DATABASE_URL must start with sqlite:/// or postgres://, not {parts.scheme or url!r}://"
    )


def _sqlite_url(netloc: str, path: str) -> DatabaseURL:
    if netloc:
        raise ConfigError("DATABASE_URL for SQLite needs three slashes: sqlite:///relative or sqlite:////absolute/path")
    # As elsewhere: sqlite:///relative/file and sqlite:////absolute/file.
    name = unquote(path[1:])
    if name in ("", "/"):
        raise ConfigError("DATABASE_URL for SQLite names no file: use sqlite:////path/to/file")
    return DatabaseURL(engine="django.db.backends.sqlite3", name=name)


def _postgres_url(parts: SplitResult, port: int | None) -> DatabaseURL:
    name = unquote(parts.path.lstrip("/"))
    if not name or "/" in name:
        raise ConfigError("DATABASE_URL for PostgreSQL must name one database: postgres://host/name")
    options = tuple(parse_qsl(parts.query, keep_blank_values=True, strict_parsing=False))
    unknown = sorted({key for key, _ in options} - POSTGRES_OPTIONS)
    if unknown:
        raise ConfigError(f"DATABASE_URL has unknown option(s): {', '.join(unknown)}")
    return DatabaseURL(
        engine="django.db.backends.postgresql",
        name=name,
        user=unquote(parts.username or ""),
        password=unquote(parts.password or ""),
        host=unquote(parts.hostname or ""),
        port=str(port or ""),
        options=options,
    )


def django_database(url: DatabaseURL) -> dict:
    """The DATABASES['default'] entry for a parsed URL."""
    if url.engine.endswith("sqlite3"):
        return {
            "ENGINE": url.engine,
            "NAME": url.name,
            "OPTIONS": {
                # WAL lets readers proceed while one writer commits; IMMEDIATE
                # takes the write lock at BEGIN so concurrent writers queue on
                # the busy timeout instead of failing with "database is locked".
                # secure_delete overwrites deleted content, so a deleted row does
                # not linger in the file's free pages.
                "init_command": (
                    "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA secure_delete=ON;"
                ),
                "transaction_mode": "IMMEDIATE",
                "timeout": 20,
            },
        }
    return {
        "ENGINE": url.engine,
        "NAME": url.name,
        "USER": url.user,
        "PASSWORD": url.password,
        "HOST": url.host,
        "PORT": url.port,
        "CONN_MAX_AGE": 60,
        "CONN_HEALTH_CHECKS": True,
        "OPTIONS": dict(url.options),
    }
