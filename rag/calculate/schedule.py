"""Schedule: the total of a table that a sentence introduces, asked as a total.

A note's schedule is introduced by a sentence that names what it lists and ends in a colon, its rows a year each,
its last row the total: "Future payments under noncancelable unconditional purchase obligations with a remaining term
in excess of one year as of July 1, 2023, are as follows (in millions):" then "2023 (remaining three months) $ 1,260",
"2024 3,417", ..., "Total $ 18,957". Asked for the total ("AAPL: total future payments under noncancelable
unconditional purchase obligations as of July 1, 2023?"), the first row was given (blind set 38's t02): no row is
labelled with the question's words, and the sentence gives no figure of its own. So:
- schedule_total: of a question naming "total" and three telling words or more (rag.calculate.stated's), the
  sentence ending in a colon that holds them all (one may be missing of four or more) and a row labelled "Total"
  after it, within the table's rows: that row's first figure, in the sentence's scale ("(in millions)"), quoted with
  the sentence;
- schedule_passages: where a passage holds such a sentence and ends before its total (a table cut across chunks), its
  run with the chunks after it that reaches the total (rag.answer puts it in the passage's place).
"""
from __future__ import annotations

import re
from typing import Callable

from rag.calculate.formula import Calculation, Formula, Operand, Ref
from rag.calculate.stated import stated_asked
from rag.retrieve import Hit

SCHEDULE = True
_ROWS = 20  # lines after the sentence a total is looked for in: a schedule's years, blank lines between
# the sentence that introduces a table: its words up to a colon at a line's end
_INTRO = re.compile(r"(?:^|(?<=[.;!?])\s+|\n\s*\n)(?P<sentence>[A-Z][^.;!?:]*?(?:\.\d[^.;!?:]*?)*):[ \t]*\n", re.M)
_SCALE = re.compile(r"\(\s*(?:in|dollars\s+in|amounts\s+in)\s+(?P<scale>thousands|millions|billions)\b", re.I)
_TOTAL_ROW = re.compile(r"^\s*total\b[^\d$(\n]*?(?P<figure>\$?\s?\(?\d[\d,]*(?:\.\d+)?\)?)", re.I)
_TOTAL_ASKED = re.compile(r"\btotal\b|\bin\s+(?:total|all|aggregate)\b|\baggregate\b", re.I)
_WORD = re.compile(r"[a-z][a-z'’-]+")


def schedule_total(question: str, hits: list[Hit]) -> Calculation | None:
    """The total row of the table a passage's sentence introduces in the question's words, as a looked-up
    Calculation quoting the sentence and the row; None for a question asking no total, or when no passage has one (or
    two give different totals)."""
    return _total(_words_asked(question), hits)


def _total(words: tuple[str, ...], hits: list[Hit]) -> Calculation | None:
    """schedule_total, of the question's telling words (_words_asked)."""
    found = {(figure, n): (sentence, row) for n, hit in enumerate(hits, start=1)
             for sentence, row, figure in _totals(words, hit.text)}
    if len({figure for figure, _ in found}) != 1:
        return None
    (figure, n), (sentence, row) = next(iter(found.items()))
    scale = _SCALE.search(sentence)  # "(in millions)": "$18,957 million", as amounts are written
    shown = figure.replace(" ", "") + (f" {scale.group('scale').lower()[:-1]}" if scale else "")
    ref = Ref(" ".join(words))
    value = float(re.sub(r"[^\d.]", "", figure) or 0) * (-1 if "(" in figure else 1)
    operand = Operand(str(ref), f"{sentence}: … {row}", shown, value, n)
    return Calculation(Formula(ref, False, stated=True), {ref: operand}, shown)


def schedule_passages(question: str, hits: list[Hit], runs: Callable[[Hit], list[Hit]] | None) -> list[Hit]:
    """For a passage holding a sentence that introduces the table asked (schedule_total) and ending before its total,
    the run of chunks (runs: a passage's runs, the chunks after it last) that reaches the total; [] when none is
    needed or found."""
    if not runs or not (words := _words_asked(question)) or _total(words, hits):
        return []
    for hit in hits:
        if any(True for _ in _intros(words, hit.text)):
            for run in runs(hit):
                if hit.ids < run.ids and any(True for _ in _totals(words, run.text)):
                    return [run]
    return []


def _words_asked(question: str) -> tuple[str, ...]:
    """The question's telling words (rag.calculate.stated's), three or more, when it asks a total; else ()."""
    if not SCHEDULE or not _TOTAL_ASKED.search(question) or not (asked := stated_asked(question)):
        return ()
    return asked.words if len(asked.words) >= 3 else ()


def _intros(words: tuple[str, ...], text: str):
    """(sentence, where its table starts) for each sentence of text that ends in a colon at a line's end and holds
    the question's telling words (one may be missing of four or more)."""
    for m in _INTRO.finditer(text):
        sentence = " ".join(m.group("sentence").split())
        said = {w.lower() for w in _WORD.findall(sentence.lower())}
        missing = sum(not any(s == w or s.startswith(w) or w.startswith(s) and len(s) >= 4 for s in said)
                      for w in words)
        if words and missing <= (1 if len(words) >= 4 else 0):
            yield sentence, m.end()


def _totals(words: tuple[str, ...], text: str):
    """(sentence, total row, its figure) for each table of text that a sentence in the question's telling words
    introduces and whose total row follows within its rows."""
    for sentence, at in _intros(words, text):
        for line in text[at:].split("\n")[:_ROWS]:
            if m := _TOTAL_ROW.match(line):
                yield sentence, " ".join(line.split()), m.group("figure")
                break
            if _INTRO.match(line + "\n") and line.rstrip().endswith(":"):
                break  # another table's sentence
