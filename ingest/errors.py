"""Errors raised while loading a file. ingest/ stays independent of rag/, so it has its own."""
from __future__ import annotations


class LoadError(Exception):
    """A file that cannot be turned into text. `reason` is one line meant for the user."""

    def __init__(self, path: str, reason: str):
        super().__init__(f"{path}: {reason}")
        self.path = path
        self.reason = reason
