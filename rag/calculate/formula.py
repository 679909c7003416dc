"""The formula a question asks for, as a tree of terms (Ref), numbers (Num) and operations (Op), and the
calculation worked out from table rows (Calculation), written as the prompt shows it."""
from __future__ import annotations

import re
from dataclasses import dataclass, replace


@dataclass(frozen=True)
class Ref:
    """A term of the formula: a row to look up, in its own period's column or the question's."""
    term: str  # as the question names it: "COGS", "total current liabilities"
    year: str | None = None  # "2023" for "FY2023 COGS"
    said: str = ""  # the period as the question writes it: "FY2023"
    date: str | None = None  # "2023-06-30" for "inventories at June 30, 2023"
    quarter: tuple[int, bool] | None = None  # (1, True) for "Q1 fiscal 2024" (question.quarter_asked)

    def __str__(self) -> str:
        return f"{self.said} {self.term}" if self.said else self.term


@dataclass(frozen=True)
class Num:
    value: float

    def __str__(self) -> str:
        return f"{self.value:.4g}"


@dataclass(frozen=True)
class Op:
    op: str  # + - * /
    left: "Ref | Num | Op"
    right: "Ref | Num | Op"

    def __str__(self) -> str:
        return f"{_shown(self.left, self.op, False)} {self.op} {_shown(self.right, self.op, True)}"


def _shown(node, op: str, right: bool, show=str) -> str:
    """A node as an operand of op, bracketed where the order of operations needs it."""
    text = show(node)
    if isinstance(node, Op) and (node.op in "+-" and op in "*/^" or right and op == "-" and node.op in "+-"
                                 or right and op == "/" and node.op in "*/" or op == "^"):
        return f"({text})"
    return text


@dataclass(frozen=True)
class Formula:
    expr: Ref | Num | Op  # a Ref alone: one statement line looked up by its common name (lookup_asked)
    percent: bool  # the result as a percentage
    unit: str = ""  # "days" for "times 91 days"
    decimals: int | None = None  # "Round to two decimals"
    scale: str = ""  # an amount asked "in USD billions": "billion"
    measure: str = ""  # the measure's name when expr is its textbook definition (STANDARD): "free cash flow"
    exact: bool = False  # a lookup by the name its row prints (question.line_asked): only a row of that very name
    owner: str = ""  # capitalised words before a line looked up, no possessive: "NVIDIA" (or a segment: "AWS")
    segment: str = ""  # the segment, product or region whose line is asked: "Services" in "Apple's Services revenue"
    stated: bool = False  # a figure one sentence states (rag.calculate.stated): the operand's label is the sentence
    ranked: bool = False  # the top row of a ranking (rag.calculate.rank): the operand's label is the row that wins
    listed: bool = False  # the rows a total is made of (rag.calculate.breakdown): the operand is the total's row
    bridged: bool = False  # the rows between two profit lines (rag.calculate.bridge): the operand is the row that
    # moves the figure most, its value that row's effect

    def terms(self) -> list[Ref]:
        return refs_of(self.expr)

    @property
    def lookup(self) -> bool:
        return isinstance(self.expr, Ref)


@dataclass(frozen=True)
class Operand:
    term: str  # as the question names it, with its own period: "FY2023 inventory"
    label: str  # the row's label as the passage prints it
    figure: str  # as printed: "$6,800 million"
    value: float
    passage: int  # 1-based, as the prompt numbers the passages


@dataclass(frozen=True)
class Calculation:
    formula: Formula
    found: dict  # Ref -> Operand
    result: str  # "50.3%"
    step: str = ""  # a ratio of a sum or difference, its two amounts: "14,842 million / 20,907 million"
    versus: object = None  # a guidance range the figure is set against (rag.calculate.guidance.Guided: .where(value)),
    # or None
    period: str = ""  # the quarter a sentence's figure is of, where a trend reads one per quarter
    # (rag.calculate.trend): "the quarter ended September 30, 2023"

    def operands(self) -> list[Operand]:
        return [self.found[r] for r in dict.fromkeys(self.formula.terms())]

    def passages(self) -> set[int]:
        """The passages [n] its operands come from (and its guidance range's)."""
        return {o.passage for o in self.operands()} | ({self.versus.passage} if self.versus else set())

    def text(self) -> str:
        """"operating income $6,800 million [2] / revenue $13,507 million [2] = 50.3%"; a lookup: "FY2023
        capital expenditure: the row "Purchases of property, plant and equipment", $187 million [3]"; a figure a
        sentence states: the sentence ""We have an unrecognized commitment ... of $29.0 billion." [1]"; a figure set
        against guidance: "..., against guidance of $138.0 billion to $143.0 billion [4]: above the range"."""
        if self.period:
            return f"{self.period}: {replace(self, period='').text()}"
        if self.versus:
            return f"{replace(self, versus=None).text()}, against guidance of {self.versus.text} " \
                   f"[{self.versus.passage}]: {self.versus.where(dollars(self.result))} the range"
        if self.formula.lookup:
            o = self.found[self.formula.expr]
            if self.formula.stated:
                return f'"{o.label}" [{o.passage}]'  # the sentence that states it
            if self.formula.bridged:  # the rows between two lines (the step), the one that moves it most named
                moved = f"added {self.result}" if o.value >= 0 else f"took away {self.result.lstrip('-')}"
                return f'{self.step} [{o.passage}]; the largest effect: "{o.label}" {o.figure}, which {moved}'
            if self.formula.listed:  # the rows listed (the result) are those above the total's row
                return f'the rows above "{o.label}", {amount_of(o.figure)} [{o.passage}], adding up to it'
            figure = amount_of(o.figure)
            shown = "" if figure == self.result else f" = {self.result}"  # "= $8.74 billion" when asked so
            ranked = f" ({self.step})" if self.step else ""  # a ranking's rows (rag.calculate.rank)
            return f'{o.term}: the row "{o.label}", {figure} [{o.passage}]{shown}{ranked}'

        def show(node) -> str:
            if isinstance(node, Ref):
                o = self.found[node]
                return f"{o.term} {amount_of(o.figure)} [{o.passage}]"
            if isinstance(node, Num):
                return str(node)
            return f"{_shown(node.left, node.op, False, show)} {'x' if node.op == '*' else node.op} " \
                   f"{_shown(node.right, node.op, True, show)}"
        expr = self.formula.expr
        if self.formula.unit and isinstance(expr, Op) and expr.op == "*" and isinstance(expr.right, Num):
            return f"{_shown(expr.left, '*', False, show)} x {expr.right} {self.formula.unit} = {self.result}"
        return f"{show(expr)} = {self.step + ' = ' if self.step else ''}{self.result}"


_SHARE_BESIDE = re.compile(r"\s+\(\(?-?[\d.]+\)?\s?%\)$")


def amount_of(figure: str) -> str:
    """An amount without the share of revenue a results table prints beside it: "$38,822 million (100.0%)" ->
    "$38,822 million"."""
    return _SHARE_BESIDE.sub("", figure)


SCALES = {"thousand": 1e3, "million": 1e6, "billion": 1e9}  # the words that scale a figure as printed


def dollars(figure: str) -> float:
    """A figure as printed ("$143,083 million", "-$95 million") in dollars."""
    m = re.search(r"(-?)\$?\(?(\d[\d,]*(?:\.\d+)?)\)?\s*(thousand|million|billion)?", figure, re.I)
    if not m:
        return 0.0
    value = float(m.group(2).replace(",", "")) * SCALES.get((m.group(3) or "").lower(), 1)
    return -value if m.group(1) or "(" in figure.split(m.group(2))[0] else value


def texts_of(worked: list[Calculation]) -> str:
    """Each calculation as Calculation.text() writes it, "; " between two figures asked together."""
    return "; ".join(w.text() for w in worked)


def passages_of(worked: list[Calculation]) -> set[int]:
    """The passages [n] the operands of all the calculations come from."""
    return set().union(*(w.passages() for w in worked))


def refs_of(node) -> list[Ref]:
    if isinstance(node, Ref):
        return [node]
    if isinstance(node, Op):
        return refs_of(node.left) + refs_of(node.right)
    return []


def kind_of(expr) -> str:
    """"ratio" when the formula divides by a term, else "amount" (a sum or a difference of rows)."""
    if isinstance(expr, Op):
        if expr.op == "/" and refs_of(expr.right):
            return "ratio"
        return "ratio" if kind_of(expr.left) == "ratio" or kind_of(expr.right) == "ratio" else "amount"
    return "amount"
