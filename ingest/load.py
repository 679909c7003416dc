"""Loading: turn a file into pages of text.

PDFs are read with pypdf page by page, keeping the 1-based page number and the PDF's page label.
Plain text and Markdown become one page each (form feeds split pages). DOCX/HTML/EML, and OCR
of PDF pages with no text layer, go through the optional `unstructured` extra.

Every failure that concerns the file (not a PDF, truncated, wrong password, unreadable page tree)
raises LoadError with a one-line reason; a single page whose extraction crashes is skipped with a
warning naming the reason, so the rest of the document still loads. Such a page is a failed page,
never an empty one: it is not a scan, and OCR is not the fix. The index records which reader met
failed pages (`reader_signature`), so a newer pypdf or tokenizer re-reads them.
"""
from __future__ import annotations

import logging
import os
import time
from pathlib import Path

from ingest.documents import LoadedDocument, Page
from ingest.errors import FileTimeout, LoadError

PDF_SUFFIXES = {".pdf"}
TEXT_SUFFIXES = {".txt", ".md", ".markdown", ".rst"}
OFFICE_SUFFIXES = {".docx", ".html", ".htm", ".eml", ".pptx", ".odt"}
SUPPORTED_SUFFIXES = PDF_SUFFIXES | TEXT_SUFFIXES | OFFICE_SUFFIXES

# pypdf refuses arrays/dictionaries over 100k elements (a guard against hostile files); some real
# filings (e.g. Microsoft 10-Qs) exceed it. We retry once with this higher, still bounded, limit.
RAISED_PARSE_LIMIT = 5_000_000

# pypdf logs a warning for every odd font or xref entry; those are not the user's problem, and the
# ones that are (a page that fails, a file that can't be read) reach the user through our own lines.
logging.getLogger("pypdf").setLevel(logging.ERROR)


def load(path: str | os.PathLike, password: str | None = None, ocr: bool = False,
         deadline: float | None = None) -> LoadedDocument:
    """Load one file into pages. Raises LoadError with a user-facing reason, and FileTimeout when
    a PDF page is reached after `deadline` (a time.monotonic() value)."""
    p = Path(path)
    suffix = p.suffix.lower()
    if not p.is_file():
        raise LoadError(str(p), "no such file")
    if suffix in PDF_SUFFIXES:
        doc = load_pdf(p, password, deadline)
        if ocr and doc.empty_pages:
            _ocr_empty_pages(doc, password)
        return doc
    if suffix in TEXT_SUFFIXES:
        return load_text(p)
    if suffix in OFFICE_SUFFIXES:
        from ingest import unstructured_loader

        problem = unstructured_loader.available("office")
        if problem:
            raise LoadError(str(p), problem)
        try:
            return unstructured_loader.load_office(str(p))
        except Exception as exc:  # unstructured raises many types; the user needs one line
            raise LoadError(str(p), f"could not read {suffix} file: {_one_line(exc)}") from exc
    raise LoadError(str(p), f"unsupported file type '{suffix or p.name}' (supported: {', '.join(sorted(SUPPORTED_SUFFIXES))})")


def load_text(p: Path) -> LoadedDocument:
    raw = p.read_bytes()
    if b"\x00" in raw[:4096]:
        raise LoadError(str(p), "looks like a binary file, not text")
    text = raw.decode("utf-8", errors="replace")
    parts = text.split("\f") if "\f" in text else [text]
    pages = [Page(number=i, text=t) for i, t in enumerate(parts, start=1)]
    return _finish(str(p), pages, [])


def reader_signature(fast_pdf: bool) -> str:
    """What reads PDFs: pypdf's version and which content-stream tokenizer (load.fast_pdf)."""
    from importlib.metadata import version  # not `import pypdf`: that costs 0.15 s when nothing needs reading

    from ingest import pdf_tokens

    return f"pypdf {version('pypdf')}|{pdf_tokens.VERSION if fast_pdf else 'pypdf tokenizer'}"


def load_pdf(p: Path, password: str | None = None, deadline: float | None = None) -> LoadedDocument:
    """Read a PDF page by page with pypdf; retry once with raised parse limits if pypdf hits them."""
    LimitReachedError = _limit_error()
    try:
        return _read_pdf(p, password, deadline)
    except LimitReachedError:
        from pypdf import apply_configuration  # pypdf versions that have the limits have this too

        with apply_configuration(
            array_maximum_element_count=RAISED_PARSE_LIMIT,
            dictionary_maximum_element_count=RAISED_PARSE_LIMIT,
        ):
            try:
                return _read_pdf(p, password, deadline)
            except LimitReachedError as exc:
                raise LoadError(str(p), f"PDF structure too large to parse safely ({_one_line(exc)})") from exc


def _read_pdf(p: Path, password: str | None, deadline: float | None = None) -> LoadedDocument:
    from pypdf import PdfReader
    from pypdf.errors import DependencyError, PdfReadError, PyPdfError

    LimitReachedError = _limit_error()

    with open(p, "rb") as fh:
        head = fh.read(1024)
    if not head:
        raise LoadError(str(p), "empty file (0 bytes)")
    if b"%PDF" not in head:
        raise LoadError(str(p), "not a PDF (no %PDF header); is the extension wrong?")
    try:
        reader = PdfReader(str(p), strict=False)
        _unlock(reader, p, password)
        n_pages = len(reader.pages)
        labels = _page_labels(reader, n_pages)
    except (LoadError, LimitReachedError):
        raise
    except DependencyError as exc:
        raise LoadError(str(p), f"{_one_line(exc)} (run: pip install cryptography)") from exc
    except (PdfReadError, PyPdfError, ValueError, KeyError, TypeError, AttributeError,
            IndexError, RecursionError, OSError, AssertionError, ZeroDivisionError) as exc:
        raise LoadError(str(p), f"unreadable PDF ({_one_line(exc)}); the file may be truncated or damaged") from exc
    if n_pages == 0:
        raise LoadError(str(p), "PDF has no pages")

    pages, failures = [], {}
    for i in range(n_pages):
        if deadline is not None and time.monotonic() > deadline:
            raise FileTimeout(str(p))
        try:
            text = reader.pages[i].extract_text() or ""
            if word_per_line(text) and (joined := baseline_text(reader.pages[i])) and \
                    len(joined.splitlines()) <= 0.6 * len(text.splitlines()):
                text = joined  # (a chart's labels are single words too: joined, they are no fewer lines)
        except LimitReachedError:
            raise
        except Exception as exc:  # one bad page must not sink the document
            failures[i + 1] = f"{type(exc).__name__}: {_one_line(exc)}" if str(exc).strip() else type(exc).__name__
            text = ""
        pages.append(Page(number=i + 1, text=text, label=labels[i]))
    doc = _finish(str(p), pages, _failure_warnings(failures), failed=sorted(failures))
    doc.title = _title(reader)
    return doc


def word_per_line(text: str) -> bool:
    """Most lines of a page's text hold one word (at least 10 lines, over 60% of them): a PDF that draws each word on
    its own (some browsers' and converters' output), which pypdf's reading puts on a line of its own."""
    lines = [line for line in text.splitlines() if line.strip()]
    return len(lines) >= 10 and sum(len(line.split()) == 1 for line in lines) > 0.6 * len(lines)


def baseline_text(page) -> str | None:
    """The page's text with the pieces drawn on one baseline joined by a space, a line per baseline (in drawing
    order); None when most pieces are single characters (a PDF drawing each letter on its own, or twice for a
    'fake bold', which words joined by spaces would not mend)."""
    pieces: list[tuple[float, float, str]] = []

    def visit(text, cm, tm, font, size):
        if text.strip():
            # the piece's baseline in user space, and its height there: the text matrix, then the page's matrix
            pieces.append((cm[1] * tm[4] + cm[3] * tm[5] + cm[5], abs(cm[3] * tm[3] * (size or 10)) or 10.0,
                           " ".join(text.split())))

    page.extract_text(visitor_text=visit)
    if not pieces or sum(len(t) > 1 for _, _, t in pieces) < 0.5 * len(pieces):
        return None
    lines: list[list[str]] = []
    last = None
    for y, height, text in pieces:
        if last is not None and abs(y - last) <= 0.3 * height:
            lines[-1].append(text)
        else:
            lines.append([text])
        last = y
    return "\n".join(" ".join(words) for words in lines)


def _limit_error() -> type[Exception]:
    """pypdf's LimitReachedError; on a pypdf without parse limits (5.x), an error nothing raises."""
    from pypdf import errors

    return getattr(errors, "LimitReachedError", _NeverRaised)


class _NeverRaised(Exception):
    pass


def _failure_warnings(failures: dict[int, str]) -> list[str]:
    """One line per distinct reason: "page(s) 2-5, 9: text extraction failed (reason)"."""
    by_reason: dict[str, list[int]] = {}
    for number, reason in failures.items():
        by_reason.setdefault(reason, []).append(number)
    return [f"page(s) {page_ranges(numbers)}: text extraction failed ({reason})" for reason, numbers in by_reason.items()]


def page_ranges(numbers: list[int]) -> str:
    """[1, 2, 3, 7] -> "1-3, 7" (numbers sorted)."""
    out, start = [], None
    for i, n in enumerate(numbers):
        if start is None:
            start = n
        if i + 1 == len(numbers) or numbers[i + 1] != n + 1:
            out.append(str(start) if start == n else f"{start}-{n}")
            start = None
    return ", ".join(out)


def _title(reader) -> str:
    try:
        title = reader.metadata.title if reader.metadata else None
    except Exception:  # unreadable metadata (seen in the wild) must not cost the document
        return ""
    return " ".join(str(title).split())[:200] if title else ""


def _unlock(reader, p: Path, password: str | None) -> None:
    """Open encrypted PDFs: the empty user password first (common in filings), then the given one."""
    if not reader.is_encrypted:
        return
    from pypdf import PasswordType

    for candidate in ([""] if password is None else ["", password]):
        if reader.decrypt(candidate) != PasswordType.NOT_DECRYPTED:
            return
    if password is None:
        raise LoadError(str(p), "PDF is password-protected; pass --password PASSWORD")
    raise LoadError(str(p), "wrong password for this PDF (--password did not open it)")


def _page_labels(reader, n_pages: int) -> list[str]:
    try:
        labels = list(reader.page_labels)
    except Exception:  # malformed /PageLabels trees are common; fall back to numbers
        labels = []
    if len(labels) != n_pages:
        labels = [str(i + 1) for i in range(n_pages)]
    return labels


def _ocr_empty_pages(doc: LoadedDocument, password: str | None) -> None:
    from ingest import unstructured_loader

    if unstructured_loader.available("ocr"):
        return  # not installed: the empty pages are reported, with the install hint, by the caller
    texts = unstructured_loader.ocr_pdf_pages(doc.path, doc.empty_pages, password=password)
    for page in doc.pages:
        if texts.get(page.number, "").strip():
            page.text = texts[page.number]
            doc.ocr_pages.append(page.number)
    doc.empty_pages = [n for n in doc.empty_pages if n not in doc.ocr_pages]


def _finish(path: str, pages: list[Page], warnings: list[str], failed: list[int] | None = None) -> LoadedDocument:
    failed = failed or []
    empty = [pg.number for pg in pages if not pg.text.strip() and pg.number not in failed]
    return LoadedDocument(path=path, pages=pages, empty_pages=empty, failed_pages=failed, warnings=warnings)


def _one_line(exc: BaseException) -> str:
    msg = " ".join(str(exc).split()) or type(exc).__name__
    return msg[:200]
