"""Boilerplate: passages that many documents of an index print almost word for word.

A filing's officer certifications ("I have reviewed this Quarterly Report on Form 10-Q ... does not contain any
untrue statement of a material fact"), its cover page's filer checkboxes, "Item 3. Defaults Upon Senior
Securities: None": their generic words (report, financial statements, material, changes) match many questions
and answer none, and they took one of the top four places for 19 of the 160 page_qa questions. Retrieval demotes
them (rag.retrieve.BOILERPLATE_WEIGHT).

A passage is boilerplate when at least SHARE of its word 3-grams each occur in more than DOCUMENTS documents of
the index. A statement's rows share their labels with other filings but not their figures, a company's own
repeated notes reach its few other filings, so neither counts; an index of DOCUMENTS documents or fewer (one
handbook, one 10-K) has no boilerplate. Measured in bench/RESULTS.md, fifteenth session.
"""
from __future__ import annotations

import re
import zlib
from collections import Counter, defaultdict
from typing import Iterable

DOCUMENTS = 5  # a 3-gram is common when more than this many documents hold it
SHARE = 0.8  # of a passage's 3-grams that are common, for the passage to be boilerplate
MIN_GRAMS = 10  # passages with fewer (sampled) 3-grams (a heading, a page number) are never boilerplate
SAMPLE = 4  # one 3-gram in this many is counted (a stable hash picks which): a quarter of the memory and time

_WORD = re.compile(r"\w+")


def grams(text: str) -> set[int]:
    """The passage's word 3-grams that the sample keeps, as stable hashes (the same in every process)."""
    words = _WORD.findall(text.lower())
    hashes = (zlib.crc32(" ".join(words[i:i + 3]).encode()) for i in range(len(words) - 2))
    return {h for h in hashes if h % SAMPLE == 0}


def boilerplate(chunks: Iterable[tuple[int, int, str]]) -> set[int]:
    """The ids of the boilerplate chunks among (chunk id, document id, text), read twice: documents counted per
    3-gram first, then each chunk's share of common 3-grams (nothing but the counts is held in between)."""
    chunks = list(chunks)
    if len({doc for _, doc, _ in chunks}) <= DOCUMENTS:
        return set()
    held: dict[int, set[int]] = defaultdict(set)
    for _, doc, text in chunks:
        held[doc] |= grams(text)
    documents: Counter = Counter()
    for found in held.values():
        documents.update(found)
    del held
    out = set()
    for cid, _, text in chunks:
        found = grams(text)
        if len(found) >= MIN_GRAMS and sum(documents[g] > DOCUMENTS for g in found) >= SHARE * len(found):
            out.add(cid)
    return out
