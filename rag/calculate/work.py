"""Working it out: each term's row chosen among the passages' rows (and, for terms no passage's row names, a
passage fetched by searching for the term), the formula evaluated, the result written in the unit asked."""
from __future__ import annotations

import re
from dataclasses import replace
from typing import Callable

from ingest.tables import head_months
from rag.calculate.cells import cells_compared, results_cell
from rag.calculate.columns import named_column_figure, named_column_figures
from rag.calculate.formula import (SCALES as _FACTOR, Calculation, Formula, Num, Op, Operand, Ref, amount_of, kind_of,
                                   refs_of)
from rag.calculate.names import (ACRONYM, OF_SALES, acronyms_of, aliases_of, initials_of, opposite_reading, same_name,
                                 without_expense, word_stems)
from rag.calculate.question import (asked, by_how_much, clauses_asked, companies_compared, comparisons_asked,
                                    grew_faster, larger_of_two, more_than, parts_asked, period_asked, rate_too,
                                    rates_asked, segments_compared, sentences_asking, signs_claimed, span_beside,
                                    times_asked, with_year_before)
from rag.calculate.breakdown import breakdown
from rag.calculate.bridge import Bridge, bridge_asked, bridged
from rag.calculate.guidance import guidance_lines
from rag.calculate.rank import rank_asked, rank_passages, ranked as rows_ranked
from rag.calculate.rows import YEAR_TO_DATE, cell_for, table_rows, value_of
from rag.calculate.schedule import schedule_passages, schedule_total
from rag.calculate.stated import cause_only, stated_figure, stated_operand, stated_passages, stated_reason
from rag.retrieve import Hit
from rag.calculate.trend import GROWTH_OF, quarter_days, trend_asked, trend_lines
from rag.calculate.versus import business_of, versus_asked
from rag.periods import SPAN_NAMES, dates_in, month_quarters_as_printed, months_asked, written_day


# a cash flow statement's line of money moved for something ("Additions to property, ..."), not its balance
_FLOW_ROW = re.compile(r"^\s*(?:net\s+)?(?P<verb>purchases?|payments?|additions?|repurchases?|acquisitions?|proceeds|"
                       r"maturities|issuances?|repayments?|retirements?)\s+(?:of|to|from|for|on)\b", re.I)
_PAID_OUT = {"divid"}  # what is only ever paid out: its "Payments for ..." row is its figure
# a row printed in brackets because cash went out (or, for interest expense, because it is deducted), not because the
# amount is a loss: a formula means its size ("capex as a percentage of revenue", "operating income / interest expense")
_OUTFLOW = re.compile(r"^(?:net\s+|common\s+stock\s+)?(?:purchases?|payments?|repayments?|additions?|repurchases?|acquisitions?|"
                      r"capital expenditures?|interest expense|"
                      r"dividends?(?: paid)?|cash dividends)\b", re.I)


_LOSS = re.compile(r"^(?!.*\b(?:income|profit|earnings|gains?)\b).*\blosse?s?\b", re.I)  # not "operating income (loss)"
_EXPENSE = re.compile(r"\bexpenses?$", re.I)  # "Research and development expense (7,442)": deducted, in brackets
_SCALED = re.compile(r"\b(?:thousand|million|billion)\b")
# A figure asked with the same figure a year before ("..., and how did it compare with Q3 2022?") of which the two are
# not both found is not worked out at all. bench/RESULTS.md, fortieth session (blind set 20's b03).
BOTH_OR_NEITHER = True
# a formula's term that no row names read from the one sentence that states it (stated.stated_operand)
STATED_OPERAND = True
# A segment's line whose best-named rows lack the period's column (another report's) is read from the segment's rows
# that have it (_dated_row: "AWS" under "Operating income (loss) by segment"). bench/RESULTS.md, forty-first session.
SEGMENT_DATED_ROW = True
# A ratio asked with its value a year before ("AWS's operating margin in Q3 2023, and how did it compare with Q3
# 2022?"): each term read a year back too (_ratio_before); before, only a line looked up was. Same section.
RATIO_YEAR_BEFORE = True
# ... also asked against "the same period a year earlier" / "the prior-year period" (no year named), and for a span
# ended on a day ("the nine months ended July 1, 2023": the nine months' column of the year before). bench/RESULTS.md,
# forty-fifth session (blind set 25's g06, g16).
RATIO_SAME_PERIOD = True
# Two questions in one joined by ", and what ..." ("What was AWS's operating margin in Q1 2023, and what share of
# Amazon's consolidated operating income did AWS account for?"; question.clauses_asked): each worked out, both or
# neither (the whole read as one formula gave the share alone). bench/RESULTS.md, forty-fifth session (g13).
CLAUSES_ASKED = True
# "Which Intel operating segment earned the most operating income in ...?", "Which of Apple's geographic segments had
# the largest year-over-year net sales decline ..., and which grew fastest?": the rows of one whole table ranked
# (rag.calculate.rank). bench/RESULTS.md, forty-fifth session (blind set 25's g27, g28, g30).
RANKED = True
# "NVIDIA Data Center revenue trend from the Oct 2022 quarter through the Oct 2023 quarter?": the line's figure in each
# quarter's own report (rag.calculate.trend, rag.answer._trend_passages). bench/RESULTS.md, forty-eighth session (blind
# set 27's i05, i13, i26).
TREND = True
# "What did Intel's $664 million of restructuring and other charges in Q3 2022 consist of?": the rows of the table
# whose total row prints the amount given, listed with their figures (rag.calculate.breakdown). bench/RESULTS.md,
# forty-sixth session (blind set 26's h05).
BREAKDOWN = True
# "Amazon's operating cash flow in Q3 2023 ... — what did it come in at, and what was the trailing-twelve-month figure?":
# the line over both spans (question.span_beside). bench/RESULTS.md, fifty-first session (blind set 32's n02).
SPANS = True
# "Intel had an operating loss in Q2 2023 yet reported positive net income. What drove that?": the rows between the two
# lines of the statement, the one that moves the figure most named (rag.calculate.bridge). bench/RESULTS.md,
# forty-ninth session (blind sets 27's i04, 28's j16).
BRIDGE = True
# "Why did NVIDIA's gross margin increase in Q3 FY24?": the sentence of the passages that gives the cause of the line's
# change (rag.calculate.stated.stated_reason). bench/RESULTS.md, forty-ninth session (blind set 29's k22, k23).
REASON = True
# "Did Amazon's Q3 2023 net sales land within the guidance range given in its Q2 2023 10-Q?": each guided line's
# figure for the quarter, set against its range (rag.calculate.guidance; the guard says yes or no), all or none.
# bench/RESULTS.md, forty-sixth session (blind sets 25's g25, 26's h16).
GUIDANCE = True
# "Did Intel report an operating loss in Q3 2022 even though it posted positive net income?", "Was Intel profitable in
# Q2 2023?": each profit line the yes-or-no question claims a sign of, worked out, both or neither
# (question.signs_claimed; the guard says yes or no from their signs). bench/RESULTS.md, forty-sixth session (g26).
SIGNS_CLAIMED = True
# Two businesses set against each other on several lines ("For the quarter ended Sept 30, 2023, how did Microsoft's
# Intelligent Cloud segment stack up against AWS on revenue and operating income?"): each line of each looked up in its
# own company's passages (rag.calculate.versus; blind sets 27's i28 and 35's q30). bench/RESULTS.md, fifty-third session.
VERSUS = True
_SHARE_LIKE = re.compile(r"\(?-?\d{1,3}\.\d\)?")  # a bare one-decimal figure, no unit, no $: a share of a total
_PERCENTAGE = re.compile(r"\(?-?[\d.]+\)?\s?%")


def _first_of_both(read: tuple[str, str, set[str]] | None) -> str | None:
    """Of a question read by with_year_before as a figure with the same figure in an earlier period it names by year
    ("What was AWS's margin in Q3 2023, and how did it compare with Q3 2022?"), the question for the first period's
    figure alone, under BOTH_OR_NEITHER; else None. The whole question reads as the last period it names (Q3 2022's
    margin was given as Q3 2023's); an earlier period named by no year ("the same quarter a year earlier") leaves
    the question reading as the first."""
    return read[0] if BOTH_OR_NEITHER and read and read[1] in ("before", "compared") and read[2] else None


def _is_share(figure: str) -> bool:
    """A share of a total ("26.1" in a table of shares of revenue, "27.3%"), not an amount."""
    return bool(_SHARE_LIKE.fullmatch(figure.strip()) or _PERCENTAGE.fullmatch(figure.strip()))


def work_out(question: str, hits: list[Hit], months: int | None = None) -> Calculation | None:
    """The question's formula worked out from the passages' rows, or its statement line looked up (asked), else
    the one figure a sentence of the passages states (rag.calculate.stated), or None (see the module's
    docstring)."""
    return _from_rows(question, hits, months) or named_column_figure(question, hits) or \
        schedule_total(question, hits) or stated_figure(question, hits, months)


def work_out_each(question: str, hits: list[Hit], months: int | None = None) -> list[Calculation]:
    """_figures_asked's figures, none when the question asks a non-GAAP figure and a figure was read from a row that
    does not say non-GAAP (Intel's "Earnings (loss) per share attributable to Intel—diluted", $0.35, for its non-GAAP
    diluted EPS of $0.13: blind set 22's d06)."""
    worked = _figures_asked(question, hits, months)
    if _NON_GAAP.search(question) and any(not _NON_GAAP.search(o.label) for w in worked for o in w.found.values()):
        return []
    return worked


_NON_GAAP = re.compile(r"\bnon[-\s]?gaap\b", re.I)


def _company_worked(part: str, hits: list[Hit], months: int | None) -> Calculation | None:
    """One company's figure (work_out) in its own passages; its quarter named by month ("the December 2022 quarter")
    read as the day those passages print for it when the month alone finds none (Apple's December 31, 2022 among its
    March 26, 2022 columns: blind set 41's w25)."""
    worked = work_out(part, hits, months)
    if worked is None and (dated := month_quarters_as_printed(part, [f"{h.heading or ''} {h.text}" for h in hits],
                                                              one=True)) != part:
        return work_out(dated, hits, months)
    return worked


def _figures_asked(question: str, hits: list[Hit], months: int | None = None) -> list[Calculation]:
    """The figures the question asks for, each worked out (work_out): the question's one figure, or, when it asks
    for two joined by "and" (parts_asked: "Apple's net sales and net income for ..."), both, or none when either
    can't be; a figure and its change over the year (_with_year_before), both. A name holding "and" is read whole
    first among the rows: "cash and cash equivalents" is one row. The one figure a sentence states
    (rag.calculate.stated) answers a question that asks for one only. A question in several sentences is read
    sentence by sentence when it is not read whole (question.sentences_asking)."""
    if TREND and (trend := trend_asked(question)) and (days := quarter_days(trend)) and \
            (not trend.change or any(h.period_end for h in hits)):  # one line over several quarters (a change
        # between two days read so only in each one's report: both days in one report's rows are a change below)
        each = _each_quarter(trend.line, days, hits)
        if trend.change and len(each) == 2:  # "How did X change between A and B?": both, and the later less the earlier
            dated = [replace(w, found={ref: replace(o, term=f"{re.sub(r'^the quarter ended ', '', w.period)} {o.term}")
                                       for ref, o in w.found.items()}) for w in each]  # "April 30, 2023 obligations"
            return each + _less_each(dated[::-1], False)
        return each
    if RANKED and (ranking := rows_ranked(question, hits, months)):  # "Which segment earned the most ...?"
        return ranking
    if BREAKDOWN and (parts := breakdown(question, hits, months)):  # "What did the $664 million ... consist of?"
        return [parts]
    if BRIDGE and (ends := bridge_asked(question)) and (done := _bridge(ends, question, hits, months)):
        return [done]  # "... an operating loss yet positive net income. What drove that?"
    if REASON and (why := stated_reason(question, hits)):  # "What reason did Microsoft give for the decline in ...?"
        return [why]
    if REASON and cause_only(question):  # a reason asked, and no figure: the model reads it from the passages
        return []
    if GUIDANCE and (guided := guidance_lines(question, hits)):  # "... land within the guidance range ...?"
        # (the actual figure from other reports than the one that gave the guidance: its own quarter's columns are
        # of the same year, an earlier quarter)
        each = [_from_rows(q, _company_hits({h.doc_id for h in hits} - {hits[g.passage - 1].doc_id}, hits),
                           months_asked(q)) for g, q in guided]
        return [replace(w, versus=g) for w, (g, _) in zip(each, guided)] if all(each) else []
    if SIGNS_CLAIMED and (claims := signs_claimed(question)):  # "Did Intel post a net loss in Q1 2023?"
        # (its sign asked, not its very name: "Net income (loss) attributable to Intel" answers for "net income")
        each = [_from_rows(q, hits, months_asked(q) if months is None else months, replace(asked(q), exact=False))
                for q, _ in claims]
        return each if all(each) else []
    if VERSUS and (parts := versus_asked(question)):  # two businesses on several lines: each line of each
        each = [_of_business(part, work_out(part, _business_hits(part, parts, hits),
                                            months_asked(part) if months is None else months)) for part in parts]
        return each if all(each) else []
    if clauses := comparisons_asked(question):  # the same two companies compared on two lines: each comparison
        each = [_figures_asked(clause, hits, months) for clause in clauses]
        return [w for worked in each for w in worked] if all(each) else []
    pair = more_than(question)  # "how much more X did A ... than B": A's X less B's
    if named := companies_named(question):  # two companies: each one's line read in its own report's passages
        if docs := _companies_documents([n for n, _ in named], hits):
            each = [_of_company(name, _company_worked(part, _company_hits(docs[name], hits), months))
                    for name, part in named]
            if not pair:
                if all(each) and by_how_much(question) and all(w.formula.lookup for w in each):
                    return _with_gap(each)
                if all(each) and by_how_much(question) and all(w.formula.percent for w in each):
                    # two percentages ("Gross margin %, Intel Q2 2023 vs NVIDIA Q2 FY24 - how far apart were they?"):
                    # both, and how many percentage points the larger is above the smaller
                    return [*each, _points_apart([(name, w) for (name, _), w in zip(named, each)])]
                return each if all(each) else []
            if larger_of_two(question):  # "which was larger: A's X or B's Y, and by how much?": both, and the gap
                return _gap_and_growth(each, [_of_company(name, work_out(part, _company_hits(docs[name], hits), months))
                                              for (name, _), part in zip(named, grew_faster(question) or ())])
            return _less_each(each, times_asked(question))
        if not pair:
            return []  # not two companies' reports told apart: one line's figure alone would answer half of it
    if not pair and (pair := segments_compared(question)):  # "In Microsoft's ... quarter, which brought in more
        each = [work_out(part, hits, months) for part in pair]  # revenue, Gaming or LinkedIn, and by how much?"
        if not all(each):
            return []
        return _with_gap(each) if by_how_much(question) and all(w.formula.lookup for w in each) else each
    if pair:  # two segments (or two names no reports tell apart): both read among all the passages
        each = [work_out(part, hits, months) for part in pair]
        if larger_of_two(question):  # "which was larger: A or B, and by how much?" (", and which grew faster?")
            return _gap_and_growth(each, [work_out(part, hits, months) for part in grew_faster(question) or ()])
        return _less_each(each, times_asked(question))
    if rates := rates_asked(question):  # "X growth y/y in Q3 2023 vs the growth rate in Q3 2022?": both rates
        each = [work_out(part, hits, months) for part in rates]
        return each if all(each) else []
    if SPANS and (spans := span_beside(question)):  # "... in Q3 2023 — and what was the trailing-twelve-month figure?"
        first, span, second = spans
        each = [work_out(first, hits, span if months is None else months), work_out(first, hits, second)]
        return [each[0], _spanned(each[1], second)] if all(each) else []
    if both := _with_year_before(question, hits, months):
        return both
    if _first_of_both(with_year_before(question)):
        return []  # both periods asked, not both found: neither (one alone was given as the other's)
    if CLAUSES_ASKED and (clauses := clauses_asked(question)):  # "What was X in Q1 2023, and what share of Y ...?"
        each = [_from_rows(c, hits, months_asked(c) if months is None else months) for c in clauses]
        return each if all(each) else []  # both or neither: the whole question read as one asks only one of them
    if worked := _from_rows(question, hits, months):
        return [worked, rate] if rate_too(question) and (rate := _rate_of(question, hits, months, worked)) else [worked]
    if parts := parts_asked(question):  # two figures asked: no one sentence's one figure answers it
        # each part's own span when the question names two ("the three months and the six months ended ...")
        spans = [months if months is not None else months_asked(part) for part in parts]
        each = [work_out(part, hits, span) for part, span in zip(parts, spans)]
        if not all(each):
            return []
        return each if len(set(spans)) == 1 else [_spanned(w, span) for w, span in zip(each, spans)]
    if named := named_column_figures(question, hits):  # a table's columns named, not dated: "... Finance Leases"
        return named
    if pair := cells_compared(question, hits):  # two rows of a results table's column: "how many points higher is A
        return _less_each(list(pair), False)  # than B on CoLA?"
    if cell := results_cell(question, hits):  # a results table's row and column: "llama 13b humaneval pass@1?"
        return [cell]
    if total := schedule_total(question, hits):  # the total row of a table a sentence introduces in its words
        return [total]
    if stated := stated_figure(question, hits, months):
        return [stated]
    for sentence in sentences_asking(question):  # "Did Intel make money in Q2 2023? Give net income ... for ..."
        if worked := work_out_each(sentence, hits, months_asked(sentence) or months):
            return worked
    return []


# "What was Apple revenue", "..., what was Intel R&D", "... -- what was Apple R&D"
_COMPANY_OF = re.compile(r"^(?:.*?(?:[,.;:]|\s[-–—:]{1,2})\s+)?(?i:what\s+was)\s+([A-Z][\w.&-]*)(?:'s|’s)?\s+"
                         r"(?-i:[a-z]|[A-Z&]{2,}\b)")


def _of_business(part: str, worked: Calculation | None) -> Calculation | None:
    """The calculation with its figures named as the business's where the rows' names do not say whose ("Amazon's
    September 30, 2023 revenue"; "AWS revenue" says it)."""
    name = business_of(part)
    if worked is None or all(name.lower() in o.term.lower() for o in worked.found.values()):
        return worked
    return _of_company(name, worked)


def _business_hits(part: str, parts: list[str], hits: list[Hit]) -> list[Hit]:
    """The passages a business's line is read in (rag.calculate.versus): those of its company's documents where the
    two businesses' names tell two companies' documents apart (company_documents of each one's first word: "Apple"
    and "Microsoft", "AWS" and "Microsoft's"), else all of them."""
    first = [business_of(p) for p in (parts[0], parts[-1])]
    docs = _companies_documents(first, hits) if first[0].lower() != first[1].lower() else None
    own = business_of(part)
    return _company_hits(docs[own], hits) if docs and own in docs else hits


def companies_named(question: str) -> list[tuple[str, str]]:
    """(the company, the question for its figure alone) for each of two companies a question sets against each other:
    compared on one line ("Which had higher revenue in Q3 2023, Intel or NVIDIA?") or one's less the other's ("How much
    more operating income did Amazon earn than NVIDIA in Q3 2023?"); [] for any other question."""
    if compared := companies_compared(question):
        return compared
    pair = more_than(question)
    names = [_COMPANY_OF.match(part) for part in pair or ()]
    return [(n.group(1), _possessive(part, n)) for n, part in zip(names, pair)] if pair and all(names) else []


def _possessive(part: str, name: re.Match) -> str:
    """"What was MSFT operating income ..." as a company's line: "What was MSFT's operating income ..."."""
    return part if part[name.end(1):].startswith(("'s", "’s")) else f"{part[:name.end(1)]}'s{part[name.end(1):]}"


def _less(first: Calculation, second: Calculation, times: bool = False) -> Calculation | None:
    """The first figure looked up less the second, as one calculation: "Data Center and AI revenue $4,004 million [1]
    - Network and Edge revenue $1,364 million [1] = $2,640 million"; with times, the first over the second ("how
    many times larger ...": 8.52; None over a zero)."""
    a, b = first.found[first.formula.expr], second.found[second.formula.expr]
    if times and not b.value:
        return None
    refs = Ref(a.term), Ref(b.term)
    formula = replace(first.formula, expr=Op("/" if times else "-", *refs), percent=False, measure="", exact=False,
                      segment="", scale="" if times else first.formula.scale)  # "8.52", not "8.52 billion"
    found = dict(zip(refs, (a, b)))
    return Calculation(formula, found, _written(a.value / b.value if times else a.value - b.value, formula, [a, b]))


def _points_apart(each: list[tuple[str, Calculation]]) -> Calculation:
    """How many percentage points the larger of two companies' percentages is above the smaller: "NVIDIA 70.1% [6] -
    Intel 35.8% [5] = 34.3 percentage points"."""
    (a, first), (b, second) = sorted(each, key=lambda e: -_evaluate(e[1].formula.expr, e[1].found))
    refs = Ref(a), Ref(b)
    # each percentage as worked out, not as rounded for showing: 70.05% less 35.82% is 34.2 points (not 70.1 less 35.8)
    found = {ref: Operand(name, "", w.result, 100 * _evaluate(w.formula.expr, w.found), min(w.passages()))
             for ref, (name, w) in zip(refs, ((a, first), (b, second)))}
    formula = Formula(Op("-", *refs), percent=False, unit="percentage points")
    return Calculation(formula, found, _written(found[refs[0]].value - found[refs[1]].value, formula, []))


def _gap_and_growth(each: list[Calculation | None], grown: list[Calculation | None]) -> list[Calculation]:
    """Two lines looked up, with the gap (_with_gap), and each one's growth when asked too (grown: "..., and which grew
    faster?"); none unless every one was worked out."""
    return _with_gap(each) + grown if all(each) and all(w.formula.lookup for w in each) and all(grown) else []


def _with_gap(each: list[Calculation]) -> list[Calculation]:
    """Two lines looked up, both, and the larger less the smaller."""
    larger = sorted(each, key=lambda w: -w.found[w.formula.expr].value)
    return [*each, *_less_each(larger, False)]


def _less_each(each: list[Calculation | None], times: bool) -> list[Calculation]:
    """The first figure looked up less (or, times, over) the second, or none unless both were looked up."""
    if not all(each) or not all(w.formula.lookup for w in each):
        return []
    worked = _less(*each, times=times)
    return [worked] if worked else []


def _company_hits(own: set[int], hits: list[Hit]) -> list[Hit]:
    """The passages of these documents, the others' emptied (so that [n] still numbers the prompt's passages)."""
    return [h if h.doc_id in own else replace(h, text="", heading="") for h in hits]


def _companies_documents(names: list[str], hits: list[Hit]) -> dict[str, set[int]] | None:
    """Each company's documents among the passages' (company_documents), or None unless each has some and no two
    share one: "Products vs Services net sales" names two lines of one report, not two companies."""
    docs = {name: company_documents(name, hits) for name in names}
    if not all(docs.values()) or set.intersection(*docs.values()):
        return None
    return docs


def company_documents(name: str, hits: list[Hit]) -> set[int]:
    """A company's documents among the passages': those whose file names hold its name ("AAPL" in "2023 Q1
    AAPL.pdf") or whose covers do (Hit.filers), else those whose passages name it most often ("Intel" in Intel's
    statements' headings)."""
    key = name.lower()
    filed = {h.doc_id for h in hits if key in re.findall(r"[a-z0-9]+", h.file.lower()) or
             key in (f.lower() for f in h.filers)}
    if filed:
        return filed
    named: dict[int, int] = {}
    for h in hits:
        if re.search(rf"(?<![\w&]){re.escape(key)}(?![\w&])", f"{h.heading or ''} {h.text}".lower()):
            named[h.doc_id] = named.get(h.doc_id, 0) + 1
    most = max(named.values(), default=0)
    return {d for d, n in named.items() if n == most}


def _each_quarter(line: str, days: list[str], hits: list[Hit]) -> list[Calculation]:
    """The trend's line traced over the quarters (_line_each_quarter), read whole; else, where it joins two lines by
    "and" ("Intel's revenue and gross margin percentage"), each traced, both or none (trend.trend_lines), but a line
    whose growth is asked beside it (trend.GROWTH_OF) given alone where its growth is not read."""
    whole, *parts = trend_lines(line)
    if (each := _line_each_quarter(whole, days, hits)) or not parts:
        return each
    both = [_line_each_quarter(part, days, hits) for part in parts]
    if both[0] and not both[1] and parts[1].startswith(GROWTH_OF):
        return both[0]  # its growth, asked beside it, not read: the line alone
    return [w for each in both for w in each] if all(both) else []


def _line_each_quarter(line: str, days: list[str], hits: list[Hit]) -> list[Calculation]:
    """A line's figure in each quarter ending on days ("2023-10-29"), each read as if asked alone in the passages of
    that quarter's report (Hit.period_end; all the passages where none says), those found, in the days' order; []
    unless two are."""
    dated = any(h.period_end for h in hits)
    each = []
    for day in days:
        own = [h if h.period_end == day else replace(h, text="", heading="") for h in hits] if dated else hits
        quarter = f"the quarter ended {written_day(day)}"
        # (one sentence read twice, for each part of a line joined by "and": "outstanding inventory purchase and
        # long-term supply and capacity obligations", blind set 39's u17, is one figure)
        worked = list({w.text(): w for w in work_out_each(f"What was {line} in {quarter}?", own, 3)}.values()) \
            if any(h.text for h in own) else []
        if len(worked) == 1 and (dated or not worked[0].formula.stated):  # (undated, a sentence may be of any quarter)
            each.append(replace(worked[0], period=quarter) if worked[0].formula.stated else worked[0])
    cells = [tuple((o.passage, o.label, o.figure) for o in w.operands()) for w in each]
    if len(set(cells)) < len(cells):
        return []  # one cell or sentence read for two quarters: not each quarter's own figure
    return each if len(each) >= 2 else []


def _of_company(name: str, worked: Calculation | None) -> Calculation | None:
    """The calculation with its figure named as the company's ("AMZN's operating income")."""
    if worked is None:
        return None
    return replace(worked, found={ref: replace(o, term=f"{name}'s {o.term}") for ref, o in worked.found.items()})


def _rate_of(question: str, hits: list[Hit], months: int | None, worked: Calculation) -> Calculation | None:
    """The percentage change beside a change worked out as an amount between a line's values in two periods
    (question.rate_too): a year apart, or two quarters."""
    expr = worked.formula.expr
    if not (isinstance(expr, Op) and expr.op == "-" and isinstance(expr.left, Ref) and isinstance(expr.right, Ref) and
            expr.left.year and expr.right.year and expr.left.term == expr.right.term):
        return None
    now, before = sorted((expr.left, expr.right), key=lambda ref: (int(ref.year), (ref.quarter or (0,))[0]),
                         reverse=True)
    if worked.found[before].value <= 0:
        return None  # no percentage off a loss or nothing ("from (499) to 6,800")
    # signed, as growth is written ("-31.3%"); the amount is a fall's size when a fall is asked (question._difference)
    growth = replace(worked.formula, expr=Op("/", Op("-", now, before), before), percent=True)
    return _from_rows(question, hits, months, growth)


def _spanned(worked: Calculation, months: int | None) -> Calculation:
    """The calculation with its span in each operand's name ("April 1, 2023 Mac net sales (six months)"): two
    figures of one line that differ only by span would read the same."""
    if months not in SPAN_NAMES:
        return worked
    found = {ref: replace(o, term=f"{o.term} ({SPAN_NAMES[months]})") for ref, o in worked.found.items()}
    return replace(worked, found=found)


def _with_year_before(question: str, hits: list[Hit], months: int | None) -> list[Calculation]:
    """A figure asked with its change over the year or its value a year earlier (question.with_year_before): the
    figure looked up, then from the same rows the same line a year before, and the growth (a percentage) or the
    change (an amount) between them; [] unless both are found."""
    read = with_year_before(question)
    if not read or (months if months is not None else months_asked(read[0])) is None:
        return []  # a balance at a day: the statements print the last year's end beside it, not the day a year before
    level = _from_rows(read[0], hits, months)
    if level and not level.formula.lookup and RATIO_YEAR_BEFORE and read[1] in ("before", "change", "compared"):
        return _ratio_before(read, hits, months, level)
    if not level or not level.formula.lookup or level.formula.stated or not level.formula.expr.year:
        return []
    now = level.formula.expr
    year = str(int(now.year) - 1)
    if read[2] and read[2] != {year}:
        return []  # against another period than the year before ("vs Q2 2023" of Q3 2023)
    before = Ref(now.term, year, f"Q{now.quarter[0]} {year}" if now.quarter else year, None, now.quarter)
    kind = read[1].split()[0]
    exprs = {"growth": Op("/", Op("-", now, before), before), "change": Op("-", now, before), "before": before}
    if kind == "compared":  # the figure a year before, and the growth from it ("-31.3%")
        earlier = _from_rows(read[0], hits, months, replace(level.formula, expr=before))
        growth = earlier and (was := earlier.found.get(before)) and was.value > 0 and \
            _from_rows(read[0], hits, months, replace(level.formula, expr=exprs["growth"], percent=True))
        return [level, earlier, growth] if growth else [level, earlier] if earlier else []
    expr = exprs[kind]
    other = _from_rows(read[0], hits, months, replace(level.formula, expr=expr, percent=kind == "growth"))
    if not other:
        return []
    return [other, level] if read[1].endswith(" only") else [level, other]  # the figure asked first


def _ratio_before(read: tuple[str, str, set[str]], hits: list[Hit], months: int | None,
                  level: Calculation) -> list[Calculation]:
    """A formula's value in the period asked and the same formula a year before, each term read in its column a
    year back ("Q3 2022 operating income / Q3 2022 revenue"); [] unless every term names its period (its own or the
    question's quarter and year) and the earlier period is the year before."""
    when = period_asked(read[0])
    refs = level.formula.terms()
    periods = {(ref.year or when[1], ref.quarter or when[2]) for ref in refs}
    if len(periods) != 1 or any(ref.date for ref in refs):
        return []  # terms of several periods
    (year, quarter), = periods
    span = months if months is not None else months_asked(read[0])
    if not year or read[2] and read[2] != {str(int(year) - 1)} or not read[2] and not RATIO_SAME_PERIOD:
        return []
    if when[0] and (quarter or not span or not RATIO_SAME_PERIOD):
        return []  # a balance at a day: the statements print the last year's end beside it, not the day a year before
    if not when[0] and not quarter and span not in (3, 6, 9):
        return []  # a year alone, no quarter's or part-year's span ("the March 2023 quarter": three months of 2023)

    def shifted(node, back: int):
        if isinstance(node, Ref):
            y = str(int(year) - back)
            if not quarter:  # "the nine months ended July 1, 2023": the span's column of the year before
                return replace(node, year=y, said=f"{SPAN_NAMES.get(span, '')} {y}".strip(), date=None)
            return replace(node, year=y, said=f"Q{quarter[0]} {y}", quarter=quarter)
        if isinstance(node, Op):
            return Op(node.op, shifted(node.left, back), shifted(node.right, back))
        return node

    now = level if when[0] else _from_rows(read[0], hits, months, replace(level.formula, expr=shifted(level.formula.expr, 0)))
    before = _from_rows(read[0], hits, months, replace(level.formula, expr=shifted(level.formula.expr, 1)))
    return [now, before] if now and before else []


def _from_rows(question: str, hits: list[Hit], months: int | None, formula: Formula | None = None
               ) -> Calculation | None:
    """The question's formula (or the one given) worked out from the passages' table rows."""
    formula = formula or asked(question)
    if not formula or not hits:
        return None
    months = _months(question, months)
    rows = [row for n, h in enumerate(hits, start=1) for row in table_rows(h, n)]
    formula = _acronym_spelled(_without_file_words(formula, hits, rows), hits, rows)
    when = period_asked(question)
    # the period of a formula whose terms all name one ("twelve months 2022 cash from operations - ...": the year
    # before's, _ratio_before), else the question's
    dated = {(ref.date, ref.year, ref.quarter, ref.said) for ref in formula.terms()}
    one = formula.terms()[0] if len(dated) == 1 and next(iter(dated))[1] else None
    if formula.measure and (reported := _reported(formula.measure, rows, _period_of(one, when) if one else when,
                                                  months)):
        # the filing reports the measure: its own rows, when they give the same figure, show how it is made;
        # else its figure is looked up (in the terms' period), whatever the textbook definition gives from other rows
        own = _worked(formula, [r for r in rows if r[3] == reported.passage], when, months)
        if own and abs(_evaluate(own.formula.expr, own.found) - reported.value) < 1:
            return own
        formula = replace(formula, expr=replace(one, term=formula.measure) if one else Ref(formula.measure),
                          percent=False)
    titled = _titled_passages(question, hits)
    if titled and (own := _worked(formula, [r for r in rows if r[3] in titled], when, months)):
        return own  # "according to its cash flow statement": the statement's row before a note's of the same name
    if worked := _worked(formula, rows, when, months):
        return worked
    if formula.lookup or formula.exact or not STATED_OPERAND:
        return None  # one figure asked: stated_figure's, with its own rules
    terms = [ref.term for ref in dict.fromkeys(formula.terms())]
    # each term in its own period where the terms name several ("shipping costs in Q3 2023 compare with Q3 2022": a
    # sentence gives both quarters' figures, each read for its own)
    own = len({ref.said for ref in formula.terms()}) > 1 and all(ref.said for ref in formula.terms())
    return _worked(formula, rows, when, months,
                   lambda ref: stated_operand(ref.term, f"How much was {ref.term} in {ref.said}?" if own else question,
                                              hits, months, [t for t in terms if t != ref.term], own))


def _without_file_words(formula: Formula, hits: list[Hit], rows) -> Formula:
    """Terms without a first word that names the passages' files and no row: "amzn net service sales" (a terse
    question's ticker, lowercase) is "net service sales" in "2023 Q1 AMZN.pdf"."""
    named = {w.lower() for h in hits for w in re.findall(r"[A-Za-z]+", h.file) if len(w) <= 5}
    printed = set().union(*(label | group for label, group, *_ in rows))

    def plain(node):
        if isinstance(node, Op):
            return Op(node.op, plain(node.left), plain(node.right))
        if isinstance(node, Ref) and len(words := node.term.split()) > 1 and words[0].lower() in named and \
                not word_stems(words[0]) & printed:
            return replace(node, term=" ".join(words[1:]))
        return node
    return replace(formula, expr=plain(formula.expr))


def _acronym_spelled(formula: Formula, hits: list[Hit], rows, search: Callable[[str], list[Hit]] | None = None
                     ) -> Formula:
    """A segment asked by an acronym no row prints, spelled out as the passages (or, with search, the passages a
    search for it finds) define it: "INTC CCG revenue" is Client Computing's where a passage lists "Client Computing
    (CCG)"."""
    words = formula.segment.split()
    if not words or not ACRONYM.match(words[-1]) or any(segment_rows(name, rows) for name in _segment_names(formula)):
        return formula
    defined = re.compile(rf"((?:[A-Z][\w&\-]*\s+(?:(?:and|&|of)\s+)?){{1,5}})\(\s*{re.escape(words[-1])}\s*\)")
    acronym = words[-1].lower().replace("&", "")  # "Client Computing (CCG)": its initials begin the acronym
    found: dict[str, Hit] = {}
    for h in hits + (search(f"({words[-1]})") if search else []):
        for m in defined.finditer(h.text):
            name = " ".join(m.group(1).split())
            if len(initials_of(name)[1]) > 1 and acronym.startswith(initials_of(name)[1]):
                found.setdefault(name, h)
    if len(found) != 1:
        return formula
    name, where = found.popitem()
    spelled = replace(formula, segment=" ".join(words[:-1] + [name]))
    return (spelled, where) if search else spelled


# a statement a question names as where to read ("per the cash flow statement"), and how its title is printed
_STATEMENTS = ((re.compile(r"\bcash[- ]flows?\s+statements?|\bstatements?\s+of\s+cash\s+flows?", re.I),
                re.compile(r"statements?\s+of\s+cash\s+flows?", re.I)),
               (re.compile(r"\bbalance\s+sheets?|\bstatements?\s+of\s+financial\s+position", re.I),
                re.compile(r"balance\s+sheets?|statements?\s+of\s+financial\s+position", re.I)),
               (re.compile(r"\bincome\s+statements?|\bstatements?\s+of\s+(?:operations|income|earnings)", re.I),
                re.compile(r"income\s+statements?|statements?\s+of\s+(?:operations|income|earnings)", re.I)))


def _titled_passages(question: str, hits: list[Hit]) -> set[int]:
    """The passages (1-based) headed by the title of the one statement the question names, if it names one."""
    named = [title for asked_for, title in _STATEMENTS if asked_for.search(question)]
    if len(named) != 1:
        return set()
    return {n for n, h in enumerate(hits, start=1) if named[0].search(h.text[:300])}


_YTD_ASKED = re.compile(r"\b(?:year[- ]to[- ]date|ytd)\b", re.I)


def _months(question: str, months: int | None) -> int | None:
    """The span asked (months_asked), or YEAR_TO_DATE for "year-to-date through July 1, 2023" (the nine months
    of a calendar year's company, the quarter of one whose fiscal year began then)."""
    return YEAR_TO_DATE if months is None and _YTD_ASKED.search(question) else months


def _worked(formula: Formula, rows, when, months,
            stated: Callable[[Ref], Operand | None] | None = None) -> Calculation | None:
    """The formula worked out from the rows; a term no row names from stated (a sentence's figure), when given,
    in the rows' scale ("$25.7 billion" beside "$50,122 million": 25,700)."""
    formula, rows = _of_segment(formula, rows)
    if formula.owner and any(_owns(formula.owner, group, text) for _, group, _, _, text in rows):
        return None  # "AWS operating income": the words before the line name a segment of the rows, not the company
    formula = replace(formula, expr=_parts_summed(formula.expr, rows, when, months))
    found, said = {}, set()
    for ref in dict.fromkeys(formula.terms()):
        ranked = _line_or_sales(ref.term, rows, _period_of(ref, when), months, bool(formula.segment))
        if ranked is None and stated and (figure := stated(ref)):
            found[ref] = replace(figure, term=str(ref))  # with its period: "Q3 2023 shipping costs"
            said.add(ref)
            continue
        if ranked is None or formula.exact and not _very_name(ref.term, ranked, [r[4] for r in rows]):
            return None  # no row names it; or, asked in the question's own words, none prints that name
        operand, loss = ranked[1], _LOSS.search(ref.term)
        if loss and not _LOSS.search(re.sub(r"\([^)]*\)", "", operand.label)):
            # a loss asked of a row of income ("Net income (loss)", a segment's row under "Operating income (loss):"):
            # its size when the row prints a loss ("(895)": an operating loss of 895), none when it prints a profit
            if operand.value >= 0:
                return None
            operand = replace(operand, value=-operand.value)
        elif _reads_opposite(ref.term, operand.label):  # "income tax benefit": "Provision for (benefit from) taxes (362)"
            if operand.value > 0:
                return None  # the row prints its own thing: a provision is no benefit
            operand = replace(operand, value=-operand.value)
        outflow = (_OUTFLOW.match(operand.label) or _EXPENSE.search(operand.label) or loss) and \
            operand.value < 0  # a loss asked of a loss's row ("Net loss (25)") is its size too
        figure = re.sub(r"\(\s*([\d,.]+)\s*\)|-(?=[\d$])", r"\1", operand.figure) if outflow else operand.figure
        term = str(replace(ref, term=f"{formula.segment} {ref.term}")) if formula.segment else str(ref)
        found[ref] = Operand(term, operand.label, figure, abs(operand.value) if outflow else operand.value,
                             operand.passage)
    if said and not (found := _in_one_scale(found, said)):
        return None
    scaled = [o for o in found.values() if _SCALED.search(o.figure)]
    if any(_is_share(o.figure) for o in found.values()) and (scaled or formula.lookup and not formula.percent and
                                                             not _RATE_NAMED.search(formula.expr.term)):
        return None  # "5.9" or "100.0%" from a table of shares of revenue beside "$13,507 million": not one measure;
        # nor is "26.1" (R&D's share of revenue) the R&D expense asked for
    try:
        value = _evaluate(formula.expr, found)
    except ZeroDivisionError:
        return None
    rows_read = [o for ref, o in found.items() if ref not in said]  # the result in the rows' scale and places
    return Calculation(formula, found, _written(value, formula, rows_read or list(found.values())), _step(formula, found))


def _in_one_scale(found: dict, said: set) -> dict | None:
    """The operands, each amount a sentence states (said) in the rows' scale ("$25.7 billion" as 25,700 beside
    "$50,122 million"); None when a figure names no scale or the rows name two, or one is a percentage: no sum or
    ratio of unlike figures."""
    scales = {ref: next((w for w in _FACTOR if w in o.figure), "") for ref, o in found.items()}
    # (every operand stated: the scale of the first, "$19.9 billion and $21.8 billion" both in billions)
    rows = {scales[ref] for ref in found if ref not in said} or {scales[next(iter(found))]}
    if not all(scales.values()) or len(rows) != 1 or any("%" in o.figure for o in found.values()):
        return None
    to = rows.pop()
    return {ref: replace(o, value=o.value * _FACTOR[scales[ref]] / _FACTOR[to]) if ref in said else o
            for ref, o in found.items()}


def _step(formula: Formula, found: dict) -> str:
    """For a ratio whose numerator or denominator is a sum or difference of rows ("(Services net sales - Services
    cost of sales) / Services net sales"), its two amounts as worked out: "14,842 million / 20,907 million"; else ""."""
    expr = formula.expr
    if not (isinstance(expr, Op) and expr.op == "/" and any(_amount(side) for side in (expr.left, expr.right))):
        return ""
    sides = []
    for side in (expr.left, expr.right):
        if isinstance(side, Ref):
            sides.append(amount_of(found[side].figure))
        elif _amount(side):
            operands = [found[r] for r in refs_of(side)]
            sides.append(_written(_evaluate(side, found), replace(formula, expr=side, percent=False, unit="",
                                                                 decimals=None, scale=""), operands))
        else:
            return ""
    return " / ".join(sides)


def _amount(node) -> bool:
    """A sum or difference of rows only."""
    return isinstance(node, Op) and node.op in "+-" and all(isinstance(n, Ref) or _amount(n) for n in (node.left, node.right))


# a line that is itself a percentage: "effective tax rate", "gross margin percentage" (its row prints "696.2 %")
_RATE_NAMED = re.compile(r"\b(?:rates?|percentages?|percent|ratios?|yields?)\b", re.I)


_SALES = frozenset(word_stems("revenue revenues net sales"))
_NOT_SALES = frozenset(word_stems("operating income loss cost costs expenses gross margin profit assets "
                                  "depreciation amortization capital expenditures unearned deferred"))


def _line_or_sales(term: str, rows, when, months, segment: bool) -> tuple[tuple, Operand] | None:
    """The row naming the term (_operand_ranked), else, for a segment's line, its row among those with the period's
    column (_dated_row), else the segment's sales (_segment_sales)."""
    ranked = _operand_ranked(term, rows, when, months)
    if ranked is None and segment and SEGMENT_DATED_ROW:
        ranked = _dated_row(term, rows, when, months)
    return _segment_sales(term, rows, when, months) if ranked is None and segment else ranked


def _dated_row(term: str, rows, when, months) -> tuple[tuple, Operand] | None:
    """A segment's line named best by rows without the period's column (last year's report: "AWS", then "Operating
    income $ 4,883 $ 5,403"), read among the segment's rows that have it (this year's "Operating income (loss) by
    segment": "AWS 5,403 6,976")."""
    dated = [row for row in rows if cell_for(row[2], when, months)]
    return _operand_ranked(term, dated, when, months) if dated and len(dated) < len(rows) else None


def _segment_sales(term: str, rows, when, months) -> tuple[tuple, Operand] | None:
    """A segment's revenue where its rows don't say revenue: a table of revenue by product whose heading the chunk
    lost ("Gaming 3,610 3,593"), or a row the table's layout put under another group (Intel's "Data Center and AI"
    after "Total Client Computing Group"). Only for revenue or net sales asked, among the segment's rows that name
    no other measure (not the ones under "Operating income (loss):"), and only when they give one figure."""
    if not word_stems(term) <= _SALES:
        return None
    found = {}
    for label, group, cells, n, text in rows:
        if (label | group) & _NOT_SALES or not (cell := cell_for(cells, when, months)) or \
                (value := value_of(cell[1])) is None or _is_share(cell[1]):
            continue
        found.setdefault(value, (n, text, cell))
    if len(found) != 1:
        return None
    (value, (n, text, cell)), = found.items()
    return (1, 1, 0, 0), Operand(term, text, cell[1], value, n)


def _owns(owner: str, group: set[str], label: str) -> bool:
    """Whether a row is a segment's named by owner: under a heading of its words ("AWS"), or labelled by them
    ("Services"); a label that only ends with the company's name ("... attributable to Intel") is not."""
    stems = word_stems(owner)
    return bool(stems) and (stems <= group or label.lower().startswith(owner.lower()) or
                            len(stems) > 1 and initials_of(owner)[0] in group)  # "Amazon Web Services": "AWS"


def _of_segment(formula: Formula, rows) -> tuple[Formula, list]:
    """A segment's line is looked up among its rows only ("Apple's Services revenue": the Services rows); words
    that may name the company instead ("NVIDIA total revenue", Formula.owner) and own no row are the company's."""
    if not formula.segment:
        return formula, rows
    for name in _segment_names(formula):
        if own := segment_rows(name, rows):
            return replace(formula, owner="", exact=False, segment=name), own
    if formula.owner == formula.segment and len(formula.segment.split()) == 1:
        # "NVIDIA total revenue"; not "AAPL Mac revenue" nor "Apple Services revenue" (Mac's, Services', not found). A
        # company of several words asked without a possessive ("Texas Instruments revenue") is left to the model.
        return replace(formula, segment=""), rows
    return formula, []


def _segment_names(formula: Formula) -> list[str]:
    """The segment's name as asked, then without its first word: "NVIDIA Graphics segment operating income",
    "AMZN AWS operating income" (a terse question may open with the company's name) are Graphics's and AWS's."""
    words = formula.segment.split()
    if len(words) < 2 or words[1].lower() in ("and", "&", "of"):
        return [formula.segment]  # "Services and Products": two segments, not "and Products"
    return [formula.segment, " ".join(words[1:])]


def segment_rows(segment: str, rows) -> list:
    """The rows of a segment (a product line, a region): those under its very name ("AWS", then "Net sales | ...")
    or labelled by it ("Services" under "Net sales:", "Intelligent Cloud" under "Revenue"); not "Intel Products"
    for "Intel", which names the company."""
    stems = word_stems(segment)
    # "iPads" for the row "iPad"; "Client Computing Group" for the row "Client Computing"
    names = {segment, re.sub(r"(?<=[a-z])s$", "", segment), re.sub(r"\s+(?i:group|segment)$", "", segment),
             f"{segment} services", f"{segment} products"}  # "advertising": the row "Advertising services"
    initials = initials_of(segment)[0] if len(stems) > 1 else None  # "Amazon Web Services": the rows under "AWS"
    own = [row for row in rows if stems and (stems == row[1] or row[1] == {initials} or any(
        same_name(label, name) for label in _segment_labels(row[4]) for name in names))]
    if own:
        return own
    words = segment.split()
    for k in range(1, len(words)):
        # a product line named after its segment: "Client Computing notebook" is the row "Notebook" under the heading
        # "Client Computing"
        lead, tail = word_stems(" ".join(words[:k])), " ".join(words[k:])
        if own := [row for row in rows if lead and lead <= row[1] and any(same_name(label, tail)
                                                                          for label in _segment_labels(row[4]))]:
            return own
    if ACRONYM.match(segment) and segment.isupper():
        # an analyst's initials for a segment no passage spells out: "IC" for the rows "Intelligent Cloud", each of
        # whose words is capitalised (not "Interest cost"); one such name only
        key = segment.lower().replace("&", "")
        named = {label for row in rows for label in [_LABEL_NOTE.sub("", row[4])]
                 if re.fullmatch(r"[A-Z][\w\-]*(?:\s+(?:and|&|of|[A-Z][\w\-]*))+", label) and
                 initials_of(label)[1] == key}
        # not when a one-word name among the rows is abbreviated so too ("CN" for "China", beside "Compute &
        # Networking"): which one was meant can't be told
        short = {label for row in rows for label in [_LABEL_NOTE.sub("", re.sub(r"\s*\([^()]*\)\s*$", "", row[4]))]
                 if re.fullmatch(r"[A-Z][a-z]{3,}", label) and _abbreviates(key, label.lower())}
        if len(named) == 1 and not short:
            return segment_rows(named.pop(), rows)
    return []


def _abbreviates(letters: str, word: str) -> bool:
    """Whether the letters spell a shortening of the word: its first letter, then the others in order ("cn" of
    "china", "jp" of "japan")."""
    if not letters or not word.startswith(letters[0]):
        return False
    rest = iter(word[1:])
    return all(c in rest for c in letters[1:])


def _segment_labels(label: str) -> set[str]:
    """A segment's row label as printed, without its footnote's mark ("iPhone (1)"), and without what a bracket
    after the name adds ("China (including Hong Kong)")."""
    bare = _LABEL_NOTE.sub("", label)
    return {bare, re.sub(r"\s*\([^()]*\)\s*$", "", bare)}


_LABEL_NOTE = re.compile(r"\s*\((?:\d|[a-z])\)\s*$|\s*\(\d+\)")  # a footnote's mark after a label: "iPhone (1)"


def _period_of(ref: Ref, when: tuple) -> tuple:
    """The period a term is read in: its own (date, year, quarter) when the question gives it one, else the
    question's (period_asked)."""
    return (ref.date, ref.year, ref.quarter) if ref.year else when


def _reported(measure: str, rows, when, months) -> Operand | None:
    """The row that carries the measure's very name, with one figure for the period ("Free cash flow" in
    Amazon's reconciliation, whose capital expenditure is net of proceeds from sales), or None."""
    found = _ranked(measure, rows, when, months)
    return found[1] if isinstance(found, tuple) and found[0][0] == 0 else None


# a line that totals others ("net sales", "operating income", "total assets"): added to another line it means nothing
_SUBTOTAL = re.compile(r"\b(?:revenues?|sales|income|profits?|earnings|margin|total|eps|loss)\b", re.I)


def _parts_summed(node, rows, when, months):
    """The formula with each term that no row names but that joins two row names with "and" ("depreciation and
    amortization" on a statement printing "Depreciation" and "Amortization of intangible assets") replaced by
    the sum of the two: an analyst's EBITDA adds both. Each part must have one figure for the period
    (_sole_row)."""
    if isinstance(node, Op):
        return replace(node, left=_parts_summed(node.left, rows, when, months),
                       right=_parts_summed(node.right, rows, when, months))
    if not isinstance(node, Ref):
        return node
    period = _period_of(node, when)
    names = [node.term, *aliases_of(node.term)]
    if any(_named(name, rows, period, months) is not None for name in names):
        return node  # a row names it (or names it ambiguously): nothing to add up
    for name in names:
        parts = [p.strip(" ,") for p in re.split(r"\s+and\s+", name)]
        if len(parts) != 2 or not all(parts) or any(_SUBTOTAL.search(p) for p in parts):
            continue  # "revenue and operating income": two figures asked (parts_asked), no sum
        if all(_sole_row(p, rows, period, months) for p in parts) and _rows_near(parts, rows):
            return Op("+", replace(node, term=parts[0]), replace(node, term=parts[1]))
    return node


_NEAR_ROWS = 3  # rows apart: Intel's "Depreciation", "Share-based compensation", "Amortization of intangibles"


def _rows_near(parts: list[str], rows) -> bool:
    """Whether rows naming the two parts stand near each other in one passage's table: the parts of one line split in
    two ("Depreciation", "Amortization of intangibles"), not two lines asked together ("Pull Amazon's inventories and
    long-term debt from its balance sheet": blind set 32's n08, summed at first sight)."""
    at = [[i for i, (label, _, _, _, _) in enumerate(rows) if (wanted := word_stems(part)) and wanted <= label]
          for part in parts]
    return any(rows[i][3] == rows[j][3] and abs(i - j) <= _NEAR_ROWS for i in at[0] for j in at[1])


def _sole_row(part: str, rows, when, months) -> bool:
    """One figure for the period among the rows that are named part exactly ("Depreciation"), or when none is,
    among all whose own labels hold its words: "amortization" is "Amortization of intangible assets" only when
    no "Amortization of capitalized software" stands beside it."""
    wanted = word_stems(part)
    named = [(text, cells) for label, _, cells, _, text in rows if wanted and wanted <= label]
    exact = [(text, cells) for text, cells in named if same_name(text, part)]
    values = {value_of(cell[1]) for _, cells in exact or named for cell in [cell_for(cells, when, months)]
              if cell is not None and value_of(cell[1]) is not None}
    return len(values) == 1


def cell_passages(question: str, hits: list[Hit], index) -> list[Hit]:
    """hits, where nothing else is worked out and the results-table cells the question names (results_cell,
    cells_compared) are found only in a passage cut from inside the table once it is given the table's head
    (rag.retrieve.with_table_heads), or in the chunk after a passage that the table's rows end (table_continuations):
    that passage headed, that chunk added. hits as they are otherwise."""
    from rag.retrieve import table_continuations, with_table_heads

    if not hits or work_out_each(question, hits):
        return hits
    headed = with_table_heads(hits, index)
    candidates = headed + table_continuations(headed, index)
    cells = [c for c in (cells_compared(question, candidates) or (results_cell(question, candidates),)) if c]
    if not cells:
        return hits
    used = {n for c in cells for n in c.passages()}
    return [headed[n - 1] if n in used else h for n, h in enumerate(hits, start=1)] + \
        [h for n, h in enumerate(candidates[len(hits):], start=len(hits) + 1) if n in used]


def operand_passages(question: str, hits: list[Hit], months: int | None,
                     search: Callable[[str], list[Hit]], runs: Callable[[Hit], list[Hit]] | None = None) -> list[Hit]:
    """Passages to add for the formula's terms (_term_passages); when no row gives the figure asked, the passage
    whose sentence states it (rag.calculate.stated); for a ranking, its tables (rank.rank_passages; runs: a
    passage's runs of stored chunks)."""
    found: list[Hit] = []
    if run := schedule_passages(question, hits, runs):  # a table a sentence introduces, cut before its total: the
        return run  # chunks after it
    if RANKED and rank_asked(question):  # "Which segment had the highest operating margin ...?": its tables
        return rank_passages(question, hits, months, search, runs)
    if BRIDGE and (ends := bridge_asked(question)):  # two profit lines: the statement that prints both, and the rows
        return _bridge_passages(ends, question, hits, months, search, runs)  # between
    if VERSUS and (parts := versus_asked(question)):  # each line of two businesses: its rows, searched for in the
        for part in parts:  # business's own documents where they are told apart (_business_hits)
            own_hits = _business_hits(part, parts, hits + found)
            docs = {h.doc_id for h in own_hits if h.text}

            def own(query: str, docs=docs) -> list[Hit]:
                return [h for h in search(query) if h.doc_id in docs]
            found += operand_passages(part, own_hits, months, own)
        return found
    if (named := companies_named(question)) and (docs := _companies_documents([n for n, _ in named], hits)):
        for name, part in named:  # each company's rows, searched for in its own documents
            def own(query: str, name=name) -> list[Hit]:
                results = search(f"{name} {query}")
                return [h for h in results if h.doc_id in docs[name] | company_documents(name, results)]
            found += operand_passages(part, _company_hits(docs[name], hits + found), months, own)
        return found
    if pair := more_than(question) or rates_asked(question) or \
            (SIGNS_CLAIMED and [q for q, _ in signs_claimed(question)]) or \
            (GUIDANCE and [q for _, q in guidance_lines(question, hits)]):  # "how much more X did A ... than B", two
        for part in pair:  # segments; a rate in two periods; each profit line a yes or no claims a sign of, each
            # guided line: its rows
            found += operand_passages(part, hits + found, months, search)
        return found
    found = _term_passages(question, hits, months, search)
    read = with_year_before(question)
    first = _first_of_both(read) or question  # of a figure and the same a year before, the figure asked first
    if not hits or _from_rows(first, hits + found, months):
        return found
    found += stated_passages(question, hits + found, search, months)
    for part in parts_asked(question):  # two figures asked: each one's rows
        found += operand_passages(part, hits + found, months, search)
    if read:  # a figure and its change: the figure's rows (the year before's beside)
        found += operand_passages(read[0], hits + found, months, search)
    if not (asked(question) or parts_asked(question) or read):  # a question in several sentences: the rows of the
        # one that asks ("... How much cash did they pay out in dividends over the first nine months?")
        for sentence in sentences_asking(question)[:1]:
            found += operand_passages(sentence, hits + found, months_asked(sentence) or months, search)
    return found


def _bridge(ends: Bridge, question: str, hits: list[Hit], months: int | None) -> Calculation | None:
    """The rows between the two lines a why-question names (rag.calculate.bridge), from the first passage whose table
    holds both lines' rows and the rows between adding up; None when none does."""
    months = months if months is not None else months_asked(question)
    lines = [(q, replace(formula, exact=False)) for q in (ends.upper, ends.lower) if (formula := asked(q))]
    if len(lines) < 2:
        return None
    found = []
    for n, hit in enumerate(hits, start=1):
        upper, lower = (_from_rows(q, [hit], months, formula) for q, formula in lines)
        if upper and lower:
            found.append((n, upper.operands()[0], lower.operands()[0]))
    return bridged(found, hits, period_asked(question), months)


def _bridge_passages(ends: Bridge, question: str, hits: list[Hit], months: int | None,
                     search: Callable[[str], list[Hit]], runs: Callable[[Hit], list[Hit]] | None) -> list[Hit]:
    """The first passage (or run of stored chunks: a statement cut across chunks), of the runs of the passages found,
    then of those a search for the two lines finds, whose rows bridge them, when the passages hold none; else []."""
    if _bridge(ends, question, hits, months):
        return []
    have = set().union(*(h.ids for h in hits))
    for hit in hits + search(f"{ends.upper} {ends.lower}")[:_BRIDGE_SEARCHED]:  # (a passage found: its runs)
        for one in ([hit] if hit.ids - have else []) + (runs(hit) if runs else []):
            if _bridge(ends, question, [one], months):
                return [one]
    return []


_BRIDGE_SEARCHED = 5  # passages a search for the two lines offers


def _term_passages(question: str, hits: list[Hit], months: int | None,
                   search: Callable[[str], list[Hit]]) -> list[Hit]:
    """Passages to add for the formula's terms that no passage's row names for its period: for each such term,
    of the passages search(the term and its ALIASES) returns, the one whose row names it best (the first of
    equals). Asked for an inventory turnover, retrieval brings the balance sheet's inventories but not the
    income statement's cost of sales; this fetches it. At most one passage a term; none when the question spells
    out no formula and asks for no statement line by a common name (asked)."""
    formula = asked(question)
    if not formula or not hits:
        return []
    months = _months(question, months)
    rows = [row for n, h in enumerate(hits, start=1) for row in table_rows(h, n)]
    when, found = period_asked(question), []
    have = set().union(*(h.ids for h in hits))
    formula = _acronym_spelled(_without_file_words(formula, hits, rows), hits, rows, search)
    if isinstance(formula, tuple):  # the passage that spells the acronym out, for the calculation to read it too
        formula, where = formula
        if not where.ids & have:
            found.append(replace(where, ranks={"defines the acronym asked": 1}))
            have |= where.ids
    for ref in dict.fromkeys(formula.terms()):
        period = _period_of(ref, when)
        # (a line asked with "expense" that statements print without it last, as _operand_ranked reads it)
        names = list(dict.fromkeys([ref.term, *aliases_of(ref.term), *_without_expense(ref.term)]))
        formula, rows = _of_segment(formula, [row for n, h in enumerate(hits + found, start=1)
                                              for row in table_rows(h, n)])
        have_it = _line_or_sales(ref.term, rows, period, months, bool(formula.segment))
        if have_it and (formula.segment or _very_name(ref.term, have_it)) and \
                not (formula.lookup and _is_share(have_it[1].figure) and not _RATE_NAMED.search(ref.term)):
            continue  # in the passages already: a row of its very name ("Purchases of property and equipment, net
            # of proceeds ..."), not only one that holds its words ("Other current assets" is no "total assets");
            # or, asked for a segment's line, one of the segment's rows; and, looked up, an amount, not a share
        # else none names it, none for the period, or several alike ("Net sales" under Japan and under Greater
        # China, asked for the total): the statement that prints the term's own row may settle it
        best = None
        # all its names in one search, then (when none of those passages has its row) each name alone: the words
        # of "capex" and its five common names together rank notes and MD&A pages above the cash flow statement
        queries = [" ".join(names)] + (list(dict.fromkeys(names)) if len(names) > 1 else [])
        # a segment's rows: its name with the line's, then its name alone, which the passage printing it holds word
        # for word ("Advertising services" in a table of net sales by group of products)
        for query in [f"{formula.segment} {q}" for q in queries] + [formula.segment] if formula.segment else queries:
            for rank, hit in enumerate(search(query)):
                ids = hit.ids
                ranked = [r for name in names for r in [_ranked(name, _rows_of(formula, hit, 1), period, months)]
                          if isinstance(r, tuple) and not (formula.exact and not formula.segment and
                                                           not _very_name(name, r))]
                # (a segment's own rows, as _of_segment reads them, need not print the line's name: "Client Computing")
                if not ranked and formula.segment and (sales := _segment_sales(ref.term, _rows_of(formula, hit, 1),
                                                                               period, months)):
                    ranked = [sales]  # as _worked reads it: "Windows 4,808 6,594" in a table of revenue by product
                if ids - have and ranked and (best is None or (min(r[0] for r in ranked), rank) < best[0]):
                    best = ((min(r[0] for r in ranked), rank), hit, ids)
            if best and best[0][0][0] == 0:
                break  # a row of the term's own name or a common name, word for word
        if best:  # --explain shows why it is there: "search for 'COGS' #2"
            found.append(replace(best[1], ranks={f"search for '{ref.term}'": best[0][1] + 1}))
            have |= best[2]
    return found


def _rows_of(formula: Formula, hit: Hit, n: int) -> list:
    """A passage's table rows (table_rows), only the segment's when the question asks for a segment's line."""
    rows = table_rows(hit, n)
    if not formula.segment:
        return rows
    return next((own for name in _segment_names(formula) if (own := segment_rows(name, rows))), [])


def _very_name(term: str, ranked: tuple[tuple, Operand], labels: list[str] | None = None) -> bool:
    """Whether the row _operand_ranked found prints the term's name or a common name of it as its label (or its
    label's head, before a comma or bracket: "Purchases of property and equipment, net of proceeds ..."; or their
    total: "Total net sales" for "net sales"; the term's head likewise: "gains on equity investments, net"), not only
    the term's words among others. A term asked as a total ("total inventories") is the row of its name without the
    word ("Inventories", a balance sheet's) where labels are given and none prints the total's name ("Total debt"
    beside "Debt") nor a part of the same name ("Short-term debt": "Debt" is then the long-term part; blind set 44's
    z19)."""
    if _GROSS_FLOW.match(term.strip()) and _very_name(_GROSS_FLOW.sub("", term.strip()), ranked, labels):
        return True  # "gross purchases of property and equipment": the row "Purchases of property and equipment"
    label = re.split(r"[,(]", re.sub(r"\s*\((?:used|loss|deficit|benefit|expense|income)[^)]*\)", "", ranked[1].label))[0]
    # the company's own share is the line's very name: "Net income (loss) attributable to Intel" for "net income" (not
    # the non-controlling interests' share)
    label = label if re.search(r"\battributable\b", term, re.I) else _OWN_SHARE.sub("", label)
    bare = without_expense(term)  # "research and development expense"
    paid = _PAID.sub("", label)  # "Payments for dividends and dividend equivalents" for "dividends and ..."
    # "Accrued restructuring balance" for "accrued restructuring" (asked as "what accrued restructuring balance")
    paid = re.sub(r"\s+(?:balance|amount)\s*$", "", paid, flags=re.I)
    if (m := _CURRENT.match(term)) and ranked[0][1] == 1 and (
            same_name(label, m.group(2)) or m.group(1).lower() == "long-term" and same_name(label, f"term {m.group(2)}")):
        return True  # "current deferred revenue": the row "Deferred revenue" under "Current liabilities:"; "long-term
        # debt": the row "Term debt" under "Non-current liabilities:"
    missing = ranked[0][1]
    if missing and any(len(words) > missing and (same_name(label, named := " ".join(words[:-missing])) or
                                                 same_name(_KIND_WORDS.sub("", label), named))
                       for words in (name.split() for name in [term, *aliases_of(term)])):
        return True  # "finished goods inventory": the row "Finished goods" over "Total inventories" (rows.table_rows);
        # "advertising services revenue" read as "advertising services net sales": "Advertising services" under "Net sales"
    return ranked[0][0] == 0 or _reads_opposite(term, ranked[1].label) or \
        any(same_name(label, name) or same_name(label, f"total {name}") or (paid != label and same_name(paid, name)) or
            (labels is not None and same_name(f"total {label}", name) and not any(
                same_name(o, name) or o.lower() != label.lower() and o.lower().endswith(f" {label.lower()}")
                for o in labels))
            for name in dict.fromkeys([term, term.split(",")[0], bare, *aliases_of(term)])) or \
        same_name(without_expense(label), bare) or \
        paid != label and (m := _PAYMENT_ASKED.match(term)) is not None and _paid_words(paid) == _paid_words(m.group(1))
    # ("stock-based compensation": "Stock-based compensation expense"; "payments for common dividends": "Common stock
    # cash dividends paid", "Payment of dividends to stockholders")


_OWN_SHARE = re.compile(r"\s+attributable\s+to\s+(?!non-?\s?controlling|minority|noncontrolling)(?:[A-Z][\w.&'’-]*"
                        r"(?:\s+[A-Z][\w.&'’-]*){0,3}|(?:the\s+)?(?:company|parent)|common\s+(?:stock|share)holders)\s*$")
_KIND_WORDS = re.compile(r"\s+(?:services|products)\s*$", re.I)  # "Advertising services" is the advertising line


_PAYMENT_ASKED = re.compile(r"^payments\s+for\s+(.+)$", re.I)
_PAID_AS_WELL = frozenset("cash stock common to of stockholders shareholders".split())  # what a payment's row adds


def _paid_words(text: str) -> list[str]:
    return sorted(w for w in re.findall(r"[a-z0-9&]+", text.lower()) if w not in _PAID_AS_WELL)


def _reads_opposite(term: str, label: str) -> bool:
    """Whether the term names the row by the opposite its label prints in brackets (names.opposite_reading): "income
    tax benefit" for "Provision for (benefit from) taxes", "provision for income taxes" for "Benefit (provision) for
    income taxes", "net loss" for "Net income (loss)"; its figure then has the other sign."""
    other = opposite_reading(label)
    return other is not None and any(same_name(other, name) for name in
                                     dict.fromkeys([term, without_expense(term), *aliases_of(term)]))


_CURRENT = re.compile(r"^\s*(current|non-?current|long-term|short-term)\s+(.+)$", re.I)  # a balance sheet's group


# a cash flow statement's payment of a thing named as the thing: "Payments for dividends ...", "Dividends paid"
_PAID = re.compile(r"^\s*(?:payments?|cash\s+paid)\s+(?:for|of|to)\s+|\s+paid\s*$", re.I)


def _evaluate(node, found: dict) -> float:
    if isinstance(node, Ref):
        return found[node].value
    if isinstance(node, Num):
        return node.value
    a, b = _evaluate(node.left, found), _evaluate(node.right, found)
    if node.op == "^":
        return a ** b if a > 0 else _zero()
    return {"+": a + b, "-": a - b, "*": a * b, "/": a / b if b else _zero()}[node.op]


def _zero() -> float:
    raise ZeroDivisionError


def _written(value: float, formula: Formula, operands: list[Operand]) -> str:
    if formula.percent:
        return f"{value * 100:.{1 if formula.decimals is None else formula.decimals}f}%"
    if kind_of(formula.expr) == "ratio" or formula.unit:
        places = (1 if formula.unit else 2) if formula.decimals is None else formula.decimals  # 41.7 days, 0.86
        return f"{value:.{places}f}" + (f" {formula.unit}" if formula.unit else "")
    # a sum or difference of rows: an amount in the rows' unit
    places = formula.decimals if formula.decimals is not None else max(_places(o.figure) for o in operands)
    money = "$" if any("$" in o.figure for o in operands) else ""
    scale = next((w for o in operands for w in ("million", "billion", "thousand") if w in o.figure), "")
    wanted = formula.scale.rstrip("s")
    if scale and wanted and wanted != scale:  # "$8,738 million" asked in billions: "$8.74 billion"
        value *= _FACTOR[scale] / _FACTOR[wanted]
        places, scale = (2 if _FACTOR[wanted] > _FACTOR[scale] else 0) if formula.decimals is None else places, wanted
    sign = "-" if value < 0 else ""
    if formula.lookup and operands and all(amount_of(o.figure).rstrip().endswith("%") for o in operands):
        return f"{sign}{abs(value):,.{places}f}%"  # a rate's row: "Effective tax rate 696.2 %"
    return f"{sign}{money}{abs(value):,.{places}f}" + (f" {scale}" if scale else "")


def _places(figure: str) -> int:
    """Decimal places of a figure's amount: 2 for "$1.25 billion", 0 for "$12,949 (100.0%)" (its share aside)."""
    m = re.search(r"\d[\d,]*(?:\.(\d+))?", figure)
    return len(m.group(1) or "") if m else 0


# a count of shares asked: "diluted shares", "weighted-average basic shares", "shares outstanding"
_COUNT_OF_SHARES = re.compile(r"\bshares\s*$|^\s*(?:common\s+)?shares\s+outstanding\b", re.I)
# a per-share amount's row, not a count's ("Shares used in computation of diluted earnings per share" is a count)
_PER_SHARE_ROW = re.compile(r"^(?!\s*shares\b).*\bper\s+(?:common\s+)?share\b", re.I)
_CHANGE_WORDS = {"chang", "incre", "decre"}  # word_stems of "changes", "(increase) decrease"


def _operand(term: str, rows, when: tuple[str | None, str | None], months: int | None = None) -> Operand | None:
    """The row that names the term best (all its words, in the row's label or its group's, or its acronym;
    fewest other words; the term's words in the label itself before those only in the group), and its figure
    for the period; when no row names it, or names it only with its group's words, the same for the term's
    ALIASES (see _operand_ranked)."""
    found = _operand_ranked(term, rows, when, months)
    return found[1] if found else None


def _without_expense(term: str) -> list[str]:
    """The line's name without "expense" ("research and development" for "research and development expense") when it
    keeps two words or more (not "interest" for "interest expense"); [] otherwise."""
    bare = without_expense(term)
    return [bare] if len(bare.split()) > 1 and bare != term.strip() else []


def _operand_ranked(term: str, rows, when, months) -> tuple[tuple, Operand] | None:
    """_operand with its rank (_ranked's). A common name's row that holds all its words in its own label beats a
    row that names the term only with its group's words: "operating cash flow" is "Net cash provided by operating
    activities", not "Cash paid for operating leases" under "Supplemental cash flow information:"."""
    found = _ranked(term, rows, when, months)
    if not isinstance(found, tuple) and (m := _LONG_TERM.match(term.strip())) and \
            isinstance(section := _ranked(f"non-current {m.group(1)}", rows, when, months), tuple):
        # a long-term line no row names (or only a note's row of two figures, a hedge's) is its balance sheet
        # section's: "long-term debt" is Apple's "Term debt" under "Non-current liabilities:", and Intel's "Debt" after
        # "Total current liabilities" (rows.table_rows)
        return section[0], replace(section[1], term=term)
    weak = isinstance(found, tuple) and found[0][1]  # its words found only in the row's group
    # "LTD" has the initials of "Current portion of long-term debt" too, and "revenue" is in "Unearned revenue": a
    # common name that is a row's very label ("Total net sales") beats a row that holds the term among other words
    unsure = (found is False or isinstance(found, tuple) and found[0][0]) and \
        (ACRONYM.match(term.strip()) or found is False or found[0][2] > 0)
    if not (unsure or weak or found is None):
        return found if isinstance(found, tuple) else None  # named, but which figure is not certain (False, ...)
    # when no row holds all its words, a line's name with "expense" added ("research and development expense" for
    # "Research and development") if it has two words or more without it (not "interest expense" for "Interest income")
    bare = _without_expense(term) if found is None else []
    # last, a product line's sales asked as "X revenue" from rows that never say revenue ("Data Center $ 14,514" in a
    # table whose title the chunk lost): the name alone
    sold = [m.group(1)] if found is None and (m := OF_SALES.match(" ".join(term.lower().split()))) and \
        word_stems(m.group(1)) else []
    # (the common names first: "income tax" without "expense" is in "Income (loss) before income taxes", and Amazon's
    # "Benefit (provision) for income taxes" is "provision for income taxes")
    others = [_ranked(alias, rows, when, months) for alias in aliases_of(term) + bare + sold]
    if (unsure or found is None) and (exact := next((o for o in others if isinstance(o, tuple) and o[0][0] == 0), None)):
        # a common name printed as the row's very label ("Provision for income taxes" for "income tax expense") over
        # the name without "expense" among other words ("Income before taxes")
        return exact[0], replace(exact[1], term=term)
    if found is not None and not isinstance(found, tuple):
        return None
    for other in others:
        if other is not None and not isinstance(other, tuple):
            return found if found else None
        if other and (found is None or not other[0][1]):
            return other[0], replace(other[1], term=term)
    return found


_LONG_TERM = re.compile(r"^long[-\s]term\s+(.+)$", re.I)
_BOTH_TERMS = {"curre", "noncu"}  # word_stems of "current" and "non-current"
# "gross purchases of property and equipment": the purchases before any proceeds are netted, the row "Purchases of
# property and equipment", never "..., net of proceeds ..." (_ranked); "gross" need not be a word of the row (a row may
# print it: "Gross additions")
_GROSS_FLOW = re.compile(r"^gross\s+(?=(?:purchases|payments|additions|capital\s+expenditures?|capex)\b)", re.I)
_ELSEWHERE = "elsewhere"  # rows name the term, but none has a column of the period asked: another passage may


def _named(term: str, rows, when, months) -> Operand | None | bool | str:
    """_operand for one name: None when no row names it, False when two name it equally well with different
    figures, _ELSEWHERE when the rows that name it have no column of the period."""
    found = _ranked(term, rows, when, months)
    return found[1] if isinstance(found, tuple) else found


def _ranked(term: str, rows, when, months) -> tuple[tuple, Operand] | None | bool | str:
    """(how well the row names the term: (exact name first, words missing from the label, other words, its
    column's head states the span asked first), the operand), or _named's None, False or _ELSEWHERE."""
    gross = bool(_GROSS_FLOW.match(term.strip()))  # "gross purchases of ...": no row netted ("..., net of proceeds")
    bare = _GROSS_FLOW.sub("", term.strip()) if gross else term
    acronyms = acronyms_of(bare)
    wanted = word_stems(" ".join(w for w in bare.split() if not ACRONYM.match(w.strip(",()"))))
    if not wanted and not acronyms:
        return None
    scored = []
    for label, group, cells, n, text in rows:
        initials = initials_of(text)
        if not wanted <= label | group or any(a not in initials[0] and a not in initials[1] and a[:5] not in group
                                              and a[:5] not in label for a in acronyms):
            # "AWS operating income": under "AWS"; "Data Center and AI revenue": the row "Data Center and AI"
            continue
        if _COUNT_OF_SHARES.search(bare) and (any("$" in figure for _, figure in cells) or _PER_SHARE_ROW.search(text)):
            continue  # "diluted shares" are a count of shares, not the "Diluted" $1.52 under "Earnings per share:" nor
            # the MD&A's "Diluted earnings per share 2.45"
        if (label | group) & _CHANGE_WORDS and not wanted & _CHANGE_WORDS:
            continue  # a cash flow statement's "Changes in ...: Accounts receivable" is a change, not the balance
        if gross and "net" in label:
            continue
        if _BOTH_TERMS <= label and len(wanted & _BOTH_TERMS) == 1:
            continue  # "Current and non-current term debt" (a hedge note's) is both, not the current term debt asked
        if (flow := _FLOW_ROW.match(text)) and not word_stems(flow.group("verb")) & wanted and \
                not (_PAID_OUT <= wanted and flow.group("verb").lower().startswith("payment")):
            continue  # "Additions to property, plant, and equipment" is a year's spending, not net PP&E (dividends are
            # paid: "Payments for dividends and dividend equivalents")
        covered = sum(len(a) for a in acronyms)
        extra = max(0, len(label - wanted) - covered) + len(group - wanted - label) * 0.5
        scored.append((len(wanted - label), extra, n, text, cells, frozenset(group - wanted - label)))
    if not scored:
        return None
    if "decla" not in wanted and (paid := [s for s in scored if _FLOW_ROW.match(s[3])]) and \
            any("decla" in word_stems(s[3]) for s in scored) and min(s[0] for s in paid) <= min(s[0] for s in scored):
        scored = paid  # dividends asked, not those declared: "Payments for dividends ..." over "Dividends ... declared"
        # (the statement of shareholders' equity's, a quarter's dividends owed: blind set 42's x22)
    if when[0] and months is None:
        # asked for a day and no span of months ("as of October 30, 2022"): the rows whose column is headed by that
        # day, when any is: "Accounts payable" on the balance sheet, not the cash flow statement's nine-month change
        dated = [s for s in scored for cell in [cell_for(s[4], when, months)] if cell and
                 dates_in(cell[0])[:1] == [when[0]] and head_months(cell[0]) is None]
        scored = dated or scored
    scored.sort(key=lambda s: (s[0], s[1]))
    exact = [s for s in scored if same_name(s[3], term) or same_name(s[3], bare)]
    if exact and not re.match(r"(?i)total\b", term) and (all(s[5] for s in exact) or
                                                          not any(cell_for(s[4], when, months) for s in exact)):
        # every row of its very name stands under a segment ("Net sales" under North America, International, AWS), or
        # none has the period's column (the other quarter's report's "Revenue"): the term asked alone is their total's
        # row ("Total net sales"; "Total revenue" in this quarter's segment note), when one is printed
        exact = [s for s in scored if same_name(s[3], f"total {term}")] or exact
    scored = exact or scored  # "Long-term debt, less current portion" asked by its name, not "Less: current portion ..."
    tied = [(s, cell) for s in scored if s[:2] == scored[0][:2]
            for cell in [cell_for(s[4], when, months)] if cell is not None and value_of(cell[1]) is not None]
    if not tied:
        # the same line under another group, in a statement with the period's column: "Total inventories" in a note
        # of last year's report, and "Inventories" on this year's balance sheet, asked at this year's quarter end
        alike = [(s, cell) for s in scored if s[0] == scored[0][0] and word_stems(s[3]) == word_stems(scored[0][3])
                 for cell in [cell_for(s[4], when, months)] if cell is not None and value_of(cell[1]) is not None]
        tied = [t for t in alike if t[0][:2] == alike[0][0][:2]]
    if not tied:
        return _ELSEWHERE
    if months and (spanned := [t for t in tied if head_months(t[1][0]) == months]):
        tied = spanned  # a column headed by the span asked ("Three Months Ended April 30, 2023") over a bare day's
    amounts = [t for t in tied if _SCALED.search(t[1][1])]
    if amounts and all(_SHARE_LIKE.fullmatch(c[1].strip()) or c[1].rstrip().endswith("%")
                       for t, c in tied if not _SCALED.search(c[1])):
        tied = amounts  # "Gross profit 4,648 million" and, in the MD&A's table of shares of revenue, "64.6"
    if len({value_of(cell[1]) for _, cell in tied}) > 1:
        return False  # two rows name it equally well with different figures
    (missing, extra, n, text, _, group), cell = tied[0]
    if group and any(same_name(s[3], text) and s[5] != group and (other := (cell_for(s[4], when, months) or
                                                                           ("", ""))[1]) and
                     value_of(other) not in (None, value_of(cell[1])) and _is_share(other) == _is_share(cell[1])
                     for s in scored):
        return False  # "Net sales" under Japan, and under Greater China: the term names neither segment (an amount's
        # row beside its growth's, "Year-over-year Percentage Growth:" over "Technology and infrastructure 30%", is no other)
    spanned = 0 if not months or head_months(cell[0]) == months else 1  # the span asked is printed, or not
    return (0 if exact else 1, missing, extra, spanned), Operand(term, text, cell[1], value_of(cell[1]), n)
