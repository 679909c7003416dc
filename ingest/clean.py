"""Cleaning: normalise extracted text and drop running headers and footers.

Headers and footers ("ACME Corp | Form 10-Q", "Page 7 of 80") repeat on most pages; left in, they
add the same tokens to every chunk, cost embedding time and blur retrieval. A line counts as a
running header/footer when, with digits masked, it is among the first or last EDGE_LINES lines of
at least MIN_SHARE of the pages (and of at least MIN_PAGES pages) that have MIN_LINES lines or more.

A hyphen at the end of a line is either a soft hyphen ("infor-" / "mation": join without it) or part of
a compound ("stock-" / "based": keep it). The document decides: whichever form it prints elsewhere on
one line wins; a form it never prints follows the document's own majority (a typeset paper hyphenates,
a filing's hyphens are real), and keeps the hyphen when there is no evidence at all. A break next to a
digit or after a single letter ("A-" / "90-92" in a grade table, "10-" / "K") is left as printed.
"""
from __future__ import annotations

import re
from collections import Counter

from ingest.documents import Page
from ingest.tables import tail_figures

EDGE_LINES = 3
MASK_MAX_WORDS = 10  # longer lines must repeat exactly, numbers included
MIN_LINES = 2 * EDGE_LINES + 1
NAVIGATION = {"table of contents", "contents", "back to contents", "return to table of contents"}
CONTEXT_MAX_CHARS = 160  # the document context line prepended to chunks for embedding  # shorter pages (slides, one-line tests) are left alone
MIN_SHARE = 0.5
MIN_PAGES = 3

_HYPHEN_BREAK = re.compile(r"(?<![\w-])([^\W\d_]+(?:-[^\W\d_]+)*)-\n([^\W\d_]+(?:-[^\W\d_]+)*)(?!\w)")
_WORD = re.compile(r"(?<![\w-])[^\W\d_]+(?:-[^\W\d_]+)*")
_TRAILING_SPACE = re.compile(r"[ \t]+\n")
_MANY_BLANKS = re.compile(r"\n{3,}")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")  # incl. form feed: it marks page breaks later
_DIGITS = re.compile(r"\d+")


def clean_document(name: str, title: str, pages: list[Page], context: bool = True) -> tuple[list[Page], str]:
    """The pages cleaned (clean_pages) and the document's context line (_context_line; "" when
    context is off), from one normalisation and one running-line search."""
    normalised = normalised_pages(pages)
    repeated = running_lines(normalised)
    line = _context_line(name, title, normalised, repeated) if context else ""
    return _without_running(normalised, repeated), line


def clean_pages(pages: list[Page]) -> list[Page]:
    """Return new pages with normalised text and running headers/footers removed."""
    normalised = normalised_pages(pages)
    return _without_running(normalised, running_lines(normalised))


def _without_running(normalised: list[Page], repeated: set[str]) -> list[Page]:
    return [Page(pg.number, heads_first(_strip_edges(pg.text, repeated) if repeated and _line_count(pg.text) >= MIN_LINES
                                        else pg.text), pg.label) for pg in normalised]


# A statement's column heads extracted after its rows: some filers' PDFs draw the heads last, so pypdf gives
# "... Income taxes, net of refunds $ 267 $ 335 / Three Months Ended / (In Millions; Unaudited) Apr 1, 2023 Apr 2,
# 2022 / See accompanying notes." (Intel's income and cash flow statements). Left there, the chunks cut from the
# table carry no periods and its figures no year. heads_first moves them above the first row, where a reader sees them.
_HEAD_WORDS = re.compile(r"\b(?:three|six|nine|twelve|thirteen|twenty[- ]six|thirty[- ]nine|fifty[- ]two|months?|weeks?|"
                         r"quarters?|years?|fiscal|ended|ending|in|millions|thousands|billions|except|per|share|amounts?|"
                         r"unaudited|and|data|dollars|u\.s\.|jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec|"
                         r"january|february|march|april|june|july|august|september|october|november|december)\b\.?|"
                         r"\b(?:19|20)\d\d\b|\b\d{1,2}\b|[$(),;:]", re.I)
_YEAR_TOKEN = re.compile(r"\b(?:19|20)\d\d\b")
_ROW = re.compile(r"\S.*?\s(?:\$\s*)?\(?-?[\d,.]+\)?%?\s+(?:\$\s*)?(?:\(?-?[\d,.]+\)?%?|—|-)\s*$")
_FOOTER = re.compile(r"^(?:table of contents|[^\d]{3,120}\s\d{1,3})\s*$", re.I)  # a page's own title and number
_NOTES = re.compile(r"^\s*(?:see\s+(?:the\s+)?accompanying\s+notes|the\s+accompanying\s+notes)\b", re.I)


def heads_first(text: str) -> str:
    """The page with a table's column heads moved from after its last row to above its first (see above): only
    heads (periods, dates, the unit) at the very end of the page, right after a row, as many years in the last
    head line as the rows have figures, and no head line above the first row already."""
    lines = text.split("\n")
    end = len(lines)
    while end and (not lines[end - 1].strip() or _NOTES.match(lines[end - 1]) or _FOOTER.match(lines[end - 1])):
        end -= 1  # what a page prints under its table: "See accompanying notes.", "Financial Statements ... 7"
    start = end
    while start > 0 and end - start < 4 and _is_head(lines[start - 1]):
        start -= 1
    if start == end or not start or not _ROW.match(lines[start - 1]) or _is_head(lines[start - 1]):
        return text
    rows = [i for i in range(start) if _ROW.match(lines[i]) and not _is_head(lines[i])]
    first = rows[0]
    if any(_is_head(ln) for ln in lines[:first]) or \
            len(_YEAR_TOKEN.findall(lines[end - 1])) != len(tail_figures(lines[start - 1])[1]):
        return text
    block = lines[start:end]
    return "\n".join(lines[:first] + block + lines[first:start] + lines[end:])


def _is_head(line: str) -> bool:
    """A line of column heads only: spans, days, years, the unit ("(In Millions; Unaudited) Apr 1, 2023 Apr 2, 2022")."""
    return bool(line.strip()) and not _HEAD_WORDS.sub("", line).strip() and bool(
        _YEAR_TOKEN.search(line) or re.search(r"(?i)\b(?:months|weeks|quarters?|years?)\s+ended\b", line))



def normalised_pages(pages: list[Page]) -> list[Page]:
    """The pages normalised, line-end hyphens resolved with the whole document's vocabulary."""
    words = vocabulary(pg.text for pg in pages)
    return [Page(pg.number, normalise(pg.text, words), pg.label) for pg in pages]


def normalise(text: str, words: Counter[str] | None = None) -> str:
    """Normalised text; line-end hyphens resolved with `words` (vocabulary() of the whole document),
    or with this text's own words when not given."""
    text = _unify(text)
    text = join_hyphen_breaks(text, vocabulary([text]) if words is None else words)
    text = _TRAILING_SPACE.sub("\n", text)
    return _MANY_BLANKS.sub("\n\n", text).strip()


# typeset ligatures spelled out ("eﬀective": "effective"), or search and the embedder miss the word
_LIGATURES = str.maketrans({"\ufb00": "ff", "\ufb01": "fi", "\ufb02": "fl", "\ufb03": "ffi", "\ufb04": "ffl",
                            "\ufb05": "st", "\ufb06": "st", "\u00ad": None})


def _unify(text: str) -> str:
    text = _CONTROL.sub("", text.replace("\r\n", "\n").replace("\r", "\n"))
    return text.translate(_LIGATURES)


def vocabulary(texts) -> Counter[str]:
    """Lower-cased words as printed within a line (hyphenated compounds as one word)."""
    counts: Counter[str] = Counter()
    for text in texts:
        counts.update(w.lower() for w in _WORD.findall(_unify(text)))
    return counts


def join_hyphen_breaks(text: str, words: Counter[str]) -> str:
    """Join words broken at a line-end hyphen, with or without the hyphen as the document prints them
    (see the module docstring)."""
    breaks = [m for m in _HYPHEN_BREAK.finditer(text) if len(m.group(1).rsplit("-", 1)[-1]) >= 2]
    if not breaks:
        return text
    votes = [_printed_form(m.group(1), m.group(2), words) for m in breaks]
    soft = votes.count("soft") > votes.count("hard")
    pieces, end = [], 0
    for m, vote in zip(breaks, votes):
        joiner = "" if vote == "soft" or (vote is None and soft) else "-"
        pieces += [text[end:m.start()], m.group(1), joiner, m.group(2)]
        end = m.end()
    return "".join(pieces + [text[end:]])


def _printed_form(left: str, right: str, words: Counter[str]) -> str | None:
    """"soft" (joined without the hyphen), "hard" (with it) or None (the document never prints either)."""
    joined, hyphenated = words[(left + right).lower()], words[f"{left}-{right}".lower()]
    if joined != hyphenated:
        return "soft" if joined > hyphenated else "hard"
    if right[0].isupper() or "-" in left + right:
        return "hard"  # "Video-" / "On-Demand", "non-" / "GAAP", "state-of-" / "the-art"
    return None


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


def _context_line(name: str, title: str, normalised: list[Page], repeated: set[str]) -> str:
    """A short line naming the document, prepended to each chunk when it is embedded and indexed.

    Chunks cut from the middle of a filing or paper rarely say which one they belong to; the file
    name, the PDF title (when it is words, not an ID) and the running header ("Apple Inc. | Q3 2022
    Form 10-Q") do. Built from what the cleaner removes anyway, so nothing is invented.
    """
    parts = [name]
    if len(_WORDY.findall(title)) >= 2 and title.lower() not in name.lower():
        parts.append(title)
    header = _running_header(normalised, repeated)
    if header and header.lower() not in " ".join(parts).lower():
        parts.append(header)
    return " | ".join(parts)[:CONTEXT_MAX_CHARS]


def _running_header(normalised: list[Page], running: set[str]) -> str:
    """The wordiest running header/footer line, keeping only the words it prints on every page
    (so "Apple Inc. | Q3 2022 Form 10-Q | 7" becomes "Apple Inc. | Q3 2022 Form 10-Q")."""
    repeated = {m for m in running if len(_WORDY.findall(m)) >= 2 and m not in NAVIGATION}
    if not repeated:
        return ""
    best = max(repeated, key=lambda m: len(_WORDY.findall(m)))
    printed = [ln for pg in normalised for ln in _edge_lines(pg.text) if _mask(ln) == best][:2]
    words = printed[0].split()
    if len(printed) == 2:
        others = set(printed[1].split())
        words = [w for w in words if w in others]
    return " ".join(words).strip(" |-–")
