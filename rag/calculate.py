"""Calculate: a ratio the question defines, worked out from the passages' table rows before the model answers.

A small model copies figures well and divides badly, and picks the wrong row for a ratio: asked for the
operating margin "(operating income divided by revenue)" it gave the gross margin's 70.1% (bench/RESULTS.md,
tenth session). When the question spells out its formula, "(A divided by B)", "A as a percentage of B",
"((A - B) / A)", optionally "times 91 days", each term is looked up among the passages' labelled table rows
(ingest.tables.label_columns: "Operating income | three months 2023: $6,800 million | ..."), in the column of
the period the question asks about, and the result is worked out here. The prompt shows the calculation
beside the sources (rag.prompt.user_message); the model still writes the answer and the guard still checks it.

Nothing is computed when a term matches no row, or several rows equally well, or the period's column is
not known: no calculation is better than one from the wrong cells.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from ingest.tables import head_months, label_columns
from rag.retrieve import STOPWORDS, Hit

_TERM = r"[A-Za-z][\w,'’\- ]*?[\w)]"
# "(operating income divided by total revenue)", "(A / B)", "((A - B) / A)", "A as a percentage of B"
_DIVIDED = re.compile(rf"\(\s*\(?\s*(?P<num>{_TERM}(?:\s+(?:-|minus|less)\s+{_TERM})?)\s*\)?\s*"
                      rf"(?:divided by|/)\s*(?P<den>{_TERM})(?:,?\s+times\s+(?P<times>\d+(?:\.\d+)?)\s+(?P<unit>\w+))?\s*\)",
                      re.I)
# "what were Intel's additions to property, plant, and equipment as a percentage of net revenue for ..."
_SHARE_OF = re.compile(rf"\b(?:what|how much)\s+(?:were|was|is|are)\s+(?:(?:the|its|their)\s+)?(?:[\w.&]+(?:'s|’s)\s+)?"
                       rf"(?P<num>[a-z][\w,'’\- ]*?[\w)])\s+as a (?:percentage|share) of\s+(?:(?:the|its)\s+)?"
                       rf"(?P<den>{_TERM})(?=\s+(?:for|in|during|over|as of)\b|[?.,;]|$)", re.I)
_MINUS = re.compile(r"\s+(?:-|minus|less)\s+", re.I)
_PERCENT = re.compile(r"percent|margin|%|\brate\b", re.I)
_DECIMALS = re.compile(r"\bround(?:ed)? to (one|two|three|\d) decimals?\b", re.I)
_WORD = re.compile(r"[a-z0-9]+")
_CELL = re.compile(r"^\s*(?P<tag>[^:|]+):\s*(?P<figure>\S.*?)\s*$")
_AMOUNT = re.compile(r"\(?-?\$?\s?\(?(\d[\d,]*(?:\.\d+)?)\)?")
_MONTHS = "jan feb mar apr may jun jul aug sep oct nov dec".split()
_DATE = re.compile(r"\b(jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?\s+(\d{1,2}),?\s+((?:19|20)\d{2})\b",
                   re.I)
_YEAR = re.compile(r"\b(?:19|20)\d{2}\b")


@dataclass(frozen=True)
class Formula:
    numerator: list[tuple[int, str]]  # (+1 or -1, the term as the question names it)
    denominator: str
    percent: bool  # the result as a percentage
    times: float = 1.0  # "times 91 days"
    unit: str = ""
    decimals: int | None = None  # "Round to two decimals"


@dataclass(frozen=True)
class Operand:
    term: str  # as the question names it
    label: str  # the row's label in the passage
    figure: str  # as printed: "$6,800 million"
    value: float
    passage: int  # 1-based, as the prompt numbers the passages


@dataclass(frozen=True)
class Calculation:
    formula: Formula
    numerator: list[tuple[int, Operand]]
    denominator: Operand
    result: str  # "50.3%"

    def operands(self) -> list[Operand]:
        return [o for _, o in self.numerator] + [self.denominator]

    def passages(self) -> set[int]:
        """The passages [n] its operands come from."""
        return {o.passage for o in self.operands()}

    def text(self) -> str:
        """"operating income $6,800 million [2] / revenue $13,507 million [2] = 50.3%"."""
        def shown(o: Operand) -> str:
            return f"{o.term} {o.figure} [{o.passage}]"
        top = shown(self.numerator[0][1]) + "".join(f" {'-' if s < 0 else '+'} {shown(o)}" for s, o in self.numerator[1:])
        top = f"({top})" if len(self.numerator) > 1 else top
        times = f" x {self.formula.times:g} {self.formula.unit}" if self.formula.times != 1 else ""
        return f"{top} / {shown(self.denominator)}{times} = {self.result}"


def formula_asked(question: str) -> Formula | None:
    """The formula a question spells out, or None."""
    m = _DIVIDED.search(question) or _SHARE_OF.search(question)
    if not m:
        return None
    parts = _MINUS.split(m.group("num").strip())
    numerator = [(1 if i == 0 else -1, _clean(p)) for i, p in enumerate(parts)]
    denominator = _clean(m.group("den"))
    times = m.groupdict().get("times")
    before = question[:m.start()]  # what is asked for: "the operating margin (", "the current ratio ("
    percent = bool(_PERCENT.search(before[-60:] + " " + m.group())) and not re.search(r"\bratio\b", before[-40:], re.I)
    decimals = _DECIMALS.search(question)
    places = {"one": 1, "two": 2, "three": 3}.get(decimals.group(1).lower(), None) if decimals else None
    if decimals and places is None:
        places = int(decimals.group(1))
    if not all(t for _, t in numerator) or not denominator:
        return None
    return Formula(numerator, denominator, percent and not times, float(times) if times else 1.0,
                   m.groupdict().get("unit") or "", places)


def _clean(term: str) -> str:
    term = re.sub(r"^(?:the|a|an|its|their)\s+", "", " ".join(term.split()), flags=re.I)
    return term.strip(" ,()")


def work_out(question: str, hits: list[Hit], months: int | None = None) -> Calculation | None:
    """The question's formula worked out from the passages' rows, or None (see the module's docstring)."""
    formula = formula_asked(question)
    if not formula or not hits:
        return None
    rows = [row for n, h in enumerate(hits, start=1) for row in _rows(h, n, months)]
    when = _period_asked(question)
    numerator = [(sign, _operand(term, rows, when, months)) for sign, term in formula.numerator]
    denominator = _operand(formula.denominator, rows, when, months)
    if denominator is None or any(o is None for _, o in numerator) or not denominator.value:
        return None
    value = sum(sign * o.value for sign, o in numerator) / denominator.value * formula.times
    if formula.percent:
        result = f"{value * 100:.{1 if formula.decimals is None else formula.decimals}f}%"
    else:
        places = (1 if formula.unit else 2) if formula.decimals is None else formula.decimals  # 41.7 days, 0.86
        result = f"{value:.{places}f}"
        result += f" {formula.unit}" if formula.unit else ""
    return Calculation(formula, numerator, denominator, result)


def _rows(hit: Hit, n: int, months: int | None) -> list[tuple[set[str], set[str], list[tuple[str, str]], int]]:
    """(the row label's words, its group's words, [(column tag, figure)], passage number) for each labelled row
    of a passage; a group is the label line above a run of rows ("Net sales:" over "Products", "Services")."""
    out, group = [], set()
    for line in label_columns(hit.text, hit.heading, months).split("\n"):
        stripped = line.strip()
        if stripped.endswith(":") and len(stripped) < 60 and not re.search(r"\d", stripped):
            group = _words(stripped)
            continue
        for label, cells in _split_rows(stripped) if " | " in stripped else []:
            if cells:
                out.append((_words(label), group, cells, n))
    return out


_SCALE = {"milli", "billi", "thous"}  # _words of "million", "billion", "thousand"


def _split_rows(line: str) -> list[tuple[str, list[tuple[str, str]]]]:
    """'Revenue | three months 2023: $13,507 million | ... | Operating income | three months 2023: ...' as
    rows: a part that is not "tag: figure" starts a row."""
    rows: list[tuple[str, list[tuple[str, str]]]] = []
    for part in line.split(" | "):
        m = _CELL.match(part)
        if m and rows and _AMOUNT.search(m.group("figure")) and not _words(m.group("figure")) - _SCALE:
            rows[-1][1].append((m.group("tag").strip(), m.group("figure")))
        else:
            rows.append((part, []))
    return rows


# words that say which period or how much of it, not which row: "quarterly revenue" is the row "Revenue"
_NOT_A_ROW = frozenset("total quarterly annual yearly reported".split())


def _words(text: str) -> set[str]:
    return {w[:5] for w in _WORD.findall(text.lower()) if w not in STOPWORDS and w not in _NOT_A_ROW
            and not w.isdigit()}


def _operand(term: str, rows, when: tuple[str | None, str | None], months: int | None = None) -> Operand | None:
    """The row that names the term best (all its words, in the row's label or its group's; fewest other words;
    the term's words in the label itself before those only in the group), and its figure for the period."""
    wanted = _words(term)
    if not wanted:
        return None
    scored = []
    for label, group, cells, n in rows:
        if not wanted <= label | group:
            continue
        extra = len(label - wanted) + len(group - wanted - label) * 0.5
        scored.append((len(wanted - label), extra, n, label, cells))
    if not scored:
        return None
    scored.sort(key=lambda s: (s[0], s[1]))
    best = scored[0]
    rivals = [s for s in scored[1:] if s[:2] == best[:2] and s[4] != best[4] and s[3] != best[3]]
    if rivals:
        return None  # two different rows name it equally well
    cell = _cell_for(best[4], when, months)
    if cell is None:
        return None
    value = _value(cell[1])
    if value is None:
        return None
    return Operand(term, " ".join(sorted(best[3])), cell[1], value, best[2])


def _period_asked(question: str) -> tuple[str | None, str | None]:
    """(a full date as "2023-07-30", a year) the question names; either may be None."""
    d = _DATE.search(question)
    date = f"{d.group(3)}-{_MONTHS.index(d.group(1).lower()[:3]) + 1:02d}-{int(d.group(2)):02d}" if d else None
    years = _YEAR.findall(question)
    return date, d.group(3) if d else (years[-1] if years else None)


def _cell_for(cells: list[tuple[str, str]], when: tuple[str | None, str | None],
              months: int | None = None) -> tuple[str, str] | None:
    """The cell of the period asked about: the column whose head holds its date, else its year (one column
    only); with no period named, the column of the latest year. With months (the span asked about), a column
    of another span is never taken (a six-month figure for "the first nine months")."""
    cells = [c for c in cells if not months or head_months(c[0]) in (None, months)]
    date, year = when
    if date:
        dated = [c for c in cells if _period_asked(c[0])[0] == date]
        if dated:
            return dated[0]
    if year:
        same = [c for c in cells if year in _YEAR.findall(c[0])]
        return same[0] if len(same) == 1 else None
    years = [(max(_YEAR.findall(c[0])), c) for c in cells if _YEAR.findall(c[0])]
    latest = [c for y, c in years if y == max(years)[0]] if years else []
    return latest[0] if len(latest) == 1 else None


def _value(figure: str) -> float | None:
    m = _AMOUNT.search(figure.replace("—", ""))
    if not m:
        return None
    value = float(m.group(1).replace(",", ""))
    negative = "(" in figure.split(m.group(1))[0] or figure.strip().startswith("-")
    return -value if negative else value
