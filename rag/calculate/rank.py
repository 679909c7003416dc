"""Rank: which of a table's rows has the largest (or smallest) figure, or grew (or fell) the most, worked out from the
passages' rows before the model answers.

"Which Intel operating segment earned the most operating income in the quarter ended October 1, 2022?", "Which of
Apple's geographic segments had the largest year-over-year net sales decline in the quarter ended June 25, 2022, and
which grew fastest?": the model read the "Change" column of the wrong row (bench/RESULTS.md, forty-fifth session,
blind set 25's g27). Here the rows are ranked:
- the rows are those of one table's group whose name holds the measure asked ("Operating income (loss):" over
  "Client Computing ... All other", the table titled "Net sales by reportable segment"), each with a figure in the
  column of the period asked;
- the table is whole: the row right after them is its total ("Total operating income (loss)", "Total net sales") and
  the rows add up to it, so that a table cut across passages is never ranked on half its rows;
- a row that names no one item ("All other", "Corporate", "Less: ...") counts in the sum and is never the answer;
- growth (or a fall) is each row's change on the same column a year before, as a percentage;
- an operating margin is each item's operating income over its revenue, the same items in both groups ("Which Intel
  segment had the highest operating margin in Q3 2023?");
- a table cut across chunks is fetched whole (rank_passages: a search's passages, and their stored chunks joined with
  those before them).
Else nothing is ranked: the model answers from the passages as before.
"""
from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from rag.calculate.formula import Calculation, Formula, Operand, Ref
from rag.calculate.names import word_stems
from rag.calculate.question import period_asked
from rag.calculate.rows import cell_for, table_rows, value_of
from rag.periods import months_asked
from rag.retrieve import Hit

# "Which (of Apple's) geographic segment(s) had the largest ...", "Which Intel operating segment earned the most ...",
# "Which Apple product category grew the most year over year in ...?"
_ITEMS = r"(?:segments?|regions?|geograph\w*(?:\s+(?:segments?|regions?|areas?))?|categor(?:y|ies)|products?(?:\s+lines?)?|" \
         r"business(?:es)?|divisions?|(?:end\s+)?markets?|(?:market\s+)?platforms?|units?|groups?)"
_RANK = re.compile(
    # (after the period it is about, or a terse question's company and quarter: "nvidia q1 fy24 - which ...")
    r"^\s*(?:(?:in|for|during)\b[^,?]*,\s*|[^?,:]{2,40}?(?:\s[-–—]|:)\s*)?"
    r"which\s+(?:one\s+)?(?:of\s+(?:the\s+)?)?(?P<whose>[\w.&'’ -]*?\s)??"
    rf"(?P<items>(?:[\w&-]+\s+){{0,2}}?{_ITEMS})\s+"
    r"(?P<verb>had|has|have|earned|generated|posted|reported|recorded|saw|delivered|contributed|brought\s+in|made|"
    r"grew|rose|increased|fell|declined|decreased|was|were)\s+"
    r"(?P<between>(?:(?!the\b)[\w-]+\s+){0,3}?)"  # what grew, between the verb and how: "grew net sales the fastest"
    r"(?:the\s+)?(?P<most>largest|highest|most|biggest|greatest|lowest|smallest|least|fastest|slowest|strongest|"
    r"weakest)\b(?P<rest>[^?]*)\?\s*$", re.I)
# a second ranking asked beside the first: "..., and which grew fastest?"
_AND_WHICH = re.compile(r",?\s+and\s+which\s+(?:one\s+)?(?P<verb>grew|rose|increased|fell|declined|decreased|had|"
                        r"earned|generated)\s+(?:the\s+)?(?P<most>largest|highest|most|biggest|greatest|lowest|"
                        r"smallest|least|fastest|slowest|strongest|weakest)\b(?P<rest>[^?]*)\?\s*$", re.I)
# a ratio of each row's figures is asked, not a figure the rows print: not ranked here, but for an operating margin
# (each item's operating income over its revenue, two whole tables of the same items)
_RATIO = re.compile(r"\b(?:margins?|ratios?|percent\w*|rates?|per|divided|returns?|yields?)\b|%|/", re.I)
_OPERATING_MARGIN = re.compile(r"^\s*(?:(?:segment|reported)\s+)?operating\s+(?:income\s+|profit\s+)?margins?\b"
                               r"(?:\s*(?:%|percent(?:age)?))?", re.I)
_LEAST = re.compile(r"^(?:lowest|smallest|least|slowest|weakest)$", re.I)
_GROWTH = re.compile(r"\b(?:grow\w*|grew|growth|increas\w*|rose|rise|gains?)\b", re.I)
_FALL = re.compile(r"\b(?:declin\w*|decreas\w*|fell|fall|drops?|dropped|shrank)\b", re.I)
_CHANGE = re.compile(r"\b(?:year[- ]over[- ]year|y/y|yoy|change)\b", re.I)
_MEASURE = re.compile(r"\b(?:net\s+)?(?:revenues?|sales)\b|\b(?:operating|net)\s+(?:income|loss|profit)\b|"
                      r"\bgross\s+profit\b|\boperating\s+expenses\b", re.I)
_PERIOD_AFTER = re.compile(r"\s+(?:in|for|during|over)\b.*$", re.I)
# rows that name no one item: counted in the table's sum, never the answer
_NO_ITEM = re.compile(r"^\s*(?:all\s+other|other|corporate\b|unallocated|eliminations?|intersegment|less\b|"
                      r"reconciling|total\b|consolidated\b)", re.I)
_FOOTNOTE = re.compile(r"\s*\((?:\d{1,2}|[a-z])\)")
_TOTAL = re.compile(r"^\s*(?:total\b|consolidated\b)", re.I)
_TOLERANCE = 0.005  # the rows' sum against the total: rounding only
_TITLE_LINES = 15  # lines above a table's first row that may say what it is
_ITEM_GENERIC = {"one", "opera", "repor"}  # "operating segment", "reportable segment": any segment's
_ANY_ITEM = {"segme", "regio", "geogr", "categ", "produ", "busin", "divis", "marke", "platf", "group"}  # _ITEMS' words


@dataclass(frozen=True)
class Ranking:
    """What a question asks to rank."""
    items: str  # "geographic segments", "operating segment"
    measure: str  # "net sales", "operating income" ("" when the question names none: revenue, for growth)
    least: bool  # the smallest (or the largest fall) rather than the largest
    change: bool  # by its change on the year before (a percentage), not its level
    said: str = ""  # how the question says it: "the largest operating loss", "the fastest net sales growth"
    per: str = ""  # the measure each row's figure is divided by: "revenue" for an operating margin; "" for none


def rank_asked(question: str) -> list[Ranking]:
    """The rankings a question asks for (see the module's docstring): one, or two ("..., and which grew fastest?");
    [] for any other question."""
    question = " ".join(question.split())
    second = _AND_WHICH.search(question)
    first = _RANK.match(question[:second.start()] + "?" if second else question)
    if not first:
        return []
    if (margin := _OPERATING_MARGIN.match(first.group("rest"))) and not second and \
            not _RATIO.search(first.group("rest")[margin.end():]) and \
            not (_CHANGE.search(first.group("rest")) or _GROWTH.search(first.group("rest")) or
                 _FALL.search(first.group("rest"))):
        # "Which Intel segment had the highest operating margin in Q3 2023?": operating income over revenue, per row
        most = first.group("most").lower()
        return [Ranking(first.group("items"), "operating income", bool(_LEAST.match(most)), False,
                        f"the {most} operating margin", per="revenue")]
    if _RATIO.search(re.sub(r"(?i)\b[yq]/[yq]\b", "", first.group("rest"))):  # (not "y/y growth")
        return []  # "the highest segment operating margin (segment operating income divided by ...)": a ratio per row
    out = [_ranking(first.group("items"), first.group("verb"), first.group("most"),
                    f"{first.group('between')}{first.group('rest')}")]
    if second:
        out.append(_ranking(first.group("items"), second.group("verb"), second.group("most"), second.group("rest"),
                            out[0].measure))
    return out if all(r.measure or r.change for r in out) else []


def _ranking(items: str, verb: str, most: str, rest: str, measure: str = "") -> Ranking:
    worded = f"{verb} {rest}"
    named = _MEASURE.search(_PERIOD_AFTER.sub("", rest))
    change = bool(_GROWTH.search(worded) or _FALL.search(worded) or _CHANGE.search(rest) or
                  most.lower() in ("fastest", "slowest"))
    fall = bool(_FALL.search(worded))
    # "the largest decline" is the least growth; "the largest operating loss" the least income (a loss prints negative)
    least = bool(_LEAST.match(most)) != (fall or not change and bool(named) and "loss" in named.group(0).lower())
    measure = named.group(0).lower() if named else measure
    said = f"the {most.lower()} {measure or 'revenue'}" + (" decline" if change and fall else " growth" if change else "")
    return Ranking(items, measure, least, change, said)


def ranked(question: str, hits: list[Hit], months: int | None = None) -> list[Calculation]:
    """Each ranking the question asks for, worked out from the passages' rows (see the module's docstring); [] unless
    all of them are."""
    rankings = rank_asked(question)
    if not rankings:
        return []
    when = period_asked(question)
    months = months if months is not None else months_asked(question)
    if not any(when) or months is None:
        return []
    out = [_ranked(r, hits, when, months) for r in rankings]
    return out if all(out) else []


def _ranked(ranking: Ranking, hits: list[Hit], when: tuple, months: int) -> Calculation | None:
    if ranking.per:  # each row's measure over its figure of the other measure: the same items in both tables
        # (the revenue as its table names it, "Net sales", "Revenue", "Net revenue", whatever the table's title says)
        over, under = _figures(ranking, hits, when, months), _figures(Ranking(ranking.items, "", False, False),
                                                                    hits, when, months, titled=False)
        if not over or not under or set(over) != set(under) or any(under[k][0] <= 0 for k in under):
            return None
        found = {k: (over[k][0] / under[k][0], f"{over[k][0] / under[k][0] * 100:.1f}% ({_plain(over[k][1])} / "
                     f"{_plain(under[k][1])})", over[k][2]) for k in over}
    else:
        found = _figures(ranking, hits, when, months)
    if not found or len(found) < 2:
        return None
    order = sorted(found, key=lambda k: found[k][0], reverse=not ranking.least)
    top = order[0]
    value, shown, n = found[top]
    percent = ranking.change or bool(ranking.per)
    result = f"{value * 100:.1f}%" if percent else _plain(shown)
    named = re.sub(r"^(?:[A-Z][\w.&'’-]*\s+)+", "", ranking.items) or ranking.items  # "Intel operating segment"
    ref = Ref(f"{ranking.said} of the {named}")
    listing = "; ".join(f"{k} {found[k][1]}" for k in order)
    return Calculation(Formula(ref, percent, ranked=True), {ref: Operand(str(ref), top, result, value, n)}, result,
                       f"of {len(order)}: {listing}")


def _figures(ranking: Ranking, hits: list[Hit], when: tuple, months: int, titled: bool = True) -> dict | None:
    """Each item's (value, figure as shown, passage) of the measure ranked (its change on the year before when that
    is ranked), from the one breakdown of it whose title or group names the items (titled; an operating measure's
    breakdown may name no items at all: "Net revenue and operating income (loss) for each period were as follows");
    None when the passages give none, or two breakdowns, or two figures for an item."""
    measure = word_stems(ranking.measure or "revenue")
    # the table of the measure whose title or group names what is ranked ("segment", "category", "market"): not the
    # products' net sales for "which segment", nor the countries' revenue for "which market platform"
    items = _stems(re.sub(r"\b[A-Z][\w.&'’-]*", "", ranking.items)) - _ITEM_GENERIC
    operating = ranking.measure.startswith("operating")
    every = _tables(hits, when, months)
    # a breakdown printed beside the same items' operating income is a breakdown by segment, whatever its title
    beside = {frozenset(r[0] for r in rows) for group, rows, _ in every if {"opera", "incom"} <= group}
    tables = [t for t in every if (measure <= t[0] or
              not ranking.measure and ({"sales"} <= t[0] or {"reven"} <= t[0])) and
              (items & (t[0] | t[2]) or not titled or (operating or frozenset(r[0] for r in t[1]) in beside) and
               not _ANY_ITEM & (t[0] | t[2]))]
    # of the tables of the measure, those that break it down finest: the segments' (five rows), not the income
    # statement's products and services (two), nor a segment's own lines (three)
    most = max((len({r[0] for r in rows}) for _, rows, _ in tables), default=0)
    tables = [t for t in tables if len({r[0] for r in t[1]}) == most]
    if len({frozenset(r[0] for r in rows) for _, rows, _ in tables}) > 1:
        return None  # two breakdowns of as many rows: which one is asked is not known
    found = {}  # item -> (value, figure, passage)
    for _, rows, _ in tables:
        for label, figure, n, cells in rows:
            label = _FOOTNOTE.sub("", label)  # "Online stores (1)": the row's name without its note's mark
            if _NO_ITEM.match(label):
                continue
            value, shown = value_of(figure), figure
            if ranking.change:
                before = _year_before(cells, when, months)
                if before is None or not value_of(before):
                    return None
                value = (value - value_of(before)) / abs(value_of(before))
                shown = f"{value * 100:+.1f}% ({_plain(figure)} against {_plain(before)})"
            if label in found and abs(found[label][0] - value) > 1e-9:
                return None  # two tables give the item different figures
            found.setdefault(label, (value, shown, n))
    return found


def _plain(figure: str) -> str:
    return " ".join(figure.split())


def _year_before(cells, when: tuple, months: int) -> str | None:
    """The figure a row prints for the same span a year before the period asked."""
    year = when[1]
    if not year:
        return None
    cell = cell_for(cells, (None, str(int(year) - 1), when[2]), months)
    return cell[1] if cell else None


def _tables(hits: list[Hit], when: tuple, months: int) -> list[tuple[set[str], list[tuple[str, str, int, list]],
                                                                       set[str]]]:
    """(the group's words, its rows as (label, the period's figure, passage, cells), its title's words) of each run
    of rows under one group that a total row ends and that add up to it (a whole table)."""
    out = []
    for n, hit in enumerate(hits, start=1):
        rows = table_rows(hit, n)
        i = 0
        while i < len(rows):
            group = rows[i][1]
            j = i
            while j < len(rows) and rows[j][1] == group and not _TOTAL.match(rows[j][4]):
                j += 1
            run = rows[i:j]
            total = rows[j] if j < len(rows) and _TOTAL.match(rows[j][4]) else None
            i = max(j, i + 1)
            if not group or len(run) < 2 or total is None:
                continue
            cells = [cell_for(r[2], when, months) for r in run]
            end = cell_for(total[2], when, months)
            if not all(cells) or not end:
                continue
            values = [value_of(c[1]) for c in cells]
            whole = value_of(end[1])
            if None in values or whole is None or abs(sum(values) - whole) > max(1.0, abs(whole) * _TOLERANCE):
                continue  # not the whole table
            out.append((group, [(r[4], c[1], n, r[2]) for r, c in zip(run, cells)], _title(hit, run[0][4])))
        out += _grouped(hit, n, rows, when, months)
    return out


def _grouped(hit: Hit, n: int, rows: list, when: tuple, months: int) -> list[tuple[set[str], list, set[str]]]:
    """_tables' tables of a breakdown printed as groups, one per item, each with the same lines ("North America", then
    "Net sales", "Operating expenses", "Operating income (loss)"; "International", ...; "Consolidated", ...): per line,
    the items' rows as one table, named by the words its lines share ("Operating income (loss)", "Operating loss"),
    each item named as its group's heading prints it, the group named as a total ("Consolidated", "Total") its total
    and the items adding up to it."""
    headings = {frozenset(word_stems(line)): " ".join(line.split()) for line in hit.text.split("\n")
                if line.strip() and len(line) <= _HEADING_CHARS and not re.search(r"\d", line)}
    blocks: list[tuple[str, list]] = []  # (the group's heading, its rows), in the order printed
    for i, row in enumerate(rows):
        name = headings.get(frozenset(row[1])) if row[1] else None
        if blocks and name and blocks[-1][0] == name and blocks[-1][1][-1] is rows[i - 1]:
            blocks[-1][1].append(row)
        elif name:
            blocks.append((name, [row]))
    out = []
    for i in range(len(blocks)):
        j = i  # the run of blocks of as many lines as this one, up to a total's
        while j + 1 < len(blocks) and len(blocks[j + 1][1]) == len(blocks[i][1]) and not _TOTAL.match(blocks[j][0]):
            j += 1
        parts, total = blocks[i:j], blocks[j]
        if len(parts) < 2 or not _TOTAL.match(total[0]) or (i and len(blocks[i - 1][1]) == len(blocks[i][1]) and
                                                               not _TOTAL.match(blocks[i - 1][0])):
            continue  # no total after them, or not the run's first block
        for k in range(len(total[1])):
            lines = [block[1][k] for block in (*parts, total)]
            shared = set.intersection(*(set(r[0]) for r in lines))
            cells = [cell_for(r[2], when, months) for r in lines]
            if not shared or not all(cells):
                continue  # not the same line in every group ("Net sales" beside "Operating expenses")
            values = [value_of(c[1]) for c in cells]
            if None in values or abs(sum(values[:-1]) - values[-1]) > max(1.0, abs(values[-1]) * _TOLERANCE):
                continue
            out.append((set().union(*(r[0] for r in lines)), [(name, c[1], n, r[2]) for (name, _), r, c in
                                                             zip(parts, lines, cells)], _title(hit, parts[0][0])))
    return out


_HEADING_CHARS = 40  # a group's heading line ("North America", "AWS"): short, no figures


def _title(hit: Hit, first: str) -> set[str]:
    """The words of what a table says it is: the chunk's heading and the lines above its first row ("Net sales by
    reportable segment:", "Net sales by groups of similar products and services ... is as follows")."""
    lines = [" ".join(line.split()) for line in hit.text.split("\n") if line.strip()]
    at = next((i for i, line in enumerate(lines) if line.startswith(first)), 0)
    above = []
    for line in reversed(lines[max(0, at - _TITLE_LINES):at]):
        if line.endswith(".") and not line.endswith("as follows."):
            break  # prose before the table
        above.append(line)
        if line.endswith(":") and len(line.split()) > 4:
            break  # the sentence that introduces it: "Segment revenue and operating income were as follows ...:"
    return _stems(" ".join([hit.heading or "", *above]))


def _stems(text: str) -> set[str]:
    """The first five letters of each word of three letters or more ("segment" too, which names no row)."""
    return {w[:5] for w in re.findall(r"[a-z]{3,}", text.lower())}


_SEARCHED = 10  # passages a search for a ranking's table returns that are looked at


def rank_passages(question: str, hits: list[Hit], months: int | None, search: Callable[[str], list[Hit]],
                  runs: Callable[[Hit], list[Hit]] | None = None) -> list[Hit]:
    """Passages to add when the passages hold no breakdown of what a question ranks ("Which Intel segment had the
    highest operating margin in Q3 2023?" found the segment note's prose, its table on the next page): for each
    measure (and, for a margin, the revenue), the first passage search(the items and the measure) returns whose rows
    give the breakdown, or else the first of its runs of stored chunks (runs: rag.retrieve.chunk_runs; a table cut
    across chunks, or left out of a passage that joins a page's chunks) that does. [] for a question that ranks
    nothing, or when the passages already hold each breakdown."""
    rankings = rank_asked(question)
    when = period_asked(question)
    months = months if months is not None else months_asked(question)
    if not rankings or not any(when) or months is None:
        return []
    found: list[Hit] = []
    for ranking in rankings:
        for measure in [ranking.measure, *([""] if ranking.per else [])]:
            # (a margin's revenue: the same items' as its operating income, whatever the title)
            one, titled = Ranking(ranking.items, measure, False, ranking.change and not ranking.per), \
                not (ranking.per and measure == "")
            if _figures(one, hits + found, when, months, titled):
                continue
            have = set().union(*(h.ids for h in hits + found))
            for hit in search(f"{ranking.items} {measure or 'revenue'}")[:_SEARCHED]:
                # the passage, else a run of its chunks: a table's groups whole (revenue, then operating income),
                # though the passages hold its parts (as two passages, no breakdown is whole)
                whole = hit if hit.ids - have and _figures(one, [hit], when, months, titled) else \
                    next((run for run in (runs(hit) if runs else []) if _figures(one, [run], when, months, titled)),
                         None)
                if whole:
                    found.append(whole)
                    break
    return found
