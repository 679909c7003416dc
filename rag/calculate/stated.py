"""Stated: a figure that one sentence of the passages states in the question's own words, looked up where no table
row holds it.

Some figures are printed in a note's or the cover page's prose, not in a statement's rows: "We have an unrecognized
commitment to fund our respective share of the total construction costs of Arizona Fab of $29.0 billion.",
"10,334,030,586 shares of common stock, par value $0.01 per share, outstanding as of October 18, 2023". The model
picked a neighbouring sentence's figure for both (bench/RESULTS.md, nineteenth and twentieth sessions). Asked for
one such figure ("How much ...", "How many ...", "What <thing> did X disclose ...", "What was ..."), the sentence
is looked up:
- every telling word of the question, three or more (not its question words, periods, names of the company it is
  about, or words such as "total", "report", "disclose") is in the sentence (one may be missing when there are four
  or more; a bullet ends a sentence);
- the sentence gives exactly one figure of the kind asked: an amount of money for "how much", a count of shares
  (employees, members, ...) for "how many", a percentage for a rate or a percentage; not counting figures of how
  much something changed ("increased $3.9 billion");
- a full date it names is the question's, when the question names one;
- when some passage comes from a document the question names (rag.route), only those passages' sentences count;
- every such sentence among the passages gives the same figure.
Else nothing is looked up: no figure is better than another sentence's. Not for a question asking for a change, a
comparison, a reason or two things ("... and over what period"): one sentence's one figure would answer only part.
"""
from __future__ import annotations

import re
from dataclasses import replace
from typing import Callable

from rag.calculate.formula import Calculation, Formula, Operand, Ref
from rag.calculate.rows import value_of
from rag.periods import dates_in
from rag.retrieve import Hit
from rag.route import STOPWORDS, names_asked

# "How much ...", "How many ...", "What was/were/is/are ...", "What (total) amount ...", "What unrecognized commitment
# did Intel disclose ...", after an opening clause ("In its 10-Q for the quarter ended September 30, 2023, ...")
_ASKS = re.compile(r"^\s*(?:(?:in|per|according\s+to|for|from)\b(?:[^,?]|,\s*\d{4})*,\s*)?"
                   r"(?:how\s+(?:much|many)|what\s+(?:was|were|is|are|(?:total\s+)?amount|"
                   r"(?:[a-z-]+\s+){1,4}(?:did|does|do|was|were|had|has)))\b", re.I)
# a change, a comparison, a reason, a list, or a second thing asked: not one sentence's one figure
_NOT_ONE_FIGURE = re.compile(
    r"\b(?:why|compar\w*|differ\w*|explain\w*|describ\w+|drove|driv\w+|reasons?|relat\w*|align\w*|impact\w*|affect\w*|"
    r"effects?|discuss\w*|trends?|changes?|changed|increas\w+|decreas\w+|grow\w*|growth|declin\w+|between|versus|"
    r"vs\.?|factors?|influenc\w+|contribut\w+|breakdown|risks?|details?|average|ratio|margin|per\s+share)\b"
    r"|\band\s+(?:how|what|which|why|when|where|who|over|roughly|approximately)\b|\?.*\?", re.I)
_GENERIC = frozenset("""how much many what which was were is are did does do had has have report reported reports record
recorded disclose disclosed total amount value number according q quarter quarterly company company's its their as of
cover date filing approximately roughly about the in for on at by to from with end ended ending period periods fiscal
year years month months three six nine twelve first second third fourth fy usd dollars dollar millions million billions
billion thousands thousand give state stated statement statements per during this that these those figure figures
latest recent most current note notes including include includes""".split())
_MONTHS = frozenset("""january february march april may june july august september october november december jan feb mar
apr jun jul aug sep sept oct nov dec""".split())
_FIGURES = {
    "money": re.compile(r"\$\s?\d[\d,]*(?:\.\d+)?(?:\s*(?:thousand|million|billion|trillion)\b)?", re.I),
    "percent": re.compile(r"\b\d[\d,]*(?:\.\d+)?\s?%|\b\d[\d,]*(?:\.\d+)?\s+percent\b", re.I),
    "count": re.compile(r"\b\d[\d,]*(?:\.\d+)?(?:\s+(?:thousand|million|billion))?(?=\s+(?:shares|employees|people|"
                        r"members|customers|stores|locations|facilities|students|holders)\b)", re.I),
}
# a figure that says by how much something changed ("revenue increased $3.9 billion or 21%"), not its level
_CHANGED_BY = re.compile(r"\b(?:increas|decreas|grew|rose|fell|declin|dropp|climb|jump)\w*\s+(?:by\s+)?"
                         r"(?:approximately\s+|about\s+|nearly\s+)?$", re.I)
_SENTENCE = re.compile(r"(?<=[a-z0-9%)][.;!?])\s+(?=[A-Z(])|\n\s*\n|\s*[•▪◦]\s*")  # bullets end one too
_WORDS = re.compile(r"[A-Za-z][A-Za-z'’-]*")
_SHOWN = 300  # characters of the sentence shown with its figure


def stated_asked(question: str, files: list[str] = ()) -> list[str]:
    """The telling words of a question asking for one figure that a sentence may state (see the module's
    docstring), lowercased; [] when it asks for something else. files: the passages' file names, whose words
    ("AAPL" in "2023 Q3 AAPL.pdf") name the company, not the figure."""
    if not _ASKS.match(question) or _NOT_ONE_FIGURE.search(question):
        return []
    named = {w.lower() for f in files for w in re.findall(r"[A-Za-z]+", f)}
    named |= {w for _, words in names_asked(question) for w in words}  # "Intel" in "did Intel disclose"
    words = []
    for word in _WORDS.findall(question):
        word = re.sub(r"['’]s$", "", word.lower()).strip("'’-")
        if word and word not in STOPWORDS and word not in _GENERIC and word not in _MONTHS and word not in named:
            words.append(word)
    words = list(dict.fromkeys(words))
    return words if len(words) >= 3 else []  # two words ("Azure revenue") are in many sentences


def kind_asked(question: str) -> str:
    """"count" for how many, "money" for how much, "percent" for a rate or a percentage, else "money"."""
    q = question.lower()
    if re.search(r"\bhow\s+many\b", q):
        return "count"
    if re.search(r"\bhow\s+much\b", q):
        return "money"
    return "percent" if re.search(r"\b(?:percent\w*|rate)\b", q) else "money"


def _stems(text: str) -> set[str]:
    return {w.lower()[:5] for w in _WORDS.findall(text)}


def _sentences(text: str):
    for sentence in _SENTENCE.split(text):
        sentence = " ".join(sentence.split())
        if len(_WORDS.findall(sentence)) >= 8:  # a sentence, not a table row's label and figures
            yield sentence


def _statements(question: str, words: list[str], hits: list[Hit], first: int = 1) -> list[tuple[str, int, str]]:
    """(figure, passage [n], sentence) for each sentence of the passages that states the figure asked."""
    wanted = {w[:5] for w in words}
    allowed = len(wanted) - (1 if len(wanted) >= 4 else 0)
    figures, asked_dates = _FIGURES[kind_asked(question)], set(dates_in(question))
    routed = any(h.routed for h in hits)
    found = []
    for n, hit in enumerate(hits, start=first):
        if routed and not hit.routed:
            continue  # another company's or another period's filing
        for sentence in _sentences(hit.text):
            if len(wanted & _stems(sentence)) < allowed:
                continue
            figure = [m.group(0) for m in figures.finditer(sentence) if not _CHANGED_BY.search(sentence[:m.start()])]
            dates = set(dates_in(sentence))
            if len(figure) == 1 and not (asked_dates and dates and not asked_dates & dates):
                found.append((figure[0].strip(), n, sentence))
    return found


def _agreed(found: list[tuple[str, int, str]]) -> tuple[str, int, str] | None:
    values = {value_of(re.sub(r"[$\s]|percent", "", figure)) for figure, _, _ in found}
    return found[0] if found and len(values) == 1 and None not in values else None


def stated_figure(question: str, hits: list[Hit]) -> Calculation | None:
    """The figure one sentence of the passages states (see the module's docstring), as a looked-up Calculation
    whose text quotes the sentence; None when no sentence (or sentences with different figures) states it."""
    words = stated_asked(question, [h.file for h in hits])
    found = _agreed(_statements(question, words, hits)) if words else None
    if not found:
        return None
    figure, n, sentence = found
    if len(sentence) > _SHOWN:  # the part around the figure
        at = sentence.find(figure)
        start = max(0, min(at - _SHOWN // 2, len(sentence) - _SHOWN))
        sentence = ("…" if start else "") + sentence[start:start + _SHOWN].strip() + \
                   ("…" if start + _SHOWN < len(sentence) else "")
    ref = Ref(" ".join(words))
    value = value_of(re.sub(r"[$\s]|percent", "", figure)) or 0.0
    return Calculation(Formula(ref, False, stated=True), {ref: Operand(str(ref), sentence, figure, value, n)}, figure)


def stated_passages(question: str, hits: list[Hit], search: Callable[[str], list[Hit]]) -> list[Hit]:
    """The passage to add whose sentence states the figure asked, found by searching the question's telling words
    (search: rag.answer's term search in the documents the question names) when no passage shown states it; none
    when the passages found state different figures."""
    words = stated_asked(question, [h.file for h in hits])
    if not words or _statements(question, words, hits):
        return []
    have = {c for h in hits for c in (h.chunk_ids or (h.chunk_id,))}
    found = [h for h in search(" ".join(words))[:8] if not set(h.chunk_ids or (h.chunk_id,)) & have]
    statements = _statements(question, words, [replace(h, routed=True) for h in found])  # all of named documents
    if not _agreed(statements):
        return []
    return [replace(found[statements[0][1] - 1], routed=any(h.routed for h in hits))]
