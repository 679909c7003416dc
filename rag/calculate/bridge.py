"""Bridge: what took one profit line of a statement to another, read from the rows between them, before the model
answers.

"Intel had an operating loss in Q2 2023 yet reported positive net income. What drove that?": the model answered from
the year before's operating loss (bench/RESULTS.md, forty-ninth session: blind sets 27's i04 and 28's j16). The income
statement prints the answer between the two lines: "Operating income (loss) (1,016)", "Gains (losses) on equity
investments, net 24", "Interest and other, net 176", "Income (loss) before taxes (816)", "Provision for (benefit from)
taxes (2,289)", "Net income (loss) 1,473". Here those rows are listed with their figures:
- the question asks why, what drove or explains, and names two profit lines of a company (gross margin, operating
  income, income before taxes, net income, each also as a loss, profit or earnings) and a period (bridge_asked);
- one passage's table holds both lines' rows, the upper first, in the column of the period asked;
- the rows between add up from the one to the other: each row adds or is deducted, or is a subtotal printing the sum
  so far ("Income (loss) before taxes"), and one reading of them reaches the lower line's figure within rounding (a
  provision printed "(2,289)" is a benefit: deducted, it adds 2,289).
The row that moves the figure most toward the lower line is named, with its effect; the rows are listed. Else nothing
is worked out: the model answers from the passages as before.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from rag.calculate.formula import Calculation, Formula, Operand, Ref
from rag.calculate.rows import cell_for, table_rows, value_of
from rag.retrieve import Hit

_WHY = re.compile(r"\b(?:why|what\s+(?:drove|explains?|caused|accounts?\s+for|led\s+to|turned)|explain\w*|"
                  r"how\s+(?:did|could|was|were|come)|reasons?)\b", re.I)
_LINE = re.compile(r"\b(?:(?P<kind>gross|operating|net|pre-?tax)\s+(?:income|loss(?:es)?|profit|earnings|margin)|"
                   r"(?P<before>(?:income|loss|earnings|profit)\s+before\s+(?:income\s+)?tax(?:es)?))\b", re.I)
_LINES = {"gross": "gross margin", "operating": "operating income", "pretax": "income before taxes",
          "net": "net income"}  # in the order a statement of income prints them
_ORDER = list(_LINES)
_PERIOD = re.compile(r"\b(?:in|for|during|over)\s+(?P<p>(?:the\s+|its\s+)?(?:(?:three|six|nine|twelve)\s+months|"
                     r"quarter|q[1-4]|[1-4]q|fiscal|fy|first|second|third|fourth|(?:19|20)\d\d)"
                     r"(?:[^,?;.]|,\s*(?:19|20)\d\d)*?)(?=\s*(?:,(?!\s*(?:19|20)\d\d)|[?;.]|$)|"
                     r"\s+(?:despite|even|while|but|and|although|though|when|as|yet|with)\b)", re.I)
_NOT_OWNER = frozenset("""why what how did does do was were is had has in for during despite although though even while
yet but the its q1 q2 q3 q4 fy fiscal explain""".split())
_MONTH = re.compile(r"^(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)", re.I)
_TOLERANCE = 1.5  # in the table's unit: two or three rows' rounding
_MOST_ROWS = 9  # a longer run is no bridge between two lines of one statement


@dataclass(frozen=True)
class Bridge:
    upper: str  # the question asking the line printed first: "What was Intel's operating income in Q2 2023?"
    lower: str  # the line printed after it: "What was Intel's net income in Q2 2023?"


def bridge_asked(question: str) -> Bridge | None:
    """The two profit lines a why-question sets side by side, each as the question asking its figure, the one a
    statement prints first as upper; None for any other question."""
    question = " ".join(question.split())
    if not _WHY.search(question) or not (period := _PERIOD.search(question)) or not (owner := _owner(question)):
        return None
    kinds = [_kind(m) for m in _LINE.finditer(question)]
    kinds = sorted(dict.fromkeys(kinds), key=_ORDER.index)
    if len(kinds) != 2:
        return None
    whose = owner if owner.endswith(("s", "S")) else f"{owner}'s"
    upper, lower = (f"What was {whose} {_LINES[k]} {period.group()}?" for k in kinds)
    return Bridge(upper, lower)


def _kind(m: re.Match) -> str:
    return "pretax" if m.group("before") else m.group("kind").lower().replace("-", "")


def _owner(question: str) -> str:
    """The first capitalised name that is no question word, period or month: "Intel", "Advanced Micro Devices"."""
    for m in re.finditer(r"\b[A-Z][\w.&-]*(?:\s+[A-Z][\w.&-]*)*", question):
        words = re.sub(r"['’]s$", "", m.group()).split()
        while words and (words[0].lower() in _NOT_OWNER or _MONTH.match(words[0])):
            words = words[1:]
        if words and not re.match(r"^(?:Q[1-4]|FY|\d)", words[0]):
            return " ".join(words)
    return ""


def bridged(ends: list[tuple[int, Operand, Operand]], hits: list[Hit], when: tuple, months: int | None
            ) -> Calculation | None:
    """The first of ends ((passage, upper line's operand, lower line's operand), each read from that passage alone)
    whose rows between add up from the one to the other (see the module's docstring), as a Calculation: its
    operands the two lines, its result the effect of the row that moves the figure most, its step the rows."""
    for n, upper, lower in ends:
        rows = table_rows(hits[n - 1], n)
        top = next((i for i, r in enumerate(rows) if r[4] == upper.label), None)
        bottom = next((i for i, r in enumerate(rows) if r[4] == lower.label and top is not None and i > top), None)
        if top is None or bottom is None or bottom - top - 1 > _MOST_ROWS or bottom - top < 2:
            continue
        between = []
        for row in rows[top + 1:bottom]:
            cell = cell_for(row[2], when, months)
            if cell and (value := value_of(cell[1])) is not None:
                between.append((row[4], " ".join(cell[1].split()), value))
        effects = _reading(upper.value, lower.value, [v for _, _, v in between])
        if not effects:
            continue
        label, figure, effect = max(((lbl, fig, e) for (lbl, fig, _), e in zip(between, effects) if e),
                                    key=lambda t: t[2] * (1 if lower.value >= upper.value else -1))
        listing = "; ".join(f"{lbl} {fig}" for lbl, fig, _ in between)
        step = f'from "{upper.label}" {upper.figure} to "{lower.label}" {lower.figure}, the rows between: {listing}'
        driver = Ref(f"what took {upper.term} to {lower.term}")
        result = f"{'-' if effect < 0 else ''}${abs(effect):,.0f}{_scale(figure)}"
        return Calculation(Formula(driver, False, bridged=True), {driver: Operand(str(driver), label, figure, effect, n)},
                           result, step)
    return None


def _scale(figure: str) -> str:
    m = re.search(r"\b(thousand|million|billion)\b", figure)
    return f" {m.group(1)}" if m else ""


def _reading(start: float, end: float, values: list[float]) -> list[float] | None:
    """Each row's effect on the running figure from start: +value or -value, or 0 for a subtotal (its value the sum so
    far: "Income before taxes") or a group's total (the sum of the effects since the last subtotal: "Total
    non-operating income (expense)"); the one reading that reaches end within _TOLERANCE, of several the one with the
    most subtotals and totals; None when none does, or two differ as much."""
    readings: list[tuple[int, list[float]]] = []

    def walk(i: int, running: float, base: float, effects: list[float], totals: int) -> None:
        if i == len(values):
            if abs(running - end) <= _TOLERANCE:
                readings.append((totals, effects))
            return
        v = values[i]
        if abs(v - running) <= _TOLERANCE or abs(v - (running - base)) <= _TOLERANCE:
            walk(i + 1, running, running, effects + [0.0], totals + 1)
        for sign in (1, -1):
            walk(i + 1, running + sign * v, base, effects + [sign * v], totals)

    walk(0, start, start, [], 0)
    if not readings:
        return None
    most = max(t for t, _ in readings)
    best = {tuple(e) for t, e in readings if t == most}
    return list(best.pop()) if len(best) == 1 else None
