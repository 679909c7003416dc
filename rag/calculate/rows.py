"""Reading a passage's table rows: each row's label, its group (the section or segment heading above it), its
cells by column head, and the cell of the period asked."""
from __future__ import annotations

import re

from ingest.tables import head_months, head_only, label_columns
from rag.calculate.names import word_stems
from rag.retrieve import Hit
from rag.route import dates_in


_CELL = re.compile(r"^\s*(?P<tag>[^:|]+):\s*(?P<figure>\S.*?)\s*$")
_AMOUNT = re.compile(r"\(?-?\$?\s?\(?(\d[\d,]*(?:\.\d+)?)\)?")
_YEAR = re.compile(r"\b(?:19|20)\d{2}\b")


Row = tuple[set[str], set[str], list[tuple[str, str]], int, str]  # label's words, group's words, cells, passage, label


def table_rows(hit: Hit, n: int, months: int | None) -> list[Row]:
    """(the row label's words, its group's words, [(column tag, figure)], passage number, the label) for each
    labelled row of a passage; a group is the label line above a run of rows ("Net sales:" over "Products")."""
    out, group = [], set()
    lines = label_columns(hit.text, hit.heading, months, units=True).split("\n")
    for i, line in enumerate(lines):
        stripped = line.strip()
        if stripped.endswith(":") and len(stripped) < 60 and not re.search(r"\d", stripped):
            # a cash flow statement's section ("Cash flows from operating activities:") names no row's measure:
            # its "Net income" is not "operating income"
            group = set() if re.search(r"\bactivities\b", stripped, re.I) else word_stems(stripped)
            continue
        if _SEGMENT_HEADING.match(stripped) and not head_only(stripped) and " | " in (lines[i + 1:] or [""])[0]:
            group = word_stems(stripped)  # a segment's name right over its rows ("AWS", then "Net sales | ...")
            continue
        for label, cells in _split_rows(stripped) if " | " in stripped else []:
            if _CLOSES_GROUP.search(label):  # "Net cash provided by operating activities" closes "Changes in ...:"
                group = set()
            if cells:
                out.append((word_stems(label), group, cells, n, label))
    return out


# a line of one to four capitalised words and no figure: a segment's or a region's name heading its rows
_SEGMENT_HEADING = re.compile(r"^(?:[A-Z][\w&'’.\-]*)(?:\s+(?:[A-Z][\w&'’.\-]*|and|of|the|&)){0,3}$")
# a section's total ("Total ...", "Net cash ...", "... activities"): the rows below it are not in the section
_CLOSES_GROUP = re.compile(r"^\s*(?:total\b|net cash\b)|\bactivities\b", re.I)
_SCALE = {"milli", "billi", "thous"}  # word_stems of "million", "billion", "thousand"


def _split_rows(line: str) -> list[tuple[str, list[tuple[str, str]]]]:
    """'Revenue | three months 2023: $13,507 million | ... | Operating income | three months 2023: ...' as
    rows: a part that is not "tag: figure" starts a row."""
    rows: list[tuple[str, list[tuple[str, str]]]] = []
    for part in line.split(" | "):
        m = _CELL.match(part)
        if m and rows and _AMOUNT.search(m.group("figure")) and not word_stems(m.group("figure")) - _SCALE:
            rows[-1][1].append((m.group("tag").strip(), m.group("figure")))
        else:
            rows.append((part, []))
    return rows


def cell_for(cells: list[tuple[str, str]], when: tuple[str | None, str | None],
              months: int | None = None) -> tuple[str, str] | None:
    """The cell of the period asked about: the column whose head holds its date, else its year (one column
    only); with no period named, the column of the latest year. With months (the span asked about), a column
    of another span is never taken (a six-month figure for "the first nine months")."""
    cells = [c for c in cells if not months or head_months(c[0]) in (None, months)]
    date, year = when
    if date:
        dated = [c for c in cells if dates_in(c[0])[:1] == [date]]
        if any(c[0] == dated[0][0] and value_of(c[1]) != value_of(dated[0][1]) for c in dated[1:]):
            return None  # two columns headed alike ("Carrying Amount" and "Fair Value Adjustments", both "Sep 30, 2023")
        if dated:
            return dated[0]
    if year:
        same = [c for c in cells if year in _YEAR.findall(c[0])]
        return same[0] if len(same) == 1 else None
    years = [(max(_YEAR.findall(c[0])), c) for c in cells if _YEAR.findall(c[0])]
    latest = [c for y, c in years if y == max(years)[0]] if years else []
    return latest[0] if len(latest) == 1 else None


def value_of(figure: str) -> float | None:
    m = _AMOUNT.search(figure.replace("—", ""))
    if not m:
        return None
    value = float(m.group(1).replace(",", ""))
    negative = "(" in figure.split(m.group(1))[0] or figure.strip().startswith("-")
    return -value if negative else value
