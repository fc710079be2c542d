"""First contact under load (issue 4): gunicorn with two workers on loopback, production settings.

The whole path of a first contact: the form's POST through every middleware,
a new passphrase and its Argon2id run (the production parameters: the server
runs with BEISTAND_ENV=production), the message sealed twice with HPKE, the
conversation, message and audit event stored in SQLite, the passphrase page
rendered. Three phases on one installation (bench/load.py):

1. capacity: 8 clients, each sending its next first contact as soon as the
   last one was answered, for 10 s;
2. the target load: 20 first contacts per second for 20 s, each due at its
   own moment (open loop), answer times counted from that moment;
3. twice that load, 40 per second for 10 s: whatever the server accepts
   (answers 2xx with a passphrase) must be in the database afterwards.

The memory of the whole stack (gunicorn and the task worker, as the README
deploys them) is read before and after the load.

The client runs on the same two cores as the server, so the figures are
a little worse than a server would see with the clients elsewhere.
"""

from __future__ import annotations

import functools
import statistics
import sys
import threading
import time
from dataclasses import dataclass

from bench import load
from bench.core import Figure, Measurement, Sample, Target, figure

CAPACITY_CLIENTS, CAPACITY_SECONDS = 8, 10.0
TARGET_RATE, TARGET_SECONDS = 20.0, 20.0
OVERLOAD_RATE, OVERLOAD_SECONDS = 2 * TARGET_RATE, 10.0
UNLOADED_CONTACTS = 20


@dataclass
class Phases:
    unloaded: list[load.Answer]
    capacity: list[load.Answer]
    capacity_seconds: float
    target: list[load.Answer]
    overload: list[load.Answer]
    stored: set[str]
    memory_idle: tuple[int, int]
    memory_loaded: tuple[int, int]


@functools.cache
def phases() -> Phases:
    print("setting up gunicorn (production settings) for the first-contact load test ...", file=sys.stderr, flush=True)
    installation = load.Installation()
    try:
        installation.prepare()
        with installation.serving() as server:
            unloaded = _one_at_a_time(server.port, UNLOADED_CONTACTS)
            idle = server.memory()
            capacity, seconds = _closed_loop(server.port, CAPACITY_CLIENTS, CAPACITY_SECONDS)
            target = load.offer(server.port, TARGET_RATE, TARGET_SECONDS)
            overload = load.offer(server.port, OVERLOAD_RATE, OVERLOAD_SECONDS)
            loaded = server.memory()
        return Phases(unloaded, capacity, seconds, target, overload, installation.stored(), idle, loaded)
    finally:
        installation.remove()


def _one_at_a_time(port: int, count: int) -> list[load.Answer]:
    session = load.WriteSession(port)
    return [session.send(time.perf_counter()) for _ in range(count)]


def _closed_loop(port: int, clients: int, seconds: float) -> tuple[list[load.Answer], float]:
    """Each client sends its next first contact when the last one is answered."""
    answers: list[load.Answer] = []
    lock = threading.Lock()
    started = time.perf_counter()
    stop = started + seconds

    def client() -> None:
        session = load.WriteSession(port)
        while time.perf_counter() < stop:
            answer = session.send(time.perf_counter())
            with lock:
                answers.append(answer)

    threads = [threading.Thread(target=client) for _ in range(clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return answers, time.perf_counter() - started


def accepted(answers: list[load.Answer]) -> list[load.Answer]:
    return [answer for answer in answers if 200 <= answer.status < 300 and answer.passphrase_shown]


def times(answers: list[load.Answer]) -> Sample:
    return Sample(tuple(answer.seconds for answer in answers) or (0.0,))


def outcome(answers: list[load.Answer]) -> str:
    counts: dict[int, int] = {}
    for answer in answers:
        counts[answer.status] = counts.get(answer.status, 0) + 1
    return ", ".join(f"{count} × HTTP {status}" for status, count in sorted(counts.items()))


@figure(order=90)
def first_contact_capacity() -> Figure:
    run = phases()
    done = accepted(run.capacity)
    rate = len(done) / run.capacity_seconds
    return Figure(
        f"First contact, gunicorn {load.WORKERS} workers on loopback: sustained rate ({CAPACITY_CLIENTS} clients, closed loop)",
        Measurement(rate, "/s", detail=f"median {statistics.median(a.seconds for a in done) * 1000:.0f} ms" if done else ""),
        None,
        Target("≥ 20 per second on 2 cores", minimum=20.0),
        notes=(f"First contact capacity: {len(done)} accepted in {run.capacity_seconds:.1f} s "
               f"({outcome(run.capacity)}); the clients share the two cores with the server.",),
    )


@figure(order=91)
def first_contact_at_target_rate() -> Figure:
    run = phases()
    done = accepted(run.target)
    return Figure(
        f"First contact at {TARGET_RATE:.0f}/s for {TARGET_SECONDS:.0f} s (open loop): answer time",
        Measurement(times(done).p95, "s", detail=f"p50 {times(done).median * 1000:.0f} ms"),
        Measurement.of(times(accepted(run.unloaded)), "one at a time, no load"),
        # A contact refused at this rate fails the target whatever the times.
        Target("p95 ≤ 400 ms, every contact accepted", maximum=0.4 if len(done) == len(run.target) else 0.0),
        notes=(f"First contact at {TARGET_RATE:.0f}/s: {outcome(run.target)} of {len(run.target)} offered; "
               "answer times are counted from the moment each contact was due.",),
    )


@figure(order=92)
def first_contact_overload() -> Figure:
    run = phases()
    done = accepted(run.overload)
    every_accepted = [load.digest(a.submission) for phases_ in (run.unloaded, run.capacity, run.target, run.overload)
                      for a in accepted(phases_)]
    lost = [digest for digest in every_accepted if digest not in run.stored]
    unexpected = len(run.stored) - len(set(every_accepted))
    return Figure(
        f"First contact at {OVERLOAD_RATE:.0f}/s (twice the target) for {OVERLOAD_SECONDS:.0f} s: accepted but not stored",
        Measurement(len(lost), "lost"),
        Measurement(len(every_accepted), "accepted", label="all phases"),
        Target("nothing accepted is lost", maximum=0),
        notes=(f"First contact at {OVERLOAD_RATE:.0f}/s: {outcome(run.overload)} of {len(run.overload)} offered, "
               f"p95 of the accepted {times(done).p95 * 1000:.0f} ms; in the database: {len(run.stored)} "
               f"conversations, {unexpected} not answered as accepted.",),
    )


@figure(order=93)
def whole_stack_memory() -> Figure:
    run = phases()
    mib = 1024 * 1024
    return Figure(
        f"Memory of the whole stack (gunicorn master + {load.WORKERS} workers + task worker) after the load test",
        Measurement(run.memory_loaded[0] / mib, "MiB", detail="PSS"),
        Measurement(run.memory_idle[0] / mib, "MiB", label="after 20 contacts"),
        Target("≤ 300 MB RSS", maximum=300 * 1_000_000 / mib),
        notes=(f"Memory: {run.memory_loaded[0] / mib:.0f} MiB PSS after the load (each shared page counted once, "
               f"shared among its processes); the plain RSS sum, which counts the pages the workers share with the "
               f"gunicorn master in each of them, is {run.memory_loaded[1] / mib:.0f} MiB.",),
    )
