"""Ingest: find files, skip the unchanged ones, load/clean/split, embed, and write each document.

Loading and splitting of the next files run ahead of the embedder: in reader processes when there
are several files (pypdf is pure Python; in a thread it would hold the GIL against the embedder's
own Python work and the SQLite writes), else in a background thread. Each document is written in
its own transaction, so an interrupted ingest keeps every document it finished. Chunks whose exact
text is already in the index reuse the stored vector.

A document whose pages failed to extract records the reader that failed (pypdf's version, our
tokenizer's); an ingest with another reader re-reads it even if the file is unchanged. `force`
re-reads the given files regardless.
"""
from __future__ import annotations

import contextlib
import hashlib
import os
import queue
import stat
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterator

import numpy as np

from ingest.clean import clean_pages, document_context
from ingest.documents import Chunk, LoadedDocument, Page
from ingest.errors import FileTimeout, LoadError
from ingest.load import SUPPORTED_SUFFIXES, load, reader_signature
from ingest.split import split_pages
from rag.config import Config
from rag.embed import Embedder
from rag.index import DocumentRecord, Index

MIN_CHUNK_TOKENS = 16
CLEANER_VERSION = "clean3"  # bump when cleaning or the chunk context changes: documents re-ingest


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


@dataclass
class _Prepared:
    """A file loaded and split by the reader (process or thread), ready to embed."""

    path: Path
    sha256: str
    size: int
    mtime: float
    doc: LoadedDocument | None = None
    chunks: list[Chunk] = field(default_factory=list)
    error: str = ""
    context: str = ""  # names the document; prepended to each chunk for embedding and BM25


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


def os_reason(exc: OSError, what: str = "file") -> str:
    """One line for a file (or folder) the system won't let us read."""
    if isinstance(exc, PermissionError):
        return f"permission denied; check that you can read this {what} (ls -l; chmod u+r{'x' if what == 'folder' else ''})"
    if isinstance(exc, FileNotFoundError):
        return f"the {what} is gone (moved or deleted during the ingest)"
    return f"cannot read this {what} ({exc.strerror or type(exc).__name__})"


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
            for path in files:
                try:
                    unchanged = None if force else _unchanged(index, path, signature, reader)
                except OSError as exc:  # unreadable (or gone) since discovery
                    results.append(FileResult(str(path), "failed", reason=os_reason(exc)))
                    continue
                if unchanged:
                    results.append(unchanged)
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
            context = document_context(Path(source).stem, "", pages) if cfg.split.context else ""
            doc = LoadedDocument(path=source, pages=clean_pages(pages))
            doc.empty_pages = [p.number for p in doc.pages if not p.text.strip()]
            item = _Prepared(Path(source), sha, len(text), 0.0, doc=doc, context=context)
            item.chunks = _split(doc, context, _splitting(cfg, embedder))
            if not item.chunks:
                return FileResult(source, "failed", reason="no text to index")
            return _store(item, embedder, index, signature, key=source)
    finally:
        index.close()


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
    if record.size == st.st_size and _sha256(path) == record.sha256:
        index.touch_document(str(path), st.st_mtime)
        return FileResult(str(path), "unchanged", pages=record.pages, chunks=record.chunks)
    return None


@dataclass
class _Splitting:
    """What loading and splitting need from the embedder, in a form a reader process can take."""

    count_tokens: Callable[[str], int]
    max_tokens: int  # chunk tokens, context line included
    overlap: int
    context: bool
    table_headings: bool
    password: str | None
    ocr: bool
    max_file_mb: int
    fast_pdf: bool
    max_file_seconds: float = 0.0  # 0: no limit
    max_file_memory_mb: int = 0  # 0: no limit; enforced in reader processes only


def _splitting(cfg: Config, embedder: Embedder, counter=None) -> _Splitting:
    return _Splitting(counter or embedder.count_tokens, chunk_tokens(cfg, embedder), cfg.split.overlap_tokens,
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


def _prepared(todo: list[Path], cfg: Config, embedder: Embedder) -> Iterator[_Prepared]:
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
        yield from _prepared_in_process(todo, _splitting(cfg, embedder, counter), cfg.load.reader_count(len(todo)))
    else:
        yield from _prepared_in_thread(todo, _splitting(cfg, embedder))


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


def _prepared_in_thread(todo: list[Path], how: _Splitting) -> Iterator[_Prepared]:
    ready: queue.Queue = queue.Queue(maxsize=2)
    stop = threading.Event()

    def work() -> None:
        for path in todo:
            if stop.is_set():
                return
            ready.put(_prepare(path, how))

    threading.Thread(target=work, daemon=True).start()
    try:
        for _ in todo:
            yield ready.get()
    finally:
        stop.set()


def _prepared_in_process(todo: list[Path], how: _Splitting, readers: int = 1) -> Iterator[_Prepared]:
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor
    from concurrent.futures.process import BrokenProcessPool

    ahead = readers + 1  # files read ahead: bounds the memory held by parsed-but-not-embedded documents
    with _sigint_blocked():  # processes started here (readers, resource tracker) ignore Ctrl-C from birth
        pool = ProcessPoolExecutor(readers, mp_context=multiprocessing.get_context("spawn"),
                                   initializer=_start_reader, initargs=(os.getpid(),))
    finished = False
    try:
        with _sigint_blocked():  # the readers are spawned by the first submits
            pending = [pool.submit(_prepare_in_reader, path, how) for path in todo[:ahead]]
        for i, path in enumerate(todo):
            if i + ahead < len(todo):
                pending.append(pool.submit(_prepare_in_reader, todo[i + ahead], how))
            try:
                yield pending[i].result()
            except BrokenProcessPool:  # a reader died (a crash in a parser, or killed for memory)
                pool.shutdown(wait=False, cancel_futures=True)
                if readers > 1:  # it may have died on another file read at the same time: go on one at a time
                    yield from _prepared_in_process(todo[i:], how, 1)
                else:
                    yield _Prepared(path, "", 0, 0.0, error="the PDF reader process crashed on this file")
                    yield from _prepared_in_process(todo[i + 1:], how, 1)
                return
        finished = True
    finally:  # after the last file the reader exits at once; on an interrupt, don't wait for it
        pool.shutdown(wait=finished, cancel_futures=True)


@contextlib.contextmanager
def _sigint_blocked():
    """Block SIGINT in this thread while it spawns processes: they inherit the mask, so a Ctrl-C (sent
    to the whole process group) can't interrupt their start-up (multiprocessing's resource tracker does
    the same); this process gets it once unblocked and shuts the readers down."""
    import signal

    if not hasattr(signal, "pthread_sigmask"):  # Windows
        yield
        return
    old = signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT})
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, old)


def _start_reader(parent: int) -> None:
    """In the reader: exit as soon as the ingest that started it is gone (even if it was SIGKILLed).
    Import the parsers now (pypdf, the splitter's langchain: ~0.5 s), not in the first file's budget.

    Ctrl-C reaches the whole process group; the parent handles it and shuts the readers down.
    """
    import signal

    signal.signal(signal.SIGINT, signal.SIG_IGN)

    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(0.5)
        os._exit(0)

    threading.Thread(target=watch, daemon=True).start()
    import langchain_text_splitters  # noqa: F401
    import pypdf  # noqa: F401

    import ingest.pdf_tokens  # noqa: F401


def _prepare_in_reader(path: Path, how: _Splitting) -> _Prepared:
    """_prepare in a reader process, within the file's budget: a timer signal interrupts the parsing
    (pure Python: the handler runs between bytecodes) and an address-space limit turns a memory
    blow-up into MemoryError. Both are lifted before the next file. Runs in the worker's main thread."""
    import resource
    import signal

    def expired(signum, frame):
        raise FileTimeout(str(path))

    handler = signal.signal(signal.SIGALRM, expired)
    limit = resource.getrlimit(resource.RLIMIT_AS)
    limited = _limit_memory(how.max_file_memory_mb, limit)
    signal.setitimer(signal.ITIMER_REAL, how.max_file_seconds)  # 0: no timer
    try:
        return _prepare(path, how, memory_limited=limited)
    except FileTimeout:  # fired just as _prepare finished
        return _Prepared(path, "", 0, 0.0, error=_too_slow(how))
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        resource.setrlimit(resource.RLIMIT_AS, limit)
        signal.signal(signal.SIGALRM, handler)


def _limit_memory(budget_mb: int, limit: tuple[int, int]) -> bool:
    """Let this process grow by at most budget_mb of address space; False when no limit was set."""
    import resource

    if not budget_mb:
        return False
    try:
        with open("/proc/self/statm") as fh:
            in_use = int(fh.read().split()[0]) * os.sysconf("SC_PAGE_SIZE")
    except (OSError, ValueError):  # not Linux: no memory budget
        return False
    soft, hard = in_use + budget_mb * 1024 * 1024, limit[1]
    resource.setrlimit(resource.RLIMIT_AS, (soft if hard == resource.RLIM_INFINITY else min(soft, hard), hard))
    return True


def _too_slow(how: _Splitting) -> str:
    return (f"took longer than load.max_file_seconds ({how.max_file_seconds:g} s); "
            "raise it with --set load.max_file_seconds=N")


def _prepare(path: Path, how: _Splitting, memory_limited: bool = False) -> _Prepared:
    try:
        st = path.stat()
        item = _Prepared(path, "", st.st_size, st.st_mtime)
        if st.st_size > how.max_file_mb * 1024 * 1024:
            item.error = f"file is larger than load.max_file_mb ({how.max_file_mb} MB); raise it with --set load.max_file_mb=N"
            return item
        deadline = time.monotonic() + how.max_file_seconds if how.max_file_seconds else None
        item.sha256 = _sha256(path)
        if how.fast_pdf:
            from ingest import pdf_tokens

            pdf_tokens.install()
        doc = load(path, password=how.password, ocr=how.ocr, deadline=deadline)
        item.context = document_context(text_name(path.stem), doc.title, doc.pages) if how.context else ""
        doc.pages = clean_pages(doc.pages)
        item.doc = doc
        item.chunks = _split(doc, item.context, how)
        if not item.chunks:
            item.error = _no_text_reason(doc)
    except LoadError as exc:
        item = _Prepared(path, "", 0, 0.0, error=exc.reason)
    except FileTimeout:
        item = _Prepared(path, "", 0, 0.0, error=_too_slow(how))
    except MemoryError:
        reason = (f"needed more memory than load.max_file_memory_mb ({how.max_file_memory_mb} MB); raise it with "
                  "--set load.max_file_memory_mb=N") if memory_limited else "ran out of memory reading this file"
        item = _Prepared(path, "", 0, 0.0, error=reason)
    except OSError as exc:  # unreadable, or gone since discovery
        item = _Prepared(path, "", 0, 0.0, error=os_reason(exc))
    except Exception as exc:  # a library bug on a strange file must not stop the other files
        if os.environ.get("RAG_DEBUG"):
            raise
        item = _Prepared(path, "", 0, 0.0, error=f"could not read file ({type(exc).__name__}: {' '.join(str(exc).split())[:160]})")
    return item


def text_name(name: str) -> str:
    """A file name as text for the embedder and BM25: bytes that aren't UTF-8 become U+FFFD."""
    return name.encode("utf-8", "surrogateescape").decode("utf-8", "replace")


def _no_text_reason(doc: LoadedDocument) -> str:
    """Why a document gave no chunks: pages that failed to extract are not scans, so no OCR advice for them."""
    if doc.failed_pages:
        return "no text to index: " + "; ".join(w for w in doc.warnings if "text extraction failed" in w)
    from ingest.install import install_hint

    return ("no text found (scanned pages without OCR?); install the OCR extra to read it: "
            f"{install_hint('ocr')} and apt-get install tesseract-ocr")


def _split(doc: LoadedDocument, context: str, how: _Splitting) -> list[Chunk]:
    """Chunks sized so that context line + chunk still fit the embedder's window."""
    budget = max(MIN_CHUNK_TOKENS, how.max_tokens - how.count_tokens(context) - 1)
    return split_pages(doc.pages, how.count_tokens, budget, min(how.overlap, budget // 2), how.table_headings)


def embed_text(context: str, chunk: Chunk) -> str:
    """What is embedded and BM25-indexed for a chunk: document line, table heading, text."""
    return "\n".join(part for part in (context, chunk.heading, chunk.text) if part)


def _store(item: _Prepared, embedder: Embedder, index: Index, signature: str, key: str | None = None,
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
    index.replace_document(record, item.chunks, vectors, hashes)
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


def _sha256(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()
