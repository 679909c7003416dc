"""Ingest: find files, skip the unchanged ones, load/clean/split, embed, and write each document.

Loading and splitting of the next files run ahead of the embedder, in reader processes or a
background thread (rag/read.py), each file within its time and memory budget. Each document is written in
its own transaction, so an interrupted ingest keeps every document it finished. Chunks whose exact
text is already in the index reuse the stored vector.

A document whose pages failed to extract records the reader that failed (pypdf's version, our
tokenizer's); an ingest with another reader re-reads it even if the file is unchanged. `force`
re-reads the given files regardless.
"""
from __future__ import annotations

import hashlib
import os
import stat
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterator

import numpy as np

from ingest.clean import clean_document
from ingest.documents import Chunk, LoadedDocument, Page
from ingest.load import SUPPORTED_SUFFIXES, reader_signature
from rag.config import Config
from rag.embed import Embedder
from rag.index import DocumentRecord, Index
from rag.read import (Prepared, Splitting, os_reason, prepared_in_process, prepared_in_thread, sha256_file,
                      split_document)

CLEANER_VERSION = "clean7"  # bump when cleaning or the chunk context changes: documents re-ingest


@dataclass
class FileResult:
    path: str
    status: str  # added | updated | unchanged | failed | removed | skipped (a folder or link that can't be read)
    pages: int = 0
    chunks: int = 0
    embedded: int = 0  # chunks that needed the embedder (the rest reused stored vectors)
    empty_pages: list[int] = field(default_factory=list)
    failed_pages: list[int] = field(default_factory=list)  # text extraction raised; the reasons are in warnings
    warnings: list[str] = field(default_factory=list)
    reason: str = ""


@dataclass
class IngestSummary:
    files: list[FileResult]
    seconds: float = 0.0

    def count(self, status: str) -> int:
        return sum(1 for f in self.files if f.status == status)

    @property
    def failed(self) -> list[FileResult]:
        return [f for f in self.files if f.status == "failed"]


@dataclass
class Progress:
    files_done: int
    files_total: int
    pages: int
    chunks: int
    current: str


def discover(paths: list[str], empty_ok: bool = False) -> tuple[list[Path], list[FileResult]]:
    """Expand folders (recursively, supported types, hidden entries left out); report what can't be used.

    Symlinked folders are followed, each real folder once (a link back up can't loop). A folder that
    can't be listed or entered, or a broken link, is reported as skipped and the walk goes on. A folder
    with no supported file is likely the wrong folder: it fails, unless empty_ok (--sync of an emptied one).
    """
    files, problems, seen = [], [], set()
    for raw in paths:
        p = Path(os.path.expanduser(raw))
        try:
            is_dir = stat.S_ISDIR(p.stat().st_mode)
        except FileNotFoundError:
            problems.append(FileResult(str(p), "failed", reason="no such file or folder"))
            continue
        except OSError as exc:
            problems.append(FileResult(str(p), "failed", reason=os_reason(exc)))
            continue
        others: list[Path] = []
        found = sorted(_walk(p, problems, others)) if is_dir else [p]
        if is_dir and not found and not empty_ok:
            problems.append(FileResult(str(p), "failed", reason=_no_supported_files(others)))
        for f in found:
            key = f.resolve()
            if key not in seen:
                seen.add(key)
                files.append(key)
    return files, problems


def _walk(root: Path, problems: list[FileResult], others: list[Path]) -> list[Path]:
    """Supported files under root; problems and unsupported files (`others`) are collected on the way."""
    found, visited, folders = [], set(), [root]
    while folders:
        folder = folders.pop()
        try:
            st = folder.stat()
            if (st.st_dev, st.st_ino) in visited:
                continue
            visited.add((st.st_dev, st.st_ino))
            with os.scandir(folder) as listing:
                entries = [e for e in listing if not e.name.startswith(".")]
        except OSError as exc:
            problems.append(FileResult(str(folder), "skipped", reason=f"{os_reason(exc, 'folder')}; its files were not ingested"))
            continue
        blocked = 0
        for entry in entries:
            try:
                if entry.is_dir():
                    folders.append(Path(entry.path))
                elif Path(entry.name).suffix.lower() in SUPPORTED_SUFFIXES:
                    entry.stat()  # fails in a folder that can be listed but not entered
                    found.append(Path(entry.path))
                else:
                    others.append(Path(entry.path))
            except PermissionError:
                blocked += 1
            except FileNotFoundError:  # a broken link (or a file deleted meanwhile)
                problems.append(FileResult(entry.path, "skipped", reason="broken link: what it points to is gone"))
        if blocked:
            problems.append(FileResult(str(folder), "skipped", reason=(
                f"permission denied on {blocked} of its entries (can the folder be entered? chmod u+rx); "
                "they were not ingested")))
    return found


def _no_supported_files(skipped: list[Path]) -> str:
    kinds = sorted({f.suffix.lower() or f.name for f in skipped})
    detail = f" (skipped {len(skipped)} file(s): {', '.join(kinds[:8])}{', ...' if len(kinds) > 8 else ''})" \
        if skipped else " (it is empty)"
    return f"no supported files in this folder{detail}; supported: {', '.join(sorted(SUPPORTED_SUFFIXES))}"


def settings_signature(cfg: Config, embedder: Embedder) -> str:
    return (f"{embedder.name}|tokens={chunk_tokens(cfg, embedder)}|overlap={cfg.split.overlap_tokens}"
            f"|context={cfg.split.context}|headings={cfg.split.table_headings}|{CLEANER_VERSION}")


def chunk_tokens(cfg: Config, embedder: Embedder) -> int:
    return min(cfg.split.chunk_tokens, embedder.max_tokens)


def ingest(
    paths: list[str],
    cfg: Config,
    embedder: Embedder,
    sync: bool = False,
    on_progress: Callable[[Progress], None] | None = None,
    on_wait: Callable[[str], None] | None = None,
    force: bool = False,
) -> IngestSummary:
    """Bring the index up to date with the given files and folders; force: re-read unchanged files too."""
    started = time.perf_counter()
    files, results = discover(paths, empty_ok=sync)  # with --sync, an emptied folder is not a mistake
    index = Index(cfg.index_path, create=True)
    try:
        index.check_embedder(embedder.name, embedder.normalize)
        with index.writing(cfg.index.lock_timeout_s, on_wait=on_wait):
            signature = settings_signature(cfg, embedder)
            reader = reader_signature(cfg.load.fast_pdf)
            todo = []
            held = {d.sha256: d.path for d in index.documents()}  # each content's path, in the index or this batch
            for path in files:
                try:
                    unchanged = None if force else _unchanged(index, path, signature, reader)
                    twin = None if unchanged else _indexed_elsewhere(index, path, held)
                except OSError as exc:  # unreadable (or gone) since discovery
                    results.append(FileResult(str(path), "failed", reason=os_reason(exc)))
                    continue
                if unchanged:
                    results.append(unchanged)
                elif twin:
                    results.append(FileResult(str(path), "skipped", reason=(
                        f"the same file as {twin}; not added twice (its passages would crowd out others)")))
                else:
                    todo.append(path)
            results += _process(todo, cfg, embedder, index, signature, reader, on_progress)
            if sync:
                results += _sync(index, paths)
    finally:
        index.close()
    return IngestSummary(files=results, seconds=time.perf_counter() - started)


def ingest_pages(source: str, pages: list[Page], cfg: Config, embedder: Embedder) -> FileResult:
    """Index text that is not a file on disk (e.g. LangChain Documents), under the name `source`.

    The content hash stands in for the file hash, so re-adding the same pages changes nothing.
    """
    text = "\f".join(p.text for p in pages)
    sha = hashlib.sha256(text.encode()).hexdigest()
    index = Index(cfg.index_path, create=True)
    try:
        index.check_embedder(embedder.name, embedder.normalize)
        with index.writing(cfg.index.lock_timeout_s):
            signature = settings_signature(cfg, embedder)
            record = index.document(source)
            if record and record.sha256 == sha and record.settings == signature:
                return FileResult(source, "unchanged", pages=record.pages, chunks=record.chunks)
            cleaned, context = clean_document(Path(source).stem, "", pages, cfg.split.context)
            doc = LoadedDocument(path=source, pages=cleaned)
            doc.empty_pages = [p.number for p in doc.pages if not p.text.strip()]
            item = Prepared(Path(source), sha, len(text), 0.0, doc=doc, context=context)
            item.chunks = split_document(doc, context, _splitting(cfg, embedder))
            if not item.chunks:
                return FileResult(source, "failed", reason="no text to index")
            return _store(item, embedder, index, signature, key=source)
    finally:
        index.close()


def _indexed_elsewhere(index: Index, path: Path, held: dict[str, str]) -> str | None:
    """The other path under which a new file's very bytes are indexed already, or come earlier in this ingest (a copy
    of one PDF in two folders), when that file still holds them; None for a path the index knows (an update) or new
    content. held: content hash -> path, filled as files are seen."""
    if index.document(str(path)) is not None:
        return None
    sha = sha256_file(path)
    twin = held.get(sha)
    if twin and twin != str(path) and _still_holds(index, Path(twin), sha):
        return twin
    held[sha] = str(path)
    return None


def _still_holds(index: Index, path: Path, sha: str) -> bool:
    """Whether the file at path (indexed, or earlier in this ingest) still has the content whose hash is sha."""
    try:
        st = path.stat()
    except OSError:
        return False
    record = index.document(str(path))
    if record is not None and record.size == st.st_size and record.mtime == st.st_mtime:
        return True
    return sha256_file(path) == sha


def _unchanged(index: Index, path: Path, signature: str, reader: str) -> FileResult | None:
    """Unchanged when size+mtime match (no read at all) or, failing that, the content hash does.

    A document that had pages fail is changed when read by another reader: it may read them now.
    """
    record = index.document(str(path))
    if record is None or record.settings != signature or record.reader not in ("", reader):
        return None
    st = path.stat()
    if record.size == st.st_size and record.mtime == st.st_mtime:
        return FileResult(str(path), "unchanged", pages=record.pages, chunks=record.chunks)
    if record.size == st.st_size and sha256_file(path) == record.sha256:
        index.touch_document(str(path), st.st_mtime)
        return FileResult(str(path), "unchanged", pages=record.pages, chunks=record.chunks)
    return None


def _splitting(cfg: Config, embedder: Embedder, counter=None) -> Splitting:
    return Splitting(counter or embedder.count_tokens, chunk_tokens(cfg, embedder), cfg.split.overlap_tokens,
                      cfg.split.context, cfg.split.table_headings, cfg.load.password, cfg.load.ocr != "off", cfg.load.max_file_mb,
                      cfg.load.fast_pdf, cfg.load.max_file_seconds, cfg.load.max_file_memory_mb)


def _process(todo: list[Path], cfg: Config, embedder: Embedder, index: Index, signature: str, reader: str,
             on_progress) -> list[FileResult]:
    results: list[FileResult] = []
    pages = chunks = 0
    for n, item in enumerate(_prepared(todo, cfg, embedder)):
        if on_progress:
            on_progress(Progress(n, len(todo), pages, chunks, item.path.name))
        result = _store(item, embedder, index, signature, reader=reader)
        results.append(result)
        pages += result.pages
        chunks += result.chunks
        if on_progress:
            on_progress(Progress(n + 1, len(todo), pages, chunks, item.path.name))
    return results


def _prepared(todo: list[Path], cfg: Config, embedder: Embedder) -> Iterator[Prepared]:
    """Loaded and split files, in order, read ahead of the embedder.

    Reader processes parse them (load.readers; pypdf is pure Python: in a thread it would hold the
    GIL against the embedder's own Python work and the SQLite writes), even a single file, since only
    a process can hold a file to its memory budget and interrupt any parsing at its time budget.
    From Python (see _main_is_rag_cli), or when the embedder's tokenizer can't be handed to another
    process, a background thread does, and the time budget is checked between PDF pages only.
    """
    counter = getattr(embedder, "token_counter", lambda: None)()
    use_process = cfg.load.reader == "process" or (cfg.load.reader == "auto" and _main_is_rag_cli())
    if use_process and todo and counter is not None:
        yield from prepared_in_process(todo, _splitting(cfg, embedder, counter), cfg.load.reader_count(len(todo)))
    else:
        yield from prepared_in_thread(todo, _splitting(cfg, embedder))


def _main_is_rag_cli() -> bool:
    """True when running as `rag` / `python -m rag`.

    A spawned process re-imports the parent's main script; a user's script that calls ingest at top
    level without an `if __name__ == "__main__":` guard would run again in the reader. So from
    Python, the reader process is opt-in (load.reader: process).
    """
    import sys

    main = sys.modules.get("__main__")
    spec = getattr(main, "__spec__", None)
    return (spec is not None and spec.name == "rag.__main__") or \
        Path(getattr(main, "__file__", "") or "").name == "rag"


def embed_text(context: str, chunk: Chunk) -> str:
    """What is embedded and BM25-indexed for a chunk: document line, table heading, text."""
    return "\n".join(part for part in (context, chunk.heading, chunk.text) if part)


def _store(item: Prepared, embedder: Embedder, index: Index, signature: str, key: str | None = None,
           reader: str = "") -> FileResult:
    key = key or str(item.path)
    if item.error:
        return FileResult(key, "failed", reason=item.error)
    doc = item.doc
    texts = [embed_text(item.context, c) for c in item.chunks]
    hashes = [hashlib.sha1(t.encode()).hexdigest() for t in texts]
    vectors, embedded = _embed(texts, hashes, embedder, index)
    existed = index.document(key) is not None
    record = DocumentRecord(
        path=key, name=item.path.name, sha256=item.sha256, size=item.size, mtime=item.mtime,
        pages=len(doc.pages), chunks=len(item.chunks), empty_pages=doc.empty_pages, ocr_pages=doc.ocr_pages,
        warnings=doc.warnings, settings=signature, context=item.context,
        reader=reader if doc.failed_pages else "")
    index.replace_document(record, item.chunks, vectors, hashes, texts)
    return FileResult(key, "updated" if existed else "added", pages=len(doc.pages),
                      chunks=len(item.chunks), embedded=embedded, empty_pages=doc.empty_pages,
                      failed_pages=doc.failed_pages, warnings=doc.warnings)


def _embed(texts: list[str], hashes: list[str], embedder: Embedder, index: Index) -> tuple[np.ndarray, int]:
    """Vectors for the texts, encoding each distinct new text once and reusing stored ones."""
    known = {h: np.frombuffer(v, dtype=np.float32) for h, v in index.cached_vectors(hashes).items()}
    todo = {}
    for text, h in zip(texts, hashes):
        if h not in known and h not in todo:
            todo[h] = text
    if todo:
        fresh = embedder.encode(list(todo.values()))
        index.record_embedder(embedder.name, fresh.shape[1], embedder.normalize)
        known.update(zip(todo.keys(), fresh))
    return np.stack([known[h] for h in hashes]), len(todo)


def _sync(index: Index, paths: list[str]) -> list[FileResult]:
    """Remove documents under the given folders (or equal to given files) whose files are gone."""
    roots = [Path(os.path.expanduser(p)).resolve() for p in paths]
    removed = []
    for record in index.documents():
        doc = Path(record.path)
        inside = any(doc == r or r in doc.parents for r in roots)
        if inside and not doc.exists():
            index.remove_document(record.path)
            removed.append(FileResult(record.path, "removed", pages=record.pages, chunks=record.chunks))
    return removed


