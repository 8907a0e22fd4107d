"""Engines that run cleaner at scale: Ray (ray.py) and datatrove (datatrove.py); each needs its extra installed."""
from __future__ import annotations

from typing import Any

from .. import DISTRIBUTION


def need(module: str, extra: str) -> None:
    """Import a module an engine needs, or stop with one line naming the extra that installs it."""
    import importlib

    try:
        importlib.import_module(module)
    except ImportError:
        raise ImportError(f"cleaner's {extra} engine needs {module.split('.')[0]}: pip install '{DISTRIBUTION}[{extra}]' "
                          f"(or '.[{extra}]' in a checkout)") from None


def process(cleaner: Any, item: Any, limits: Any, explain: bool = False) -> Any:
    """runner.process, with its time limit kept off the main thread too. runner's limit is a SIGALRM,
    which only the main thread can take, and an engine may run cleaner on another one (a Ray actor
    does): there a watchdog thread raises runner.DocumentTimeout inside this one when time is up, as
    the alarm would. Like the alarm, it lands between two Python steps, not inside a C call that never
    returns: killing such a worker is the local runner's job (cleaner clean -j)."""
    import ctypes
    import threading

    from .. import batch, runner

    if threading.current_thread() is threading.main_thread() or limits.max_seconds <= 0:
        return runner.process(cleaner, item, limits, explain)
    me = ctypes.c_ulong(threading.get_ident())
    lock, done = threading.Lock(), [False]

    def expire() -> None:
        with lock:
            if not done[0]:
                ctypes.pythonapi.PyThreadState_SetAsyncExc(me, ctypes.py_object(runner.DocumentTimeout))

    timer = threading.Timer(limits.max_seconds, expire)
    timer.daemon = True
    try:
        timer.start()
        try:
            return runner.process(cleaner, item, limits, explain)
        finally:
            with lock:
                done[0] = True
            timer.cancel()
            ctypes.pythonapi.PyThreadState_SetAsyncExc(me, None)  # one raised too late, not yet delivered
    except runner.DocumentTimeout:  # time ran out outside the cleaning proper (reading the document)
        ident = getattr(item, "id", None) or getattr(item, "rel", "").rsplit("/", 1)[-1]
        return runner.Outcome(batch.InputError(ident, item.source, f"took longer than {limits.max_seconds:g} s to "
                                               "clean (--timeout); skipped").to_dict(), True)
