"""Tables in extracted text: PDF text comes out one cell a line, so a table's rows are lost.

find_tables() finds each run of short lines that reads as a table and the column count that makes it
one: the count whose columns most consistently hold a digit (or don't) and start with one (or don't),
the smallest on a tie ("Ridge 19" is a label, "$2,480" and "19 meals a week" are figures, "Monday,
August 31" a date); its first row, the header, starts no cell with a figure (a run cut from inside a
table is left as it is). Pipe (|a|b|) and tab-separated rows are read directly. rows_inline() puts each row
back on one line ("Tuition, 1-11 credits | $465 | per credit"): a small model reading the cells one a
line takes a figure from the row above or below (bench/RESULTS.md, issue 9); on its own line, it doesn't.
label_columns() writes each figure of a filing's table with its period ("three months 2023: $39,669").
rag.prompt uses both on the passages a model reads; rag.tune.structure uses rows_inline for question/answer pairs.
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


_WHOLE_ROW = re.compile(r"[A-Za-z].*?\s\(?\$?\s?\d[\d,]*(?:\.\d+)?\)?%?\s+\(?\$?\s?\d[\d,]*(?:\.\d+)?\)?%?\s*$")


def cells_to_rows(cells: list[str]) -> list[list[str]] | None:
    """One cell a line -> rows: the column count whose columns are most consistent (see the module), the
    smallest on a tie; None when no count makes a table (a header and two rows at least)."""
    best, best_score = None, MIN_CONSISTENCY
    if sum(bool(_WHOLE_ROW.search(c)) for c in cells) * 2 > len(cells):
        return None  # most lines are whole rows already ("Raw materials 298 281"): a row a line, not a cell
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


# -- period columns of financial statements -----------------------------------------------------------------
# A filing's table prints its column heads over several lines ("Three Months Ended Nine Months Ended", then
# "July 1," / "2023" / "June 25," / "2022" ..., or "July 30, July 31," over "2023 2022"), and each row as a
# label and a run of figures. A small model counting its way from "iPhone $ 39,669 $ 40,665 $ 156,778" back to
# those heads takes the nine-month figure for the quarter (bench/RESULTS.md, seventh session). label_columns()
# rebuilds the heads and writes each figure with its own, in short: "iPhone | three months 2023: $39,669 | ...".
_MONTH = (r"(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|Sept?(?:ember)?|"
          r"Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)\.?")
_COUNTS = "three|six|nine|twelve|thirteen|twenty-six|thirty-nine|fifty-two"  # of months or weeks, spelled out
_SHARE_OF = r"%\s+of\s+(?:net\s+|total\s+)?(?:revenues?|sales)\b"  # "Amount | % of Net Revenue" under each period
_OVER = r"\b(?:quarter|year|month|period)-over-(?:quarter|year|month|period)\b"  # "Quarter-over-Quarter Change"
_HEAD_TOKEN = re.compile(rf"""
    (?P<period>\b(?:(?:{_COUNTS}|[0-9]{{1,2}})[- ](?:months|weeks)
                  |quarter|(?:fiscal\s)?year|half[- ]year)\s+ended\b)
  | (?P<monthday>\b{_MONTH}\s+\d{{1,2}},?(?!\s*\d{{3}}))
  | (?P<year>\b(?:19|20)\d{{2}}\b)
  | (?P<quarter>\b(?:Q[1-4]|YTD)(?=\s+(?:19|20)\d{{2}}\b))
  | (?P<change>(?:{_OVER}\s+|\$\s|%\s|percentage\s+)?\bchange\b|\bvariance\b)
  | (?P<filler>\bas\sof\b|\band\b|,|{_OVER}|\bpercentage\b|\bamount\b|{_SHARE_OF})
""", re.I | re.X)
_GROUP_LABEL = re.compile(r"\s+(?!Change\b)[A-Z][^:\d]{0,40}:$")
# a sub-group's name after a group's label, both carried into a chunk's heading: "... Sep 25, 2021 Operating segment
# revenue: Client Computing" (a table cut across chunks; blind set 19's z04, thirty-ninth session)
_SUB_GROUP = re.compile(r"(?<=:)\s+[A-Z][^:\d]{0,40}$")
_GROUP_WORDS = re.compile(r"(?<=\d)\s+([A-Z][a-z]+(?:\s+[a-z]+){0,2})$")  # after the last year
_TAIL_NOTE = re.compile(r"\s*\([^()]{0,80}\)$")  # "... 2022 2021 (In millions)": the unit after the heads
_NOTE = re.compile(r"\([^()\d]{0,80}\)")  # "(In Millions, Except Per Share Amounts)"
_GAP = re.compile(rf"\s*(?:{_NOTE.pattern}\s*)?")  # between two heads: nothing, or the unit in brackets
_LEAD_NOTE = re.compile(r"^\([^()]{0,80}\)\s*")  # "(In Millions; Unaudited) Sep 30, 2023 ...": the unit before them
_PERIOD_WORDS = re.compile(r"\b(?:months|weeks|quarter|year)\s+ended\b", re.I)
_FIGURE = r"(?:\$\s?)?\(?\$?\s?\d[\d,]*(?:\.\d+)?\)?(?:\s?%)?|[—–-]"
_ROW_TAIL = re.compile(rf"(?:^|\s)({_FIGURE})\s*$")
MAX_HEAD_LINE = 90  # characters: a longer line is prose, even if it names a period


def column_heads(text: str) -> tuple[list[str], int] | None:
    """The column heads a header text ends with, and where they start in it: ["Three Months Ended July 1,
    2023", ..., "Change", ...]; None unless the text's tail is made only of periods, dates, years and "Change"."""
    for _ in range(2):  # "... 2022 2021 (In millions) Revenue:": a row group's label, the unit, below the heads
        text = _TAIL_NOTE.sub("", _GROUP_LABEL.sub("", _SUB_GROUP.sub("", text.rstrip())))
        if (m := _GROUP_WORDS.search(text)) and not head_only(m.group(1)):
            text = text[:m.start()]  # "... September 30, 2022 2021 Operations": a section's name, no colon
    notes = [m.span() for m in _NOTE.finditer(text)]  # the unit in brackets: its words are not heads
    tokens = [t for t in _HEAD_TOKEN.finditer(text) if not any(a <= t.start() < b for a, b in notes)]
    end = len(text)
    # the longest tail of head tokens separated by nothing but spaces
    start, i = end, len(tokens) - 1
    while i >= 0 and _GAP.fullmatch(text[tokens[i].end():start]):
        start = tokens[i].start()
        i -= 1
    tail = [t for t in tokens[i + 1:] if t.lastgroup != "filler"]
    if not any(t.lastgroup == "period" for t in tail):  # "Three Months Ended" above "(In Millions) Apr 1, 2023 ..."
        tail = [t for t in tokens[:i + 1] if t.lastgroup == "period"] + tail
    if not any(t.lastgroup in ("monthday", "year") for t in tail):
        return None
    stacked = _stacked_heads(tail)
    if stacked:
        return stacked, start
    periods, columns, pending = [], [], []
    for t in tail:
        word = " ".join(t.group().split())
        if t.lastgroup == "period":
            periods.append(word)
        elif t.lastgroup == "monthday":
            pending.append(word.rstrip(","))
        elif t.lastgroup == "quarter":
            pending.append(word.upper() + " ")  # "Q3 2023", "YTD 2023"
        elif t.lastgroup == "year":
            columns.append((_dated(pending.pop(0), word) if pending else word, True))
        else:
            over = re.match(_OVER, word, re.I)
            columns.append((f"{over.group()} Change" if over else "Change", False))
    if pending or sum(is_date for _, is_date in columns) < 2:
        return None
    dates = sum(is_date for _, is_date in columns)
    if periods and dates % len(periods):
        return None
    heads, seen = [], 0
    for name, is_date in columns:
        if is_date:
            period = periods[seen * len(periods) // dates] if periods else ""
            seen += 1
            heads.append(f"{period} {name}".strip())
        else:
            heads.append(name)
    return heads, start


def _dated(day: str, year: str) -> str:
    return f"{day}{year}" if day.endswith(" ") else f"{day}, {year}"


def _stacked_heads(tail: list[re.Match]) -> list[str] | None:
    """Heads printed as two rows, the periods with their "Change" columns above a row of years alone
    ("Three Months Ended December 31, | Percentage Change | Six Months Ended December 31, | Percentage Change"
    over "2022 2021 2022 2021"): each period's years, then its changes. None for any other layout."""
    split = min((i for i, t in enumerate(tail) if t.lastgroup == "year"), default=len(tail))
    top, bottom = tail[:split], tail[split:]
    periods = [i for i, t in enumerate(top) if t.lastgroup == "period"]
    if (not periods or periods[0] != 0 or not any(t.lastgroup == "change" for t in top)
            or any(t.lastgroup != "year" for t in bottom) or len(bottom) % len(periods)):
        return None
    per = len(bottom) // len(periods)
    years, heads = [" ".join(t.group().split()) for t in bottom], []
    for g, at in enumerate(periods):
        group = top[at:periods[g + 1] if g + 1 < len(periods) else len(top)]
        period = " ".join(group[0].group().split())
        days = [" ".join(t.group().split()).rstrip(",") for t in group if t.lastgroup == "monthday"]
        if len(days) not in (0, 1, per) or any(t.lastgroup == "quarter" for t in group):
            return None
        for j, year in enumerate(years[g * per:(g + 1) * per]):
            day = days[j] if len(days) == per else days[0] if days else ""
            heads.append(f"{period} {day}, {year}" if day else f"{period} {year}")
        heads += ["Change"] * sum(t.lastgroup == "change" for t in group)
    return heads


def short_heads(heads: list[str]) -> list[str]:
    """Heads as a cell's tag: the period and the year ("Three Months Ended July 1, 2023" -> "three months
    2023"), a date without a period as printed; in full where the short forms of two columns would be one."""
    short = []
    for head in heads:
        m = re.match(r"(.*?)\s+ended\s+.*?((?:19|20)\d{2})$", head, re.I)
        short.append(f"{m.group(1).lower()} {m.group(2)}" if m else head)
    return [s if short.count(s) == 1 or s.endswith("Change") else h for s, h in zip(short, heads)]


def tail_figures(line: str, most: int | None = None) -> tuple[str, list[str]]:
    """(what precedes them, the figures) read off the end of a line, at most `most` (None: all): "Depreciation
    1,901 2,847" gives ("Depreciation", ["1,901", "2,847"])."""
    figures, rest = [], line.rstrip()
    while (most is None or len(figures) < most) and (m := _ROW_TAIL.search(rest)):
        figures.insert(0, " ".join(m.group(1).split()).replace("$ ", "$").replace(" %", "%"))
        rest = rest[:m.start()].rstrip()
    return rest, figures


def _figures(line: str, count: int) -> tuple[str, list[str]] | None:
    """(label, figures) when line ends with exactly `count` figures after a label of words."""
    rest, figures = tail_figures(line, count + 1)
    if len(figures) == count + 1 and (re.search(r"\b(?:and|of|or|to|at|from)$", rest) or
                                      rest.count("(") > rest.count(")")):
        # "... allowance for credit losses of $14 and $12 642 611"; "..., net of accumulated depreciation of $97,122
        # ($93,386 as of December 31, 2022) 93,352 80,860": the extra figure closes a bracket of the label
        rest, figures = f"{rest} {figures[0]}", figures[1:]
    elif len(figures) == count + 1 and re.fullmatch(r"\(\d{1,2}\)", figures[0]):
        rest, figures = f"{rest} {figures[0]}", figures[1:]  # a footnote's mark: "Advertising services (5) 9,548 ..."
    if len(figures) != count or not re.search(r"[A-Za-z]", rest):
        return None
    return rest.strip(), figures


def _with_shares(line: str, count: int) -> tuple[str, list[tuple[str, str]]] | None:
    """(label, figures) for a row of `count` amounts each followed by its percentage ("Net revenue $ 14,158
    100.0 % $ 15,338 100.0 %", under "Amount | % of Net Revenue"): ("$14,158", "100.0%") per head."""
    row = _figures(line, 2 * count)
    if not row or not all(f.endswith("%") or f in "—–-" for f in row[1][1::2]):
        return None
    shares = [re.sub(r"^\((.*)\)%$", r"-\1%", b) for b in row[1][1::2]]  # "(0.1)%" in brackets: "-0.1%"
    return row[0], list(zip(row[1][::2], shares))


def head_only(line: str) -> bool:
    """Every word of line is a period, a date's part, a year or "Change" ("July 1,", "2023 2022")."""
    return not _HEAD_TOKEN.sub(" ", line).strip()


def _heads_after_a_unit(line: str, block: list[str]) -> bool:
    """A line that ends in heads after other words counts as a head line only below a period line or after a
    unit in brackets ("(In Millions; Unaudited) Apr 1, 2023 Apr 2, 2022"): "Fall break October 12, 2026
    October 13, 2026" is a row of a calendar."""
    found = column_heads(line)
    return bool(found) and (line[:found[1]].rstrip().endswith(")") or any(_PERIOD_WORDS.search(b) for b in block))


def _heads_over_figures(line: str, following: str) -> bool:
    """A line of column names that ends in two days or more, over a row ending in as many figures: "Maturities (1)
    Stated Interest Rates Effective Interest Rates December 31, 2022 June 30, 2023" over "2014 Notes ... 4,000 4,000";
    not a calendar's row over another ("Fall break October 12, 2026 October 13, 2026")."""
    found = column_heads(line)
    if not found or len(found[0]) < 2 or not all(_FULL_DAY.fullmatch(h) for h in found[0]):
        return False
    before = re.sub(r"\(\d{1,2}\)", " ", line[:found[1]])  # footnote marks: "Maturities (1)"
    figures = tail_figures(following)[1][-len(found[0]):]
    return not re.search(r"\d", before) and not re.search(_MONTH, following) and len(figures) == len(found[0]) and \
        all(len(re.sub(r"\D", "", f)) >= 3 for f in figures)  # amounts, not "Fees 1 2"


_FULL_DAY = re.compile(rf"{_MONTH}\.?\s+\d{{1,2}},\s+(?:19|20)\d{{2}}", re.I)
_SPAN = re.compile(rf"\b({_COUNTS}|\d{{1,2}})[- ](months|weeks)\b|\b(quarter|half[- ]year|(?:fiscal\s)?year)\s+ended\b",
                   re.I)
_SPAN_MONTHS = {"three": 3, "six": 6, "nine": 9, "twelve": 12, "thirteen": 3, "twenty-six": 6, "thirty-nine": 9,
                "fifty-two": 12, "quarter": 3, "half-year": 6, "half year": 6}


_QUARTER_HEAD = re.compile(r"\bQ([1-4]) (?:19|20)\d{2}$")  # "Q3 2023": three months


def head_months(head: str) -> int | None:
    """The months a column head spans: "Three Months Ended July 1, 2023" -> 3, "Thirty-nine weeks ended" -> 9,
    "Year Ended" -> 12; None for a date alone or "Change"."""
    m = _SPAN.search(head)
    if not m:
        return 3 if _QUARTER_HEAD.search(head) else None
    if m.group(3):
        word = m.group(3).lower()
        return _SPAN_MONTHS.get(word, 12 if word.endswith("year") else None)
    count, unit = m.group(1).lower(), m.group(2).lower()
    if count.isdigit():
        return int(count) if unit == "months" else round(int(count) / 4.33)
    return _SPAN_MONTHS.get(count)  # "thirteen weeks" is a quarter


def column_spans(heads: list[str]) -> list[int | None]:
    """head_months per column; a "Change" column spans what the column before it spans, a "YTD 2023" column
    the months up to the quarter named beside it ("Q3 2023": nine)."""
    quarters = [int(m.group(1)) for h in heads for m in [_QUARTER_HEAD.search(h)] if m]
    spans: list[int | None] = []
    for head in heads:
        ytd = re.search(r"\bYTD (?:19|20)\d{2}$", head) and len(set(quarters)) == 1
        change = head.endswith("Change") and spans
        spans.append(spans[-1] if change else 3 * quarters[0] if ytd else head_months(head))
    return spans


_UNIT = re.compile(r"\((?:\$\s*|dollars\s+)?in\s+(thousands|millions|billions)\b([^()]*)\)", re.I)
# a heading that starts inside "(in millions)": the PDF broke the line after "... were as follows (in"
_UNIT_CUT = re.compile(r"^\s*(thousands|millions|billions)\b([^()]*)\)", re.I)
# a unit whose bracket the PDF broke before it closed: "(In Millions, Except Per Share" / "Amounts) Amount % of ..."
_UNIT_OPEN = re.compile(r"\((?:\$\s*|dollars\s+)?in\s+(thousands|millions|billions)\b([^()]*)$", re.I)
_NOT_IN_UNIT = re.compile(r"per[- ]share|\bshares?\b|\beps\b|percent|%|\bratios?\b|\brates?\b|\blease terms?\b|\blife\b|"
                          r"\byears?\b|\bdays?\b|\bnumber\b|\bemployees\b", re.I)


def table_unit(text: str) -> tuple[str, bool] | tuple[str, bool, str] | None:
    """("million", True) for "(In millions, except per share amounts)": the scale word a table's figures are
    in, and whether some rows are excepted; a third, the scale of its rows of shares, when the text gives one: ("million",
    True, "thousand") for "(In millions, except number of shares which are reflected in thousands ...)", ("", True,
    "thousand") for "(net income in millions and shares in thousands)" (its other rows as printed: which are net
    income's is not said). None when the text names no unit, or more than one otherwise."""
    units = list(_UNIT.finditer(text)) or list(_UNIT_CUT.finditer(text)) or list(_UNIT_OPEN.finditer(text))
    m = units[-1] if units else None  # the line nearest the figures
    rest = m.group(2).lower() if m else ""
    shares = _SHARES_IN.search(rest) if m else None
    if not m and (both := _AMOUNTS_AND_SHARES.search(text)):
        return "", True, both.group(1).lower()[:-1]
    if not m or "except" not in rest and re.search(r"\bin\s+(?:thousands|millions|billions)\b", rest):
        return None
    if shares:
        return m.group(1).lower()[:-1], True, (shares.group(1) or shares.group(2)).lower()[:-1]
    return m.group(1).lower()[:-1], "except" in rest


# the scale a unit's exception gives shares: "except number of shares which are reflected in thousands", "except
# shares in thousands"; a bracket giving one scale to an amount and another to shares: "(net income in millions and
# shares in thousands)" (Apple's earnings per share note: blind set 42's x17)
_SHARES_IN = re.compile(r"\bshares?\b[^()]{0,40}?\b(?:reflected\s+)?in\s+(thousands|millions)\b|"
                        r"\bshares?\s+(?:are\s+)?(?:reflected|stated|presented|shown)\s+in\s+(thousands|millions)\b", re.I)
_AMOUNTS_AND_SHARES = re.compile(r"\((?:[a-z][a-z ]{0,30}?\s)?in\s+(?:thousands|millions|billions)\s*,?\s+and\s+"
                                 r"(?:the\s+)?(?:number\s+of\s+)?shares\s+in\s+(thousands|millions)\s*\)", re.I)
_SHARES_ROW = re.compile(r"\bshares\b", re.I)  # "Weighted-average diluted shares", not "Earnings per share"


def _labelled(row: str, tags: list[str], spans: list[int | None], months: int | None,
              unit: tuple[str, bool] | None, year: str | None = None) -> tuple[str, bool]:
    """(the row written cell by cell with its heads, True), or (the row as it was, False) when it has no
    figure per head (nor an amount and a share per head). With year, the cells whose head names it first."""
    found = _figures(row, len(tags)) or _with_shares(row, len(tags))
    if not found:
        return row, False
    label, figures = found
    cells = list(zip(tags, figures, spans))
    if months and any(span == months for _, _, span in cells):
        cells = [c for c in cells if c[2] in (None, months)]
    if year:
        cells.sort(key=lambda c: not re.search(rf"(?<!\d){year}(?!\d)", c[0]))  # (stable: the rest as printed)
    return " | ".join([label] + [f"{t}: {_cell(label, f, unit)}" for t, f, _ in cells]), True


def _cell(label: str, figure: str | tuple[str, str], unit: tuple[str, bool] | None) -> str:
    """A figure with its unit; an amount with its share beside it: "$14,158 million (100.0%)"."""
    return f"{_with_unit(label, figure[0], unit)} ({figure[1]})" if isinstance(figure, tuple) else \
        _with_unit(label, figure, unit)


def _with_unit(label: str, figure: str, unit: tuple[str, bool] | None) -> str:
    """"$39,669 million" in a table in millions; a percentage, or a row the unit may except (per share,
    shares, rates...; where the unit has exceptions, any figure with decimals: "Diluted $1.26"), as printed; under a
    heading of percentages (PERCENT_ROWS), "21%"."""
    if unit == PERCENT_ROWS:
        return figure if figure.endswith("%") or not re.search(r"\d", figure) else f"{figure}%"
    if not unit or figure.endswith("%") or not re.search(r"\d", figure):
        return figure
    if len(unit) > 2 and _SHARES_ROW.search(label) and "$" not in figure and "." not in figure:
        return f"{figure} {unit[2]}"  # "Weighted-average diluted shares 16,262,203 thousand"
    if not unit[0] or _NOT_IN_UNIT.search(label) or unit[1] and "." in figure:
        return figure
    return f"{figure} {unit[0]}"


# a heading inside a table over rows of percentages, whose figures the PDF prints without "%" after the first row:
# "Year-over-year Percentage Growth:", "Percent of Net Sales:", "As a percentage of revenue:"
_PERCENT_HEADING = re.compile(r"^[^\d]{0,60}(?:\bpercent(?:age)?s?\s+(?:of|change|growth|increase|decrease)\b|"
                              r"\bgrowth(?:\s+rates?)?\b|%\s+(?:of|change)\b|\bas\s+a\s+percent(?:age)?\s+of\b)"
                              r"[^\d]{0,40}:$", re.I)
_GROUP_HEADING = re.compile(r"^[A-Za-z][^\d]{0,60}:$")  # "Operating income:", amounts after the percentages
PERCENT_ROWS = ("%", False)  # the unit of the rows under such a heading


_SPACED_BRACKET = re.compile(r"\((\$?\s?\d[\d,]*(?:\.\d+)?)\s+\)")


_NAMES_LINE = re.compile(r"^[A-Z][\w&'’-]*(?:\s+(?:[A-Z][\w&'’-]*|and|of|&|\d{1,2}))+$")
_DAY = rf"(?:As\s+of\s+)?{_MONTH}\s+\d{{1,2}},\s+(?:19|20)\d{{2}}"  # "September 30, 2022" over named columns
_DAY_LINE = re.compile(rf"^{_DAY}$", re.I)
DAY_BEFORE_NAME = re.compile(rf"^{_DAY}\s+", re.I)  # the day label_columns writes before a named column's name


def named_heads(line: str, row: str) -> list[str] | None:
    """The columns' names when line heads a table's columns by name, not period ("Operating Leases Finance Leases
    Total" over "Gross lease liabilities $ 75,495 $ 18,838 $ 94,333"): the one way of cutting its words into as
    many names (three or more, of at most three words) as the row below has figures where every name but "Total"
    ends with the same word ("... Leases") or starts with it ("Level ..."); None when the line is no such head or
    there is not exactly one such cut ("Gross Carrying Amount Accumulated Amortization Net Carrying Amount")."""
    if not _NAMES_LINE.match(line) or head_only(line) or len(line.split()) > 12:
        return None
    count = len(tail_figures(row)[1])
    words = line.split()
    if not 3 <= count <= MAX_COLUMNS or count > len(words) or not _figures(row, count):
        return None
    from itertools import combinations

    cut = []
    for cuts in combinations(range(1, len(words)), count - 1):
        bounds = (0, *cuts, len(words))
        names = [words[a:b] for a, b in zip(bounds, bounds[1:])]
        kinds = [n for n in names if n != ["Total"]]
        if any(not n[0][0].isupper() or len(n) > 3 for n in names) or len(kinds) < 2:
            continue
        if len({n[-1] for n in kinds}) == 1 or len({n[0] for n in kinds}) == 1:
            cut.append([" ".join(n) for n in names])  # "... Leases" each, or "Level ..." each
    return cut[0] if len(cut) == 1 else None


def label_columns(text: str, heading: str = "", months: int | None = None, units: bool = False,
                  full_heads: bool = False, named_only: bool = False, year: str | None = None) -> str:
    """text with each row of figures under rebuilt period heads written cell by cell with its head
    ("Net sales | three months 2023: $81,797 | ..."; short_heads). The heads come from heading (a chunk cut
    from inside the table) or from head lines in text; a line of prose ends them. Rows without one figure per
    head, and all other lines, are left as they were; heads of fewer than two columns are not used.
    With months (the span a question asks about: 3 for "the latest quarter"), a table that has columns of
    that span shows only those, and the columns whose span is not known ("As of June 30, 2023"). With months
    or units, each figure carries the table's unit ("$1,058 million"). With full_heads, each cell is tagged with
    its head as printed ("Three Months Ended July 1, 2023"), day included, not its short form. With named_only,
    only the tables whose columns are named (named_heads: "Operating Leases Finance Leases Total") are labelled.
    With year (the one year a question names), a row's cells of that year come first: a filing that prints last
    year's column first (Amazon's "2022 2023") had the model read last year's figure."""
    text = _SPACED_BRACKET.sub(r"(\1)", text)  # "(4,106 )" as some filings' text prints a negative: "(4,106)"
    found = column_heads(heading) if heading and not named_only else None
    heads = found[0] if found else None
    tagged = list if full_heads else short_heads
    tags, spans = (tagged(heads), column_spans(heads)) if heads else (None, None)
    units = units or bool(months)
    unit = table_unit(heading) if heading and units else None
    amounts = unit  # the unit under a heading of percentages had been (PERCENT_ROWS)
    out, block, named = [], [], False  # named: the heads are names (named_heads), which end with their rows
    lines = text.split("\n")
    for i, line in enumerate(lines):
        stripped = " ".join(line.split())
        if units and (_UNIT.search(stripped) or _UNIT_CUT.match(stripped) or _UNIT_OPEN.search(stripped) or
                      _AMOUNTS_AND_SHARES.search(stripped)):
            unit = table_unit(stripped)
        elif units and heads and _PERCENT_HEADING.match(stripped):
            unit, amounts = PERCENT_ROWS, unit
        elif unit == PERCENT_ROWS and _GROUP_HEADING.match(stripped):
            unit = amounts  # the percentages are over: the table's own unit again
        if not stripped and block:  # a blank line between two rows of heads
            out.append(line)
            continue
        if _NAMES_LINE.match(stripped) and (names := named_heads(stripped, next((x for x in lines[i + 1:]
                                                                                 if x.strip()), ""))):
            # "September 30, 2022" / "Operating Leases Finance Leases Total": columns named, under the day they hold
            day = next((x.strip() for x in reversed(lines[:i]) if x.strip()), "")
            heads = [f"{day} {name}" for name in names] if _DAY_LINE.match(day) else names
            tags, spans, block, named = tagged(heads), column_spans(heads), [], True
            out.append(line)
            continue
        if named_only and stripped and (head_only(stripped) or _heads_after_a_unit(stripped, block)):
            heads, named = None, False  # a table of periods: its rows are not the named columns
            out.append(line)
            continue
        if stripped and not stripped.endswith(".") and (
                len(_LEAD_NOTE.sub("", stripped)) <= MAX_HEAD_LINE and (head_only(stripped) or
                                                                     _heads_after_a_unit(stripped, block)) or
                _heads_over_figures(stripped, next((x for x in lines[i + 1:] if x.strip()), ""))):
            block.append(stripped)
            parsed = column_heads(" ".join(block))
            if parsed:
                heads, tags, spans = parsed[0], tagged(parsed[0]), column_spans(parsed[0])
            out.append(line)
            continue
        block = []
        if heads and len(heads) >= 2 and stripped:
            # rows_inline may have put several rows on one line ("Severance $ (39) $ 5 | Litigation 77 (1,216)")
            parts = [_labelled(part, tags, spans, months, unit, year) for part in stripped.split(" | ")]
            if any(labelled for _, labelled in parts):
                out.append(" | ".join(part for part, _ in parts))
                continue
        if named and stripped:
            heads, named = None, False  # the named columns' rows are over: a line of another kind follows
        if len(stripped) > SHORT_LINE and stripped.endswith("."):
            heads = unit = None  # prose: the table is over
        out.append(line)
    return "\n".join(out)


# -- columns named by a head line (a paper's results table) -------------------------------------------------------
# A paper prints a results table as a head line of names and rows of a label and figures ("Params HumanEval MBPP" /
# "pass@ @1 @100 @1 @80" / "LaMDA 137B 14.0 47.3 14.8 62.4"); a small model counting its way along the row took the
# @100 column for @1. label_heads() writes each figure with its column's name, "LLaMA 13B | HumanEval @1: 15.8 | ...",
# only where the names fit the figures one to one (or group over them evenly): a name of two words ("Social
# Science") makes the count disagree, and such a table is left as printed rather than labelled wrong.
_CELL = re.compile(r"[-−+]?\$?\(?\d+(?:,\d{3})*(?:\.\d+)?\)?%?(?:±\d+(?:\.\d+)?|/(?:\d+(?:\.\d+)?|-))?[∗*†‡]?|[-–—]")
# ("94.6/93.7": two scores of one task, F1/accuracy, in one cell)
_ARROW = re.compile(r"\s*[↑↓]")
_YEAR_IN_BRACKETS = re.compile(r"\((?:19|20)\d\d\)")  # "BERT (2018)": a row's label, not a figure
# the head of the rows' label column, printed before the figures' names ("Model EM BSamb BSdis")
LABEL_HEADS = frozenset("model models method methods system systems approach dataset datasets data task tasks "
                        "benchmark benchmarks corpus params parameters size setting settings language name".split())
_NOT_NAMES = re.compile(rf"\b(?:ended|months?|weeks?|quarters?|years?|fiscal|{_MONTH}|(?:19|20)\d\d|thousands|millions|"
                        rf"billions)\b|^(?:Table|Figure)\b",
                        re.I)
_SIZE_FIRST = re.compile(r"[\d+]")  # "13B", "+ BiLSTM"
GAP_MARK = "[…]"  # the line between two pieces of one page joined into a passage (rag.retrieve.GAP)
MAX_SPANNING = 2  # lines between a results table's head and its rows that are no rows of it ("Chance 25.0")
MAX_GROUP_LABEL = 3  # words: a line this short between rows ("LLaMA") names the rows under it ("LLaMA 13B")


def result_row(line: str) -> tuple[str, list[str]] | None:
    """(label, figures) of a table row that ends in two or more figures ("GPT-3 175B 14.6 23.0 - 29.9": "GPT-3 175B"
    and four), None for any other line."""
    if "|" in line or " / " in line:
        return None
    words = line.split()
    figures: list[str] = []
    while words and _CELL.fullmatch(words[-1]) and not _YEAR_IN_BRACKETS.fullmatch(words[-1]):
        figures.insert(0, words.pop())
    if len(figures) < 2 or not any(_DIGIT.search(f) for f in figures):
        return None
    return " ".join(words), figures


def _names(line: str, count: int, grouped: bool = False, under: bool = False) -> list[str] | None:
    """line's words as the names of count columns: one each, after the label column's head if it has one
    ("Model", "Params"; with under, any first word: the line is under a line of groups, "pass@ @1 @100 @1 @80");
    with grouped, fewer names that each head the same number of columns. None otherwise."""
    words = _with_added(_ARROW.sub("", line).split())
    if not words or line.rstrip().endswith(".") and not words[-1] in ("Avg.", "avg.") or line.rstrip().endswith(":") \
            or _NOT_NAMES.search(line):  # ("Non-current assets:" heads rows, not two columns)
        return None
    if len(words) > 1 and _heads_labels(words[0]):
        fits = [words[1:]]  # "Model Dev Test": the label column's head names no figures' column
    elif len(words) > 1 and under:
        fits = [words, words[1:]]
    else:
        fits = [words]
    for names in fits:
        if any(_CELL.fullmatch(n) or _WORD_NOT_NAME.fullmatch(n) for n in names):
            continue  # a figure ("0"), or a common word ("approach"), names no column
        if grouped and not _groups_named(names):
            continue  # groups are benchmarks' names ("XSum SQuAD"), not a title's words ("Main Results", "As of")
        if len(names) == count or grouped and 1 < len(names) < count and count % len(names) == 0:
            return names
    return None


_SIZE_CELL = re.compile(r"\d+(?:\.\d+)?[Kk]\W?")  # "10K", "3.2K": a split's size (not a model's, "65B": a head's)


def _spanning(line: str, count: int) -> bool:
    """Whether a line under a results table's head is none of its rows of count figures but a line that spans them:
    a label with fewer figures ("Chance 25.0"), sizes ("Split Size 10K 10K 5K ..."), or words that name the rows below
    ("Single-task single models on dev": common words, which no head of columns has, and no sentence's end)."""
    words = line.split()
    if 1 < len(words) <= 8 and not line.endswith(".") and not _DIGIT.search(line) and \
            any(_WORD_NOT_NAME.fullmatch(w) for w in words):
        return True
    if len(words) < 2 or not (_CELL.fullmatch(words[-1]) or _SIZE_CELL.fullmatch(words[-1])):
        return False
    row = result_row(line)
    return row is None or len(row[1]) < count


def _groups_named(names: list[str]) -> bool:
    """Whether a line's words name groups of columns: each capitalised, most of them written as names ("Overall
    In-Domain Zero-Shot ActivityNet WikiHow"; not "Main Results")."""
    return all(n[0].isupper() or _PROPER.search(n) for n in names) and \
        2 * sum(bool(_PROPER.search(n)) for n in names) > len(names)


def _with_added(words: list[str]) -> list[str]:
    """A head's words, each that adds to the column before it ("+maj1@k" after "GSM8k") named with that column's name:
    "MATH +maj1@k GSM8k +maj1@k" -> "MATH", "MATH +maj1@k", "GSM8k", "GSM8k +maj1@k"."""
    out: list[str] = []
    for w in words:
        base = next((o for o in reversed(out) if not o.startswith("+") and " +" not in o), None)
        out.append(f"{base} {w}" if w.startswith("+") and len(w) > 1 and base else w)
    return out


def _heads_labels(word: str) -> bool:
    """word heads the rows' label column ("Model", "Params:"), not a column of figures."""
    return word.lower().rstrip(":.") in LABEL_HEADS


_PROPER = re.compile(r"\w[A-Z]|\d|\w[^\w\s]\w|^[^\w\s]")  # a capital inside, a digit or a sign: "BoolQ", "GPT3", "ARC-e", "@1"
_WORD_NOT_NAME = re.compile(r"[a-z]{4,}[:;,.]?")  # "Fine-tuning approach" heads rows, not two columns ("top-p", "EM" do)


def column_names(head: str, above: str, count: int) -> list[str] | None:
    """The names of a results table's count figure columns from its head line and the line above it: the head's
    words one a column, each after its group's name when the line above groups them evenly ("XSum SQuAD" over
    "Method GPT-2 NeoX GPT-2 NeoX": "XSum GPT-2" ...). None where the words don't fit the columns, where the line
    above looks like a head too but doesn't group them (a head printed on two lines: "Parameter Layers Hidden" /
    "Count Size Heads"), or where two columns would get one name."""
    above = " ".join(above.split())
    prose = any(_WORD_NOT_NAME.fullmatch(w) for w in above.split())  # "code with the textual description": no head
    if above and not above.endswith(".") and len(above.split()) <= 12 and not result_row(above) and not prose:
        groups, names = _names(above, count, grouped=True), _names(head, count, under=True)
        if not groups or not names:
            return None
        names = [f"{groups[i * len(groups) // count]} {name}" for i, name in enumerate(names)]
    else:
        names = _names(head, count)
    return names if names and len(set(names)) == len(names) else None


def results_head(text: str, count: int) -> str | None:
    """The head line of the results table text ends inside (its last lines rows of count figures), with the line of
    groups above it where there is one: the heading of a passage cut from further down that table. None where text
    holds no such head (rows up to its first line: the head is further up) or the head's words don't fit the rows."""
    lines = [" ".join(line.split()) for line in text.split("\n")]
    while lines and not lines[-1]:
        lines.pop()
    if lines and not ((row := result_row(lines[-1])) and len(row[1]) == count):
        lines.pop()  # a row cut off where the text ends
    at = len(lines) - 1
    while at >= 0 and ((row := result_row(lines[at])) and len(row[1]) == count or
                       at < len(lines) - 1 and 0 < len(lines[at].split()) <= MAX_GROUP_LABEL):
        at -= 1  # a row, or a group's name over rows ("LLaMA")
    if at < 0 or at == len(lines) - 1:
        return None
    head, above = lines[at], lines[at - 1] if at >= 1 else ""
    first = result_row(lines[at + 1])  # None where a group's name comes first
    if result_row(head) or not first or not first[0] or not (names := column_names(head, above, count)):
        return None
    return f"{above}\n{head}" if column_names(head, "", count) != names else head


def _head_lines(lines: list[str], count: int) -> list[str] | None:
    """The lines of a heading that name a results table's count columns, as column_names reads them: the heading as
    it is, or, where ingest joined its lines into one (ingest.split: "Overall In-Domain Zero-Shot ActivityNet WikiHow
    Model Val Test Val Test ..."), that line cut into the line of groups and the head (with or without the label
    column's name), a title before them dropped; None where no cut names the columns."""
    if column_names(lines[-1], lines[-2] if len(lines) > 1 else "", count):
        return lines
    words = " ".join(lines[-1].split()).split()
    for size in (count + 1, count):
        head, rest = " ".join(words[-size:]), words[:-size]
        if len(words) < size or not rest:
            continue
        if column_names(head, "", count):
            return [head]
        for groups in (g for g in range(count - 1, 1, -1) if count % g == 0 and g <= len(rest)):
            if column_names(head, " ".join(rest[-groups:]), count):
                return [" ".join(rest[-groups:]), head]
    return None


def _head_above(lines: list[str], i: int, count: int) -> tuple[list[str] | None, str]:
    """The names of the count columns of the rows starting at lines[i] (column_names), read from the head above them,
    past lines that span the rows ("Chance 25.0", split sizes: _spanning) or a group's name right above them ("LLaMA"
    over "7B ...", which is then returned as the group); (None, "") where no head names them."""
    at = i - 1
    while at >= 1 and i - at <= MAX_SPANNING and _spanning(" ".join(lines[at].split()), count):
        at -= 1
    if names := _head_at(lines, at, count):
        return names, ""
    over = " ".join(lines[i - 1].split())
    if at == i - 1 and i >= 2 and 0 < len(over.split()) <= MAX_GROUP_LABEL and not over.endswith(".") and \
            (names := _head_at(lines, i - 2, count)):
        return names, over
    return None, ""


def _head_at(lines: list[str], at: int, count: int) -> list[str] | None:
    """The names of count columns that lines[at] gives as a head (with the line above it: column_names)."""
    head = " ".join(lines[at].split())
    # (a passage that starts at the head line may have lost the line above it: "Parameter Layers Hidden" over "Count
    # Size Heads"; there, only a head that starts with the label column's own ("Model ...") is taken, or one of names no
    # word could be half of, but for a few capitalised words: "BoolQ PIQA ARC-e", "LLaMA GPT3 OPT", "MNLI ... WNLI Avg")
    if head and not result_row(head) and (at >= 1 or _heads_labels(head.split()[0]) or
                                          _groups_named(_ARROW.sub("", head).split())):
        return column_names(head, lines[at - 1] if at >= 1 else "", count)
    return None


def label_heads(text: str, heading: str = "") -> str:
    """text with each row of a results table written with its columns' names (column_names): "LLaMA 13B | HumanEval
    @1: 15.8 | HumanEval @100: 52.5 | ..."; a short line between rows ("LLaMA") goes before the rows under it. The
    head lines stay as printed; every other line is left as it was. heading: the head of the table text starts inside
    (results_head), for its first rows."""
    above = heading.split("\n") if heading else []
    first = next((row for line in text.split("\n") if (row := result_row(" ".join(line.split())))), None)
    if above and first and (above := _head_lines(above, len(first[1]))):
        # (only a head that names the columns: a filing's heading of periods and units is label_columns' business)
        return "\n".join(label_heads("\n".join(above + [text])).split("\n")[len(above):])
    lines = text.split("\n")
    out: list[str] = []
    names: list[str] | None = None
    heads: dict[int, list[str]] = {}  # the names of the passage's tables read so far, by their count
    group = ""
    for i, line in enumerate(lines):
        stripped = " ".join(line.split())
        row = result_row(stripped)
        if row and names is None and i >= 1 and lines[i - 1].strip() == GAP_MARK:
            names = heads.get(len(row[1]))  # rows after a gap in a passage joined from pieces of a page (rag.retrieve):
            group = ""  # the rest of the table read above it
        if row and names is None and i >= 1:
            names, group = _head_above(lines, i, len(row[1]))
            if names:
                heads[len(names)] = names
        if names and row and len(row[1]) == len(names) and row[0]:
            # a group's name goes before a size or variant under it ("LLaMA" over "13B"), not before a full name
            label = f"{group} {row[0]}" if group and _SIZE_FIRST.match(row[0]) else row[0]
            out.append(" | ".join([label] + [f"{n}: {f}" for n, f in zip(names, row[1])]))
            continue
        nxt = result_row(" ".join(lines[i + 1].split())) if i + 1 < len(lines) else None
        if names and stripped and not row and len(stripped.split()) <= MAX_GROUP_LABEL and \
                not stripped.endswith(".") and nxt and len(nxt[1]) == len(names):
            group = stripped  # "LLaMA" over "7B ...", "13B ..."
        elif stripped:
            names, group = None, ""  # another kind of line: the table is over
        out.append(line)
    return "\n".join(out)
