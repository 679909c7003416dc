"""Direction: the way a question takes a line to have gone over the year, to be checked against the figures.

"Why did Apple cut its quarterly dividend in the June 2023 quarter?" (it rose, $0.23 to $0.24), "NVIDIA's Data Center
revenue fell in the quarter ended October 30, 2022 ... how big was the year-over-year decline?" (it rose 31%): a small
model explains the fall it is told of, or gives the rise as the decline's size (blind sets 31's m24 and 32's n24).
direction_claimed reads the line, its period and the way the question says it went; growth_question is the calculator's
form of the line's change over the year ("What was the year-over-year growth of NVIDIA's Data Center revenue in the
quarter ended October 30, 2022?"), worked out from the passages by rag.guard (DIRECTION_PREMISE_CHECK), which shows
the figures in place of the answer where they went the other way.

The forms read: a why-question ("Why did X fall ...?", "Why did <company> cut its X ...?", "What drove the decline in X
...?"); a statement of the change, then a question on its size or cause ("X fell in <period> ...; how big was the
decline?", "X grew in <period> — what drove that growth?"); a premise before the question ("Given that X raised ...,
what ...?"). A change against the quarter before (sequentially) is not read.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from rag.calculate.formula import Calculation
from rag.calculate.rows import value_of
from rag.periods import DATE

# the verbs of a change, by the way they go; a company's own act ("cut its dividend") takes the line as its object
_UP_VERBS = r"(?:increas|rais|grow|grew|r[io]s|jump|climb|surg|soar|boost|hik|expand|improv)"
_DOWN_VERBS = r"(?:decreas|declin|fell|fall|drop|cut|reduc|lower|shr[ai]nk|plung|slump|tumbl|slid|slip|sank|sink|" \
              r"contract|slash|weaken|deteriorat)"
_VERB = rf"(?P<verb>(?:{_UP_VERBS}|{_DOWN_VERBS})\w*)"
_UP_NOUNS = ("increase", "rise", "growth", "jump", "surge", "improvement", "expansion")
_DOWN_NOUNS = ("decrease", "decline", "drop", "fall", "cut", "reduction", "contraction", "deterioration", "slump",
               "plunge")
_NOUN_WORDS = "|".join(_UP_NOUNS + _DOWN_NOUNS)
_NOUN = rf"(?P<noun>{_NOUN_WORDS})"
# "Why did NVIDIA's gross margin drop so sharply ...", "Why did Apple cut its quarterly dividend in ..."
_WHY_DID = re.compile(rf"^\s*why\s+(?:did|has|have|had|does|do)\s+(?P<s>.+?)\s+{_VERB}\b\s*(?P<rest>.*)$", re.I)
# "What drove the decline in Intel's gross margin in Q2 2023?", "What explains the jump in ..."
_WHAT_DROVE = re.compile(rf"^\s*(?:what|which\s+\w+)\s+(?:drove|caused|explains?|was\s+behind|led\s+to|accounts?\s+for|"
                         rf"accounted\s+for)\s+(?:the|this|that)\s+(?:\w+\s+){{0,2}}?{_NOUN}\s+(?:in|of)\s+"
                         rf"(?P<rest>.+)$",
                         re.I)
# "NVIDIA's Data Center revenue fell in the quarter ended October 30, 2022 ... how big was the decline?"
_SAID_FELL = re.compile(rf"^\s*(?P<s>[A-Z][\w.&-]*['’]s\s+[^,;?—–]+?)\s+{_VERB}\b\s*(?P<rest>[^?]*)", re.I)
# "Given that Intel raised its quarterly dividend in early 2023, what dividend per share did it declare in ...?"
_GIVEN_THAT = re.compile(rf"^\s*(?:given|since|now)\s+that\s+(?P<s>[A-Z][^,;?]+?)\s+{_VERB}\b\s*"
                         rf"(?P<rest>(?:[^,;?]|,\s*(?:19|20)\d\d)*),\s+"
                         rf"(?P<asked>(?:what|how|which)\b.*)$", re.I)
_SIZE_ASKED = re.compile(rf"\bhow\s+(?:big|large|much|steep|sharp|deep)\s+(?:was|were|is)\s+(?:the|this|that|its)\s+"
                         rf"(?:[\w-]+\s+){{0,2}}?(?:{_NOUN_WORDS})\b", re.I)
# "Apple's revenue grew in the June 2023 quarter — what drove that growth?" (blind set 33's o25: it fell 1.4%)
_CAUSE_ASKED = re.compile(r"(?:\bwhy\b|\bwhat\s+(?:drove|caused|explains?|was\s+behind|is\s+behind|led\s+to)\b)"
                          r"[^?]*\?\s*$", re.I)
_SEQUENTIAL = re.compile(r"\b(?:sequential\w*|quarter[- ]over[- ]quarter|q/q|qoq|(?:prior|previous|preceding|last)\s+"
                         r"quarter|from\s+the\s+(?:first|second|third|fourth)\s+quarter)\b", re.I)
# where the line's words end and its period's begin: "... dividend in the June 2023 quarter"
_PERIOD_START = re.compile(r"\s+(?:in|during|for|over|at|through|as\s+of)\s+(?=(?:the|its|their|fiscal|calendar|Q[1-4]|"
                           r"FY|(?:19|20)\d\d|first|second|third|fourth|three|six|nine|early|late|mid)\b)", re.I)
# words of manner and comparison said after the verb or in the line, no part of it
_MANNER = re.compile(r"\b(?:so\s+)?(?:sharply|significantly|steeply|much|materially|dramatically|year[- ]over[- ]year|"
                     r"y/y|yoy|from\s+a\s+year\s+(?:ago|earlier)|versus\s+the\s+prior\s+year)\b", re.I)
_COMPANY_ONLY = re.compile(r"^(?:[A-Z][\w.&-]*)(?:\s+[A-Z][\w.&-]*){0,2}$")  # "Apple", "Advanced Micro Devices"
_OWN = re.compile(r"^(?:its|their|the)\s+", re.I)


@dataclass(frozen=True)
class Claim:
    line: str  # the line as the question names it, with its company: "Apple's quarterly dividend"
    period: str  # the period as the question names it: "in the June 2023 quarter" ("" where it names none there)
    up: bool  # the question takes it as having risen (else fallen)
    size: float | None = None  # by how many percent, where the question says right after its verb ("fall 47%")


def direction_claimed(question: str) -> Claim | None:
    """The line a question takes to have risen or fallen over the year, its period and that way; None for any other
    question, or a change against the quarter before."""
    q = " ".join(question.split())
    if _SEQUENTIAL.search(q):
        return None
    if m := _WHY_DID.match(q):
        return _claim(*_said_of(m.group("s"), m.group("rest")), m.group("verb"), m.group("rest"))
    if m := _WHAT_DROVE.match(q):
        line, period = _line_and_period(m.group("rest"))
        return _claim(line, period, m.group("noun"))
    if m := _GIVEN_THAT.match(q):  # a premise stated before the question; its period, else the question's
        line, period = _said_of(m.group("s"), m.group("rest"))
        if not (re.search(r"\b(?:Q[1-4]|quarter|(?:three|six|nine)\s+months|fiscal)\b", period, re.I) or
                DATE.search(period.lower())):
            period = _period_of(m.group("asked"))  # "in early 2023": no quarter the calculator reads
        return _claim(line, period, m.group("verb"))
    if (_SIZE_ASKED.search(q) or _CAUSE_ASKED.search(q)) and (m := _SAID_FELL.match(q)):
        return _claim(m.group("s"), _period_of(m.group("rest")), m.group("verb"), m.group("rest"))
    return None


def direction_asked(question: str) -> Claim | None:
    """The line a yes-or-no question asks whether it rose or fell over the year, its period and the way asked ("Did
    Apple's Greater China net sales grow year over year in the June 2023 quarter?": up); None for any other question,
    a change against the quarter before, or one against something else ("grow faster than ...", "grow by more than
    10%")."""
    q = " ".join(question.split())
    if _SEQUENTIAL.search(q) or _AGAINST.search(q) or not (m := _DID.match(q)):
        return None
    return _claim(*_said_of(m.group("s"), m.group("rest")), m.group("verb"))


# "Did Apple's Greater China net sales grow year over year in the June 2023 quarter (fiscal Q3 2023)?"
_DID = re.compile(rf"^\s*(?:did|has|have|had)\s+(?P<s>.+?)\s+{_VERB}\b\s*(?P<rest>.*)$", re.I)
_AGAINST = re.compile(r"\b(?:than|faster|slower|more|less|by|outpace\w*|or)\b|%", re.I)


def sign_claimed(question: str) -> tuple[str, bool] | None:
    """The profit line a why-question takes to have come out a loss or a profit, as the calculator's question for its
    figure, and whether it claims a profit: "Why did Intel swing to a net loss in Q3 2023?" ("What was Intel's net
    income in Q3 2023?", False); read as signs_claimed reads "Did Intel post a net loss in Q3 2023?". None for any
    other question, or one claiming the signs of two lines."""
    from rag.calculate.question import signs_claimed  # (question imports rows, as this module does)

    m = _WHY_SIGN.match(" ".join(question.split()))
    if not m:
        return None
    claims = signs_claimed(f"{m.group('aux').capitalize()} {_SWUNG.sub('post', m.group('rest'), count=1)}")
    return claims[0] if len(claims) == 1 else None


_WHY_SIGN = re.compile(r"^\s*why\s+(?P<aux>did|was|were|is|has|had)\s+(?P<rest>.+)$", re.I)
# "swing to a net loss", "turned to an operating loss", "fell into a loss": a result claimed, as "post" claims one
_SWUNG = re.compile(r"\b(?:swing|swung|swings|turn(?:ed|s)?|f[ae]ll|falls|slip(?:ped|s)?|flip(?:ped|s)?|go|went|goes|"
                    r"move[ds]?|sink|sank|plunge[ds]?|tip(?:ped)?)\s+(?:in)?to(?=\s+(?:an?\s+)?(?:net\s+|operating\s+)?"
                    r"(?:loss|profit)\b)", re.I)


def growth_question(claim: Claim) -> str:
    """The calculator's question for the line's change over the year: "What was the year-over-year growth of NVIDIA's
    Data Center revenue in the quarter ended October 30, 2022?"."""
    return f"What was the year-over-year growth of {claim.line}{' ' + claim.period if claim.period else ''}?"


def went_otherwise(claim: Claim, worked: list[Calculation]) -> Calculation | None:
    """The line's change over the year worked out (growth_question's one figure), where it went the other way than the
    claim says, or by a size the claim's does not round to ("fell 47%" of a 30.2% fall: more than SIZE_APART points
    from it); None where it went that way, or was not worked out from two table rows (a sentence's change may be
    another line's: "Total net sales increased 2% ..., partially offset by lower net sales of Mac")."""
    growth = change_of(worked)
    if growth is None:
        return None
    if other_way(claim, growth):
        return worked[0]
    return worked[0] if claim.size is not None and abs(abs(growth) - claim.size) > SIZE_APART else None


def other_way(claim: Claim, growth: float) -> bool:
    """Whether a change worked out went the other way than the claim says."""
    return growth < 0 if claim.up else growth > 0


def change_of(worked: list[Calculation]) -> float | None:
    """The change over the year worked out (growth_question's one figure), where it was worked out from two table rows;
    else None."""
    if len(worked) != 1 or worked[0].formula.stated or len(worked[0].operands()) != 2:
        return None
    return value_of(worked[0].result)


# points a size the question claims may be from the change worked out: it rounds the filing's ("47%" for 46.8%)
SIZE_APART = 1.0
# a size said right after the verb: "47%", "by 8 percent"; one said roughly ("about 8%") is read, then not taken
_SIZE = re.compile(r"^\s*(?:by\s+)?(?P<roughly>(?:about|roughly|nearly|almost|over|more\s+than)\s+)?"
                   r"(\d+(?:\.\d+)?)\s*(?:%|percent\b)", re.I)


def _claim(line: str, period: str, word: str, after: str = "") -> Claim | None:
    """The claim, with the size said right after its verb (after: the words there, "47% in the December 2022
    quarter"); None without a line of two words or more, or a period."""
    line = _MANNER.sub("", line)
    line = " ".join(line.split()).strip(" ,")
    if len(line.split()) < 2 or not period:
        return None
    up = bool(re.match(_UP_VERBS, word, re.I)) or word.lower() in _UP_NOUNS
    # (a size said exactly: not "about 8%"; nor of a rate, whose "fell 5%" may be points)
    size = _SIZE.match(_MANNER.sub("", after))
    exact = size and not size.group("roughly") and not _RATE.search(line)
    return Claim(line, period, up, float(size.group(2)) if exact else None)


_RATE = re.compile(r"\b(?:margins?|rates?|percentages?|ratios?|yields?|shares?|mix)\b", re.I)


def _said_of(subject: str, rest: str) -> tuple[str, str]:
    """The line and its period of a change said of a subject: the subject itself ("NVIDIA's gross margin"), or, where
    the subject is a company alone, the object its verb acts on ("Apple" cut "its quarterly dividend in the June 2023
    quarter": "Apple's quarterly dividend")."""
    if _COMPANY_ONLY.match(subject):
        line, period = _line_and_period(rest)
        return (f"{subject}'s {_OWN.sub('', line)}" if line else ""), period
    return _MANNER.sub("", subject).strip(), _period_of(rest)


def _line_and_period(text: str) -> tuple[str, str]:
    """The line and its period of words after the verb: "its quarterly dividend in the June 2023 quarter?"."""
    text = _MANNER.sub("", text).strip(" ?.")
    m = _PERIOD_START.search(text)
    return (text[:m.start()], _period_of(text[m.start():])) if m else (text, "")


def _period_of(text: str) -> str:
    """The period a text names after its verb: "in the quarter ended October 30, 2022" of "in the quarter ended October
    30, 2022 because of the new U.S. export restrictions"; "" where it names none."""
    m = _PERIOD_START.search(" " + _MANNER.sub("", text))
    if not m:
        return ""
    said = (" " + _MANNER.sub("", text))[m.start():].strip()
    # up to a clause of its own ("because ...", "due to ...", ", and ...", a dash), a bracket's words and a date's
    # year kept: "in its third quarter of fiscal 2023 (ended October 30, 2022)"
    masked = re.sub(r"\([^()]*\)", lambda b: "(" + "x" * (len(b.group()) - 2) + ")", said)
    end = re.search(r"\s+(?:because|due\s+to|as|after|amid|while|despite|and|but|compared|versus|vs\.?|from)\b|"
                    r"\s*(?:[;:?—–]|,(?!\s*(?:19|20)\d\d))"
                    r"\s*|\s+-\s+", masked)
    said = said[:end.start()] if end else said
    return said if re.search(r"\d|\bquarter\b|\byear\b", said, re.I) else ""
