"""Passphrases of the public: generation, matching, lookup id and reply key pair.

A person who writes to a centre anonymously receives seven random words (the
SecureDrop idea). The passphrase itself is never stored. What is stored is

- the *lookup id*, a keyed slow hash of the passphrase that finds the
  conversation again, and
- the *reply public key*, derived from the same secret, to which the centre's
  replies are sealed (`beistand.lib.hpke`) so that only the passphrase opens them.

Derivation (one Argon2id run serves both; see "Why one run" below):

    keyed    = HMAC-SHA256(key=PASSPHRASE_PEPPER, msg=normalise(passphrase))
    root     = Argon2id(password=keyed, salt=SALT, PARAMETERS, 32 bytes)
    lookup   = HKDF-Expand(root, "beistand/passphrase/v1/lookup-id", 32)   -> hex
    reply sk = DeriveKeyPair(HKDF-Expand(root, ".../reply-key", 32))       (RFC 9180)

The pepper goes in through HMAC rather than as the Argon2 salt: argon2-cffi
exposes no Argon2 secret (K) input, HMAC is the standard keyed pre-hash, and
the salt keeps its usual public role, here a fixed label because the lookup
must be deterministic (there is no per-person salt to look up before we know
who it is). Without the pepper an attacker holding the database cannot even
compute Argon2's input, so a stolen database alone allows no offline guessing.
Changing the pepper, the salt, the labels or the parameters changes every
lookup id and orphans every conversation: they are versioned ("v1") and the
parameters are constants, not settings.

Why one run: two Argon2id runs with different labels would cost the server
twice per first contact while costing an attacker nothing extra (one run per
guess already tests it against the lookup id). Domain separation comes from
HKDF: the lookup id and the reply key are independent outputs of the same
secret, so the lookup id reveals nothing about the key. `derive()` returns both
from one run; `lookup_id()` and `derive_reply_keypair()` run it once each, so a
caller that needs both calls `derive()`.

Parameters and trade-off: Argon2id, time cost 2, memory 19 MiB (19,456 KiB),
parallelism 1 (OWASP's recommended Argon2id minimum). Measured on the 2-core
development machine: median 24 ms, p95 30 ms per derivation (`make bench`
reports the current figure). The design target is at least 20 first contacts a
second on 2 cores with p95 <= 400 ms, i.e. a budget of about 100 ms of CPU per
contact for everything; one derivation of ~25 ms plus HPKE (<1 ms) leaves most
of it for the request itself. We measured the alternatives too: t=3/19 MiB
~36 ms, t=1/46 MiB ~61 ms, t=2/32 MiB ~64 ms (allocations of 32 MiB and more
are fresh mmaps in glibc and page-fault on every run). More cost would buy
little: seven words from ~7,300 carry ~90 bits of entropy, out of reach of any
guessing, so the slow hash and the pepper are defence in depth; the cost per
derivation matters more as protection of the server against floods. Memory:
each concurrent derivation holds 19 MiB, so at most N slots x 19 MiB per
process (see below).

Bound on the work: `passphrase_work_slot()` admits at most
`settings.PASSPHRASE_WORK_SLOTS` (default: the CPUs this process may use)
concurrent derivations per process and raises `Busy` at once beyond that, so
a flood gets "busy, try again in a minute" (HTTP 429 with Retry-After:
`Busy.retry_after`) instead of a queue that eats memory and time. Argon2 runs
outside the GIL, so threads of one process really do run in parallel. The
bound is per process: an installation admits N x (worker processes) x
(servers) derivations at once. Use it around all passphrase work of a request:

    try:
        with passphrase_work_slot():
            keys = derive(form.cleaned_data["passphrase"])
    except Busy as busy:
        ...  # 429, Retry-After: busy.retry_after, and the form keeps what was typed

Tests may use cheaper parameters through `PASSPHRASE_ARGON2_TEST_PARAMETERS`
(honoured only when `settings.ENVIRONMENT == "test"`; anywhere else it stops
with ImproperlyConfigured, because other parameters would orphan every
conversation).
"""

from __future__ import annotations

import functools
import hashlib
import hmac
import math
import os
import re
import secrets
import threading
import unicodedata
from collections.abc import Iterator
from contextlib import AbstractContextManager, contextmanager
from dataclasses import dataclass
from pathlib import Path

from argon2.low_level import Type, hash_secret_raw
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.kdf.hkdf import HKDFExpand
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

from beistand.lib import hpke

WORDS = 7
# 7 words of a 7,776-word list are 90 bits; below 77 bits we refuse to generate.
MIN_BITS = 77
# Far above any real passphrase; stops megabytes of form input before normalising.
MAX_INPUT_CHARS = 512

WORDLIST_DIR = Path(__file__).resolve().parent / "wordlists"
# name -> (source file, exclusions); see wordlists/README.md.
WORDLIST_FILES = {
    "en": ("eff_large_wordlist.txt", "exclude_en.txt"),
    "de": ("dys2p_de_7776_v1.txt", "exclude_de.txt"),
}
DEFAULT_WORDLIST = "en"
WORD = re.compile(r"[a-z]{3,12}")

LABEL = b"beistand/passphrase/v1"
SALT = LABEL  # fixed: the lookup id must be the same every time
LOOKUP_LABEL = LABEL + b"/lookup-id"
REPLY_KEY_LABEL = LABEL + b"/reply-key"
ROOT_BYTES = 32


@dataclass(frozen=True)
class Argon2Parameters:
    time_cost: int
    memory_cost: int  # KiB
    parallelism: int


# Part of every lookup id: changing them orphans every conversation.
PARAMETERS = Argon2Parameters(time_cost=2, memory_cost=19_456, parallelism=1)


@dataclass(frozen=True)
class PassphraseKeys:
    lookup_id: str
    reply_private_key: bytes
    reply_public_key: bytes


class Busy(Exception):
    """Every passphrase work slot of this process is taken; try again shortly."""

    retry_after = 60  # seconds, for the Retry-After header


# --- generating --------------------------------------------------------------------


def generate_passphrase(words: int = WORDS, *, wordlist: str = DEFAULT_WORDLIST) -> str:
    """`words` words drawn independently and uniformly with `secrets`, joined by spaces."""
    choices = load_wordlist(wordlist)
    if words * math.log2(len(choices)) < MIN_BITS:
        raise ValueError(f"{words} words of this list carry fewer than {MIN_BITS} bits")
    return " ".join(secrets.choice(choices) for _ in range(words))


def wordlist_for_language(language_code: str) -> str:
    """German words for German and Leichte Sprache pages, English words elsewhere."""
    return "de" if language_code.lower().split("-")[0] == "de" else "en"


@functools.cache
def load_wordlist(name: str) -> tuple[str, ...]:
    """The words of list `name` that may appear in a passphrase, sorted."""
    source, exclusions = WORDLIST_FILES[name]
    excluded = set(_words_in(WORDLIST_DIR / exclusions))
    # EFF lines are "11111<tab>word"; the last field is the word in both formats.
    candidates = (line.split()[-1] for line in _lines(WORDLIST_DIR / source))
    return tuple(sorted({w for w in candidates if WORD.fullmatch(w) and w not in excluded}))


def _lines(path: Path) -> list[str]:
    return [line for line in path.read_text(encoding="ascii").splitlines() if line.strip()]


def _words_in(path: Path) -> list[str]:
    return [w for line in _lines(path) if not line.startswith("#") for w in line.split()]


# --- matching ----------------------------------------------------------------------


def normalise(text: str) -> str:
    """The letters and digits of `text`, compatibility-decomposed, case-folded, without marks.

    Spaces (missing, doubled, tabs, newlines, full-width), punctuation, case,
    full-width forms and accents do not matter; every letter does. A missing,
    extra or misspelt word is never corrected: the result simply differs. Since
    the wordlists are prefix-free, dropping the spaces loses no entropy.
    """
    decomposed = unicodedata.normalize("NFKD", text).casefold()
    # Case folding can produce new compatibility characters; decompose once more.
    decomposed = unicodedata.normalize("NFKD", decomposed)
    return "".join(ch for ch in decomposed if ch.isalnum())


# --- deriving ----------------------------------------------------------------------


def lookup_id(passphrase: str) -> str:
    """The database lookup id of a passphrase: 64 hex digits, useless without the pepper."""
    return _lookup_id(_root(passphrase, _parameters()))


def derive_reply_keypair(passphrase: str) -> tuple[bytes, bytes]:
    """The X25519 key pair (raw private, raw public) that replies to this person are sealed to."""
    return _reply_keypair(_root(passphrase, _parameters()))


def derive(passphrase: str) -> PassphraseKeys:
    """Lookup id and reply key pair from a single Argon2id run."""
    return derive_with(passphrase, _parameters())


def derive_with(passphrase: str, parameters: Argon2Parameters) -> PassphraseKeys:
    """As `derive`, with explicit parameters (for `make bench`, which measures PARAMETERS)."""
    root = _root(passphrase, parameters)
    private, public = _reply_keypair(root)
    return PassphraseKeys(_lookup_id(root), private, public)


def _root(passphrase: str, parameters: Argon2Parameters) -> bytes:
    if len(passphrase) > MAX_INPUT_CHARS:
        raise ValueError("passphrase input is too long")
    normalised = normalise(passphrase)
    if not normalised:
        raise ValueError("passphrase is empty")
    keyed = hmac.new(_pepper(), normalised.encode("utf-8"), hashlib.sha256).digest()
    return hash_secret_raw(
        keyed,
        SALT,
        time_cost=parameters.time_cost,
        memory_cost=parameters.memory_cost,
        parallelism=parameters.parallelism,
        hash_len=ROOT_BYTES,
        type=Type.ID,
    )


def _lookup_id(root: bytes) -> str:
    return _expand(root, LOOKUP_LABEL).hex()


def _reply_keypair(root: bytes) -> tuple[bytes, bytes]:
    return hpke.derive_keypair(_expand(root, REPLY_KEY_LABEL))


def _expand(root: bytes, label: bytes) -> bytes:
    return HKDFExpand(hashes.SHA256(), 32, label).derive(root)


def _pepper() -> bytes:
    pepper = getattr(settings, "PASSPHRASE_PEPPER", "")
    if not pepper:
        raise ImproperlyConfigured("PASSPHRASE_PEPPER is not set; passphrases cannot be checked")
    return pepper.encode("utf-8")


def _parameters() -> Argon2Parameters:
    """PARAMETERS, or the cheaper test parameters when the test settings ask for them."""
    override = getattr(settings, "PASSPHRASE_ARGON2_TEST_PARAMETERS", None)
    if override is None:
        return PARAMETERS
    if getattr(settings, "ENVIRONMENT", None) != "test":
        raise ImproperlyConfigured(
            "PASSPHRASE_ARGON2_TEST_PARAMETERS is for tests only: other Argon2 parameters "
            "would change every lookup id and orphan every conversation"
        )
    return Argon2Parameters(**override)


# --- bounding the work -------------------------------------------------------------


class _Slots:
    """A non-blocking counter of concurrent passphrase derivations in this process."""

    def __init__(self) -> None:
        self.reset()

    def reset(self) -> None:
        self._lock = threading.Lock()
        self._in_use = 0

    @contextmanager
    def take(self, limit: int) -> Iterator[None]:
        with self._lock:
            if self._in_use >= limit:
                raise Busy("all passphrase work slots are taken")
            self._in_use += 1
        try:
            yield
        finally:
            with self._lock:
                self._in_use -= 1


_slots = _Slots()
# A forked worker (gunicorn) starts with its own empty slots, never a copied count or lock.
os.register_at_fork(after_in_child=_slots.reset)


def passphrase_work_slot() -> AbstractContextManager[None]:
    """Hold one of this process's passphrase work slots; raises Busy at once if none is free."""
    return _slots.take(work_slots())


def work_slots() -> int:
    """PASSPHRASE_WORK_SLOTS, or the number of CPUs this process may run on."""
    configured = getattr(settings, "PASSPHRASE_WORK_SLOTS", None)
    if configured is None:
        return _usable_cpus()
    if not isinstance(configured, int) or isinstance(configured, bool) or configured < 1:
        raise ImproperlyConfigured("PASSPHRASE_WORK_SLOTS must be a whole number of at least 1")
    return configured


def _usable_cpus() -> int:
    # The affinity mask respects container and taskset limits; cpu_count() does not.
    if hasattr(os, "sched_getaffinity"):
        return max(1, len(os.sched_getaffinity(0)))
    return max(1, os.cpu_count() or 1)
