"""Trend: one line traced over several quarters, each quarter's figure read in the report of its own quarter.

"NVIDIA Data Center revenue trend from the Oct 2022 quarter through the Oct 2023 quarter?", "How did Azure and other
cloud services revenue growth trend across Microsoft's quarters ended Sep 2022, Dec 2022, Mar 2023 and Sep 2023?",
"What was X in each of the quarters ended ...?", "... over the last four quarters?", "... in each quarter of 2023?":
trend_asked reads the line and the quarters as named; rag.answer
finds the report each quarter ends (for a range, every report of the company from the first quarter to the last),
adds its passages on the line with Hit.period_end set to the day the report's quarter ends, and asks the calculator
the canonical form (as_listed): "What was X in the quarters ended October 30, 2022, April 30, 2023 and October 29,
2023?". rag.calculate.work then reads each quarter's figure, a table row or a sentence, in the passages of that
quarter's report alone (each_quarter): a growth rate a report's prose states for its own quarter ("Azure and other
cloud services revenue grew 29%") is not another quarter's.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, replace

from rag.periods import DATE, MONTH_NAME, dates_in, quarter_asked, written_day

# a quarter as an analyst names it in a list: "Sep 2022", "Sept. 2022", "September 30, 2022", "Q1 FY24", "Q3 2023"
_NUMBERED_QUARTER = r"(?:fiscal\s+)?q[1-4]\s+(?:fiscal\s+(?:year\s+)?|fy\s?'?)?(?:(?:19|20)\d\d|\d\d)"  # "Q1 FY24"
_ITEM = rf"(?:{DATE.pattern}|{MONTH_NAME}\s+(?:19|20)\d\d|{_NUMBERED_QUARTER}\b)"
# one quarter as the end of a range: "the Oct 2022 quarter", "the quarter ended Sep 30, 2022", "Q3 FY23"
_ONE = rf"(?:the\s+)?(?:(?:fiscal\s+)?quarter\s+(?:ended|ending)\s+)?{_ITEM}(?:\s+(?:fiscal\s+)?quarter)?"
_ITEMS = re.compile(_ITEM, re.I)
_LIST = rf"{_ITEM}(?:\s*,\s*{_ITEM})*\s*,?\s+and\s+{_ITEM}"  # "A, B, C and D"
_OWNER = r"(?:(?P<co>[A-Z][\w.&]*)['’]s\s+)?"
_SHOW = r"(?:trace|track|chart|show)"  # the commands that ask a trend
_HOW_OR_SHOW = rf"(?:how\s+(?:did|has|have)|{_SHOW})"
# "How did X trend across Microsoft's quarters ended A, B, C and D?", "Trace X across the A, B, C and D quarters."
_LISTED = re.compile(rf"^{_HOW_OR_SHOW}\s+(?P<x>[^?]+?)\s+(?:trend(?:ed)?\s+)?"
                     rf"(?:across|over|through|in|for|during)\s+(?:each\s+of\s+)?{_OWNER}(?:the\s+)?(?:(?:fiscal\s+)?quarters?\s+"
                     rf"(?:ended|ending)\s+)?(?P<list>{_LIST})"
                     rf"(?:\s+(?:fiscal\s+)?quarters)?\s*[.?]?\s*$", re.I)
# "X trend from A through B?", "How did X trend from A to B?", "What was the trend in X from A to B?"
_RANGE = re.compile(rf"^(?:(?:how\s+(?:did|has|have)\s+)?(?P<x>[^?]+?)\s+trend(?:ed)?|(?:what\s+(?:was|is)\s+)?"
                    rf"(?:the\s+)?trend\s+(?:of|in)\s+(?P<y>[^?]+?))(?:\s+(?:from|between)|,)\s+(?P<p1>{_ONE})\s+"
                    rf"(?:through|to|until|and)\s+(?P<p2>{_ONE})(?:\s*\([^()]*\))?\s*[.?]?\s*$", re.I)
# (tersely, the range after a comma, an aside after it: "Microsoft Cloud revenue trend, Sep-22 quarter through Sep-23
# quarter (in the 10-Qs)?", blind set 36's r22)
# "Trace X from A through B.", "Show X from A to B"
_TRACED = re.compile(rf"^{_SHOW}\s+(?P<x>[^?]+?)\s+(?:from|between)\s+(?P<p1>{_ONE})\s+"
                     rf"(?:through|to|until|and)\s+(?P<p2>{_ONE})\s*[.?]?\s*$", re.I)
# "How has X trended over the last four quarters?", "What was X in each of the past three quarters?"
_COUNTS = {"two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "eight": 8}
_LAST = re.compile(rf"^(?:{_HOW_OR_SHOW}\s+(?P<x>[^?]+?)(?:\s+trend(?:ed)?)?|what\s+"
                   r"(?:was|were)\s+(?P<y>[^?]+?))\s+(?:over|across|for|in|during)\s+(?:each\s+of\s+)?the\s+"
                   r"(?:last|past|latest|most\s+recent|previous)\s+(?P<n>two|three|four|five|six|eight|[2-8])\s+"
                   r"(?:fiscal\s+)?quarters\s*[.?]?\s*$", re.I)
# "What was X in each quarter of 2023?", "... in each quarter of fiscal 2024?": the year's four quarters, as routed
_OF_YEAR = re.compile(rf"^(?:what\s+(?:was|were)|{_HOW_OR_SHOW})\s+(?P<x>[^?]+?)"
                      r"(?:\s+trend(?:ed)?)?\s+(?:in|for|during|over|across)\s+each\s+(?:fiscal\s+)?quarter\s+of\s+"
                      r"(?P<f>fiscal\s+(?:year\s+)?)?(?P<y>(?:19|20)\d\d)\s*[.?]?\s*$", re.I)
# "What was X in each of the quarters ended A, B and C?", "What was X in each quarter from A to B?" (the canonical form
# rag.answer asks the calculator is the first, with the days: as_listed)
_EACH = re.compile(rf"^what\s+(?:was|were)\s+(?P<x>[^?]+?)\s+(?:in|for)\s+(?:each\s+of\s+)?the\s+(?:fiscal\s+)?"
                   rf"quarters\s+(?:ended|ending)\s+(?P<list>{_LIST})\s*[.?]?\s*$|"
                   rf"^what\s+(?:was|were)\s+(?P<y>[^?]+?)\s+(?:in|for)\s+each\s+(?:fiscal\s+)?quarter\s+from\s+"
                   rf"(?P<p1>{_ONE})\s+(?:through|to|until)\s+(?P<p2>{_ONE})\s*[.?]?\s*$", re.I)


@dataclass(frozen=True)
class Trend:
    line: str  # the line traced, with its company where the question names it: "Microsoft's Azure ... revenue growth"
    periods: tuple[str, ...]  # the quarters as named, in the question's order ("Sep 2022", "October 30, 2022", "Q1 FY24")
    through: bool  # a range: every quarter from the first to the last (rag.answer finds those between)
    last: int = 0  # "over the last four quarters": the company's latest reports, that many (periods: none)
    change: bool = False  # "How did X change between A and B?": two quarters' figures and the later less the earlier


def trend_asked(question: str) -> Trend | None:
    """The line and the quarters of a question that traces one line over several quarters (at least three listed, a
    range from one quarter to another, the last few, each quarter of a year, or two quarters of one year's run
    compared, each printed only in its own report); None for any other question. The
    line without the words that ask for its motion ("... develop across ...") and with its growth beside it where
    asked ("X and its growth rate", "How did X grow year over year ...": "X and the year-over-year growth of X", two
    lines: trend_lines)."""
    trend = _trend_read(question)
    if not trend and (m := _TICKER_FIRST.match(question)) and (trend := _trend_read(m.group("rest"))):
        # "NVDA: how did X move over Q1-Q3 FY24?" (blind set 41's w24): the company's X
        trend = replace(trend, line=_owned(trend.line, m.group("co")))
    if trend and (line := _line_only(trend.line)) != trend.line:
        return replace(trend, line=line)
    return trend


_TICKER_FIRST = re.compile(r"^\s*(?P<co>[A-Z][A-Za-z.&]{1,14})\s*:\s+(?P<rest>(?i:how|what|trace|track|chart|show|"
                           r"describe|summari[sz]e)\b.+)$", re.S)


def _trend_read(question: str) -> Trend | None:
    """trend_asked's reading of the question's forms, the line as written."""
    q = _first_then_list(_trend_last(_numbered(_as_parenthesised(" ".join(question.split())))))
    if (m := _CHANGE_BETWEEN.match(q) or _DAY_COMPARED.match(q)) and not _ITEMS.search(m.group("x")):
        # a figure each of two reports states for its own quarter's end ("As of April 30, 2023, we had outstanding
        # inventory purchase ... obligations totaling $7.27 billion"; blind set 39's u17)
        days = (_ITEMS.search(m.group("p1")).group(), _ITEMS.search(m.group("p2")).group())
        if m.re is _DAY_COMPARED and dates_in(days[0]) > dates_in(days[1]):
            days = days[::-1]  # "at July 1, 2023 compare with June 25, 2022": the earlier first
        return Trend(_owned(m.group("x"), m.group("co")), days, False, change=True)
    if (m := _TWO_COMPARED.match(q) or _TWO_TERSE.match(q)) and (first := quarter_asked(m.group("p1"))) and \
            (second := quarter_asked(m.group("p2"))) and first[0] != second[0] and first[2] == second[2]:
        # two quarters of one year's run compared ("How did iPhone revenue in Apple's fiscal Q2 2023 compare with
        # fiscal Q1 2023?", blind set 35's q12): each in its own report (a report prints its quarter beside the same
        # quarter a year earlier, not beside the quarter before), the earlier first
        items = (_ITEMS.search(m.group("p1")).group(), _ITEMS.search(m.group("p2")).group())
        earlier = (int(first[1]), first[0]) > (int(second[1]), second[0])
        return Trend(_owned(m.group("x"), m.group("co")), items[::-1] if earlier else items, False)
    ranged = _RANGE.match(q) or _TRACED.match(q)
    if ranged and _ITEMS.search(ranged.group("x") or ranged.group("y")):
        # a line holds no quarter: "Trend in X for Q1 2023, Q2 2023 and Q3 2023?" lists three (blind set 38's t22),
        # not a range from "Q2 2023" to "Q3 2023" after a comma
        ranged = None
    if not (_LISTED.match(q) or _EACH.match(q) or ranged or _LAST.match(q) or _OF_YEAR.match(q)):
        # any other form that lists three quarters or more after a line ("Describe the path of Intel's top line
        # through Q1, Q2 and Q3 of 2023."), in its first sentence that does (blind set 30's l17-l19)
        for sentence in re.split(r"(?<=[.?!])\s+(?=[A-Z])", q):
            # (a terse question needs no frame where it ends on its trend: "AMZN AWS op income Q1-Q3 2023 trend?")
            for m in filter(None, (form.match(sentence) for form in (_ANY, _TERSE, _COLONED))):
                # (each form in turn: "X for A, B and C trend?" reads as _ANY's without its trend, as _TERSE's with it)
                if ((line := _FRAME.sub("", m.group("x"), count=1)) != m.group("x") or m.group("trend")) and \
                        len(items := tuple(i.group() for i in _ITEMS.finditer(m.group("list")))) >= 3:
                    return Trend(_owned(line, m.group("co")), items, False)
            # a range after a line said to move ("How has X evolved across the 10-Qs from Sept 2022 through Sept
            # 2023?", blind set 35's q17); not "How did X change from A to B?", a comparison of two quarters
            if (m := _SPAN_ANY.match(sentence)) and _FRAME.sub("", m.group("x"), count=1) != m.group("x"):
                return Trend(_FRAME.sub("", m.group("x"), count=1),
                             (_ITEMS.search(m.group("p1")).group(), _ITEMS.search(m.group("p2")).group()), True)
        return None
    if m := _LISTED.match(q) or _EACH.match(q):
        line = m.group("x") or m.group("y")
        if m.group("list"):
            items = tuple(i.group() for i in _ITEMS.finditer(m.group("list")))
            if len(items) < 3 and not _EACH.match(q):
                return None  # two quarters are a comparison (rag.calculate.question), not a trend
            return Trend(_owned(line, m.groupdict().get("co")), items, False)
        return Trend(line, (_ITEMS.search(m.group("p1")).group(), _ITEMS.search(m.group("p2")).group()), True)
    if m := ranged:
        line = m.group("x") or m.groupdict().get("y")
        return Trend(line, (_ITEMS.search(m.group("p1")).group(), _ITEMS.search(m.group("p2")).group()), True)
    if m := _LAST.match(q):
        return Trend(m.group("x") or m.group("y"), (), False, int(_COUNTS.get(m.group("n").lower(), m.group("n"))))
    if m := _OF_YEAR.match(q):
        fiscal = "fiscal " if m.group("f") else ""
        return Trend(m.group("x"), tuple(f"Q{n} {fiscal}{m.group('y')}" for n in range(1, 5)), False)
    return None


# any question listing its quarters after a line: "<frame> <line> [<motion>] across|over|through|in|for|during [each of]
# [Amazon's] [the quarters ended] A, B and C [filings|reports|quarters]" (_trend_read)
_ANY = re.compile(rf"^(?P<x>[^?]+?)\s+(?:across|over|through|in|for|during)\s+(?:each\s+of\s+)?{_OWNER}(?:the\s+)?"
                  rf"(?:(?:fiscal\s+)?quarters?\s+(?:ended|ending)\s+)?(?P<list>{_LIST})"
                  r"(?:\s+(?:fiscal\s+)?(?:quarters|filings|reports|10-Qs|quarterly\s+reports))?"
                  r"(?:\s+(?:compare|evolve|develop|trend|change|move|progress)|\s+(?P<trend>trend|trajectory|progression))?"
                  r"\s*[.?!]?\s*$", re.I)
# "How did X in [Apple's] fiscal Q2 2023 compare with fiscal Q1 2023?": two quarters named by number
_TWO_COMPARED = re.compile(rf"^how\s+(?:did|does|do)\s+(?P<x>[^?]+?)\s+(?:in|for|during)\s+{_OWNER}(?:the\s+)?"
                           rf"(?P<p1>{_NUMBERED_QUARTER})\s+compare\s+(?:with|to|against)\s+(?:the\s+|its\s+)?"
                           rf"(?P<p2>{_NUMBERED_QUARTER})"
                           r"(?:['’]s)?\s*[.?]?\s*$", re.I)
# ... or tersely: "Microsoft Cloud revenue: FQ1'24 vs FQ2'23?" (blind set 37's s06)
_TWO_TERSE = re.compile(rf"^(?P<x>[^?:]+?)\s*:\s*{_OWNER}(?:the\s+)?(?P<p1>{_NUMBERED_QUARTER})\s+(?:vs\.?|versus|"
                        rf"compared\s+(?:with|to))\s+(?:the\s+)?(?P<p2>{_NUMBERED_QUARTER})\s*[.?]?\s*$", re.I)
_SPAN_ANY = re.compile(rf"^(?P<x>[^?]+?\s+(?:evolved?|develop(?:ed)?|progress(?:ed)?|moved?|fared?|trend(?:ed)?))\s+"
                       r"(?:(?:across|over|in|through)\s+(?:the\s+)?(?:[\w-]+\s+){0,3}?)?(?:from|between)\s+"
                       rf"(?P<p1>{_ONE})\s+(?:through|to|until|and)\s+(?P<p2>{_ONE})\s*[.?!]?\s*$", re.I)
_TERSE = re.compile(rf"^(?P<x>[^?]+?)\s+(?:(?:across|over|through|in|for|during)\s+)?{_OWNER}(?P<list>{_LIST})\s+"
                    r"(?P<trend>trend|trajectory|progression)\s*[.?!]?\s*$", re.I)
# "NVDA Data Center revenue trend: Q3 FY23, Q1 FY24, Q2 FY24, Q3 FY24?": the quarters listed after a colon, "and"
# before the last or not (blind set 39's u22)
_COLONED = re.compile(rf"^(?P<x>[^?:]+?)\s+(?:{_OWNER})?(?P<trend>trend|trajectory|progression)\s*:\s*"
                      rf"(?P<list>{_ITEM}(?:\s*,\s*{_ITEM})+(?:\s*,?\s+and\s+{_ITEM})?)\s*[.?!]?\s*$", re.I)
# "How did X change between April 30, 2023 and October 29, 2023?" (as_listed writes it "... between the quarters ended
# A and B?"): two days, each its own report's quarter end where rag.answer finds such reports (only then:
# work._figures_asked)
_CHANGE_BETWEEN = re.compile(rf"^how\s+(?:did|has|have|does|do)\s+{_OWNER}(?P<x>[^?]+?)\s+(?:change|move|shift|evolve)\s+"
                             rf"(?:between|from)\s+(?:the\s+quarters\s+ended\s+)?(?P<p1>{DATE.pattern})\s+(?:and|to)\s+"
                             rf"(?P<p2>{DATE.pattern})\s*[.?]?\s*$", re.I)  # (two quarters named by number: a
# comparison, rag.calculate.question)
# ... or asked how the one day's compares with the other's: "How did Apple's manufacturing purchase obligations at July 1,
# 2023 compare with June 25, 2022?" (blind set 41's w10), the earlier first
_DAY_COMPARED = re.compile(rf"^how\s+(?:did|do|does)\s+{_OWNER}(?P<x>[^?]+?)\s+(?:at|as\s+of|on)\s+(?P<p2>{DATE.pattern})\s+"
                           rf"compare\s+(?:with|to|against)\s+(?:(?:those|that|the\s+balance)\s+)?(?:(?:at|as\s+of|on)\s+)?"
                           rf"(?P<p1>{DATE.pattern})\s*[.?]?\s*$", re.I)
# the words before the line that ask for its course: "How did", "Describe the path of", "Track", "What happened to"
_FRAME = re.compile(r"^(?:(?:how\s+(?:did|has|have|does|do)|describe|summari[sz]e|track|trace|chart|show|outline|give|"
                    r"compare|list|report|walk\s+(?:me\s+)?through|what\s+(?:was|were|is|are)|what\s+happened\s+to)\s+"
                    r"(?:(?:me|us)\s+)?(?:(?:the\s+)?(?:path|trajectory|evolution|development|progression|trend|course|"
                    r"movement|direction|changes?)\s+(?:of|in)\s+)?|(?:the\s+)?(?:trend|trajectory|path|evolution|"
                    r"progression)\s+(?:of|in)\s+)", re.I)  # (or the course alone: "Trend in X for ...")
# the words after the line that ask for its motion: "How did X develop across ..."
_MOTION = re.compile(r"(?:\s+(?:evolved?|develop(?:ed)?|trend(?:ed)?|changed?|moved?|progress(?:ed)?|perform(?:ed)?|"
                     r"fared?|grow|grew|shift(?:ed)?|look))?(?:\s+(?:sequentially|quarter[- ](?:over|by|to)[- ]quarter|q/q|"
                     r"year[- ]over[- ]year|y/y|yoy))?$", re.I)
# its growth asked beside the line: "AWS net sales and year-over-year growth", "Microsoft Cloud revenue and its growth
# rate"
_GROWTH_TOO = re.compile(r"\s+and\s+(?:its\s+|their\s+|the\s+)?(?:(?:year[- ]over[- ]year|y/y|yoy|annual)\s+)?"
                         r"growth(?:\s+rates?)?$", re.I)
# quarters numbered with their year once: "Q1, Q2 and Q3 2023", "Q1, Q2 and Q3 of fiscal 2023", "FQ1, FQ2 and FQ3 of
# fiscal 2023" (blind set 38's t21); or counted: "the first
# three quarters of fiscal 2024"
_NUMBERED = re.compile(r"\b(?P<qs>F?Q[1-4](?:\s*,\s*F?Q[1-4])*\s*,?\s+and\s+F?Q[1-4]|"
                       r"F?Q[1-4]\s*(?:-|–|to|through)\s*F?Q[1-4])\s+"
                       r"(?:of\s+)?(?:(?P<f>fiscal\s+(?:year\s+)?|FY\s?'?)(?P<fy>(?:19|20)?\d\d)|(?P<y>(?:19|20)\d\d))\b",
                       re.I)
_COUNTED = re.compile(r"\b(?:the\s+)?(?P<side>first|last|final)\s+(?P<n>two|three|four|[234])\s+(?:fiscal\s+)?quarters\s+"
                      r"of\s+(?P<f>fiscal\s+(?:year\s+)?|FY\s?)?(?P<y>(?:19|20)\d\d)\b", re.I)


# one quarter, then a list of the quarters after it: "How did NVIDIA's revenue move from Q3 FY2023 (quarter ended October
# 30, 2022) through Q1, Q2 and Q3 of FY2024?" (blind set 43's y22) lists the four
_FIRST_THEN_LIST = re.compile(rf"\b(?:from|between)\s+(?P<first>{_ITEM})(?:\s*\([^()]*\))?\s+(?:through|to|until|and)\s+"
                              rf"(?P<list>{_LIST})\b", re.I)


def _first_then_list(question: str) -> str:
    """The question with a quarter and the list after it (_FIRST_THEN_LIST) as one list: "across A, B, C and D"."""
    return _FIRST_THEN_LIST.sub(lambda m: f"across {m.group('first')}, {m.group('list')}", question)


def _numbered(question: str) -> str:
    """The question with quarters numbered or counted within one year listed each with its year: "Q1 2023, Q2 2023 and
    Q3 2023", "Q1 fiscal 2024, Q2 fiscal 2024 and Q3 fiscal 2024"."""
    def listed(numbers: list[int], fiscal: str, year: str) -> str:
        each = [f"Q{n} {'fiscal ' if fiscal else ''}{year}" for n in numbers]
        return f"{', '.join(each[:-1])} and {each[-1]}"

    def numbered(m: re.Match) -> str:
        numbers = [int(n) for n in re.findall(r"(?<=[Qq])[1-4]", m.group("qs"))]
        if not re.search(r",|\band\b", m.group("qs")):  # a range: "Q1-Q3", "Q1 through Q3"
            numbers = list(range(numbers[0], numbers[-1] + 1))
        year = m.group("y") or m.group("fy")
        return listed(numbers, m.group("f"), year if len(year) == 4 else f"20{year}")
    question = _NUMBERED.sub(numbered, question)

    def counted(m: re.Match) -> str:
        n = _COUNTS.get(m.group("n").lower()) or int(m.group("n"))
        return listed(list(range(1, n + 1)) if m.group("side").lower() == "first" else list(range(5 - n, 5)),
                      m.group("f"), m.group("y"))
    return _COUNTED.sub(counted, question)


_ACROSS_REPORTS = re.compile(r"\s+(?:across|in|over|through)\s+(?:its|the|their|[A-Z][\w.&]*['’]s)\s+(?:[\w-]+\s+){0,2}?"
                             r"(?:filings|reports|10-?Qs|quarterly\s+reports|statements)$", re.I)


# the line said per quarter: "Intel DCAI net revenue by quarter for Q1, Q2 and Q3 2023" (blind set 43's y23)
_BY_QUARTER = re.compile(r"\s+(?:by|each|per|every)\s+(?:fiscal\s+)?quarter$", re.I)


def _line_only(line: str) -> str:
    """The line without the words asking its motion or saying it per quarter, its growth asked beside it as a second
    line ("X and the year-over-year growth of X")."""
    line = _ACROSS_REPORTS.sub("", line.strip())  # "X across its 10-Q filings": X
    motion = _MOTION.search(line)
    line = _BY_QUARTER.sub("", line[:motion.start()] if motion else line)
    if m := _GROWTH_TOO.search(line):
        line = line[:m.start()]
    elif not (motion and re.search(r"year[- ]over[- ]year|y/y|yoy", motion.group(), re.I)):
        return line  # (its growth asked: "How did X grow year over year across ...?")
    return f"{line} and {GROWTH_OF}{line}"


def trend_lines(line: str) -> list[str]:
    """A trend's line as one line, or as two where joined by one "and" ("Intel's revenue and gross margin
    percentage": "Intel's revenue", "Intel's gross margin percentage"; the owner of the first given to the second)."""
    parts = re.split(r"\s+and\s+", line)
    if len(parts) != 2:
        return [line]
    owner = re.match(r"([A-Z][\w.&]*)['’]s\s+", parts[0])
    second = parts[1] if not owner or owner.group(1) in parts[1] else owner.group() + parts[1]
    return [line, parts[0], second]


GROWTH_OF = "the year-over-year growth of "  # a line's growth traced beside it (_line_only): shown where read


# the quarters named in brackets after the analyst's own words for them: "across Q1, Q2 and Q3 of fiscal 2023 (quarters
# ended September 30, 2022, December 31, 2022 and March 31, 2023)", "over the first three quarters of fiscal 2024
# (quarters ended April 30, July 30 and October 29, 2023)" (blind set 29's k20, k21)
_BRACKETED = re.compile(r"(?P<how>\s+(?:across|over|through|in|for|during)\s+)[^()]*?\s*\((?:the\s+)?(?:fiscal\s+)?"
                        r"quarters\s+(?:ended|ending)\s+(?P<list>[^()]+)\)", re.I)
_BRACKETED_ITEMS = re.compile(r"(?P<how>\s+(?:across|over|through|in|for|during)\s+)"
                              r"(?:(?!\s(?:across|over|through|in|for|during)\s)[^()])*?\s*\((?P<list>[^()]+)\)", re.I)
_COLON_ITEMS = re.compile(r"(?P<how>\s+(?:across|over|through|in|for|during)\s+)[^:?()]{2,40}:\s+(?P<list>[^:?()]+?)"
                          r"\s*(?=[.?]?\s*$)", re.I)
_NO_YEAR = re.compile(rf"\b({MONTH_NAME}\s+\d{{1,2}})\b(?!,?\s*(?:19|20)\d\d)", re.I)


# the trend asked after the line and its quarters, in a clause or a sentence of its own: "X for Q1, Q2 and Q3 of 2023 —
# what is the quarter-by-quarter trend?", "X: show the figure for A and for B, C and D, and describe the trend.",
# "Track X from A through B. What is the direction?" (blind set 42's x25, x12, x04)
_TREND_AFTER = re.compile(r"\s*(?:[—–]|--?|[,;.:])\s*(?:and\s+)?(?:what\s+(?:is|was)\s+the\s+(?:[\w-]+\s+)?"
                          r"(?:trend|direction|trajectory)|describe\s+the\s+(?:trend|direction|trajectory))"
                          r"(?:\s+(?:over|across|in)\s+(?:that|this|the)\s+(?:period|span|time|quarters))?\s*[.?!]?\s*$", re.I)
_SHOW_FIGURES = re.compile(r"\s*[:,—–]\s*(?:show|give|list|report)\s+(?:me\s+)?(?:the\s+)?(?:figures?|numbers?|values?|"
                           r"amounts?)(?=\s+(?:for|in|across|over)\s)", re.I)
_AND_FOR = re.compile(rf"(?<=\d)\s+and\s+(?:for|in)\s+(?=(?:{_NUMBERED_QUARTER}|{DATE.pattern}))", re.I)


def _trend_last(question: str) -> str:
    """The question with the trend it asks after the line and its quarters (_TREND_AFTER) asked as its own
    ("Track X from A through B?", "X for A, B and C trend?"): the line's quarters joined as one list ("Q3 FY2023
    and for Q1 FY2024, ..." as "Q3 FY2023, Q1 FY2024, ..."), a command to show the figures before them left out."""
    if not (m := _TREND_AFTER.search(question)):
        return question
    head = _AND_FOR.sub(", ", _SHOW_FIGURES.sub("", question[:m.start()]))
    return f"{head}?" if re.match(rf"(?i){_SHOW}\b|how\s+(?:did|has|have)\b", head) else f"{head} trend?"


def _as_parenthesised(question: str) -> str:
    """The question with the quarters its brackets list in place of the words they explain ("... over the quarters
    ended April 30, 2023, July 30, 2023 and October 29, 2023."), a year written once at the list's end given to each
    day; else the question as it is."""
    m = _BRACKETED.search(question)
    if not m or not _ITEMS.search(m.group("list")):
        # the quarters alone in brackets: "across the four 10-Qs we have (Q3 FY23, Q1 FY24, Q2 FY24, Q3 FY24)" (blind
        # set 35's q01), three or more, nothing else in them
        # (or after a colon, to the question's end: "Track X over Q1-Q3 FY23: September 30, 2022, December 31, 2022
        # and March 31, 2023.", blind set 40's v23)
        m = _BRACKETED_ITEMS.search(question) or _COLON_ITEMS.search(question)
        items = [i.group() for i in _ITEMS.finditer(m.group("list"))] if m else []
        if len(items) < 3 or re.sub(r"\band\b|[\s,;]", "", _ITEMS.sub("", m.group("list"))):
            return question
        return f"{question[:m.start()]}{m.group('how')}{', '.join(items[:-1])} and {items[-1]}{question[m.end():]}"
    listed = m.group("list").strip()
    if years := re.findall(r"\b(?:19|20)\d\d\b", listed):
        listed = _NO_YEAR.sub(lambda d: f"{d.group(1)}, {years[-1]}", listed)
    return f"{question[:m.start()]}{m.group('how')}the quarters ended {listed}{question[m.end():]}"


def _owned(line: str, company: str | None) -> str:
    """The line with the company the list of quarters names as its owner ("Microsoft's quarters ended ...")."""
    return f"{company}'s {line}" if company and company.lower() not in line.lower() else line


def as_listed(trend: Trend, days: list[str]) -> str:
    """The calculator's form of a trend read over the quarters ending on days ("2022-10-30"): "What was NVIDIA Data
    Center revenue in the quarters ended October 30, 2022, April 30, 2023 and October 29, 2023?"."""
    named = [written_day(d) for d in days]
    listed = f"{', '.join(named[:-1])} and {named[-1]}" if len(named) > 1 else named[0]
    if trend.change and len(named) == 2:
        return f"How did {trend.line} change between the quarters ended {listed}?"
    return f"What was {trend.line} in the quarters ended {listed}?"


def quarter_days(trend: Trend) -> list[str]:
    """The days ("2022-10-30") of a trend whose quarters are all named by their last days (as_listed's form), else []."""
    days = [dates_in(p) for p in trend.periods]
    return [d[0] for d in days] if all(len(d) == 1 for d in days) else []
