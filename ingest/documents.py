"""Plain dataclasses that flow through ingestion: a loaded page and a split chunk."""
from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class Page:
    """One page of a source document, as extracted.

    number: 1-based physical page number in the file.
    label: the page label the PDF shows (e.g. "iv" or "A-3"); equals str(number) when the PDF has none.
    text: extracted text (empty for scanned pages without OCR, and for pages whose extraction failed).
    """

    number: int
    text: str
    label: str = ""

    def __post_init__(self) -> None:
        if not self.label:
            self.label = str(self.number)


@dataclass
class LoadedDocument:
    """A file turned into pages, plus what the loader noticed along the way."""

    path: str
    pages: list[Page]
    title: str = ""  # the file's own title (PDF metadata), when it has one
    empty_pages: list[int] = field(default_factory=list)  # 1-based numbers of pages with no text layer
    failed_pages: list[int] = field(default_factory=list)  # pages whose text extraction raised (reasons in warnings)
    ocr_pages: list[int] = field(default_factory=list)  # pages whose text came from OCR
    warnings: list[str] = field(default_factory=list)


@dataclass
class Chunk:
    """A piece of a document's text, sized for the embedder.

    start/end: character offsets into the document's joined text (pages joined with a form feed).
    page_start/page_end: 1-based first and last physical page the chunk touches.
    heading: the header rows of the table the chunk starts inside (title, units, periods), when
    the chunk itself does not hold them; embedded and BM25-indexed with the chunk, not cited.
    """

    text: str
    start: int
    end: int
    page_start: int
    page_end: int
    label_start: str = ""
    label_end: str = ""
    heading: str = ""
