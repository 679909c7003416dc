"""Breakdown: what a total the question gives was made of, read from the table whose total row prints it, before the
model answers.

"What did Intel's $664 million of restructuring and other charges in Q3 2022 consist of?": the model named the three
kinds of charge without their figures (bench/RESULTS.md, forty-sixth session, blind set 26's h05; page_qa's new-25
asks the same of Q3 2023's $816 million). Here the rows are listed with their figures:
- the question gives the total (an amount of money) and asks what made it up ("consist of", "made up", "comprised",
  "components of", "break down", "breakdown of");
- a table's total row ("Total restructuring and other charges $ 664") prints that amount, in the column of the
  period asked, within rounding ("$1.2 billion" for 1,214 million);
- the rows above it, back to the table's head or the group's label, add up to it (the table is whole).
Or one sentence gives the parts of the amount ("The $702 million inventory charge consists of approximately $354
million for inventory on hand and approximately $348 million for ..."): two amounts or more beside it that add up to it.
Else nothing is listed: the model answers from the passages as before.
"""
from __future__ import annotations

import re

from rag.calculate.formula import Calculation, Formula, Operand, Ref, dollars
from rag.calculate.question import period_asked
from rag.calculate.rows import cell_for, table_rows, value_of
from rag.periods import months_asked
from rag.retrieve import Hit

_CONSIST = re.compile(r"\b(?:consist(?:s|ed)?\s+of|made\s+up|ma[dk]e\s+up|comprised?|composed\s+of|components?\s+of|"
                      r"break(?:s)?\s+down|breakdown\s+of|what\s+(?:was|were)\s+(?:in|included\s+in)|"
                      r"(?:split|divided)\s+(?:between|among|into))\b", re.I)
_GIVEN = re.compile(r"\$\s?(?P<n>\d[\d,]*(?:\.\d+)?)\s*(?P<scale>thousand|million|billion)?\b", re.I)
_TOTAL = re.compile(r"^\s*total\b", re.I)
_ROUNDING = 0.05  # of the total given: "$1.2 billion" for 1,214 million
_TOLERANCE = 0.005  # the rows' sum against the total row: rounding only


def breakdown(question: str, hits: list[Hit], months: int | None = None) -> Calculation | None:
    """The rows a total the question gives was made of, listed with their figures (see the module's docstring);
    None when the question asks no breakdown of a given amount, or no whole table prints it."""
    given = _GIVEN.search(question)
    if not _CONSIST.search(question) or not given or len(_GIVEN.findall(question)) != 1:
        return None
    amount = dollars(given.group())
    when = period_asked(question)
    months = months if months is not None else months_asked(question)
    for n, hit in enumerate(hits, start=1):
        rows = table_rows(hit, n)
        for j, total in enumerate(rows):
            if not _TOTAL.match(total[4]) or not (end := cell_for(total[2], when, months)):
                continue
            whole = value_of(end[1])
            if not whole or abs(dollars(end[1]) - amount) > abs(amount) * _ROUNDING:
                continue
            run = []
            for row in reversed(rows[:j]):  # (the total row itself may print under no group)
                if row[1] != rows[j - 1][1] or _TOTAL.match(row[4]) or row[3] != total[3]:
                    break  # another group, an earlier total, another passage: the table's part ends
                run.insert(0, row)
            # a row printing only dashes for the period adds nothing (its name may be lost to the dashes)
            pairs = [(r, c) for r in run if (c := cell_for(r[2], when, months)) and value_of(c[1]) is not None]
            run, cells = [r for r, _ in pairs], [c for _, c in pairs]
            values = [value_of(c[1]) for c in cells]
            if len(run) < 2 or abs(sum(values) - whole) > max(1.0, abs(whole) * _TOLERANCE):
                continue
            listing = "; ".join(f"{r[4]} {' '.join(c[1].split())}" for r, c in zip(run, cells))
            ref = Ref(f"the parts of {total[4]}")
            return Calculation(Formula(ref, False, listed=True),
                               {ref: Operand(str(ref), total[4], " ".join(end[1].split()), whole, total[3])}, listing)
    return _said(amount, hits)


def _said(amount: float, hits: list[Hit]) -> Calculation | None:
    """The parts one sentence of the passages gives the total in: "The $702 million inventory charge consists of
    approximately $354 million for inventory on hand and approximately $348 million for inventory purchase obligations
    ..." (blind set 29's k03), two amounts or more beside the total that add up to it within rounding; listed, the
    sentence quoted; None when no sentence does."""
    for n, hit in enumerate(hits, start=1):
        for sentence in _SENTENCE_END.split(" ".join(hit.text.split())):
            figures = [(m.group(), dollars(m.group())) for m in _GIVEN.finditer(sentence)]
            at = next((i for i, (_, v) in enumerate(figures) if abs(v - amount) <= abs(amount) * _ROUNDING), None)
            parts = [f for i, f in enumerate(figures) if i != at]
            if at is None or len(parts) < 2 or abs(sum(v for _, v in parts) - amount) > abs(amount) * _SAID_ROUNDING:
                continue
            ref = Ref("the parts of the amount given")
            return Calculation(Formula(ref, False, stated=True, listed=True),
                               {ref: Operand(str(ref), sentence, figures[at][0], amount, n)},
                               "; ".join(f for f, _ in parts))
    return None


_SENTENCE_END = re.compile(r"(?<=[a-z0-9%)][.;])\s+(?=[A-Z])")
_SAID_ROUNDING = 0.01  # "approximately $354 million" and "approximately $348 million" of $702 million
