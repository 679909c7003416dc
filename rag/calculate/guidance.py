"""Guidance: a quarter's reported figures set against the range a report's guidance gave for that quarter, before the
model answers.

"Did Amazon's Q3 2023 net sales land within the guidance range given in its Q2 2023 10-Q?": the model said yes (net
sales of $143,083 million against a guided $138.0 to $143.0 billion: just above it), or restated the question and
was withheld (bench/RESULTS.md, forty-sixth session, blind sets 25's g25 and 26's h16). Here:
- the question asks yes or no about guidance (an outlook, a forecast, a range) and how the actual figure stood
  against it: within, inside, in line with, met; beat, exceeded, above, topped; missed, below, short of;
- a passage prints the guidance for a quarter under its heading ("Third Quarter 2023 Guidance", then "Net sales are
  expected to be between $138.0 billion and $143.0 billion ..."), a quarter the question names;
- each guided line the question names (all of them when it names none: "results") is looked up for that quarter
  (rag.calculate.work: "What was Amazon's net sales in Q3 2023?"), and set against its range.
The answer: yes or no, each line's figure against its range, and where it fell. Else nothing: the model answers.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from rag.calculate.formula import SCALES
from rag.periods import ORDINALS
from rag.retrieve import Hit

_ASKED = re.compile(r"^\s*(?:did|was|were|is|are|has|have|had|does|do)\b[^?]*\b(?:guidance|guided|outlook|forecast\w*|"
                    r"expected\s+range|projected\s+range)\b", re.I)
_WITHIN = re.compile(r"\b(?:within|inside|in\s+line\s+with|meet|met|land(?:ed)?\s+(?:in|within|inside)|"
                     r"f(?:a|e)ll\s+(?:in|within|inside))\b", re.I)
_ABOVE = re.compile(r"\b(?:beat|exceed\w*|above|top(?:ped)?|surpass\w*|outperform\w*|higher\s+than)\b", re.I)
_BELOW = re.compile(r"\b(?:miss(?:ed)?|below|short\s+of|under(?:perform\w*)?|lower\s+than)\b", re.I)
_HEADING = re.compile(r"\b(?P<ord>first|second|third|fourth)\s+quarter\s+(?P<year>(?:19|20)\d\d)\s+guidance\b", re.I)
_RANGE = re.compile(r"(?P<line>[A-Z][A-Za-z ]{2,40}?)\s+(?:is|are)\s+expected\s+to\s+be\s+between\s+\$\s?"
                    r"(?P<lo>\d[\d,]*(?:\.\d+)?)\s*(?P<lo_scale>billion|million)?\s+and\s+\$\s?(?P<hi>\d[\d,]*(?:\.\d+)?)"
                    r"\s*(?P<hi_scale>billion|million)\b")
_QUARTER = re.compile(r"\bq([1-4])\s*((?:19|20)\d\d)\b", re.I)  # "Q3 2023" (a calendar quarter, as guidance names it)
_QUARTER_WORDS = re.compile(r"\b(first|second|third|fourth)\s+quarter\s+(?:of\s+)?((?:19|20)\d\d)\b", re.I)
_OWNER = re.compile(r"^\s*\w+\s+(?P<owner>[A-Z][\w.&-]*)(?:['’]s)?\b")  # "Did Amazon's ...": Amazon


@dataclass(frozen=True)
class Guided:
    """A range a report's guidance gave for one line of one quarter."""
    quarter: int
    year: str
    line: str  # "Net sales", as the guidance names it
    low: float  # in dollars
    high: float
    text: str  # "$138.0 billion to $143.0 billion"
    passage: int  # [n]

    def where(self, value: float) -> str:
        """Where a figure (in dollars) fell against the range: "within", "above" or "below"."""
        return "above" if value > self.high else "below" if value < self.low else "within"


def guidance_asked(question: str) -> str:
    """How a yes-or-no question about guidance sets the actual figure against it: "within", "above", "below"; ""
    for any other question."""
    if not _ASKED.match(question):
        return ""
    for how, pattern in (("within", _WITHIN), ("above", _ABOVE), ("below", _BELOW)):
        if pattern.search(question):
            return how
    return ""


def guided(hits: list[Hit]) -> list[Guided]:
    """Every range the passages' guidance gives, each with the quarter its heading names."""
    out = []
    for n, hit in enumerate(hits, start=1):
        text = " ".join(hit.text.split())
        heads = list(_HEADING.finditer(text))
        for m in _RANGE.finditer(text):
            head = next((h for h in reversed(heads) if h.start() < m.start()), None)
            if not head:
                continue
            lo = float(m.group("lo").replace(",", "")) * SCALES[(m.group("lo_scale") or m.group("hi_scale")).lower()]
            hi = float(m.group("hi").replace(",", "")) * SCALES[m.group("hi_scale").lower()]
            line = re.sub(r"^(?:and|or|while|but)\s+", "", m.group("line").strip(), flags=re.I)
            out.append(Guided(int(ORDINALS[head.group("ord").lower()]), head.group("year"), line, lo, hi,
                              f"${m.group('lo')}{' ' + m.group('lo_scale') if m.group('lo_scale') else ''} to "
                              f"${m.group('hi')} {m.group('hi_scale')}", n))
    return out


def guidance_lines(question: str, hits: list[Hit]) -> list[tuple[Guided, str]]:
    """The guided lines a guidance question asks about, each with the question that looks up its actual figure
    ("What was Amazon's net sales in Q3 2023?"): those of the latest quarter the question names that the passages'
    guidance covers; of them the lines the question names, all when it names none. [] for any other question."""
    if not guidance_asked(question) or not (owner := _OWNER.match(question)):
        return []
    named = {(int(m.group(1)), m.group(2)) for m in _QUARTER.finditer(question)} | \
        {(int(ORDINALS[m.group(1).lower()]), m.group(2)) for m in _QUARTER_WORDS.finditer(question)}
    ranges = [g for g in guided(hits) if (g.quarter, g.year) in named]
    if not ranges:
        return []
    latest = max((g.year, g.quarter) for g in ranges)
    ranges = [g for g in ranges if (g.year, g.quarter) == latest]
    return [(g, f"What was {owner.group('owner')}'s {g.line.lower()} in Q{g.quarter} {g.year}?")
            for g in _lines_named(question, ranges)]


def _lines_named(question: str, ranges: list[Guided]) -> list[Guided]:
    """Of the ranges, those of the lines the question names (all when it names none), one per line; [] where a line
    has two ranges: which report's is asked is not known."""
    asked = [g for g in ranges if re.search(rf"\b{re.escape(g.line.lower())}\b", question.lower())]
    chosen = list({g.line.lower(): g for g in (asked or ranges)}.values())
    return chosen if len({(g.line.lower(), g.low, g.high) for g in (asked or ranges)}) == len(chosen) else []


# "What fourth-quarter 2023 guidance did Amazon include in its 10-Q ...?", "What outlook did Amazon give for Q4 2023?":
# the ranges asked for, not a yes or no against them (blind set 32's n06: the model gave the sentence that introduces
# them, "We provided guidance on October 26, 2023 ... as set forth below", and no figure)
_GIVEN_ASKED = re.compile(r"\b(?:guidance|outlook|forecast|guided\s+range|expected\s+range)\b", re.I)
_YES_NO = re.compile(r"^\s*(?:did|was|were|is|are|has|have|had|does|do)\b", re.I)
_SET_AGAINST = re.compile(r"\b(?:actual\w*|beat|miss(?:ed)?|exceed\w*|above|below|within|against|versus|vs\.?|"
                          r"compar\w*|"
                          r"land(?:ed)?|fell\s+short)\b", re.I)


def guidance_given(question: str, hits: list[Hit]) -> list[Guided]:
    """The ranges the passages' guidance gives that a question asking for guidance wants: of the quarter it names (the
    only quarter the passages guide when it names none), of the lines it names (all when it names none); [] for any
    other question, a yes or no, or a quarter no passage guides."""
    if not _GIVEN_ASKED.search(question) or _SET_AGAINST.search(question) or \
            any(_YES_NO.match(sentence) for sentence in re.split(r"(?<=[.?!])\s+", question)):
        return []  # the actual figure set against the range ("did actual Q3 op income beat the top of that range?")
    plain = re.sub(r"(?<=[a-z])-(?=quarter\b)", " ", question, flags=re.I)  # "fourth-quarter 2023"
    named = {(int(m.group(1)), m.group(2)) for m in _QUARTER.finditer(plain)} | \
        {(int(ORDINALS[m.group(1).lower()]), m.group(2)) for m in _QUARTER_WORDS.finditer(plain)}
    ranges = guided(hits)
    ranges = [g for g in ranges if (g.quarter, g.year) in named] if named else \
        ranges if len({(g.quarter, g.year) for g in ranges}) == 1 else []
    return _lines_named(question, ranges)
