"""Passphrases of the public: generation, tolerant matching, keyed lookup id, reply keys, work bound.

Most tests run Argon2id with tiny test parameters (the setting that only test
mode honours); the tests marked "production parameters" run the real ones.
"""

from __future__ import annotations

import hashlib
import hmac
import itertools
import math
import threading
import time
from contextlib import ExitStack

import pytest
from argon2.low_level import Type, hash_secret_raw
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.kdf.hkdf import HKDFExpand
from django.core.exceptions import ImproperlyConfigured
from hypothesis import given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from beistand.lib import hpke, passphrases
from beistand.lib.passphrases import (
    PARAMETERS,
    Argon2Parameters,
    Busy,
    derive,
    derive_reply_keypair,
    generate_passphrase,
    load_wordlist,
    lookup_id,
    normalise,
    passphrase_work_slot,
)

PASSPHRASE = "clatter condone quotable hazy scribe dole stank"
PEPPER = "test-pepper-0123456789abcdef0123456789"
# The documented derivation with PARAMETERS and PEPPER, pinned: if this changes,
# every stored conversation is orphaned.
KNOWN_LOOKUP_ID = "22f8fa1e9aea349d98c849cbe1f3cb9fcfd91c8c2577abf278f5b3462f37bbfd"
KNOWN_REPLY_PUBLIC = "6fab787439841372166ea6f96f87e7baa2d436a6fbf72d22345972ceb8fda260"
CHEAP = {"time_cost": 1, "memory_cost": 8, "parallelism": 1}


@pytest.fixture(autouse=True)
def cheap_argon2(settings):
    settings.PASSPHRASE_PEPPER = PEPPER
    settings.PASSPHRASE_ARGON2_TEST_PARAMETERS = CHEAP


@pytest.fixture
def production_parameters(settings):
    del settings.PASSPHRASE_ARGON2_TEST_PARAMETERS


# --- wordlists and generation -------------------------------------------------------


@pytest.mark.parametrize("name", ["en", "de"])
def test_wordlist_is_large_plain_and_prefix_free(name):
    words = load_wordlist(name)
    assert 7 * math.log2(len(words)) >= 77
    assert all(word.isascii() and word.isalpha() and word.islower() for word in words)
    assert all(3 <= len(word) <= 12 for word in words)
    # Prefix-free: ignoring the spaces between words loses no entropy.
    ordered = sorted(words)
    assert not any(b.startswith(a) for a, b in itertools.pairwise(ordered))


@pytest.mark.parametrize(("name", "source", "exclusions"), [
    ("en", "eff_large_wordlist.txt", "exclude_en.txt"),
    ("de", "dys2p_de_7776_v1.txt", "exclude_de.txt"),
])
def test_excluded_words_exist_in_the_source_and_never_appear(name, source, exclusions):
    directory = passphrases.WORDLIST_DIR
    source_words = {line.split()[-1] for line in (directory / source).read_text().splitlines()}
    excluded = set(passphrases._words_in(directory / exclusions))
    assert len(source_words) == 7776
    assert excluded <= source_words
    assert not excluded & set(load_wordlist(name))


def test_readme_states_the_current_list_sizes():
    readme = (passphrases.WORDLIST_DIR / "README.md").read_text()
    for name in ("en", "de"):
        assert f"{len(load_wordlist(name)):,} of 7,776" in readme


@pytest.mark.parametrize("name", ["en", "de"])
def test_passphrase_has_seven_words_from_the_list(name):
    words = generate_passphrase(wordlist=name).split(" ")
    assert len(words) == 7
    assert set(words) <= set(load_wordlist(name))


def test_passphrases_do_not_repeat():
    drawn = {generate_passphrase() for _ in range(5_000)}
    assert len(drawn) == 5_000


def test_too_few_words_are_refused():
    with pytest.raises(ValueError):
        generate_passphrase(5)
    assert len(generate_passphrase(8).split()) == 8


@pytest.mark.parametrize(("language", "wordlist"), [("de", "de"), ("de-ls", "de"), ("DE", "de"), ("en", "en"), ("ar", "en"), ("tr", "en")])
def test_wordlist_follows_the_page_language(language, wordlist):
    assert passphrases.wordlist_for_language(language) == wordlist


# --- normalisation: the same person typing it differently ---------------------------

SAME_PASSPHRASE = [
    "clatter  condone quotable   hazy scribe dole stank",
    "CLATTER Condone QUOTABLE hazy Scribe dole stanK",
    "clatter\tcondone\nquotable\r\nhazy scribe dole stank",
    "   clatter condone quotable hazy scribe dole stank \n",
    "ｃｌａｔｔｅｒ　ｃｏｎｄｏｎｅ　ｑｕｏｔａｂｌｅ　ｈａｚｙ　ｓｃｒｉｂｅ　ｄｏｌｅ　ｓｔａｎｋ",
    "clattercondone quotablehazy scribedolestank",
    "clatter-condone-quotable-hazy-scribe-dole-stank",
    "clatter\u00a0condone\u200bquotable hazy scribe dole stank",
    "clätter cóndone quotable hazy scribe dole stank",  # accents added by autocorrect
    "CLATTER CONDONE QUOTABLE HAZY SCR\u0130BE DOLE STANK",  # Turkish keyboard, capital dotted I
]


@pytest.mark.parametrize("typed", SAME_PASSPHRASE)
def test_spacing_case_and_width_do_not_matter(typed):
    assert normalise(typed) == normalise(PASSPHRASE)
    assert lookup_id(typed) == lookup_id(PASSPHRASE)


@pytest.mark.parametrize("typed", [
    "clatter condone quotable hazy scribe dole",  # a word missing
    "condone clatter quotable hazy scribe dole stank",  # two words swapped
    "clatter condone quotable hazy scribe doll stank",  # a word misspelt
    "clatter condone quotable hazy scribe dole stank stank",  # a word extra
])
def test_a_missing_swapped_or_wrong_word_is_never_corrected(typed):
    assert lookup_id(typed) != lookup_id(PASSPHRASE)


@given(st.text(max_size=80))
def test_normalise_is_idempotent(text):
    assert normalise(normalise(text)) == normalise(text)


@given(st.lists(st.sampled_from(load_wordlist("de")), min_size=1, max_size=7), st.data())
def test_any_whitespace_between_words_is_ignored(words, data):
    gaps = data.draw(st.lists(st.sampled_from(["", " ", "  ", "\t", "\n", "\u3000"]), min_size=len(words), max_size=len(words)))
    typed = "".join(gap + word for gap, word in zip(gaps, words, strict=True))
    assert normalise(typed) == "".join(words)


def test_empty_or_oversized_input_is_refused():
    with pytest.raises(ValueError):
        lookup_id(" \t-- ")
    with pytest.raises(ValueError):
        lookup_id("a" * (passphrases.MAX_INPUT_CHARS + 1))


# --- lookup id and reply key pair ---------------------------------------------------


def test_lookup_id_is_deterministic_hex():
    assert lookup_id(PASSPHRASE) == lookup_id(PASSPHRASE)
    assert len(lookup_id(PASSPHRASE)) == 64
    int(lookup_id(PASSPHRASE), 16)


def test_lookup_id_depends_on_the_pepper(settings):
    before = lookup_id(PASSPHRASE)
    settings.PASSPHRASE_PEPPER = "another-pepper-0123456789abcdef01234567"
    assert lookup_id(PASSPHRASE) != before


def test_missing_pepper_stops(settings):
    settings.PASSPHRASE_PEPPER = ""
    with pytest.raises(ImproperlyConfigured):
        lookup_id(PASSPHRASE)


def test_reply_keypair_is_deterministic_and_personal():
    private, public = derive_reply_keypair(PASSPHRASE)
    assert derive_reply_keypair("  CLATTER condone quotable hazy scribe dole stank") == (private, public)
    assert derive_reply_keypair(generate_passphrase()) != (private, public)
    assert hpke.public_key_of(private) == public


def test_lookup_id_is_unrelated_to_the_reply_key():
    private, public = derive_reply_keypair(PASSPHRASE)
    assert bytes.fromhex(lookup_id(PASSPHRASE)) not in (private, public)


def test_replies_sealed_to_the_derived_key_open_only_with_the_passphrase():
    _, public = derive_reply_keypair(PASSPHRASE)
    sealed = hpke.seal(public, "Wir sind für Sie da.".encode(), b"conversation-1")
    private, _ = derive_reply_keypair(" clatter condone quotable hazy scribe dole stank ")
    assert hpke.open_sealed(private, sealed, b"conversation-1") == "Wir sind für Sie da.".encode()
    other, _ = derive_reply_keypair(generate_passphrase())
    with pytest.raises(hpke.HPKEError):
        hpke.open_sealed(other, sealed, b"conversation-1")


def test_derive_gives_both_from_one_run():
    keys = derive(PASSPHRASE)
    assert keys.lookup_id == lookup_id(PASSPHRASE)
    assert (keys.reply_private_key, keys.reply_public_key) == derive_reply_keypair(PASSPHRASE)


# --- production parameters ----------------------------------------------------------


def test_production_parameters_are_the_documented_ones():
    assert Argon2Parameters(time_cost=2, memory_cost=19_456, parallelism=1) == PARAMETERS
    documented = " ".join((passphrases.__doc__ or "").split())
    assert "time cost 2, memory 19 MiB (19,456 KiB), parallelism 1" in documented


def test_without_the_test_setting_production_parameters_apply(production_parameters):
    assert passphrases._parameters() == PARAMETERS


def test_test_parameters_are_refused_outside_test_mode(settings):
    settings.ENVIRONMENT = "production"
    with pytest.raises(ImproperlyConfigured):
        lookup_id(PASSPHRASE)


def test_known_answer_with_production_parameters(production_parameters):
    keys = derive(PASSPHRASE)
    assert keys.lookup_id == KNOWN_LOOKUP_ID
    assert keys.reply_public_key.hex() == KNOWN_REPLY_PUBLIC


def test_known_answer_follows_the_documented_derivation():
    keyed = hmac.new(PEPPER.encode(), normalise(PASSPHRASE).encode(), hashlib.sha256).digest()
    root = hash_secret_raw(keyed, b"beistand/passphrase/v1", 2, 19_456, 1, 32, Type.ID)
    lookup = HKDFExpand(hashes.SHA256(), 32, b"beistand/passphrase/v1/lookup-id").derive(root)
    ikm = HKDFExpand(hashes.SHA256(), 32, b"beistand/passphrase/v1/reply-key").derive(root)
    assert lookup.hex() == KNOWN_LOOKUP_ID
    assert hpke.derive_keypair(ikm)[1].hex() == KNOWN_REPLY_PUBLIC


# --- the work bound -----------------------------------------------------------------


def test_slots_default_to_the_usable_cpus():
    assert passphrases.work_slots() == passphrases._usable_cpus() >= 1


@pytest.mark.parametrize("value", [0, -1, "2", True])
def test_bad_slot_setting_stops(settings, value):
    settings.PASSPHRASE_WORK_SLOTS = value
    with pytest.raises(ImproperlyConfigured):
        passphrase_work_slot()


def test_one_more_than_n_slots_is_busy_and_a_freed_slot_is_reused(settings):
    settings.PASSPHRASE_WORK_SLOTS = 3
    with ExitStack() as stack:
        for _ in range(3):
            stack.enter_context(passphrase_work_slot())
        with pytest.raises(Busy):
            stack.enter_context(passphrase_work_slot())
    with passphrase_work_slot():
        pass


def test_busy_comes_at_once_while_other_threads_hold_every_slot(settings):
    settings.PASSPHRASE_WORK_SLOTS = 2
    holding, release = threading.Barrier(3), threading.Event()

    def hold():
        with passphrase_work_slot():
            holding.wait()
            release.wait(timeout=10)

    threads = [threading.Thread(target=hold) for _ in range(2)]
    for thread in threads:
        thread.start()
    holding.wait()
    started = time.monotonic()
    with pytest.raises(Busy) as busy:
        passphrase_work_slot().__enter__()
    assert time.monotonic() - started < 0.1
    assert busy.value.retry_after == 60
    release.set()
    for thread in threads:
        thread.join()
    with passphrase_work_slot():
        pass


def test_a_failing_derivation_frees_its_slot(settings):
    settings.PASSPHRASE_WORK_SLOTS = 1
    for _ in range(3):
        with pytest.raises(ValueError), passphrase_work_slot():
            lookup_id("")


@hypothesis_settings(max_examples=20, deadline=None)
@given(st.text(min_size=1, max_size=60).filter(lambda t: normalise(t) != ""))
def test_any_typed_text_gives_a_lookup_id(text):
    assert len(lookup_id(text)) == 64
