"""A figure of a table whose columns are named, not dated, under the day they hold (ingest.tables.named_heads:
"September 30, 2022" / "Operating Leases Finance Leases Total"): the question names the row ("the present value
of ... lease liabilities"), the column ("finance") and the day. The period alone picks no such column
(rows.cell_for), so without this the calculator gave nothing and the model read the Total."""
from __future__ import annotations

import re

from ingest.tables import DAY_BEFORE_NAME, head_months
from rag.calculate.formula import Calculation, Formula, Operand, Ref
from rag.calculate.names import word_stems
from rag.calculate.rows import table_rows, value_of
from rag.periods import dates_in, spelled_dates, written_day
from rag.retrieve import Hit


def named_column_figure(question: str, hits: list[Hit]) -> Calculation | None:
    """The one figure (one value, however many passages print it) in a row whose label's words the question holds
    all of, in the one column whose own words (those its neighbours' names don't share) the question holds, on
    the one day the question names; None otherwise."""
    found = _column_figures(question, hits, 1)
    return found[0] if found else None


def named_column_figures(question: str, hits: list[Hit]) -> list[Calculation]:
    """Each column's figure of one row when the question names several of its columns ("the present value of
    operating and finance lease liabilities, and the total" on March 31, 2023: blind set 42's x11), in the columns'
    order; else named_column_figure's one; [] for none."""
    return _column_figures(question, hits, None)


def _column_figures(question: str, hits: list[Hit], most: int | None) -> list[Calculation]:
    """The figures of the one row (one set of values, however many passages print it) whose label's words the
    question holds all of, in the columns whose own words the question holds (at most `most` of them), on the one
    day the question names."""
    days = set(dates_in(spelled_dates(question)))
    if len(days) != 1:
        return []
    day, asked = days.pop(), word_stems(question)
    found = {}
    for n, hit in enumerate(hits, start=1):
        for label_words, _group, cells, _n, label in table_rows(hit, n):
            named = _named_cells(cells, day)
            if len(named) < 2 or not label_words or not label_words <= asked:
                continue
            common = set.intersection(*(word_stems(name) for name, _ in named))
            chosen = [(name, figure) for name, figure in named if (own := word_stems(name) - common) and own <= asked
                      or most is None and name.strip().lower() == "total" and _TOTAL.search(question)]
            if chosen and (most is None or len(chosen) <= most) and all(value_of(f) is not None for _, f in chosen):
                found.setdefault(tuple(value_of(f) for _, f in chosen), (label, chosen, n))
    if len(found) != 1:
        return []
    label, chosen, n = found.popitem()[1]
    return [_column_figure(label, name, figure, day, n) for name, figure in chosen]


_TOTAL = re.compile(r"\btotal\b", re.I)  # "..., and the total?": the Total column beside the columns named


def _column_figure(label: str, name: str, figure: str, day: str, n: int) -> Calculation:
    """The figure of a row's named column on the day, looked up (passage n)."""
    ref = Ref(term=f"{written_day(day)} {name}", date=day)
    operand = Operand(term=ref.term, label=f"{label}, {name}", figure=figure, value=value_of(figure), passage=n)
    return Calculation(Formula(ref, percent=False, exact=True), {ref: operand}, figure)


def _named_cells(cells: list[tuple[str, str]], day: str) -> list[tuple[str, str]]:
    """(the column's name, the figure) of each cell headed by the day and a name ("September 30, 2022 Operating
    Leases"), not a period ("Three Months Ended September 30, 2022") or the day alone."""
    out = []
    for tag, figure in cells:
        on, name = dates_in(tag), DAY_BEFORE_NAME.sub("", tag)
        if on and on[0] == day and name and name != tag and head_months(tag) is None:
            out.append((name, figure))
    return out

