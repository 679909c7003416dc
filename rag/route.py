"""Document routing: which stored documents a question names ("Intel's", "AAPL", "Q3 2022").

A document is described by its card: its context line (file name, PDF title, running header) and
its first chunk (the cover page). A question word routes to the documents whose cards hold it, by
how much it tells them apart:
- its idf among the cards (a word on every card names none of them), capped by
- its idf among the documents' whole text (from the FTS index). A word that names a document
  ("Intel", a ticker) is rare in the other documents; one that merely happens to be on few cards
  ("cash", "flows" on a cover page's table of contents) is in every document's text and weighs
  nothing, without a hand-written list of generic words.
Periods are matched as tokens of their own: "FY2023", "fiscal 2023" and "2023" are the year 2023,
"third quarter" and "Q3" the quarter q3. A document's periods are those its name states (the
context line); only when its name states none, those of its cover page. They are weighed by idf
among the documents' periods alone: every filing prints many years in its text, so the text
can't tell which one a filing is about.
"""
from __future__ import annotations

import math
import re

from rag.index import Index

ROUTE_MIN_SCORE = 0.6  # score below which a question is not taken to name any document (one word unique to one of two documents scores 0.69)
ROUTE_KEEP = 0.75  # documents scoring within this share of the best one are routed
STOPWORDS = frozenset("""a an and are as at be by can do does did for from had has have how i if in is it its
me my of on or our so than that the their them then there these they this to was we were what when where which
who whom why will with would you your about into over under after before""".split())

_WORD = re.compile(r"\w+")
_YEAR = re.compile(r"^(?:fy)?((?:19|20)\d\d)$|^fy(\d\d)$")
_QUARTER = re.compile(r"^(?:q([1-4])|([1-4])q)$")
_ORDINAL_QUARTER = re.compile(r"\b(first|second|third|fourth|1st|2nd|3rd|4th)\s+(?:fiscal\s+)?quarter\b")
_ORDINALS = {"first": "1", "second": "2", "third": "3", "fourth": "4", "1st": "1", "2nd": "2", "3rd": "3", "4th": "4"}


def query_terms(query: str) -> list[str]:
    """Content words of a query, for FTS5 (stopwords dropped, unless nothing else is left)."""
    words = [w.lower() for w in _WORD.findall(query)]
    content = [w for w in words if w not in STOPWORDS]
    return list(dict.fromkeys(content or words))


def period_tokens(text: str) -> set[str]:
    """Years and quarters a text names, normalised: {"2023", "q3"} for "FY2023 third quarter"."""
    text = text.lower()
    out = {f"q{_ORDINALS[m.group(1)]}" for m in _ORDINAL_QUARTER.finditer(text)}
    for word in _WORD.findall(text):
        if m := _YEAR.match(word):
            out.add(m.group(1) or f"20{m.group(2)}")
        elif m := _QUARTER.match(word):
            out.add(f"q{m.group(1) or m.group(2)}")
    return out


def route_documents(index: Index, query: str, keep: float = ROUTE_KEEP) -> list[int]:
    """Documents the question seems to name, best first; none when it names none, or all of them."""
    cards = index.document_cards(_card)
    n = len(cards)
    if n < 2:
        return []
    scores = dict.fromkeys(cards, 0.0)
    periods = period_tokens(query)
    for term in query_terms(query):
        if term in periods or _YEAR.match(term) or _QUARTER.match(term):
            continue  # weighed below, as periods
        holders = [d for d, (words, _) in cards.items() if term in words]
        if not holders or len(holders) > n / 2:
            continue
        weight = min(_idf(n, len(holders)), _idf(n, index.document_frequency(term)))
        for d in holders:
            scores[d] += weight
    for token in periods:
        holders = [d for d, (_, stated) in cards.items() if token in stated]
        if holders and len(holders) <= n / 2:
            for d in holders:
                scores[d] += _idf(n, len(holders))
    best = max(scores.values())
    if best < ROUTE_MIN_SCORE:
        return []
    chosen = sorted((d for d, sc in scores.items() if sc >= keep * best), key=lambda d: -scores[d])
    return chosen if len(chosen) < n else []


def _idf(n: int, df: int) -> float:
    return math.log((n - df + 0.5) / (df + 0.5) + 1)


def _card(context: str, first_chunk: str) -> tuple[set[str], set[str]]:
    """A card's words, and the periods the document states: its name's, else its cover page's."""
    words = {w.lower() for w in _WORD.findall(f"{context}\n{first_chunk}")}
    return words, period_tokens(context) or period_tokens(first_chunk)
