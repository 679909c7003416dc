"""Errors raised while loading a file. ingest/ stays independent of rag/, so it has its own."""
from __future__ import annotations


class LoadError(Exception):
    """A file that cannot be turned into text. `reason` is one line meant for the user."""

    def __init__(self, path: str, reason: str):
        super().__init__(f"{path}: {reason}")
        self.path = path
        self.reason = reason


class FileTimeout(BaseException):
    """The file's time budget ran out. A BaseException, like KeyboardInterrupt, so that no
    `except Exception` in a parser (or our own per-page one) swallows it and reads on."""
