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
from collections import defaultdict
from typing import Iterable

DOCUMENTS = 5  # a 3-gram is common when more than this many documents hold it
SHARE = 0.8  # of a passage's 3-grams that are common, for the passage to be boilerplate
MIN_GRAMS = 10  # shorter passages (a heading, a page number) are never called boilerplate

_WORD = re.compile(r"\w+")


def grams(text: str) -> set[tuple[str, ...]]:
    words = _WORD.findall(text.lower())
    return {tuple(words[i:i + 3]) for i in range(len(words) - 2)}


def boilerplate(chunks: Iterable[tuple[int, int, str]]) -> set[int]:
    """The ids of the boilerplate chunks among (chunk id, document id, text)."""
    chunks = [(cid, doc, grams(text)) for cid, doc, text in chunks]
    if len({doc for _, doc, _ in chunks}) <= DOCUMENTS:
        return set()
    holders: dict[tuple[str, ...], set[int]] = defaultdict(set)
    for _, doc, found in chunks:
        for gram in found:
            holders[gram].add(doc)
    return {cid for cid, _, found in chunks if len(found) >= MIN_GRAMS and
            sum(len(holders[g]) > DOCUMENTS for g in found) >= SHARE * len(found)}
