"""Per-question scores: answers against the reference, retrieval ranks, groundedness. Deterministic text rules.

Exact match and token F1 follow SQuAD: lowercase, punctuation and the articles a/an/the removed,
whitespace collapsed; F1 over the bag of remaining tokens.

Numeric match (numeric_match). Numbers are read from the text with their sign, currency, percent
sign and scale word:
- "$1,234.5 million" -> 1234.5e6; "1.2345 billion" -> 1.2345e9; "3k" / "3 thousand" -> 3000; "12%" and
  "12 percent" -> 12 (the percent sign is dropped, not divided); "(12)", "$(12)", "-12", "−12" -> -12;
  commas are thousands separators; a trailing period ends the sentence, it is no decimal point.
- Scale words: thousand, million, billion, trillion, bn, mn, and k/m/b written against the number ("5m").
- "10-Q"/"10-K"/"8-K" are form names, not numbers; digits inside words ("Q3", "H100") are not numbers.
- Each number keeps its precision, the unit of its last written digit ("98.0 billion": 0.1e9).
  Two numbers agree when they differ by at most half the precision of the less precise one:
  "$98 billion" agrees with "$98,024 million", "$7,730 million" with "$7.7 billion", "47.55%" not
  with "47.57%", "-12" not with "12" (signs must agree).
- The gold answer's key numbers: its numbers less those the question already states (years,
  quarters asked about), less those inside a date ("June 25, 2022") unless the dates are all there is.
- numeric_match is 1 when every key number agrees with some number of the answer, 0 when one is
  missing, None (not scored) when the gold answer has no key number.
- A figure of the answer written bare ("$82,959") counts in the unit the question asks for, when it asks
  for one ("... in USD millions?"); otherwise it is read as written ("$4,621" is not "$4,621 million").
- headline_match asks only for the gold's first key number (the figure asked for, where a reference
  goes on to show its working or a year-earlier comparison: "71.0%: ($20,907 million - ...)"); 1, 0 or None.

Groundedness (grounded_share): the answer's sentences ([n] markers removed; sentences with neither a
number nor a content word ignored) each checked against the passages the answer cites. A sentence is
supported by a passage when every number in it appears in the passage (compared as written, commas
removed: "98,024" = "98024") and at least SUPPORT_SHARE of its content words (3+ letters, not stop
words) occur in the passage. The score is the share of sentences supported by at least one cited
passage; an answer that cites nothing scores 0; abstentions are not scored (None).
"""
from __future__ import annotations

import re
import string
from collections import Counter
from dataclasses import dataclass, replace
from decimal import Decimal
from fnmatch import fnmatch

from rag.route import STOPWORDS

SUPPORT_SHARE = 0.6  # of a sentence's content words found in a cited passage (groundedness)

# -- exact match and token F1 (SQuAD) ---------------------------------------------------------------------
_ARTICLES = re.compile(r"\b(a|an|the)\b")
_PUNCT = str.maketrans("", "", string.punctuation + "“”‘’–—…")


def normalize_text(text: str) -> str:
    return " ".join(_ARTICLES.sub(" ", text.lower().translate(_PUNCT)).split())


def exact_match(answer: str, gold: str) -> float:
    return float(normalize_text(answer) == normalize_text(gold))


def token_f1(answer: str, gold: str) -> float:
    a, g = normalize_text(answer).split(), normalize_text(gold).split()
    if not a or not g:
        return float(a == g)
    common = sum((Counter(a) & Counter(g)).values())
    if common == 0:
        return 0.0
    precision, recall = common / len(a), common / len(g)
    return 2 * precision * recall / (precision + recall)


def facts_recall(answer: str, facts: list[str]) -> float | None:
    """Share of the key facts (the handbook's key_facts) found in the answer, compared after normalize_text
    with thousands separators removed and ranges, small numbers and counted units written one way
    (fact_form); None when there are none."""
    if not facts:
        return None
    a = normalize_text(fact_form(answer.replace(",", "")))
    return sum(states(a, normalize_text(fact_form(f.replace(",", "")))) for f in facts) / len(facts)


def states(text: str, fact: str) -> bool:
    """fact appears in text as whole words ("8 member" is not in "18 member", "465" not in "4650")."""
    return bool(fact) and re.search(rf"(?<!\w){re.escape(fact)}(?!\w)", text) is not None


_RANGE = re.compile(r"(\d)\s*(?:-|–|—|\bto\b|\bthrough\b)\s*(?=\d)")


def one_range_form(text: str) -> str:
    """A number range as "90-92", however written: "90 to 92", "90 – 92", "90 through 92"."""
    return _RANGE.sub(r"\1-", text)


_NUMBER_WORDS = {w: str(i) for i, w in enumerate(
    "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen sixteen "
    "seventeen eighteen nineteen twenty".split())}
_NUMBER_WORD = re.compile(r"\b(" + "|".join(_NUMBER_WORDS) + r")\b", re.I)
_COUNTED = re.compile(r"(\d)(?:-|\s)([a-z]{3,}?)s?\b")


def fact_form(text: str) -> str:
    """A key fact however it is worded: ranges one way (one_range_form), small numbers as digits
    ("eight members" -> "8 member"), and a count and its unit one way ("50-minute", "50 minutes" ->
    "50 minute"). Applied to answer and fact alike."""
    text = _NUMBER_WORD.sub(lambda m: _NUMBER_WORDS[m.group(1).lower()], one_range_form(text))
    return _COUNTED.sub(r"\1 \2", text)


# -- numbers ---------------------------------------------------------------------------------------------
_SCALES = {"thousand": 3, "k": 3, "million": 6, "mn": 6, "m": 6, "billion": 9, "bn": 9, "b": 9, "trillion": 12}
_NUMBER = re.compile(r"""
    (?<![\w.,])
    (?P<neg>[-−–]\s?)?
    (?:[$€£]\s?)?
    (?P<open>\(\s?)?
    (?:[$€£]\s?)?
    (?P<num>\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?)
    (?!-[QK]\b|\d|[\w,]\d)
    (?P<close>\s?\))?
    (?:\s?(?:%|percent\b|per\s?cent\b))?
    (?P<scale>\s?(?:thousand|million|billion|trillion|bn|mn)\b|(?:k|m|b)\b)?
    (?P<close2>\s?\))?
    """, re.I | re.X)
_AFTER_FIGURE = re.compile(r"(?:\d|\)|%|\b(?:thousand|million|billion|trillion|bn|mn))\s+$", re.I)
_MONTH = (r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sep(?:t(?:ember)?)?|"
          r"oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?")
_DATE = re.compile(rf"\b{_MONTH}\s+\d{{1,2}}(?:st|nd|rd|th)?(?:,?\s+\d{{4}})?\b|\b{_MONTH},?\s+\d{{4}}\b|"
                   rf"\b\d{{1,2}}(?:st|nd|rd|th)?\s+{_MONTH}(?:,?\s+\d{{4}})?\b", re.I)


@dataclass(frozen=True)
class Number:
    value: Decimal  # signed, scaled: "$(1.5) million" -> -1500000
    precision: Decimal  # the unit of the last written digit, scaled: "1.5 million" -> 100000
    start: int = 0  # where it was written
    written: str = ""  # the digits as written, commas removed ("1.5")
    bare: bool = False  # written with neither a scale word nor a percent sign ("$82,959", "304,182")
    fall: bool = False  # a gold figure written as a fall's size ("fell by $1,240 million"): its negative states it too


def extract_numbers(text: str) -> list[Number]:
    found = []
    for m in _NUMBER.finditer(text):
        digits = m["num"].replace(",", "")
        scale = _SCALES[m["scale"].strip().lower()] if m["scale"] else 0
        decimals = len(digits.split(".")[1]) if "." in digits else 0
        # a minus between two figures is a subtraction, not a sign: "($20,907 million - $6,065 million)"
        sign = bool(m["neg"]) and not _AFTER_FIGURE.search(text[:m.start()])
        negative = sign or bool(m["open"] and (m["close"] or m["close2"]))
        value = Decimal(digits).scaleb(scale)
        bare = not m["scale"] and not re.search(r"%|per\s?cent", m.group(), re.I)
        found.append(Number(-value if negative else value, Decimal(1).scaleb(scale - decimals), m.start(), digits,
                            bare))
    return found


_ASKED_UNIT = re.compile(r"\bin\s+(?:(?:usd|us\$|u\.s\.|us)\s+(?:dollars\s+)?|dollars\s+)?"
                         r"(thousands|millions|billions)\b", re.I)


def answer_numbers(answer: str, question: str = "") -> list[Number]:
    """The answer's numbers; where the question asks for a unit ("in USD millions"), a bare figure of the
    answer ("$82,959") also counts in that unit, as the question told the reader to read it."""
    numbers = extract_numbers(answer)
    asked = _ASKED_UNIT.search(question)
    if not asked:
        return numbers
    scale = {"thousands": 3, "millions": 6, "billions": 9}[asked.group(1).lower()]
    return numbers + [Number(n.value.scaleb(scale), n.precision.scaleb(scale), n.start, n.written)
                      for n in numbers if n.bare]


def agree(a: Number, b: Number) -> bool:
    """Equal to the precision of the less precise of the two (see the module's docstring); a fall's size ("fell by
    $1,240 million") equal to a change written with its sign ("-$1,240 million") as well."""
    values = (a.value, -a.value) if a.fall else (a.value,)
    return any(abs(x - b.value) <= max(a.precision, b.precision) / 2 for x in values)


# a figure a reference gives as the size of a fall: "fell by $1,240 million", "a decrease of $3,267 million"
_FALL_BEFORE = re.compile(r"\b(?:(?:fell|decreased|declined|dropped|shrank|was\s+down|were\s+down|lower)\s+(?:by\s+)?|"
                          r"(?:decrease|decline|drop|fall|reduction)\s+of\s+)(?:about\s+|approximately\s+|roughly\s+)?"
                          r"(?:[$€£]\s?)?$", re.I)


def key_numbers(gold: str, question: str = "") -> list[Number]:
    """The gold answer's numbers a correct answer must state: not given in the question, not a date's
    parts unless the answer is only dates."""
    asked = extract_numbers(question)
    numbers = [n for n in extract_numbers(gold) if not any(n.value == q.value for q in asked)]
    dates = [m.span() for m in _DATE.finditer(gold)]
    plain = [n for n in numbers if not any(s <= n.start < e for s, e in dates)]
    return [replace(n, fall=True) if n.value > 0 and _FALL_BEFORE.search(gold[:n.start]) else n
            for n in plain or numbers]


def numeric_match(answer: str, gold: str, question: str = "") -> float | None:
    keys = key_numbers(gold, question)
    if not keys:
        return None
    stated = answer_numbers(answer, question)
    return float(all(any(agree(k, s) for s in stated) for k in keys))


def headline_match(answer: str, gold: str, question: str = "") -> float | None:
    keys = key_numbers(gold, question)
    if not keys:
        return None
    return float(any(agree(keys[0], s) for s in answer_numbers(answer, question)))


# -- retrieval ranks ---------------------------------------------------------------------------------------
def file_matches(name: str, patterns: list[str]) -> bool:
    """A file name against the gold's names or globs ("*2023 Q2 NVDA*")."""
    return any(fnmatch(name, p) for p in patterns)


def first_rank(spans: list[tuple[str, int, int]], files: list[str], pages: list[int]) -> int | None:
    """1-based rank of the first (file, first page, last page) holding a gold page (pages given) or, with
    no gold pages, from a gold file; 0 when none does; None when neither is known."""
    if not pages and not files:
        return None
    for rank, (name, first, last) in enumerate(spans, start=1):
        if (not files or file_matches(name, files)) and (not pages or any(first <= p <= (last or first) for p in pages)):
            return rank
    return 0


def hit_at(rank: int | None, k: int) -> float | None:
    return None if rank is None else float(0 < rank <= k)


def reciprocal_rank(rank: int | None) -> float | None:
    return None if rank is None else (1.0 / rank if rank else 0.0)


def cited_gold_share(cited: list[tuple[str, int, int]], files: list[str], pages: list[int]) -> float | None:
    """Share of the answer's citations whose page span holds a gold page (of a gold file, when files are
    known); None without gold pages or without citations."""
    if not pages or not cited:
        return None
    return sum(first_rank([c], files, pages) == 1 for c in cited) / len(cited)


# -- groundedness --------------------------------------------------------------------------------------------
_MARKER = re.compile(r"\[\d+(?:\s*[,;–-]\s*\d+)*\]")
_SENTENCE = re.compile(r"(?<=[.!?])\s+(?=[A-Z0-9$(\"'])")
_WORD = re.compile(r"[^\W\d_]{3,}")


def content_words(text: str) -> set[str]:
    return {w for w in (m.lower() for m in _WORD.findall(text)) if w not in STOPWORDS}


def sentence_supported(sentence: str, passage: str) -> bool:
    numbers = {n.written for n in extract_numbers(sentence)}
    if numbers - {n.written for n in extract_numbers(passage)}:
        return False
    words = content_words(sentence)
    return not words or len(words & content_words(passage)) >= SUPPORT_SHARE * len(words)


def grounded_share(answer: str, cited_texts: list[str]) -> float:
    sentences = [s for s in _SENTENCE.split(_MARKER.sub("", answer).strip())
                 if content_words(s) or extract_numbers(s)]
    if not sentences:
        return 0.0
    return sum(any(sentence_supported(s, p) for p in cited_texts) for s in sentences) / len(sentences)


def cosine(u, v) -> float:
    import numpy as np

    nu, nv = float(np.linalg.norm(u)), float(np.linalg.norm(v))
    return float(np.dot(u, v) / (nu * nv)) if nu and nv else 0.0
