"""Loading: turn a file into pages of text.

PDFs are read with pypdf page by page, keeping the 1-based page number and the PDF's page label.
Plain text and Markdown become one page each (form feeds split pages). DOCX/HTML/EML, and OCR
of PDF pages with no text layer, go through the optional `unstructured` extra.

Every failure that concerns the file (not a PDF, truncated, wrong password, unreadable page tree)
raises LoadError with a one-line reason; a single page whose extraction crashes is skipped with a
warning so the rest of the document still loads.
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


def load_pdf(p: Path, password: str | None = None, deadline: float | None = None) -> LoadedDocument:
    """Read a PDF page by page with pypdf; retry once with raised parse limits if pypdf hits them."""
    from pypdf import apply_configuration
    from pypdf.errors import LimitReachedError

    try:
        return _read_pdf(p, password, deadline)
    except LimitReachedError:
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
    from pypdf.errors import DependencyError, LimitReachedError, PdfReadError, PyPdfError

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

    pages, warnings = [], []
    for i in range(n_pages):
        if deadline is not None and time.monotonic() > deadline:
            raise FileTimeout(str(p))
        try:
            text = reader.pages[i].extract_text() or ""
        except LimitReachedError:
            raise
        except Exception as exc:  # one bad page must not sink the document
            warnings.append(f"page {i + 1}: text extraction failed ({_one_line(exc)}); page skipped")
            text = ""
        pages.append(Page(number=i + 1, text=text, label=labels[i]))
    doc = _finish(str(p), pages, warnings)
    doc.title = _title(reader)
    return doc


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


def _finish(path: str, pages: list[Page], warnings: list[str]) -> LoadedDocument:
    empty = [pg.number for pg in pages if not pg.text.strip()]
    return LoadedDocument(path=path, pages=pages, empty_pages=empty, warnings=warnings)


def _one_line(exc: BaseException) -> str:
    msg = " ".join(str(exc).split()) or type(exc).__name__
    return msg[:200]
