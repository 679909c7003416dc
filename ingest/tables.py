"""Tables in extracted text: PDF text comes out one cell a line, so a table's rows are lost.

find_tables() finds each run of short lines that reads as a table and the column count that makes it
one: the count whose columns most consistently hold a digit (or don't) and start with one (or don't),
the smallest on a tie ("Ridge 19" is a label, "$2,480" and "19 meals a week" are figures, "Monday,
August 31" a date); its first row, the header, starts no cell with a figure (a run cut from inside a
table is left as it is). Pipe (|a|b|) and tab-separated rows are read directly. rows_inline() puts each row
back on one line ("Tuition, 1-11 credits | $465 | per credit"): a small model reading the cells one a
line takes a figure from the row above or below (bench/RESULTS.md, issue 9); on its own line, it doesn't.
Used by rag.prompt (the passages a model reads) and rag.tune.structure (question/answer pairs).
"""
from __future__ import annotations

import re

SECTION = re.compile(r"^(\d{1,2}(?:\.\d{1,2}){0,2})\s+([A-Z][^\n]{1,70})$")
RULE = re.compile(r"^(\d{1,2}(?:\.\d{1,2}){1,3})\s+([A-Z][^.\n]{1,60})\.\s+(\S.*)$")
_DIGIT = re.compile(r"\d")
_VALUE = re.compile(r"^[\s$€£¥(+\-−–]*\.?\d")  # a cell that starts with a figure: "$465", "(12)", "19 meals"
SHORT_LINE = 60  # characters: a line this short without a full stop may be a table cell
MAX_COLUMNS = 5
MIN_CONSISTENCY = 0.9  # mean share of rows agreeing, per column, on holding a digit and on starting with one


def is_section(line: str) -> re.Match | None:
    """A numbered section heading ("2.5 Closures and weather"), not a rule with its text."""
    m = SECTION.match(line)
    if m and not line.endswith((".", ",", ";", ":")) and len(line.split()) <= 10 and not RULE.match(line):
        return m
    return None


def is_cell(line: str) -> bool:
    return bool(line) and len(line) <= SHORT_LINE and not line.endswith((".", ":", ";")) and not is_section(line) \
        and not RULE.match(line)


def find_tables(lines: list[str]) -> list[tuple[int, int, list[list[str]]]]:
    """(first line, end line, rows with the header first) for each table found among lines."""
    found, i = [], 0
    while i < len(lines):
        j = i
        if "|" in lines[i] or "\t" in lines[i]:
            while j < len(lines) and ("|" in lines[j] or "\t" in lines[j]):
                j += 1
            rows = [[c.strip() for c in re.split(r"\||\t", ln.strip().strip("|"))] for ln in lines[i:j]]
            rows = [r for r in rows if not all(re.fullmatch(r":?-{2,}:?", c) or not c for c in r)]
            if len(rows) >= 3 and len({len(r) for r in rows}) == 1 and len(rows[0]) >= 2:
                found.append((i, j, rows))
        else:
            while j < len(lines) and is_cell(lines[j]):
                j += 1
            rows = cells_to_rows(lines[i:j])
            if rows:
                found.append((i, j, rows))
        i = max(j, i + 1)
    return found


def cells_to_rows(cells: list[str]) -> list[list[str]] | None:
    """One cell a line -> rows: the column count whose columns are most consistent (see the module), the
    smallest on a tie; None when no count makes a table (a header and two rows at least)."""
    best, best_score = None, MIN_CONSISTENCY
    for n in range(2, MAX_COLUMNS + 1):
        body = cells[n:]
        rows = [body[k:k + n] for k in range(0, len(body) - len(body) % n, n)]
        if len(rows) < 2 or len(body) % n or any(_VALUE.match(c) for c in cells[:n]):
            continue  # too short, a row cut off, or no header of words (a chunk cut inside the table)
        digits = [sum(bool(_DIGIT.search(r[c])) for r in rows) / len(rows) for c in range(n)]
        if max(digits[1:]) < 0.5:
            continue  # no column of values: a list of names, not a table
        starts = [sum(bool(_VALUE.match(r[c])) for r in rows) / len(rows) for c in range(n)]
        score = sum(max(s, 1 - s) for s in digits + starts) / (2 * n)
        if score > best_score + 1e-9:
            best, best_score = [cells[:n], *rows], score
    return best


def rows_inline(text: str) -> str:
    """text with each one-cell-a-line table written a row a line, cells joined by " | "; other lines as
    they were (pipe and tab tables already are a row a line)."""
    lines = text.split("\n")
    out, at = [], 0
    for start, end, rows in find_tables([line.strip() for line in lines]):
        if "|" in lines[start] or "\t" in lines[start]:
            continue
        out += lines[at:start] + [" | ".join(row) for row in rows]
        at = end
    return "\n".join(out + lines[at:])
