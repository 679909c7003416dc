"""Document routing: which stored documents a question names ("Intel's", "AAPL", "Q3 2022").

A document is described by its card: its context line (file name, PDF title, running header) and
its first chunk (the cover page). A question word routes to the documents whose cards hold it, by
how much it tells them apart:
- its idf among the cards (a word on every card names none of them), capped by
- its idf among the documents' whole text (from the FTS index). A word that names a document
  ("Intel", a ticker) is rare in the other documents; one that merely happens to be on few cards
  ("cash", "flows" on a cover page's table of contents) is in every document's text and weighs
  nothing, without a hand-written list of generic words.
Periods are matched as tokens of their own: "FY2023", "fiscal 2023" and "2023" are the year 2023,
"third quarter" and "Q3" the quarter q3. A document's periods are those its name states (the
context line); only when its name states none, those of its cover page. They are weighed by idf
among the documents' periods alone: every filing prints many years in its text, so the text
can't tell which one a filing is about. A full date ("the quarter ended December 31, 2022")
matches the dates on a document's name or cover page, and its year is not also taken as a year.
A quarter named by fiscal year ("Q1 fiscal 2024") routes to the documents whose cover's period ends such a
quarter (rag.periods.quarter_ends), whatever their names say: file names follow no one convention (a file
named "2023 Q1 MSFT" may hold Microsoft's quarter ended December 31, 2022, its fiscal second quarter).
"The latest" / "most recent" keeps, of the documents named, those stating the latest period.
"""
from __future__ import annotations

import math
import re
from dataclasses import dataclass

from rag.index import Index
from rag.periods import (DATE, MONTH_WORDS, MONTHS, ORDINAL_QUARTER, calendar_quarter_ends, date_tokens, dates_in, days_apart,
                         ends_month, is_period, month_quarters, period_ended, period_tokens, quarter_asked, quarter_ends,
                         quarter_reported, quarters_asked, report_quarter, written_day, year_later)

ROUTE_MIN_SCORE = 0.6  # score below which a question is not taken to name any document (one word unique to one of two documents scores 0.69)
ROUTE_KEEP = 0.75  # documents scoring within this share of the best one are routed
STOPWORDS = frozenset("""a an and are as at be by can do does did for from had has have how i if in is it its
me my of on or our so than that the their them then there these they this to was we were what when where which
who whom why will with would you your about into over under after before""".split())

_WORD = re.compile(r"\w+")
_LATEST = re.compile(r"\b(?:latest|most recent|newest)\b")


def query_terms(query: str) -> list[str]:
    """Content words of a query, for FTS5 (stopwords dropped, unless nothing else is left)."""
    words = [w.lower() for w in _WORD.findall(query)]
    content = [w for w in words if w not in STOPWORDS]
    return list(dict.fromkeys(content or words))


def route_documents(index: Index, query: str, keep: float | None = None) -> list[int]:
    """Documents the question seems to name (by name: those within `keep`, default ROUTE_KEEP, of
    the best score; then by period), best first; none when it names none, or all of them."""
    cards = index.document_cards(_card)
    n = len(cards)
    if n < 2:
        return []
    chosen = _named(index, cards, query, keep)
    named = chosen is not None
    chosen = list(cards) if chosen is None else chosen
    # "Q2 FY23 vs Q2 FY22": the report of Q2 FY23 prints both; not balances at the two quarters' ends (its balance
    # sheet prints the last year-end beside its own)
    asked = quarter_asked(query) if _BALANCES_AT.search(query) else quarter_reported(query)
    asked = asked or report_quarter(query)  # "the Q1 FY23 10-Q": the report ending Q1 of fiscal 2023
    several = not asked and len(quarters_asked(query)) > 1
    chosen = _by_period(chosen, cards, query, named, asked, quarter_numbers(index, cards) if asked or several else {})
    if named and _LATEST.search(query.lower()):
        chosen = _latest(chosen, cards)
    return chosen if len(chosen) < n else []


def sole_holders(index: Index, query: str) -> list[int]:
    """The documents that alone, of all the index's, print one of the names or codes the question writes (a word
    with a capital letter, not the first, or with letters and digits: "PXC", "TriviaQA", "33b"; not a period)."""
    found = _WORD.findall(query)
    written = {w.lower() for w in found[1:] if re.search(r"[A-Z]", w)} | \
        {w.lower() for w in found if re.search(r"\d", w) and re.search(r"[a-z]", w, re.I)}
    words = [t for t in query_terms(query) if t in written and len(t) > 2 and not t.isdigit() and not is_period(t)]
    return list(dict.fromkeys(d for t in words if index.document_frequency(t) == 1
                              for d, _ in index.chunks_with(t)[:1]))


def _named(index: Index, cards: dict, query: str, keep: float | None = None) -> list[int] | None:
    """The documents the question names (by the words of their cards), best first; None when it names none.
    A question that names two filers ("How much more revenue did Microsoft generate than Intel ...?") names
    each one's documents: those that share none of the best documents' words, and score by a name the question
    is about (_filers_asked), are kept within `keep` of the best among themselves (a name many other filings
    mention, Microsoft, weighs less than Intel)."""
    terms: dict[int, set[str]] = {d: set() for d in cards}
    scores = _name_scores(index, cards, query, terms)
    best = max(scores.values(), default=0.0)
    if best < ROUTE_MIN_SCORE:
        return None
    keep = ROUTE_KEEP if keep is None else keep
    chosen = sorted((d for d in cards if scores[d] >= keep * best), key=lambda d: -scores[d])
    first = set().union(*(terms[d] for d in chosen))
    other = {d: v for d, v in scores.items() if v and not terms[d] & first}
    if other:
        filers = _filers_asked(query)
        other = {d: v for d, v in other.items() if terms[d] & filers}
    second = max(other.values(), default=0.0)
    if second >= ROUTE_MIN_SCORE:
        chosen += sorted((d for d, v in other.items() if v >= keep * second), key=lambda d: -scores[d])
    return chosen


def filer_documents(index: Index, name: str) -> list[int]:
    """The documents whose cards (cover and context line) carry every telling word of a company's name ("Intel":
    Intel's reports, whose file names say "INTC"), when at most half of the index's do; else none."""
    docs = company_reports(index, name)
    return docs if len(docs) <= len(index.document_cards(_card)) / 2 else []


def company_reports(index: Index, name: str) -> list[int]:
    """The documents whose cards carry every telling word of a company's name, however many of the index's do (an
    index of one company's reports: all)."""
    words = _telling(name)
    return [d for d, card in index.document_cards(_card).items() if words and all(w in card.words for w in words)]


def _filers_asked(query: str) -> set[str]:
    """The words of the names a question is about (names_asked: "Apple's", "of Apple") or sets against each other
    (rag.calculate.companies_named: "... Microsoft ... than Intel"), lowercased: only such a word routes a second
    filer's documents ("former" or "mission" on another company's cover names no filer)."""
    from rag.calculate import companies_named  # rag.calculate reads passages (rag.retrieve), which routes here

    words = {w for _, telling in names_asked(query) for w in telling}
    return words | {w.lower() for name, _ in companies_named(query) for w in _WORD.findall(name)}


_QUARTER_ENDED = re.compile(r"\b(?:three[- ]months?|quarter|13[- ]weeks?|thirteen[- ]weeks?)\s+(?:period\s+)?ended\s+"
                            r"(?:on\s+)?(?=(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec))", re.I)


# kinds of figures some reports print and others never do: asked of documents that never name the kind, any figure
# the passages give is another kind (NVIDIA's 10-Qs print no non-GAAP measure; their GAAP gross margin is no answer)
_KINDS = (("non-GAAP", re.compile(r"\bnon[- ]?gaap\b", re.I), "non GAAP"),)


def unreported_kind(index: Index, question: str) -> str | None:
    """The kind of figure the question asks for ("non-GAAP") when none of the documents it names (route_documents;
    all of them when it names none) mentions that kind anywhere."""
    for kind, pattern, phrase in _KINDS:
        if pattern.search(question):
            docs = set(route_documents(index, question) or (d.id for d in index.documents()))
            if not docs & {d for d, _ in index.chunks_with(phrase)}:
                return kind
    return None


def quarter_not_covered(index: Index, question: str) -> tuple[str, list[str], bool] | None:
    """The quarter a question asks figures of ("the three months ended June 30, 2023", "Q4 fiscal 2023") when the
    documents it names are all quarterly reports and none covers it: no report's period ends it, nor the same
    quarter a year later (whose statements print it beside their own). A fiscal year's fourth quarter is in no
    10-Q. Whatever figure the passages hold is then another quarter's. Returns (the quarter as written for the
    user, the days the named reports' periods end, whether the question names them); None when the question names
    not one quarter, or some named document is no quarterly report (an annual report may hold the quarter). A question
    that names no documents ("What were AWS net sales in Q4 2023?": a segment, no filer) is asked of every document,
    when every one is a quarterly report."""
    cards = index.document_cards(_card)
    docs = _named(index, cards, question) if len(cards) > 1 else list(cards)
    named = bool(docs)
    if not docs and UNNAMED_NOT_COVERED:
        docs = list(cards)
    if not docs or not all(cards[d].quarterly and cards[d].period_end for d in docs):
        return None
    days = [day for m in _QUARTER_ENDED.finditer(question) for day in dates_in(question[m.end():m.end() + 30])[:1]]
    asked = quarter_asked(question)
    if len(set(days)) == 1:
        day = days[0]
        if any(days_apart(cards[d].period_end, other) <= 7 for d in docs for other in (day, year_later(day))):
            return None
        return f"the quarter ended {written_day(day)}", _ends(cards, docs), named
    if not days and asked and not _NOT_THE_QUARTERS.search(_asking(question)):
        # a fiscal quarter, or one named without "fiscal" ("Q4 2023"), which may be the fiscal or the calendar quarter:
        # covered when a report ends it, or the same quarter a year later, read either way
        n, year, fiscal = asked
        numbers = quarter_numbers(index, cards)
        if any(_by_quarter_ended(docs, cards, (n, y, fiscal), numbers, calendar=not fiscal)
               for y in (year, str(int(year) + 1))):
            return None
        return f"Q{n} of fiscal {year}" if fiscal else f"Q{n} {year}", _ends(cards, docs), named
    return None


# "What were AWS net sales in Q4 2023?" over an index of 10-Qs only: no report names AWS on its cover, and none covers
# the fourth quarter; asked of every report, it is declined (quarter_not_covered). bench/RESULTS.md, forty-eighth
# session (blind set 28's j27).
UNNAMED_NOT_COVERED = True
# not the quarter's own figures: a balance at its end ("cash at the end of Q4 2022": every 10-Q's balance sheet prints
# the last year-end), or what is expected of a quarter to come ("What does Intel expect to record in Q4 2023?")
_NOT_THE_QUARTERS = re.compile(r"\b(?:end\s+of|as\s+of|at\s+the\s+close|expect\w*|anticipat\w*|guid(?:ance|e[ds]?|ing)|"
                               r"outlook|forecast\w*|will|plan(?:s|ned)?|project(?:s|ed|ion)\w*|intend\w*)\b", re.I)


_BALANCES_AT = re.compile(r"\b(?:end\s+of|as\s+of|at\s+the\s+close)\b", re.I)


def _asking(question: str) -> str:
    """The sentence that asks: the last one with a question mark, else the last ("In its Q3 2023 10-Q Amazon guided
    Q4 net sales to $160 to $167 billion. What did Amazon actually report for Q4 2023 net sales?": the second)."""
    sentences = [s for s in re.split(r"(?<=[.!?])\s+(?=[A-Z])", question.strip()) if s]
    return next((s for s in reversed(sentences) if "?" in s), sentences[-1] if sentences else question)


def _ends(cards: dict, docs: list[int]) -> list[str]:
    return [written_day(day) for day in sorted({cards[d].period_end for d in docs})]


def naming_words(index: Index, query: str, routed: list[int]) -> set[str]:
    """The question's words that named the routed documents ("Intel", "Q3", "2023"): periods, and
    words on every routed document's card that are rare among the cards and among the documents'
    text alike (as routing weighs them; "cash" on a cover page is in every filing's text). Inside
    those documents they tell no page from another, so the in-document rankings leave them out."""
    if not routed:
        return set()
    cards = index.document_cards(_card)
    half = len(cards) / 2
    lowered = query.lower()  # full dates and "third (fiscal) quarter" are periods too
    out = {w for m in DATE.finditer(lowered) for w in _WORD.findall(m.group(0))}
    ordinals = list(ORDINAL_QUARTER.finditer(lowered))
    numbers = quarter_numbers(index, cards) if ordinals else {}
    for m in ordinals:  # but not another quarter than the documents' own: "guidance for the fourth quarter" in Q3's
        if not numbers or any(numbers.get(d) == _ORDINAL_NUMBER[m.group(1)] for d in routed):
            out |= set(_WORD.findall(m.group(0)))
    for term in query_terms(query):
        if is_period(term):
            out.add(term)
        elif set(routed) <= set(_rare_holders(cards, term)) and index.document_frequency(term) <= half:
            out.add(term)
    return out


_ORDINAL_NUMBER = {"first": 1, "second": 2, "third": 3, "fourth": 4, "1st": 1, "2nd": 2, "3rd": 3, "4th": 4}


def without_words(query: str, words: set[str]) -> str:
    """The query with those words (and a possessive 's after them) taken out."""
    if not words:
        return query
    pattern = r"\b(?:" + "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True)) + r")(?:'s|’s)?\b"
    return " ".join(re.sub(pattern, " ", query, flags=re.IGNORECASE).split())


_NAME_WORD = r"[A-Z][\w&.\-]*"
_POSSESSIVE = re.compile(rf"((?:{_NAME_WORD}\s+(?:(?:&|of|and)\s+)?)*{_NAME_WORD})(?:'s|’s)(?!\w)")
# "its deal to acquire Tower Semiconductor", "the merger with VMware": the company bought is a name asked as well
_NAMED_AFTER = re.compile(rf"\b(?:for|of|at|about|does|did|do|acquire[ds]?|acquiring|buy|bought|merger\s+with|"
                          rf"merged?\s+with)\s+"
                          rf"((?:{_NAME_WORD}\s+(?:(?:&|of|and)\s+)?)*{_NAME_WORD})")
# a preposition or a request that starts a question, not a name ("In Webson & Pavlick's paper", "Compare Intel's
# revenue ..."); not "On", "At", "Under", which start companies' names (ON Semiconductor, At Home, Under Armour)
_LEADING_WORD = re.compile(r"^(?:In|For|From|By|With|Per|According\s+to|Using|Compare|Contrast|List|Give|Show|"
                           r"Describe|Explain|Summari[sz]e|Calculate|Compute|Find|Identify|Provide|State|Report)\s+"
                           r"(?=[A-Z])")
_ROLES = frozenset("ceo cfo coo cto cio cao chair chairman president board company group inc corp corporation ltd "
                   "llc plc co let here he she".split())  # titles and contractions ("What's", "Let's") name no one


def unknown_names(index: Index, question: str) -> list[str]:
    """Names the question is about that no indexed document mentions: a possessive ("AMD's", "Berkshire
    Hathaway's"), or capitalised words after "for"/"of"/"at"/"does" ("the ratio for Activision Blizzard"),
    none of whose words (periods, months, titles left out) is in any document's text. Whatever the
    passages then say is about something else, so the question should be declined, naming what is missing."""
    return [name for name, words in names_asked(question) if not any(index.document_frequency(w) for w in words)]


# a code: letters run into two digits or more ("CFOL040", "TC008", "H100"), a message's, a form's, a part's number
_CODE = re.compile(r"(?<![\w-])([A-Za-z]+)(\d{2,})([A-Za-z]*)(?![\w-]|\.\d)")  # not "v13.5", a version


_PERIOD_RUN = re.compile(r"(?:cy|fy)\d{2,4}|q[1-4](?:(?:19|20)\d\d|\d\d)|h[12](?:19|20)\d\d")  # "Q32023", not "H100"


def unknown_codes(index: Index, question: str) -> list[str]:
    """Codes the question asks about ("What does error message CFOL040 mean?") that no indexed document prints, run
    together or apart ("IRC965" for "IRC 965"); periods ("FY2024", "CY2023", "Q32023", "H12023") are no codes. A
    manual that lists CFOL038, CFOL039 and CFOL041 has passages about codes like it, and the model described one of
    those as CFOL040."""
    missing: list[str] = []
    for m in _CODE.finditer(question):
        code = m.group().lower()
        if is_period(code) or _PERIOD_RUN.fullmatch(code) or m.group() in missing:
            continue
        if not index.document_frequency(code) and not index.chunks_with(" ".join(g for g in m.groups() if g)):
            missing.append(m.group())
    return missing


# A metric at a cut-off the question writes ("pass@10", "hit@4", "recall@20"): the metric's name and the number
_AT_CUTOFF = re.compile(r"\b([A-Za-z][A-Za-z0-9-]*)\s?@\s?(\d{1,4})(?!\d)")


def unreported_cutoffs(index: Index, question: str) -> list[tuple[str, list[str]]]:
    """Metrics at a cut-off the question asks ("LLaMA-13B's pass@10 on HumanEval") that the documents print only at
    other cut-offs: (the metric as asked, the cut-offs printed, "@1"...). A paper whose table heads read "pass@ @1
    @100 @1 @80" reports no pass@10, and the model gave its pass@80 cell. A metric no document prints with an "@" is
    not judged (it may be written out: "pass rate at 10")."""
    out: list[tuple[str, list[str]]] = []
    for m in _AT_CUTOFF.finditer(question):
        name, cut = m.group(1), m.group(2)
        texts = [text for _, text in index.chunks_with(name.lower())]
        family = re.compile(rf"(?<![\w-]){re.escape(name)}\s?@", re.I)
        printing = [t for t in texts if family.search(t)]
        if not printing:
            continue
        # the cut-offs the chunks that print the metric give: "pass@1", and the bare "@100" of a table's heads
        cuts = sorted({c for t in printing for c in re.findall(r"@\s?(\d{1,4})(?!\d)", t)}, key=int)
        if cut not in cuts and cuts:
            out.append((m.group(), [f"@{c}" for c in cuts]))
    return out


_ACRONYM = re.compile(r"\b([A-Z]{3,6})s?\b")  # "CSP", "RSUs"; two letters ("IT", "US") are too many things
SPELL_OUT = True  # hybrid_search also searches for the words an acronym of the question stands for (spelled_out)
# An acronym is spelled out only when one spelling is found this many times as often as the next: "EPS" is defined as
# "earnings per share" in the 10-Qs; a tie names no one meaning.
SPELLING_DOMINANCE = 2
SPELL_OUT_RARE = 5  # ... and only an acronym printed in this many chunks or fewer, and spelled out at least as often


def _in_capitals(question: str) -> bool:
    """Whether a question is typed mostly in capitals: its acronyms then tell nothing."""
    letters = [c for c in question if c.isalpha()]
    return sum(c.isupper() for c in letters) > len(letters) / 2


def spelled_out(index: Index, question: str) -> dict[str, str]:
    """The question's acronyms ("CSP") with the words the documents spell them out in ("Classification Settlement
    Program"), where they spell one out one way (spelling), print the acronym rarely (SPELL_OUT_RARE) and the words
    at least as often. The page that answers may only spell it out: asked where the CSP indicator is, the IRS
    manual's screen layout prints "Classification Settlement Program Indicator" and only its change list says
    "CSP". Documents that print an acronym often ("AWS", "MMLU", a 10-Q's "EPS") are found by it: spelled out, it
    leads the search to the passages that define it (bench/RESULTS.md, thirty-seventh session). A question typed
    in capitals has no acronyms to tell."""
    if _in_capitals(question):
        return {}
    found: dict[str, str] = {}
    for m in _ACRONYM.finditer(question):
        acronym = m.group(1)
        if acronym in found or acronym.lower() in STOPWORDS:
            continue
        printed = len(index.chunks_with(acronym.lower()))
        if printed <= SPELL_OUT_RARE and (words := spelling(index, acronym)) and \
                len(index.chunks_with(words.lower())) >= printed:
            found[acronym] = words
    return found


def spelling(index: Index, acronym: str) -> str:
    """The words an acronym stands for in the documents, as first printed, or "" when they don't tell. Candidates are
    runs of words on one line whose initials are the acronym's letters, not beginning or ending with a stopword.
    Definitions ("earnings per share (“EPS”)") decide when there are any; else runs written with capitals
    ("Classification Settlement Program") in documents that also print the acronym. The most frequent wins if it
    is SPELLING_DOMINANCE times as frequent as the next (plurals counted as one)."""
    run = re.compile(r"\b" + r"[ -]+".join(rf"({c}[a-z]*)" for c in acronym) + r"\b", re.I)
    defines = re.compile(r"\s*\(\W?" + acronym + r"\b")
    printed = {doc for doc, _ in index.chunks_with(acronym.lower())}
    defined: dict[str, int] = {}
    titled: dict[str, int] = {}
    forms: dict[str, str] = {}
    for doc, text in index.chunks_matching(" + ".join(c.lower() + "*" for c in acronym)):
        for m in run.finditer(text):
            words = m.groups()
            if words[0].lower() in STOPWORDS or words[-1].lower() in STOPWORDS or min(map(len, words)) < 2:
                continue
            key = " ".join(words).lower()
            key = key[:-1] if key.endswith("s") and not key.endswith("ss") else key
            forms.setdefault(key, " ".join(words))
            if defines.match(text, m.end()):
                defined[key] = defined.get(key, 0) + 1
            elif doc in printed and all(w[0].isupper() for w in words):
                titled[key] = titled.get(key, 0) + 1
    ranked = sorted((defined or titled).items(), key=lambda kv: -kv[1])
    if not ranked or len(ranked) > 1 and ranked[0][1] < SPELLING_DOMINANCE * ranked[1][1]:
        return ""
    return forms[ranked[0][0]]


def spells(acronym: str, name: str) -> bool:
    """Whether a name spells out the acronym beside it in brackets: its first and last letters begin the name's first
    and last words ("AXG", "Accelerated Computing Systems and Graphics"), or end with the last word in capitals
    ("DCAI", "Data Center and AI"); not "GOOGL (Google Cloud)", a segment named after a ticker."""
    words = name.split()
    last = words[-1]
    return len(words) > 1 and acronym[0] == words[0][0] and \
        (acronym[-1] == last[0] or last.isupper() and acronym.endswith(last))


_CELL = r"\$?[ \t]?\(?\d[\d,.]*\)?"  # a table's figure: "$ 5,403", "(378)"


def names_defined(index: Index, question: str) -> dict[str, str]:
    """The question's acronyms that label no table row in the documents, with the capitalised words the documents
    define them by ("Datacenter and AI (DCAI)"), as the documents the question names print them where those define
    it: Intel's segment tables print "Data Center and AI", its MD&A "DCAI" (blind set 39's u16). For the calculator,
    which reads rows by their labels; an acronym that labels rows ("AWS 23,059 ...") is read as printed."""
    if _in_capitals(question):
        return {}
    routed = set(route_documents(index, question))
    found: dict[str, str] = {}
    for m in _ACRONYM.finditer(question):
        acronym = m.group(1)
        if acronym in found or acronym.lower() in STOPWORDS or \
                re.search(rf"\(\W?{acronym}\W?\)|\b{acronym}\s+\(", question):
            continue  # spelled out already
        chunks = index.chunks_with(acronym.lower())
        if any(re.search(rf"^[ \t]*{acronym}\b[^\n.]{{0,40}}?{_CELL}[ \t]+{_CELL}", text, re.M) for _, text in chunks):
            continue  # a row: the acronym, then two figures
        defines = re.compile(rf"(?P<name>[A-Z][A-Za-z\-]*(?:\s+(?:[A-Z][A-Za-z\-]*|&|and|of)){{1,6}})\s+"
                             rf"\(\W?{acronym}\W?\)")
        counts: dict[tuple[bool, str], int] = {}
        for doc, text in chunks:
            for d in defines.finditer(text):
                words = d.group("name").split()
                name = next((" ".join(words[i:]) for i in range(len(words) - 2, -1, -1)
                             if words[i][0].isupper() and spells(acronym, " ".join(words[i:]))), "")
                if name:
                    counts[(doc in routed, name)] = counts.get((doc in routed, name), 0) + 1
        if counts:
            found[acronym] = max(counts, key=lambda k: (k[0], counts[k]))[1]
    return found


def with_spellings(text: str, spelled: dict[str, str]) -> str:
    """The text with each acronym spelled_out found followed by its words: "the CSP (Classification Settlement
    Program) indicator"."""
    for acronym, words in spelled.items():
        text = re.sub(rf"\b{acronym}s?\b", lambda m: f"{m.group()} ({words})", text)
    return text


def not_filers(index: Index, question: str) -> list[str]:
    """Possessives of the question ("Azure's", "AWS's") that the documents mention but that name none of them: no
    document's card (its file name and cover page) holds the name's words, so it is a product, a segment or a
    business of the filer, not the filer. A question that names no document by one ("What was Azure's revenue for
    the September 2023 quarter?") is routed by its period alone, to several companies' reports: "revenue" is then
    no company's line to read (rag.answer reads such a name as the segment it is: "the Azure revenue")."""
    return [name for m in _POSSESSIVE.finditer(question) if not_a_filer(index, name := m.group(1).rstrip("."))]


def not_a_filer(index: Index, name: str) -> bool:
    """Whether a name the documents mention names none of them (not_filers' test for one name): "Azure", not
    "NVIDIA"; with fewer than two documents, no name is told from its filer."""
    cards = index.document_cards(_card)
    if len(cards) < 2:
        return False
    telling = _telling(name)
    on_cards = set().union(*(card.words for card in cards.values()))
    return bool(telling) and not set(telling) & on_cards and all(index.document_frequency(w) for w in telling)


# share of the chunks printing a name that must lie in one filer's reports for the name to be that filer's: "Azure"
# (60 of 62 chunks Microsoft's, NVIDIA's naming it as a partner), not "Data Center" (NVIDIA 89 of 179, Intel and
# Amazon the rest). bench/RESULTS.md, fifty-second session (blind set 33's o16).
FILER_SHARE = 0.9


def filer_printing(index: Index, name: str) -> str | None:
    """The filer a name that names no document (not_a_filer: a segment, a product) belongs to, as a word of its cards
    that routes to its reports (company_reports): one whose documents each print the name and together at least
    FILER_SHARE of the chunks holding it ("amzn" for "AWS"); None when no one filer's reports print it so."""
    if not not_a_filer(index, name):
        return None
    cards = index.document_cards(_card)
    counts: dict[int, int] = {}
    for d, _ in index.chunks_with(name):
        counts[d] = counts.get(d, 0) + 1
    if not counts:
        return None
    top = max(counts, key=counts.get)
    holders = {w: [d for d, card in cards.items() if w in card.words] for w in cards[top].words
               if len(w) > 2 and w.isalpha() and not is_period(w) and w not in MONTH_WORDS and w not in STOPWORDS}
    # every document with the word on its card prints the name: a filer's reports (each quarter's report names its
    # segments); not a word of several filers' covers, some of which never print it; and, as routing by name reads
    # cards, one on at most half the documents' (a word most covers print, "name" or "charter", names no filer)
    best = [w for w in holders if all(d in counts for d in holders[w]) and len(holders[w]) <= len(cards) / 2 and
            sum(counts[d] for d in holders[w]) >= FILER_SHARE * sum(counts.values())]
    if not best:
        return None
    # the fewest documents (a filer's, not several filers' sharing "inc"); of their words, the one the fewest others
    # print (the ticker, the name; not "filed" of a cover's filing date), then the most printed (not a cover's street)
    return min(best, key=lambda w: (len(holders[w]), index.document_frequency(w),
                                    -len(index.chunks_with(w)), w))


def unmentioned_names(index: Index, question: str, passages: list[tuple[int, str]]) -> list[str]:
    """Names the question is about (as unknown_names reads them) that none of the passages ((document id, text)
    pairs) mentions, in its text or on its document's card (the filing's name and cover page: "Apple Inc."
    for a page of Apple's 10-Q that never says "Apple"). Asked for AMD's cost of goods sold, with AMD named
    once in another company's list of competitors, retrieval brings other companies' statements: the model
    would give one of their figures as AMD's."""
    asked = names_asked(question)
    if not asked:
        return []
    cards = index.document_cards(_card)
    seen = {w for _, text in passages for w in words_of(text)}
    seen |= {w for doc in {d for d, _ in passages} if doc in cards for w in cards[doc].words}
    return [name for name, words in asked if not seen & set(words) and
            not any(" " in w and mentions(w, text) for w in words for _, text in passages)]


def sources_about_none(index: Index, question: str, doc_ids: set[int]) -> list[str]:
    """The names the question is about (as unknown_names reads them) when the documents an answer cites mention none
    of them anywhere (in any chunk, or on their cards): asked how GLM-130B was pre-trained, over papers that name
    GLM-130B only in passing, the model described BERT's masked language modelling from bert.pdf as GLM-130B's. []
    when the question names nothing, or a cited document mentions one of its names."""
    asked = names_asked(question)
    if not asked or not doc_ids:
        return []
    cards = index.document_cards(_card)
    words = [word for _, named in asked for word in named]
    # the cards first: a filing's cover names its company, a paper's first page its model, without reading every chunk
    if any(word in cards[d].words for word in words for d in doc_ids if d in cards) or \
            any(d in doc_ids for word in words for d, _ in index.chunks_with(word)):
        return []
    return [name for name, _ in asked]


def coined_names_unmentioned(index: Index, question: str, doc_ids: set[int]) -> list[str]:
    """The question's coined names (coined_names: "LLaMA", "SuperGLUE", "GPT-3") that none of the documents an
    answer cites mentions anywhere (in a chunk or on its card), though another indexed document does: asked DetectGPT's
    AUROC "on text generated by LLaMA", the DetectGPT paper, which never mentions LLaMA, gives only other models'."""
    if not doc_ids:
        return []
    cards = index.document_cards(_card)
    missing = []
    for name, word in coined_names(question):
        if index.chunks_with(word) and not _printed_in(index, cards, word, doc_ids):
            missing.append(name)
    return missing


def _printed_in(index: Index, cards: dict, word: str, doc_ids: set[int]) -> bool:
    """Whether one of these documents prints the word, on its card or in a chunk."""
    return any(word in cards[d].words for d in doc_ids if d in cards) or printed_in_chunks(index, word, doc_ids)


def printed_in_chunks(index: Index, word: str, doc_ids: set[int]) -> bool:
    """Whether a chunk of one of these documents prints the word (as FTS5 matches it)."""
    return any(d in doc_ids for d, _ in index.chunks_with(word))


INVENTED_NAME_CHECK = True  # rag.answer: an answer naming what its documents never print is withheld


def names_printed_nowhere(index: Index, answer: str, question: str, doc_ids: set[int]) -> list[str]:
    """Names the answer gives (runs of capitalised words after a lower-case one: "the former Irish Air Force base")
    with a telling word that neither the question nor any of the documents the answer cites prints (in a chunk or on
    its card): the model named what it knows, or invents, not what the documents say. Asked where Amazon is building
    a data center in Ireland, over filings that never say, it answered "at the site of the former Irish Air Force
    base"."""
    if not doc_ids:
        return []
    cards = index.document_cards(_card)
    asked = {w.lower() for w in _WORD.findall(question)}
    out = []
    for m in _ANSWER_NAME.finditer(re.sub(r"\[\d+\]", " ", answer)):
        words = [w for w in _telling(m.group(1)) if w not in asked and len(w) > 2 and not w.isdigit()]
        if any(not _printed_in(index, cards, w, doc_ids) for w in words):
            out.append(m.group(1))
    return list(dict.fromkeys(out))


# a name in an answer: capitalised words after a lower-case word ("at the site of the former Irish Air Force base")
_ANSWER_NAME = re.compile(r"\b[a-z]+,? ((?:[A-Z][\w.&'’-]*\s+)*[A-Z][\w.&'’-]*[a-z][\w'’-]*)")


_COINED = re.compile(r"(?<![\w-])[A-Za-z]*[a-z][A-Z]\w*(?:-\d+)?(?!\w)")  # "DetectGPT", "LLaMA", "iPhone", "LLaMA-2"


def coined_names(question: str) -> list[tuple[str, str]]:
    """(name, as _telling's words read it) for each word of the question whose case no dictionary word has ("LLaMA",
    "SuperGLUE", "iPhone") and each name with its version ("GPT-3"): names of models, benchmarks and products."""
    found = {}
    for m in _COINED.finditer(question):
        found.setdefault(m.group(), (versions_named(m.group()) or [m.group().lower()])[0])
    for m in _VERSIONED.finditer(question):
        found.setdefault(m.group(), versions_named(m.group())[0])
    return list(found.items())


# a common noun phrase of up to three words, ended by a preposition, a verb of the question or punctuation
_LOWER_WORD = r"[a-z][a-z0-9-]*"
_PHRASE_AHEAD = r"\s+(?:for|in|of|on|at|to|from|during|with|and|or|as|that|where|is|are|was|were|do|does|did|have|has|" \
    r"had)\b|\s*[?,.;]|\s*$"
_PHRASE = rf"((?:{_LOWER_WORD}\s+){{0,2}}?{_LOWER_WORD})(?={_PHRASE_AHEAD})"
# "the college's mascot"; not a contraction's "'s": "what's the gap", "it's the ..."
_CONTRACTED = r"(?!(?:what|who|where|when|how|that|it|there|here|which|this|he|she|let)['’]s\b)"
_OWNED = re.compile(rf"\b((?:{_LOWER_WORD}\s+){{0,2}}{_CONTRACTED}{_LOWER_WORD})['’]s\s+{_PHRASE}")
_THERE_IS = re.compile(rf"\b(?:is|are)\s+there\s+(?:a|an|any)\s+{_PHRASE}", re.I)  # "Is there a childcare center"
_AUXILIARY = re.compile(r"\b(?:do|does|did|can|could|will|would|should|must|may|might)\b", re.I)
_NAME_OF = re.compile(rf"\bname\s+of\s+(?:the|a|an|its|their)\s+{_PHRASE}", re.I)  # "the name of the newspaper"
# what a question asks the place of: "Where is the campus planetarium?", "Where can I find the lost and found?"
_WHERE_IS = re.compile(rf"^\s*where\s+(?:is|are|was|were|(?:can|do)\s+(?:i|we|students?)\s+find)\s+"
                       rf"(?:the|a|an|our|my|its|their)\s+{_PHRASE}", re.I)


def unknown_things(index: Index, question: str) -> list[str]:
    """The head nouns of the things the question asks about by a common noun (things_asked) that no indexed
    document uses: "What is the college's mascot?" over a handbook that never says "mascot". Whatever the
    passages say then answers another question (the model gave the IT help desk as the mascot)."""
    return [head for head in things_asked(question) if not index.document_frequency(head)]


_SUBJECT_WITHIN = 30  # characters from the question's start
_WHO_DOES = re.compile(rf"\bwho\s+(?:is|are|[a-z]+(?:es|s))\s+(?:the|a|an|our|my)\s+{_PHRASE}", re.I)  # "Who coaches the college basketball team?"
_COST_OF = re.compile(rf"\bcosts?\s+to\s+[a-z]+\s+(?:a|an|the|my|our)\s+{_PHRASE}", re.I)  # "cost to rent a cap and gown"
# "the revenue from Amazon's new ventures", "sales generated by its subscription products": what earned it
_EARNED_FROM = re.compile(rf"\b(?i:revenues?|sales|income|earnings)\s+(?i:from|generated\s+by|earned\s+from)\s+"
                          rf"(?:(?i:the|its|their)\s+)?(?:[A-Z][\w.&]*(?:'s|’s)\s+)?"
                          rf"((?:{_LOWER_WORD}\s+){{0,2}}?{_LOWER_WORD})(?=\s+(?:compared?|relate[ds]?|versus|vs|by)\b|"
                          rf"{_PHRASE_AHEAD})")


def things_named(question: str) -> list[list[str]]:
    """The telling words of each thing a question asks about by a common noun phrase (the owner of a possessive,
    what "the name of the ..." names, what "who coaches the ..." or "the cost to rent a ..." names, what "the revenue
    from ..." was earned from): "What are the
    campus bookstore's opening hours?" -> [["campus", "bookstore"]]. The figures an answer gives must be given of
    that thing (rag.guard.THING_CHECK)."""
    # of a possessive, the owner ("the campus bookstore's hours"); not what "is there a ..." asks for: "Is there an
    # absolute cap on credits?" is answered by "No student may register for more than 21 credits"
    phrases = [m.group(1) for m in _OWNED.finditer(question) if m.start() <= _SUBJECT_WITHIN]  # the question's
    # subject ("What are the campus bookstore's ..."), not an aside ("... relate to the company's historical rates")
    phrases += [m.group(1) for pattern in (_NAME_OF, _WHO_DOES, _COST_OF, _EARNED_FROM)
                for m in pattern.finditer(question)]
    out = []
    for phrase in phrases:
        telling = _telling_words(phrase)
        if telling and telling[-1] in _DOCUMENT_WORDS:
            continue  # "the BERT paper's ablation": the document the question is about, not a thing in it
        if telling and telling not in out:
            out.append(telling)
    return out


# what a part of an amount was allocated to: "How much of the purchase price did Microsoft allocate to goodwill?", "...
# went to goodwill", "... recorded as intangible assets"
_ALLOCATED_TO = re.compile(rf"\b(?:allocat\w*|assign\w*|went|go(?:es)?)\s+to\s+(?:the\s+|its\s+)?{_PHRASE}|"
                           rf"\brecorded\s+as\s+{_PHRASE}", re.I)


def things_allocated(question: str) -> list[list[str]]:
    """The telling words of what a question asks part of an amount was allocated to ("... allocate to goodwill?":
    [["goodwill"]]): a figure given for it is given near those words, however common they are among the passages
    (rag.guard.THING_CHECK)."""
    out = []
    for m in _ALLOCATED_TO.finditer(question):
        if (telling := _telling_words(m.group(1) or m.group(2))) and telling not in out:
            out.append(telling)
    return out


def _telling_words(phrase: str) -> list[str]:
    """A noun phrase's telling words, lowercased: no stopword, word of time, short word or number."""
    return [w for w in _WORD.findall(phrase.lower()) if w not in STOPWORDS and w not in _WHEN_WORDS
            and len(w) >= 3 and not w.isdigit()]


# what a document is called: the owner in "the long-tail knowledge paper's experiment" names where to look
_DOCUMENT_WORDS = frozenset("paper papers study article report filing handbook document book manual guide survey "
                            "preprint thesis".split())


# words of time that name no thing ("next year's financial aid application")
_WHEN_WORDS = frozenset("next last this coming previous year years semester term week month day".split())


def things_asked(question: str) -> list[str]:
    """The head noun (its last telling word) of each thing a question asks about by a common noun: both sides
    of a lowercase possessive ("the campus bookstore's opening hours": "bookstore", "hours"; after "does",
    "can", ... the owner only), what "is there a ..." asks for, what "the name of the ..." names, what "where is
    the ..." asks the place of. A head noun
    only: "Is there an absolute cap ..." asks about a cap, however the documents say "absolute"."""
    phrases = []
    for m in _OWNED.finditer(question):
        # "When does the library's exam week begin?": after an auxiliary the question's own verb may end the phrase
        verb_last = _AUXILIARY.search(question[:m.start(2)])
        phrases += [m.group(1)] if verb_last else list(m.groups())
    phrases += [m.group(1) for pattern in (_THERE_IS, _NAME_OF, _WHERE_IS) for m in pattern.finditer(question)]
    heads = []
    for phrase in phrases:
        telling = [w for w in _WORD.findall(phrase.lower()) if w not in STOPWORDS and len(w) >= 3 and not w.isdigit()]
        # a place or unit named by what it is for ("a childcare center"): the word before it tells which
        for word in telling[-2:] if telling and telling[-1] in _GENERIC_HEADS else telling[-1:]:
            if word not in heads:
                heads.append(word)
    return heads


# head nouns that say what kind of place or unit a thing is, not which: "center" in "a childcare center"
_GENERIC_HEADS = frozenset("center centre office program programme service services facility room department club "
                           "clinic desk lab".split())


def names_asked(question: str) -> list[tuple[str, list[str]]]:
    """(name, its telling words, lowercased) for each name the question is about (see unknown_names)."""
    found = {}
    for pattern in (_POSSESSIVE, _NAMED_AFTER):
        for m in pattern.finditer(question):
            name = m.group(1).rstrip(".")
            if m.start(1) == 0:
                name = _LEADING_WORD.sub("", name)  # "In Webson & Pavlick's paper": "Webson & Pavlick"
            if re.search(r"\w&\w", name):
                continue  # "MD&A", "R&D": a statement's section or line, not a name
            if pattern is _NAMED_AFTER and any(len(w) < 3 for w in name.split() if w.isupper()):
                continue  # "a test of AI reasoning": a short acronym after "of" is a topic, a possessive names
            if telling := _telling(name):
                found.setdefault(name, telling)
    return list(found.items())


def _telling(name: str) -> list[str]:
    """A name's words that tell what it names, lowercased: not stopwords, titles ("CEO"), periods, months or numbers;
    a name with its version number ("GPT-4", "COVID-19") as one phrase, "gpt 4" (GPT-3 is no GPT-4)."""
    return versions_named(name) + \
        [w for w in (w.lower() for w in _WORD.findall(_VERSIONED.sub(" ", name))) if w not in STOPWORDS and w not in _ROLES
         and not is_period(w) and w not in MONTH_WORDS and w not in _DAY_WORDS and not w.isdigit()]


_DAY_WORDS = frozenset(f"{day}{end}" for day in "monday tuesday wednesday thursday friday saturday sunday".split()
                       for end in ("", "s"))  # "for Sundays": when, not a name


_VERSIONED = re.compile(r"\b([A-Za-z][A-Za-z]+)-(\d+)\b(?![.,]\d|-?[A-Za-z])")  # "GPT-4", not "LLaMA-65B" or "T5-3B"


def versions_named(text: str) -> list[str]:
    """The names with a version number in text, as _telling's phrases: "LLaMA-2" -> "llama 2", "GPT-4" -> "gpt 4"."""
    return [f"{word.lower()} {number}" for word, number in _VERSIONED.findall(text)]


def mentions(word: str, text: str) -> bool:
    """Whether a text holds a telling word (_telling's) as FTS5 would match it: a phrase "gpt 4" as "GPT-4" or "GPT 4"."""
    return bool(re.search(r"(?<!\w)" + r"[\s-]?".join(map(re.escape, word.split())) + r"(?!\w)", text, re.I))


def _name_scores(index: Index, cards: dict, query: str, terms: dict[int, set[str]] | None = None) -> dict[int, float]:
    """Per document, the summed weights of the question's words on its card (periods left out); terms, when given,
    collects each document's words that scored."""
    n = len(cards)
    scores = dict.fromkeys(cards, 0.0)
    for term in query_terms(query):
        if is_period(term):
            continue  # periods are matched in _by_period
        holders = _rare_holders(cards, term)
        if not holders:
            continue
        weight = min(_idf(n, len(holders)), _idf(n, index.document_frequency(term)))
        for d in holders:
            scores[d] += weight
            if terms is not None and term not in MONTH_WORDS and not term.isdigit():  # a date's words name no one
                terms[d].add(term)
    return scores


def _rare_holders(cards: dict, term: str) -> list[int]:
    """The documents whose card has the word, when at most half of the cards have it; else none."""
    holders = [d for d, card in cards.items() if term in card.words]
    return holders if len(holders) <= len(cards) / 2 else []


def _by_period(docs: list[int], cards: dict, query: str, named: bool, asked: tuple | None,
               numbers: dict[int, int]) -> list[int]:
    """Of the documents, those ending the quarter asked by fiscal year (_by_quarter_ended), else those matching
    the most of the question's periods (a full date counts twice); all of them when none matches. A question that
    names no document is routed by period only to documents whose names state periods (file names like "2023 Q3
    AAPL"), or whose covers end the quarter it asks about (asked: quarter_asked's reading of the query)."""
    periods, dates = period_tokens(query), date_tokens(query)
    if asked and asked[2] and (ending := _by_quarter_ended(docs, cards, asked, numbers)):
        return ending  # "Q1 fiscal 2024": Microsoft's 10-Q for September 30, 2023, whatever its file is called
    if not asked and len(each := [q for q in quarters_asked(query) if q[2]]) > 1 and \
            all(ending := [_by_quarter_ended(docs, cards, q, numbers) for q in each]):
        return list(dict.fromkeys(d for found in ending for d in found))  # "from the end of Q3 FY23 to ... Q3 FY24"
    if (months := month_quarters(query)) and \
            (ending := [d for d in docs if cards[d].quarterly and ends_month(cards[d].period_end or "") & months]):
        return ending  # "the December 2022 quarter": the 10-Q whose period ends that month

    def matches(d: int) -> int:
        card = cards[d]
        stated = card.periods if named else card.name_periods
        return len(periods & stated) + 2 * len(dates & card.dates)

    best = max((matches(d) for d in docs), default=0)
    if best == 0 or (asked and not any(f"q{asked[0]}" in cards[d].name_periods for d in docs)):
        # no document's name states the quarter asked ("Q3 2023" over files named "msft-20230930.pdf"): the covers'
        # period ends tell, read as a calendar or as a fiscal quarter (Microsoft's Q3 2023 may be either)
        if asked and (ending := _by_quarter_ended(docs, cards, asked, numbers, calendar=True)):
            return ending
    if best == 0:
        return docs if named else []
    return [d for d in docs if matches(d) == best]


def _by_quarter_ended(docs: list[int], cards: dict, asked: tuple, numbers: dict[int, int],
                      calendar: bool = False) -> list[int]:
    """Of the documents, the quarterly reports whose cover's period ends quarter asked (n, year) of its fiscal
    year, their statements covering n quarters of that year (numbers: a 10-Q with nine-month columns is its year's
    third quarter; the day alone could end any of four quarters of a fiscal year named so); with calendar, also
    those ending calendar quarter n of that year, whatever their fiscal quarter."""
    n, year = asked[:2]
    return [d for d in docs if (day := cards[d].period_end) and (
        numbers.get(d) == n and quarter_ends(day, n, year) or calendar and calendar_quarter_ends(day, n, year))]


_YEAR_TO_DATE = ((3, ("nine months ended", "39 weeks ended", "thirty-nine weeks ended")),
                 (2, ("six months ended", "26 weeks ended", "twenty-six weeks ended")))


def quarter_numbers(index: Index, cards: dict) -> dict[int, int]:
    """Per quarterly report (its cover says so), the number of its fiscal quarter: 3 when its statements have
    nine-month (39-week) columns ending in the month its period ends, 2 when six-month ones, else 1. ("Nine
    Months Ended December 31, 2023" in a March report is a schedule of what is left of its year, not a column.)"""
    out = {d: 1 for d, card in cards.items() if card.quarterly and card.period_end}
    for n, phrases in reversed(_YEAR_TO_DATE):
        for phrase in phrases:
            for d, text in index.chunks_with(phrase):
                if d in out and _ends_in_month(text, phrase, cards[d].period_end):
                    out[d] = n
    return out


def _ends_in_month(text: str, phrase: str, day: str) -> bool:
    """Whether the phrase, somewhere in the text, is followed by the month of `day` before any other month."""
    month = MONTHS[int(day[5:7]) - 1]
    for m in re.finditer(r"\s+".join(map(re.escape, phrase.split())), text, re.I):
        after = _MONTH.search(text, m.end(), m.end() + 120)
        if after and after.group(1).lower() == month:
            return True
    return False


_MONTH = re.compile(r"\b(jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\b", re.I)


def report_ends(index: Index, docs: list[int]) -> dict[int, str]:
    """The quarterly reports among the documents, each with the day its quarter ends by its cover ("2023-10-29")."""
    cards = index.document_cards(_card)
    return {d: cards[d].period_end for d in docs if d in cards and cards[d].quarterly and cards[d].period_end}


def quarter_reports(index: Index, company: str, periods: tuple[str, ...], through: bool, last: int = 0
                    ) -> list[tuple[int, str]]:
    """The company's quarterly reports (company_reports) of the quarters named ("Sep 2022", "October 30, 2022", "Q1
    FY24": the report whose quarter ends that month, within a week of that day, or that route_documents takes for
    that quarter), each with the day its quarter ends, in the order named; with through, every report of the company
    from the first quarter named to the last, in time order; with last, the company's latest reports, that many, in
    time order. Quarters no report is found for are left out."""
    ends = report_ends(index, company_reports(index, company))
    if last:
        return sorted(ends.items(), key=lambda e: e[1])[-last:]
    found: list[tuple[int, str]] = []
    for period in periods:
        if days := dates_in(period):
            docs = [d for d, end in ends.items() if days_apart(end, days[0]) <= 7]
        elif months := month_quarters(f"the {period} quarter"):
            docs = [d for d, end in ends.items() if ends_month(end) & months]
        else:
            docs = [d for d in route_documents(index, f"{company} {period}") if d in ends]
        if len({ends[d] for d in docs}) == 1:
            found.append((docs[0], ends[docs[0]]))
    if through and len(found) == 2:
        first, final = sorted(day for _, day in found)
        return sorted(((d, end) for d, end in ends.items() if first <= end <= final), key=lambda e: e[1])
    return list(dict.fromkeys(found))


def latest_documents(index: Index, docs: list[int]) -> list[int]:
    """Of the documents, those that state the latest period (_latest)."""
    return _latest(docs, index.document_cards(_card))


def _latest(docs: list[int], cards: dict) -> list[int]:
    """Of the documents, those that state the latest period ("the latest 10-Q" of a company): the latest period
    ended on their covers when they all state one, else the latest year and quarter they state."""
    if docs and all(cards[d].period_end for d in docs):
        last_day = max(cards[d].period_end for d in docs)
        return [d for d in docs if cards[d].period_end == last_day]

    def when(d: int) -> tuple[int, int]:
        periods = cards[d].periods
        years = [int(t) for t in periods if t.isdigit()]
        quarters = [int(t[1]) for t in periods if t.startswith("q")]
        return (max(years, default=0), max(quarters, default=0))

    last = max((when(d) for d in docs), default=(0, 0))
    return [d for d in docs if when(d) == last] if last != (0, 0) else docs


def _idf(n: int, df: int) -> float:
    return math.log((n - df + 0.5) / (df + 0.5) + 1)


@dataclass(frozen=True)
class Card:
    words: set[str]  # of the context line and the first chunk
    name_periods: set[str]  # years and quarters the context line (file name, title, header) states
    periods: set[str]  # those, or when the name states none, the cover page's
    dates: set[str]  # full dates on the name and cover ("For the quarterly period ended December 31, 2022")
    period_end: str | None = None  # the day the cover's period ends ("2022-12-31"), when it states one
    quarterly: bool = False  # the cover says it is a quarterly report


def words_of(text: str) -> set[str]:
    """text's words, lowercased; a word with a footnote's or affiliation's digits after it is also read without them
    ("Albert Webson1,2 and Ellie Pavlick1" on a paper's first page: "webson", "pavlick"), as are a handle's parts
    ("albert_webson")."""
    printed = set(_WORD.findall(text))
    return {w.lower() for w in printed} | {m.group(1).lower() for w in printed if (m := _MARKED.fullmatch(w))} | \
        {part.lower() for w in printed if "_" in w for part in w.split("_") if part}


_MARKED = re.compile(r"([A-Za-z]*[a-z]{2})\d{1,2}")  # "Webson1": a lower-case end, then a mark; not "GPT3", "LLaMA2"


def _card(context: str, first_chunk: str) -> Card:
    card = f"{context}\n{first_chunk}"
    named = period_tokens(context)
    return Card(words_of(card), named, named or period_tokens(first_chunk),
                date_tokens(card), period_ended(card), bool(_QUARTERLY.search(card)))


_QUARTERLY = re.compile(r"\bquarterly\s+(?:period|report)\b|\b10-?Q\b", re.I)
