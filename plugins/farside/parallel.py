"""Run one function over many items on every core, with results as a single process gives them.

Reading pages and checking written files are the same work for every item and depend only on
what the build loaded before, so forked workers (which start with that state, nothing to load
or pickle) can share them. Results come back in the order of the items, with the warnings each
item logged, for the caller to replay in that order: the build's output and messages are the
same byte for byte as with one process (``FARSIDE_WORKERS=1``).

Workers are forked only when it pays (enough items for at least two workers) and when it is
safe: only on Linux-like systems, and only from a process running no other thread (a fork
copies one thread; a lock another thread held would stay locked in the child). Otherwise the
items are done here, one after the other.
"""
from __future__ import annotations

import contextlib
import ctypes
import ctypes.util
import functools
import logging
import multiprocessing
import os
import pickle
import signal
import sys
import threading
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from typing import Any, Generic, TypeVar

WORKERS_VARIABLE = "FARSIDE_WORKERS"  # how many processes at most; 1 for one process
MIN_ITEMS_PER_WORKER = 40  # below this a worker costs more (fork, results sent back) than it saves

Item = TypeVar("Item")
Result = TypeVar("Result")
Logged = list[tuple[str, int, str]]  # (logger name, level, message)

# Set before the fork, so workers have them without pickling: items are sent by index.
_task: Callable[[Any], Any] | None = None
_items: Sequence[Any] = ()


class KeptWarnings(logging.Handler):
    """Keeps warnings as (logger, level, message) instead of showing them, for ``replay``."""

    def __init__(self) -> None:
        super().__init__(level=logging.WARNING)
        self.records: Logged = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append((record.name, record.levelno, record.getMessage()))


def replay(logged: Logged) -> None:
    """Log kept warnings again, here, as their loggers first logged them."""
    for name, level, message in logged:
        logging.getLogger(name).log(level, "%s", message)


_capture = KeptWarnings()


@contextlib.contextmanager
def warnings_kept() -> Iterator[Logged]:
    """The plugin's warnings logged meanwhile, kept (not shown) for the caller to replay.

    The plugin's loggers lose their filters meanwhile: a filter may count what it lets through
    (Pelican's shows each warning once per process), and a kept warning is shown only when it is
    replayed, where the filters see it as a warning logged then.
    """
    root = __name__.split(".")[0]
    logger = logging.getLogger(root)
    handler, propagated = KeptWarnings(), logger.propagate
    loggers = [known for name, known in logging.Logger.manager.loggerDict.items()
               if isinstance(known, logging.Logger) and (name == root or name.startswith(root + "."))]
    filters = {known: known.filters for known in loggers}
    for known in loggers:
        known.filters = []
    logger.addHandler(handler)
    logger.propagate = False
    try:
        yield handler.records
    finally:
        logger.removeHandler(handler)
        logger.propagate = propagated
        for known, kept in filters.items():
            known.filters = kept


PR_SET_PDEATHSIG = 1  # linux/prctl.h


def _load_prctl() -> Callable[[int, int], int] | None:
    """libc's ``prctl``, looked up before any fork (a child between fork and exec only calls it)."""
    if not sys.platform.startswith("linux"):
        return None
    try:
        function = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6", use_errno=True).prctl
    except (OSError, AttributeError):
        return None
    function.argtypes = [ctypes.c_int, ctypes.c_ulong]
    function.restype = ctypes.c_int
    return function


_prctl = _load_prctl()


def die_with_parent(parent: int) -> None:
    """In a child just forked from ``parent``: the kernel kills the child when the parent dies.

    A build killed outright (SIGKILL, out of memory) cannot stop its children. Without this,
    Pagefind or a worker would go on writing into the staging folder the next build is removing.
    Used as ``preexec_fn`` (through ``child_of_this_process``) and in every worker.
    """
    if _prctl is not None:
        _prctl(PR_SET_PDEATHSIG, signal.SIGKILL)
    if os.getppid() != parent:  # the parent died before the kernel was told: go now
        os._exit(1)


def child_of_this_process() -> Callable[[], None] | None:
    """A ``preexec_fn`` for ``subprocess`` that ties the child's life to this process."""
    return functools.partial(die_with_parent, os.getpid()) if _prctl is not None else None


def worker_count(items: int) -> int:
    """How many processes to use for ``items`` items (1: do them here)."""
    try:
        cores = len(os.sched_getaffinity(0))
    except AttributeError:  # not Linux
        return 1
    wanted = os.environ.get(WORKERS_VARIABLE, "").strip()
    limit = int(wanted) if wanted.isdigit() and int(wanted) > 0 else cores
    if "fork" not in multiprocessing.get_all_start_methods() or threading.active_count() > 1:
        return 1
    return max(1, min(limit, items // MIN_ITEMS_PER_WORKER))


def _start_worker(parent: int) -> None:
    die_with_parent(parent)
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # the build's own process handles Ctrl-C
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    root = logging.getLogger()
    root.handlers[:] = [_capture]  # nothing printed from a worker: warnings go back with the result


def _run(index: int) -> bytes:
    """One item in a worker. The result is pickled here and unpickled by the caller's own
    thread: a result that will not unpickle then raises there, instead of stopping the pool's
    result thread (which would leave the build waiting for ever)."""
    assert _task is not None
    _capture.records = []
    return pickle.dumps((_task(_items[index]), _capture.records), protocol=pickle.HIGHEST_PROTOCOL)


class Outcome(Generic[Result]):
    """One item's result and the warnings logged while it was made (empty when made here,
    where they were logged as they happened)."""

    __slots__ = ("result", "logged")

    def __init__(self, result: Result, logged: Logged):
        self.result = result
        self.logged = logged


def forked_map(function: Callable[[Item], Result], items: Sequence[Item]) -> list[Outcome[Result]]:
    """``[function(item) for item in items]``, on as many cores as pay, in the items' order.

    Items reach the workers through the fork (only their index is sent), so they need not
    pickle; results are pickled back.
    """
    global _task, _items
    workers = worker_count(len(items))
    if workers < 2:
        return [Outcome(function(item), []) for item in items]
    _task, _items = function, items
    try:
        # concurrent.futures, not multiprocessing.Pool: a worker that dies (killed, out of memory)
        # fails the build with BrokenProcessPool instead of leaving it waiting for ever.
        with ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("fork"),
                                 initializer=_start_worker, initargs=(os.getpid(),)) as pool:
            chunk = max(1, len(items) // (workers * 8))
            done = list(pool.map(_run, range(len(items)), chunksize=chunk))
    finally:
        _task, _items = None, ()
    return [Outcome(*pickle.loads(data)) for data in done]
