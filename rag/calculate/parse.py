"""Reading a formula's text into an expression: "(operating income divided by revenue)", "365 * A / B",
"the sum of A and B", "average X between P1 and P2"; each term with its own period ("FY2023 COGS")."""
from __future__ import annotations

import re

from rag.calculate.formula import Num, Op, Ref
from rag.calculate.names import acronyms_of, word_stems
from rag.periods import dates_in, quarter_asked


_DATE = r"(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?\s+\d{1,2},?\s+(?:19|20)\d\d"
PERIOD = rf"(?:{_DATE}|FY\s?(?:19|20)\d\d|FY\d\d|fiscal\s+(?:year\s+)?(?:19|20)\d\d|(?:19|20)\d\d)"
PERIOD_RE = re.compile(rf"\b{PERIOD}\b", re.I)
# operators of a formula written out: symbols, and words with spaces around them
_OPS = re.compile(r"(\(|\)|\+|\*|×|/|\s[-–−]\s|\bdivided by\b|\bmultiplied by\b|\btimes\b|\bminus\b|(?<!,\s)\bless\b|\bplus\b)",
                  re.I)
# in a formula the question defines ("Use A plus B over C"), "over" divides; not in any bracket ("(contracts with
# original terms over one year)"), nor "over the year"
_OPS_OVER = re.compile(_OPS.pattern[:-1] + r"|\bover\b(?!\s+(?:the|a|an|its|their|time|\d|one|two|three)\b))", re.I)
_OP_OF = {"+": "+", "plus": "+", "-": "-", "–": "-", "−": "-", "minus": "-", "less": "-", "*": "*", "×": "*",
          "times": "*", "multiplied by": "*", "/": "/", "divided by": "/", "over": "/"}
_AVERAGE = re.compile(rf"^(?:the\s+)?average\s+(?:of\s+)?(?:the\s+)?(?P<term>.+?)"
                      rf"(?:\s+(?:between|from)\s+(?P<p1>{PERIOD})\s+(?:and|to)\s+(?P<p2>{PERIOD}))?$", re.I)
_DIFFERENCE = re.compile(rf"^(?:the\s+)?change\s+in\s+(?P<term>.+?)\s+(?:between|from)\s+(?P<p1>{PERIOD})\s+"
                         rf"(?:and|to)\s+(?P<p2>{PERIOD})$", re.I)
_NUMBER = re.compile(r"^(\d[\d,]*(?:\.\d+)?)(?:\s+([a-z]+))?$", re.I)


_SUM_OF = re.compile(r"\b(?:the\s+)?sum\s+of\s+(?:the\s+)?(?P<a>[^;,()]+?)\s+and\s+(?:the\s+)?(?P<b>[^;,()]+?)"
                     r"(?=\s*(?:$|[;,)])|\s+(?:minus|less|plus|divided|times|multiplied)\b)", re.I)


# two modifiers of one noun written once: "short-term plus long-term debt" is short-term debt plus long-term debt;
# the noun may be two or three words, up to the formula's next operator, bracket or end ("commercial paper + current
# and non-current term debt" is commercial paper + current term debt + non-current term debt: an "and" among sums
# adds, as "plus" would)
_MODIFIER = r"(?:short-term|long-term|current|non-?current)"
_SHARED_NOUN = re.compile(rf"\b({_MODIFIER})\s+(plus|and|\+)\s+({_MODIFIER})\s+([a-z][\w\-]*(?:\s+[a-z][\w\-]*){{0,2}}?)"
                          r"(?=\s*(?:$|[),;+*/]|\s[-–−]\s)|\s+(?:plus|minus|less|divided|times|multiplied|over|and|as|at|on|for|"
                          r"in|from|per|during|through)\b)", re.I)
_ADDS = re.compile(r"\+|\bplus\b", re.I)


def _shared_noun(m: re.Match) -> str:
    joiner = "+" if m[2].lower() == "and" and _ADDS.search(m.string) else m[2]
    return f"{m[1]} {m[4]} {joiner} {m[3]} {m[4]}"


def parse(text: str, over: bool = False) -> tuple[Ref | Num | Op | None, str]:
    """(the expression, a unit after its last number: "days") for a formula's text, or (None, ""); with over, "A over
    B" is A / B."""
    text = _SUM_OF.sub(r"(\g<a> + \g<b>)", text)  # "the sum of short-term debt and long-term debt"
    text = _SHARED_NOUN.sub(_shared_noun, text)  # "short-term plus long-term debt"
    tokens, symbols = [], False
    for part in (_OPS_OVER if over else _OPS).split(text):
        stripped = part.strip(" ,")
        if stripped in ("(", ")"):
            tokens.append(("op", stripped))
        elif stripped.lower() in _OP_OF:
            tokens.append(("op", _OP_OF[stripped.lower()]))
            symbols = symbols or not stripped.isalpha() and " " not in stripped
        elif stripped:
            tokens.append(("word", stripped))
    tokens = _asides(tokens)
    parser = _Parser(tokens, flat=not symbols)
    try:
        expr = parser.expr()
    except ValueError:
        return None, ""
    if parser.at < len(tokens) or expr is None:
        return None, ""
    return expr, parser.unit


def _asides(tokens: list[tuple[str, str]]) -> list[tuple[str, str]]:
    """Brackets right after a term that hold no operator are an aside ("depreciation and amortization (D&A taken
    from the cash flow statement)"), dropped; or the term's period ("net income (FY2024)"), kept with it."""
    out: list[tuple[str, str]] = []
    i = 0
    while i < len(tokens):
        if tokens[i] == ("op", "(") and out and out[-1][0] == "word":
            j = i + 1
            while j < len(tokens) and tokens[j][0] == "word":
                j += 1
            if j < len(tokens) and tokens[j] == ("op", ")"):
                inner = " ".join(v for _, v in tokens[i + 1:j])
                if PERIOD_RE.fullmatch(inner.strip()):
                    out[-1] = ("word", f"{out[-1][1]} {inner.strip()}")
                i = j + 1
                continue
        out.append(tokens[i])
        i += 1
    return out


class _Parser:
    """expr := term (+|- term)*; term := factor (*|/ factor)*; factor := ( expr ) | phrase. A formula written
    in words only is read as it is spoken, left to right: "net sales minus cost of sales divided by net sales"
    is (net sales - cost of sales) / net sales, "A divided by B, times 91 days" is (A / B) x 91."""

    def __init__(self, tokens: list[tuple[str, str]], flat: bool = False):
        self.tokens, self.at, self.unit, self.flat = tokens, 0, "", flat

    def peek(self) -> tuple[str, str] | None:
        return self.tokens[self.at] if self.at < len(self.tokens) else None

    def expr(self):
        return self._fold(("+", "-", "*", "/"), self.factor) if self.flat else self._fold(("+", "-"), self.term)

    def term(self):
        return self._fold(("*", "/"), self.factor)

    def _fold(self, ops: tuple[str, ...], operand):
        """operand (op operand)*, left to right."""
        node = operand()
        while (t := self.peek()) and t[0] == "op" and t[1] in ops:
            self.at += 1
            node = Op(t[1], node, operand())
        return node

    def factor(self):
        t = self.peek()
        if t is None:
            raise ValueError("formula ends early")
        self.at += 1
        if t == ("op", "("):
            node = self.expr()
            if self.peek() != ("op", ")"):
                raise ValueError("unbalanced")
            self.at += 1
            return node
        if t[0] == "op":
            raise ValueError("operator where a term is expected")
        return self.phrase(t[1])

    def phrase(self, text: str):
        if m := _NUMBER.match(text):
            if m.group(2):
                if self.peek() is not None:
                    raise ValueError("a unit inside the formula")
                self.unit = m.group(2).lower()
            return Num(float(m.group(1).replace(",", "")))
        if m := _DIFFERENCE.match(text):
            term = clean_term(m.group("term"))
            return Op("-", make_ref(term, m.group("p2")), make_ref(term, m.group("p1")))
        if (m := _AVERAGE.match(text)) and m.group("p1"):
            term = clean_term(m.group("term"))
            return Op("/", Op("+", make_ref(term, m.group("p1")), make_ref(term, m.group("p2"))), Num(2))
        term = clean_term(text)
        if not word_stems(PERIOD_RE.sub(" ", term)) and not acronyms_of(term):
            raise ValueError("no term")
        return make_ref(term)


_QUALIFIER = re.compile(r"\s+(?:(?:at|as of)\s+(?:the\s+)?end\s+of|for|in|during|over)\s+(?:the\s+)?(?:fiscal\s+)?"
                        r"(?:year|period)$|"
                        r"\s+(?:for|in|during|over)\s+the\s+(?:three|six|nine|twelve)\s+months\s+ended$", re.I)


def make_ref(term: str, period: str | None = None) -> Ref:
    """A Ref for "FY2023 COGS", "net income in fiscal 2024" or ("inventory", "FY2023")."""
    term = _QUALIFIER.sub("", term)
    if period is None:
        m = re.match(rf"^(?P<p>{PERIOD})\s+(?P<t>.+)$", term, re.I) or \
            re.match(rf"^(?P<t>.+?)\s+(?:in|for|of|at)?\s*(?:the\s+)?(?:year[- ]end\s+)?(?P<p>{PERIOD})$", term, re.I)
        if m:  # "R&D expense in the three months ended July 1, 2023": the span's words go with the date
            term, period = _QUALIFIER.sub("", clean_term(m.group("t"))), m.group("p")
    if period is None and (m := _QUARTER_FIRST.match(term)) and (quarter := quarter_asked(m.group("p"))):
        # "Q1 2023 net revenue": the quarter's column (rows.cell_for), as a lookup asked for that quarter
        return Ref(_QUALIFIER.sub("", clean_term(m.group("t"))), quarter[1], m.group("p"), None, quarter[0::2])
    if period and (quarter := quarter_asked(period)):  # "from Q1 FY24 to Q2 FY24": each quarter's column
        return Ref(term, quarter[1], period, None, quarter[0::2])
    date = (dates_in(period) or [None])[0] if period else None
    return Ref(term, year_of(period) if period else None, period or "", date)


_QUARTER_FIRST = re.compile(r"^(?P<p>(?:fiscal\s+)?(?:q[1-4]|[1-4]q)\s*(?:of\s+)?(?:fiscal\s+(?:year\s+)?|fy\s?'?)?"
                            r"(?:(?:19|20)\d\d|\d\d))\s+(?P<t>.+)$", re.I)


def year_of(period: str) -> str:
    digits = re.findall(r"\d+", period)[-1]
    return digits if len(digits) == 4 else f"20{digits}"


def clean_term(term: str) -> str:
    term = re.sub(r"^(?:(?:the|a|an|its|their)\s+)?(?:[\w.&]+(?:'s|’s)\s+)?", "", " ".join(term.split()), flags=re.I)
    term = re.sub(r"\s+(?:row|line|line item)s?$", "", _SOURCE.sub("", term)).strip(" ,(")
    # a closing bracket stays when its aside does: "China (including Hong Kong)"
    return term if term.count("(") == term.count(")") else term.rstrip(")")


# where a term is to be read, not what it is: "depreciation and amortization from the cash flow statement"
_SOURCE = re.compile(r"\s+(?:(?:as\s+)?(?:reported|shown|taken)\s+)?(?:from|in|on|per)\s+the\s+(?:consolidated\s+)?"
                     r"(?:statements?\s+of\s+[a-z]+(?:\s+[a-z]+)?|cash\s+flows?\s+statement|income\s+statement|"
                     r"balance\s+sheet|p&l(?:\s+statement)?)$", re.I)
