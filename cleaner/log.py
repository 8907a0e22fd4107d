"""The `cleaner` logger: where the library and the command line report events worth a look.

The library only logs (a rule pattern that timed out is a warning on `cleaner`), so a pipeline
routes cleaner's messages with Python's `logging` as it routes any library's. The command line
sets up one handler on standard error: -q errors only, default warnings, -v info, -vv debug, or
--log-level NAME.
"""
from __future__ import annotations

import logging
import os
import sys

logger = logging.getLogger("cleaner")

LEVELS = ("debug", "info", "warning", "error", "critical")


def level_for(verbose: int = 0, quiet: bool = False, name: str | None = None) -> int:
    """The logging level the command-line switches ask for (--log-level wins over -v and -q)."""
    if name:
        return getattr(logging, name.upper())
    if quiet:
        return logging.ERROR
    return (logging.WARNING, logging.INFO)[verbose] if verbose < 2 else logging.DEBUG


def setup(level: int, stream=None) -> logging.Handler:
    """One handler for the `cleaner` logger on standard error ("cleaner: message", with the level
    when it is not a warning), at `level`; returns it (the caller may remove it)."""
    handler = logging.StreamHandler(stream or sys.stderr)
    handler.setFormatter(_Format())
    for old in [h for h in logger.handlers if getattr(h, "_cleaner_cli", False)]:
        logger.removeHandler(old)
    handler._cleaner_cli = True  # type: ignore[attr-defined]
    handler.addFilter(_ThisProcess())
    logger.addHandler(handler)
    logger.setLevel(level)
    logger.propagate = False  # the command line's handler is the one place these go
    # trafilatura warns on every page it finds nothing in; a batch reports that in its records
    logging.getLogger("trafilatura").setLevel(logging.ERROR if level > logging.DEBUG else logging.DEBUG)
    return handler


class _ThisProcess(logging.Filter):
    """Only records of the process that set the handler up: a batch's worker processes (forked
    with it) stay quiet, and the run logs what their documents' records say, once, in order."""

    def __init__(self) -> None:
        super().__init__()
        self.pid = os.getpid()

    def filter(self, record: logging.LogRecord) -> bool:
        return os.getpid() == self.pid


class _Format(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        level = "" if record.levelno == logging.WARNING else f"{record.levelname.lower()}: "
        return f"cleaner: {level}{record.getMessage()}"
