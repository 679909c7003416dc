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
from typing import Callable

from ingest.documents import Chunk, Page

PAGE_JOINER = "\f"
SEPARATORS = [PAGE_JOINER, "\n\n", "\n", " ", ""]
_HAS_WORD = re.compile(r"\w")


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
) -> list[Chunk]:
    """Split pages into chunks of at most `chunk_tokens` tokens, overlapping by `overlap_tokens`."""
    from langchain_text_splitters import RecursiveCharacterTextSplitter

    pages = [pg for pg in pages if pg.text.strip()]
    if not pages:
        return []
    text, starts = join_pages(pages)
    splitter = RecursiveCharacterTextSplitter(
        chunk_size=chunk_tokens,
        chunk_overlap=overlap_tokens,
        length_function=count_tokens,
        separators=SEPARATORS,
    )
    chunks, cursor = [], 0
    for piece in splitter.split_text(text):
        if not _HAS_WORD.search(piece):
            continue  # lone punctuation or table rules carry nothing to retrieve
        start = _locate(text, piece, cursor)
        end = start + len(piece)
        first = _page_at(starts, start)
        last = _page_at(starts, max(start, end - 1))
        chunks.append(Chunk(
            text=piece, start=start, end=end,
            page_start=pages[first].number, page_end=pages[last].number,
            label_start=pages[first].label, label_end=pages[last].label,
        ))
        cursor = start + 1
    return chunks


def _locate(text: str, piece: str, cursor: int) -> int:
    """Offset of `piece` in `text`, searching forward from the previous chunk's start."""
    at = text.find(piece, cursor)
    if at < 0:
        at = text.find(piece)
    return max(at, 0)


def _page_at(starts: list[int], offset: int) -> int:
    return max(0, bisect.bisect_right(starts, offset) - 1)
