"""Splitting: cut a document's pages into chunks measured in the embedder's own tokens.

Pages are joined with a form feed, and the form feed is the splitter's first separator: a page
longer than a chunk is cut inside itself (paragraphs, then lines, then words), so most chunks sit
on one page and cite it exactly, while consecutive short pages (a title page, a slide deck) are
merged into one chunk. Each chunk records the character span it covers in the joined text and the
first and last page it touches (the citation "pp. 14-15"). Splitting is LangChain's
RecursiveCharacterTextSplitter with length measured by `count_tokens`, so that no chunk exceeds
the embedder's max_seq_length (past which models like all-MiniLM-L6-v2 silently truncate).
"""
from __future__ import annotations

import bisect
import re
from dataclasses import dataclass
from typing import Callable

from ingest.documents import Chunk, Page

PAGE_JOINER = "\f"
SEPARATORS = [PAGE_JOINER, "\n\n", "\n", " ", ""]
_HAS_WORD = re.compile(r"\w")
MIN_BUDGET = 16  # tokens: a chunk budget never falls below this, however long the heading
HEADING_MAX_TOKENS = 64  # a table heading is cut to this (lines dropped from the top)
HEADER_MAX_LINES = 12  # header lines looked at above a table's first row with figures
SHORT_SHARE = 0.67  # lines up to this share of the document's long-line length can be table rows
MIN_SHORT_LINE = 40


def join_pages(pages: list[Page]) -> tuple[str, list[int]]:
    """Concatenate page texts; return the text and each page's start offset in it."""
    starts, parts, pos = [], [], 0
    for pg in pages:
        starts.append(pos)
        parts.append(pg.text)
        pos += len(pg.text) + len(PAGE_JOINER)
    return PAGE_JOINER.join(parts), starts


def split_pages(
    pages: list[Page],
    count_tokens: Callable[[str], int],
    chunk_tokens: int,
    overlap_tokens: int,
    headings: bool = False,
) -> list[Chunk]:
    """Split pages into chunks of at most `chunk_tokens` tokens, overlapping by `overlap_tokens`.

    headings: give each chunk that starts inside a table the table's header rows (Chunk.heading),
    and keep room for them: a page with tables is split on its own, with its longest heading's
    tokens taken off the budget.
    """
    pages = [pg for pg in pages if pg.text.strip()]
    if not pages:
        return []
    text, starts = join_pages(pages)
    tables = [[]] * len(pages)
    if headings:
        short = short_line_limit(pages)
        tables = [table_headers(pg.text, short, count_tokens) for pg in pages]
    chunks = []
    for first, last in _groups(tables):
        reserve = max((count_tokens(t.heading) + 1 for i in range(first, last + 1) for t in tables[i]), default=0)
        begin, end = starts[first], starts[last] + len(pages[last].text)
        budget = max(MIN_BUDGET, chunk_tokens - reserve)
        for piece, start in _split_text(text[begin:end], count_tokens, budget, min(overlap_tokens, budget // 2)):
            start += begin
            end_ = start + len(piece)
            p, q = _page_at(starts, start), _page_at(starts, max(start, end_ - 1))
            chunks.append(Chunk(
                text=piece, start=start, end=end_,
                page_start=pages[p].number, page_end=pages[q].number,
                label_start=pages[p].label, label_end=pages[q].label,
                heading=_heading_at(tables[p], start - starts[p]),
            ))
    return chunks


def _split_text(text: str, count_tokens, chunk_tokens: int, overlap_tokens: int) -> list[tuple[str, int]]:
    """LangChain's recursive splitter, each piece with its offset in `text`."""
    from langchain_text_splitters import RecursiveCharacterTextSplitter

    splitter = RecursiveCharacterTextSplitter(
        chunk_size=chunk_tokens,
        chunk_overlap=overlap_tokens,
        length_function=count_tokens,
        separators=SEPARATORS,
    )
    out, cursor = [], 0
    for piece in splitter.split_text(text):
        if not _HAS_WORD.search(piece):
            continue  # lone punctuation or table rules carry nothing to retrieve
        start = _locate(text, piece, cursor)
        out.append((piece, start))
        cursor = start + 1
    return out


def _groups(tables: list[list]) -> list[tuple[int, int]]:
    """Runs of consecutive pages split together: each page with tables alone, the others in runs."""
    groups: list[tuple[int, int]] = []
    for i, page_tables in enumerate(tables):
        if not page_tables and groups and not tables[groups[-1][1]]:
            groups[-1] = (groups[-1][0], i)
        else:
            groups.append((i, i))
    return groups


# -- table headers ---------------------------------------------------------------------------------------
# A figure: 1,234 / (1,234) / 12.5 / a number of 3+ digits that is not a year. Years, day numbers
# and footnote marks are what table headers are made of, so they don't count.
_FIGURE = re.compile(r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+\.\d+|(?<![\d,.])(?!(?:19|20)\d\d(?!\d))\d{3,}")


_ROW_END = re.compile(r"[A-Za-z].*\s\(?\$?\s?(?:\d[\d,]*(?:\.\d+)?|—|-)\s?\)?%?$")  # "... and other 10,327"
# a line that ends in two figures or more: a table's row however long its label ("CASH, CASH EQUIVALENTS, AND
# RESTRICTED CASH, BEGINNING OF PERIOD $ 37,700 $ 50,067 ...")
_FIGURES_END = re.compile(r"[A-Za-z].*?(?:\s\(?\$?\s?\d[\d,]*(?:\.\d+)?\s?\)?%?){2,}\s*$")
_UNIT_LINE = re.compile(r"\bin\s+(?:thousands|millions|billions)\b", re.I)
_SENTENCE_END = re.compile(r"[a-z)\]]{2}[.!?][\"')\]]?$")  # "...the period." ends a paragraph; "Inc." or "No." may head a table


@dataclass
class Table:
    """A table on a page: offsets in the page's text, and its header rows as one line."""
    header_start: int
    data_start: int
    end: int
    heading: str


def short_line_limit(pages: list[Page]) -> int:
    """Lines up to this many characters may be table rows; longer ones are prose. Two thirds of the
    document's long lines (its 95th percentile: the text width), so it adapts to one- and
    two-column layouts."""
    lengths = sorted(len(" ".join(ln.split())) for pg in pages for ln in pg.text.split("\n") if ln.strip())
    return max(MIN_SHORT_LINE, int(SHORT_SHARE * lengths[int(0.95 * (len(lengths) - 1))])) if lengths else MIN_SHORT_LINE


def table_headers(text: str, short: int, count_tokens: Callable[[str], int]) -> list[Table]:
    """Tables in a page's text, each with its header: the short lines without figures right above
    its first row with figures (title, "(In millions)", "Three Months Ended June 24, 2023"), up to
    the last prose line or sentence end above them (a paragraph's short last line is not a header).
    A table runs on while lines stay short; a prose line ends it. Tables without header lines
    are left out (nothing to carry)."""
    tables: list[Table] = []
    block: list[tuple[int, str]] = []  # short lines without figures since the last prose line or table
    current: Table | None = None
    pos = 0
    lines = text.split("\n")
    for i, line in enumerate(lines):
        start, pos = pos, pos + len(line) + 1
        words = " ".join(line.split())
        if not words:
            continue
        is_short = len(words) <= short or bool(_FIGURES_END.search(words))  # a long row is still a row
        if current is not None:
            if is_short or _wrapped_label(words, lines[i + 1] if i + 1 < len(lines) else "", short):
                current.end = pos
                continue
            tables.append(current)
            current, block = None, []
        elif is_short and _FIGURE.search(words):
            header = _fit(block[-HEADER_MAX_LINES:], count_tokens)
            current = Table(header[0][0] if header else start, start, pos, " ".join(w for _, w in header))
            block = []
        elif is_short and not _SENTENCE_END.search(words):
            block.append((start, words))
        elif _leads_in(words):  # "... was as follows (in millions, except number of shares, which are"
            block = [(start, words)]
        else:  # prose, or the short last line of a paragraph ("the period."): not a header row
            block = []
    if current is not None:
        tables.append(current)
    return [t for t in tables if t.heading]


def _leads_in(words: str) -> bool:
    """A prose line that gives the unit and runs on into the lines below, the sentence that introduces a
    table ("Share repurchase activity ... was as follows (in millions, except number of shares, which are
    reflected in thousands," / "and per share amounts):"): kept as the table's first header line, so a
    chunk cut below it still carries the unit."""
    return bool(_UNIT_LINE.search(words)) and not _SENTENCE_END.search(words) and not _FIGURE.search(words)


def _wrapped_label(words: str, following: str, short: int) -> bool:
    """A long line of words that the next line, a short one ending in figures, finishes: a row label the PDF
    wrapped ("Depreciation and amortization of property and equipment and capitalized content costs,
    operating lease" / "assets, and other 10,327 12,131"), not prose that ends the table."""
    nxt = " ".join(following.split())
    return not _FIGURE.search(words) and not _SENTENCE_END.search(words) and 0 < len(nxt) <= short \
        and bool(_ROW_END.search(nxt))


def _fit(lines: list[tuple[int, str]], count_tokens: Callable[[str], int]) -> list[tuple[int, str]]:
    """Drop header lines from the top until the heading fits HEADING_MAX_TOKENS; the lines nearest
    the table (periods, units) matter most, but the title line (in capitals) nearest it and the line
    that gives the unit ("(in millions)") are kept."""
    lines = list(lines)
    if count_tokens(" ".join(w for _, w in lines)) > HEADING_MAX_TOKENS:  # a lead-in sentence gives way to its unit first
        lines = [(at, _unit_clause(w) if _leads_in(w) else w) for at, w in lines]
    while lines and count_tokens(" ".join(w for _, w in lines)) > HEADING_MAX_TOKENS:
        titles = [i for i, (_, w) in enumerate(lines) if _is_title(w)]
        units = [i for i, (_, w) in enumerate(lines) if _UNIT_LINE.search(w)]
        drop = next((i for i in range(len(lines)) if i not in titles[-1:] + units[-1:]), 0)
        lines.pop(drop if len(lines) > 1 else 0)
    return lines


def _unit_clause(line: str) -> str:
    """A line from the bracket that opens its unit on: "(dollars in millions):", or from "in millions"."""
    unit = _UNIT_LINE.search(line)
    bracket = line.rfind("(", 0, unit.start())
    return line[bracket if bracket >= 0 and ")" not in line[bracket:unit.start()] else unit.start():]


def _is_title(line: str) -> bool:
    letters = [c for c in line if c.isalpha()]
    return len(letters) >= 8 and sum(c.isupper() for c in letters) >= 0.8 * len(letters)


def _heading_at(tables: list[Table], offset: int) -> str:
    """The heading of the table a chunk starting at `offset` (in its page) begins inside, unless
    the chunk starts at or above the header and so holds it."""
    for t in tables:
        if t.header_start < offset < t.end:
            return t.heading
    return ""


def _locate(text: str, piece: str, cursor: int) -> int:
    """Offset of `piece` in `text`, searching forward from the previous chunk's start."""
    at = text.find(piece, cursor)
    if at < 0:
        at = text.find(piece)
    return max(at, 0)


def _page_at(starts: list[int], offset: int) -> int:
    return max(0, bisect.bisect_right(starts, offset) - 1)
