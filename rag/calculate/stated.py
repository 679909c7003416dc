"""Stated: a figure that one sentence of the passages states in the question's own words, looked up where no table
row holds it.

Some figures are printed in a note's or the cover page's prose, not in a statement's rows: "We have an unrecognized
commitment to fund our respective share of the total construction costs of Arizona Fab of $29.0 billion.",
"10,334,030,586 shares of common stock, par value $0.01 per share, outstanding as of October 18, 2023". The model
picked a neighbouring sentence's figure for both (bench/RESULTS.md, twentieth session). Asked for one such figure
("How much ...", "How many ...", "What <thing> did X disclose ...", "What was ...", or tersely "AAPL: total
unrecognized comp cost at July 1, 2023?"), the sentence is looked up:
- every telling word of the question, three or more (not its question words, periods, names of the company it is
  about, or words such as "total", "report", "disclose") is in the sentence, a word as written or shortened ("comp"
  for "compensation"); one may be missing when there are four or more, and then only when no sentence holds them
  all (a sentence ends at a full stop, a bullet, a gap "[…]" or a table's row), and never one of the thing asked
  ("How much goodwill did Microsoft record for the Activision Blizzard acquisition?" is not answered by the sentence
  that gives the acquisition's price);
- the sentence gives exactly one figure of the kind asked: an amount of money for "how much", a count of shares
  (employees, members, ...) for "how many", a percentage for a rate or a percentage; for a change asked ("Azure
  revenue growth", "By how much did ... decrease"), a figure right after "increased", "grew", "growth of", "down" ...,
  else only the other figures ("increased $3.9 billion" is no level);
- a full date it names is the question's, when the question names one (not the date that names the filing: "its
  10-Q for the quarter ended September 30, 2023" asks for the shares outstanding at the cover's date);
- when some passage comes from a document the question names (rag.route), only those passages' sentences count;
- a second thing asked ("..., and over what weighted-average period?") is in the same sentence (its words), which
  the answer quotes;
- every such sentence among the passages gives the same figure; a figure the question itself gives ("Amazon's $8.0
  billion term loan") is not the one asked; of two figures a sentence gives for two spans ("for the three and nine
  months ended March 31, 2023, respectively"), the span asked, and of clauses for two periods, the period asked.
Else nothing is looked up: no figure is better than another sentence's. Not for a comparison, a reason, a ratio or
an average: one sentence's one figure is not the answer.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, replace
from typing import Callable, Iterator

from ingest.tables import _SPAN_MONTHS
from rag.calculate.formula import Calculation, Formula, Operand, Ref
from rag.calculate.rows import value_of
from rag.periods import DATE, MONTH_WORDS, ORDINALS, dates_in, months_asked, period_tokens
from rag.retrieve import SECTION_HEAD, Hit, adds_whole, section_months
from rag.route import STOPWORDS, names_asked

# "How much ...", "How many ...", "What was/were/is/are ...", "What (total) amount ...", "What unrecognized commitment
# did Intel disclose ...", after an opening clause ("In its 10-Q for the quarter ended September 30, 2023, ...")
_ASKS = re.compile(r"^\s*(?:(?:in|per|according\s+to|for|from)\b(?:[^,?]|,\s*\d{4})*,\s*)?"
                   r"(?:how\s+(?:much|many|large|big|fast)|by\s+what\s+(?:percent(?:age)?|rate)|at\s+what\s+rate|"
                   r"what\s+(?:was|were|is|are|(?:total\s+)?amount|"
                   r"(?:[a-z-]+\s+){1,4}(?:did|does|do|was|were|had|has)))\b", re.I)
# a terse question names the figure without a question word: "AAPL: total unrecognized comp cost at July 1, 2023?"
_QUESTION_WORD = re.compile(r"^\s*(?:why|how|what|which|who|whom|whose|when|where|is|are|was|were|do|does|did|can|could|"
                            r"will|would|should|has|have|had|please|describe|explain|list|compare|summari[sz]e|discuss|"
                            r"analy[sz]e|examine|assess|evaluate|identify|outline)\b", re.I)
_TERSE_WORDS = 25
# a question word after an opening preposition asks for no figure: "On which exchange is ... traded?", "In what
# state ...?" (not "By how much ...", "At what price ...": figures)
_ASKED_INSIDE = re.compile(r"\b(?:which|where|who|whom|whose|when|why)\b|"
                           r"\b(?:in|on|at|of|to|from|under|with)\s+what\s+(?!(?:amount|rate|percent\w*|price)\b)", re.I)
# a second thing asked after the figure: "..., and over what weighted-average period?"; it must be in the same sentence
# (or how something went: "What was notebook revenue ..., and how did notebook unit volume change year over year?")
_ALSO = re.compile(r",?\s+and\s+(?:over\s+|roughly\s+|approximately\s+|about\s+|for\s+|at\s+)?"
                   r"(?:what|which|how\s+(?:much|many|long|did|does|do|has|have))\b.*$", re.I | re.S)
# a comparison, a reason, a list or a ratio: not one sentence's one figure
_NOT_ONE_FIGURE = re.compile(
    r"\b(?:why|compar\w*|differ\w*|explain\w*|describ\w+|drove|driv\w+|reasons?|relat\w*|align\w*|impact\w*|affect\w*|"
    r"effects?|discuss\w*|trends?|between|versus|vs\.?|factors?|influenc\w+|contribut\w+|breakdown|risks?|details?|"
    r"(?<!weighted-)(?<!weighted )average|ratio|margin|per\s+share|from\s+\S+(?:\s+\S+)?\s+to)\b|\?.*\?", re.I | re.S)
# the figure asked is how much something changed: "Azure revenue growth", "By how much did Devices revenue decline"
_CHANGE = re.compile(r"\b(?:chang\w*|increas\w*|decreas\w*|grow\w*|growth|grew|declin\w*|r[io]se|rising|fell|fall\w*|"
                     r"drop\w*)\b", re.I)
_GENERIC = frozenset("""how much many what which was were is are did does do had has have report reported reports record
recorded disclose disclosed total amount value number according q quarter quarterly company company's its their as of
cover date filing approximately roughly about the in for on at by to from with end ended ending period periods fiscal
year years month months three six nine twelve first second third fourth fy usd dollars dollar millions million billions
billion thousands thousand give state stated statement statements per during this that these those figure figures
latest recent most current note notes including include includes over percent percentage through large big fast page
because mainly primarily mostly largely chiefly principally""".split())
_FIGURES = {
    "money": re.compile(r"\$\s?\d[\d,]*(?:\.\d+)?(?:\s*(?:thousand|million|billion|trillion)\b)?", re.I),
    "percent": re.compile(r"\b\d[\d,]*(?:\.\d+)?\s?%|\b\d[\d,]*(?:\.\d+)?\s+percent\b", re.I),
    "count": re.compile(r"\b\d[\d,]*(?:\.\d+)?(?:\s+(?:thousand|million|billion))?(?=\s+(?:shares|employees|people|"
                        r"members|customers|stores|locations|facilities|students|holders|subscribers|users|accounts)\b)|"
                        # "Microsoft 365 Consumer subscribers grew 12% to 63.2 million": a count reached
                        r"(?<=\bto\s)\d[\d,]*(?:\.\d+)?\s+(?:thousand|million|billion)\b"
                        r"(?!\s*(?:(?:in|of)\s+(?:revenue|sales)|dollars))",
                        re.I),
}
# a figure that says by how much something changed ("revenue increased $3.9 billion or 21%"), not its level
_CHANGED_BY = re.compile(r"\b(?:(?:increas|decreas|grew|growth|rose|fell|declin|dropp|climb|jump|gain)\w*\s+(?:by\s+|of\s+)?|"
                         r"(?:up|down)\s+)(?:approximately\s+|about\s+|nearly\s+)?$", re.I)
# a sentence ends at its full stop, a blank line, a bullet, a gap left by rows left out ("[…]") or a line ending in a
# figure before one opening with a capital (a table's row)
# (a line ending in a colon ends a sentence: the rows after "... are as follows (in millions):" are a table's, not its
# figures: blind set 38's t02)
_SENTENCE = re.compile(r"(?<=[a-z0-9%)][.;!?])\s+(?=[A-Z(])|\n\s*\n|\s*[•▪◦]\s*|\s*\[…\]\s*|"
                       r"(?<=[\d%)])[ \t]*\n(?=[A-Z])|(?<=:)[ \t]*\n")
# a date that names the filing, not the figure's day: "its 10-Q for the quarter ended September 30, 2023"
FILING_DATE = re.compile(r"\b(?:10-?Q|10-?K|report|filing)\s+(?:for|of|covering)\s+the\s+(?:fiscal\s+)?(?:quarter|"
                         r"period|year)\s+(?:ended|ending)\s+[A-Z][a-z]+\.?\s+\d{1,2},?\s+\d{4}", re.I)
_WORDS = re.compile(r"[A-Za-z][A-Za-z'’-]*")
# the thing asked: "How much goodwill did ...", "How many shares of its common stock did ...", "What unrecognized
# commitment did ..."
_AUX = r"(?:did|does|do|was|were|is|are|had|has|have|will|would|can|could)\b"
_HEAD = re.compile(rf"\bhow\s+(?:much|many)\s+(?!{_AUX})(.+?)(?=\s+{_AUX}|\s*[?,]|$)|"
                   r"\bwhat\s+((?:[a-z-]+\s+){1,4}?)(?:did|does|do|was|were|had|has)\b", re.I)
# words that name no thing in a change asked: "the year-over-year growth rate" of a line is what "grew 29%" states
_OF_A_CHANGE = frozenset({"year-over-year", "yoy", "rate"})
_RATE = re.compile(r"\b[a-z-]+\s+(?:[a-z-]+\s+)?rate\b", re.I)  # a rate and the words that say which: "effective tax rate"
_WHAT_IS = re.compile(r"\bwhat\s+(?:was|were|is|are)$", re.I)
# where the name of the figure asked ends: its period, its source, the end of the question
_NAME_END = re.compile(r"\s+(?:for|in|during|as\s+of|at|through|over|according|per|on|from|since|under|reported|"
                       r"recorded|disclosed|did|does|do|was|were|is|are|has|had|have)\b|[?(:,;]", re.I)
_SHOWN = 300  # characters of the sentence shown with its figure


@dataclass(frozen=True)
class Asked:
    """What a question asks a sentence to state."""
    words: tuple[str, ...]  # its telling words, lowercased: "unrecognized", "commitment", ...
    also: tuple[str, ...] = ()  # the telling words of a second thing asked, which the same sentence must hold
    kind: str = "money"  # "money", "percent" or "count"
    head: tuple[str, ...] = ()  # the telling words of the thing asked, none of which may be missing: "goodwill"
    change: bool = False  # how much something changed: a figure after "increased", "grew", ...
    rate: tuple[str, ...] = ()  # the words that say which rate, each as written: "effective", "tax" (not "effects")
    names: tuple[str, ...] = ()  # the words of names the question gives ("did Azure ..."), not telling words: a company's
    priced: bool = False  # a second thing asked is what it cost (", and at what cost?"): the same sentence gives money


def stated_asked(question: str, files: list[str] = (), fewest: int = 3) -> Asked | None:
    """What a question asking for one figure that a sentence may state asks for (see the module's docstring), or
    None when it asks for something else. files: the passages' file names, whose words ("AAPL" in "2023 Q3
    AAPL.pdf") name the company, not the figure; fewest: the telling words it must have (two for a count)."""
    question = " ".join(question.split())
    also = _ALSO.search(question)
    main = question[:also.start()] if also else question
    terse = not _QUESTION_WORD.match(main) and not _ASKED_INSIDE.search(main) and len(main.split()) <= _TERSE_WORDS
    if not (_ASKS.match(main) or terse) or _NOT_ONE_FIGURE.search(question):
        return None
    change = bool(_CHANGE.search(main))
    named = _words_of(files)
    names = tuple(dict.fromkeys(w for _, words in names_asked(question) for w in words))
    named |= set(names)  # "Intel" in "did Intel disclose"
    words = _telling(main, named, change)
    q = main.lower()
    counted = bool(re.search(r"\bhow\s+many\b", q))
    if len(words) < (2 if counted else fewest):
        return None  # two words ("Azure revenue") are in many sentences; a count of them ("consumer subscribers") is not
    kind = "count" if counted else "money" if re.search(r"\bhow\s+much\b|\$|dollars?\b", q) \
        else "percent" if re.search(r"\b(?:percent\w*|rate)\b|%", q) or change else "money"
    head = _HEAD.search(main)
    if head:
        head = _telling(head.group(1) or head.group(2), named, change)
    elif (opened := _ASKS.match(main)) and _WHAT_IS.search(opened.group(0)):
        # "What was X's Data Center operating income for ...": the name's last word ("income"), which an "operating
        # leases ... for our data centers" sentence lacks (not "How much is X worth": "worth" names no thing)
        head = _telling(_NAME_END.split(main[opened.end():], 1)[0], named, change)[-1:]
    else:
        head = ()
    rate = _RATE.search(main)  # "a fixed long-term projected tax rate of 13%" is no effective tax rate
    if rate and change and _CHANGE.match(rate.group(0)):
        rate = None  # "the growth rate": the change's own rate
    also_words = _telling(also.group(0), named, change) if also else ()
    priced = bool(also_words) and set(also_words) <= _COST_WORDS  # "..., and at what cost?": "for $38.1 billion"
    return Asked(words, () if priced else also_words, kind, head, change,
                 _telling(rate.group(0), named, change) if rate else (), names, priced)


# the words of a second thing asked that is only what the first cost: "how many shares ..., and at what cost?"
_COST_WORDS = frozenset("cost costs price prices spent spend paid pay dollars dollar".split())


def _words_of(names) -> set[str]:
    """The words of file names or filers' names, lowercased ("aapl" of "2023 Q3 AAPL.pdf"): they name the company,
    not the figure."""
    return {w.lower() for name in names for w in re.findall(r"[A-Za-z]+", name)}


# an analyst's word for what filings print in another ("AAPL Q1 FY23 buyback: how many shares ...?": "the Company
# repurchased 133 million shares"; blind set 39's u02), as rag.calculate.names maps "buybacks" to the cash flow row
_FILING_WORD = {"buyback": "repurchase", "buybacks": "repurchases", "buy-back": "repurchase",
                "buy-backs": "repurchases"}


def _telling(text: str, named: set[str], change: bool) -> tuple[str, ...]:
    words = []
    for word in _WORDS.findall(text):
        word = re.sub(r"['’]s$", "", word.lower()).strip("'’-")
        word = _FILING_WORD.get(word, word)
        if word and word not in STOPWORDS and word not in _GENERIC and word not in MONTH_WORDS and word not in named \
                and not (change and (_CHANGE.fullmatch(word) or word in _OF_A_CHANGE)):
            words.append(word)
    return tuple(dict.fromkeys(words))


def _holds(word: str, words: list[str]) -> bool:
    """Whether a sentence's words hold a telling word: the same first five letters (six after a common prefix), or
    the word shortened ("comp" for "compensation")."""
    forms = _FORMS.get(word, ())
    return any(_stem_shared(w, word) or len(word) >= 4 and w.startswith(word) or w in forms for w in words)


# a verb's forms that share no five letters with it: "How much did NVIDIA pay in cash dividends ...?" is "we paid $99
# million ... in cash dividends" (blind set 42's x24)
_FORMS = {"pay": ("paid", "pays", "paying"), "spend": ("spent",), "buy": ("bought",), "sell": ("sold",),
          "grow": ("grew", "grown"), "rise": ("rose", "risen"), "fall": ("fell", "fallen")}


def _stem_shared(a: str, b: str) -> bool:
    """Two words alike by their first five letters ("acquisition", "acquired"), six when those five are a prefix
    that many words share: "international" is no "intercompany", "company" no "compared"."""
    return a[:5] == b[:5] and (a[:5] not in _PREFIXES or a[:6] == b[:6])


# five letters that begin words of many stems (a prefix: "inter-", "trans-"; or a common start: "compa-")
_PREFIXES = frozenset("inter intra trans under super multi compa compe commi conve contr repre".split())


_FULL_SENTENCE = 8  # words (figures not counted)


def _sentences(text: str):
    for sentence in _SENTENCE.split(text):
        sentence = " ".join(sentence.split())
        words = len(_WORDS.findall(sentence))
        if words >= _FULL_SENTENCE or words >= 5 and sentence.endswith("."):
            # a sentence, not a table row's label and figures; a short one ends as a sentence does, as a highlight's
            # bullet: "Microsoft Cloud revenue increased 22% to $28.5 billion."
            yield sentence


def _routed_sentences(hits: list[Hit], first: int = 1):
    """(passage [n], sentence) for each sentence of the passages (numbered from first), only of the documents the
    question names when some are (rag.route: another company's or another period's filing left out)."""
    routed = any(h.routed for h in hits)
    for n, hit in enumerate(hits, start=first):
        if routed and not hit.routed:
            continue
        for sentence in _sentences(hit.text):
            yield n, sentence


def _sections(hit: Hit) -> tuple[str, list[tuple[int, int | None]]]:
    """A passage's text as its sentences are read (whitespace joined) and, where each section heading in it starts
    (rag.retrieve.SECTION_HEAD), the span in months it names: what _span_of reads each sentence's span from."""
    text = " ".join(hit.text.split())
    return text, [(m.start(), section_months(m.group())) for m in SECTION_HEAD.finditer(text)]


def _span_of(hit: Hit, sentence: str, sections: tuple[str, list[tuple[int, int | None]]]) -> int | None:
    """The span in months of the section a passage's sentence stands in: the last section heading before it in the
    passage (sections: _sections of the passage), else the passage's own section (Hit.section); None where none is
    named."""
    text, heads = sections
    at = max(text.find(sentence[:60]), 0)
    before = [months for start, months in heads if start <= at]
    return before[-1] if before else section_months(hit.section)


def _company_words(question: str, hits: list[Hit]) -> set[str]:
    """The words that name the company asked about: its files' and filers' names ("aapl"), and the name its question
    word opens on ("Did NVIDIA ...")."""
    named = _words_of([name for h in hits for name in (h.file, *h.filers)])
    if subject := _SUBJECT.match(question):
        named |= {w.lower() for w in _WORDS.findall(subject.group(1))}
    return named


def _statements(question: str, asked: Asked, hits: list[Hit], first: int = 1,
                months: int | None = None, paired: bool = False) -> list[tuple[int, str, int, str]]:
    """(telling words missing, figure, passage [n], sentence) for each sentence of the passages that states the
    figure asked (of the span asked, months, when it gives one for each span: _respective); paired: only a figure
    given beside another period's (_pair_of_periods)."""
    allowed = _allowed_missing(asked)
    figures, asked_dates = _FIGURES[asked.kind], set(dates_in(FILING_DATE.sub(" ", question)))
    asked_periods = period_tokens(question)  # the years and quarters it names, for a pair of periods
    asked_years = set(_FISCAL_YEAR.findall(question))  # "for the first nine months of fiscal 2024"
    # a figure the question gives is not the one it asks for: "How much was outstanding on Amazon's $8.0 billion term
    # loan ...?"
    given = {_value(m.group(0)) for m in figures.finditer(question)}
    capped = bool(_CAP_ASKED.search(question))
    quarterly = months == 3 or months is None and bool(re.search(r"\bquarter\b|\bQ[1-4]\b", question, re.I)) and \
        not _YEAR_TO_DATE.search(question) and not _SPAN_NAMED.search(question)
    found = []
    way = _way_asked(question) if asked.change else None
    sections: dict[int, tuple] = {}  # passage [n]: its _sections, read once
    last: tuple[int, str] = (0, "")  # the sentence before, in its passage
    for n, sentence in _routed_sentences(hits, first):
        before, last = (last[1] if last[0] == n else ""), (n, sentence)
        if asked.priced and not _FIGURES["money"].search(sentence):
            continue  # what it cost, in the same sentence
        words = [w.lower() for w in _WORDS.findall(sentence)]
        missing = _missing(asked, words, sentence)
        if missing > allowed and (referred := _referred(sentence, before)):
            missing = _missing(asked, words + referred, f"{before} {sentence}")
        if missing > allowed or not all(_holds(w, words) for w in asked.also + asked.head) or \
                not all(w in words or f"{w}s" in words for w in asked.rate):
            continue
        if SECTION_SPANS and months:  # a sentence of another span's section ("Nine Months Ended March 31, 2023
            if n not in sections:  # Compared with ...": "Azure and other cloud services revenue grew 31%", asked
                sections[n] = _sections(hits[n - first])  # the quarter's 27%; blind set 39's u23)
            if (section := _span_of(hits[n - first], sentence, sections[n])) and section != months:
                continue
        # "... $612 million and $1.9 billion for the three and nine months ended March 31, 2023, respectively, and
        # $502 million and $1.4 billion for ... 2022, respectively": each period's clause read on its own
        for clause in re.split(r"(?<=respectively),?\s+and\s+", sentence):
            figure = _respective([m.group(0) for m in figures.finditer(_before_parts(clause, figures, asked))
                                  if bool(_CHANGED_BY.search(clause[:m.start()])) == asked.change
                                  and not (asked.change and _of_other_line(clause[:m.start()], asked, figures))
                                  and not _other_way(clause[:m.start()], way)
                                  and _value(m.group(0)) not in given
                                  and not (_UP_TO.search(clause[:m.start()]) and not capped)], clause, months)
            figure = _respective_days(figure, clause, asked_dates)
            if (pair := _pair_of_periods(clause, figures, asked_periods)) and \
                    _named_before(asked, clause[:clause.find(pair[0])]):
                found.append((missing, pair[0].strip(), n, sentence))  # its period named beside it: no other check
                continue
            if paired:
                continue
            if len(figure) > 1 and not _RESPECTIVE.search(clause) and _periods_named(clause) <= 1:
                # (not in a comparison: "22.0% in fiscal 2024 compared with 22.8% in fiscal 2023")
                figure = _named_figure(clause, asked, figures) or _changed_figure(clause, asked, figures) or figure
            dates, years = set(dates_in(clause)), set(_FISCAL_YEAR.findall(clause))
            spans = {_SPAN_MONTHS[w.lower()] for named in _SPAN_NAMED.findall(clause)
                     for w in re.findall(r"three|six|nine|twelve", named, re.I)}
            if (both := _RESPECTIVE.search(clause)) and both.group(2):  # "During the third quarter and first nine
                spans.add(3)  # months ..., respectively": the quarter's too (blind set 38's t09)
            if _YEAR_TO_DATE.search(clause) and quarterly:  # "down $530 million from YTD 2021": the year so far,
                continue  # not the quarter asked
            if _SINCE_START.search(clause) and not _SINCE_START.search(question):  # "Since the inception of our share
                continue  # repurchase program through October 30, 2022, ...": all of it, not a span (blind set 38's t09)
            if len(figure) == 1 and not (asked_dates and dates and not asked_dates & dates) and \
                    not (asked_years and years and not asked_years & years) and \
                    not (months and spans and months not in spans):  # "During the nine months ended ...", asked
                # for the quarter: another span's figure
                found.append((missing, figure[0].strip(), n, sentence))
    return found


# a sentence that names its thing by pointing back: "..., those commitments not yet recognized were $133.0 billion"
_REFERS_BACK = re.compile(r"\b(?:those|these|such)\s+([a-z][a-z-]+)", re.I)


def _referred(sentence: str, before: str) -> list[str]:
    """The words (lowercased) of the sentence before, where this one points back at a thing it names ("Additionally,
    we have performance obligations, primarily related to AWS, associated with commitments in customer contracts
    ... . For contracts with original terms that exceed one year, those commitments not yet recognized were $133.0
    billion ...": the question's "customer" and "AWS" are the first's; blind set 39's u21); else []."""
    words = [w.lower() for w in _WORDS.findall(before)]
    if words and any(_holds(m.group(1).lower(), words) for m in _REFERS_BACK.finditer(sentence)):
        return words
    return []


# a statement line's noun: the subject of a change told names the line that changed
_LINE_NOUN = re.compile(r"\b(?:sales|revenues?|income|margins?|expenses?|costs?|profits?|earnings)\b", re.I)


def _of_other_line(before: str, asked: Asked, figures: re.Pattern) -> bool:
    """Whether the change a figure follows is told of another line than the one asked: the words before its verb
    (after any figure before) name a line and lack a telling word of the question ("Total net sales increased 2%
    ..., driven primarily by higher net sales of Services" for Services' growth; blind set 40's v12)."""
    verbs = list(_CHANGE.finditer(before))
    if not verbs:
        return False
    subject = before[:verbs[-1].start()]
    if given := list(figures.finditer(subject)):
        subject = subject[given[-1].end():]
    if not _LINE_NOUN.search(subject):
        return False
    return _missing(asked, [w.lower() for w in _WORDS.findall(subject)], subject) > _allowed_missing(asked)


def _way_asked(question: str) -> bool | None:
    """Whether a question asks a fall (True), a rise (False) or either (None): "How much did X fall y/y ...?"."""
    down, up = bool(_DOWN.search(question)), bool(_UP.search(question))
    return down if down != up else None


def _other_way(before: str, down: bool | None) -> bool:
    """Whether the words before a change's figure tell a change the other way than the one asked ("Revenue increased
    $1.0 billion ..., offset in part by a decline in More Personal Computing", asked how much that fell: blind set
    35's d13)."""
    said = _CHANGED_BY.search(before)
    return down is not None and bool(said) and bool((_UP if down else _DOWN).search(said.group(0)))


# the parts of a figure, after it: "repurchased 408 million shares ... for $65.0 billion ..., including 35 million shares
# delivered under accelerated share repurchase agreements"
_PARTS = re.compile(r",\s+(?:including|of\s+which)\b", re.I)


def _before_parts(clause: str, figures: re.Pattern, asked: Asked) -> str:
    """The clause up to where it lists the parts of a figure it gave (_PARTS), whose figures are no other answer;
    the whole clause when a part is what is asked (a telling word only the parts hold: "Revenue was $9.0 billion,
    including $2.1 billion from Azure", asked for Azure's)."""
    m = _PARTS.search(clause)
    if not m or not figures.search(clause, 0, m.start()):
        return clause
    before = [w.lower() for w in _WORDS.findall(clause[:m.start()])]
    after = [w.lower() for w in _WORDS.findall(clause[m.end():])]
    return clause if any(_holds(w, after) and not _holds(w, before) for w in asked.words) else clause[:m.start()]


# a cap, not an amount: "authorized ... to repurchase up to $90 billion", unless the question asks for one
_UP_TO = re.compile(r"\bup\s+to\s+(?:an?\s+(?:additional|aggregate|total)\s+(?:of\s+)?)?$", re.I)
_CAP_ASKED = re.compile(r"\b(?:up\s+to|authori[sz]\w*|maximum|limit|cap|capacity|ceiling|borrow\w*|facility|at\s+most|"
                        r"can|could|may|might|allowed|eligible)\b", re.I)  # "How much can I get from the fund?"
_SPAN_NAMED = re.compile(r"\b((?:three|six|nine|twelve)(?:\s*(?:,|and|or)\s*(?:three|six|nine|twelve))*)\s+months\b",
                         re.I)  # "the three and nine months ended ..."
_FISCAL_YEAR = re.compile(r"\bfiscal\s+(?:year\s+)?((?:19|20)\d\d)\b", re.I)
_YEAR_TO_DATE = re.compile(r"\b(?:YTD|year[- ]to[- ]date)\b", re.I)
_SINCE_START = re.compile(r"\bsince\s+(?:the\s+|its\s+|our\s+)?(?:inception|start|beginning|launch)\b|\bto\s+date\b|"
                          r"\bcumulative\w*\b|\bin\s+the\s+aggregate\b|\blife[- ]to[- ]date\b", re.I)


# "was $612 million and $1.9 billion for the three and nine months ended March 31, 2023, respectively", "$144 million
# and $471 million for the third quarter and first nine months of fiscal year 2024, respectively"
_RESPECTIVE = re.compile(r"\b(?:for|during|in)\s+the\s+(?:(three|six|nine|twelve)\s+(?:months\s+)?|(?:first|second|third|fourth)\s+"
                         r"(quarter)\s+)and\s+(?:the\s+)?(?:first\s+)?(three|six|nine|twelve)\s+months\b(?:[^.;]|\.\d)*?"
                         r"\brespectively\b", re.I)


def _respective(figures: list[str], sentence: str, months: int | None) -> list[str]:
    """Of the two figures a sentence gives for two spans, "respectively", the one of the span asked (months); else
    the figures as found."""
    m = _RESPECTIVE.search(sentence)
    if len(figures) != 2 or not m or not months:
        return figures
    spans = [_SPAN_MONTHS[(m.group(1) or m.group(2)).lower()], _SPAN_MONTHS[m.group(3).lower()]]
    return [figures[spans.index(months)]] if months in spans and spans[0] != spans[1] else figures


def _respective_days(figures: list[str], clause: str, asked: set[str]) -> list[str]:
    """Of the figures a clause gives for as many days, "respectively" ("a fair value of $15.6 billion and $5.2 billion
    as of December 31, 2021 and September 30, 2022, respectively"), the one of the day asked; else the figures."""
    days = dates_in(clause)
    day = asked & set(days)
    if len(figures) < 2 or len(days) != len(figures) or len(set(days)) != len(days) or \
            not re.search(r"\brespectively\b", clause, re.I) or len(day) != 1:
        return figures
    return [figures[days.index(day.pop())]]


# two figures for two periods named after them in the same order: "were $19.9 billion and $21.8 billion in Q3 2022 and
# Q3 2023, and $58.8 billion and $62.2 billion for the nine months ended September 30, 2022 and 2023" (blind set 36's r19)
_PAIR_PERIODS = r"\s+(?:in|for|during)\s+(?:the\s+)?(?P<p1>[^,;.]+?)\s+and\s+(?P<p2>[^,;.]+?)(?=\s*(?:[,;]|\.(?!\d)|$))"


def _named_before(asked: Asked, text: str) -> bool:
    """Whether the text before a pair's figures holds the thing asked (each telling word but one, as _statements
    allows): "Shipping costs ... were $19.9 billion and ...", not "Cash capital expenditures were $14.1 billion and
    $10.4 billion ..., which primarily reflect investments in technology infrastructure" for technology and
    infrastructure expense."""
    return _missing(asked, [w.lower() for w in _WORDS.findall(text)]) <= _allowed_missing(asked)


def _missing(asked: Asked, words: list[str], sentence: str = "") -> int:
    """How many of the question's telling words the (lowercased) words lack; a short word is held too where the
    sentence spells it out in capitalised words ("EC": "the European Commission decision", blind set 39's u01), and
    a word negated by its prefix where the words say "not" and the rest (_said_not)."""
    return sum(not _holds(w, words) and not (sentence and _spelled_in(w, sentence)) and not _said_not(w, words)
               for w in asked.words)


def _said_not(word: str, words: list[str]) -> bool:
    """Whether a word negated by its prefix is said with "not" ("unrecognized": "not yet recognized"; blind set 41's
    w06)."""
    return word.startswith("un") and len(word) >= 7 and "not" in words and _holds(word[2:], words)


def _spelled_in(word: str, sentence: str) -> bool:
    """Whether sentence holds capitalised words in a row whose initials are the short word's letters."""
    if not 2 <= len(word) <= 4 or not word.isalpha():
        return False
    return bool(re.search(r"\b" + r"\s+".join(rf"{c.upper()}[a-z]+" for c in word) + r"\b", sentence))


def _allowed_missing(asked: Asked) -> int:
    """How many telling words a sentence may lack: one of four or more."""
    return 1 if len(asked.words) >= 4 else 0


def _pair_of_periods(clause: str, figures: re.Pattern, asked: set[str]) -> list[str]:
    """Of a clause's pairs of figures for two periods each named by a quarter or year alone ("Q3 2022 and Q3 2023",
    "fiscal 2022 and 2023"), the one figure of the period the question names (asked: its years and quarters,
    rag.periods.period_tokens; all of them, the other period's not); [] when no one pair gives one."""
    chosen = []
    for m in re.finditer(rf"(?P<a>{figures.pattern})\s+and\s+(?P<b>{figures.pattern}){_PAIR_PERIODS}", clause, re.I):
        periods = [m.group("p1"), m.group("p2")]
        tokens = [period_tokens(p) for p in periods]
        if not all(tokens) or any(dates_in(p) or _SPAN_NAMED.search(p) for p in periods):
            continue  # a span or a day: not a quarter or year alone
        if not any(t & {"q1", "q2", "q3", "q4"} for t in tokens):
            tokens[1] |= tokens[0] - {t for t in tokens[0] if t.isdigit()}  # "fiscal 2022 and 2023"
        held = [i for i, t in enumerate(tokens) if t <= asked and not (tokens[1 - i] <= asked)]
        if len(held) == 1:
            chosen.append(m.group("a" if held[0] == 0 else "b"))
    return chosen if len(chosen) == 1 else []


# what joins a thing's name to its figure: "manufacturing purchase obligations of $43.1 billion", "... totaled $2.1 billion"
_NAME_TO_FIGURE = r"\w*\s+(?:of|was|were|is|are|totall?ed|totall?ing|amounted\s+to|amounting\s+to)\s+" \
                  r"(?:approximately\s+|about\s+|nearly\s+)?"


def _periods_named(clause: str) -> int:
    """How many periods a clause names: its full dates, and the years outside them."""
    return len(set(dates_in(clause)) | set(re.findall(r"\b(?:19|20)\d\d\b", DATE.sub(" ", clause.lower()))))


def _named_figure(clause: str, asked: Asked, figures: re.Pattern) -> list[str]:
    """Of a clause's figures, the one right after the name asked ("As of June 25, 2022, the Company had manufacturing
    purchase obligations of $43.1 billion, with $43.0 billion payable within 12 months": $43.1 billion); [] when
    the name is not followed by one."""
    words = asked.head or asked.words
    if not words:
        return []
    after = re.compile(rf"\b{re.escape(words[-1])}{_NAME_TO_FIGURE}(?={figures.pattern})", re.I)
    return [figures.match(clause, m.end()).group(0) for m in after.finditer(clause)][:1] \
        if len(after.findall(clause)) == 1 else []


# the measure a change is of: "Azure revenue grew 29%" and "Azure growth of 29%" say the same
_MEASURE = frozenset({"revenue", "revenues", "sales"})


def _changed_figure(clause: str, asked: Asked, figures: re.Pattern) -> list[str]:
    """Of a clause's figures of a change, the one whose own words (from the figure before it) hold the most of the
    thing asked, not counting a measure's name ("Server products and cloud services revenue increased 21% driven
    by Azure and other cloud services growth of 29%": 29% for Azure's, 21% for server products'); [] when the most
    is held by more than one, or the question asks no change."""
    if not asked.change:
        return []
    words = [w for w in asked.words + asked.names if w not in _MEASURE]
    measured = any(w in _MEASURE for w in asked.words)
    held, start = [], 0
    for m in figures.finditer(clause):
        if _CHANGED_BY.search(clause[:m.start()]):
            own = [w.lower() for w in _WORDS.findall(clause[start:m.start()])]
            if measured or not _MEASURE & set(own):  # (a revenue's growth answers no question about seats)
                held.append((sum(_holds(w, own) for w in words), m.group(0)))
        start = m.end()
    if not held:
        return []
    most = max(n for n, _ in held)
    best = [figure for n, figure in held if n == most]
    return best if most and len(best) == 1 else []


def _in_a_row(telling: tuple[str, ...], sentence: str) -> bool:
    """Whether the sentence holds the telling words one after another, in their order (its stopwords aside: "general
    and administrative expenses")."""
    return next(_rows_at(telling, _content_words(sentence)), None) is not None


def _content_words(sentence: str) -> list[str]:
    """The sentence's words, lowercased, its stopwords aside."""
    return [w.lower() for w in _WORDS.findall(sentence) if w.lower() not in STOPWORDS]


def _rows_at(telling: tuple[str, ...], words: list[str]) -> Iterator[int]:
    """Where in the words the telling words stand one after another, in their order: each first index."""
    return (i for i in range(len(words) - len(telling) + 1)
            if all(_holds(t, [w]) for t, w in zip(telling, words[i:i + len(telling)])))


def _best(found: list[tuple[int, str, int, str]], asked: Asked | None = None,
          question: str = "") -> tuple[str, int, str] | None:
    """The sentence that states the figure: of those missing the fewest telling words, the first, when they all
    give the same figure; where they give several, those that say the most of the question's pairs of words as it
    says them ("equity investment in Rivian" over "equity and equity warrant investments ... relate to Rivian")."""
    if not found:
        return None
    fewest = min(missing for missing, *_ in found)
    best = [(figure, n, sentence) for missing, figure, n, sentence in found if missing == fewest]
    if asked and len(asked.words) > 1:
        # a sentence that names the thing as the question does, its words in a row ("Microsoft Cloud revenue increased
        # 22%"), over one whose words are scattered ("Office Consumer products and cloud services revenue increased 1%
        # and Microsoft 365 Consumer subscribers ...")
        best = [b for b in best if _in_a_row(asked.words, b[2])] or best
    # a highlight's short sentence only where no full sentence states it ("Prior year Data Center revenue was $3.81
    # billion." beside "Data Center revenue was a record $10.32 billion, up 171% from a year ago.")
    best = [b for b in best if len(_WORDS.findall(b[2])) >= _FULL_SENTENCE] or best
    if question and len({_value(figure) for figure, _, _ in best}) > 1:
        pairs = _word_pairs(question)
        said = [len(pairs & _word_pairs(b[2])) for b in best]
        best = [b for b, n in zip(best, said) if n == max(said)]
    values = {_value(figure) for figure, _, _ in best}
    return best[0] if len(values) == 1 and None not in values else None


def _word_pairs(text: str) -> set[tuple[str, str]]:
    """Each two words that follow each other in text, in lower case, a pair of stopwords left out."""
    words = [w.lower() for w in _WORDS.findall(text)]
    return {(a, b) for a, b in zip(words, words[1:]) if not (a in STOPWORDS and b in STOPWORDS)}


def _value(figure: str) -> float | None:
    """"$29.0 billion", "29%", "12 percent" as the number printed (rows.value_of)."""
    return value_of(re.sub(r"[$\s]|percent", "", figure))


def stated_figure(question: str, hits: list[Hit], months: int | None = None) -> Calculation | None:
    """The figure one sentence of the passages states (see the module's docstring), as a looked-up Calculation
    whose text quotes the sentence; None when no sentence (or sentences with different figures) states it."""
    asked = stated_asked(question, [h.file for h in hits])
    found = _best(_statements(question, asked, hits, months=months), asked, question) if asked else None
    if not found:
        return None
    figure, n, sentence = found
    sentence = _around(sentence, figure)
    ref = Ref(" ".join(asked.words))
    value = _value(figure) or 0.0
    return Calculation(Formula(ref, False, stated=True), {ref: Operand(str(ref), sentence, figure, value, n)}, figure)


def stated_operand(term: str, question: str, hits: list[Hit], months: int | None = None,
                   others: list[str] = (), paired: bool = False) -> Operand | None:
    """A formula's term that no table row names, as one sentence of the passages states it ("What share of
    Microsoft's total revenue came from Microsoft Cloud ...": "Microsoft Cloud revenue increased 24% to $25.7
    billion."): looked up as if asked alone ("How much was Microsoft Cloud revenue?"), every rule of stated_figure
    kept, the question's own dates, fiscal years and figures among them; None when no sentence (or sentences with
    different figures) states it. A sentence that also names another term of the formula (others) gives their sum
    or their whole, not this term ("$17.11 billion of outstanding inventory purchase and long-term supply and
    capacity obligations", asked "inventory purchases plus long-term supply and capacity deals"). paired (a term of
    one period, set against its figure in another): only a figure given beside the other period's (_pair_of_periods),
    and then a name of two telling words is enough ("shipping costs")."""
    files = [h.file for h in hits]
    asked = stated_asked(f"How much was {term}?", files, 2 if paired else 3)
    if not asked:
        return None
    named = _words_of(files)
    other_words = [words for t in others
                   if (words := [w for w in _telling(t, named, False) if not _holds(w, list(asked.words))])]
    found = [f for f in _statements(question, asked, hits, months=months, paired=paired)
             if not any(all(_holds(w, [x.lower() for x in _WORDS.findall(f[3])]) for w in words) for words in other_words)]
    found = _best(found, asked, question)
    if not found:
        return None
    figure, n, sentence = found
    value = _value(figure)
    return Operand(term, _around(sentence, figure), figure, value, n) if value is not None else None


def _around(sentence: str, figure: str) -> str:
    """The sentence, or the part of it around the figure when it is long."""
    if len(sentence) <= _SHOWN:
        return sentence
    at = sentence.find(figure)
    start = max(0, min(at - _SHOWN // 2, len(sentence) - _SHOWN))
    return ("…" if start else "") + sentence[start:start + _SHOWN].strip() + \
        ("…" if start + _SHOWN < len(sentence) else "")


# a negation close before what a sentence says: "We did not repurchase any shares", "No shares were repurchased"
_NEGATION = re.compile(r"^(?:not|no|none|never|neither|nor|without|didn['’]t|hasn['’]t|haven['’]t|wasn['’]t|weren['’]t)$",
                       re.I)
_NEGATION_REACH = 3  # words between the negation and the question's word it governs
_QUARTER_WORDS = re.compile(r"\b(first|second|third|fourth)\s+(?:fiscal\s+)?quarter\b|\bQ([1-4])\b", re.I)
# the name a yes-or-no question opens on: "Did NVIDIA", "Has Apple Inc."
_SUBJECT = re.compile(r"^\s*(?i:is|are|was|were|does|do|did|has|have|had)\s+((?:[A-Z][\w.&'’-]*\s+)+)")


def denying_sentence(question: str, hits: list[Hit]) -> tuple[str, int] | None:
    """The sentence of the passages that says no to a yes-or-no question in the question's own words, with its
    passage [n] ("Did NVIDIA repurchase any of its shares during the first quarter of fiscal year 2024?": "We did not
    repurchase any shares during the first quarter of fiscal year 2024."): every telling word of the question (not
    its question words, periods or the company's names) in one sentence (of four or more, all but one; all but two
    when the sentence holds the figures the question gives), a negation at most _NEGATION_REACH words
    before one of them, and no other date, year or quarter than the question's where the sentence names one; of the
    passages from the documents the question names, when some are (rag.route); None when there is none. (A sentence
    with the same words and no negation is no yes: "we had $7.23 billion remaining under our share repurchase
    authorization" says nothing of the quarter's repurchases.)"""
    named = _company_words(question, hits) | {w for _, words in names_asked(question) for w in words}
    words = [w for w in _telling(question, named, False) if w != "any"]
    if len(words) < 2:
        return None  # one word ("Did Corvane grow?") is in too many sentences
    given = [m.group(0) for kind in ("money", "percent") for m in _FIGURES[kind].finditer(question)]
    denied = []
    for n, sentence in _routed_sentences(hits):
        said = [w.lower() for w in _WORDS.findall(sentence)]
        # one word may be missing of four or more, two when the sentence holds the figures the question gives
        # ("Did any single customer account for 10% or more of revenue ...?": "No customer represented 10% or more
        # of total revenue ...")
        allowed = (len(words) >= 4) + (len(words) >= 4 and bool(given) and all(g in sentence for g in given))
        if sum(not _holds(w, said) for w in words) > allowed or not _same_period(question, sentence):
            continue
        if _negated(said, words):
            denied.append((sentence, n))
    return denied[0] if denied else None


def denied_claim(question: str, answer: str, hits: list[Hit]) -> tuple[str, int] | None:
    """The sentence of the passages that says no, in the period the question asks, to what a yes answer claims in its
    own words, where the question's words are not the filing's ("Did Amazon buy back any stock in the first nine months
    of 2023?" answered "Yes, Amazon repurchased 46.2 million shares of its common stock during the nine months ended
    September 30, 2022": "There were no repurchases of our common stock during the nine months ended September 30,
    2023."): a negation at most _NEGATION_REACH words before a word of the answer's first sentence's claim (its
    telling words, not the question's), the sentence holding two or more of those words and one of the question's,
    naming the question's period (a date, a year or a quarter of it) and no other; of the routed passages; None when
    there is none. See rag.guard.DENIED_CLAIM."""
    named = _company_words(question, hits) | {w for _, words in names_asked(question) for w in words}
    first = next(iter(re.split(r"(?<=[.!?])\s+", answer.strip())), "")
    claimed = [w for w in _telling(re.sub(r"^\s*yes\b[,:]?\s*", "", first, flags=re.I), named, False)
               if w not in ("any", "shares")]  # (a count's word: the sentence may deny the thing, not its shares)
    asked = [w for w in _telling(question, named, False) if w != "any"]
    if len(claimed) < 2 or not asked:
        return None
    for n, sentence in _routed_sentences(hits):
        said = [w.lower() for w in _WORDS.findall(sentence)]
        if sum(_holds(w, said) for w in claimed) < 2 or not any(_holds(w, said) for w in asked) or \
                not _names_period_of(question, sentence) or not _same_period(question, sentence):
            continue
        if _negated(said, claimed):
            return sentence, n
    return None


def _negated(said: list[str], words: list[str]) -> bool:
    """Whether a sentence's words (said) hold a negation at most _NEGATION_REACH words before one of words."""
    at = [i for i, w in enumerate(said) if any(_holds(t, [w]) for t in words)]
    return any(_NEGATION.match(said[j]) for i in at for j in range(max(0, i - _NEGATION_REACH - 1), i))


def _names_period_of(question: str, sentence: str) -> bool:
    """Whether a sentence names a date, a year or a quarter the question names."""
    return bool(set(dates_in(FILING_DATE.sub(" ", question))) & set(dates_in(sentence)) or
                _years(question) & _years(sentence) or _quarters(question) & _quarters(sentence))


def _same_period(question: str, sentence: str) -> bool:
    """Whether a sentence names no date, year, quarter or span of months other than the question's, where both name
    one (a quarter with nothing repurchased says nothing of the half year asked)."""
    spans = [{m} if (m := months_asked(text)) else set() for text in (question, sentence)]
    return all(not (a and b) or a & b for a, b in ((set(dates_in(FILING_DATE.sub(" ", question))), set(dates_in(sentence))),
                                                   (_years(question), _years(sentence)),
                                                   (_quarters(question), _quarters(sentence)), spans))


def _years(text: str) -> set[str]:
    return set(re.findall(r"\b(?:19|20)\d{2}\b", text))


def _quarters(text: str) -> set[str]:
    """The quarters a text names, as "1" to "4" ("the first quarter", "Q1")."""
    return {ORDINALS.get((m.group(1) or "").lower(), m.group(2)) for m in _QUARTER_WORDS.finditer(text)}


def stated_passages(question: str, hits: list[Hit], search: Callable[[str], list[Hit]],
                    months: int | None = None) -> list[Hit]:
    """Passages to add whose sentences state the figure asked, found by searching the question's telling words
    (search: rag.answer's term search in the documents the question names) when no passage shown has a sentence
    holding all of them: those (at most two) whose sentences hold the most. When they give different figures, or a
    figure other than the passages shown give, stated_figure then finds them at odds and looks nothing up."""
    asked = stated_asked(question, [h.file for h in hits])
    if not asked:
        return []
    shown = _statements(question, asked, hits, months=months)
    if any(missing == 0 for missing, *_ in shown):
        return []
    # a run of chunks that holds some passages shown whole counts (its other chunks may state it: blind set 36's r22,
    # "Microsoft Cloud revenue increased 24% to $31.8 billion." the chunk before one shown); the caller puts it in
    # their place (rag.answer.in_place)
    found = [h for h in search(" ".join(asked.words + asked.also))[:8] if adds_whole(h, hits)]
    # all of the named documents' passages
    more = _statements(question, asked, [replace(h, routed=True) for h in found], first=0, months=months)
    if not more:
        return []
    fewest = min(missing for missing, *_ in shown + more)
    routed = any(h.routed for h in hits)
    return [replace(found[n], routed=routed) for n in dict.fromkeys(n for missing, _, n, _ in more
                                                                     if missing == fewest)][:2]


# a deal asked as done or not ("Had Microsoft closed the Activision Blizzard acquisition by the time it filed ...?",
# "Did Intel complete its acquisition of Tower Semiconductor?"): the sentence that says it was completed, or ended
# (blind sets 22's d21, 23's e25, 25's g15, 26's h24)
_DONE_ASKED = re.compile(r"^\s*(?i:did|had|has|have|was|were|is)\b.*\b(?:complet\w*|clos(?:e|ed|ing)|consummat\w*|"
                         r"finali[sz]\w*)\b", re.I)
_DEAL = re.compile(r"^(?:acqui|merge|purch|dives|sale|deal|trans|spin)", re.I)  # the first letters of a deal's words
_COMPLETED = re.compile(r"^(?:complet|consummat|closed$|closing$|finali[sz])", re.I)
_ENDED = re.compile(r"^(?:terminat|cancel|abandon|withdr[ae]w|rescind)", re.I)
_MIGHT = re.compile(r"^(?:if|may|might|could|would|should|unless|expect\w*|anticipat\w*|will|can|pending|plan\w*|"
                    r"intend\w*|subject|upon|once|when|until|before|whether)$", re.I)


def deal_asked(question: str) -> bool:
    """Whether a question asks if a deal with a party it names was completed (deal_sentence's questions)."""
    return bool(_DONE_ASKED.match(question) and _parties(question))


def deal_sentence(question: str, hits: list[Hit]) -> tuple[bool, str, int] | None:
    """For a yes-or-no question asking whether a deal with a named party was completed ("closed", "consummated"),
    the passages' sentence that says so: (True, sentence, passage [n]) where it was completed ("On October 13, 2023,
    we completed our acquisition of Activision Blizzard, Inc. ..."), (False, ...) where it was ended ("we mutually
    agreed with Tower to terminate the agreement ... to acquire Tower"); a word of each name asked, a deal's word
    and no negation, nor a word of what might be ("expected to close", "if the merger is terminated"), in that one
    sentence; of the passages of the documents the question names, when some are. None when there is none, or
    sentences say both."""
    if not _DONE_ASKED.match(question):
        return None
    names = _parties(question)
    if not names:
        return None  # the party the deal is with, named: "Activision Blizzard"
    said: dict[bool, tuple[str, int]] = {}
    for n, sentence in _routed_sentences(hits):
        told = _deal_told([w.lower().strip("'’") for w in _WORDS.findall(sentence)], names)
        if told is False:
            said.setdefault(False, (sentence, n))
        elif told and _same_period(question, sentence):
            said.setdefault(True, (sentence, n))
    if len(said) != 1:
        return None
    (done, (sentence, n)), = said.items()
    return done, sentence, n


# a deal a question takes as done without asking it ("What total price did Nvidia pay when it closed its acquisition of
# Arm?"): where the passages say only that it was ended, the question's premise fails (premise_ended; blind set 30's
# l30)
_PRESUMED_DONE = re.compile(r"\b(?:(?:when|after|once|upon|as)\s+(?:it|they|the\s+company|[A-Z][\w.&-]*)\s+"
                            r"(?:closed|completed|consummated|finali[sz]ed)\s+(?:its|their|the)|(?:upon|at|after|on)\s+"
                            r"(?:the\s+)?(?:closing|completion|consummation)\s+of\s+(?:its|their|the))\s+(?:[\w-]+\s+)?"
                            r"(?:acquisition|merger|purchase|takeover|deal)\s+(?:of|with|for)\s+"
                            r"(?P<party>[A-Z][\w&.-]*(?:\s+[A-Z][\w&.-]*)*)")


def premise_ended(question: str, hits: list[Hit]) -> tuple[str, int] | None:
    """For a question that takes a deal with a named party as completed without asking whether it was ("... when it
    closed its acquisition of Arm?"), the passages' sentence that says the deal was ended (a word of the party's name,
    a deal's word, one of its ending: "terminated", "cancelled"; no negation nor a word of what might be), where no
    sentence says it was completed: (sentence, passage [n]); else None."""
    m = _PRESUMED_DONE.search(question)
    if not m or _DONE_ASKED.match(question):
        return None
    party = [w.lower() for w in _WORDS.findall(m.group("party")) if len(w) > 2 and w.lower() not in STOPWORDS]
    ended = completed = None
    for n, sentence in _routed_sentences(hits):
        # ("the termination of the agreement whereby NVIDIA would have acquired Arm": what would have been, ended)
        told = _deal_told([w.lower().strip("'’") for w in _WORDS.findall(re.sub(r"\bwould\s+have\b", " ", sentence))],
                          [party])
        if told is False:
            ended = ended or (sentence, n)
        elif told:
            completed = (sentence, n)
    return ended if ended and not completed else None


def _deal_told(words: list[str], names: list[list[str]]) -> bool | None:
    """Of a sentence's words (lowercased), whether it says the deal with the parties named was ended (False) or
    completed (True): a word of each name, a deal's word, one of its ending or completion, no negation nor a word of
    what might be ("expected to close", "if the merger is terminated"); None where it says neither."""
    if not all(any(w in words for w in name) for name in names) or not any(_DEAL.match(w) for w in words) or \
            any(_NEGATION.match(w) or _MIGHT.match(w) for w in words):
        return None
    if any(_ENDED.match(w) for w in words):
        return False
    return True if any(_COMPLETED.match(w) for w in words) else None


_CAPITALISED = re.compile(r"(?<![\w'’])[A-Z][\w&.-]*(?:\s+[A-Z][\w&.-]*)*")


def _parties(question: str) -> list[list[str]]:
    """The telling words of each name a question about a deal gives, but the company it asks about (the name its
    question word opens on: "Had Microsoft"), months and periods ("September", "Q3", "10-Q")."""
    subject = _SUBJECT.match(question)
    start = subject.end() if subject else 0
    out = []
    for m in _CAPITALISED.finditer(question, start):
        words = [w.lower() for w in _WORDS.findall(m.group()) if len(w) > 2 and w.lower() not in MONTH_WORDS and
                 w.lower() not in STOPWORDS and not re.fullmatch(r"(?i)q[1-4]|fy\d*|fiscal", w)]
        if words and words not in out:
            out.append(words)
    return out


_EVIDENCE_WORDS = 60  # a longer sentence is a list of risks, not one fact to quote
_COMPANY_PLACE = re.compile(r"(?P<name>(?:[A-Z][\w.&-]*\s+)*[A-Z][\w.&-]*)['’]s\b|\bby\s+(?P<by>[A-Z][\w.&-]*)")
_TITLE_WORD = re.compile(r"\b[A-Z][A-Za-z'’-]*")  # a word written capitalised, or in capitals


# a figure a yes-or-no question names that is no year nor a day of a date ("Is Apple's fiscal 2023 a 53-week year?"):
# where it names no party or place, the sentence quoted holds it (evidence_sentence; blind set 28's j07)
EVIDENCE_FIGURES = True
_QUESTION_FIGURE = re.compile(r"(?<![\w,.$/-])(?!(?:19|20)\d\d(?!\d))(\d+(?:\.\d+)?)(?=-[a-z]|%|\s|$|[?.,;])")  # "53-week", not "10-Q"


def evidence_sentence(question: str, hits: list[Hit]) -> tuple[str, int] | None:
    """For a yes-or-no question about a party or place it names ("Did Amazon put money into Anthropic during the
    quarter ended September 30, 2023?", "Was NVIDIA still running business operations in Russia at the end of its third
    quarter of fiscal 2023?"), or, naming none, about a figure it names that is no year ("Is Apple's fiscal 2023 a
    53-week year?": a sentence holding "53"), the passages' sentence that speaks of it, to be quoted where the model's
    yes or no could not be checked: (sentence, passage [n]). The sentence holds a word of each name the question gives (not the
    company it asks about: the question's subject, a possessive's owner, "reported by X") and, where the question has
    other telling words, the most of them (at least one; "money" is held by an amount in dollars); it names no other
    period than the question's, is no heading (most of its words capitalised), and is of the passages of the
    documents the question names, when some are; of two holding as many, the higher-ranked. None when there is
    none."""
    # the company the question asks about, named as owner or doer too ("Apple's", "reported by Microsoft"), is no party
    named = _company_words(question, hits) | {w.lower() for m in _COMPANY_PLACE.finditer(question) for w in _WORDS.findall(m.group("name") or
                                                                                          m.group("by"))}
    names = [name for name in _parties(question) if not set(name) <= named]
    figures = [] if names or not EVIDENCE_FIGURES else _QUESTION_FIGURE.findall(DATE.sub(" ", question))
    if not names and not figures:
        return None
    named |= {w for _, words in names_asked(question) for w in words} - {w for name in names for w in name}
    others = [w for w in _telling(question, named, False) if w != "any" and not any(w in name for name in names)]
    best: tuple[tuple[int, bool], str, int] | None = None
    asked_years = _years(question)
    for n, sentence in _routed_sentences(hits):
        words = [w.lower().strip("'’") for w in _WORDS.findall(sentence)]
        if len(words) > _EVIDENCE_WORDS or not all(any(w in words for w in name) for name in names) or \
                not all(re.search(rf"(?<![\d,.]){re.escape(f)}(?![\d,]|\.\d)", sentence) for f in figures) or \
                not _same_period(question, sentence) or len(_TITLE_WORD.findall(sentence)) * 2 > len(words):
            continue  # (a heading run into its text: "REPORT OF INDEPENDENT ... FIRM To the Stockholders ...")
        # "money" is what a sentence's amount of dollars is ("put money into": "invested $1.25 billion in")
        held = sum(_holds(w, words) or w == "money" and "$" in sentence for w in others)
        # of two holding as many, one that names the question's year ("fiscal years 2023 and 2022 span 53 and 52
        # weeks", not "the 52- or 53-week period that ends ...")
        score = (held, bool(asked_years & _years(sentence)))
        if (held or not others) and (best is None or score > best[0]):
            best = (score, sentence, n)
    return (best[1], best[2]) if best else None


# A reason asked: "Why did NVIDIA's gross margin increase in Q3 FY24 ...?", "What reason did Microsoft give for the
# decline in Windows OEM revenue in the quarter ended March 31, 2023?" (blind set 29's k22, k23: the model gave the
# margin's levels, or the currency effect of another sentence). The filing's MD&A says it in one sentence: the line
# asked, its change, and the cause ("Windows OEM revenue decreased 28% as elevated channel inventory levels continued
# to drive additional weakness beyond declining PC demand.").
_REASON_ASKED = re.compile(r"^\s*(?:why\b|what\s+(?:drove|caused|explains?|led\s+to|was\s+behind|accounted\s+for)\b|"
                           r"what\s+(?:\w+\s+){0,2}(?:reasons?|drivers?|causes?|factors?)\b)", re.I)
# a figure asked beside the reason: "Why did X fall, and by how much?", "What drove X and what was it?"
_FIGURE_TOO = re.compile(r"\b(?:how\s+(?:much|many|big|large|far)|by\s+what|(?:and|also)\s+(?:what|which))\b", re.I)


def cause_only(question: str) -> bool:
    """Whether the question asks a reason and no figure ("What drove the year-on-year growth in NVIDIA's Gaming revenue
    in Q3 FY24?": the filing's reason, not the growth's size; blind set 43's y25)."""
    return bool(_REASON_ASKED.match(question)) and not _FIGURE_TOO.search(question)


_BECAUSE = re.compile(r"\b(?:due\s+(?:\w+\s+){0,2}to|driven\s+(?:\w+\s+){0,2}by|primarily\s+(?:from|reflect\w*)|"
                      r"reflect(?:s|ed|ing)\b|because|attributable\s+to|result(?:ed|ing)?\s+(?:\w+\s+)?from|"
                      r"as\s+a\s+result\s+of|(?:increas|decreas|declin|grew|rose|fell|grow)\w*\s+[^.;]{0,40}?\bas\s+"
                      r"(?!of\b|well\b|compared\b|a\s+percent))", re.I)
_UP = re.compile(r"\b(?:increas\w*|grow\w*|grew|growth|r[io]se|higher|improv\w*|expan\w*|up|jump\w*|surg\w*|"
                 r"climb\w*|soar\w*|spik\w*|balloon\w*)\b", re.I)
_DOWN = re.compile(r"\b(?:decreas\w*|declin\w*|fell|fall\w*|drop\w*|lower|weak\w*|contract\w*|reduc\w*|down|plung\w*|"
                   r"slump\w*|tumbl\w*|slid|slide|slipp?\w*|shr[ai]nk\w*|plummet\w*|sank|sink\w*|dipp?\w*)\b", re.I)
_CHANGE_AGAIN = re.compile(r"(?i)^(?:the|this)\s+(?:[\w-]+\s+){0,3}(?:increase|decrease|decline|growth|rise|drop)\b")
_REASON_WORDS = frozenset("""why reason reasons drove driven drive drivers driver caused cause causes explain explains
explained explanation give gave given behind account accounted main primary key factor factors versus vs both prior
previous compared comparison relative against ago earlier sequential sequentially year-over-year yoy led segment
segments division""".split())


def _same_quarter(question: str, sentence: str) -> bool:
    asked, said = _quarters(question), _quarters(sentence)
    return not (asked and said) or bool(asked & said)


# a statement, then "Why?": "AMZN Q2'23: AWS top line grew y/y but segment op income fell. Why?" (blind set 31's m10):
# the reason asked is the statement's, of its half after a contrast ("but", "while", "yet"): the change that needs one
_WHY_AFTER = re.compile(r"^(?P<said>.+?)\s*(?:[.;:!]|\s[-–—]{1,2})\s*(?:so\s+)?(?:why|what\s+(?:explains|drove|caused|"
                        r"is\s+behind|"
                        r"was\s+behind)\s+(?:this|that|it|the\s+gap|the\s+difference))\s*\?\s*$", re.I)
_CONTRAST = re.compile(r",?\s+(?:but|while|yet|whereas|although|even\s+though)\s+", re.I)
_OP = re.compile(r"\bop\.?(?=\s+(?:income|margin|profit|loss|expenses?)\b)", re.I)  # "op income": operating income


def why_first(question: str) -> str:
    """A statement followed by "Why?" written as a why-question of its last half after a contrast, a topic before a
    colon kept ("Why AMZN Q2'23: segment operating income fell?"); "op income" as "operating income"; any other
    question as it is."""
    question = _OP.sub("operating", " ".join(question.split()))
    if not (m := _WHY_AFTER.match(question)):
        return question
    said = m.group("said")
    halves = _CONTRAST.split(said, maxsplit=1)
    if len(halves) == 1:
        return f"Why {said}?"
    topic = halves[0][:halves[0].rfind(":") + 1] if ":" in halves[0] else ""
    return f"Why {topic + ' ' if topic else ''}{halves[1]}?"


def reason_asked(question: str, hits: list[Hit]) -> list[str]:
    """The telling words of the line whose change a why-question asks the reason for ("gross", "margin"); [] for any
    other question, or one asking of both a rise and a fall."""
    question = why_first(question)
    if not _REASON_ASKED.match(question) or _UP.search(question) and _DOWN.search(question) or \
            _HOW_MUCH_TOO.search(question):
        return []
    named = _company_words(question, hits) | {w for _, words in names_asked(question) for w in words}
    # (not the words of its direction: "jump", "plunge")
    return [w for w in _telling(question, named, True) if w not in _REASON_WORDS and not _UP.fullmatch(w)
            and not _DOWN.fullmatch(w)]


def reason_cut(text: str, telling: list[str]) -> bool:
    """Whether a passage's last sentence tells of the line's change (every telling word, a change) and gives no cause:
    the reason may open the next chunk ("Our overall gross margin increased to 74.0% ...
    from 53.6% ...", then "The year-on-year increase was primarily due to ...")."""
    sentences = list(_sentences(text))
    if not telling or not sentences or _BECAUSE.search(sentences[-1]):
        return False
    words = [w.lower() for w in _WORDS.findall(sentences[-1])]
    return all(_holds(w, words) for w in telling) and bool(_UP.search(sentences[-1]) or _DOWN.search(sentences[-1]))


# A why-question's sentence from a section about another span than the one asked is no answer: Microsoft's MD&A says
# "Windows revenue decreased $741 million or 12% driven by ..." for the quarter and "... $2.9 billion or 16% ..." for
# the nine months, each under its own heading (blind set 38's t25). bench/RESULTS.md, fifty-fourth session. Nor is
# such a sentence's figure the span's asked (stated figures, _statements: "Azure and other cloud services revenue grew
# 31%" under the nine months' heading, 27% under the quarter's; blind set 39's u23, fifty-fifth session).
SECTION_SPANS = True


def stated_reason(question: str, hits: list[Hit]) -> Calculation | None:
    """The first sentence of the passages (of the documents the question names) that gives the reason a why-question
    asks: every telling word of the question (or, in a sentence right after one that has them, its change named again:
    "The year-on-year increase was ..."), a change the way the question's goes, a cause ("due to", "driven by",
    "primarily from", "reflecting", "decreased 28% as ..."), and no other quarter than the question's; as a looked-up
    Calculation quoting it, its figure the sentence's first; None for any other question, or when no sentence does."""
    telling = reason_asked(question, hits)
    if not telling:
        return None
    question = why_first(question)
    up, down = bool(_UP.search(question)), bool(_DOWN.search(question))
    span = months_asked(question)
    before, found = (0, "", False), []  # the sentence before: its passage, its text, whether it held every word
    sections: dict[int, tuple] = {}  # passage [n]: its _sections, read once
    for n, sentence in _routed_sentences(hits):
        if SECTION_SPANS and span and n not in sections:
            sections[n] = _sections(hits[n - 1])
        if SECTION_SPANS and span and (section := _span_of(hits[n - 1], sentence, sections[n])) and section != span:
            continue  # another span's section ("Nine Months Ended ... Compared with ...", asked the quarter: t25)
        told = all(_holds(w, [x.lower() for x in _WORDS.findall(sentence)]) for w in telling)
        after = before[0] == n and before[2] and bool(_CHANGE_AGAIN.match(sentence))
        prior, before = before[1], (n, sentence, told)
        # (a quarter other than the question's rules a sentence out; a year may be the fiscal year's name for the
        # quarter's calendar date, and the report is the question's already: rag.route)
        if _BECAUSE.search(sentence) and (told or after) and _same_quarter(question, sentence) \
                and _goes(sentence, telling if told else [], up, down):
            found.append((n, f"{prior} {sentence}" if after and not told else _naming(sentence, telling)))
    # a segment's sentence ("The gross margin of our Compute & Networking segment decreased ...") after the whole
    # company's, where the question names no segment; only one naming the line word for word ("Windows OEM revenue"),
    # not one holding its words apart ("Windows revenue ... driven by lower Windows OEM")
    found = sorted((f for f in found if _in_a_row(tuple(telling), f[1])),
                   key=lambda f: bool(_SEGMENT_SAID.search(f[1])) and not _SEGMENT_SAID.search(question))
    if not found:
        return None
    n, sentence = found[0]
    figure = next((m.group() for pattern in (_FIGURES["percent"], _FIGURES["money"]) if (m := pattern.search(sentence))),
                  "")
    ref = Ref("the reason stated")
    return Calculation(Formula(ref, False, stated=True),
                       {ref: Operand(str(ref), sentence, figure, _value(figure) or 0.0 if figure else 0.0, n)}, figure)


def _goes(sentence: str, telling: list[str], up: bool, down: bool) -> bool:
    """Whether the sentence tells of a change the way the question's goes: the first word of a change within six
    words after the line's name ("Services gross margin increased ..., partially offset by the weakness in foreign
    currencies" tells of a rise, whatever its cause's words: blind set 30's l21); where it names the line otherwise,
    any word of that change."""
    if not (up or down):
        return True
    words = _content_words(sentence)
    for i in _rows_at(tuple(telling), words) if telling else ():
        if changed := next((w for w in words[i + len(telling):i + len(telling) + 6]
                            if _UP.fullmatch(w) or _DOWN.fullmatch(w)), None):
            return bool(_UP.fullmatch(changed)) == up and bool(_DOWN.fullmatch(changed)) == down
    return bool((not up or _UP.search(sentence)) and (not down or _DOWN.search(sentence)))


def _naming(sentence: str, telling: list[str]) -> str:
    """Of a sentence that runs on past a name's full stop ("... driven by a decrease in Windows OEM. Windows OEM revenue
    decreased 28% as ..."), the part that names the line word for word; else the sentence."""
    parts = re.split(r"(?<=[A-Z]\.)\s+(?=[A-Z])", sentence)
    return next((p for p in parts if _in_a_row(tuple(telling), p) and _BECAUSE.search(p)), sentence)


_SEGMENT_SAID = re.compile(r"\bsegments?\b", re.I)
# a figure asked beside the reason ("..., and by how much?"): the reason's sentence alone would answer half
_HOW_MUCH_TOO = re.compile(r"\b(?:how\s+(?:much|large|big|many)|by\s+what\s+(?:percent\w*|amount))\b", re.I)
