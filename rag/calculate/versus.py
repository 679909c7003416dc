"""Versus: two businesses (companies or segments) set against each other on several lines in one period, each line
of each looked up before the model answers.

"For the quarter ended Sept 30, 2023, how did Microsoft's Intelligent Cloud segment stack up against AWS on revenue
and operating income?" (blind sets 27's i28 and 35's q30): the model saw Microsoft's passages alone and answered half
of it, or mixed the two segments' figures (bench/RESULTS.md, fifty-third session). Here the question is read as one
question per business and line, tersely ("Microsoft's Intelligent Cloud revenue for the quarter ended September 30,
2023?", "AWS revenue for ...?", ...), each retrieved for and worked out on its own (rag.calculate.work), all
of them or none. The forms:
- "how did|does A stack up against|compare with|fare against B on X and Y (for P)?", the period before it too
  ("For P, how did ...");
- "Compare A with|and|to B (for P): X, Y and Z.";
- "A vs B on X and Y (for P)?".
Two lines or more, each a statement line's name (revenue, operating income, operating margin, ...); one line of two
companies is companies_compared's. A business is named as asked, without "segment" ("Microsoft's Intelligent Cloud
segment" is "Microsoft's Intelligent Cloud"); a period must be named.
"""
from __future__ import annotations

import re

from rag.calculate.parse import PERIOD_RE
from rag.periods import quarter_asked

_PERIOD = r"(?:for|in|during|over|as\s+of|at)\s+"
_PRE = rf"(?P<pre>{_PERIOD}(?:[^,?]|,\s*(?=(?:19|20)\d\d))+?)"  # "For the quarter ended Sept 30, 2023, how did ..."
_STACK = re.compile(rf"^\s*(?:{_PRE},\s+)?how\s+(?:did|does|do|has|have)\s+(?P<a>.+?)\s+"
                    r"(?:stack(?:ed)?\s+up|compare[ds]?|fare[ds]?|measure[ds]?\s+up|line[ds]?\s+up)\s+"
                    r"(?:against|with|to|versus|vs\.?)\s+(?P<b>.+?)\s+(?:on|in\s+terms\s+of|by|across)\s+"
                    rf"(?P<lines>[^?]+?)(?:,?\s+(?P<post>{_PERIOD}[^?]+?))?\s*\??\s*$", re.I)
_COMPARE = re.compile(rf"^\s*compare\s+(?P<a>.+?)\s+(?:with|to|and|against|versus|vs\.?)\s+(?P<b>.+?)"
                      rf"(?:,?\s+(?P<post>{_PERIOD}[^:?]+?))?\s*(?::|\s[-–—]\s|,\s+on\s+)\s*(?P<lines>[^?]+?)\s*[.?]?\s*$",
                      re.I)
_VERSUS = re.compile(rf"^\s*(?:{_PRE},\s+)?(?P<a>.+?)\s+(?:vs\.?|versus)\s+(?P<b>.+?)\s+on\s+"
                     rf"(?P<lines>[^?]+?)(?:,?\s+(?P<post>{_PERIOD}[^?]+?))?\s*\??\s*$", re.I)
# a statement line's name: "revenue", "net sales", "operating income", "operating margin", "gross margin %"
_LINE = re.compile(r"^(?:(?:total|net|gross|operating|segment|reported)\s+)*(?:revenues?|sales|income|profit|"
                   r"margins?(?:\s+(?:percentage|%))?|loss|expenses?|costs?)$", re.I)
_SPLIT = re.compile(r"\s*,\s*(?:and\s+)?|\s+(?:and|&)\s+", re.I)
_SEGMENT_WORD = re.compile(r"\s+(?:segments?|business(?:es)?|divisions?|units?)$", re.I)


def versus_asked(question: str) -> list[str]:
    """The question for each business's each line (see the module), the first business's lines first; [] for any
    other question."""
    question = " ".join(question.split())
    m = _STACK.match(question) or _COMPARE.match(question) or _VERSUS.match(question)
    if not m:
        return []
    lines = [line.strip() for line in _SPLIT.split(m.group("lines").strip(" .")) if line.strip()]
    if len(lines) < 2 or not all(_LINE.match(line) for line in lines):
        return []
    period = (m.groupdict().get("pre") or m.group("post") or "").strip(" ,")
    if not period or not (PERIOD_RE.search(period) or quarter_asked(period)):
        return []
    period = period[0].lower() + period[1:]
    names = [_SEGMENT_WORD.sub("", re.sub(r"^(?:the|its)\s+", "", m.group(x).strip(" ,"), flags=re.I)) for x in "ab"]
    if any(not n or not re.match(r"[A-Z]", n) for n in names) or names[0].lower() == names[1].lower():
        return []  # a business is named by a capitalised name: "AWS", "Microsoft's Intelligent Cloud"
    # tersely, as analysts type it ("AWS operating margin for the quarter ended ...?"): a bare name is the line's owner,
    # a segment or a company (work._worked tells which by the rows)
    return [f"{name} {line.lower()} {period}?" for name in names for line in lines]


def business_of(part: str) -> str:
    """The name a business's question (versus_asked's) opens with, without its possessive: "Microsoft" of
    "Microsoft's Intelligent Cloud revenue for ...?", "AWS" of "AWS revenue for ...?"."""
    return re.sub(r"['’]s$", "", part.split()[0])
