"""A bounded load test of first contacts against gunicorn on the loopback interface.

`Installation` sets up Beistand as an operator would, in a throw-away folder:
production settings with fresh secrets, an SQLite database, collected static
files, one published centre that accepts anonymous writing; then gunicorn with
the README's two workers on a free port of 127.0.0.1. `offer()` sends first
contacts at a fixed rate for a fixed time (open loop: a request is due at its
moment whether or not earlier ones have been answered, so a slow server is not
hidden by a waiting client) and records what came back and when. `stored()`
reads the submission digests from the database afterwards, so the test can
show that every accepted first contact is there.

Nothing leaves the machine: the server listens on 127.0.0.1 only, the client
talks to that address only, and the reverse proxy's part (HTTPS) is played by
the `X-Forwarded-Proto` header, as the deployment guide sets it up.
"""

from __future__ import annotations

import hashlib
import http.client
import os
import re
import secrets
import shutil
import socket
import sqlite3
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlencode

PROJECT = Path(__file__).resolve().parent.parent
PYTHON = Path(sys.executable)
HOST = "127.0.0.1"
CENTRE_SLUG = "load-centre"
WRITE_PATH = f"/de/write/to/{CENTRE_SLUG}/"
# Workers as the README's deployment line; the server's own timeout stays gunicorn's default.
WORKERS = 2
MESSAGE = (
    "Wir wurden gestern an der Haltestelle beleidigt und bedroht. Ich weiß nicht, ob ich Anzeige erstatten "
    "soll, und möchte wissen, welche Möglichkeiten es gibt. " * 4
)
CSRF_COOKIE = "beistand_csrf"  # settings.CSRF_COOKIE_NAME
CSRF_FIELD = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
PASSPHRASE = re.compile(r'<p class="passphrase"[^>]*>([^<]+)</p>')
CREATE_CENTRE = """
from beistand.keys.models import CentreKeyPair
from beistand.network.models import Centre, Organisation
carrier = Organisation.objects.create(slug="load-carrier", name="Last e.V.", kind="carrier")
centre = Centre.objects.create(slug="{slug}", name="Lastberatung", type="victim_counselling",
                               organisation=carrier, is_published=True, channels=["anonymous"])
CentreKeyPair.current_for(centre)
"""


@dataclass
class Answer:
    """One first contact: when it was due, how long until the answer, what came back."""

    due: float
    seconds: float
    status: int
    submission: str
    passphrase_shown: bool


class Installation:
    """Beistand in production settings in a temporary folder, served by gunicorn on loopback."""

    def __init__(self) -> None:
        self.folder = Path(tempfile.mkdtemp(prefix="beistand-load-"))
        self.port = _free_port()
        self.environment = self._environment()
        self.server: subprocess.Popen[bytes] | None = None
        self.worker: subprocess.Popen[bytes] | None = None

    def _environment(self) -> dict[str, str]:
        from beistand.lib.keyring import new_master_key_entry

        environment = {key: value for key, value in os.environ.items() if not key.startswith(("BEISTAND_", "DJANGO_"))}
        environment.pop("DATABASE_URL", None)
        environment.update({
            "BEISTAND_ENV": "production",
            "BEISTAND_DATA_DIR": str(self.folder),
            "BEISTAND_SECRET_KEY": secrets.token_urlsafe(48),
            "BEISTAND_MASTER_KEYS": new_master_key_entry(1),
            "BEISTAND_PASSPHRASE_PEPPER": secrets.token_urlsafe(48),
            "BEISTAND_ALLOWED_HOSTS": HOST,
            "BEISTAND_SITE_URL": "https://beistand.invalid",
            "BEISTAND_STATIC_ROOT": str(self.folder / "static"),
            "BEISTAND_KEY_STORE_DIR": str(self.folder / "keystore"),
            "BEISTAND_MEDIA_ROOT": str(self.folder / "media"),
            "BEISTAND_EMAIL_BACKEND": "django.core.mail.backends.locmem.EmailBackend",
            "DATABASE_URL": f"sqlite:///{self.folder / 'load.sqlite3'}",
            "DJANGO_SETTINGS_MODULE": "beistand.settings",
        })
        return environment

    def prepare(self) -> None:
        """What an operator runs once: migrate, collect the static files, add the centre."""
        self._manage("migrate", "--verbosity=0")
        self._manage("createcachetable")
        self._manage("collectstatic", "--noinput", "--verbosity=0")
        self._manage("shell", "-c", CREATE_CENTRE.format(slug=CENTRE_SLUG))

    def _manage(self, *arguments: str) -> None:
        subprocess.run(  # noqa: S603 -- our own interpreter and manage.py, fixed arguments
            [str(PYTHON), str(PROJECT / "manage.py"), *arguments],
            cwd=PROJECT, env=self.environment, check=True, stdout=subprocess.DEVNULL,
        )

    @contextmanager
    def serving(self) -> Iterator[Installation]:
        gunicorn = PYTHON.parent / "gunicorn"
        self.server = subprocess.Popen(  # noqa: S603 -- the project's gunicorn, fixed arguments
            [str(gunicorn), "beistand.wsgi", "--workers", str(WORKERS), "--bind", f"{HOST}:{self.port}",
             "--log-level", "warning"],
            cwd=PROJECT, env=self.environment, stdout=subprocess.DEVNULL,
        )
        # The task worker as the README's second service: the memory figure is the whole stack.
        self.worker = subprocess.Popen(  # noqa: S603 -- our own interpreter and manage.py, fixed arguments
            [str(PYTHON), str(PROJECT / "manage.py"), "db_worker"],
            cwd=PROJECT, env=self.environment, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        )
        try:
            self._wait_until_up()
            yield self
        finally:
            for process in (self.server, self.worker):
                process.terminate()
                process.wait(timeout=30)

    def memory(self) -> tuple[int, int]:
        """(PSS, RSS) in bytes, summed over gunicorn (master and workers) and the task worker.

        PSS shares each page among the processes that map it, so its sum is the RAM the stack
        holds; the RSS sum counts the pages a forked worker shares with its master twice.
        """
        roots = [process.pid for process in (self.server, self.worker) if process is not None]
        pids = _with_children(roots)
        return sum(_memory(pid, "Pss:") for pid in pids), sum(_memory(pid, "Rss:") for pid in pids)

    def _wait_until_up(self, seconds: float = 30.0) -> None:
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            if self.server is not None and self.server.poll() is not None:
                raise RuntimeError(f"gunicorn stopped at start (exit {self.server.returncode})")
            try:
                if _request(self.port, "GET", "/health/")[0] == 200:
                    return
            except OSError:
                time.sleep(0.2)
        raise RuntimeError(f"gunicorn did not answer on {HOST}:{self.port} within {seconds:.0f} s")

    def stored(self) -> set[str]:
        """The submission digests of every conversation in the database."""
        with sqlite3.connect(self.folder / "load.sqlite3") as database:
            return {row[0] for row in database.execute("SELECT submission_digest FROM contact_conversation")}

    def remove(self) -> None:
        shutil.rmtree(self.folder, ignore_errors=True)


def offer(port: int, rate: float, seconds: float, clients: int = 64) -> list[Answer]:
    """First contacts at `rate` per second for `seconds`, each due at its own moment."""
    sessions = [WriteSession(port) for _ in range(clients)]
    free = _Pool(sessions)
    count = round(rate * seconds)
    started = time.perf_counter() + 0.2
    with ThreadPoolExecutor(max_workers=clients) as pool:
        futures = [pool.submit(_contact, free, started + index / rate) for index in range(count)]
        return [future.result() for future in futures]


def _contact(free: _Pool, due: float) -> Answer:
    pause = due - time.perf_counter()
    if pause > 0:
        time.sleep(pause)
    with free.take() as session:
        return session.send(due)


class _Pool:
    """Client sessions (each with its CSRF cookie and token) lent to one request at a time."""

    def __init__(self, sessions: list[WriteSession]) -> None:
        self._sessions = sessions
        self._lock = threading.Lock()

    @contextmanager
    def take(self) -> Iterator[WriteSession]:
        with self._lock:
            session = self._sessions.pop()
        try:
            yield session
        finally:
            with self._lock:
                self._sessions.append(session)


class WriteSession:
    """What a browser holds after opening the write form: the CSRF cookie and the form's token."""

    def __init__(self, port: int) -> None:
        self.port = port
        status, headers, body = _request(port, "GET", WRITE_PATH)
        if status != 200:
            raise RuntimeError(f"the write form answered {status}")
        cookie = next(value for name, value in headers if name.lower() == "set-cookie" and value.startswith(CSRF_COOKIE + "="))
        self.cookie = cookie.split(";", 1)[0]
        found = CSRF_FIELD.search(body)
        if found is None:
            raise RuntimeError("the write form has no CSRF token")
        self.token = found.group(1)

    def send(self, due: float) -> Answer:
        submission = secrets.token_hex(16)
        form = urlencode({"csrfmiddlewaretoken": self.token, "submission": submission, "message": MESSAGE})
        status, _headers, body = _request(self.port, "POST", WRITE_PATH, form, {
            "Content-Type": "application/x-www-form-urlencoded", "Cookie": self.cookie,
            "Origin": f"https://{HOST}:{self.port}", "Referer": f"https://{HOST}:{self.port}{WRITE_PATH}",
        })
        return Answer(due, time.perf_counter() - due, status, submission, PASSPHRASE.search(body) is not None)


def _request(port: int, method: str, path: str, body: str | None = None,
             headers: dict[str, str] | None = None) -> tuple[int, list[tuple[str, str]], str]:
    connection = http.client.HTTPConnection(HOST, port, timeout=60)
    try:
        connection.request(method, path, body=body, headers={
            "Host": f"{HOST}:{port}", "X-Forwarded-Proto": "https", **(headers or {}),
        })
        response = connection.getresponse()
        return response.status, response.getheaders(), response.read().decode("utf-8", "replace")
    finally:
        connection.close()


def _with_children(roots: list[int]) -> set[int]:
    """The processes and their descendants, from /proc (Linux)."""
    parents: dict[int, int] = {}
    for status in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = status.read_text().rsplit(")", 1)[1].split()
        except OSError:  # the process ended meanwhile
            continue
        parents[int(status.parent.name)] = int(fields[1])
    found, frontier = set(roots), list(roots)
    while frontier:
        frontier = [pid for pid, parent in parents.items() if parent in frontier and pid not in found]
        found.update(frontier)
    return found


def _memory(pid: int, field: str) -> int:
    try:
        for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines():
            if line.startswith(field):
                return int(line.split()[1]) * 1024
    except OSError:
        pass
    return 0


def digest(submission: str) -> str:
    """As beistand.contact.actions.public.submission_digest stores it."""
    return hashlib.sha256(submission.encode("utf-8")).hexdigest()


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind((HOST, 0))
        return int(probe.getsockname()[1])
