"""Reading: load, clean and split files ahead of the embedder, each within its budget.

Reader processes (spawned; pypdf is pure Python, and in a thread it would hold the GIL against the
embedder and the SQLite writes) or a background thread turn paths into Prepared items, in order. In
a process, a timer signal interrupts parsing past load.max_file_seconds and an address-space limit
turns a memory blow-up past load.max_file_memory_mb into MemoryError; a thread checks the time
between PDF pages only. A reader that crashes fails only its own file. Nothing here writes the index.
"""
from __future__ import annotations

import contextlib
import hashlib
import os
import queue
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterator

from ingest.clean import clean_document
from ingest.documents import Chunk, LoadedDocument
from ingest.errors import FileTimeout, LoadError
from ingest.load import load
from ingest.split import split_pages

MIN_CHUNK_TOKENS = 16


@dataclass
class Prepared:
    """A file loaded and split by the reader (process or thread), ready to embed."""

    path: Path
    sha256: str
    size: int
    mtime: float
    doc: LoadedDocument | None = None
    chunks: list[Chunk] = field(default_factory=list)
    error: str = ""
    context: str = ""  # names the document; prepended to each chunk for embedding and BM25


def os_reason(exc: OSError, what: str = "file") -> str:
    """One line for a file (or folder) the system won't let us read."""
    if isinstance(exc, PermissionError):
        return f"permission denied; check that you can read this {what} (ls -l; chmod u+r{'x' if what == 'folder' else ''})"
    if isinstance(exc, FileNotFoundError):
        return f"the {what} is gone (moved or deleted during the ingest)"
    return f"cannot read this {what} ({exc.strerror or type(exc).__name__})"


@dataclass
class Splitting:
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


def prepared_in_thread(todo: list[Path], how: Splitting) -> Iterator[Prepared]:
    ready: queue.Queue = queue.Queue(maxsize=2)
    stop = threading.Event()

    def work() -> None:
        for path in todo:
            if stop.is_set():
                return
            ready.put(prepare(path, how))

    threading.Thread(target=work, daemon=True).start()
    try:
        for _ in todo:
            yield ready.get()
    finally:
        stop.set()


def prepared_in_process(todo: list[Path], how: Splitting, readers: int = 1) -> Iterator[Prepared]:
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
                    yield from prepared_in_process(todo[i:], how, 1)
                else:
                    yield Prepared(path, "", 0, 0.0, error="the PDF reader process crashed on this file")
                    yield from prepared_in_process(todo[i + 1:], how, 1)
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


def _prepare_in_reader(path: Path, how: Splitting) -> Prepared:
    """prepare in a reader process, within the file's budget: a timer signal interrupts the parsing
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
        return prepare(path, how, memory_limited=limited)
    except FileTimeout:  # fired just as prepare finished
        return Prepared(path, "", 0, 0.0, error=_too_slow(how))
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


def _too_slow(how: Splitting) -> str:
    return (f"took longer than load.max_file_seconds ({how.max_file_seconds:g} s); "
            "raise it with --set load.max_file_seconds=N")


def prepare(path: Path, how: Splitting, memory_limited: bool = False) -> Prepared:
    try:
        st = path.stat()
        item = Prepared(path, "", st.st_size, st.st_mtime)
        if st.st_size > how.max_file_mb * 1024 * 1024:
            item.error = f"file is larger than load.max_file_mb ({how.max_file_mb} MB); raise it with --set load.max_file_mb=N"
            return item
        deadline = time.monotonic() + how.max_file_seconds if how.max_file_seconds else None
        item.sha256 = sha256_file(path)
        if how.fast_pdf:
            from ingest import pdf_tokens

            pdf_tokens.install()
        doc = load(path, password=how.password, ocr=how.ocr, deadline=deadline)
        doc.pages, item.context = clean_document(text_name(path.stem), doc.title, doc.pages, how.context)
        item.doc = doc
        item.chunks = split_document(doc, item.context, how)
        if not item.chunks:
            item.error = _no_text_reason(doc)
    except LoadError as exc:
        item = Prepared(path, "", 0, 0.0, error=exc.reason)
    except FileTimeout:
        item = Prepared(path, "", 0, 0.0, error=_too_slow(how))
    except MemoryError:
        reason = (f"needed more memory than load.max_file_memory_mb ({how.max_file_memory_mb} MB); raise it with "
                  "--set load.max_file_memory_mb=N") if memory_limited else "ran out of memory reading this file"
        item = Prepared(path, "", 0, 0.0, error=reason)
    except OSError as exc:  # unreadable, or gone since discovery
        item = Prepared(path, "", 0, 0.0, error=os_reason(exc))
    except Exception as exc:  # a library bug on a strange file must not stop the other files
        if os.environ.get("RAG_DEBUG"):
            raise
        item = Prepared(path, "", 0, 0.0, error=f"could not read file ({type(exc).__name__}: {' '.join(str(exc).split())[:160]})")
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


def split_document(doc: LoadedDocument, context: str, how: Splitting) -> list[Chunk]:
    """Chunks sized so that context line + chunk still fit the embedder's window."""
    budget = max(MIN_CHUNK_TOKENS, how.max_tokens - how.count_tokens(context) - 1)
    return split_pages(doc.pages, how.count_tokens, budget, min(how.overlap, budget // 2), how.table_headings)


def sha256_file(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()
