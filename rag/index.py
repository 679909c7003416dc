"""The on-disk index: SQLite for documents, chunks, their vectors and an FTS5 table; FAISS for search.

Layout of an index folder:
    index.sqlite      documents, chunks (with each chunk's float32 vector), chunks_fts, meta
    vectors.faiss     IndexIDMap2(IndexFlatIP) keyed by chunk id: a cache of the vectors in SQLite
    write.lock        flock'ed by the one process allowed to write

Crash safety: SQLite (WAL, one transaction per document) is the source of truth; chunk ids are
never reused. vectors.faiss is replaced atomically and may lag behind; whoever opens the index
reconciles it with the chunk ids in SQLite (adding missing vectors, dropping removed ones) before
searching. So a process killed at any moment leaves each document fully old or fully new, and
FAISS never answers with a chunk SQLite doesn't hold. No pickle is used anywhere.
"""
from __future__ import annotations

import fcntl
import json
import os
import sqlite3
import time
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Iterator, TypeVar

import numpy as np

from rag.errors import IndexBusyError, IndexError_
from rag.index_sqlite import DB_NAME, connect, db_error, from_db, sqlite_errors, to_db

T = TypeVar("T")

SCHEMA_VERSION = 2
VECTORS_NAME, LOCK_NAME = "vectors.faiss", "write.lock"

SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS documents (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    path TEXT NOT NULL UNIQUE,
    name TEXT NOT NULL,
    sha256 TEXT NOT NULL,
    size INTEGER NOT NULL,
    mtime REAL NOT NULL,
    pages INTEGER NOT NULL,
    chunks INTEGER NOT NULL,
    empty_pages TEXT NOT NULL,
    ocr_pages TEXT NOT NULL,
    warnings TEXT NOT NULL,
    settings TEXT NOT NULL,
    ingested_at TEXT NOT NULL,
    context TEXT NOT NULL DEFAULT '',
    reader TEXT NOT NULL DEFAULT ''
);
CREATE TABLE IF NOT EXISTS chunks (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    doc_id INTEGER NOT NULL REFERENCES documents(id),
    ord INTEGER NOT NULL,
    text TEXT NOT NULL,
    text_hash TEXT NOT NULL,
    start INTEGER NOT NULL,
    end INTEGER NOT NULL,
    page_start INTEGER NOT NULL,
    page_end INTEGER NOT NULL,
    label_start TEXT NOT NULL,
    label_end TEXT NOT NULL,
    embedding BLOB NOT NULL,
    heading TEXT NOT NULL DEFAULT ''
);
CREATE INDEX IF NOT EXISTS chunks_doc ON chunks(doc_id);
CREATE INDEX IF NOT EXISTS chunks_hash ON chunks(text_hash);
CREATE VIRTUAL TABLE IF NOT EXISTS chunks_fts USING fts5(text, tokenize='porter unicode61');
"""


@dataclass
class DocumentRecord:
    path: str
    name: str
    sha256: str
    size: int
    mtime: float
    pages: int
    chunks: int
    empty_pages: list[int]
    ocr_pages: list[int]
    warnings: list[str]
    settings: str  # the splitting/embedding settings that produced the chunks
    ingested_at: str = ""
    id: int | None = None
    context: str = ""  # the line naming the document, embedded and BM25-indexed with each chunk
    reader: str = ""  # what read it (ingest.load.reader_signature), kept only when pages failed: another reader re-reads it


@dataclass
class ChunkRow:
    """A stored chunk, as search returns it."""

    id: int
    doc_path: str
    doc_name: str
    text: str
    start: int
    end: int
    page_start: int
    page_end: int
    label_start: str
    label_end: str
    doc_id: int = 0
    ord: int = 0
    heading: str = ""  # the header rows of the table the chunk was cut from inside (periods, units)


class Index:
    """An index folder. Reading needs no lock; writing happens inside `with index.writing():`."""

    def __init__(self, folder: str | os.PathLike, create: bool = False):
        self.folder = Path(folder)
        self._cards: tuple | None = None  # (documents version, card function, {doc id: card}), see document_cards
        self._doc_freq: tuple = (None, {})  # (documents version, {term: documents}), see document_frequency
        self._with: tuple = (None, {})  # (documents version, {FTS5 query: chunks}), see chunks_matching
        self._boilerplate: tuple = (None, frozenset())  # (chunks version, chunk ids), see boilerplate_ids
        self._lock_fh = None
        self._faiss = None
        self.read_only = False  # opened without write access (a colleague's index, a shared drive)
        db = self.folder / DB_NAME
        if not db.exists() and not create:
            raise IndexError_(f"no index at {self.folder}; run `rag ingest FILE` first (or pass --index DIR)")
        if create:
            self._make_folder()
        try:
            self.db, self.read_only = connect(self.folder, db, create)
            if create:
                self.db.executescript(SCHEMA)
            version = self.meta().get("schema_version")
        except sqlite3.DatabaseError as exc:
            raise db_error(self.folder, exc) from None
        if version is None and create:
            self._set_meta({"schema_version": str(SCHEMA_VERSION)})
        elif version != str(SCHEMA_VERSION):
            raise IndexError_(f"index at {self.folder} has schema {version}, this rag expects {SCHEMA_VERSION}; re-ingest into a new --index")
        self._add_columns()

    def _make_folder(self) -> None:
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise IndexError_(f"cannot create the index folder {self.folder} ({exc.strerror}); "
                              "pass --index DIR with a folder you can write to") from None

    def close(self) -> None:
        self.db.close()

    def _add_columns(self) -> None:
        """Columns newer than the index get added (a read-only index is read through a temp view that
        supplies them empty). Documents recorded with failed pages before `reader` existed get a reader
        no ingest matches, so the next ingest re-reads them (pages lost to a pypdf change). Chunks from
        before `heading` have none; the cleaner version then in force makes the next ingest redo them."""
        self._add_column("documents", "reader", "UPDATE documents SET reader = 'unrecorded'"
                                                " WHERE warnings LIKE '%text extraction failed%'")
        self._add_column("chunks", "heading")

    def _add_column(self, table: str, column: str, then: str = "") -> None:
        def missing() -> bool:
            return column not in {row[1] for row in self.db.execute(f"PRAGMA table_info({table})")}

        if missing() and self.read_only:
            self.db.execute(f"CREATE TEMP VIEW {table} AS SELECT *, '' AS {column} FROM main.{table}")
        elif missing():
            with self._transaction():
                if missing():  # another process may have added it meanwhile
                    self.db.execute(f"ALTER TABLE {table} ADD COLUMN {column} TEXT NOT NULL DEFAULT ''")
                    if then:
                        self.db.execute(then)

    # -- metadata and the embedder check --------------------------------------------------------
    @sqlite_errors
    def meta(self) -> dict[str, str]:
        return dict(self.db.execute("SELECT key, value FROM meta"))

    @sqlite_errors
    def _set_meta(self, values: dict[str, str]) -> None:
        self.db.executemany("INSERT OR REPLACE INTO meta(key, value) VALUES (?, ?)", values.items())

    def check_embedder(self, name: str, normalize: bool, dim: int | None = None) -> None:
        """Refuse to mix embedders: the index keeps the one that built it."""
        meta = self.meta()
        if "embedder" not in meta:
            return
        built = f"{meta['embedder']} (dim {meta['dim']}, normalize={meta['normalize']})"
        if meta["embedder"] != name or meta["normalize"] != str(normalize) or (dim and int(meta["dim"]) != dim):
            raise IndexError_(
                f"index at {self.folder} was built with embedder {built}; this run uses {name}. "
                "Use the same embedder (--set embedder.model=...) or a separate --index DIR")

    def record_embedder(self, name: str, dim: int, normalize: bool) -> None:
        self.check_embedder(name, normalize, dim)
        self._set_meta({"embedder": name, "dim": str(dim), "normalize": str(normalize)})

    @property
    def dim(self) -> int | None:
        value = self.meta().get("dim")
        return int(value) if value else None

    # -- writing ----------------------------------------------------------------------------------
    @contextmanager
    def writing(self, timeout_s: float = 10.0, on_wait=None) -> Iterator["Index"]:
        """Hold the write lock; the second writer waits up to timeout_s, then fails clearly."""
        if self.read_only:
            raise IndexError_(f"index at {self.folder} is read-only for you; adding or removing documents needs "
                              "write access (ask its owner, or use your own --index DIR)")
        try:
            fh = open(self.folder / LOCK_NAME, "a+")
        except OSError as exc:
            raise IndexError_(f"cannot write to the index at {self.folder} ({exc.strerror}); "
                              "use --index DIR with a folder you can write to") from None
        deadline, told = time.monotonic() + timeout_s, False
        while True:
            try:
                fcntl.flock(fh, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() >= deadline:
                    fh.close()
                    raise IndexBusyError(
                        f"index at {self.folder} is busy: another rag process ({_holder(self.folder)}) is writing; "
                        "try again when it finishes") from None
                if on_wait and not told:
                    on_wait(f"waiting for another rag process ({_holder(self.folder)}) to finish writing...")
                    told = True
                time.sleep(0.1)
        fh.seek(0), fh.truncate(), fh.write(str(os.getpid())), fh.flush()
        self._lock_fh = fh
        try:
            yield self
            self.save_vectors()
            self.save_boilerplate()
        finally:
            self._lock_fh = None
            fcntl.flock(fh, fcntl.LOCK_UN)
            fh.close()

    def _require_lock(self) -> None:
        if self._lock_fh is None:
            raise RuntimeError("index writes must happen inside `with index.writing():`")

    @sqlite_errors
    def replace_document(self, record: DocumentRecord, chunks: list, vectors: np.ndarray,
                         hashes: list[str], texts: list[str]) -> None:
        """Atomically swap a document's chunks for new ones (one SQLite transaction). `texts` are what
        was embedded for each chunk (rag.indexing.embed_text): BM25 indexes the same."""
        self._require_lock()
        vectors = np.ascontiguousarray(vectors, dtype=np.float32)
        with self._transaction():
            old = self.db.execute("SELECT id FROM documents WHERE path = ?", (to_db(record.path),)).fetchone()
            if old:
                self._delete_document(old[0])
            cur = self.db.execute(
                "INSERT INTO documents(path, name, sha256, size, mtime, pages, chunks, empty_pages, ocr_pages,"
                " warnings, settings, ingested_at, context, reader) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
                (to_db(record.path), to_db(record.name), record.sha256, record.size, record.mtime, record.pages,
                 len(chunks), json.dumps(record.empty_pages), json.dumps(record.ocr_pages),
                 json.dumps(record.warnings), record.settings, time.strftime("%Y-%m-%d %H:%M:%S"), record.context,
                 record.reader))
            doc_id = cur.lastrowid
            self.db.executemany(
                "INSERT INTO chunks(doc_id, ord, text, text_hash, start, end, page_start, page_end,"
                " label_start, label_end, embedding, heading) VALUES (?,?,?,?,?,?,?,?,?,?,?,?)",
                [(doc_id, i, c.text, h, c.start, c.end, c.page_start, c.page_end, c.label_start,
                  c.label_end, vectors[i].tobytes(), c.heading)
                 for i, (c, h) in enumerate(zip(chunks, hashes))])
            ids = [r[0] for r in self.db.execute("SELECT id FROM chunks WHERE doc_id = ? ORDER BY ord", (doc_id,))]
            self.db.executemany("INSERT INTO chunks_fts(rowid, text) VALUES (?, ?)", list(zip(ids, texts)))

    @sqlite_errors
    def touch_document(self, path: str, mtime: float) -> None:
        """Record a new mtime for a document whose content hash did not change."""
        self._require_lock()
        self.db.execute("UPDATE documents SET mtime = ? WHERE path = ?", (mtime, to_db(path)))

    @sqlite_errors
    def remove_document(self, path: str) -> bool:
        self._require_lock()
        with self._transaction():
            row = self.db.execute("SELECT id FROM documents WHERE path = ?", (to_db(path),)).fetchone()
            if row:
                self._delete_document(row[0])
        return row is not None

    def _delete_document(self, doc_id: int) -> None:
        self.db.execute("DELETE FROM chunks_fts WHERE rowid IN (SELECT id FROM chunks WHERE doc_id = ?)", (doc_id,))
        self.db.execute("DELETE FROM chunks WHERE doc_id = ?", (doc_id,))
        self.db.execute("DELETE FROM documents WHERE id = ?", (doc_id,))

    @contextmanager
    def _transaction(self) -> Iterator[None]:
        self.db.execute("BEGIN IMMEDIATE")
        try:
            yield
            self.db.execute("COMMIT")
        except BaseException:
            # SQLite may already have rolled back (disk full, corruption): don't hide the real error
            # behind "cannot rollback - no transaction is active"
            if self.db.in_transaction:
                self.db.execute("ROLLBACK")
            raise

    # -- reading ----------------------------------------------------------------------------------
    _DOC_COLUMNS = ("SELECT id, path, name, sha256, size, mtime, pages, chunks, empty_pages, ocr_pages, warnings,"
                    " settings, ingested_at, context, reader FROM documents")

    @sqlite_errors
    def documents(self) -> list[DocumentRecord]:
        return [_record(r) for r in self.db.execute(f"{self._DOC_COLUMNS} ORDER BY path")]

    @sqlite_errors
    def document(self, path: str) -> DocumentRecord | None:
        row = self.db.execute(f"{self._DOC_COLUMNS} WHERE path = ?", (to_db(path),)).fetchone()
        return _record(row) if row else None

    @sqlite_errors
    def cached_vectors(self, hashes: list[str]) -> dict[str, bytes]:
        """Vectors already stored for identical chunk texts (skips re-embedding them)."""
        found: dict[str, bytes] = {}
        unique = list(set(hashes))
        for i in range(0, len(unique), 500):
            part = unique[i:i + 500]
            q = f"SELECT text_hash, embedding FROM chunks WHERE text_hash IN ({','.join('?' * len(part))})"
            found.update(self.db.execute(q, part).fetchall())
        return found

    @sqlite_errors
    def chunks(self, ids: list[int]) -> dict[int, ChunkRow]:
        out: dict[int, ChunkRow] = {}
        for i in range(0, len(ids), 500):
            part = [int(x) for x in ids[i:i + 500]]
            q = ("SELECT c.id, d.path, d.name, c.text, c.start, c.end, c.page_start, c.page_end, c.label_start,"
                 f" c.label_end, c.doc_id, c.ord, c.heading FROM chunks c JOIN documents d ON d.id = c.doc_id WHERE c.id IN ({','.join('?' * len(part))})")
            out.update({r[0]: ChunkRow(r[0], from_db(r[1]), from_db(r[2]), *r[3:]) for r in self.db.execute(q, part)})
        return out

    @sqlite_errors
    def chunks_at(self, doc_id: int, ords: list[int]) -> dict[int, ChunkRow]:
        """A document's chunks by their places in it (ord), as chunks() reads them, keyed by ord."""
        ids = [r[0] for r in self.db.execute(
            f"SELECT id FROM chunks WHERE doc_id = ? AND ord IN ({','.join('?' * len(ords))})", [doc_id, *ords])]
        return {row.ord: row for row in self.chunks(ids).values()}

    @sqlite_errors
    def chunk_ids(self) -> list[int]:
        """Every chunk's id, document by document (by path), in reading order: read them with chunks()."""
        return [r[0] for r in self.db.execute(
            "SELECT c.id FROM chunks c JOIN documents d ON d.id = c.doc_id ORDER BY d.path, c.ord")]

    @sqlite_errors
    def count_chunks(self) -> int:
        return self.db.execute("SELECT COUNT(*) FROM chunks").fetchone()[0]

    # -- vectors ----------------------------------------------------------------------------------
    @sqlite_errors
    def vectors(self):
        """The FAISS index, reconciled with SQLite (loaded once per Index object)."""
        if self._faiss is None:
            self._faiss, _ = self._reconciled()
        return self._faiss

    def _reconciled(self):
        """Load vectors.faiss and make it hold exactly the chunk ids SQLite holds, in one snapshot."""
        import faiss

        dim = self.dim
        self.db.execute("BEGIN")  # one read snapshot for ids and vectors
        try:
            ids = np.fromiter((r[0] for r in self.db.execute("SELECT id FROM chunks")), dtype=np.int64)
            index = self._read_faiss(dim)
            have = faiss.vector_to_array(index.id_map).astype(np.int64) if index.ntotal else np.zeros(0, np.int64)
            extra = np.setdiff1d(have, ids, assume_unique=True)
            missing = np.setdiff1d(ids, have, assume_unique=True)
            if extra.size:
                index.remove_ids(extra)
            if missing.size:
                want = set(missing.tolist())
                rows = [(i, e) for i, e in self.db.execute(
                    "SELECT id, embedding FROM chunks WHERE id >= ?", (int(missing.min()),)) if i in want]
                vecs = np.frombuffer(b"".join(e for _, e in rows), dtype=np.float32).reshape(len(rows), dim)
                index.add_with_ids(vecs, np.array([i for i, _ in rows], dtype=np.int64))
        finally:
            if self.db.in_transaction:  # a failed read may have ended it already: keep that error
                self.db.execute("COMMIT")
        return index, bool(extra.size or missing.size)

    def _read_faiss(self, dim: int | None):
        import faiss

        path = self.folder / VECTORS_NAME
        if path.exists():
            try:
                index = faiss.read_index(str(path))
                if (dim is None or index.d == dim) and isinstance(index, faiss.IndexIDMap2):
                    return index
            except RuntimeError:
                pass  # a damaged cache is rebuilt from SQLite below
        return faiss.IndexIDMap2(faiss.IndexFlatIP(dim or 1))

    @sqlite_errors
    def save_vectors(self) -> None:
        """Reconcile and write vectors.faiss atomically (temp file, fsync, rename)."""
        import faiss

        self._require_lock()
        if self.dim is None:
            return
        index, changed = self._reconciled()
        self._faiss = index
        path = self.folder / VECTORS_NAME
        if not changed and path.exists():
            return
        tmp = path.with_suffix(".faiss.tmp")
        try:
            faiss.write_index(index, str(tmp))
            with open(tmp, "rb") as fh:
                os.fsync(fh.fileno())
            os.replace(tmp, path)
        except (OSError, RuntimeError) as exc:  # disk full: the documents are safe in SQLite
            tmp.unlink(missing_ok=True)
            detail = exc.strerror if isinstance(exc, OSError) else str(exc).strip().rsplit(": ", 1)[-1]
            raise IndexError_(f"the documents are stored, but {path} could not be saved ({detail}); free some "
                              "disk space: it is rebuilt from the database by the next ingest") from exc
        dir_fd = os.open(self.folder, os.O_RDONLY)
        try:
            os.fsync(dir_fd)
        finally:
            os.close(dir_fd)

    def dense_search(self, query: np.ndarray, k: int) -> list[tuple[int, float]]:
        import faiss

        index = self.vectors()
        if index.ntotal == 0:
            return []
        # One query gains nothing from OpenMP threads, and on a busy CPU their spin-waiting made a
        # 100k-vector search 5x slower (bench/RESULTS.md); search single-threaded, then restore.
        threads = faiss.omp_get_max_threads()
        faiss.omp_set_num_threads(1)
        try:
            scores, ids = index.search(np.ascontiguousarray(query.reshape(1, -1), dtype=np.float32), min(k, index.ntotal))
        finally:
            faiss.omp_set_num_threads(threads)
        return [(int(i), float(s)) for i, s in zip(ids[0], scores[0]) if i >= 0]


    @sqlite_errors
    def bm25_search(self, terms: list[str], k: int) -> list[tuple[int, float]]:
        """FTS5 BM25 over chunk text: any of the terms, best first, score = -bm25 (higher is better)."""
        if not terms:
            return []
        query = " OR ".join('"' + t.replace('"', '""') + '"' for t in terms)
        rows = self.db.execute(
            "SELECT rowid, bm25(chunks_fts) FROM chunks_fts WHERE chunks_fts MATCH ? ORDER BY bm25(chunks_fts) LIMIT ?",
            (query, k)).fetchall()
        return [(int(r), -float(s)) for r, s in rows]

    @sqlite_errors
    def bm25_search_in(self, terms: list[str], doc_ids: list[int], k: int) -> list[tuple[int, float]]:
        """bm25_search restricted to some documents. A document's chunk ids are consecutive (one
        transaction writes them), so FTS5 gets them as rowid ranges, which it filters on fast
        (a join on chunks.doc_id takes about 10x longer, an IN subquery 100x)."""
        if not terms or not doc_ids:
            return []
        marks = ",".join("?" * len(doc_ids))
        spans = self.db.execute(f"SELECT MIN(id), MAX(id), COUNT(*) FROM chunks WHERE doc_id IN ({marks}) "
                                "GROUP BY doc_id", [int(d) for d in doc_ids]).fetchall()
        query = " OR ".join('"' + t.replace('"', '""') + '"' for t in terms)
        if spans and all(hi - lo + 1 == n for lo, hi, n in spans):
            where = " OR ".join("rowid BETWEEN ? AND ?" for _ in spans)
            params = [x for lo, hi, _ in spans for x in (lo, hi)]
            sql = f"SELECT rowid, bm25(chunks_fts) FROM chunks_fts WHERE chunks_fts MATCH ? AND ({where})"
        else:  # not expected, but stay correct
            params = [int(d) for d in doc_ids]
            sql = ("SELECT f.rowid, bm25(chunks_fts) FROM chunks_fts f JOIN chunks c ON c.id = f.rowid "
                   f"WHERE chunks_fts MATCH ? AND c.doc_id IN ({marks})")
        rows = self.db.execute(sql + " ORDER BY bm25(chunks_fts) LIMIT ?", (query, *params, k)).fetchall()
        return [(int(r), -float(s)) for r, s in rows]

    @sqlite_errors
    def document_cards(self, card: Callable[[str, str], T]) -> dict[int, T]:
        """Per document, `card(context line, first chunk)` (file name, title, header; cover page).
        Cached until the documents change."""
        version = self._documents_version()
        if self._cards and self._cards[:2] == (version, card):
            return self._cards[2]
        # a document's chunks are inserted in order, so its first chunk has its lowest id
        rows = self.db.execute(
            "SELECT d.id, d.context, c.text FROM chunks c JOIN documents d ON d.id = c.doc_id "
            "WHERE c.id IN (SELECT MIN(id) FROM chunks GROUP BY doc_id)").fetchall()
        cards = {int(doc_id): card(context, text) for doc_id, context, text in rows}
        self._cards = (version, card, cards)
        return cards

    @sqlite_errors
    def document_frequency(self, term: str) -> int:
        """How many documents have a chunk (or context line) holding `term`, as FTS5 matches it
        (stemmed). Cached per term until the documents change."""
        version = self._documents_version()
        if self._doc_freq[0] != version:
            self._doc_freq = (version, {})
        cache = self._doc_freq[1]
        if term not in cache:
            cache[term] = self.db.execute(
                "SELECT COUNT(DISTINCT doc_id) FROM chunks WHERE id IN "
                "(SELECT rowid FROM chunks_fts WHERE chunks_fts MATCH ?)",
                ('"' + term.replace('"', '""') + '"',)).fetchone()[0]
        return cache[term]

    def chunks_with(self, phrase: str) -> tuple[tuple[int, str], ...]:
        """(document id, text) of the chunks holding the phrase, as FTS5 matches it ("nine months ended").
        Cached per phrase until the documents change."""
        return self.chunks_matching('"' + phrase.replace('"', '""') + '"')

    @sqlite_errors
    def chunks_matching(self, query: str) -> tuple[tuple[int, str], ...]:
        """(document id, text) of the chunks an FTS5 query matches ('"nine months ended"'; 'c* + s* + p*': three
        words in a row beginning with c, s and p). Cached per query until the documents change."""
        version = self._documents_version()
        if self._with[0] != version:
            self._with = (version, {})
        cache = self._with[1]
        if query not in cache:
            cache[query] = tuple((int(d), text) for d, text in self.db.execute(
                "SELECT doc_id, text FROM chunks WHERE id IN "
                "(SELECT rowid FROM chunks_fts WHERE chunks_fts MATCH ?)", (query,)))
        return cache[query]

    def _documents_version(self) -> tuple:
        return tuple(self.db.execute("SELECT COUNT(*), MAX(id) FROM documents").fetchone())

    def _chunks_version(self) -> list:
        """Changes whenever a chunk is added or removed (chunk ids are never reused)."""
        return list(self.db.execute("SELECT COUNT(*), MAX(id) FROM chunks").fetchone())

    @sqlite_errors
    def boilerplate_ids(self) -> frozenset[int]:
        """The chunks many documents print almost word for word (rag.boilerplate): as the last write recorded
        them, else (an index written before, or by a process killed before it recorded them) worked out here
        once per change of the chunks."""
        version = self._chunks_version()
        if self._boilerplate[0] != version:
            stored = json.loads(self.meta().get("boilerplate", "{}"))
            ids = stored.get("ids") if stored.get("version") == version else None
            self._boilerplate = (version, frozenset(self._find_boilerplate() if ids is None else ids))
        return self._boilerplate[1]

    def _find_boilerplate(self) -> set[int]:
        from rag.boilerplate import DOCUMENTS, boilerplate

        if self.db.execute("SELECT COUNT(DISTINCT doc_id) FROM chunks").fetchone()[0] <= DOCUMENTS:
            return set()
        return boilerplate(self.db.execute("SELECT id, doc_id, text FROM chunks"))

    @sqlite_errors
    def save_boilerplate(self) -> None:
        """Record the boilerplate chunks for the chunks as they are now (inside `writing`, after the writes)."""
        self._require_lock()
        version = self._chunks_version()
        stored = json.loads(self.meta().get("boilerplate", "{}"))
        if stored.get("version") == version:
            return
        ids = sorted(self._find_boilerplate())
        with self._transaction():
            self._set_meta({"boilerplate": json.dumps({"version": version, "ids": ids})})
        self._boilerplate = (version, frozenset(ids))

    @sqlite_errors
    def dense_search_in(self, query: np.ndarray, doc_ids: list[int], k: int) -> list[tuple[int, float]]:
        """Dense search restricted to some documents (exact: their stored vectors, read from SQLite)."""
        if not doc_ids:
            return []
        rows = self.db.execute(
            f"SELECT id, embedding FROM chunks WHERE doc_id IN ({','.join('?' * len(doc_ids))})",
            [int(d) for d in doc_ids]).fetchall()
        if not rows:
            return []
        ids = np.array([r[0] for r in rows])
        vectors = np.frombuffer(b"".join(r[1] for r in rows), dtype=np.float32).reshape(len(rows), -1)
        scores = vectors @ np.asarray(query, dtype=np.float32).reshape(-1)
        top = np.argsort(-scores)[:k]
        return [(int(ids[i]), float(scores[i])) for i in top]

    def similarities(self, query: np.ndarray, ids: list[int]) -> dict[int, float]:
        """Inner product of the query with stored chunk vectors (cosine for normalised ones)."""
        index = self.vectors()
        out = {}
        for cid in ids:
            try:
                out[cid] = float(np.dot(index.reconstruct(int(cid)), query))
            except RuntimeError:  # not in FAISS: can't happen after reconciliation, but be safe
                out[cid] = 0.0
        return out


def _record(row) -> DocumentRecord:
    (id_, path, name, sha, size, mtime, pages, chunks, empty, ocr, warnings, settings, at, context, reader) = row
    return DocumentRecord(path=from_db(path), name=from_db(name), sha256=sha, size=size, mtime=mtime, pages=pages,
                          chunks=chunks,
                          empty_pages=json.loads(empty), ocr_pages=json.loads(ocr), warnings=json.loads(warnings),
                          settings=settings, ingested_at=at, id=id_, context=context, reader=reader)


def _holder(folder: Path) -> str:
    try:
        pid = (folder / LOCK_NAME).read_text().strip()
    except OSError:
        pid = ""
    return f"pid {pid}" if pid else "unknown pid"
