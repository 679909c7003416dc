"""Reading a passage's table rows: each row's label, its group (the section or segment heading above it), its
cells by column head, and the cell of the period asked."""
from __future__ import annotations

import re

from ingest.tables import _figures, head_months, head_only, label_columns
from rag.calculate.names import word_stems
from rag.retrieve import GAP, Hit
from rag.periods import dates_in, days_apart, quarter_ends


_UNIT_AFTER = re.compile(r"\s*\((?:\$\s*)?in\s+(?:thousands|millions|billions)\b[^()]*\)\s*$", re.I)
_FOOTNOTE = re.compile(r"\s*\(\d\)")  # "Inventories (1):"
_CELL = re.compile(r"^\s*(?P<tag>[^:|]+):\s*(?P<figure>\S.*?)\s*$")
_AMOUNT = re.compile(r"\(?-?\$?\s?\(?(\d[\d,]*(?:\.\d+)?)\)?")
_YEAR = re.compile(r"\b(?:19|20)\d{2}\b")
_HEAD_QUARTER = re.compile(r"\bQ([1-4])\b")
_YTD = re.compile(r"\bYTD\b|\byear[- ]to[- ]date\b", re.I)  # "Q3 2023 | YTD 2023": the months so far, not the quarter


Row = tuple[set[str], set[str], list[tuple[str, str]], int, str]  # label's words, group's words, cells, passage, label


def table_rows(hit: Hit, n: int, dashes: bool = False) -> list[Row]:
    """(the row label's words, its group's words, [(column tag, figure)], passage number, the label) for each
    labelled row of a passage; a group is the label line above a run of rows ("Net sales:" over "Products"). With
    dashes, a column's dash ("Three Months Ended March 31, 2023: —": nothing) is a cell of its own."""
    # a table titled by its measure and what it is split by, the title in the chunk's heading only ("Unearned revenue by
    # segment was as follows:", then "Intelligent Cloud | ..."): its first rows are that measure's, until a heading,
    # a total or prose
    titled = word_stems(m.group("measure")) if (m := _TITLED.search(hit.heading or "")) else set()
    out, group, run = [], titled, 0  # run: where the rows since the last heading or total start in out
    wrapped = None  # the group of a heading whose line starts mid-sentence
    parent, named = set(), ""  # the last "Heading:" group; the segment heading over the rows since (its text)
    # every column, each tagged with its head as printed: cell_for keeps the span asked about, and a quarter's
    # number is read off the longer spans beside it (_to_date)
    lines = label_columns(hit.text, hit.heading, None, units=True, full_heads=True).split("\n")
    for i, line in enumerate(lines):
        stripped = line.strip()
        if titled and group is titled and len(stripped) > 60 and " | " not in stripped:
            group = titled = set()  # prose: the title was another table's
        if stripped == GAP.strip():
            group, run = set(), len(out)  # rows left out ("[…]") may have held the next section's heading
            continue
        if (head := _UNIT_AFTER.sub("", stripped)) != stripped and head.endswith(":"):
            stripped = head  # "Inventories (1): (In millions)": the group, its unit after it
        if stripped.endswith(":") and (len(stripped) < 60 or _CHANGES_IN.match(stripped)) and \
                not re.search(r"\d", _FOOTNOTE.sub("", stripped)):
            # a cash flow statement's section ("Cash flows from operating activities:") names no row's measure:
            # its "Net income" is not "operating income"
            group = set() if re.search(r"\bactivities\b", stripped, re.I) else word_stems(stripped)
            wrapped = group if stripped[0].islower() else wrapped
            run, parent, named = len(out), group, ""
            continue
        if _SEGMENT_HEADING.match(stripped) and not head_only(stripped) and \
                " | " in next((line for line in lines[i + 1:] if line.strip()), ""):
            # a segment's name right over its rows ("AWS", then "Net sales | ..."), or a measure's over its segments'
            # rows ("Revenue", then "Intelligent Cloud | ..."; "Operating Income (Loss)", then "AWS | ...")
            group, run, named = word_stems(stripped), len(out), stripped
            continue
        if named and len(out) > run and (total := _unlabelled_total(stripped, out[-1][2])):
            # a segment's total printed without a label under its rows: "Client Computing", "Desktop | ...",
            # "Notebook | ...", "7,867 8,128 20,414 25,128"; the rows after it are the heading's above ("Net revenue:")
            out.append((word_stems(named), parent, total, n, named))
            group, run, named = parent, len(out), ""
            continue
        if " | " not in stripped and (dated := _DATED_ROW.match(stripped)):
            # a roll-forward's row labelled with its date: "Accrued restructuring balance as of July 1, 2023 $ 258"
            unit = next((u for prior in reversed(lines[max(0, i - 8):i]) if (u := _unit_of(prior.strip()))), "")
            figure = " ".join(dated.group("figure").split()).replace("$ ", "$")
            out.append((word_stems(dated.group("label")), group, [(dated.group("day"), figure + unit)], n,
                        dated.group("label")))
            continue
        for j, (label, cells) in enumerate(_split_rows(stripped, dashes) if " | " in stripped else []):
            if j == 0 and (start := _wrapped_start(lines, i, label)):
                label = f"{start} {label}"  # "Depreciation and amortization of ..., operating lease" / "assets, and other"
            if _CLOSES_GROUP.search(label):  # "Net cash provided by operating activities" closes "Changes in ...:"
                group = set()
            if (total := _TOTAL.match(label)) and not group:
                # the rows a total sums, under no heading, are its parts: "Finished goods" over "Total inventories"
                # is the finished goods inventory; under a heading whose first words the line before holds
                # ("Stock-based" / "compensation expense is as follows (in millions):"), the total names them whole
                out[run:] = [(words, word_stems(total.group(1)) if not had else
                              had | word_stems(total.group(1)) if had is wrapped else had, c, k, text)
                             for words, had, c, k, text in out[run:]]
            if cells:
                out.append((word_stems(label), group, cells, n, label))
            if total:
                run = len(out)
                group = set() if group is titled else group
                if current := _TOTAL_CURRENT.match(label):
                    # a balance sheet's rows after "Total current liabilities" are the non-current ones, printed under
                    # no heading of their own: Intel's "Debt 46,335" is its long-term debt
                    group = word_stems(f"non-current {current.group(1)}")
    return out + segment_columns(hit.text, n)


def _wrapped_start(lines: list[str], i: int, label: str) -> str | None:
    """The first part of a row label wrapped over two lines: the line above, when the label goes on in lower case
    ("assets, and other | ...") and that line is no heading, section, total or sentence of its own."""
    if not label[:1].islower() or label[1:2].isupper() or i == 0:
        return None  # "iPhone" under "Net sales by category" is a row of its own
    above = lines[i - 1].strip()
    if not above or " | " in above or above.endswith((":", ".", ";")) or len(above) > 120 or \
            above == GAP.strip() or re.search(r"\d", above) or head_only(above):
        return None
    return above


_FIGURES_ONLY = re.compile(r"^(?:\$\s?)?\(?\d[\d,]*(?:\.\d+)?\)?(?:\s+(?:\$\s?)?\(?\d[\d,]*(?:\.\d+)?\)?)+$")


def _unlabelled_total(line: str, cells: list) -> list | None:
    """A line of figures alone, one for each column of the row above it, as that row's cells: [(column tag, figure
    with the row's unit)]; else None."""
    if not _FIGURES_ONLY.match(line):
        return None
    figures = re.findall(r"\(?\d[\d,]*(?:\.\d+)?\)?", line)
    if len(figures) != len(cells):
        return None
    return [(tag, figure + (m.group() if (m := re.search(r"\s(?:thousand|million|billion)$", above)) else ""))
            for (tag, above), figure in zip(cells, figures)]


# a table's title naming its measure and what it is split by: "Unearned revenue by segment", "Net sales by category"
# (one measure: not "Revenue and operating income by segment")
_TITLED = re.compile(r"\b(?P<measure>[A-Z][a-z]+(?:\s+(?!and\b)[a-z][a-z\-]*){0,3})\s+by\s+(?:reportable\s+|operating\s+)?"
                     r"(?:segments?|geograph\w*|regions?|products?|product\s+lines?|categor(?:y|ies)|business(?:es)?|"
                     r"divisions?)\b")
# a cash flow statement's "Changes in operating assets and liabilities, net of acquisitions:": its rows are changes
_CHANGES_IN = re.compile(r"^changes\s+in\b", re.I)
_DATED_ROW = re.compile(r"^(?P<label>[A-Z][A-Za-z ,'’&-]{3,80}?)\s+(?:as\s+of|at)\s+"
                        r"(?P<day>[A-Z][a-z]{2,8}\.?\s+\d{1,2},\s+(?:19|20)\d\d)\s+"
                        r"(?P<figure>\$?\s?\(?\d[\d,]*(?:\.\d+)?\)?)\s*$")
_TOTAL_CURRENT = re.compile(r"^\s*total\s+current\s+(assets|liabilities)\s*$", re.I)
_TOTAL = re.compile(r"^\s*total\s+(?!(?:net\s+)?(?:revenue|sales|costs?\s+and\s+expenses|operating\s+expenses)\b)"
                    r"([a-z][\w ,'’&-]*?)\s*$", re.I)


# A table whose columns are segments: NVIDIA's segment note prints "Compute & Networking Graphics All Other
# Consolidated", "(In millions)", then per period "Three Months Ended April 30, 2023" over rows of one figure a
# segment ("Operating income (loss) $ 2,160 $ 1,046 $ (1,066) $ 2,140"). The heads' words don't say where one
# name ends; a name is read where the rows' count of figures leaves it one column only.
_NAMES_LINE = re.compile(r"^[A-Z][\w'’.\-]*(?:\s+(?:[A-Z][\w'’.\-]*|&|and|of))+$")
_JOINED = re.compile(r"^(?:&|and|of)$")
_PERIOD_LINE = re.compile(r"^(?:(?:Three|Six|Nine|Twelve|Thirteen|Twenty-Six|Thirty-Nine|Fifty-Two)\s+(?:Months|Weeks)|"
                          r"(?:Fiscal\s+)?Year|Quarter)\s+Ended\s+[A-Z][a-z]+\.?\s+\d{1,2},\s+(?:19|20)\d\d$", re.I)
_UNIT_LINE = re.compile(r"^\((?:\$\s*)?in\s+(millions|thousands|billions)[^)]*\)$", re.I)


def _unit_of(line: str) -> str:
    """" million" for a unit line ("(In millions)"), as a figure's unit is written after it; "" for another line."""
    m = _UNIT_LINE.match(line)
    return f" {m.group(1).lower().rstrip('s')}" if m else ""


def segment_columns(text: str, n: int) -> list[Row]:
    """Rows read from a table whose columns are segments (see above): for each column whose name the heads give
    unambiguously, a row labelled by that name, its group the row's own label ("Graphics" under "Operating income
    (loss)"), its cell the period line above it."""
    out, lines = [], text.split("\n")
    for i, line in enumerate(lines):
        heads, nxt = line.strip(), i + 1
        if i and re.search(r"(?:&|\band)$", lines[i - 1].strip()):
            continue  # the second half of names broken after "&": read with the first
        if re.search(r"(?:&|\band)$", heads) and nxt < len(lines):  # "Compute &" / "Networking Graphics ..."
            heads, nxt = f"{heads} {lines[nxt].strip()}", nxt + 1
        if not _NAMES_LINE.match(heads) or head_only(heads) or len(heads.split()) > 12:
            continue
        units, period, unit = _units(heads.split()), None, ""
        for row_line in lines[nxt:]:
            row_text = re.sub(r"\$\s*(?=[—–-](?:\s|$))", "", row_line.strip())  # "$ —": a dash
            if not row_text:
                continue
            if _UNIT_LINE.match(row_text):
                unit = _unit_of(row_text)
                continue
            if _PERIOD_LINE.match(row_text):
                period = row_text
                continue
            row = next((r for k in range(len(units), 1, -1) if (r := _figures(row_text, k))), None)
            if not row or not period:
                break
            label, figures = row
            for name, column in _named_columns(units, len(figures)).items():
                figure = figures[column] + (unit if re.search(r"\d", figures[column]) else "")
                out.append((word_stems(name), word_stems(label), [(period, figure)], n, name))
    return out


def _units(words: list[str]) -> list[str]:
    """The heads' words joined where a name must go on ("Compute & Networking": after "&", "and", "of")."""
    units: list[str] = []
    for w in words:
        if units and (_JOINED.match(w) or _JOINED.match(units[-1].split()[-1])):
            units[-1] = f"{units[-1]} {w}"
        else:
            units.append(w)
    return units


def _named_columns(units: list[str], count: int) -> dict[str, int]:
    """{name: column} for every run of units that is one column's whole name in each way of cutting the units
    into `count` names where it is one at all, always in the same column."""
    from itertools import combinations

    seen: dict[str, set[int]] = {}
    for cuts in combinations(range(1, len(units)), count - 1):
        bounds = (0, *cuts, len(units))
        for column, (a, b) in enumerate(zip(bounds, bounds[1:])):
            seen.setdefault(" ".join(units[a:b]), set()).add(column)
    return {name: columns.pop() for name, columns in seen.items() if len(columns) == 1}


# a line of one to four capitalised words and no figure (and perhaps a bracketed "(Loss)"): a segment's or a
# region's name heading its rows, or a measure's heading its segments' rows
_SEGMENT_HEADING = re.compile(r"^(?:[A-Z][\w&'’.\-]*)(?:\s+(?:[A-Z][\w&'’.\-]*|and|of|the|&)){0,3}(?:\s+\([A-Z][a-z]+\))?$")
# a section's total ("Total ...", "Net cash ...", "... activities"): the rows below it are not in the section
_CLOSES_GROUP = re.compile(r"^\s*(?:total\b|net cash\b)|\bactivities\b", re.I)
_SCALE = {"milli", "billi", "thous"}  # word_stems of "million", "billion", "thousand"


def _split_rows(line: str, dashes: bool = False) -> list[tuple[str, list[tuple[str, str]]]]:
    """'Revenue | three months 2023: $13,507 million | ... | Operating income | three months 2023: ...' as
    rows: a part that is not "tag: figure" starts a row; a dash is no figure (with dashes, a cell of its own)."""
    rows: list[tuple[str, list[tuple[str, str]]]] = []
    for part in line.split(" | "):
        m = _CELL.match(part)
        if m and rows and _AMOUNT.search(m.group("figure")) and not word_stems(m.group("figure")) - _SCALE:
            rows[-1][1].append((m.group("tag").strip(), m.group("figure")))
        elif m and rows and _DASH.fullmatch(m.group("figure").strip()):
            if dashes:
                rows[-1][1].append((m.group("tag").strip(), m.group("figure").strip()))
            continue  # "Asset impairment charges | three months 2023: — | ...": no figure, and no row of its own
        else:
            rows.append((part, []))
    return rows


_DASH = re.compile(r"[—–-]+")


YEAR_TO_DATE = -1  # cell_for's months for "year-to-date through July 1, 2023": the longest span up to that day


def cell_for(cells: list[tuple[str, str]], when: tuple, months: int | None = None) -> tuple[str, str] | None:
    """The cell of the period asked about, when = (date, year[, quarter]): the column whose head holds its date
    (_day_of; none when the heads print other days), else its year (one column only); with no period named, the
    column of the latest year. With months (the span asked about), a column of another span is never taken (a
    six-month figure for "the first nine months"); YEAR_TO_DATE: of the columns ending the day asked, the
    longest span short of a year.
    A quarter asked by number (quarter_asked's (n, fiscal): "Q1 fiscal 2024") is the column ending a quarter n
    of that fiscal year (quarter_ends): for a fiscal year named so, first; else when no column holds the year."""
    ytd, months = months == YEAR_TO_DATE, None if months == YEAR_TO_DATE else months
    every, cells = cells, [c for c in cells if not months or head_months(c[0]) in (None, months)
                           and not (months == 3 and _YTD.search(c[0]))]
    date, year = when[:2]
    quarter = when[2] if len(when) > 2 else None
    ends: dict[str, str | None] = {}

    def day(head: str) -> str | None:  # the day a column ends (_day_of), worked out once a head
        if head not in ends:
            ends[head] = _day_of(head, every)
        return ends[head]

    if date:
        dated = [c for c in cells if day(c[0]) == date]
        if ytd and (spans := [m for c in dated if (m := head_months(c[0])) and m < 12]):
            dated = [c for c in dated if head_months(c[0]) == max(spans)]  # the fiscal year so far, not its quarter
        if any(c[0] == dated[0][0] and value_of(c[1]) != value_of(dated[0][1]) for c in dated[1:]):
            return None  # two columns headed alike ("Carrying Amount" and "Fair Value Adjustments", both "Sep 30, 2023")
        if len({head_months(c[0]) for c in dated}) > 1:
            return None  # the quarter's and the nine months' columns both end that day: which is not said
        if len({value_of(c[1]) for c in dated}) > 1 and all(head_months(c[0]) is None for c in dated):
            return None  # columns named under the day ("September 30, 2022 Operating Leases", "... Finance Leases")
        if dated:
            return dated[0]
        if any(day(c[0]) for c in cells):
            return None  # the columns print their days and none is the day asked: not a column of its year instead
    if year:
        same = [c for c in cells if year in _YEAR.findall(c[0])]
        if quarter:  # a head naming its quarter ("Three Months Ended Q2 2023", Intel's MD&A) names the one asked
            same = [c for c in same if (named := _HEAD_QUARTER.search(c[0])) is None or int(named.group(1)) == quarter[0]]
        if quarter and (quarter[1] or len(same) != 1):
            ended = [c for c in cells if (d := day(c[0])) and quarter_ends(d, quarter[0], year)
                     and _to_date(d, every, day) in (None, 3 * quarter[0])]
            points = sorted({d for c in every if (d := day(c[0])) and not head_months(c[0])})
            if quarter[1] and quarter[0] != 4 and len(points) == 2 and days_apart(*points) < 300:
                # a quarterly report's balance sheet: the quarter's end and, before it, the last fiscal year's end,
                # which ends no other quarter (NVIDIA's January 29, 2023 would end a Q3 of fiscal 2023 for a year
                # ending in April; it ends the fourth)
                ended = [c for c in ended if day(c[0]) != points[0]]
            if len({value_of(c[1]) for c in ended}) == 1:
                return ended[0]
            if quarter[1]:
                return None  # "Q1 fiscal 2024": a column of calendar 2024 is another quarter
        if quarter and len(same) == 1 and (d := day(same[0][0])) and not quarter_ends(d, quarter[0], year) and \
                days_apart(d, _calendar_end(quarter[0], year)) > 45:
            # "Q1 2022": the one column of 2022 ends September 30, 2022, another quarter (NVIDIA's July 30, 2023 may be
            # called its Q2 2023, a month after the calendar quarter's end)
            return None
        return same[0] if len(same) == 1 else None
    years = [(max(_YEAR.findall(c[0])), c) for c in cells if _YEAR.findall(c[0])]
    latest = [c for y, c in years if y == max(years)[0]] if years else []
    return latest[0] if len(latest) == 1 else None


def _calendar_end(n: int, year: str) -> str:
    """The day calendar quarter n of the year ends: "2022-03-31" for Q1 2022."""
    return f"{year}-{3 * n:02d}-{30 if n in (2, 3) else 31}"


def _day_of(head: str, cells: list[tuple[str, str]]) -> str | None:
    """The day a column ends ("2022-09-30"): its head's date, or for a head that prints only the year ("Three
    Months Ended 2022", the month and day printed once over both years) the month and day of a column of the
    same span that prints them, else of every column that prints one (when they all print the same)."""
    if days := dates_in(head):
        return days[0]
    year = _YEAR.findall(head)
    days = {d[4:] for h, _ in cells if head_months(h) == head_months(head) for d in dates_in(h)[:1]} or \
        {d[4:] for h, _ in cells for d in dates_in(h)[:1]}  # "Nine Months Ended 2023" beside "... March 31, 2023"
    return f"{year[0]}{days.pop()}" if len(year) == 1 and len(days) == 1 else None


def _to_date(day: str, cells: list[tuple[str, str]], day_of) -> int | None:
    """The longest span of months a row's columns give up to that day beyond a quarter ("Nine Months Ended"
    beside "Three Months Ended": the third quarter of its year), or None when it gives only the quarter; day_of:
    the day a column's head ends (_day_of)."""
    spans = [m for h, _ in cells if (m := head_months(h)) and m > 3 and m < 12 and day_of(h) == day]
    return max(spans) if spans else None


def value_of(figure: str) -> float | None:
    m = _AMOUNT.search(figure.replace("—", ""))
    if not m:
        return None
    value = float(m.group(1).replace(",", ""))
    negative = "(" in figure.split(m.group(1))[0] or figure.strip().startswith("-")
    return -value if negative else value
