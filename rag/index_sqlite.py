"""The index's SQLite database: opening it (read-write, else read-only, else immutable), its errors as
one line each, and file names that aren't UTF-8 stored so that they come back unchanged."""
from __future__ import annotations

import functools
import os
import sqlite3
from pathlib import Path
from urllib.parse import quote

from rag.errors import IndexError_

DB_NAME = "index.sqlite"


def connect(folder: Path, db: Path, create: bool) -> tuple[sqlite3.Connection, bool]:
    """(connection, read_only): read and write where we may; an index we may not write to read-only."""
    conn = sqlite3.connect(str(db), timeout=30, isolation_level=None, check_same_thread=False)
    try:
        conn.execute("PRAGMA journal_mode=WAL")  # writes the header once; fails on a read-only index
        conn.execute("PRAGMA synchronous=FULL")
        return conn, False
    except sqlite3.OperationalError as exc:
        conn.close()
        if create or not _is_read_only(exc):
            raise
    return _connect_read_only(folder, db), True


def sqlite_errors(method):
    """Turn SQLite's errors (disk full, a damaged file, no write access) into one clear IndexError_."""
    @functools.wraps(method)
    def checked(self, *args, **kwargs):
        try:
            return method(self, *args, **kwargs)
        except sqlite3.DatabaseError as exc:
            raise db_error(self.folder, exc) from exc
    return checked


def db_error(folder: Path, exc: sqlite3.DatabaseError) -> IndexError_:
    """One line saying what is wrong with the index database and what to do about it."""
    name, msg = getattr(exc, "sqlite_errorname", None) or "", " ".join(str(exc).split())
    if name.startswith("SQLITE_FULL") or "disk is full" in msg:
        return IndexError_(f"could not write to the index at {folder}: the disk is full ({msg}); free some space "
                           "and run the command again (documents finished so far are kept)")
    if _is_read_only(exc):
        return IndexError_(f"index at {folder} is read-only for you ({msg}); adding or removing documents needs "
                           "write access (ask its owner, or use your own --index DIR)")
    if name.startswith(("SQLITE_CORRUPT", "SQLITE_NOTADB")) or "malformed" in msg or "not a database" in msg:
        return IndexError_(f"the index database {folder / DB_NAME} is damaged ({msg}); move the folder {folder} "
                           "away and re-ingest your documents (or use another --index DIR)")
    return IndexError_(f"index at {folder} could not be used ({msg})")


def _is_read_only(exc: sqlite3.Error) -> bool:
    name, msg = getattr(exc, "sqlite_errorname", None) or "", str(exc)
    return name.startswith(("SQLITE_READONLY", "SQLITE_CANTOPEN")) or "readonly" in msg or "unable to open" in msg


def _connect_read_only(folder: Path, db: Path) -> sqlite3.Connection:
    """Open an index we may not write to, for searching and listing.

    In WAL mode even a reader writes (index.sqlite-shm); where that is impossible too, the file is
    read as immutable, which is safe only when no committed writes still wait in index.sqlite-wal.
    """
    if not os.access(db, os.R_OK):
        raise IndexError_(f"cannot read the index at {db} (permission denied); ask its owner for read access")
    uri = f"file:{quote(os.fsencode(db))}?mode=ro"
    try:
        return _open_checked(uri)
    except sqlite3.OperationalError:
        pass
    wal = db.with_name(DB_NAME + "-wal")
    if wal.exists() and wal.stat().st_size > 0:
        raise IndexError_(f"index at {folder} is read-only for you and holds writes not yet merged into {DB_NAME} "
                          f"({wal.name}); its owner can merge them by running `rag --index {folder} list` once")
    return _open_checked(uri + "&immutable=1")


def _open_checked(uri: str) -> sqlite3.Connection:
    conn = sqlite3.connect(uri, uri=True, timeout=30, isolation_level=None, check_same_thread=False)
    try:
        conn.execute("SELECT COUNT(*) FROM sqlite_master").fetchone()
    except sqlite3.Error:
        conn.close()
        raise
    return conn


# A file name may hold bytes that are not UTF-8 (Python reads them as lone surrogates, U+DC80-U+DCFF,
# which SQLite can't store). In the database they become private-use characters of plane 16 and
# come back unchanged, so the real path still works for stat, open, --sync and the unchanged check.
_SURROGATES, _STORED = 0xDC00, 0x10FC00


def to_db(text: str) -> str:
    if text.isascii():
        return text
    return "".join(chr(ord(c) - _SURROGATES + _STORED) if 0xDC80 <= ord(c) <= 0xDCFF else c for c in text)


def from_db(text: str) -> str:
    if text.isascii():
        return text
    return "".join(chr(ord(c) - _STORED + _SURROGATES) if 0x10FC80 <= ord(c) <= 0x10FCFF else c for c in text)
