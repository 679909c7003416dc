"""Cleaning: normalise extracted text and drop running headers and footers.

Headers and footers ("ACME Corp | Form 10-Q", "Page 7 of 80") repeat on most pages; left in, they
add the same tokens to every chunk, cost embedding time and blur retrieval. A line counts as a
running header/footer when, with digits masked, it is among the first or last EDGE_LINES lines of
at least MIN_SHARE of the pages (and of at least MIN_PAGES pages) that have MIN_LINES lines or more.
"""
from __future__ import annotations

import re
from collections import Counter

from ingest.documents import Page

EDGE_LINES = 3
MASK_MAX_WORDS = 10  # longer lines must repeat exactly, numbers included
MIN_LINES = 2 * EDGE_LINES + 1
NAVIGATION = {"table of contents", "contents", "back to contents", "return to table of contents"}
CONTEXT_MAX_CHARS = 160  # the document context line prepended to chunks for embedding  # shorter pages (slides, one-line tests) are left alone
MIN_SHARE = 0.5
MIN_PAGES = 3

_HYPHEN_BREAK = re.compile(r"(\w)-\n(\w)")
_TRAILING_SPACE = re.compile(r"[ \t]+\n")
_MANY_BLANKS = re.compile(r"\n{3,}")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")  # incl. form feed: it marks page breaks later
_DIGITS = re.compile(r"\d+")


def clean_pages(pages: list[Page]) -> list[Page]:
    """Return new pages with normalised text and running headers/footers removed."""
    normalised = [Page(pg.number, normalise(pg.text), pg.label) for pg in pages]
    repeated = running_lines(normalised)
    if not repeated:
        return normalised
    return [Page(pg.number, _strip_edges(pg.text, repeated) if _line_count(pg.text) >= MIN_LINES else pg.text,
                 pg.label) for pg in normalised]


def normalise(text: str) -> str:
    text = _CONTROL.sub("", text.replace("\r\n", "\n").replace("\r", "\n"))
    text = text.replace("\u00ad", "").replace("\ufb01", "fi").replace("\ufb02", "fl")
    text = _HYPHEN_BREAK.sub(r"\1\2", text)
    text = _TRAILING_SPACE.sub("\n", text)
    return _MANY_BLANKS.sub("\n\n", text).strip()


def running_lines(pages: list[Page]) -> set[str]:
    """Masked lines that sit at the top or bottom of most pages."""
    with_text = [pg for pg in pages if _line_count(pg.text) >= MIN_LINES]
    if len(with_text) < MIN_PAGES:
        return set()
    counts: Counter[str] = Counter()
    for pg in with_text:
        counts.update(set(_mask(line) for line in _edge_lines(pg.text)))
    threshold = max(MIN_PAGES, MIN_SHARE * len(with_text))
    return {line for line, n in counts.items() if n >= threshold and line}


def _line_count(text: str) -> int:
    return sum(1 for ln in text.split("\n") if ln.strip())


def _edge_lines(text: str) -> list[str]:
    lines = [ln for ln in text.split("\n") if ln.strip()]
    return lines[:EDGE_LINES] + lines[-EDGE_LINES:]


def _mask(line: str) -> str:
    """Lines compare case- and space-insensitively; short ones also with numbers masked ("Page #")."""
    words = line.split()
    text = " ".join(words).lower()
    return _DIGITS.sub("#", text) if len(words) <= MASK_MAX_WORDS else text


def _strip_edges(text: str, repeated: set[str]) -> str:
    lines = text.split("\n")
    keep = [True] * len(lines)
    nonblank = [i for i, ln in enumerate(lines) if ln.strip()]
    for i in nonblank[:EDGE_LINES] + nonblank[-EDGE_LINES:]:
        if _mask(lines[i]) in repeated:
            keep[i] = False
    return "\n".join(ln for ln, k in zip(lines, keep) if k).strip()


_WORDY = re.compile(r"[^\W\d_]{2,}")


def document_context(name: str, title: str, pages: list[Page]) -> str:
    """A short line naming the document, prepended to each chunk when it is embedded and indexed.

    Chunks cut from the middle of a filing or paper rarely say which one they belong to; the file
    name, the PDF title (when it is words, not an ID) and the running header ("Apple Inc. | Q3 2022
    Form 10-Q") do. Built from what the cleaner removes anyway, so nothing is invented.
    """
    parts = [name]
    if len(_WORDY.findall(title)) >= 2 and title.lower() not in name.lower():
        parts.append(title)
    header = _running_header(pages)
    if header and header.lower() not in " ".join(parts).lower():
        parts.append(header)
    return " | ".join(parts)[:CONTEXT_MAX_CHARS]


def _running_header(pages: list[Page]) -> str:
    """The wordiest running header/footer line, keeping only the words it prints on every page
    (so "Apple Inc. | Q3 2022 Form 10-Q | 7" becomes "Apple Inc. | Q3 2022 Form 10-Q")."""
    normalised = [Page(pg.number, normalise(pg.text), pg.label) for pg in pages]
    repeated = {m for m in running_lines(normalised) if len(_WORDY.findall(m)) >= 2 and m not in NAVIGATION}
    if not repeated:
        return ""
    best = max(repeated, key=lambda m: len(_WORDY.findall(m)))
    printed = [ln for pg in normalised for ln in _edge_lines(pg.text) if _mask(ln) == best][:2]
    words = printed[0].split()
    if len(printed) == 2:
        others = set(printed[1].split())
        words = [w for w in words if w in others]
    return " ".join(words).strip(" |-–")
