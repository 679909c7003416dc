"""Reading the question: the formula it spells out or names (formula_asked), else the one statement line it
asks for by a common name (lookup_asked), and the period it asks about (period_asked)."""
from __future__ import annotations

import re
from dataclasses import dataclass, replace

from rag.calculate.formula import Formula, Num, Op, Ref, kind_of, refs_of
from rag.calculate.names import NOT_A_ROW, acronyms_of, aliases_of, word_stems
from rag.calculate.parse import PERIOD, PERIOD_RE, clean_term, make_ref, parse, year_of
from rag.calculate.rows import YEAR_TO_DATE
from rag.periods import (DATE, MONTH_NAME, MONTH_WORDS, ORDINALS, SPAN_NAMES, WRITTEN_DATE, dates_in, months_asked,
                         quarter_asked)
from rag.route import STOPWORDS, names_asked, spells


_TERM = r"[A-Za-z][\w,'’&\- ]*?[\w)]"
# "the operating margin, defined as operating income divided by revenue, for ...", "is defined as: A / B."
_DEFINED = re.compile(r"(?:(?<=[?.]\s)|^)(?:use|take)\s+(?:the\s+formula\s+)?(?=[a-z(])"  # "... ? Use A plus B over C.", not
                      r"(?=[^.?;]*(?:\b(?:plus|minus|over|less|divided|times)\s+(?!than\b)[a-z(]|\s[+/×*]\s))|"  # not "Use the income statement."
                      # after a dash, a formula in words: "AMZN free cash flow for Q1 2023 - OCF minus capex, $mm?"
                      r"\s[-–—:]\s+(?!(?i:more|less|higher|lower)\b)(?=[A-Za-z&]+(?:\s+[a-z&]+){0,3}\s+"
                      r"(?:minus|plus|less|divided\s+by|over|times)\s+(?!than\b)[A-Za-z(])|"
                      # after a comma, the formula the figure is taken as: "net debt at Sep 30, 2023, taking total debt
                      # minus total cash and investments?" (blind set 41's w07)
                      r",\s+(?:taking|using|i\.e\.,?|that\s+is,?)\s+(?=[a-z(])"
                      r"(?=[^.?;]*\b(?:plus|minus|over|less|divided\s+by|times)\s+(?!than\b)[a-z(])|"
                      r"\b(?:(?:defined|calculated|computed|measured|taken) as|(?:define|calculate|compute)\s+"
                      r"(?:it|this|[\w'’&\- ]{1,60}?)\s+as)\b:?\s*", re.I)
# "Operating margin is operating income divided by net sales": read only when what follows is a ratio or product
# a question answered yes or no ("Did Intel make money in Q2 2023?"), not by a figure
YES_NO = re.compile(r"^\s*(?:is|are|was|were|does|do|did|has|have|had|can|could|will|would|should)\b", re.I)
# a prompting setting a question or a paper names: "5-shot", "five-shot", "zero-shot", "few-shot" (group 1: the count)
SHOTS = re.compile(r"\b(zero|one|two|three|four|five|few|\d{1,2})[- ]shots?\b", re.I)
_SHOT_COUNTS = {"zero": "0", "one": "1", "two": "2", "three": "3", "four": "4", "five": "5"}


def shot_count(word: str) -> str:
    """A setting's count as digits ("five" -> "5"; "few" stays "few")."""
    return _SHOT_COUNTS.get(word.lower(), word.lower())


def shots_in(text: str) -> set[str]:
    """The prompting settings a text names (SHOTS), as shot_count writes them."""
    return {shot_count(m.group(1)) for m in SHOTS.finditer(text)}


def same_setting(asked: set[str], said: set[str]) -> bool:
    """Whether settings said agree with those asked: one in common, or "few-shot" asked and some number of shots."""
    return bool(asked & said) or "few" in asked and bool(said - {"0"})
_IS = re.compile(r"\b(?:is|equals)\s+(?:(?:the|a|an)\s+)?(?=[a-z0-9(])", re.I)
_DEFINED_END = re.compile(r"[?;]|\.(?:\s|$)|,\s*(?:in\s+)?(?:\$|usd\b)|"
                          r",\s+(?:for|in|during|as of|and|round|rounded|using|based|expressed|where)\b|"
                          r"\s+(?:for|during|as of)\s+(?:the|its|fiscal|FY|\d)", re.I)
# "what were Intel's additions to property, plant, and equipment as a percentage of net revenue for ..."
_AS_SHARE_OF = r"\s+as (?:a )?(?:percentage|percent|share|%) of\s+(?:(?:the|its)\s+)?"
_SHARE_END = r"(?=\s+(?:for|in|during|over|as of)\b|[?.,;]|$)"
_SHARE_OF = re.compile(rf"\b(?:what|how much)\s+(?:were|was|is|are)\s+(?:(?:the|its|their)\s+)?"
                       rf"(?:[\w.&]+(?:'s|’s)\s+)?(?P<num>[a-z][\w,'’&\- ]*?[\w)]){_AS_SHARE_OF}(?P<den>{_TERM}){_SHARE_END}|"
                       # tersely, after a ticker and a quarter: "INTC Q2'23 R&D as % of revenue?"
                       # or after the company's name alone, before a name ("Intel R&D spend as a percentage of ...")
                       rf"^(?:(?-i:[A-Z])[\w.&]{{1,9}}\s+(?:(?:q[1-4]|[1-4]q|fy|fiscal)[\w'’]*\s+)+|"
                       rf"(?!(?i:what|how|which|why|when|where|who|is|are|was|were|did|does|do|for|in|per|as|at|on|by|from|using|"
                       rf"during|according|the|its|their|with|over|through|give|show|compute|calculate)\b)"
                       # "INTC Gross ...", "Intel R&D"; or the term itself first ("data center as a % of nvidia's ...")
                       rf"(?:(?-i:[A-Z][A-Z.&]{{1,5}}\s+(?=[A-Z])|[A-Z][a-z]+\s+(?=[A-Z&]{{2,}}\b))|)|"
                       rf"(?:(?:q[1-4]|[1-4]q|fy|fiscal)[\w'’]*\s+)+)"
                       rf"(?P<num3>[A-Za-z][\w,'’&\- ]*?[\w)]){_AS_SHARE_OF}(?P<den3>{_TERM}){_SHARE_END}", re.I)
# "what percentage of Apple's total revenue did the Services segment contribute", "what proportion of NVIDIA's revenue
# was generated by its data center business"
_SHARE = r"what (?:percentage|percent|%|proportion|share|portion|fraction) of\s+"
_PART_OF = re.compile(
    rf"\b{_SHARE}(?P<den>{_TERM})\s+did\s+(?P<num>{_TERM})\s+(?:contribute|account for|represent|generate|make up)\b|"
    rf"\b{_SHARE}(?P<den2>{_TERM})\s+(?:(?:was|were|is|are)\s+(?:generated|contributed|accounted for|represented|"
    rf"made up)\s+by|(?:came|comes|come|was|were)\s+from|went\s+to|(?:was|were)\s+spent\s+on|"
    rf"(?:was|were)\s+(?:billed|attributed|attributable)\s+to)\s+(?P<num2>{_TERM}(?:\s+\([^()?]{{1,40}}\))?)"
    rf"(?=\s+(?:in|for|during|over)\b|[?.,;]|$)",
    re.I)  # "... was generated by A", "what share of NVIDIA's total revenue came from Data Center" ("was billed to China")
# a share from outside the home country: "customers outside the United States", "outside the U.S." (_share)
OUTSIDE_HOME = True
_OUTSIDE = re.compile(r"^(?:(?:customers|sales|revenue|operations)\s+)?(?:located\s+|based\s+)?outside\s+(?:of\s+)?"
                      r"(?:the\s+)?(?P<home>United\s+States|U\.\s?S\.?|US)$", re.I)
_SALES_TERM = re.compile(r"^(?:total\s+)?(?P<measure>(?:net\s+)?(?:revenues?|sales))$", re.I)
_WHOLE_MEASURE = re.compile(r"^(?:total|consolidated|overall|company-wide)\s+(?P<measure>[a-z&][\w&\s-]*)$", re.I)
# the part of a whole named with its measure ("consolidated operating income") is that measure's: "did AWS account for"
# is AWS's operating income. bench/RESULTS.md, forty-fifth session (blind set 25's g13).
SHARE_OF_MEASURE = True
_PERIOD_HEAD = re.compile(r"^(?:(?:q[1-4]|[1-4]q|fy\s?'?\d{2,4}|fiscal|(?:19|20)\d\d)\s+)+", re.I)  # "Q3 FY24 revenue"
# a word that names a measure, not only whose it is: "the Services segment" names none
_MEASURE_WORD = re.compile(r"\b(?:revenues?|sales|income|profits?|earnings|margins?|expenses?|costs?|spending|cash|rates?|"
                           r"assets|liabilities|debt|equity|capex|r&d|sg&a|eps|shares?|dividends?|purchases?|"
                           r"payments?|receivables?|payables?|inventor(?:y|ies)|loss(?:es)?)\b", re.I)
# "How did Apple's operating expenses for Q1 2023 compare to its revenue for the same quarter?", "how did Intel's
# operating expenses relate to its revenue", "... stack up against its net sales": the first line as a share of the
# second, which states both; two lines in lower case, neither a period ("compare to the prior year")
_COMPARE_TERM = r"(?-i:[a-z])[\w&\- ]{0,50}?"
_COMPARE = re.compile(rf"\bhow\s+(?:did|does|do|has|have)\s+(?:(?:the|its|their)\s+|[\w.&]+(?:'s|’s)\s+)?"
                      rf"(?P<num>{_COMPARE_TERM})(?:\s+(?:in|for|during)\s+[^,?]{{1,40}}?)?\s+"
                      rf"(?:compare|stack\s+up|measure\s+up|relate)\s+(?:to|with|against)\s+"
                      rf"(?:(?:the|its|their)\s+|[\w.&]+(?:'s|’s)\s+)?(?P<den>{_COMPARE_TERM})"
                      rf"(?:\s+(?:figures?|numbers?|amounts?|totals?))?(?=\s+(?:for|in|during|over|as of)\b|\s*[?.,;]|$)",
                      re.I)
# "By how much did Intel's Client Computing revenue exceed its Data Center and AI revenue in Q3 2023?": A - B
_EXCEED = re.compile(rf"\bby\s+how\s+much\s+(?:did|does|do|has|have)\s+(?:(?:the|its|their)\s+|[\w.&]+(?:'s|’s)\s+)?"
                     rf"(?P<num>{_TERM})\s+(?:exceed(?:ed)?|surpass(?:ed)?|outpace(?:d)?|top|outstrip(?:ped)?)\s+"
                     rf"(?:(?:the|its|their)\s+|[\w.&]+(?:'s|’s)\s+)?(?P<den>{_TERM})"
                     r"(?=\s+(?:for|in|during|over|as of)\b|\s*[?.,;(]|$)", re.I)
# "Take Amazon's net cash from operating activities for Q2 2023 and subtract its purchases of property and equipment."
_WHOSE = r"(?:(?:the|its|their)\s+|[\w.&]+(?:'s|’s)\s+)?"
_TAKE = re.compile(rf"\btake\s+{_WHOSE}(?P<num>{_TERM})(?:\s+(?:for|in|during|over)\s+(?:[^,]|,\s(?=(?:19|20)\d\d))*?)?"
                   r"\s*,?\s+and\s+"
                   rf"(?P<op>subtract|deduct|take\s+away|minus|add|divide\s+(?:it\s+|that\s+)?by)\s+{_WHOSE}"
                   rf"(?P<den>{_TERM})(?=\s+(?:for|in|during|over|from\s+it)\b|\s*[?.,;(]|$)", re.I)
# a difference asked in words, the question itself the formula: "What was Intel's operating cash flow minus PP&E
# additions for the nine months ended ...?", "INTC operating cash flow minus PP&E additions, 9M 2023?" (blind set 36's
# r14); the company before the first line, as a ticker or a possessive, read as its owner
_MINUS = re.compile(r"^\s*(?:(?:what\s+(?:was|is|were|are)|what['’]s|how\s+much\s+(?:was|is)|compute|calculate)\s+)?"
                    r"(?:the\s+)?(?:(?P<owner>[A-Z][\w.&]*)(?P<poss>['’]s)?\s+(?=[a-z]))?"
                    rf"(?P<num>{_TERM})\s+(?:minus|less)\s+(?!than\b){_WHOSE}(?P<den>{_TERM})"
                    r"\s*(?=,|\?|$|\s(?:for|in|during|over|through|as\s+of|at)\s)", re.I)
_NOT_A_TERM = re.compile(r"\b(?:how|much|many|did|does|do|which|who|what|than|minus|less)\b", re.I)
_NOT_COMPARED = re.compile(r"\b(?:year|quarter|period|months|prior|previous|last|same|earlier|ago|before)\b", re.I)
# "the year-over-year change in net sales from FY2023 to FY2024", "growth in revenue between fiscal 2022 and 2024"
_CHANGE = re.compile(rf"\b(?:(?:year[- ]over[- ]year|yoy|annual)\s+)?(?:percent(?:age)?\s+)?"
                     rf"(?P<kind>change|growth|increase|decrease|decline)(?:\s+rate)?\s+in\s+(?P<term>{_TERM})"
                     rf"\s+(?:from|between)\s+(?P<p1>{PERIOD})\s+(?:to|and)\s+(?P<p2>{PERIOD})\b", re.I)
_YOY = re.compile(rf"\b(?:year[- ]over[- ]year|year[- ]on[- ]year|yoy)\s+(?:percent(?:age)?\s+)?"
                  rf"(?P<kind>change|growth|increase|decrease|decline)(?:\s+rate)?\s+(?:in|of)\s+(?P<term>{_TERM})"
                  rf"(?=\s+(?:for|in|during|over|as of)\b|\s*[?.,;(]|$)", re.I)
_YOY_BEFORE = re.compile(r"\b(?:the|its|their|[\w.&]+(?:'s|’s))\s+(?:year[- ]over[- ]year|year[- ]on[- ]year|yoy)\s+"
                         r"(?P<term>[a-z][\w&\- ]{0,40}?)\s+(?P<kind>growth|change)\b", re.I)
# "By what percent did Amazon's interest expense rise year over year for the nine months ended ...?"
# "... change in the quarter ended December 31, 2022 compared with the same quarter a year earlier?", "How fast did
# Amazon's advertising revenue grow year over year in Q3 2022?"
_YEAR_AGO = (r"(?:year[- ]over[- ]year|year[- ]on[- ]year|yoy|y/y|y-o-y|(?:same|comparable|corresponding|prior[- ]year|year[- ]ago)"
             r"\s+(?:quarter|period|months)|(?:a|one)\s+year\s+(?:earlier|ago|before))\b")
_YOY_BY = re.compile(r"(?:\bby\s+(?:what|how\s+much\s+of\s+a)\s+(?P<pct>percent(?:age)?)?\s*(?:\w+\s+)?|"
                     r"\bhow\s+(?:fast|quickly|much)\s+|\bhow\s+(?=did\s+[^?]*?\btrend\b))did\s+"
                     r"(?:(?:the|its|their|[\w.&]+(?:'s|’s))\s+)?(?P<term>[a-z][\w&\- ]{0,40}?)\s+"
                     # "How did AAPL's Greater China sales trend year over year ...": its growth
                     r"(?P<kind>rise|grow|increase|decrease|decline|fall|drop|change|trend)\b"
                     rf"(?=\s+{_YEAR_AGO}|[^?]*?\b(?:compared\s+(?:with|to)|versus|vs\.?|over|from)\s+the\s+{_YEAR_AGO})",
                     re.I)
# a rate of growth asked of one period, with no period to compare named: against the same span a year earlier, as
# filings state a growth ("How fast did Amazon's AWS segment sales grow in Q3 2023?"); not sequentially, nor from or
# against a period the question names
_GROW_IN = re.compile(r"(?:\bby\s+what\s+(?:percent(?:age)?|rate)\s+|\bhow\s+(?:fast|quickly)\s+|\bat\s+what\s+rate\s+)"
                      r"did\s+(?:(?:the|its|their|[\w.&]+(?:'s|’s))\s+)?(?P<term>[a-z][\w&\- ]{0,40}?)\s+"
                      r"(?P<kind>rise|grow|increase|decrease|decline|fall|drop)\s+(?=(?:in|during|for)\s)"
                      r"(?![^?]*\b(?:sequential\w*|quarter[- ]over[- ]quarter|q/q|from|since|compared|versus|vs\.?|than|"
                      r"between|over|relative|against|prior|previous|last|preceding|earlier|ago|before|after|"
                      # not as reported: "excluding changes in foreign exchange rates", "in constant currency"
                      r"excluding|ex|constant|currency|foreign|fx|organic|adjusted|non-gaap)\b)", re.I)
# what grows over a year: a flow (revenue, income, spending), not a balance (inventories, cash), whose columns are the
# day asked and the last year's end, not a year before
_FLOW_WORD = re.compile(r"\b(?:revenues?|sales|income|profits?|earnings|expenses?|costs?|spend\w*|capex|capital\s+"
                        r"expenditures?|eps|per\s+share)\b", re.I)
# tersely, after the quarter: "AAPL Q1 FY23 iPhone revenue growth y/y, in %?", "Intel Q1 2023 YoY revenue change?"
_YOY_WORD = r"(?:y/y|yoy|year[- ]over[- ]year|year[- ]on[- ]year)(?![\w/])"
_YOY_TERSE = re.compile(r"^(?:[A-Z][A-Za-z.&]{1,9}\s+)?"
                        r"(?P<q>(?:q[1-4]|[1-4]q)\s*(?:fiscal\s+|fy\s?'?)?(?:(?:19|20)\d\d|\d\d))\s+"
                        rf"(?:(?P<yoy>{_YOY_WORD})\s+)?"
                        r"(?P<term>[A-Za-z][\w&\- ]{0,40}?)\s+(?P<kind>growth|change|increase|decrease|decline)"
                        rf"(?(yoy)(?=\s*[?.,;(]|\s*$)|\s*,?\s+{_YOY_WORD})", re.I)
# "How much did NVDA's Data Center revenue jump from Q1 FY24 to Q2 FY24?", "By what percentage did NVIDIA's revenue grow
# sequentially from Q1 FY24 to Q2 FY24?": two quarters, each read in its own report
_PERIOD_OR_QUARTER = rf"(?:{PERIOD}|(?:fiscal\s+)?q[1-4]\s+(?:fiscal\s+(?:year\s+)?)?(?:(?:19|20)\d\d|fy\s?'?(?:19|20)?\d\d))"
# "By what percent did X change in Q3 2023 versus Q3 2022?" read as the change from Q3 2022 to Q3 2023 (_CHANGED_IN).
# bench/RESULTS.md, forty-first session.
CHANGED_IN = True
# two quarters of one year named by their ordinals: "between the first and third quarters of fiscal 2024" is between
# Q1 fiscal 2024 and Q3 fiscal 2024
_TWO_QUARTERS = re.compile(r"\b(?:the\s+)?(first|second|third|fourth)\s+and\s+(?:the\s+)?(first|second|third|fourth)\s+"
                           r"(?:fiscal\s+)?quarters\s+of\s+((?:fiscal\s+(?:year\s+)?)?(?:19|20)\d\d)\b", re.I)
# a quarter named in words, and the day it ended said beside it: "the second quarter of fiscal 2024 (ended July 30,
# 2023)", "its fiscal third quarter of 2024", "fiscal Q2 2023, ended April 1, 2023", "Q1 FY23 (quarter ended ...)"
_QUARTER_WORDS = re.compile(r"\b(?:(?:the|its|their)\s+)?(?P<f0>fiscal\s+)?(?P<o>first|second|third|fourth)\s+"
                            r"(?P<f1>fiscal\s+)?quarter\s+of\s+(?P<f2>fiscal\s+(?:year\s+)?)?(?P<y>(?:19|20)\d\d)\b", re.I)
_QUARTER_ENDED = re.compile(r"(?P<q>\b(?:fiscal\s+Q[1-4]\s+(?:19|20)\d\d|Q[1-4]\s+(?:fiscal\s+(?:year\s+)?|FY\s?)(?:(?:19|20)\d\d|\d\d))\b)"
                            r"(?:\s*\(\s*(?:the\s+)?(?:(?:fiscal\s+)?quarter\s+|three\s+months\s+)?(?:ended|ending)\s+"
                            r"[A-Z][a-z]+\.?\s+\d{1,2},?\s+(?:19|20)\d\d\s*\)|,\s+(?:the\s+)?(?:quarter\s+)?(?:ended|ending)\s+"
                            r"[A-Z][a-z]+\.?\s+\d{1,2},?\s+(?:19|20)\d\d(?=\s*[,)?]))", re.I)
_END_OF = r"(?:(?:the\s+)?end\s+of\s+(?:the\s+)?)?"  # a balance at "the end of Q3 FY23"
_HOW_MUCH = re.compile(rf"\b(?:how much|by\s+what\s+(?P<pct>percent(?:age)?))\s+did\s+(?P<term>{_TERM})\s+(?P<kind>change|grow|increase|decrease|decline|"
                       rf"rise|fall|drop|jump|climb|surge)\s+(?:(?:sequentially|quarter[- ]over[- ]quarter|q/q)\s+)?"
                       rf"(?:from|between)\s+{_END_OF}(?P<p1>{_PERIOD_OR_QUARTER})\s+"
                       rf"(?:to|and)\s+{_END_OF}(?P<p2>{_PERIOD_OR_QUARTER})\b", re.I)
# "what was the revenue growth from FY2016 to FY2018", "Corvane's net income change between fiscal 2022 and 2023"
_GROWTH_OF = re.compile(rf"\b(?:the|its|their|[\w.&]+(?:'s|’s))\s+(?:(?:year[- ]over[- ]year|yoy|annual)\s+)?"
                        rf"(?P<term>[a-z][\w&\- ]{{0,40}}?)\s+(?P<kind>growth|change)(?:\s+rate)?\s+(?:from|between)\s+"
                        rf"(?P<p1>{PERIOD})\s+(?:to|and)\s+(?P<p2>{PERIOD})\b", re.I)
# "the FY2022 - FY2024 growth in net sales", "the two-year compound annual growth rate (CAGR) of EPS from FY2022 to FY2024"
_SPAN_CHANGE = re.compile(rf"\b(?P<p1>{PERIOD})\s*(?:-|–|to|through)\s*(?P<p2>{PERIOD})\s+(?P<kind>growth|change)\s+"
                          rf"in\s+(?P<term>{_TERM})(?=\s*[,?.;]|\s+(?:as|in|for|from)\b|$)", re.I)
_CAGR = re.compile(rf"\b(?:compound annual growth rate|cagr)(?:\s+\(cagr\))?\s+(?:of|in|for)\s+(?P<term>{_TERM})\s+"
                   rf"(?:from|between)\s+(?P<p1>{PERIOD})\s+(?:to|and)\s+(?P<p2>{PERIOD})\b", re.I)
# "the FY2017 - FY2019 3 year average of capex as a % of revenue", "the 3 year average net profit margin (as a %) over
# FY2022 - FY2024", "across fiscal 2022 through fiscal 2024, what was the average SG&A expense as a percentage of ..."
_SPAN = re.compile(rf"\b(?P<p1>{PERIOD})\s*(?:-|–|to|through|and)\s*(?P<p2>{PERIOD})\b", re.I)
_AVERAGE_OF = re.compile(r"\b(?:(?:\d+|two|three|four|five)[- ]year\s+)?average\s+(?:of\s+)?"
                         r"(?:the\s+|its\s+|their\s+|[\w.&]+(?:'s|’s)\s+)?(?P<inner>[A-Za-z][\w,'’&%\- ]*?[\w%])"
                         r"(?=\s+(?:for|over|across|from|between|in|during)\s|\s*\(|\s*[?;,]|\.\s|\.?$)", re.I)
# "the FY2020 COGS % margin", "its unadjusted operating income % margin"
_PERCENT_MARGIN = re.compile(rf"\b(?:the|its|their|[\w.&]+(?:'s|’s))\s+(?:(?P<p>{PERIOD})\s+)?"
                             rf"(?P<term>[A-Za-z][\w&\- ]{{0,40}}?)\s+(?:(?:%|percent(?:age)?)\s+margin\b|"
                             rf"margin\s*(?=\(as a %\)|\(%\)|(?:,\s*)?(?:as a percent(?:age)?|in percent)\b))", re.I)
# Measures with one textbook definition, worked out when a question names one without defining it (_standard).
# Measures whose definition varies between analysts (quick ratio, debt-to-equity, ROA, ROE) are not here.
STANDARD = {"working capital": "total current assets - total current liabilities",
            "current ratio": "total current assets / total current liabilities",
            "free cash flow": "cash from operations - capital expenditures",
            # the income tax line over the income it is taxed on (Intel's "Provision for (benefit from) taxes" over
            # "Income (loss) before taxes"): the rate a filing states, where it states one, is this
            "effective tax rate": "income tax expense / income before income taxes"}
_STANDARD_NAMED = re.compile(r"(?<![\w-])(" + "|".join(k.replace(" ", r"\s+") for k in STANDARD) + r")(?![\w-])", re.I)
_COMPARED = re.compile(r"\b(?:change[ds]?|increase[ds]?|decrease[ds]?|grow|grew|growth|declined?|compar\w*|trends?|"
                       r"between|versus|vs)\b", re.I)
_PROSE = re.compile(r"\b(?:why|explain\w*|describe\w*|discuss\w*|drove|drive[rs]?|factors?|reasons?|affect\w*|"
                    r"impact\w*|requirements?|sources?|needs?|manage\w*|policy|policies)\b", re.I)
# a margin named by its level: "net profit margin" is net income over revenue
_MARGIN_OF = {"gross": "gross profit", "operating": "operating income", "operating profit": "operating income",
              "net": "net income", "net profit": "net income", "profit": "net income"}
# "Define unadjusted EBITDA as ...", "EBITDA is defined as ...": a name the asked figure may be made of
_DEFINE_NAMED = re.compile(r"\bdefine\s+(?P<name>[\w'’&\- ]{1,60}?)\s+as\b:?\s*|"
                           r"(?:^|[.?;]\s+)(?P<name2>[A-Za-z][\w'’&\- ]{1,60}?)\s+(?:is|are)\s+(?:defined|calculated|"
                           r"computed)\s+as\b:?\s*|"
                           r"(?:\bwhere\s+|;\s+)(?P<name3>[A-Za-z][\w'’&\- ]{1,60}?)\s+(?:is|are|equals)\s+", re.I)
# the figure a question asks for, as it names it: "What is Corvane's FY2023 unadjusted EBITDA less capex?"
_ASKED_FIGURE = re.compile(r"^\s*(?:what|how much)\s+(?:is|was|were|are)\s+(?:the\s+)?(?:[\w.&]+(?:'s|’s)\s+)?"
                           rf"(?P<phrase>[^?]+?)(?:\s+(?:for|of)\s+(?!{PERIOD}\b)[A-Z][\w.&'’-]*"
                           r"(?:\s+[A-Z][\w.&'’-]*)*)?\s*\?", re.I)
_PERCENT = re.compile(r"percent|margin|%|\brate\b|\bgrowth\b|\bchange\b", re.I)  # a ratio named a change is a relative one
# "which segment had the highest operating margin": a choice among rows, not one calculation
_WHICH = re.compile(r"\bwhich\b.*\b(?:highest|lowest|largest|smallest|biggest|most|least|best|worst|greater|greatest)\b",
                    re.I | re.S)
_ASKS_PERCENT = re.compile(r"\bin (?:units of )?percent|\bas a percent(?:age)?\b|\(%\)|\bin %|\bpercentage\b", re.I)
_ASKS_AMOUNT = re.compile(r"\bin (?:usd|us\$|\$|dollars|millions|billions|thousands)\b|\bin usd\b", re.I)
_DECIMALS = re.compile(r"\bround(?:ed|ing)?(?:\s+(?:your|the)\s+(?:answer|result))?\s+to\s+(?:the\s+nearest\s+)?"
                       r"(one|two|three|\d)\s+decimals?\b", re.I)
# amounts asked in another scale than the statements print: "Answer in USD billions"
_SCALE_ASKED = re.compile(r"\bin\s+(?:usd|us\$|\$|dollars)?\s*(millions|billions|thousands)\b", re.I)
# words that open a question, never a company's name
_OPENER = r"what|how|which|give|show|state|find|pull|get|in|for|as|the|its"
_LINE_COMPANY = r"[A-Z0-9][\w.&'’-]*(?:\s+[A-Z0-9][\w.&'’-]*){0,3}"
_LINE_COMPANY_START = rf"(?!(?i:{_OPENER})\b)[A-Z][\w.&'’-]*(?:\s+[A-Z][\w.&'’-]*){{0,2}}"
# common names of statement lines that rows rarely carry, asked for alone (lookup_asked): the row must be found
# by another name ("Cost of sales", "Purchases of property, plant and equipment")
_EPS = r"(?:(?:(?:diluted|basic)\s+)?(?:eps|(?:net\s+)?(?:earnings|income)\s+per\s+(?:common\s+)?share)|" \
    r"(?:cash\s+)?dividends?\s+(?:declared\s+)?per\s+(?:common\s+)?share)"  # per-share lines, not per-share ratios
LOOKUP_NAMES = ("cogs", "cost of goods sold", "capex", "capital expenditures?", "pp&e", "d&a", "sg&a", "r&d", "ar",
                "ltd", "receivables", "sbc", "cash from operations", "operating cash flow",
                r"cash flows? from (?:operations|operating activities)", _EPS)
_EPS_NAMED = re.compile(rf"(?<![\w&]){_EPS}(?![\w&])", re.I)
# "How much cash did Corvane generate from operating activities in ...": the statement's total for the activity
_CASH_FROM = re.compile(rf"\b(?i:how much (?:net )?cash did)\s+(?:{_LINE_COMPANY}\s+"
                        r"(?i:(?:generate|provide|produce|use|spend)\s+(?:from|in|by|on|for)\s+(?:its\s+)?"
                        r"(?:(?P<act>operating|investing|financing)\s+activities|operations))|"
                        # "How much cash did Intel's operations generate ...", "... its operating activities provide"
                        rf"(?:{_LINE_COMPANY}(?:'s|’s)|(?i:its|their|the))\s+(?i:(?:(?P<act2>operating|investing|financing)"
                        r"\s+activities|operations)\s+(?:generate|provide|produce|use|bring\s+in)))"
                        r"(?=\s*[?.,]|\s+(?i:in|for|during|over|as of|year[- ]to[- ]date|ytd|through)\b|$)")
_LOOKUP = re.compile(rf"(?<![\w&])(?P<name>(?:(?:net|gross|total)\s+)?(?:{'|'.join(LOOKUP_NAMES)}))"
                     rf"(?:\s+(?:amount|figures?|spend|spending|expenses?|expenditures?|line|numbers?))?(?![\w&])", re.I)
_NAME_BEFORE = re.compile(rf"(?:^|^(?P<owner>{_LINE_COMPANY_START})\s+|\b(?:the|its|their|was|were|is|are|much|of|what|year[- ]end)\s+|(?:'s|’s)\s+|"
                          rf"\b{PERIOD}\s+|\b(?:spend|spent)\s+on\s+|\bhow\s+much\s+(?:cash\s+|money\s+)?(?:went|goes|go)\s+"
                          rf"(?:in)?to(?:wards?)?\s+(?:(?:the|its)\s+)?)(?:(?:gaap|reported)\s+)?$",
                          re.I)  # "Intel's GAAP diluted EPS"
_NAME_AFTER = re.compile(r"\s*(?:$|[?.,;:()]|(?:in|for|of|at|as of|as (?:reported|revealed|disclosed|shown|stated|presented|per)|"
                         r"during|on|from|reported|based|according|"
                         r"did|does|do|was|were|is|are|has|have|had|attributable|by)\b|"
                         # typed tersely, the period right after the name: "nvda sg&a the first nine months of FY24"
                         rf"(?:the\s+)?(?:first|(?:three|six|nine|twelve)\s+months|(?:quarter|period)\s+end\w*|q[1-4]|[1-4]q|"
                         rf"fy\s?'?\d\d|{PERIOD})\b)",
                         re.I)
_NOT_A_LOOKUP = re.compile(r"\b(?:why|explain|describe|drove|drivers?|reasons?|compar\w*|trends?|changes?|changed|"
                           r"increase[ds]?|decrease[ds]?|grow|grew|growth|declined?|ratio|margin|percent|percentage|"
                           r"proportion|turnover|(?<!weighted[- ])average|per share|guidance|expect\w*|plan(?:s|ned|ning)?|project\w*|anticipat\w*|"
                           r"budget\w*|forecast\w*|outlook|between)\b", re.I)


@dataclass(frozen=True)
class _Read:
    expr: Ref | Num | Op
    start: int  # where the formula is written in the question
    end: int
    unit: str = ""
    percent: bool | None = None  # None: decided by the words around it
    measure: str = ""  # a STANDARD measure's name
    segment: str = ""  # a segment's measure: "the operating margin of the Intelligent Cloud segment" (Formula.segment)
    owner: str = ""  # words that may name the segment or the company: "AWS operating margin" (Formula.owner)


def asked(question: str) -> Formula | None:
    """The formula a question spells out, else the statement line it asks for by a common name (lookup_asked); none
    for a question asked in two ("What was Intel's net revenue in Q3 2022 - how much of it came from ...?": its first
    figure alone would be no answer)."""
    if (second := _SETUP_END.search(question)) and _ASKING.search(question[:second.start()]):
        return None
    question = plain_question(question)
    return formula_asked(question) or lookup_asked(question)


# two figures asked in one breath: "What were Apple's net sales and net income for the quarter ended April 1, 2023?",
# "How much did Intel spend on R&D and on SG&A in Q1 2023?". The first figure's name starts after the company's
# possessive, an article, the verb or "on"; the second's ends where the period or the end of the question begins.
_PART_AND = re.compile(r"\s+and\s+(?:(?:also|the|its|their|on|in|for)\s+)?", re.I)
_PART_START = re.compile(r"(?:['’]s|\b(?:the|its|their|were|was|are|is|on|much|did|as(?!\s+of\b))|"
                         # a terse question's company and quarter, shared: "Intel Q1 2023 gross margin % and ..."
                         r"^[A-Z][\w.&]*(?:\s+(?:q[1-4]|[1-4]q)\s*(?:fiscal\s+|fy\s?'?)?(?:(?:19|20)\d\d|\d\d)(?!\w))?|"
                         r"\b(?:in|for|during|as\s+of|at)(?=\s+(?:the\s+)?"
                         rf"(?:{PERIOD}|q[1-4]|[1-4]q|fy|fiscal|three|six|nine|quarter|first|second|third|fourth)\b))"
                         r"\s+(?=\S)", re.I)
_PART_END = re.compile(r"\s+(?:for|in|during|over|as\s+of|at|through|on|according|per|reported|from|respectively|"
                       r"(?:did|does|do)(?=\s+[A-Z])|"  # "What revenue and operating income did Intel's Mobileye ..."
                       r"(?:the\s+)?(?:three|six|nine|twelve)\s+months|q[1-4]|[1-4]q|fy|fiscal|of\s+(?=[A-Z]))\b|"
                       r",(?!\s+[a-z]+,?\s+and\s|\s*(?:19|20)\d\d)|\s*[?;:(]|\s*$", re.I)
# (not the commas of "selling, general and administrative" or of "April 1, 2023")
_PART_WORDS = 6


def parts_asked(question: str) -> list[str]:
    """A question asking for two figures joined by "and", as two questions asked() reads, each asking for one
    ("What were Apple's net sales for the quarter ended April 1, 2023?", "What were Apple's net income for ...");
    [] when it asks for one (or spells out a formula, whose "and" joins its own parts: "average inventory between
    FY2023 and FY2024"). A name that holds "and" ("cash and cash equivalents") is read whole first, where rows are
    (rag.calculate.work_out_each); where names hold "and" too, only an "and" that repeats the first name's
    preposition or article joins the two ("research and development and on selling, general and administrative").
    A segment named before the first name is the second's too ("Greater China net sales and operating income")."""
    question = plain_question(question)
    joins = list(_PART_AND.finditer(question))
    if formula_asked(question):
        return []
    # where names hold "and" too, an "and" that repeats a preposition or an article first ("and on", "and its")
    joins.sort(key=lambda m: m.end() - m.start() <= len(m.group().split()[0]) + 2)
    for m in joins:
        if parts := _two_parts(question, m):
            return parts
    if m := _TWO_PERIODS.match(question):  # "AWS operating income, Q3 2022 vs Q3 2021?"
        parts = [f"{m.group('head')} {m.group('p1')}?", f"{m.group('head')} {m.group('p2')}?"]
        if all(asked(p) for p in parts):
            return parts
    return []


def two_periods_asked(question: str) -> tuple[str, str] | None:
    """The two periods, as written, of a question parts_asked reads as one line in two periods ("What was the AWS
    operating margin in Q1 2023 vs Q1 2022?": "Q1 2023", "Q1 2022"), its parts in that order; None for any other."""
    m = _TWO_PERIODS.match(plain_question(question))
    if not m or parts_asked(question) != [f"{m.group('head')} {m.group(p)}?" for p in ("p1", "p2")]:
        return None
    return m.group("p1"), m.group("p2")


# "What was AWS's operating margin in Q1 2023, and what share of Amazon's consolidated operating income did AWS account
# for?": two questions in one, each its own figure (blind set 25's g13)
_AND_ASKING = re.compile(r",\s+and\s+(?=(?:what|how\s+(?:much|many))\b)", re.I)
_CLAUSE_PERIOD = re.compile(r"\s((?:in|for|during|as\s+of|at)\s+(?:[^,?]|,\s*\d{4})*?)\s*\?$", re.I)  # "in Q1 2023?"


def clauses_asked(question: str) -> list[str]:
    """A question that asks two questions joined by ", and what ..." / ", and how much ...", each one asked() reads
    as a figure, as those two questions; the second without a period of its own is asked for the first's ("..., and
    what share of ... did AWS account for?" in Q1 2023). [] for any other question."""
    question = " ".join(question.split())
    parts = _AND_ASKING.split(question)
    if len(parts) != 2:
        return []
    first, second = parts[0].rstrip(" ,;") + "?", parts[1][0].upper() + parts[1][1:]
    if not (periods := _periods(first)) or len(_periods(question)) > len(periods) + len(_periods(second)):
        return []
    if not _periods(second):
        if not (tail := _CLAUSE_PERIOD.search(first)) or not _periods(tail.group(1)):
            return []
        second = re.sub(r"\s*[?.]\s*$", "", second) + f" {tail.group(1)}?"
    return [first, second] if asked(first) and asked(second) else []


def rates_asked(question: str) -> list[str]:
    """A rate of change asked in one period against the same rate in another (_TWO_RATES), as the two questions for
    each period's rate; [] for any other question."""
    m = _TWO_RATES.match(plain_question(question))
    parts = [f"{m.group('head')} in {m.group(p)}?" for p in ("p1", "p2")] if m else []
    return parts if parts and all(asked(p) for p in parts) else []


_AT = rf"(?:(?:q[1-4]|[1-4]q)\s*(?:fiscal\s+|fy\s?'?)?(?:(?:19|20)\d\d|\d\d)|{PERIOD})"  # "Q1 2023", "Q2 FY23"
# (or "compared to", a bracket after the first: "NVIDIA's operating margin in Q3 FY24 (quarter ended Oct 29, 2023)
# compared to Q3 FY23?", blind set 35's q14; a line whose change is meant is read so by plain_question first)
_TWO_PERIODS = re.compile(rf"^(?P<head>[^?]*?),?\s+(?P<p1>{_AT})(?:\s*\([^()?]*\))?\s+(?:vs\.?|versus|and|compared\s+"
                          rf"(?:with|to))\s+(?P<p2>{_AT})\s*\?\s*$", re.I)
# a rate of change in one period against the same rate in another: "Amazon advertising services revenue growth y/y in Q3
# 2023 vs the growth rate in Q3 2022?" (blind set 23's e15): each period's rate
_TWO_RATES = re.compile(rf"^(?P<head>[^?]*?\b(?:growth|change)\b[^?]*?)\s+(?:in|for)\s+(?P<p1>{_AT})\s+(?:vs\.?|versus|"
                        rf"compared\s+(?:with|to))\s+(?:the|its)\s+(?:growth|change)(?:\s+rate)?\s+(?:in|for)\s+"
                        rf"(?P<p2>{_AT})\s*\?\s*$", re.I)
_SEGMENT_FIRST = re.compile(r"^((?:[A-Z][\w&\-]*\s+(?:(?:and|&)\s+)?)+(?:(?:segment|business|division)\s+)?)(?=[a-z])")
_SPAN_ALONE = re.compile(r"(?:the\s+)?(?:three|six|nine|twelve)\s+months", re.I)
_SPAN_ENDED = re.compile(r"^(?:the\s+)?(?:three|six|nine|twelve)\s+months\s+((?:ended|ending)\s+.+)$", re.I)
_THAT_SEGMENT = re.compile(r"^(?:that|the\s+same|the|its)\s+(?:segment|business|division)['’]s\s+", re.I)
_SEGMENTS = re.compile(r"^(.*?)\s+(segments|businesses|divisions)(?:\s+each)?\b(.*)$", re.I)
# words that qualify a line and are no line alone: "gross and operating margins", "basic and diluted EPS"
_MODIFIERS = frozenset("gross operating net basic diluted current noncurrent non-current long-term short-term".split())
_CHANGES = frozenset("growth change increase decrease decline".split())  # of each line: "revenue and ... growth"
_RATIOS = frozenset("margin margins ratio ratios percentage".split())
_NAME_WORDS = r"(?:[A-Z]|i[A-Z])[\w&\-]*(?:\s+(?:[A-Z][\w&\-]*|&|and(?=\s+[A-Z])))*"  # "iPhone", "Data Center and AI"
_NAMES = re.compile(_NAME_WORDS)
_NAMES_THEN = re.compile(rf"^({_NAME_WORDS})\s+(?!and\b)([a-z].*)$")  # "Mac net sales"


# a figure asked with its change over the year, or with its value a year earlier: "AAPL Mac revenue for the December
# 2022 quarter and the y/y change?", "... net sales in the quarter ended April 1, 2023 and growth vs the prior-year
# quarter?", "What operating income did ... report for the three months ended June 30, 2023, and what was it a year
# earlier?", "..., versus the year-ago quarter?"
_YEAR_BEFORE = r"(?:(?:the\s+)?(?:same|comparable)\s+(?:quarter|period|(?:three|six|nine|twelve)\s+months)\s+)?" \
               r"(?:a\s+year\s+(?:earlier|before|ago)|last\s+year)|(?:the\s+)?(?:prior[- ]year|year[- ]ago|" \
               r"year[- ]earlier)(?:\s+(?:quarter|period|figure|level))?"
_AND_CHANGE = re.compile(r"(?:,?\s+(?:and|with|plus)\s+(?:what\s+(?:was|were|is|are)\s+)?|\s*[:;]\s+|\s+(?:—|–|--)\s+)"
                         r"(?:(?:the|its)\s+)?"
                         r"(?P<pct>(?:%|percent(?:age)?)\s+)?(?:(?P<yoy>y/y|yoy|y-o-y|year[- ]over[- ]year|annual)\s+)?"
                         r"(?P<pct2>(?:%|percent(?:age)?)\s+)?(?P<kind>change|growth|increase|decrease|decline)"
                         rf"(?:\s+(?:vs\.?|versus|from|over|compared\s+(?:with|to)|against)\s+"
                         rf"(?:{_YEAR_BEFORE}|(?P<vs>(?:the\s+)?(?:first\s+)?(?:(?:three|six|nine|twelve)\s+months|"
                         rf"quarter|q[1-4])\s+(?:of\s+|ended\s+)?[^?]*?)))?"
                         r"(?P<amount>\s+in\s+(?:dollars|\$))?\s*[?.]\s*$", re.I)
_AND_BEFORE = re.compile(rf",?\s+(?:and\s+what\s+(?:was|were)\s+(?:it|they|that)|and\s+(?:the|its)|versus|vs\.?|"
                         rf"and\s+how\s+(?:does|did|do)\s+(?:it|that|this|they)\s+compare\s+(?:with|to)|"
                         rf"and\s+compare\s+(?:it|that|this|them)\s+(?:with|to)|"
                         rf"compared\s+(?:with|to)|against)\s+(?:{_YEAR_BEFORE})\s*[?.]\s*$", re.I)
# "..., and how did it change year over year?": its growth over the year
_HOW_CHANGED = re.compile(r",?\s+and\s+how\s+(?:did|has|does|do)\s+(?:it|that|this|they)\s+(?:change|grow|move)\s+"
                          r"(?:year[- ]over[- ]year|y/y|yoy|from\s+(?:a|the\s+prior)\s+year\s+(?:earlier|before|ago))"
                          r"\s*[?.]\s*$", re.I)


# "..., and what was it in Q2 2022?", "..., and how did it compare with Q3 2022?"
_AND_IN = re.compile(r",?\s+and\s+(?:what\s+(?:was|were)\s+(?:it|they|that)\s+(?:in|for|during)|"
                     r"how\s+(?:does|did|do)\s+(?:it|that|this|they)\s+compare\s+(?:with|to))\s+"
                     r"(?P<vs>[^?]{3,60}?)\s*\?\s*$", re.I)


def with_year_before(question: str) -> tuple[str, str, set[str]] | None:
    """(the question for the figure alone, what is asked beside it: "growth" (a percentage), "change" (an amount,
    when asked in dollars), "before" (the same figure a year earlier) or "compared" (both the figure a year earlier
    and the growth: "..., and how did it compare with the year-ago quarter?"), with " only" when the change alone is asked
    (after a colon or a dash, not "and"), the years the earlier period is named by
    ("vs the first nine months of 2022": {"2022"}; none for "the prior-year quarter")) for a question that asks for
    a figure and its change over the year, or its value a year before; None for any other question."""
    question = " ".join(question.split())
    years = set()
    if m := _AND_CHANGE.search(question):
        vs = m.group("vs") or ""
        if _SEQUENTIAL.search(vs):
            return None  # against the quarter before, not the year before
        # a percentage for growth, or a change written with "%", "percent" or "y/y"; else the amount
        kind = "growth" if (m.group("kind").lower() == "growth" or m.group("pct") or m.group("pct2") or m.group("yoy")) \
            and not m.group("amount") else "change"
        years = {year_of(p) for p in _periods(vs)}
        alone = question[:m.start()].rstrip(" ,;:-–—") + "?"
        if (n := _quarter_number(vs)) and _quarter_number(alone) != n:
            return None  # "vs Q4 2022" of Q2 2023: another quarter
        if not re.match(r",?\s+(?:and|with|plus)\s", m.group()):
            kind = f"{kind} only"  # "X, Jan–Mar 2023 quarter: y/y % change?": the change asked, the figure after it
    elif m := _AND_BEFORE.search(question):
        # "..., and how did they compare with the year-ago quarter?": the figure a year before and the change in percent
        kind = "compared" if re.search(r"\bcompare\b", m.group(), re.I) else "before"
        alone = question[:m.start()].rstrip(" ,;:-–—") + "?"
    elif m := _HOW_CHANGED.search(question):
        kind, alone = "growth", question[:m.start()].rstrip(" ,;:-–—") + "?"
    elif (m := _AND_IN.search(question)) and (years := {year_of(p) for p in _periods(m.group("vs"))}):
        # "..., what was the operating loss in Q2 2023, and what was it in Q2 2022?": the same quarter a year before
        kind, alone = "before", question[:m.start()].rstrip(" ,;:-–—") + "?"
        if _quarter_number(m.group("vs")) != _quarter_number(alone):
            return None
    else:
        return None
    return (alone, kind, years) if len(alone.split()) >= 3 else None


# a second span's figure asked beside the first: "Amazon's operating cash flow in Q3 2023 ... — what did it come in at,
# and what was the trailing-twelve-month figure?" (blind set 32's n02)
_SPAN_BESIDE = re.compile(r",?\s+(?:and|plus)\s+(?:what\s+(?:was|were|is|are)\s+)?(?:the\s+|its\s+)?"
                          r"(?P<span>trailing[- ](?:twelve|12)[- ]months?|ttm|ltm|(?:twelve|12)[- ]months?|nine[- ]months?|"
                          r"six[- ]months?|year[- ]to[- ]date|ytd)(?:\s*\((?:ttm|ltm)\))?\s+(?:figure|number|amount|total|"
                          r"value|one)\b[^?]*\?\s*$", re.I)
_SPAN_MONTHS = {"nine": 9, "six": 6}


def span_beside(question: str) -> tuple[str, int | None, int] | None:
    """(the question for the first figure, its span in months or None, the second's span: 12 for "the trailing-twelve-
    month figure", rag.calculate.rows.YEAR_TO_DATE for "the year-to-date figure") for a question asking one line over
    two spans; None for any other question."""
    m = _SPAN_BESIDE.search(" ".join(question.split()))
    if not m:
        return None
    span = m.group("span").lower()
    second = YEAR_TO_DATE if span.startswith(("year", "ytd")) else _SPAN_MONTHS.get(span[:4].rstrip("-"), 12)
    first = " ".join(question.split())[:m.start()].rstrip(" ,;") + "?"
    return first, months_asked(first), second


def _quarter_number(text: str) -> int | None:
    """The number of the one quarter a text names (quarter_asked), or None."""
    return (quarter_asked(text) or (None,))[0]


_SEQUENTIAL = re.compile(r"\b(?:before|previous|preceding|prior\s+quarter|last\s+quarter|sequential\w*)\b", re.I)


_SENTENCE_END = re.compile(r"(?<=[?.!])(?<!\bvs\.)(?<!\bInc\.)(?<!\bCorp\.)(?<!\bCo\.)(?<!\bLtd\.)(?<!\bNo\.)"
                           r"(?<!\bU\.S\.)(?<!\bapprox\.)\s+(?=[A-Z])")
# a setup clause, then a dash or a semicolon and the question: "Intel swung to a profit in Q2 2023 despite an operating
# loss — what was the income tax benefit ...?" (not a question's second part: "What was ... in Q3 2022 - how much of it
# came from ...?")
_SETUP_END = re.compile(r"\s*(?:\s[—–-]{1,2}\s|;)\s*(?=(?i:what|how|which|give|state|show|provide|tell)\b)")


# "In the quarter ended July 1, 2023, how much more revenue did Intel's Data Center and AI segment generate than its
# Network and Edge segment?", "How much more operating income did AWS earn than North America in Q3 2023?"
# A setup clause may come first, after a comma or a dash: "Apple and Intel both closed a quarter on July 1, 2023 -- how
# much more did Apple spend on R&D than Intel in that quarter?" (the measure after the verb)
_SETUP_PRE = r"^(?P<pre>(?:[^?]{3,80}?(?:[,.;:]|\s[-–—:]{1,2})\s+)?)"
_MORE_PRE = rf"{_SETUP_PRE}how\s+much\s+(?:more|higher|bigger|larger|greater)\s+"
_MORE_THAN = re.compile(rf"{_MORE_PRE}(?:(?P<measure>[a-z][a-z&\- ]{{2,40}}?)\s+(?:did|does|do)\s+(?P<a>.+?)\s+"
                        r"(?:generate|earn|make|report|post|book|bring\s+in|have|record|deliver|produce)|"
                        r"(?:did|does|do)\s+(?P<a2>.+?)\s+(?:spend|invest)\s+(?:on|in)\s+(?P<measure2>[a-z][a-z&\- ]{1,40}?))"
                        # "... than Microsoft spent on additions to property and equipment (gross, as ...)": B's own line
                        r"\s+than\s+(?P<b>.+?)(?:\s+(?:spent|spends|did)\s+(?:on|in)\s+(?P<measure_b>[a-z][a-z,&\- ]{1,60}?))?"
                        r"(?:\s*\([^)]*\))?(?P<when>\s+(?:in|for|during|over|as\s+of|at)\s+[^?]+)?\s*\??\s*$", re.I)
# "In the September 2022 quarter, how many times larger was Microsoft's operating income than Amazon's?": A's X over B's
_TIMES_THAN = re.compile(rf"{_SETUP_PRE}how\s+many\s+times\s+(?:larger|bigger|"
                         r"greater|higher|more)\s+(?:was|is|were|are)\s+(?P<a>[A-Z][\w.&-]*)(?:'s|’s)\s+"
                         r"(?P<measure>[a-z][a-z&\- ]{2,40}?)\s+than\s+(?:that\s+of\s+(?P<b2>[A-Z][\w.&-]*)|"
                         r"(?P<b>[A-Z][\w.&-]*)(?:'s|’s))"
                         r"(?P<when>\s+(?:in|for|during|over|as\s+of|at)\s+[^?]+)?\s*\??\s*$", re.I)
_OWNER_OF = re.compile(r"^(?P<owner>(?:[A-Z][\w.&-]*\s+){0,2}[A-Z][\w.&-]*(?:'s|’s))\s+")


_LABEL_PERIOD = re.compile(r"\b(?:for|in|during|over|as\s+of|at)\s+(?:the\s+)?(?:(?:fiscal\s+)?(?:quarter|three|six|nine|"
                           r"twelve|year|period|q[1-4]|fy)\b)[^:;]*?\b(?:19|20)\d\d\s*$", re.I)


# two businesses of one company set against each other in its period: "In Microsoft's September 2023 quarter (Q1 FY24),
# which brought in more revenue, Gaming or LinkedIn, and by how much?" (blind set 44's z20)
_OWNED_PERIOD = re.compile(r"^(?:in|for|during)\s+(?P<co>[A-Z][\w.&]*)['’]s\s+", re.I)


def segments_compared(question: str) -> tuple[str, str] | None:
    """The two businesses' figures a which-question compares in one company's period (_OWNED_PERIOD), as two questions
    ("In Microsoft's September 2023 quarter, what was Microsoft's Gaming revenue?", "..., LinkedIn revenue?"), or
    None for any other question."""
    return _segments_of(_WHICH_HAD.match(_compared(question)))


def _segments_of(m: re.Match | None) -> tuple[str, str] | None:
    """segments_compared's two questions from a _WHICH_HAD match of the question as _compared reads it."""
    if not m or not m.group("pre") or not (co := _OWNED_PERIOD.match(m.group("pre"))):
        return None
    rest = re.sub(r"^(?:the\s+)?", "", m.group("rest"))
    if not (_MEASURE_WORD.search(rest) or _LOOKUP.search(rest)) or \
            {m.group("a").lower(), m.group("b").lower()} & {co.group("co").lower()}:
        return None
    pre = m.group("pre")
    return tuple(f"{pre}what was {co.group('co')}'s {name} {rest}?" for name in (m.group("a"), m.group("b")))


def more_than(question: str) -> tuple[str, str] | None:
    """The two figures "how much more X did A ... than B" sets against each other, as two questions (A's X, B's X),
    or None: "... how much more revenue did Intel's Data Center and AI segment generate than its Network and Edge
    segment?" -> ("..., what was Intel's Data Center and AI segment revenue?", "..., what was Intel's Network and
    Edge segment revenue?")."""
    asked = " ".join(question.split())
    m = _MORE_THAN.match(asked) or _TIMES_THAN.match(asked)
    if not m:
        return higher_of_two(question) or larger_of_two(question)
    g = m.groupdict()
    a, b = g["a"] or g.get("a2"), g["b"] or g.get("b2")
    if m.re is _TIMES_THAN:  # "... than Amazon's": the measure is the same
        a, b = f"{a}'s", f"{b}'s"
    if owner := _OWNER_OF.match(a):  # "its Network and Edge segment": Intel's
        b = re.sub(r"^(?i:its|their)\s+", f"{owner.group('owner')} ", b)
    pre, when = m.group("pre"), m.group("when") or ""
    ask = "what was" if pre and not pre.rstrip().endswith(".") else "What was"
    measure = g["measure"] or g.get("measure2")
    measures = (measure, g.get("measure_b") or measure) if g.get("measure2") else (measure, measure)
    parts = [f"{pre}{ask} {who} {what}{when}?" for who, what in zip((a, b), measures)]
    if pre.rstrip().endswith(":") and not when and (said := _LABEL_PERIOD.search(pre.rstrip()[:-1])):
        # "Capex check for the quarter ended September 30, 2023: how much more did ...": the label's period
        parts = [f"What was {who} {what} {said.group(0)}?" for who, what in zip((a, b), measures)]
    if pre.rstrip().endswith("."):  # "... closed a quarter on July 1, 2023. How much more ... in that quarter?"
        parts = [(sentences_asking(part) or [part])[0] for part in parts]
    return tuple(parts)


def sentences_asking(question: str) -> list[str]:
    """Of a question written in several sentences, the ones that could be asked alone: each that names its own
    period ("Did Intel make money in Q2 2023? Give net income attributable to Intel for the quarter ended July 1,
    2023."), the last first; none for a question of one sentence ("How big was that investment?" after the sentence
    that says which is not asked alone)."""
    sentences = [part for s in _SENTENCE_END.split(" ".join(question.split())) if s for part in _embedded(s)]
    if len(sentences) == 1 and len(setup := _SETUP_END.split(sentences[0], maxsplit=1)) == 2 and \
            not _ASKING.search(setup[0]):
        sentences = setup
    if len(sentences) < 2:
        return []
    if len(sentences) == 2 and _HOW_BIG.match(sentences[1]) and (said := _BOOKED.match(sentences[0])):
        # "Intel booked a big tax benefit in the Sept 2022 quarter. How big was it?": the figure the first names
        return [f"What was {said.group('owner')}'s {said.group('thing')} {said.group('when')}?"]
    for i, sentence in enumerate(sentences[1:], start=1):  # "... Microsoft's 10-Q for the September 2022 quarter. How
        # much revenue did LinkedIn bring in that quarter?": the quarter the sentences before name
        said = [f"quarter ended {m.group('closed')}" if m.group("closed") else m.group()
                for earlier in sentences[:i] for m in _A_PERIOD.finditer(earlier)]
        segments = [m for earlier in sentences[:i] for m in _A_SEGMENT.finditer(earlier)]
        if segments and (m := _SEGMENT_BACK.search(sentence)):  # "Was Amazon's International segment profitable in
            # Q3 2023? Give the segment's operating income ...": the segment the sentence before names
            named = f"{segments[-1].group('co') or ''}{segments[-1].group('seg')} segment{m.group(1) or ''}"
            sentence = sentences[i] = sentence[:m.start()] + named + sentence[m.end():]
        if said and not (_periods(sentence) or quarter_asked(sentence)):
            period = said[-1] if re.match(r"(?i)the\s|q[1-4]|fiscal|fy|\d", said[-1]) else f"the {said[-1]}"
            sentences[i] = _THAT_PERIOD.sub(
                lambda m: period if re.search(r"\b(?:in|for|during|over|of)\s+$", m.string[:m.start()], re.I)
                else f"in {period}", _BROUGHT_IN.sub(r"\1 in during ", sentence))
    return [s for s in reversed(sentences) if (_periods(s) or quarter_asked(s)) and _ASKING.search(s)]


# a question asked inside a sentence: "I'm looking at Amazon's Q2 2023 report and wondering how much they spent on
# technology and infrastructure in that quarter", "I'd like to know what Apple's net sales were in ..."
_EMBEDDED = re.compile(r"^(?:(?P<setup>.{3,}?)\s*,?\s+(?:and\s+)?)?(?:(?:i|we)\s+am\s+|(?:i|we)\s+(?:would|are)\s+|"
                       r"(?:i['’]m|i['’]d|we['’]re|we['’]d|i|we)\s+)?(?:wondering|want(?:ed)?\s+to\s+know|like\s+to\s+know|"
                       r"curious|need\s+to\s+know|trying\s+to\s+(?:find|figure|work)\s+out|(?:can|could)\s+you\s+tell\s+me|"
                       r"tell\s+me)\s+(?P<ask>(?:how\s+much|how\s+many|what)\b.+?)\s*[.?!]?$", re.I)
_PAST = {"spent": "spend", "paid": "pay", "made": "make", "earned": "earn", "generated": "generate", "had": "have",
         "reported": "report", "recorded": "record", "booked": "book", "brought": "bring", "took": "take",
         "invested": "invest", "returned": "return", "used": "use", "incurred": "incur", "posted": "post",
         "held": "hold", "carried": "carry", "allocated": "allocate", "repurchased": "repurchase"}
_ASKED_HOW_MUCH = re.compile(rf"^(?P<how>how\s+(?:much|many)(?:\s+(?:cash|money))?)\s+(?P<who>they|it|the\s+company|"
                             rf"(?-i:[A-Z][\w.&-]*(?:\s+[A-Z][\w.&-]*){{0,2}}))\s+(?P<verb>{'|'.join(_PAST)})\b", re.I)
# a setup that scopes the question ("For the Intelligent Cloud segment, I'd like to know what operating income was"):
# the question asked alone would lose it
_SCOPING = re.compile(r"^(?:for|in|within|excluding|except|among|across|regarding|about|as\s+for|only|outside)\b|"
                      r"\b(?:segments?|business|division|unit|excluding|except|other\s+than|apart\s+from|only)\b", re.I)
_SETUP_NAME = re.compile(r"(?<!^)(?<![.!?]\s)\b[A-Z][\w&.-]*\b(?!['’]s)")  # a name in the setup, not a possessive
_ASKED_WHAT = re.compile(r"^what\s+(?P<thing>[^,;]{3,80}?)\s+(?P<was>was|were|is|are)\b(?P<rest>.*)$", re.I)


def _embedded(sentence: str) -> list[str]:
    """A sentence whose question is asked inside it, as the setup and the question put directly: "I'm looking at
    Amazon's Q2 2023 report and wondering how much they spent on X in that quarter" -> ["I'm looking at Amazon's Q2
    2023 report.", "How much did they spend on X in that quarter?"]; the sentence alone when it asks none so."""
    m = _EMBEDDED.match(sentence)
    setup = (m.group("setup") or "") if m else ""
    names = [w.group() for w in _SETUP_NAME.finditer(re.sub(r"\b10-?[QK]\b", " ", setup))]
    if not m or _SCOPING.search(setup) or any(not re.fullmatch(r"I|I['’](?:m|d|ve|ll)|Q[1-4]|FY\w*|[A-Z]{2,5}", name)
                                              and name.lower() not in MONTH_WORDS for name in names):
        return [sentence]  # a setup that names a segment, a product or a scope: the question is not asked alone
    ask = m.group("ask")
    if did := _ASKED_HOW_MUCH.match(ask):
        ask = f"{did.group('how')} did {did.group('who')} {_PAST[did.group('verb').lower()]}{ask[did.end():]}"
    elif (what := _ASKED_WHAT.match(ask)) and not re.match(r"(?i)(?:was|were|is|are|did|does|do)\b", what.group("thing")):
        ask = f"what {what.group('was')} {what.group('thing')}{what.group('rest')}"  # "what Apple's net sales were in ..."
    else:
        return [sentence]
    return ([f"{setup.rstrip(' ,')}."] if setup else []) + [f"{ask[0].upper()}{ask[1:]}?"]


# a segment a sentence names, and one a later sentence refers back to
_A_SEGMENT = re.compile(r"(?P<co>[A-Z][\w.&-]*['’]s\s+)?(?P<seg>[A-Z][\w&\-]*(?:\s+(?:[A-Z][\w&\-]*|and|&))*)\s+segment\b")
_SEGMENT_BACK = re.compile(r"\b(?:the|that|this|its)\s+segment(['’]s)?\b(?!\s+[A-Z])", re.I)
_THAT_PERIOD = re.compile(r"\b(?:that|this|the\s+same|the)\s+(?:quarter|period)\b(?!\s+(?:ended|ending|before|prior|"
                          r"preceding|earlier|after|following|ago|a\s+year|\w+\s+months?)\b)(?!\s+(?:a\s+year|last\s+year|of\s+(?:the\s+)?"
                          r"(?:prior|previous|last)|the\s+year\s+before|one\s+year|in\s+(?:the\s+)?(?:prior|previous)))", re.I)
_BROUGHT_IN = re.compile(r"\b(bring|brought|take|took)\s+in\s+(?=(?:that|this|the\s+same)\s+(?:quarter|period)\b)", re.I)
# a quarter a sentence names (not a filing's date: "filed on October 27, 2023")
_A_PERIOD = re.compile(rf"\b(?:the\s+)?(?:{MONTH_NAME}\s+(?:19|20)\d\d\s+quarter|(?:quarter|three\s+months|period)\s+"
                       rf"ended\s+{PERIOD}|(?:fiscal\s+)?q[1-4]\s+(?:fy\s?)?'?(?:19|20)?\d\d|"
                       rf"(?:first|second|third|fourth)[\s-]+(?:fiscal\s+)?quarter\s+(?:of\s+)?(?:fiscal\s+)?(?:19|20)\d\d|"
                       # "Apple and Intel both closed a fiscal quarter on July 1, 2023": the quarter ended then
                       rf"(?:closed|ended|ending|finished)\s+(?:a|the|its|their)\s+(?:fiscal\s+)?quarter\s+on\s+"
                       rf"(?P<closed>{PERIOD}))", re.I)


_HOW_BIG = re.compile(r"^(?:how\s+(?:big|large|much|sizable|high)|what)\s+(?:was|were)\s+(?:it|that|this|they)\s*\?$", re.I)
_BOOKED = re.compile(r"^(?P<owner>[A-Z][\w.&-]*(?:\s+[A-Z][\w.&-]*){0,2})\s+(?:booked|reported|recorded|posted|had|took|"
                     r"incurred|recognized|recognised|saw|paid)\s+(?:an?\s+)?(?:(?:big|large|huge|sizable|sizeable|"
                     r"significant|small|modest|one-time|unusual)\s+)?(?P<thing>[a-z][\w\- ]{2,40}?)\s+"
                     r"(?P<when>(?:in|for|during)\s+[^.?!]{3,60}?)\s*[.!]?$")


# a sentence that asks: a question, or a request ("Give net income ..."); not "Consider NVIDIA's operating income ..."
_ASKING = re.compile(r"\?\s*$|^(?:what|how\s+much|how\s+many|give|state|show|provide|tell\s+me|pull|get|report|list)\b",
                     re.I)


def _shared_words(first: str, second: str) -> str | None:
    """The first figure's name with the words the two share written once after the second ("gross and operating
    margins": "gross margins"; "iPhone and Mac net sales": "iPhone net sales"; "revenue and operating income growth":
    "revenue growth"); None when what the second's last word makes of the first can't be told ("net sales and
    operating income margin")."""
    words, last = first.split(), second.split()[-1].lower()
    if _SPAN_ALONE.fullmatch(first) and (ended := _SPAN_ENDED.match(second)):
        return f"{first} {ended.group(1)}"  # "the three months and the six months ended April 1, 2023"
    if len(words) == 1 and words[0].lower() in _MODIFIERS and len(second.split()) > 1 and \
            second.split()[0].lower() in _MODIFIERS:
        return f"{first} {' '.join(second.split()[1:])}"
    if (named := _NAMES_THEN.match(second)) and _NAMES.fullmatch(first):
        return f"{first} {named.group(2)}"  # names alone before the measure of the second
    if last in _CHANGES and words[-1].lower() not in _CHANGES and not re.match(_YOY_WORD, second, re.I):
        return f"{first} {last}"  # (not "gross margin % and YoY revenue change": the change is the second's own)
    if last in _RATIOS and words[-1].lower() not in _RATIOS:
        return None
    return first


def _two_parts(question: str, m: re.Match) -> list[str]:
    left, right = question[:m.start()], question[m.end():]
    end = _PART_END.search(right)
    starts = list(_PART_START.finditer(left))
    if not starts or not end:
        return []
    first, second, rest = left[starts[-1].end():], right[:end.start()], right[end.start():]
    if aside := re.match(r"\s*\([^()]*\)", rest):  # "the operating income (loss) of ...": the second's own words
        second, rest = second + aside.group(), rest[aside.end():]
    if plural := _SEGMENTS.match(second):  # "Microsoft's Intelligent Cloud and More Personal Computing segments"
        second, rest = plural.group(1), f" {plural.group(2)[:-1]}{plural.group(3)}{rest}"
    if not (0 < len(first.split()) <= _PART_WORDS and 0 < len(second.split()) <= _PART_WORDS) or \
            second.lower().startswith(first.lower()):
        return []  # "cash and cash equivalents" names one line
    if segment := _SEGMENT_FIRST.match(first):
        second = _THAT_SEGMENT.sub("", second)  # "... and that segment's ..."
        if second[:1].islower():
            second = segment.group(1) + second
    first = _shared_words(first, second)
    if first is None:
        return []
    parts = [left[:starts[-1].end()] + first + rest, left[:starts[-1].end()] + second + rest]
    read = [asked(p) for p in parts]
    if not all(read) or len({(f.expr, f.segment, months_asked(p)) for f, p in zip(read, parts)}) < 2:
        return []  # the same figure twice; not one line for "the three months and the six months ended ..."
    return parts


# what analysts' shorthand and asides add to a question: "Intel gains (losses) on equity investments, net — first six
# months of 2023?", "AMZN AWS op income Q3'22?", "Microsoft's Product revenue (as opposed to Service and other) in ..."
_DASH = re.compile(r"\s+(?:—|--)\s+")  # an em dash; not "-" or "–", which may be a minus or a span ("FY2022 – FY2024")
_DOLLARS = re.compile(r",?\s+in\s+(?:US\s+|U\.S\.\s+)?dollars\b,?", re.I)  # "Azure revenue in US dollars for ...": no unit asked
_NET = re.compile(r"\s*\(net\)", re.I)  # "commercial paper (net)": the row "..., net"
# a line's name in quotes ("Microsoft's 'Service and other' revenue"): the name; not an apostrophe inside a word
_QUOTED = re.compile(r"(?<![\w'’])['‘\"“]([A-Za-z][^'’\"”?]{0,60}?)['’\"”](?![\w'’])")
_OP = re.compile(r"\bop\.?(?=\s+(?:income|margin|profit|loss|expenses?|cash)\b)", re.I)
_CONTRAST = re.compile(r"\s*\((?:as\s+opposed\s+to|rather\s+than|excluding|excl\.?|not|vs\.?|versus)\s[^()]*\)", re.I)
# an acronym with its name spelled out after it: "Intel AXG (Accelerated Computing Systems and Graphics) revenue" is
# AXG's (its first letter the name's); the bracket would hide the segment asked from the forms that read it
_ACRONYM_SPELLED = re.compile(r"\b(?P<acronym>[A-Z][A-Z&]{1,5})\s+\((?P<name>[A-Z][A-Za-z\-]*(?:\s+(?:[A-Z][A-Za-z\-]*|&|and|of)){1,6})\)")
# ... or after it: "Intel's Data Center and AI (DCAI) segment operating income" is the segment's (blind set 38's t23)
_SPELLED_ACRONYM = re.compile(r"\b(?P<name>[A-Z][A-Za-z\-]*(?:\s+(?:[A-Z][A-Za-z\-]*|&|and|of)){1,6})\s+"
                              r"\((?P<acronym>[A-Z][A-Z&]{1,5})\)")
_PARENT = re.compile(r"(?<=[a-z])\s+\((?:[A-Z][A-Za-z&\-]*)(?:\s+(?:[A-Z][A-Za-z&\-]*|&|and))*\)")  # "revenue (Client Computing)"
# a report named with its day in brackets: "from the Q3 2022 balance sheet (Oct 1, 2022) to ...": the day
_REPORT_DAY = re.compile(r"\b(?:the\s+)?(?:(?:Q[1-4]|[1-4]Q)\s+(?:(?:fiscal|FY)\s?)?(?:19|20)?\d\d\s+|(?:fiscal\s+)?(?:19|20)\d\d\s+)?"
                         r"(?:balance\s+sheets?|10-?Q|quarterly\s+report|report|filing)\s*\(\s*(?:as\s+of\s+|at\s+)?"
                         r"(?P<day>(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?\s+\d{1,2},?\s+(?:19|20)\d\d)\s*\)",
                         re.I)
# the total a line is part of: "excess inventory purchase obligations within accrued and other current liabilities"
_WITHIN = re.compile(r"\s+(?:within|included\s+in|as\s+part\s+of)\s+(?:the\s+|its\s+)?[a-z][\w,'’&\- ]*?"
                     r"(?=\s+(?:as\s+of|at|for|in|during)\b|\s*[?.;]|$)", re.I)

# a second part that asks for words, not a figure: "How much did Intel spend on R&D in Q1 2023, and which initiatives
# were prioritized?" (the figure is worked out; the model answers the rest, the guard checks the figure)
_PROSE_PART = re.compile(r",?\s+and\s+(?:why\b|(?:what|which|how|where|who)\b[^?]*?\b(?:focus\w*|priorit\w*|"
                         r"initiatives?|areas?|strateg\w*|plans?|drove|drive[ns]?|drivers?|factors?|reasons?|purposes?|"
                         r"explain\w*|describe\w*|attributed|caused?|used|spent|compar\w*|align\w*|relate[ds]?)\b)"
                         r"[^?]*\?\s*$", re.I)


# a segment named in an opening clause: "For Apple's Greater China segment in the quarter ended April 1, 2023, what were
# net sales?" reads "What were Apple's Greater China segment net sales in the quarter ended April 1, 2023?"
_SEGMENT_CLAUSE = re.compile(rf"^(?i:for|within|in)\s+(?P<segment>(?:{_LINE_COMPANY}(?:'s|’s)\s+)?"
                             r"(?:(?i:the|its)\s+)?"
                             r"[A-Z][\w&\-]*(?:\s+(?:[A-Z][\w&\-]*|&|and)){0,3}\s+(?i:segment|business|division))"
                             r"(?P<when>(?:[^,?]|,\s(?=(?:19|20)\d\d)){0,80}),\s+"
                             r"(?P<what>(?i:what|how\s+much)\s+(?i:was|were|is|are)\s+)"
                             r"(?:(?i:the|its)\s+)?(?P<rest>[a-z][^?]*)\?\s*$")
# ... or the segment as a topic before a colon, the question after it asking for its line: "Intel's Client Computing
# segment: what was its operating margin in Q3 2023 (...)?" (blind set 43's y15); without the word "segment" only when
# the question says "its" ("Microsoft Intelligent Cloud: what was its operating income in Q1 FY24?")
_SEGMENT_TOPIC = re.compile(rf"^(?P<segment>(?:{_LINE_COMPANY}(?:'s|’s)\s+)?(?:(?i:the)\s+)?"
                            r"[A-Z][\w&\-]*(?:\s+(?:[A-Z][\w&\-]*|&|and)){0,4}(?P<word>\s+(?i:segment|business|division))?)"
                            r"\s*:\s+(?P<what>(?i:what|how\s+much)\s+(?i:was|were|is|are)\s+)"
                            r"(?P<its>(?i:the|its)\s+)(?P<rest>[a-z][^?]*)\?\s*$")
# a terse question's topic before a colon: "NVDA Q2 FY24 (quarter ended July 30, 2023): revenue and net income?" reads
# "What were NVDA's revenue and net income in Q2 FY24 (quarter ended July 30, 2023)?"
_TOPIC = re.compile(rf"^(?P<who>[A-Z][\w.&]*(?:\s+[A-Z][\w.&]*){{0,3}}?)\s+(?P<when>(?:(?i:in|for|as\s+of|at)\s+)?"
                    rf"(?:{PERIOD}|Q[1-4]|[1-4]Q|FY|(?i:fiscal|the\s+(?:quarter|three|six|nine)))[^:?]{{0,80}}):\s+"
                    r"(?P<rest>(?!(?i:what|how|which|did|does|was|were|is|are|who|why|when|where)\b)[A-Za-z][^?:]*)\?\s*$")
# (the topic named in capitals too: "AAPL Q3 FY22: YoY growth in Services net sales?", blind set 40's v12)
# the topic before a dash or colon, then the question without the company or the period: "Intel Q2 2023 - what were
# revenue and net income attributable to Intel?" reads "What were Intel's revenue and net income ... in Q2 2023?"; a
# topic after the period says again what is asked ("AMZN Q1 2023 capex - what were gross purchases of ...")
_TOPIC_ASKED = re.compile(rf"^(?P<who>[A-Z][\w.&]*(?:\s+[A-Z][\w.&]*){{0,3}}?)\s+"
                          rf"(?P<when>(?:{PERIOD}|(?:Q[1-4]|[1-4]Q)\s+(?:FY\s?)?(?:19|20)?\d\d|FY\s?(?:19|20)?\d\d))"
                          r"(?:\s+[a-z][\w&'’-]*(?:\s+[a-z][\w&'’-]*){0,2})?"  # a topic the question says again: "capex"
                          r"\s*(?:\s[-–—]{1,2}|:)\s+(?i:what|how\s+much)\s+(?P<verb>(?i:was|were|is|are))\s+"
                          r"(?:(?i:the|its)\s+)?(?P<rest>[a-z][^?]*)\?\s*$")
# "AMZN Q1 2023 top line: what did Amazon report as total net sales for the quarter ended March 31, 2023?": the topic
# says again what the question says
# (also before a dash: "MSFT Q1 FY24 capex — what ...")
_TOPIC_FIRST = re.compile(r"^[^:?]{2,60}:\s+(?=(?i:what|how|which)\b)|"
                          r"^(?!(?i:in|for|during|within|per|according|as|at|from|on|by|after|before|looking|using|"
                          r"based|over|through|since|when|if)\b)[^:?,]{2,40},\s+(?=(?i:what|how|which)\b)")


# a request put politely ("Could you give me ...") is the request; "both A and B" is "A and B"; "A, as well as B" is
# "A and B"; a ticker before a colon and a terse name ("AMZN: AWS segment operating income, Q3 2022?") is the two
_POLITE = re.compile(r"^(?:(?:could|can|would)\s+you\s+(?:please\s+)?|please\s+)"
                     r"(?=(?:give|show|tell|provide|find|state)\b)", re.I)
_BOTH = re.compile(r"\bboth\s+(?=(?:the\s+)?[\w&'’-]+(?:\s+[\w&'’()-]+){0,6}?\s+and\s)", re.I)
_AS_WELL_AS = re.compile(r",?\s+as\s+well\s+as\s+", re.I)
_TICKER_COLON = re.compile(r"^([A-Z][A-Z.&]{1,9}):\s+(?=[A-Z][\w&-]*\s|[a-z])"
                           r"(?!(?i:what|how|which|who|when|where|why|is|are|was|were|did|does|do)\b)")


def _spelled_out(question: str) -> str:
    """An opening segment clause or a terse topic before a colon, as the question's own words (above)."""
    question = _TICKER_COLON.sub(r"\1 ", _AS_WELL_AS.sub(" and ", _BOTH.sub("", question)))
    if m := _POLITE.match(question):
        question = question[m.end()].upper() + question[m.end() + 1:]
    if m := _SEGMENT_CLAUSE.match(question):
        return f"{m.group('what').capitalize()}{m.group('segment')} {m.group('rest')}{m.group('when')}?"
    if (m := _SEGMENT_TOPIC.match(question)) and (m.group("word") or m.group("its").lower().startswith("its")) and \
            (PERIOD_RE.search(m.group("rest")) or quarter_asked(m.group("rest"))):
        return f"{m.group('what').capitalize()}{m.group('segment')} {m.group('rest')}?"
    if m := _TOPIC.match(question):
        when = m.group("when") if re.match(r"(?i:in|for|as\s+of|at)\s", m.group("when")) else f"in {m.group('when')}"
        # a ticker's possessive; not "Amazon Web Services'": it may be a segment
        who = m.group("who") + ("'s" if len(m.group("who").split()) == 1 else "")
        return f"What were {who} {m.group('rest')} {when}?"
    if m := _TOPIC_ASKED.match(question):  # "Intel Q2 2023 - what were revenue and net income attributable to Intel?"
        who = m.group("who") + ("'s" if len(m.group("who").split()) == 1 else "")
        return f"What {m.group('verb').lower()} {who} {m.group('rest')} in {m.group('when')}?"
    if (m := _TOPIC_FIRST.match(question)) and PERIOD_RE.search(question, m.end()):
        rest = question[m.end():]
        return rest[0].upper() + rest[1:]
    if m and (day := WRITTEN_DATE.search(question, 0, m.end())) and not PERIOD_RE.search(question, m.end()):
        # the day in the topic alone: "NVDA balance sheet at 4/30/23: how much was accrued for ...?" asks it as of
        # that day (blind set 38's t10)
        rest = question[m.end():].rstrip().rstrip("?")
        return f"{rest[0].upper()}{rest[1:]} at {day.group()}?"
    return question


def quarters_numbered(question: str) -> str:
    """A quarter named in words as its number ("the second quarter of fiscal 2024" is "Q2 FY2024", "the third quarter
    of 2022" is "Q3 2022"); where two fiscal quarters are named each with the day it ended beside it ("from Q2 FY2024
    (ended July 30, 2023) to Q3 FY2024 (ended October 29, 2023)", "Apple (fiscal Q2 2023, ended April 1, 2023) or
    Microsoft (fiscal Q3 2023, ended March 31, 2023)"), the days left out: each quarter names its report and its
    column. One quarter keeps its day, the surer of the two."""
    question = _QUARTER_WORDS.sub(lambda m: f"Q{ORDINALS[m['o'].lower()]} "
                                  f"{'FY' if m['f0'] or m['f1'] or m['f2'] else ''}{m['y']}", question)
    return _QUARTER_ENDED.sub(r"\g<q>", question) if len(_QUARTER_ENDED.findall(question)) > 1 else question


# an amount set aside for a line is the line's: "how much was accrued for excess inventory purchase obligations"
_SET_ASIDE = re.compile(r"\b(how\s+much|what)\s+(was|were|is|are|had\s+been|has\s+been)\s+(?:accrued|reserved|provided|"
                        r"set\s+aside)\s+(?:for|as)\s+", re.I)


def plain_question(question: str) -> str:
    """The question with a dash read as a comma, "(net)" as ", net", "op" as "operating", "top line" as "revenue" and
    "bottom line" as "net income", a name in quotes as the name, without "in (US) dollars" or a second part asking
    for words (_PROSE_PART), and an aside that contrasts
    ("(as opposed to ...)", "(excluding ...)") or names the line's parent ("Notebook revenue (Client Computing)",
    "... within accrued liabilities") left out."""
    question = _DOLLARS.sub("", _NET.sub(", net", _DASH.sub(", ", " ".join(question.split()))))
    question = _ACRONYM_SPELLED.sub(lambda m: m["acronym"] if spells(m["acronym"], m["name"]) else m[0], question)
    question = _SPELLED_ACRONYM.sub(lambda m: m["name"] if spells(m["acronym"], m["name"]) else m[0], question)
    question = _REPORT_DAY.sub(r"\g<day>", _SET_ASIDE.sub(r"\1 \2 ", question))
    question = _spelled_out(_QUOTED.sub(r"\1", _PROSE_PART.sub("?", _named_in_lower_case(question))))
    question = _BOTTOM_LINE.sub("net income", _TOP_LINE.sub("revenue", question))  # as analysts say them
    question = _SPAN_ADJECTIVE.sub("", question)  # "NVIDIA's quarterly revenue": the row "Revenue" (blind set 34's p24)
    for short, spelled in _SHORTHAND:
        question = short.sub(spelled, question)
    question = _INFORMAL_SEGMENT.sub(r"\1\3 \2", question)
    question = _PERIOD_BEFORE_SEGMENT.sub(r"\g<name> \g<rest> \g<period>?", question)
    question = _TWO_QUARTERS.sub(lambda m: f"Q{ORDINALS[m[1].lower()]} {m[3]} and Q{ORDINALS[m[2].lower()]} {m[3]}",
                                 question)
    question = quarters_numbered(question)
    if len(_QUARTER_ENDED_ON.findall(question)) > 1:  # "from the quarter ended June 25, 2022 to the quarter ended
        question = _QUARTER_ENDED_ON.sub("", question)  # July 1, 2023": the two days (the span: months_asked)
    if m := _COMPARED_AT.match(question) or _AT_VS.match(question):  # a balance at two days: its change between them
        x = m.group("x")
        x = _owned(x) if not re.match(r"(?i)how\b", x) else x
        question = f"How much did {x} change from {m.group('p1')} to {m.group('p2')}?"
    elif (m := _COMPARED_IN.match(question)) and not _PERCENT.search(m.group("x")):
        # (not a percentage's: "the gross margin percentage in Q3 2023" changed by points, not by a share of itself)
        p1 = m.group("p1")
        if m.group("same") and (q := re.search(r"(?i)(fiscal\s+)?\b(q[1-4])\b", m.group("p2"))) and not quarter_asked(p1):
            # "the same quarter of 2022", "of FY2023", "of fiscal 2022": Q2 2022, Q2 FY2023, fiscal Q2 2022
            year = re.sub(r"(?i)^fiscal\s+", "", p1)
            p1 = f"{'fiscal ' if q.group(1) or year != p1 else ''}{q.group(2)} {year}"
        question = f"How much did {m.group('x')} change from {p1} to {m.group('p2')}?"
    elif (m := _COMPARE_IN.match(question)) and not _PERCENT.search(m.group("x")):
        p1, p2 = _earlier_first(m.group("p1"), m.group("p2"))
        question = f"How much did {m.group('x')} change from {p1} to {p2}?"
    elif (m := _VS_HOW_MUCH.match(_LINE_AFTER_PERIOD.sub(r"\g<co> \g<line> \g<p1> ", question))) and m.group("both"):
        # "..., change in $ and %?" (blind set 44's z12)
        p1, p2 = _earlier_first(m.group("p1"), m.group("p2"))
        question = f"How much did {_owned(m.group('head'))} change from {p1} to {p2}, in dollars and percent?"
    elif m and dates_in(m.group("p1")) and dates_in(m.group("p2")):
        # two days ("Microsoft More Personal Computing revenue: quarter ended December 31, 2022 vs. quarter ended
        # December 31, 2021 -- which was higher and by how much?", blind set 43's y18): the change from the earlier
        # December 31, 2021 to December 31, 2022 (the quarter is the question's span: months_asked)
        p1, p2 = _earlier_first(m.group("p1"), m.group("p2"))
        question = f"How much did {_owned(m.group('head'))} change from {p1} to {p2}?"
    elif m:
        question = f"{m.group('head')} {(m.group('kind') or 'change').lower()}, {m.group('p1')} vs {m.group('p2')}?"
    elif CHANGED_IN and (m := _CHANGED_IN.match(question)):
        question = f"How much did {m.group('x')} {m.group('kind').lower()} from {m.group('p1')} to {m.group('p2')}" \
                   f"{', in percent' if m.group('pct') else ''}{', in dollars and percent' if m.group('both') else ''}?"
    elif CHANGED_IN and (m := _CHANGE_IN_X.match(question)):
        p1, p2 = (re.sub(rf"(?i)^{_SPAN_WORDS_ENDED}", "", m.group(g)) for g in (("a1", "a2") if m.group("a1") else ("b1", "b2")))
        question = f"How much did {m.group('x')} change from {p1} to {p2}" \
                   f"{', in percent' if m.group('pct') else ''}{', in dollars and percent' if m.group('both') else ''}?"
    elif CHANGED_IN and (m := _COMPARED_YEAR_AGO.match(question)):
        question = f"How much did {m.group('x')} change year over year in {m.group('p')}?"
    question = _HOW_BIG_BUSINESS.sub(r"What \1 \2 revenue", question)
    # "What did Apple owe its suppliers at ..., i.e. the accounts payable balance?" (not a line asked by its name and
    # then said in words: "What was CORV's gross capex in Q3'22, i.e. cash spent on property ...?")
    if (m := _NAMELY.match(question)) and (PERIOD_RE.search(m.group("when")) or quarter_asked(m.group("when"))) and \
            re.match(r"(?i)(?:what|how\s+much)\s+(?!(?:was|were|is|are)\b)", m.group("ask")):
        named = [name for name, _ in names_asked(m.group("ask"))]
        if len(named) <= 1 and not re.search(r"\band\b", named[0] if named else ""):  # one company's line, or none's
            whose = f"{named[0]}'s" if named else "the"
            question = f"What was {whose} {m.group('x')} {m.group('when')}?"
    elif (m := _EARNED_LINES.match(question) or _STATEMENT_LINES.match(question)) and \
            (PERIOD_RE.search(m.group("when")) or quarter_asked(m.group("when"))):
        # "What did Amazon earn in Q2 2023 — net income and diluted EPS?", "Intel balance sheet as of October 1, 2022:
        # short-term debt and long-term debt?": the lines after the dash or the colon are those asked
        question = f"What were {m.group('name')}'s {m.group('lines')} {m.group('when')}?"
    if (m := _YOY_AFTER.match(question)) and not PERIOD_RE.search(m.group("x")):
        question = f"What was the year-over-year {m.group('kind')} in {_owned(m.group('x'))}{m.group('rest') or ''}?"
    elif (m := _WHAT_YOY.match(question)) and not PERIOD_RE.search(m.group("x")):
        # "What were AAPL's Services net sales YoY growth in Q3 FY22?" (blind set 40's v12, its topic first)
        rest = m.group("rest") or ""
        if re.search(r"['’]s$", m.group("x")) and (of := re.match(r"\s+(?:in|of)\s+", rest)):
            rest = f" {rest[of.end():]}"  # "CORV's YoY growth in Services net sales": the owner's line
        question = f"What was the year-over-year {(m.group('k1') or m.group('k2')).lower()} in {m.group('x')}{rest}?"
    elif (m := _GROWTH_FROM.match(question)) and not PERIOD_RE.search(m.group("x")):
        # "NVDA Data Center revenue sequential growth from Q2 FY24 to Q3 FY24?" (blind set 22's d10)
        verb = {"growth": "grow"}.get(m.group("kind").lower(), m.group("kind").lower())
        question = f"How much did {_owned(m.group('x'))} {verb} from {m.group('p1')} to {m.group('p2')}" \
                   f"{m.group('rest') or ''}?"
    question = _PART_OWNED.sub(r"\g<co>'s \g<part> \g<measure> \g<prep> ", question)
    question = _PART_OF_BALANCE.sub(r"What was \g<co>'s \g<part> \g<whole> \g<when>?", question)
    return _WITHIN.sub("", _PARENT.sub("", _CONTRAST.sub("", _OP.sub("operating", question))))


_TOP_LINE = re.compile(r"\btop[- ]line\b", re.I)
# a span or a source said of a profit line, no part of its row's name: "quarterly revenue", "reported net income"
_SPAN_ADJECTIVE = re.compile(r"\b(?:quarterly|reported)\s+(?=(?:net\s+|total\s+|operating\s+)?(?:revenues?|sales|income|"
                             r"earnings|profit|loss)\b)", re.I)
# a balance at two days compared: "How did NVIDIA's inventory at the end of Q3 FY24 compare with a year earlier, at the
# end of Q3 FY23?", "Microsoft short-term unearned revenue at 9/30/23 vs 9/30/22: what's the change?"
_BALANCE_DAY = rf"{_END_OF}{_PERIOD_OR_QUARTER}"
# a quarter named by the day it ended, as a comparison names two: "the quarter ended June 25, 2022"
_QUARTER_ENDED_ON = re.compile(rf"\bthe\s+(?:fiscal\s+)?(?:quarter|three[- ]months?(?:\s+period)?)\s+"
                               rf"(?:ended|ending)\s+(?={DATE.pattern})", re.I)
_COMPARED_AT = re.compile(rf"^how\s+did\s+(?P<x>[^?]+?)\s+(?:at|as\s+of)\s+(?P<p2>{_BALANCE_DAY})\s+compare\s+"
                          rf"(?:with|to|against)\s+(?:(?:a|one)\s+year\s+(?:earlier|before|ago)\s*,?\s+)?"
                          rf"(?:at|as\s+of)\s+(?P<p1>{_BALANCE_DAY})\s*\?\s*$", re.I)
_AT_VS = re.compile(rf"^(?P<x>[A-Z][^?:]*?)\s+(?:at|as\s+of)\s+(?P<p2>{_BALANCE_DAY})\s+(?:vs\.?|versus|compared\s+"
                    rf"(?:with|to))\s+(?P<p1>{_BALANCE_DAY})\s*[:,;–—-]\s*(?:what(?:['’]s|\s+is|\s+was)\s+the\s+)?"
                    r"(?:change|difference)\s*\??\s*$", re.I)
# a year's or a quarter's figure compared with another's: "How did AWS operating income in Q1 2023 compare with Q1
# 2022?" is how much it changed from Q1 2022 to Q1 2023
_COMPARED_IN = re.compile(rf"^how\s+did\s+(?P<x>[^?]+?)\s+(?:in|for|during)\s+(?P<p2>{_PERIOD_OR_QUARTER})\s+compare\s+"
                          rf"(?:with|to|against)\s+(?:(?P<same>the\s+same\s+(?:quarter|period)\s+(?:of|in)\s+)|"
                          rf"(?:(?:a|one)\s+year\s+(?:earlier|before|ago)\s*,?\s+)?(?:in\s+)?)(?P<p1>{_PERIOD_OR_QUARTER})"
                          rf"\s*\?\s*$", re.I)
# a line's figures of two periods compared, asked as a command: "Compare Apple's Mac revenue in Q3 2022 with Q3
# 2023." is how much it changed from the earlier to the later (_earlier_first), named in either order
_COMPARE_IN = re.compile(rf"^compare\s+(?P<x>[^?]+?)\s+(?:in|for|during|between)\s+(?P<p1>{_PERIOD_OR_QUARTER})\s+"
                         rf"(?:with|to|and|vs\.?|versus|against)\s+(?:(?:that\s+(?:of|in|for)|in|for)\s+)?"
                         rf"(?P<p2>{_PERIOD_OR_QUARTER})\s*[.?]?\s*$", re.I)


def _earlier_first(p1: str, p2: str) -> tuple[str, str]:
    """Two periods as named ("July 1, 2023", "Q3 2022", "fiscal 2023"), the earlier first: by their years, then
    their quarters or days; as named when that tells them apart by neither."""
    def when(period: str) -> tuple:
        year = re.search(r"(?:19|20)\d\d", period) or re.search(r"(?i)fy\s?'?(\d\d)\b", period)
        day = dates_in(period)
        quarter = re.search(r"(?i)\bq([1-4])\b", period)
        return (int(year.group()[-2:]) if year else -1, day[0][5:] if day else quarter.group(1) if quarter else "")
    return (p2, p1) if when(p2) < when(p1) and when(p1)[0] >= 0 and when(p2)[0] >= 0 else (p1, p2)


# "nvda data center rev q2 fy24 vs q2 fy23, how much growth?": the growth, Q2 FY24 vs Q2 FY23 (_VERSUS)
# the company and its quarter, then the line, then the other quarter: "MSFT Q1 FY24 total finance lease cost vs Q1 FY23
# — change in $ and %?" (blind set 44's z12) is the line's "MSFT total finance lease cost Q1 FY24 vs Q1 FY23"
_LINE_AFTER_PERIOD = re.compile(rf"^(?P<co>[A-Z][\w.&]*)\s+(?P<p1>(?i:{_AT}))\s+(?P<line>[a-z][^?,:]*?)\s+"
                                rf"(?=(?i:vs\.?|versus)\s+(?i:{_AT}))")
_QUARTER_OF = r"(?:(?:the\s+)?(?:fiscal\s+)?(?:quarter|three\s+months)\s+(?:ended|ending)\s+)?"  # "quarter ended ..."
_VS_HOW_MUCH = re.compile(rf"^(?P<head>[^?,:]*?)[,:]?\s+{_QUARTER_OF}(?P<p1>{_AT})(?:\s*\([^()?]*\))?\s+"
                          rf"(?:vs\.?|versus)\s+{_QUARTER_OF}(?P<p2>{_AT})(?:\s*\([^()?]*\))?\s*[,:;]\s*"
                          rf"(?:(?:how\s+much|what(?:['’]s|\s+is|\s+was)\s+the)\s+(?P<kind>growth|change|increase|"
                          rf"decrease)|(?:the\s+)?(?P<both>change|growth)\s+in\s+(?:\$|dollars?)\s+and\s+"
                          rf"(?:%|percent(?:age)?)|(?:up\s+or\s+down|higher\s+or\s+lower|which\s+(?:was|is)\s+(?:higher|larger|"
                          rf"bigger|greater|lower|smaller))(?:\s+(?:sequentially|year[- ]over[- ]year|"
                          rf"y/y|yoy))?\s*,?\s+and\s+by\s+how\s+much)\s*\??\s*$", re.I)
# one line's change asked in the later period against the earlier: "By what percent did Intel's net revenue change in
# Q3 2023 versus Q3 2022?", "How much did NVIDIA's operating income grow in Q3 FY24 compared with Q3 FY23?" (blind
# set 21's c13, c19): how much it changed from the earlier to the later
# a quarter's day said again in brackets after its name, read as the name: "Q1 2023 (quarter ended April 1, 2023)"
_ASIDE = r"(?:\s*\((?:(?:the\s+)?(?:fiscal\s+)?(?:quarter|(?:three|six|nine|twelve)\s+months)\s+(?:ended|ending)\s+[^()]*|" \
         r"(?:fiscal\s+)?(?:Q[1-4]|[1-4]Q)\s*(?:fiscal\s+|FY\s?['’]?)?(?:19|20)?\d\d)\))?"  # or "(Q2 FY23)": blind set 44's z16
# "..., in dollars and percent?": kept, so both are worked out (rate_too)
_BOTH_AFTER = r"(?P<both>,?\s+(?:in\s+(?:dollars?|\$)\s+)?and\s+(?:in\s+)?(?:percent(?:age)?|%)(?:\s+terms)?)?"  # (_DOLLARS
# has taken "in dollars" out before)
_CHANGED_IN = re.compile(rf"^(?P<ask>(?:by\s+)?how\s+much|by\s+what\s+(?P<pct>percent(?:age)?|%))\s+did\s+(?P<x>[^?]+?)\s+"
                         rf"(?P<kind>change|grow|increase|decrease|decline|rise|fall|drop)\s+(?:in|for|during)\s+"
                         rf"(?P<p2>{_PERIOD_OR_QUARTER}){_ASIDE}\s+(?:compared\s+(?:with|to)|versus|vs\.?|over|against)\s+"
                         rf"(?P<p1>{_PERIOD_OR_QUARTER}){_ASIDE}{_BOTH_AFTER}\s*\?\s*$", re.I)
# "What was the change in Amazon's net cash provided by operating activities for the six months ended June 30, 2023
# versus the six months ended June 30, 2022?", "... from Q3 2022 to Q3 2023?" (blind set 29's k17): how much it changed
# from the earlier to the later; a span's words ("the six months ended") left to months_asked, which reads them in the
# question as asked
_SPAN_WORDS_ENDED = r"(?:the\s+)?(?:three|six|nine|twelve)\s+months\s+(?:ended|ending)\s+"
_SPAN_P = rf"(?:{_SPAN_WORDS_ENDED})?{_END_OF}(?:{_PERIOD_OR_QUARTER})"
_CHANGE_IN_X = re.compile(rf"^what\s+(?:was|is|were)\s+the\s+(?:(?P<pct>percent(?:age)?)\s+)?change\s+in\s+(?P<x>[^?]+?)\s+"
                          rf"(?:(?:from|between)\s+(?P<a1>{_SPAN_P}){_ASIDE}\s+(?:to|and)\s+(?P<a2>{_SPAN_P}){_ASIDE}|"
                          rf"(?:in|for|during)\s+(?P<b2>{_SPAN_P}){_ASIDE}\s+(?:compared\s+(?:with|to)|versus|vs\.?|over|"
                          rf"against)\s+(?P<b1>{_SPAN_P}){_ASIDE}){_BOTH_AFTER}\s*\?\s*$", re.I)
# "How did Apple's Mac net sales for the first nine months of fiscal 2023 (ended July 1, 2023) compare with the same
# period a year earlier?" (blind set 29's k16): its change year over year in that span
_COMPARED_YEAR_AGO = re.compile(r"^how\s+did\s+(?P<x>[^?]+?)\s+(?:in|for|during)\s+(?P<p>[^?]+?)\s+compare\s+"
                                r"(?:with|to|against)\s+(?:the\s+|a\s+)?(?:same|comparable|corresponding|prior[- ]year|"
                                r"year[- ]ago)\s+(?:period|quarter|months|span)(?:\s+(?:a|one)\s+year\s+(?:earlier|before|"
                                r"ago)|\s+(?:of|in)\s+the\s+(?:prior|previous)\s+(?:fiscal\s+)?year|\s+last\s+year)?"
                                r"\s*\?\s*$", re.I)
# a segment's or product's line asked as its own, with the company after it: "Azure's revenue for Microsoft's fiscal Q1
# 2024" is Microsoft's Azure revenue for fiscal Q1 2024
_PART_OWNED = re.compile(r"(?<![\w'’])(?P<part>[A-Z][\w&\-]*(?:\s+[A-Z][\w&\-]*){0,2})['’]s\s+"
                         r"(?P<measure>(?:net\s+)?(?:revenues?|sales)|operating\s+income)\s+(?P<prep>for|at|of|in)\s+"
                         r"(?P<co>[A-Z][\w.&]*(?:\s+[A-Z][\w.&]*){0,2})['’]s\s+")
# the line a question names after its own words: "What did Apple owe its suppliers at the end of fiscal Q3 2022, i.e.
# the accounts payable balance?" asks for Apple's accounts payable at that day
_NAMELY = re.compile(r"^(?P<ask>[^,?]+)\s+(?P<when>(?:at|as\s+of|on|for|in|during)\s+(?:[^,?(]|,\s*(?:19|20)\d\d)+?)\s*,?\s*\(?"
                     r"(?:i\.\s?e\.|ie|that\s+is|namely)\s*,?\s+(?:the\s+|its\s+)?"
                     # a line's name, not a unit, a comparison or a way to work it out ("i.e. in millions", "i.e. as a
                     # percentage", "i.e. versus the year-ago quarter", "i.e. operating income divided by net sales")
                     r"(?P<x>(?!(?:in|as|at|on|for|versus|vs|over|per|by|from|to|a|an|gaap)\b)"
                     r"(?![^?]*\b(?:percent\w*|ratio|divided|over|year|quarter|months?|millions?|billions?|"
                     r"thousands?|gaap|figure|after|before|change|dollars?|growth|increase|decrease)\b)"
                     r"[a-z][\w&\-' ]{2,50}?)"
                     r"(?:\s+(?:balance|line|figure|amount|number|row))?\s*\)?\s*\??\s*$", re.I)
# "What did Amazon earn in Q2 2023, net income and diluted EPS?" (its dash read as a comma): a company's earnings named
# line by line after the period (blind set 33's o08); not a second question ("..., and how did it compare?")
_EARNED_LINES = re.compile(r"^(?i:what|how\s+much)\s+did\s+(?P<name>[A-Z][\w.&-]*(?:\s+[A-Z][\w.&-]*)*)\s+"
                           r"(?i:earn|report|post|make|generate|book|deliver)\s+"
                           r"(?P<when>(?i:in|for|during)\s+[^,?()]+?),\s+"
                           r"(?P<lines>(?!(?i:and|or|but|how|what|which|why|who|i\.e|e\.g|namely|compared|versus|vs|"
                           r"in|as|at|on|for|over|per|by|from|to|a|an|after|before|excluding|including)\b)"
                           r"(?:(?!\b(?i:did|does|do|was|were|is|are|has|have|had)\b)[^,?])+?)\s*\?$")
# a statement named with the company and the day, the lines after a colon: "Intel balance sheet as of October 1, 2022:
# short-term debt and long-term debt (in $ millions)?" (blind set 42's x20): "What were Intel's short-term debt and
# long-term debt as of October 1, 2022?"
_STATEMENT_LINES = re.compile(r"^(?P<name>[A-Z][\w.&-]*(?:\s+[A-Z][\w.&-]*)?)(?:['’]s)?\s+(?i:(?:condensed\s+)?"
                              r"(?:consolidated\s+)?(?:balance\s+sheets?|income\s+statements?|cash\s+flow\s+statements?|"
                              r"statements?\s+of\s+(?:operations|income|cash\s+flows)))\s+"
                              r"(?P<when>(?i:as\s+of|at|for|in)\s+[^:?]+?)\s*:\s+"
                              r"(?P<lines>(?!(?i:what|how|which|why|who|did|does|was|were|is|are)\b)[A-Za-z][^:?()]*?)"
                              r"\s*(?:\([^()]*\))?\s*\?$")
# a line typed alone, no question word or verb before the change named after it
_TERSE_LINE = r"^(?!(?:what|how|which|when|why|by|did|does|was|were|is|are|show|explain|please|compute|" \
    r"calculate|give|tell|list|describe|find|get)\b)" \
    r"(?![^?]*\b(?:did|does|do|was|were|is|are|has|have|had)\b)(?P<x>[A-Za-z][^?,:;]{2,60}?)\s+"
# tersely, the change named after the line and before its period: "Intel DCAI revenue change year over year in Q3
# 2023, in percent?" (the period first is _YOY_TERSE's: "AAPL Q1 FY23 iPhone revenue growth y/y")
_YOY_AFTER = re.compile(_TERSE_LINE +
                        r"(?P<kind>growth|change|increase|decrease|decline)\s*,?\s+"
                        r"(?:y/y|yoy|y-o-y|year[- ]over[- ]year|year[- ]on[- ]year)(?![\w/])"
                        r"(?P<rest>\s*(?:,|\(|(?:in|for|during|over)\s)[^?]*)?\??\s*$", re.I)
# ... or asked with a question word, the change named after the line: "What was X's revenue YoY growth in Q3 2023?"
_YOY_WORDS = r"(?:y/y|yoy|y-o-y|year[- ]over[- ]year|year[- ]on[- ]year)"
_WHAT_YOY = re.compile(rf"^what\s+(?:was|were|is|are)\s+(?!the\s+year)(?P<x>[^?]+?)\s+(?:{_YOY_WORDS}\s+"
                       rf"(?P<k1>growth|change|increase|decrease|decline)|(?P<k2>growth|change|increase|decrease|decline)"
                       rf"\s*,?\s+{_YOY_WORDS})(?![\w/])(?P<rest>\s*(?:,|\(|(?:in|for|during|over)\s)[^?]*)?\?\s*$", re.I)
# ... or between two periods named after it: "NVDA Data Center revenue sequential growth from Q2 FY24 to Q3 FY24?"
_GROWTH_FROM = re.compile(_TERSE_LINE +
                          r"(?:(?:sequential|q/q|qoq|quarter[- ]over[- ]quarter|y/y|yoy|year[- ]over[- ]year)\s+)?"
                          r"(?P<kind>growth|change|increase|decrease|decline)\s+from\s+(?P<p1>[^?,;]{2,40}?)\s+to\s+"
                          r"(?P<p2>[^?,;]{2,40}?)(?P<rest>\s*,\s*in\s+(?:percent|%|dollars))?\s*\??\s*$", re.I)


# a company's bare name typed before its line in lower case: "Amazon total operating expenses", "AMZN capex"
BARE_NAME = re.compile(r"^([A-Z][\w&.\-]*)\s+(?=[a-z])")


def _owned(line: str) -> str:
    """A line typed after its company's bare name read as the company's: "Amazon total operating expenses" is
    "Amazon's total operating expenses" (the name capitalised or a ticker, the line in lower case after it)."""
    return BARE_NAME.sub(r"\1's ", line, count=1)


# a part of a balance asked as "how much of" it: "How much of NVIDIA's inventory at the end of Q2 FY2024 was work in
# process?" is its work in process inventory (a share of revenue "came from" a segment is read by the segment forms)
_PART_OF_BALANCE = re.compile(r"^how\s+much\s+of\s+(?P<co>[A-Z][\w.&]*(?:\s+[A-Z][\w.&]*){0,2})['’]s\s+"
                      r"(?P<whole>(?!(?:total\s+)?(?:net\s+)?(?:revenues?|sales)\b)[a-z][a-z\- ]{2,40}?)\s+"
                      r"(?P<when>(?:at|as\s+of|on|for|in|during)\s+[^?]{3,80}?)\s+(?:was|were)\s+"
                      r"(?P<part>[a-z][\w\- ]{2,40}?)\s*\?\s*$", re.I)
# the size of a business is its revenue: "How big was Amazon's ads business in Q2 2023?"
_HOW_BIG_BUSINESS = re.compile(r"^how\s+(?:big|large)\s+(was|were|is|are)\s+((?:[\w.&]+['’]s|the|its|their)\s+"
                               r"[\w&\-]+(?:\s+[\w&\-]+){0,3}?)\s+(?:business|segment|division|unit)\b"
                               r"(?=\s*(?:[?,.]|$)|\s+(?:in|for|during|over|as\s+of|at|and)\b)", re.I)  # not "... segment's margin"
# a segment called informally, its name in brackets: "Microsoft's cloud segment (Intelligent Cloud)" is its Intelligent
# Cloud segment
_INFORMAL_SEGMENT = re.compile(r"((?:[\w.&]+['’]s|\b(?i:the|its|their))\s+)(?:[a-z][\w&\-]*\s+){1,3}"
                               r"((?i:segment|business|division))\s+\(([A-Z][\w&\-]*(?:\s+(?:[A-Z][\w&\-]*|&|and))*)\)")
# a terse question's period between the company and a segment's line: "MSFT Q2 FY23 Intelligent Cloud op income?" is
# "MSFT Intelligent Cloud operating income Q2 FY23?" (blind set 25's g01)
_PERIOD_BEFORE_SEGMENT = re.compile(r"^(?P<name>[A-Z][\w.&]*)\s+(?P<period>(?i:(?:q[1-4]|[1-4]q)\s*(?:fy\s?['’]?\d{2,4}|"
                                    r"(?:19|20)\d{2})|fy\s?['’]?\d{2,4}\s*q[1-4]))\s+"
                                    r"(?!(?i:yoy|y/y)\b)"  # (not "Intel Q1 2023 YoY revenue change?")
                                    r"(?P<rest>(?:[A-Z][\w&-]*\s+)+[a-z][a-z -]*?)\s*\?\s*$")  # a name, then its line
# analysts' short names of statement lines: "stock-based comp", "SBC", "opex", "ads revenue"
_SHORTHAND = ((re.compile(r"\b((?:stock|share|equity)(?:[- ]based)?)\s+comp\b\.?", re.I), r"\1 compensation"),
              (re.compile(r"\bSBC\b"), "stock-based compensation"),
              (re.compile(r"\bopex\b", re.I), "operating expenses"),
              # "R&D intensity", "capex intensity": the spending as a share of revenue, as analysts say it (blind set
              # 39's u19)
              (re.compile(r"\b(R&D|research\s+and\s+development|SG&A|capex|capital\s+expenditures?|(?:sales\s+and\s+)?"
                          r"marketing|operating\s+expenses?)\s+intensity\b", re.I), r"\1 as a percentage of revenue"),
              (re.compile(r"\bcapital\s+intensity\b", re.I), "capital expenditures as a percentage of revenue"),
              # "operating income (loss)" as a row prints it: the line (its sign read from the figure; blind set
              # 40's v20)
              (re.compile(r"\b(income|earnings|profit|gains?)\s+\((?:loss|losses)\)", re.I), r"\1"),
              # "By how much, in dollars and percent, did X grow between ...?": the aside after the change, where
              # _BOTH_AFTER reads it (blind set 36's r16)
              (re.compile(r"^(?P<ask>(?:by\s+)?how\s+much)\s*,?\s*(?P<both>(?:in\s+(?:dollars?|\$)\s+)?and\s+"
                          r"(?:percent(?:age)?|%)(?:\s+terms)?)\s*,\s*(?P<rest>[^?]+?)\s*\?\s*$", re.I),
               r"\g<ask> \g<rest>, \g<both>?"),
              # "fiscal 2022 year-end", "fiscal year-end 2022": the end of fiscal 2022
              (re.compile(r"\b(?:(?:the\s+)?fiscal\s+((?:19|20)\d\d)\s+year[- ]end|(?:the\s+)?fiscal\s+year[- ]end\s+"
                          r"((?:19|20)\d\d))\b", re.I), r"the end of fiscal \1\2"),
              # "Intel's GAAP gross margin": the statements' own (not "non-GAAP gross margin")
              (re.compile(r"(?<![-\w])GAAP\s+(?=(?:gross|operating|net)\s)"), ""),
              # "diluted share count": the diluted shares, as the statements print them ("Weighted-average diluted shares")
              (re.compile(r"\b(shares?)\s+counts?\b", re.I), "shares"),
              (re.compile(r"\brevs?\b\.?", re.I), "revenue"),
              (re.compile(r"\b(op(?:erating)?|net)\s+inc\b\.?(?!\s*\()", re.I), r"\1 income"),  # "op inc"
              (re.compile(r"\bads(?=\s+(?:revenues?|sales|business|segment)\b)", re.I), "advertising"),
              # "How much did Apple spend repurchasing its common stock": the cash flow statement's repurchases
              (re.compile(r"\b(spen[dt]|pa(?:y|id))\s+(?:on\s+|in\s+)?(?:repurchasing|buying\s+back)\s+(?:its\s+|their\s+)?"
                          r"(?:own\s+)?(?:common\s+)?(?:stock|shares)\b", re.I), r"\1 on repurchases of common stock"),
              # "... spend on repurchases of common stock in cash during ...": the cash flow statement's line is cash
              (re.compile(r"(?<=\bstock)\s+in\s+cash\b(?=\s+(?:during|in|for|over|through)\b)", re.I), ""),
              # "What did Amazon's International segment earn (or lose) at the operating line": its operating income
              (re.compile(r"^(?P<what>what)\s+did\s+(?P<x>.+?)\s+(?:earn|make|lose)(?:\s*\(?\s*or\s+(?:lose|earn)\s*\)?)?"
                          r"\s+at\s+the\s+operating\s+(?:line|level)\b", re.I), r"\g<what> was \g<x> operating income"),
              # "operating income or loss": the line, whose figure in brackets is a loss
              (re.compile(r"\b(income|profit)\s+(?:or|/)\s+(?:\(\s*)?loss\b\)?", re.I), r"\1"))
_BOTTOM_LINE = re.compile(r"\bbottom[- ]line\b", re.I)


# a question typed all in lower case names a segment only by the noun after it: "nvda compute & networking segment
# operating income, q2 fy24 vs q2 fy23?"
_LOWER_SEGMENT = re.compile(r"(?<![\w'’])([a-z][\w\-]*(?:\s+(?:&|and|[a-z][\w\-]*)){0,3})(?=\s+(?:segment|division)\b)")
_NOT_A_NAME = frozenset("""what which how was were is are the its their our total each all reportable operating net gross
of for in on by from to and with did does do that this same revenue revenues sales income profit margin loss cost
costs expenses""".split())


def _named_in_lower_case(question: str) -> str:
    """An all-lower-case question with the words of the segment it names capitalised, as the calculator reads names:
    "Compute & Networking segment operating income" (the words before "segment", from the first that is no question
    word, article or measure)."""
    if re.search(r"[A-Z]", question) or not (m := _LOWER_SEGMENT.search(question)):
        return question
    words = m.group(1).split()
    if any(w in _NOT_A_NAME and w != "and" for w in words):  # the name: the words after the last that is none
        words = words[max(i for i, w in enumerate(words) if w in _NOT_A_NAME and w != "and") + 1:]
    while words and words[0] in ("and", "&"):
        words = words[1:]
    if not words:
        return question
    named = " ".join(w if w in ("&", "and", "of") else w[:1].upper() + w[1:] for w in words)
    return question[:m.end() - len(" ".join(words))] + named + question[m.end():]


def formula_asked(question: str) -> Formula | None:
    """The formula a question spells out, or None."""
    if _WHICH.search(question):
        return None
    read = _span_average(question) or _margin(question) or _made_of_definitions(question) or _defined(question) or \
        _bracketed(question) or _share(question) or _compare(question) or _exceed(question) or _take(question) or \
        _minus(question) or _combined(question) or _change(question) or _is(question) or _standard(question) or _level_margin(question)
    if not read or not refs_of(read.expr):  # figures only: a day written "12/31/22", "from 5 to 8 years"
        return None
    defined = _definitions(question)  # "CCC is defined as: DIO + DSO - DPO. DIO is defined as: ...": each name replaced
    if defined:
        read = replace(read, expr=_term_in(read.expr, None, defined))
    terms = {r.term for r in refs_of(read.expr)}
    if not read.segment and len(terms) == 1 and (named := _SEGMENT_TERM.match(term := terms.pop()) or
                                                 _LINE_TERM.match(term)):
        # "By what percentage did Intel's Notebook revenue change year over year": the Notebook rows' revenue
        read = replace(read, expr=_renamed(read.expr, named.group("name")), segment=named.group("segment"))
    percent = read.percent
    if percent is None:  # "the operating margin (", "Services gross margin percentage (", not "the current ratio ("
        before = question[:read.start]
        percent = kind_of(read.expr) == "ratio" and (bool(_ASKS_PERCENT.search(question)) or (
            bool(_PERCENT.search(before[-60:] + " " + question[read.start:read.end]))
            and not re.search(r"\bratio\b", before[-40:], re.I)))
    decimals = _DECIMALS.search(question)
    places = {"one": 1, "two": 2, "three": 3}.get(decimals.group(1).lower(), None) if decimals else None
    if decimals and places is None:
        places = int(decimals.group(1))
    return Formula(read.expr, percent and not read.unit, read.unit, places, _scale_asked(question), read.measure,
                   owner=read.owner, segment=read.segment)


def _scale_asked(question: str) -> str:
    m = _SCALE_ASKED.search(question)
    return m.group(1).lower() if m else ""


# a statement line asked for by the name its row prints: "What was Corvane's net income in fiscal 2022?", "What is
# the FY2023 total current assets (in USD millions) for Corvane?"; lowercase words, these few inside
_LINE_INNER = frozenset({"and", "of", "by", "in", "from", "for", "to", "on"})
_LINE_PERIOD = rf"(?:{PERIOD}|(?:{MONTH_NAME}\s*[-–]\s*)?{MONTH_NAME}\s+(?:19|20)\d\d|q[1-4]|[1-4]q(?:'?\d\d)?|fiscal|year|quarter|three|six|nine|twelve|first|second|third|fourth|latest|most|period|ytd|year-to-date|trailing|ttm|ltm)"
_LINE_NAME = r"(?P<name>(?!(?:what|how|which|is|was|were|are)\b)" \
    r"[a-z][a-z&-]*['’]?(?:,?\s+[a-z][a-z&-]*['’]?){0,5}?" \
    r"(?:\s+attributable\s+to\s+[A-Z][\w.&]*(?:\s+[A-Z][\w.&]*)?)?)" \
    r"(?:\s+(?:amount|figure|balance|line|number|add-?back))?"
# a company named before the line without a possessive ("NVIDIA total liabilities at ..."); or a segment
# ("AWS operating income"): work._worked refuses the lookup when the passages' rows name these words
# no word of it a possessive: "Apple's FY2023 net income" is Apple's, not "Apple's FY2023"'s
_OWNER_WORD = r"[A-Z0-9][\w.&'’-]*?(?<!['’]s)(?=\s|['’]s\b)"
_LINE_OWNER = rf"(?P<owner>(?!(?i:{PERIOD}|q[1-4]|[1-4]q|{_OPENER})\b)" \
              rf"{_OWNER_WORD}(?:\s+{_OWNER_WORD}){{0,3}})"
# a quarter before a line's name: "Apple's Q3 2023 net income", "NVDA's Q3 FY24 revenue", "the fiscal Q2 2023 ..."
_QUARTER = r"(?:fiscal\s+)?q[1-4]\s+(?:(?:19|20)\d\d|fy\s?'?(?:19|20)?\d\d)"  # a two-digit year after "FY" only
_LINE_WHEN = rf"(?P<when>(?i:(?:{PERIOD}|{_QUARTER}|ttm|ltm|year[- ]end|year[- ]to[- ]date|ytd|(?:three|six|nine|twelve)[- ]months?)\s+)*)(?:(?:total\s+)?(?:amount|value)\s+of\s+)?"
_LINE_AHEAD = (rf"(?=\s*(?:$|[?(]|,\s+(?:(?:in|for|as of)\b|(?i:{_LINE_PERIOD})\b)|"
               # (the period may be the company's: "... did Azure generate in Microsoft's quarter ended ...")
               rf"(?:in|at|as of|during|on|for|through|over)\s+(?:(?:the|its|their)\s+|[A-Z][\w.&-]*(?:'s|’s)\s+)?"
               r"(?:(?i:same|comparable|corresponding|prior[- ]year|year[- ]ago)\s+)?(?:end\s+of\s+(?:the\s+)?)?"
               rf"(?i:{_LINE_PERIOD})\b|"
               r"(?i:q[1-4]|[1-4]q|fy\s?\d\d|(?:first|second|third|fourth)\s+(?:fiscal\s+)?quarter)\b|"
               rf"(?i:{MONTH_NAME}\s+(?:19|20)\d\d\s+quarter)\b))")  # "Apple Greater China sales June 2023 quarter"
# "In the 10-Q for the quarter ended July 1, 2023, ", "For the nine months ended October 29, 2023, "
_LINE_CLAUSE = r"(?P<clause>(?i:in|within|for|during|over|as\s+of|at|through|per|according\s+to|" \
    r"as\s+(?:originally\s+)?(?:reported|stated|shown|presented|disclosed)\s+in|looking\s+at|using|based\s+on|" \
    r"(?:year[- ]to[- ]date|ytd)(?:\s+(?:through|to))?)\s+" \
    r"(?:(?i:the|its)\s+)?" \
    r"(?:[^,?]|,\s(?=(?:19|20)\d\d)){3,80},\s+)?"
_LINE_WHAT = (rf"^{_LINE_CLAUSE}(?:(?i:what|how much)\s+(?i:was|is|were|are)\s+|"
              r"(?i:give|show|state|find|provide|tell me|pull|get)\s+(?:(?i:me)\s+)?)?(?i:(?:the|its|their)\s+)?")
_LINE_DID = r"\s+(?i:did|does|do)\s+"
# the company, or a pronoun for it after a sentence that names it ("... reading Intel's report. How much cash did they
# actually pay out in dividends ...?"); "actually" and the like say nothing
_WHO = rf"(?:{_LINE_COMPANY}|(?i:they|it|the\s+company))(?:\s+(?i:actually|really|ultimately))?"
_LINES = (  # "What was Corvane's net income in fiscal 2022?", "What is the FY2023 net income for Corvane?",
    # "Corvane's long-term debt at June 30, 2024?", "Give Corvane's total net sales for the year ended June 30, 2024."
    re.compile(rf"{_LINE_WHAT}(?:{_LINE_OWNER}(?P<poss>'s|’s)?\s+)?{_LINE_WHEN}{_LINE_NAME}"
               rf"(?:{_LINE_AHEAD}|(?=\s+(?P<company>for\s+{_LINE_COMPANY}\s*(?:[?.]|$))))"),
    # "What were the total assets of Corvane as of June 30, 2024?"
    re.compile(rf"{_LINE_WHAT}{_LINE_WHEN}{_LINE_NAME}\s+(?:reported\s+by|of|by|for)\s+(?P<after>{_LINE_COMPANY})"
               rf"{_LINE_AHEAD}"),
    # "How much cash and cash equivalents did Corvane have as of June 30, 2024?", "What operating income did Corvane
    # report for fiscal 2024?"
    re.compile(rf"^{_LINE_CLAUSE}(?i:how much|what)\s+{_LINE_NAME}{_LINE_DID}(?:{_LINE_COMPANY}|(?i:the\s+company))\s+"
               rf"(?:report|have|hold|carry|show|record|recognize|recognise|generate|earn|incur|post|book)\b"
               rf"(?:\s+in\s+total)?{_LINE_AHEAD}"),
    # "How much unearned revenue was sitting on Amazon's balance sheet at the end of Q1 2023?" (where it is printed:
    # _LINE_SOURCE, left out before)
    # "How much inventory was Apple carrying at the end of ...": the company's own line
    re.compile(rf"^{_LINE_CLAUSE}(?i:how much)\s+{_LINE_NAME}\s+(?i:was|were|is|are)\s+"
               rf"(?P<held>(?i:sitting|held|carried|outstanding|recorded|reported|booked|shown|listed)|"
               rf"{_LINE_COMPANY}\s+(?i:carrying|holding|reporting|showing)){_LINE_AHEAD}"),
    # "How much cash did Apple pay out in dividends and dividend equivalents during ...": the payment's row
    re.compile(rf"^{_LINE_CLAUSE}(?i:how much)(?:\s+(?i:cash))?{_LINE_DID}{_WHO}\s+(?:(?P<paid>pay)"
               rf"(?:\s+(?P<down>down|back|off))?|(?P<repaid>repay)|spend|return)"
               rf"(?:\s+out)?\s+(?:in|for|as|on|of)\s+{_LINE_NAME}{_LINE_AHEAD}"),
    # "How much cash did Apple use to repurchase common stock in the quarter ended ...": the row of that use
    re.compile(rf"^{_LINE_CLAUSE}(?i:how much)(?:\s+(?i:cash|money))?{_LINE_DID}{_WHO}\s+(?i:use|spend|deploy)\s+"
               rf"(?i:to|for|on|in)\s+(?P<use>(?i:re-?purchas(?:e|ing)|buy(?:ing)?\s+back|purchas(?:e|ing)|"
               rf"re-?pay(?:ing)?))\s+(?:(?i:its|the|their)\s+)?(?:(?i:own)\s+)?{_LINE_NAME}{_LINE_AHEAD}"),
    # "Apple's year-to-date cash outflow for repurchases of common stock through July 1, 2023"
    re.compile(rf"{_LINE_WHAT}(?:{_LINE_OWNER}(?P<poss>'s|’s)\s+)?{_LINE_WHEN}(?i:(?:net\s+)?cash\s+(?:out|in)flows?)\s+"
               rf"(?:for|on|from)\s+{_LINE_NAME}{_LINE_AHEAD}"),
    # "In Intel's Q1 2023 10-Q, what net income attributable to Intel is shown for the same quarter a year earlier ...?"
    re.compile(rf"^{_LINE_CLAUSE}(?i:what)\s+{_LINE_NAME}\s+(?i:is|was|were|are)\s+(?i:shown|reported|given|listed|"
               rf"recorded|disclosed|presented)\b(?=\s+(?i:for|in|at|as\s+of)\b)"),
    # "What did Corvane report as research and development expense for fiscal 2024?"
    re.compile(rf"^{_LINE_CLAUSE}(?i:what|how much){_LINE_DID}{_WHO}\s+(?:report|record|post|book|disclose)\s+"
               rf"(?:as|for)\s+(?:(?i:its|the|their)\s+)?{_LINE_NAME}{_LINE_AHEAD}"),
    # "how much did shipping costs run in the third quarter of 2022?", "... total", "... come to"
    re.compile(rf"^{_LINE_CLAUSE}(?i:how much){_LINE_DID}(?:(?i:its|the|their)\s+)?{_LINE_NAME}\s+"
               rf"(?i:run|total|come\s+to|amount\s+to){_LINE_AHEAD}"),
    # "How much did Corvane spend on research and development in fiscal 2024?", "How much has Corvane invested in ..."
    re.compile(rf"^{_LINE_CLAUSE}(?i:how much|what)\s+(?i:did|does|do|has|have)\s+{_LINE_COMPANY}\s+"
               rf"(?:spend|spent|invest|invested|allocate|allocated|devote|devoted)\s+(?:on|in|to|toward|towards)\s+"
               rf"{_LINE_NAME}{_LINE_AHEAD}"),
)
# a segment's, a product line's or a region's line: "Apple's Services revenue", "NVIDIA's Data Center revenue for
# ...", "How much Services revenue did Apple book in ...", "Amazon's AWS segment operating income", "the revenue of
# the Intelligent Cloud segment", "iPhone net sales"; only the few measures segments report (Microsoft's unearned
# revenue too)
_SEGMENT = rf"(?P<segment>(?!(?:{PERIOD}|Q[1-4]|FY\w*|Fiscal|Total|Net|Gross|Operating|The|Its|Their)\b)" \
    r"(?:[A-Z][\w&\-]*|i[A-Z]\w*)(?:\s+(?:[A-Z][\w&\-]*|i[A-Z]\w*|&|and)){0,3}?)(?![\w'’])"
_SEGMENT_MEASURE = r"(?P<name>(?:total\s+)?(?:net\s+)?(?:revenues?|sales)|(?:unearned|deferred)\s+revenues?|" \
    r"operating\s+(?:income|profit|loss)|" \
    r"gross\s+(?:margin|profit)|cost\s+of\s+(?:sales|revenues?))"
_SEGMENT_NOUN = r"(?i:segment|business|division)"
_SEGMENT_WORD = rf"(?:\s+{_SEGMENT_NOUN}(?:['’]s)?)?"
# "the operating margin for ...", "its gross margin percentage", "the net profit margin, as a percentage": the level's
# line over revenue (_MARGIN_OF); a segment's: "Apple's Services gross margin percentage", "the operating margin of
# Microsoft's Intelligent Cloud segment" (_margin_segment)
_LEVEL_MARGIN = re.compile(rf"(?:\b(?:(?i:the|its|their)|[\w.&]+(?:'s|’s))|^(?P<bare>[A-Z][\w.&]*))\s+"
                           # a terse question's quarter: "NVDA Q2 FY24 gross margin %?"
                           r"(?:(?i:q[1-4]|[1-4]q|fy\s?'?\d{2,4}|fiscal|(?:19|20)\d\d)\s+)*"
                           rf"(?:{_SEGMENT}{_SEGMENT_WORD}\s+)?"
                           r"(?:(?i:total|overall)\s+)?(?P<term>(?P<level>(?i:gross|operating|net profit|net|profit)))"
                           r"\s+(?i:margin)(?P<pct>\s+(?i:percentage|percent|%))?"
                           r"(?=\s+(?i:for|in|during|over|of)\b|\s*[?.,;]|$|"
                           # or tersely, the period right after it: "AAPL Services gross margin % Q1 FY23"
                           rf"\s+(?i:q[1-4]|[1-4]q|fy\s?'?\d{{2,4}}|fiscal|(?:19|20)\d\d|{MONTH_NAME}\s+(?:19|20)\d\d)\b)")
# "What operating margin did Apple's Greater China segment earn in ...": a segment's margin asked by what it earned
_MARGIN_DID = re.compile(rf"\b(?i:what)\s+(?P<term>(?P<level>(?i:gross|operating|net profit|net|profit)))\s+(?i:margin)"
                         rf"(?P<pct>\s+(?i:percentage|percent|%))?\s+(?i:did|does)\s+"
                         rf"(?:(?i:the|its)\s+|[\w.&]+(?:'s|’s)\s+)?{_SEGMENT}(?:\s+{_SEGMENT_NOUN})?\s+"
                         rf"(?i:earn|have|report|post|deliver|generate|achieve|record)\b")
_SEGMENT_TERM = re.compile(rf"^{_SEGMENT}\s+{_SEGMENT_MEASURE}$")  # every term of a formula one segment's measure
# the same written in lower case ("advertising services revenue", "notebook revenue"), read only as a formula's one
# term: the rows of that product line, when rows carry its name (work._of_segment)
_NOT_LINE = r"(?!(?:total|net|gross|operating|current|non-?current|short-term|long-term)(?![\w-]))"  # the company's own lines ("amzn net service sales")
_LINE_TERM = re.compile(rf"^(?P<segment>(?!(?:other|the|its|their|products?|services?)\b){_NOT_LINE}[a-z][\w&\-]*"
                        rf"(?:\s+(?:{_NOT_LINE}[a-z][\w&\-]*|&|and)){{0,3}}?)\s+{_SEGMENT_MEASURE}$", re.I)
_MARGIN_OF_SEGMENT = re.compile(rf"\s+(?i:of|for)\s+(?:(?i:the|its)\s+|{_LINE_COMPANY}(?:'s|’s)\s+)?{_SEGMENT}\s+"
                                rf"{_SEGMENT_NOUN}\b")
# ... or of a company's capitalised part, named without "segment": "the operating margin of Intel's Client Computing
# Group for ..." (blind set 19's z22)
_MARGIN_OF_OWNED = re.compile(rf"\s+(?i:of|for)\s+{_LINE_COMPANY}(?:'s|’s)\s+{_SEGMENT}(?:\s+(?:{_SEGMENT_NOUN}|Group))?"
                              rf"(?=\s+(?i:for|in|during|over|as\s+of|at|through)\b|\s*[?.,;]|$)")
_SEGMENT_VERB = r"(?:report|have|record|generate|earn|post|book|make|deliver|contribute|produce)\b"
# "Greater China net sales for Apple, ...", "Intelligent Cloud unearned revenue at MSFT as of Sep 30, 2022?"
_SEGMENT_AHEAD = rf"(?:{_LINE_AHEAD}|(?=\s+(?:for|at)\s+{_LINE_COMPANY}(?:\s*(?:[,?.]|$)|\s+{_LINE_AHEAD})))"
_SEGMENT_LINES = (  # "What was AWS operating income": AWS may be the company too; then no row is its (work.segment_rows)
    re.compile(rf"{_LINE_WHAT}{_LINE_COMPANY}(?:'s|’s)\s+{_LINE_WHEN}{_SEGMENT}{_SEGMENT_WORD}\s+"
               rf"{_SEGMENT_MEASURE}{_LINE_AHEAD}"),
    re.compile(rf"{_LINE_WHAT}{_LINE_WHEN}{_SEGMENT}{_SEGMENT_WORD}\s+{_SEGMENT_MEASURE}{_SEGMENT_AHEAD}"),
    # "How much Services revenue did Apple book in ..."
    re.compile(rf"^{_LINE_CLAUSE}(?i:how much|what)\s+{_SEGMENT}{_SEGMENT_WORD}\s+{_SEGMENT_MEASURE}{_LINE_DID}"
               rf"(?:{_LINE_COMPANY}|(?i:the\s+company))\s+{_SEGMENT_VERB}{_LINE_AHEAD}"),
    # "How much operating income did the AWS segment deliver in ...", "What operating income did Microsoft's
    # Productivity and Business Processes segment generate in ..."
    re.compile(rf"^{_LINE_CLAUSE}(?i:how much|what)\s+{_SEGMENT_MEASURE}{_LINE_DID}(?:(?i:the|its)\s+|"
               rf"{_LINE_COMPANY}(?:'s|’s)\s+)?{_SEGMENT}\s+{_SEGMENT_NOUN}\s+{_SEGMENT_VERB}"
               rf"{_LINE_AHEAD}"),
    # "How much operating income did Compute & Networking generate in ...": the name alone may be the company's
    # (bare: its own line when no row is the name's); not after a clause that names the segment ("Within Microsoft's
    # Intelligent Cloud segment, how much revenue did Azure generate": the next form's)
    re.compile(rf"^(?i:how much)\s+{_SEGMENT_MEASURE}{_LINE_DID}{_SEGMENT}\s+"
               rf"(?i:generate|earn|deliver|post|produce|contribute)\b{_LINE_AHEAD}(?P<bare>)"),
    # "What operating income did Intel's Mobileye report ...", "Within Intel's Client Computing segment, how much
    # net revenue did Notebook generate in ..." (segment_asked: a possessive or such a clause, else the company)
    re.compile(rf"^{_LINE_CLAUSE}(?i:how much|what)\s+{_SEGMENT_MEASURE}{_LINE_DID}(?:(?P<of>{_LINE_COMPANY}(?:'s|’s))\s+)?"
               rf"{_SEGMENT}\s+{_SEGMENT_VERB}{_LINE_AHEAD}"),
    # "How much revenue did LinkedIn bring Microsoft in ...", "What revenue did Azure generate for Microsoft in ..."
    re.compile(rf"^{_LINE_CLAUSE}(?i:how much|what)\s+{_SEGMENT_MEASURE}{_LINE_DID}{_SEGMENT}\s+"
               rf"(?i:bring(?:\s+in)?|generate|earn|contribute|deliver|produce)\s+(?:(?i:for|to)\s+)?{_LINE_COMPANY}"
               rf"{_LINE_AHEAD}"),
    # "How much did the Mac line bring in for AAPL in ...", "MSFT Q3 FY23: how much revenue did LinkedIn do?": what a
    # product line or a segment brought in is its revenue
    re.compile(rf"^{_LINE_CLAUSE}(?:{_LINE_COMPANY}\s+(?:{PERIOD}\s*)?[:,]\s+)?(?i:how much)\s+(?:(?P<name>(?i:revenue|sales))\s+)?"
               rf"(?i:did|does)\s+(?:(?i:the|its)\s+|{_LINE_COMPANY}(?:'s|’s)\s+)?{_SEGMENT}"
               rf"(?:\s+(?i:line|product\s+line|business|segment|division|unit))?\s+"
               # what it took in; "earn" or "make" alone may be its profit ("How much did AWS earn"): left to the model
               rf"(?:(?i:bring\s+in|take\s+in|generate)|(?(name)(?i:do|earn|make|deliver|contribute|produce|book|post)|"
               rf"(?!)))(?:\s+(?i:in\s+(?:revenue|sales)))?(?:\s+(?i:for)\s+{_LINE_COMPANY})?{_SEGMENT_AHEAD}"),
    # "In its 10-Q for ..., what did Microsoft report as Intelligent Cloud revenue?"
    re.compile(rf"^{_LINE_CLAUSE}(?i:what|how much){_LINE_DID}{_LINE_COMPANY}\s+"
               rf"(?i:report|record|post|book|disclose)\s+(?i:as|for)\s+"
               rf"(?:(?i:its|the|their)\s+)?{_SEGMENT}{_SEGMENT_WORD}\s+{_SEGMENT_MEASURE}{_LINE_AHEAD}"),
    # "Sales of iPads in the quarter ended December 31, 2022 - how much did Apple book?"
    re.compile(rf"^(?i:(?:net\s+)?)(?P<name>(?i:sales|revenues?))\s+(?:of|from)\s+{_SEGMENT}{_SEGMENT_AHEAD}"),
    # "How much did Amazon earn from advertising services ...": a product line in its own words
    re.compile(rf"^{_LINE_CLAUSE}(?i:how much){_LINE_DID}{_LINE_COMPANY}\s+(?P<name>earn|make|generate|bring\s+in)\s+"
               rf"(?:from|on|with)\s+(?:(?i:its|the|their)\s+)?(?P<segment>[A-Za-z][\w&\-]*(?:\s+[a-z][\w&\-]*){{0,3}}?)"
               rf"{_LINE_AHEAD}"),
    # "How much of NVIDIA's revenue for the nine months ended ... was billed to China (including Hong Kong)?", "...
    # came from customers billed in Singapore?"
    re.compile(rf"^(?i:how much of)\s+{_LINE_COMPANY}(?:'s|’s)\s+{_LINE_WHEN}{_SEGMENT_MEASURE}(?:\s+(?:for|in|during)\s+[^?]{{3,80}}?)?"
               rf"\s+(?i:was|were|came)\s+(?:(?i:from\s+)?(?i:customers|clients)\s+(?=(?i:billed|based|located)\s))?"
               rf"(?i:billed\s+(?:to|in)|based\s+in|located\s+in|from|in|generated\s+(?:in|by)|earned\s+in|"
               rf"attribut(?:able|ed)\s+to|contributed\s+by)\s+"
               # "billed to customers in Singapore"
               rf"(?:(?i:customers|clients)\s+(?i:in|based\s+in|located\s+in)\s+)?"
               rf"(?:(?i:the|its|their)\s+)?{_SEGMENT}(?:\s+{_SEGMENT_NOUN})?(?=\s*(?:\(|[?.,]|$)|{_LINE_AHEAD})"),
    # "For the latest quarter, what was the total revenue generated from Apple's iPhone sales?"
    re.compile(rf"{_LINE_WHAT}{_LINE_WHEN}{_SEGMENT_MEASURE}\s+(?i:generated\s+|earned\s+|derived\s+)?(?i:from|by)\s+"
               rf"(?:(?i:the|its)\s+|{_LINE_COMPANY}(?:'s|’s)\s+)?{_SEGMENT}\s+"
               rf"(?i:sales|products?|business|segment|division|product\s+line){_SEGMENT_AHEAD}"),
    # "..., how much revenue was attributed to customers billed in Singapore?", "how much revenue was generated by the
    # Gaming segment in ..."
    re.compile(rf"^{_LINE_CLAUSE}(?i:how much)\s+{_SEGMENT_MEASURE}\s+(?i:was|were)\s+(?i:attribut(?:ed|able)\s+to|"
               rf"generated\s+(?:from|by|in)|earned\s+(?:from|by|in)|billed\s+(?:to|in)|derived\s+from|contributed\s+by)\s+"
               rf"(?:(?i:customers|clients)\s+(?:(?i:billed|based|located)\s+)?(?i:in|to|from)\s+)?(?:(?i:the|its)\s+)?"
               rf"{_SEGMENT}(?:\s+{_SEGMENT_NOUN})?(?=\s*(?:\(|[?.,]|$)|{_LINE_AHEAD})"),
    # "How much revenue did NVIDIA bill to customers in the United States in ...?"
    re.compile(rf"^{_LINE_CLAUSE}(?i:how much|what)\s+{_SEGMENT_MEASURE}{_LINE_DID}{_LINE_COMPANY}\s+"
               rf"(?i:bill|sell|generate|earn|record|report)\s+(?:(?i:to|from|with)\s+)?(?:(?i:customers|clients)\s+)?"
               rf"(?i:in|from|to|based\s+in|located\s+in)\s+(?:(?i:the)\s+)?{_SEGMENT}{_LINE_AHEAD}"),
    # "What were Apple's net sales in India for the quarter ended ...?", "NVIDIA's revenue from Singapore in ..."
    re.compile(rf"{_LINE_WHAT}(?:{_LINE_COMPANY}(?:'s|’s)\s+)?{_LINE_WHEN}{_SEGMENT_MEASURE}\s+(?:in|from)\s+"
               rf"(?:(?i:the)\s+)?{_SEGMENT}(?:\s+{_SEGMENT_NOUN})?{_SEGMENT_AHEAD}"),
    # "..., what revenue from Singapore is shown for the same quarter a year earlier (three months ended ...)?"
    re.compile(rf"^{_LINE_CLAUSE}(?i:what|how much)\s+{_SEGMENT_MEASURE}\s+(?i:from|in)\s+(?:(?i:the)\s+)?{_SEGMENT}\s+"
               rf"(?i:is|was|were|are)\s+(?i:shown|reported|given|listed|recorded|disclosed)\b"),
    # "What was the revenue of the Intelligent Cloud segment in ...", "Microsoft's revenue from the ... segment"
    re.compile(rf"{_LINE_WHAT}(?:{_LINE_COMPANY}(?:'s|’s)\s+)?{_LINE_WHEN}{_SEGMENT_MEASURE}\s+(?:of|from|for)\s+"
               rf"(?:(?i:the|its)\s+|{_LINE_COMPANY}(?:'s|’s)\s+)?{_SEGMENT}\s+{_SEGMENT_NOUN}"
               rf"{_LINE_AHEAD}"),
    # a line's part in another line, from a table of the first spread over the others: "how much stock-based compensation
    # expense was recorded in the Technology and content line for Q3 2022?"
    re.compile(rf"^{_LINE_CLAUSE}(?i:how much)\s+(?:(?i:of\s+)?{_LINE_COMPANY}(?:'s|’s)\s+)?"
               r"(?P<name>[a-z][\w\-]*(?:\s+[a-z][\w\-]*){0,5}?)\s+(?i:was|were|is|are)\s+"
               r"(?i:recorded|recognized|recognised|included|allocated|reported|charged|booked)\s+(?i:in|within|to|under)\s+"
               r"(?:(?i:the|its)\s+)?(?P<segment>[A-Z][\w&\-]*(?:\s+[\w&\-]+){0,4}?)\s+"
               rf"(?i:line(?:\s+item)?|expense\s+line|category|caption)\b{_SEGMENT_AHEAD}"),
)


def segment_asked(question: str) -> tuple[str, str, bool] | None:
    """(the segment, the measure, whether the words may name the company instead) a question asks for one segment's
    line by: "What was Apple's Services revenue in Q2 fiscal 2023?" -> ("Services", "revenue", False), "NVIDIA
    total revenue for fiscal Q3 2023" -> ("NVIDIA", "total revenue", True); None for none, or for a second figure
    joined by "and"."""
    question = _LINE_SOURCE.sub("", _LINE_ASIDE.sub("", " ".join(question.split())))
    m = next((m for m in (line.match(question) for line in _SEGMENT_LINES) if m), None)
    if not m or re.search(r"\band\b", question[m.end():].split("?")[0]):
        return None
    # only a terse question may open with the company's name and no possessive (as in _line_owner)
    if "of" in m.re.groupindex and not m.group("of") and not re.search(_SEGMENT_NOUN, m.group("clause") or ""):
        return None  # "What net revenue did Intel report": the company's line (line_asked), unless a clause names
        # the segment the words are part of ("Within Intel's Client Computing segment, ... did Notebook generate")
    bare = m.start("segment") == 0 and not re.search(_SEGMENT_NOUN, m.group(0)) or "bare" in m.re.groupindex
    name = " ".join((m.group("name") or "revenue").split())  # "how much did the Mac line bring in": its revenue
    return m.group("segment"), "revenue" if _EARNED.fullmatch(name) else name, bare


_EARNED = re.compile(r"earn|make|generate|bring in", re.I)  # "how much did Amazon earn from advertising services"


# where the line is printed, not what it is: "the commercial paper balance on Apple's balance sheet at ..."
_LINE_SOURCE = re.compile(r"\s+(?:on|in|from|per)\s+(?:(?i:the|its|their)\s+|[A-Z][\w.&-]*(?:\s+[A-Z][\w.&-]*){0,2}(?:'s|’s)\s+)?"
                          r"(?i:(?:condensed\s+)?(?:consolidated\s+)?(?:balance\s+sheets?|income\s+statements?|"
                          r"cash\s+flows?\s+statements?|statements?\s+of\s+(?:operations|income|cash\s+flows|"
                          r"financial\s+position)))\b")
# what a row's label adds in brackets ("Net income (loss)", "Net cash provided by (used in) operating activities")
_LINE_ASIDE = re.compile(r"\s*\((?:used\s+(?:for|in)|loss(?:es)?|deficit|benefit(?:\s+from)?|expense|income)\)", re.I)


_COMPARABLE = re.compile(r"\bcomparable\s+(?=(?:fiscal\s+)?(?:quarter|period|year|three|six|nine)\b)", re.I)  # a period
_SEGMENT_NAMED = re.compile(r"\b[A-Z][\w&\-]*\s+(?i:segment|division)\b")


def lookup_asked(question: str) -> Formula | None:
    """One statement line asked for by a common name that its row rarely carries (LOOKUP_NAMES: "capex",
    "COGS", "net PP&E") and nothing else: "What is the FY2023 capital expenditure amount for Corvane?",
    "How much was Corvane's COGS in fiscal year 2022?". The name must stand alone: after a company's
    possessive, an article, a period or the question's verb, and before a preposition or the end ("the
    Services segment's COGS", "the operating cash flow ratio" are not lookups); a question about a change,
    a ratio or a reason is not one either. Its period is the one period the question names (its date, when it
    names the same year twice)."""
    if _WHICH.search(question) or _NOT_A_LOOKUP.search(_COMPARABLE.sub(" ", _EPS_NAMED.sub(" ", question))):
        return None  # "diluted earnings per share" is a line, "book value per share" a ratio
    found, owner = [], ""
    for m in _LOOKUP.finditer(question):
        before, after = question[:m.start()], question[m.end():]
        if re.search(r"\b(?:and|plus|minus|less|excluding|excl\.?|vs\.?|versus|over|divided\s+by|times)\s+"
                     r"(?:(?:its|the|their)\s+)?$", before, re.I):
            return None  # "net income attributable to Intel and its diluted EPS", "SG&A plus R&D": another figure too
        if (b := _NAME_BEFORE.search(before)) and _NAME_AFTER.match(after):
            found.append(" ".join(m.group("name").split()))
            owner = b.group("owner") or owner
    if not found and (m := _CASH_FROM.search(question)):
        act = (m.group("act") or m.group("act2") or "operating").lower()
        found = ["cash from operations" if act == "operating" else f"net cash from {act} activities"]
    exact, segment = not found, ""
    if not found and (seg := segment_asked(question)):
        segment, found, exact = seg[0], [seg[1]], seg[2]  # among that segment's rows (work._worked)
        owner = seg[0] if seg[2] else owner  # "NVIDIA total revenue": the company's own line when no row is NVIDIA's
    if not found:
        found, owner = line_asked(question), _line_owner(question)
        if found and _SEGMENT_NAMED.search(question):
            return None  # "For the Greater China segment in ..., what were net sales?": not the company's net sales
    # a period in brackets beside another outside them restates it: "at April 30, 2023 (end of Q1 fiscal 2024)"
    figures_of = _of_figures(question)
    periods = _periods(figures_of)
    outside = _periods(re.sub(r"\([^()]*\)", " ", figures_of)) or periods
    years = {year_of(p) for p in outside}
    if len(set(t.lower() for t in found)) != 1 or len(years) > 1:
        return None  # two terms, or two years: a comparison
    # the most precise of the ways it names one period: "the first nine months of 2023 (ended September 30, 2023)"
    period = next((p for p in periods if dates_in(p) and year_of(p) in years), None)
    if period is None and len(dated := [p for p in periods if dates_in(p)]) == 1 and not any(map(dates_in, outside)):
        period = dated[0]  # "the first nine months of fiscal 2024 (nine months ended October 29, 2023)": the date
    period = period or (outside[0] if outside else None)
    ref = make_ref(found[0], period)
    quarter = quarter_asked(question)
    if quarter and not ref.date and ref.year in (None, quarter[1]):  # "Q1 fiscal 2024", "1Q23"
        said = ref.said or quarter[1]  # the quarter with its year as asked: "Q1 fiscal 2024", "Q2 FY2023"
        said = f"fiscal {said}" if quarter[2] and not re.match(r"fiscal|fy", said, re.I) else said
        span = months_asked(question)  # "the first nine months of FY24": the nine months to its third quarter
        said = f"Q{quarter[0]} {said}" if span in (None, 3) else f"the {SPAN_NAMES[span]} to Q{quarter[0]} {said}"
        ref = replace(ref, year=quarter[1], said=said, quarter=quarter[0::2])
    return Formula(ref, False, scale=_scale_asked(question), exact=exact, owner=owner, segment=segment)


# the period of the report a question reads from ("In NVIDIA's 10-Q for the quarter ended October 29, 2023, what ...
# for the same quarter a year earlier (three months ended October 30, 2022)?"): the figures' period when it is the
# only one, else the other is
_REPORT_PERIOD = re.compile(rf"\b(?:10-?[QK]|(?:quarterly|annual)\s+report|report|filing)\s+(?:for|covering)\s+"
                            rf"(?:the\s+)?(?:fiscal\s+)?(?:quarter|period|year|(?:three|six|nine)\s+months)\s+"
                            rf"(?:ended|ending)\s+{PERIOD}|"
                            # "Intel's Q1 2023 10-Q", "its fiscal 2023 10-K", "NVIDIA's Q1 FY2024 10-Q"
                            rf"\b(?:(?:q[1-4]|[1-4]q)\s+(?:fy\s?)?'?\d{{2,4}}|{PERIOD})\s+10-?[QK]\b|"
                            rf"\b10-?[QK]\s+for\s+(?:(?:q[1-4]|[1-4]q)\s+(?:fy\s?)?'?\d{{2,4}}|{PERIOD})", re.I)


def _of_figures(question: str) -> str:
    """The question without the period of the report it names, when it names another period."""
    rest = _REPORT_PERIOD.sub(" ", question)
    return rest if _periods(rest) else question


_NAMED_YEAR = re.compile(r"\s+[A-Z][a-z]")  # "the 2022 Restructuring Program": a name, not the period asked


def _periods(text: str) -> list[str]:
    """The periods a text names (PERIOD_RE), not a year that begins a name ("the 2022 Restructuring Program")."""
    return [m.group() for m in PERIOD_RE.finditer(text)
            if not (m.group().isdigit() and _NAMED_YEAR.match(text, m.end()))]


def _line_owner(question: str) -> str:
    """The capitalised words line_asked's question puts before the line without a possessive: "NVIDIA" in
    "NVIDIA total liabilities at April 30, 2023?" (a company, or a segment: "AWS operating income")."""
    question = _LINE_ASIDE.sub("", " ".join(question.split()))
    m = _LINES[0].match(question)
    owner = m.group("owner") if m and m.group("owner") and not m.group("poss") else ""
    retry = question[:1].lower() + question[1:] if _OPENS_WITH_NAME.match(question) else question
    if not owner and (after := _LINES[1].match(_LINE_SOURCE.sub("", retry))):
        owner = after.group("after")  # "Operating income for AWS in Q3 2023?": AWS's, if a row names AWS
    return "" if re.search(r"['’]s$", owner) else owner  # "Apple's": a possessive


def line_asked(question: str) -> list[str]:
    """The name of the one statement line a question asks for in its own words: after "What was|is" and the
    company's possessive or the period, before the period or the end: "What was Corvane's net income in fiscal
    2022?" asks for "net income", "What is the year end FY2023 total amount of inventories for Corvane?" for
    "inventories" (the company after "for" only when the period comes before the name); also "Corvane's long-term
    debt at ...", "Give ...", "What operating income did Corvane report ...", "How much did Corvane spend on
    ...", after "In the 10-Q for ..., ". Lowercase words only ("iPhone net sales" is no line of the statements),
    with "and", "of", "by", "in", "from", "for" only inside ("cost of sales", "provision for income taxes"), a
    bracketed "(loss)" or "(used in)" left out, and nothing after it joined by "and" (a second figure asked).
    It is looked up only where a row prints that very name (Formula.exact): a phrase that names no line finds
    none."""
    question = _LINE_SOURCE.sub("", _LINE_ASIDE.sub("", " ".join(question.split())))
    m = next((m for m in (line.match(question) for line in _LINES) if m), None)
    if not m and _OPENS_WITH_NAME.match(question):  # a terse question opening with the line's name, capitalised
        question = question[0].lower() + question[1:]  # ("Stock-based compensation for NVDA in ...?")
        m = next((m for m in (line.match(question) for line in _LINES) if m), None)
    if not m or re.search(r"\band\b", question[m.end("name"):].split("?")[0]):
        return []
    if "company" in m.re.groupindex and m.group("company") and not m.group("when"):
        return []  # "the FY2023 net income for Corvane", not "the revenue for Azure": a product, a segment
    if "owner" in m.re.groupindex and m.group("owner") and not m.group("poss") and \
            m.start("owner") > (m.end("clause") if m.group("clause") else 0):
        return []  # a company without a possessive only opens a terse question: "How much is the Ridge Founders
        # Scholarship worth?" asks for no line
    words = m.group("name").replace(",", "").split()
    if words[0] in STOPWORDS or words[-1] in STOPWORDS or any(w in STOPWORDS and w not in _LINE_INNER for w in words):
        return []
    if m.groupdict().get("held") and _QUALIFIED.search(question[m.end("held"):].split("?")[0]):
        return []  # "How much revenue was recorded in the quarter ... from performance obligations satisfied ...": a part
    if use := m.groupdict().get("use"):
        return [_use_line(use.lower(), m.group("name"))]
    if m.groupdict().get("down") or m.groupdict().get("repaid"):
        return [f"repayments of {m.group('name')}"]  # "How much did Apple pay down in commercial paper": what it repaid
    if m.groupdict().get("paid"):
        return [f"payments for {m.group('name')}"]  # "How much cash did Apple pay out in dividends ...": the payment's row
    return [m.group("name")]


# a capitalised word that may be a line's first ("Stock-based", "Inventories"), not a question word or a name that goes
# on in capitals ("Greater China"), followed by lower-case words
_OPENS_WITH_NAME = re.compile(r"^(?!(?:What|How|Which|Who|When|Where|Why|Is|Are|Was|Were|Did|Does|Do|Give|Show|State|"
                              r"Find|Provide|Tell|Pull|Get|In|For|As|At|Per|The|Its|Their)\b)[A-Z][a-z][a-z&-]*"
                              r"(?:\s+[a-z][a-z&-]*)+\s+(?:for|of|at|in|as)\s")


# words after a line's period that make it a part of the line: "... from performance obligations satisfied in previous
# periods", "... in connection with acquisitions"
_QUALIFIED = re.compile(r"\b(?:from|related|relating|connection|associated|due|because|under|within|with|pursuant|"
                        r"attributable|arising|for\s+(?!the\s+(?:quarter|period|year|three|six|nine|twelve)\b))\b", re.I)


def _use_line(use: str, name: str) -> str:
    """The cash flow statement's row of a use of cash: "repurchases of common stock" (a buyback, by its common
    names: ALIASES), "repayments of commercial paper", "purchases of marketable securities", capital expenditure
    for property and equipment ("Additions to property, plant and equipment" at Intel)."""
    use = use.replace("-", "")
    if use.startswith(("repurchas", "buy")):
        return "share repurchases" if _OWN_SHARES.fullmatch(name) else f"repurchases of {name}"
    if use.startswith("repay"):
        return f"repayments of {name}"
    return "capital expenditure" if re.search(r"\bproperty\b", name) else f"purchases of {name}"


_OWN_SHARES = re.compile(r"(?:common\s+|ordinary\s+)?(?:stock|shares?)(?:\s+of\s+common\s+stock)?", re.I)


def _defined(question: str) -> _Read | None:
    """"..., defined as operating income divided by revenue, for ...", "ROA is defined as: A / (average B ...)."."""
    m = _DEFINED.search(question)
    read = _formula_after(question, m) if m else None
    return read if read and isinstance(read.expr, Op) else None


def _is(question: str) -> _Read | None:
    """"Operating margin is operating income divided by net sales": a ratio or product of terms after "is"."""
    for m in _IS.finditer(question):
        read = _formula_after(question, m)
        if isinstance(read.expr, Op) and read.expr.op in "*/" and len(refs_of(read.expr)) >= 2:
            return read
    return None


def _formula_after(question: str, m: re.Match) -> _Read:
    """The formula written after m, up to the end of its clause (_DEFINED_END); its expr None if it reads as none."""
    end = _DEFINED_END.search(question, m.end())
    stop = end.start() if end else len(question)
    expr, unit = parse(question[m.end():stop], over=True)
    return _Read(expr, m.start(), stop, unit)


def _bracketed(question: str) -> _Read | None:
    """The first bracketed group that reads as a formula: "(operating income divided by revenue)"."""
    depth, start = 0, 0
    for i, ch in enumerate(question):
        if ch == "(":
            start = i if depth == 0 else start
            depth += 1
        elif ch == ")" and depth:
            depth -= 1
            if depth == 0:
                expr, unit = parse(question[start + 1:i])
                if isinstance(expr, Op):
                    return _Read(_of_the_line_before(expr, question[:start]), start, i + 1, unit)
    return None


_BALANCE_MODIFIERS = frozenset("current non-current noncurrent short-term long-term".split())
_LINE_BEFORE = re.compile(r"(?:['’]s|\b(?:the|its|their))\s+(?:(?:total|overall|combined)\s+)?"
                          r"(?P<noun>[A-Za-z][\w&\-]*(?:\s+[A-Za-z][\w&\-]*){0,3}?)\s*$", re.I)


def _of_the_line_before(expr, before: str):
    """A bracket that splits the line named before it by its balance sheet parts alone ("Apple's total term debt
    (current plus non-current)"): each part of that line ("current term debt + non-current term debt")."""
    terms = {r.term.lower() for r in refs_of(expr)}
    if not terms or not terms <= _BALANCE_MODIFIERS or not (m := _LINE_BEFORE.search(before)):
        return expr
    return _each_of(expr, m.group("noun"))


def _each_of(expr, noun: str):
    if isinstance(expr, Op):
        return Op(expr.op, _each_of(expr.left, noun), _each_of(expr.right, noun))
    return replace(expr, term=f"{expr.term} {noun}") if isinstance(expr, Ref) else expr


_PERIOD_TAIL = re.compile(r"\s+(?:in|for|during|over|as\s+of|at|through)\s+(?=(?:the\s+|its\s+)?(?:"
                          rf"{PERIOD}|q[1-4]|[1-4]q|fy|fiscal|three|six|nine|twelve|quarter|first|second|third|fourth|"
                          r"year|latest|most)\b).*$", re.I)


def _share(question: str) -> _Read | None:
    """"A as a percentage of B", "what proportion of B was generated by A"."""
    m = _SHARE_OF.search(question) or _PART_OF.search(question)
    if not m:
        return None
    g = {k: v for k, v in m.groupdict().items() if v}
    # the period said inside a term ("of Apple's total net sales in the quarter ended July 1, 2023 came from"): the
    # question's period, read from the whole question, not the line's name
    num, den = (clean_term(g.get(k) or g.get(f"{k}2") or g[f"{k}3"]) for k in ("num", "den"))
    said = [t.group() for t in map(_PERIOD_TAIL.search, (num, den)) if t]
    num, den = _PERIOD_TAIL.sub("", num), _PERIOD_TAIL.sub("", den)
    if len(said) == 2 and said[0].lower() != said[1].lower() or num.lower() == den.lower():
        return None  # two periods ("revenue in Q2 FY2024 as a percentage of its revenue in Q2 FY2023"): a growth
    if not num or not den:
        return None
    if OUTSIDE_HOME and (home := _OUTSIDE.match(num)):
        # "came from customers outside the United States": the whole less the home country's row (a table by country
        # may list several others: blind set 38's t15)
        whole = make_ref(den)
        return _Read(Op("/", Op("-", whole, make_ref(f"{home.group('home')} {den}")), whole), m.start(), m.end(),
                     percent=True)
    if m.re is _PART_OF and (sales := _SALES_TERM.match(_PERIOD_HEAD.sub("", den))) and not _MEASURE_WORD.search(num):
        num = f"{num} {sales.group('measure')}"  # "did the Services segment contribute": the Services segment's revenue
    elif m.re is _PART_OF and SHARE_OF_MEASURE and (whole := _WHOLE_MEASURE.match(_PERIOD_HEAD.sub("", den))) and \
            _MEASURE_WORD.search(whole.group("measure")) and not _MEASURE_WORD.search(num):
        # "what share of Amazon's consolidated operating income did AWS account for": AWS's operating income (a row
        # named "AWS" may be its net sales)
        num = f"{num} {whole.group('measure')}"
    return _Read(Op("/", make_ref(num), make_ref(den)), m.start(), m.end(), percent=True)


def _compare(question: str) -> _Read | None:
    """"How did A compare to B": A as a percentage of B (_COMPARE)."""
    m = _COMPARE.search(question)
    if not m:
        return None
    num, den = clean_term(m.group("num")), clean_term(m.group("den"))
    if not num or not den or num.lower() == den.lower() or any(
            _NOT_COMPARED.search(t) or PERIOD_RE.search(t) or (" " not in t and not aliases_of(t)) for t in (num, den)):
        return None  # one word must be a line's common name ("revenue", "capex"), not "earnings" (net income? sales?)
    return _Read(Op("/", make_ref(num), make_ref(den)), m.start(), m.end(), percent=True)


def _two_terms(m: re.Match) -> tuple[str, str] | None:
    """A match's two terms (its "num" and "den" groups) cleaned (clean_term); None when either is empty or both are
    one."""
    num, den = clean_term(m.group("num")), clean_term(m.group("den"))
    return (num, den) if num and den and num.lower() != den.lower() else None


# a sum asked in words: "How much cash did Apple return through dividends and share repurchases combined in Q1
# FY2023?" (blind set 42's x22), "the sum of A and B", "A and B together"
_COMBINED = re.compile(rf"(?:\b(?:through|on|for|from|in|of|were|was|are|is)\s+{_WHOSE}(?P<num>{_TERM})\s+and\s+{_WHOSE}"
                       rf"(?P<den>{_TERM})\s+(?:combined|together)\b|\b(?:the\s+)?(?:sum|combined\s+total)\s+of\s+"
                       rf"{_WHOSE}(?P<num2>{_TERM})\s+and\s+{_WHOSE}(?P<den2>{_TERM})"
                       r"(?=\s+(?:for|in|during|over|as\s+of|at)\b|\s*[?.,;(]|$))", re.I)


def _combined(question: str) -> _Read | None:
    """"A and B combined", "the sum of A and B": A + B (_COMBINED)."""
    m = _COMBINED.search(" ".join(question.split()))
    if not m:
        return None
    a, b = (m.group("num"), m.group("den")) if m.group("num") else (m.group("num2"), m.group("den2"))
    if re.search(r"\s+and\s+", b, re.I):  # "research and development and SG&A": names hold "and", so the last one
        a, b = f"{a} and {b}".rsplit(" and ", 1)
    a, b = clean_term(a), clean_term(b)
    if not a or not b or a.lower() == b.lower() or any(_NOT_A_TERM.search(t) or PERIOD_RE.search(t) for t in (a, b)):
        return None
    return _Read(Op("+", make_ref(a), make_ref(b)), m.start(), m.end(), percent=False)


def _exceed(question: str) -> _Read | None:
    """"By how much did A exceed B": A - B (_EXCEED)."""
    m = _EXCEED.search(question)
    if not m or not (terms := _two_terms(m)) or any(PERIOD_RE.search(t) for t in terms):
        return None
    num, den = terms
    return _Read(Op("-", make_ref(num), make_ref(den)), m.start(), m.end(), percent=False)


def _take(question: str) -> _Read | None:
    """"Take A and subtract (add, divide by) B": A - B (A + B, A / B)."""
    m = _TAKE.search(question)
    if not m or not (terms := _two_terms(m)):
        return None
    num, den = terms
    op = m.group("op").lower()
    sign = "+" if op == "add" else "/" if op.startswith("divide") else "-"
    return _Read(Op(sign, make_ref(num), make_ref(den)), m.start(), m.end(), percent=False)


def _minus(question: str) -> _Read | None:
    """"What was A minus B (for the period)?": A - B, asked as the question's own formula (_MINUS)."""
    m = _MINUS.match(" ".join(question.split()))
    if not m or not (terms := _two_terms(m)) or any(_NOT_A_TERM.search(t) or PERIOD_RE.search(t) for t in terms):
        return None
    num, den = terms
    owner = m.group("owner") or ""
    if owner and den.split()[0] == owner:
        num, owner = f"{owner} {num}", ""  # "Services net sales minus Services cost of sales": two lines of a segment
    owner = "" if m.group("poss") else owner  # a possessive's company: its reports are routed to
    return _Read(Op("-", make_ref(num), make_ref(den)), m.start("num"), m.end("den"), percent=False, owner=owner)


def _change(question: str) -> _Read | None:
    """"the change in X from FY2023 to FY2024": in percent when the question asks so (or for growth), else the
    difference."""
    if m := _CAGR.search(question):
        term, years = clean_term(m.group("term")), int(year_of(m.group("p2"))) - int(year_of(m.group("p1")))
        if not term or years <= 0:
            return None
        first, last = make_ref(term, m.group("p1")), make_ref(term, m.group("p2"))
        return _Read(Op("-", Op("^", Op("/", last, first), Num(1 / years)), Num(1)), m.start(), m.end(), percent=True)
    m = _CHANGE.search(question) or _HOW_MUCH.search(question) or _GROWTH_OF.search(question) or \
        _SPAN_CHANGE.search(question)
    if not m:
        return _versus(question) or _year_over_year(question)
    term = clean_term(m.group("term"))
    if not term or PERIOD_RE.search(term):
        return None
    first, last = make_ref(term, m.group("p1")), make_ref(term, m.group("p2"))
    grow = _is_growth(m.group("kind"))
    # how much a balance grew between two days ("between December 25, 2021 and October 1, 2022"): an amount; a
    # year's or a quarter's figure grown: a percentage
    days = all(dates_in(m.group(p)) for p in ("p1", "p2")) and not _SPAN_WORDS.search(question)
    percent = bool(_ASKS_PERCENT.search(question) or m.groupdict().get("pct")) or \
        (grow and not days and not _ASKS_AMOUNT.search(question))  # ("By what percentage did X grow from P1 to P2")
    expr = Op("/", Op("-", last, first), first) if percent else _difference(m.group("kind"), last, first)
    return _Read(expr, m.start(), m.end(), percent=percent)


_SPAN_WORDS = re.compile(r"\b(?:months|quarters?|years?\s+ended|fiscal|periods?)\b", re.I)


def _difference(kind: str, now: Ref, before: Ref) -> Op:
    """The amount of a change; of a fall when the question asks how much a line fell ("By how much did accounts
    payable decline between ...": $11,219 million, not -$11,219 million)."""
    return Op("-", before, now) if re.match(r"decreas|declin|fall|drop", kind, re.I) else Op("-", now, before)


# "amzn net service sales increase, Q1 2023 vs Q1 2022, in $M?", "Apple's Services revenue change, FY2023 versus FY2022",
# "How much did Microsoft's additions to property and equipment increase in Q1 FY2024 compared with Q1 FY2023?"
_VERSUS = re.compile(rf"^(?:(?:by\s+)?how\s+much\s+(?:did|has|have|does|do)\s+)?(?:(?:the|its|their)\s+)?(?P<term>[A-Za-z][\w&'’\- ]{{0,60}}?)\s+"
                     rf"(?P<kind>change|growth|increase|decrease|decline)\s*,?\s+(?:(?:in|from|for)\s+)?(?P<p1>{_AT})\s+"
                     rf"(?:vs\.?|versus|compared\s+(?:to|with))\s+(?P<p2>{_AT})(?![\w-])", re.I)


# the change named after the periods: "Intel's notebook revenue in Q1 2023 versus Q1 2022: what was the percentage
# change?", "MSFT Windows revenue, Q2 FY23 vs Q2 FY22, % change?"
_VERSUS_THEN = re.compile(rf"^(?:(?:the|its|their)\s+)?(?P<term>[A-Za-z][\w&'’\- ]{{0,60}}?)\s*,?\s+(?:(?:in|from|for)\s+)?"
                          rf"(?P<p1>{_AT})\s+(?:vs\.?|versus|compared\s+(?:to|with))\s+(?P<p2>{_AT})(?![\w-])\s*[:,;]?\s*"
                          rf"(?:what\s+(?:was|is|were)\s+the\s+)?(?P<pct>(?:percent(?:age)?|%)\s+)?"
                          rf"(?P<kind>change|growth|increase|decrease|decline)\b", re.I)


def _versus(question: str) -> _Read | None:
    """A terse change of one line between two periods: "amzn net service sales increase, Q1 2023 vs Q1 2022": the
    later period's figure less the earlier's (in percent when asked so, or for growth)."""
    question = " ".join(question.split())
    m = _VERSUS.search(question) or _VERSUS_THEN.search(question)
    term = clean_term(m.group("term")) if m else ""
    if not term or PERIOD_RE.search(term):
        return None
    refs = sorted((_ref_at(term, m.group(p)) for p in ("p1", "p2")), key=lambda r: (r.year or "", r.quarter or ()))
    if refs[0].year is None or refs[0] == refs[1]:
        return None
    before, now = refs
    grow = _is_growth(m.group("kind"))
    # how much a balance grew between two days ("between December 25, 2021 and October 1, 2022"): an amount; a
    # year's or a quarter's figure grown: a percentage
    days = all(dates_in(m.group(p)) for p in ("p1", "p2")) and not _SPAN_WORDS.search(question)
    percent = bool(_ASKS_PERCENT.search(question)) or (grow and not days and not _ASKS_AMOUNT.search(question)) or \
        bool(m.re is _VERSUS_THEN and m.group("pct"))
    expr = Op("/", Op("-", now, before), before) if percent else _difference(m.group("kind"), now, before)
    return _Read(expr, m.start(), m.end(), percent=percent)


def _ref_at(term: str, period: str) -> Ref:
    """The term in a period named by a quarter ("Q1 2023": that quarter's column) or a year or day."""
    return make_ref(f"{period} {term}") if re.match(r"(?:q[1-4]|[1-4]q)\b", period, re.I) else make_ref(term, period)


def _year_over_year(question: str) -> _Read | None:
    """"the year-over-year change in Services net sales for the three months ended December 31, 2022": the period
    named against the same span a year earlier (its column of the year before, in the same table)."""
    if terse := _YOY_TERSE.search(question):  # the quarter against the same quarter a year before
        term, quarter = clean_term(terse.group("term")), terse.group("q")
        earlier = re.sub(r"\d+$", lambda y: str(int(y.group()) - 1).zfill(len(y.group())), quarter)
        if not term or PERIOD_RE.search(term):
            return None
        now, before = _ref_at(term, quarter), _ref_at(term, earlier)
        percent = bool(_ASKS_PERCENT.search(question)) or terse.group("kind").lower() == "growth"
        expr = Op("/", Op("-", now, before), before) if percent else _difference(terse.group("kind"), now, before)
        return _Read(expr, terse.start(), terse.end(), percent=percent)
    m = _YOY.search(question) or _YOY_BEFORE.search(question) or _YOY_BY.search(question) or _GROW_IN.search(question)
    periods = PERIOD_RE.findall(question[m.end():] if m else "")
    # "in the first fiscal quarter of 2023 (quarter ended December 31, 2022)": the day the filing prints
    periods = [p for p in periods if dates_in(p)][:1] or periods
    if not m or not periods:
        return None
    term, year = clean_term(m.group("term")), year_of(periods[0])
    if not term or PERIOD_RE.search(term):
        return None
    term = _BUSINESS.sub(" revenue", term)  # "How fast did AMZN's advertising business grow": its revenue
    if m.re is _GROW_IN and (not _FLOW_WORD.search(term) or len(periods) > 1):
        return None  # a balance's growth, or two periods: not against the same span a year earlier
    now, before = make_ref(term, periods[0]), Ref(term, str(int(year) - 1), str(int(year) - 1))
    grow = _is_growth(m.group("kind"))
    percent = bool(_ASKS_PERCENT.search(question)) or (grow and not _ASKS_AMOUNT.search(question)) or \
        bool(m.re is _YOY_BY and m.group("pct")) or m.re is _GROW_IN
    expr = Op("/", Op("-", now, before), before) if percent else _difference(m.group("kind"), now, before)
    return _Read(expr, m.start(), m.end(), percent=percent)


def _is_growth(kind: str) -> bool:
    """Whether the change asked is a growth, a percentage: "grow", "growth", "trend" (not "rise", "increase")."""
    return kind.lower().startswith(("grow", "trend"))


_BUSINESS = re.compile(r"\s+(?:business|segment|division|product\s+line)$", re.I)


# a change asked both ways: "in dollars and percent", "in $ and %", "in dollar and percentage terms", "(amount and %)"
_BOTH_ASKED = re.compile(r"\b(?:in\s+)?(?:dollars?|\$|usd|amount)(?:\s+terms)?\s+and\s+(?:in\s+)?(?:percent(?:age)?|%)"
                         r"(?:\s+terms)?(?![\w%])|(?<!\w)(?:\$|dollars?)\s*/\s*(?:%|percent)", re.I)


_BOTH_ASIDE = re.compile(rf"\s*,\s*(?:{_BOTH_ASKED.pattern})\s*,\s*", re.I)  # the same set apart by commas


def rate_too(question: str) -> bool:
    """Whether a change is asked as "how much" it fell or rose ("By how much did Intel's revenue decline y/y in ...?",
    "how much did ... jump from Q1 FY24 to Q2 FY24?"): an amount or a percentage may be meant, so both are worked out
    (work.work_out_each); not when the question says which ("by what percent", "in %", "in dollars"), nor for growth
    (a percentage)."""
    m = _YOY_BY.search(question)
    bare = _BOTH_ASIDE.sub(" ", question)  # "By how much, in dollars and percent, did X grow ...?"
    if _BOTH_ASKED.search(question) and (m or _HOW_MUCH.search(bare) or _CHANGE.search(bare) or
                                         _HOW_MUCH.search(plain_question(question))):
        return True  # "how much did X change, in dollars and percent, ..." (or in other words plain_question reads:
        # "X P1 vs P2 — change in $ and %?", "By how much did X grow in P2 (Q2 FY23) versus P1, ...": blind set 44)
    if not (m and not m.group("pct") and re.match(r"how\s+much\b", m.group(0), re.I)):
        m = _HOW_MUCH.search(question)  # "how much did ... jump from Q1 FY24 to Q2 FY24"; not a balance between days
        if m and all(dates_in(m.group(p)) for p in ("p1", "p2")):
            return False
    return bool(m and not _is_growth(m.group("kind")) and not _ASKS_PERCENT.search(question) and
                not m.groupdict().get("pct") and not _ASKS_AMOUNT.search(question))


def _span_average(question: str) -> _Read | None:
    """"the FY2017 - FY2019 3 year average of capex as a % of revenue", "the FY2018 - FY2020 average net profit
    margin": the ratio worked out for each fiscal year of the span, then averaged (in percent)."""
    m, spans = _AVERAGE_OF.search(question), {(s.group("p1"), s.group("p2")) for s in _SPAN.finditer(question)}
    if not m or len(spans) != 1:
        return None
    p1, p2 = spans.pop()
    if dates_in(p1) or dates_in(p2):
        return None
    first, last = int(year_of(p1)), int(year_of(p2))
    if not 0 < last - first < 10:
        return None
    years = [re.sub(r"\d+(?=\D*$)", lambda d: str(y) if len(d.group()) == 4 else str(y)[2:], p1)
             for y in range(first, last + 1)]
    ratios = [_ratio(m.group("inner"), year) for year in years]
    if any(r is None for r in ratios):
        return None
    total = ratios[0]
    for r in ratios[1:]:
        total = Op("+", total, r)
    return _Read(Op("/", total, Num(len(ratios))), m.start(), m.end(), percent=True)


def _standard(question: str) -> _Read | None:
    """A measure the question names without defining it, when it has one textbook definition (STANDARD):
    "Does Corvane have positive working capital based on FY2023 data?", "What was the current ratio at June 30,
    2024?". Its terms take the question's period."""
    m = _STANDARD_NAMED.search(question)
    if not m or _COMPARED.search(question) or _PROSE.search(question):
        return None  # "How did working capital change from FY2023 to FY2024?" asks for two; "What drove ..." for words
    name = " ".join(m.group(1).lower().split())
    expr, _ = parse(STANDARD[name])
    return _Read(expr, m.start(), m.end(), percent=name.endswith("rate") or None, measure=name) \
        if expr is not None else None


def _margin(question: str) -> _Read | None:
    """"the FY2020 COGS % margin", "unadjusted operating income % margin": the line divided by revenue, in percent."""
    m = _PERCENT_MARGIN.search(question)
    ratio = _ratio(f"{m.group('term')} margin", m.group("p")) if m else None
    return _Read(ratio, m.start(), m.end(), percent=True) if ratio else None


def _level_margin(question: str) -> _Read | None:
    """A margin named by its level, defined nowhere in the question (tried last): "the gross margin percentage", "the
    net profit margin ... as a percentage", "NVIDIA's operating margin for the nine months ended ...". A gross margin
    only when asked in percent: "the gross margin" may be an amount (Apple's "Gross margin" row)."""
    if (did := _MARGIN_DID.search(question)) and _in_percent(did, question) and not _COMPARED.search(question):
        ratio = _ratio(f"{did.group('term')} margin", None)
        return _Read(ratio, did.start(), did.end(), percent=True, segment=did.group("segment")) if ratio else None
    m = _LEVEL_MARGIN.search(question)
    if not m or not _in_percent(m, question) or _COMPARED.search(question) or _PROSE.search(question):
        return None
    ratio = _ratio(f"{m.group('term')} margin", None)
    return _Read(ratio, m.start(), m.end(), percent=True, **_margin_segment(question, m)) if ratio else None


def _in_percent(m: re.Match, question: str) -> bool:
    """Whether a margin matched (its "level" and "pct" groups) is asked in percent: an operating or a net (profit)
    margin is a percentage whatever the words around it; a gross margin only when asked so ("gross margin" alone
    may be an amount)."""
    # a gross margin asked alone, as an amount neither: the percentage, whose worked step gives the amount too ("gross
    # profit 4,008 million / revenue $11,715 million = 34.2%"), so that either reading is answered (blind 36's r21)
    return bool(m.group("pct") or _ASKS_PERCENT.search(question) or m.group("level").lower() != "gross" or
                not _ASKS_AMOUNT.search(question))


def _renamed(expr, term: str):
    """The formula with every term renamed (their periods kept)."""
    if isinstance(expr, Op):
        return Op(expr.op, _renamed(expr.left, term), _renamed(expr.right, term))
    return replace(expr, term=term) if isinstance(expr, Ref) else expr


def _margin_segment(question: str, m: re.Match) -> dict[str, str]:
    """The segment whose margin _LEVEL_MARGIN's match asks for: before the level ("Apple's Services gross margin")
    or after it ("... margin of Microsoft's Intelligent Cloud segment"); a terse question's first word may name
    the segment or the company ("AWS operating margin", "MSFT operating margin": Formula.owner)."""
    if m.group("segment"):
        if m.group("bare") and re.search(r"\b[A-Z][\w.&-]*['’]s\b", question[m.end():]):
            # its company named after it ("Intelligent Cloud operating margin for Microsoft's quarter ended ...",
            # blind set 35's q08): the first word is the segment's own, not a company's
            return {"segment": f"{m.group('bare')} {m.group('segment')}"}
        return {"segment": m.group("segment")}
    if after := _MARGIN_OF_SEGMENT.match(question, m.end()) or _MARGIN_OF_OWNED.match(question, m.end()):
        return {"segment": after.group("segment")}
    if m.group("bare") and not re.fullmatch(_OPENER, m.group("bare"), re.I):
        return {"segment": m.group("bare"), "owner": m.group("bare")}
    return {}


def _ratio(text: str, period: str | None):
    """"capex as a % of revenue", "net profit margin", "COGS % margin" for one period (names the question defines,
    "Define unadjusted EBITDA as ...", are replaced by formula_asked, each in its Ref's period)."""
    text = " ".join(text.split())
    m = re.match(r"^(?P<a>.+?)\s+as\s+(?:a\s+)?(?:%|percent(?:age)?|share)\s+of\s+(?P<b>.+)$", text, re.I)
    if m:
        a, b = clean_term(m.group("a")), clean_term(m.group("b"))
    elif m := re.match(r"^(?P<a>.+?)\s+(?:%\s+|percent(?:age)?\s+)?margin$", text, re.I):
        a, b = clean_term(m.group("a")), "revenue"
        a = _MARGIN_OF.get(" ".join(w for w in a.lower().split() if w not in NOT_A_ROW), a)
    else:
        return None
    if not a or not b:
        return None
    return Op("/", make_ref(a, period), make_ref(b, period))


def _made_of_definitions(question: str) -> _Read | None:
    """"What is Corvane's FY2023 unadjusted EBITDA less capex? Define unadjusted EBITDA as unadjusted operating
    income + depreciation and amortization ..., where depreciation and amortization is the Depreciation row plus
    ...": the figure asked, written as a formula of names the question defines, each replaced by its definition."""
    defined = _definitions(question)
    m = _ASKED_FIGURE.match(question) if defined else None
    if not m:
        return None
    phrase = re.sub(r"\s+(?:at|as of)\s+(?:the\s+)?end\s+of\s+", " in ", m.group("phrase"))
    dated = re.match(rf"^(?P<p>{PERIOD})\s+(?P<rest>.+)$", phrase, re.I) or \
        re.match(rf"^(?P<rest>.+?)\s+(?:in|for|of|at)\s+(?:the\s+)?(?P<p>{PERIOD})$", phrase, re.I)
    period, rest = (dated.group("p"), dated.group("rest")) if dated else (None, phrase)
    expr, _ = parse(rest)
    if expr is None or not any(_name_key(r.term) in defined for r in refs_of(expr)):
        return None
    return _Read(_term_in(expr, period, defined), m.start(), m.end())


def _term_in(term, period: str | None, defined: dict, depth: int = 0):
    """A term (its name, or a Ref or formula of terms) in the period: each name the question defines replaced by
    its definition (and the names that definition uses by theirs), every Ref without a year of its own given the
    period."""
    if isinstance(term, str):
        term = Ref(term)
    if isinstance(term, Op):
        return Op(term.op, _term_in(term.left, period, defined, depth), _term_in(term.right, period, defined, depth))
    if not isinstance(term, Ref):
        return term
    expr = defined.get(_name_key(term.term)) if depth < 3 else None
    if expr is not None:
        return _term_in(expr, term.said or period, defined, depth + 1)
    return term if term.year else make_ref(term.term, period)


def _definitions(question: str) -> dict:
    """{name: formula} for each "Define X as ..." / "X is defined as ..." the question holds."""
    out = {}
    for m in _DEFINE_NAMED.finditer(question):
        read = _formula_after(question, m)
        if read.expr is not None:
            out[_name_key(m.group("name") or m.group("name2") or m.group("name3"))] = read.expr
    return out


def _name_key(name: str) -> frozenset:
    capitals = {w.lower() for w in re.findall(r"\b[A-Z]{2,}\b", name)}
    return frozenset(word_stems(name) | set(acronyms_of(name)) | capitals)


def period_asked(question: str) -> tuple:
    """(a full date as "2023-07-30", a year, a quarter as (its number, named fiscal) or None) the question names;
    any may be None. With a formula defined in words, the period of the figure asked for comes first: "What is
    the FY2019 ROA? ROA is defined as ..."."""
    m = _DEFINED.search(question)
    quarter = quarter_asked(question)
    for text in ([question[:m.start()], question] if m else [question]):
        dates, years = dates_in(text), [year_of(p) for p in PERIOD_RE.findall(text)]
        if dates:
            return dates[0], dates[0][:4], None
        if years:
            year = years[0] if m and text is not question else years[-1]
            return None, year, quarter[0::2] if quarter and quarter[1] == year else None
    return (None, quarter[1], quarter[0::2]) if quarter else (None, None, None)


# a question typed all in lower case ("nvda data center rev q1 fy24"): its names as the passages print them
_CASED_WORD = re.compile(r"[A-Za-z][\w&\-]*|&")  # "Compute & Networking": three words
_PERIOD_TOKENS = re.compile(r"\b(?:Q[1-4]|[1-4]Q|FY\s?'?\d*|(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)[a-z]*)\b")
_WHEN_WORDS = frozenset("month months ended ending quarter quarters year years fiscal three six nine twelve first second "
                        "third fourth half week weeks period ytd".split())
_WHOLE_LABEL = re.compile(r"^([A-Z][\w&\-]*)\s+(?:\$\s?)?[\(\d—]")
_LINE_WORDS = frozenset("net total gross operating other current long-term short-term per share diluted basic more less "
                        "most higher lower".split())
_CASE_NGRAM = 3
# a run printed capitalised this many times as often as in lower case (or never in lower case) is a name: "Intelligent
# Cloud" beside a risk factor's "our intelligent cloud and intelligent edge offerings" (blind set 19's z23)
CASED_OVER_LOWER = 4


def cased_as_documents(question: str, texts: list[str]) -> str:
    """A question typed in lower case (no capital at all, its first letter included) with each run of up to three words
    that the passages (their text, file names and headings: texts) print capitalised (CASED_OVER_LOWER times as often
    as in lower case, or only so) written as they print it:
    "nvda data center rev q1 fy24" -> "NVDA Data Center rev q1 fy24", "aapl iphone rev" -> "AAPL iPhone rev". A run
    the passages also print in lower case (most words: "revenue", "cloud") is left as typed, and so is every
    question that has capitals of its own. The calculator reads segments and companies by their capitals."""
    if not question[:1].islower() or re.search(r"[A-Z]", _PERIOD_TOKENS.sub(" ", question)) or not texts:
        return question  # capitals of its own (not only a quarter or a month spelled out: "Q2 2023", "FY24", "Sept")
    question = _typos_mended(question, texts)
    forms: dict[str, dict[str, int]] = {}
    inner: set[str] = set()  # forms printed after a word in lower case on their line: not only a label's first word
    for line in (line for text in texts for line in text.split("\n")):
        words = _CASED_WORD.findall(line)
        if (whole := _WHOLE_LABEL.match(line.strip())) and not whole.group(1).isupper():
            inner.add(whole.group(1))  # a row labelled by the word alone ("Graphics $ 2,486"), not "Interest expense"
        for n in range(1, _CASE_NGRAM + 1):
            for i in range(len(words) - n + 1):
                run = " ".join(words[i:i + n])
                forms.setdefault(run.lower(), {}).setdefault(run, 0)
                forms[run.lower()][run] += 1
                if i and words[i - 1][0].islower():
                    inner.add(run)
    words = list(_CASED_WORD.finditer(question))
    out, i = [], 0
    while i < len(words):
        for n in range(min(_CASE_NGRAM, len(words) - i), 0, -1):
            span = words[i:i + n]
            if any(question[a.end():b.start()].strip() for a, b in zip(span, span[1:])):
                continue  # a run of words with nothing but spaces between them
            key = " ".join(w.group().lower() for w in span)
            if any(w.group().lower() in MONTH_WORDS | _WHEN_WORDS | _LINE_WORDS or _MEASURE_WORD.fullmatch(w.group())
                   for w in span) or span[0].group().lower() in STOPWORDS or span[-1].group().lower() in STOPWORDS:
                continue  # "Months Ended" heads a table's columns, "Net income" its rows: a period or a line, no name
            seen = forms.get(key, {})
            lower = seen.get(key, 0)
            capital = {form: count for form, count in seen.items() if form != key and form.lower() == key}
            # printed capitalised at least twice, in one form, and (almost) never in lower case; and not only as a row's or
            # a sentence's first word ("Revenue"): with a capital beyond its first letter ("iPhone", "AWS"), or
            # after a word in lower case ("... from Gaming")
            best = max(capital, key=capital.get) if capital else None
            if best and lower * CASED_OVER_LOWER <= capital[best] and capital[best] >= 2 and \
                    (best in inner or best[1:] != best[1:].lower()):
                out.append((span[0].start(), span[-1].end(), best))
                i += n
                break
        else:
            i += 1
    cased = question
    for start, end, form in reversed(out):
        cased = cased[:start] + form + cased[end:]
    # a reading the question had as typed is not lost ("nvda interest expense q2 fy24")
    return question if asked(question) and not asked(cased) else cased


# two companies' line compared in one period: "AMZN vs MSFT operating income for the quarter ended March 31 2023 -
# which was bigger?", "aapl or msft higher net income in the quarter ended dec 31 2022?", "Which had higher revenue
# in Q3 2023, Intel or NVIDIA?"; each company's figure is read in its own report (work.work_out_each)
_COMPANY = r"[A-Za-z][\w.&'’-]*"
# "which company had more ...", "who spent more ...", "which brought in more ..." (blind set 44's z20)
_MORE_VERB = r"had|held|reported|posted|spent|earned|made|generated|brought\s+in|took\s+in"
_MORE = r"(?:(?:the\s+)?(?:higher|larger|bigger|greater|more|lower|smaller|less)\s+)"
# (or how much the one is above the other: "msft vs amzn net income for the three months ended 9/30/2022 - how much
# higher was microsoft's?": the one named first less the other, which more_than reads)
_COMPANIES_FIRST = re.compile(rf"^(?P<a>{_COMPANY})\s+(?:vs\.?|versus|or)\s+(?P<b>{_COMPANY})\s+{_MORE}?"
                              rf"(?P<rest>[a-z][^?]*?)(?:\s*(?:[-–—,:;]\s*|\s)(?:(?:which|who)\b[^?]*|"
                              rf"(?P<how>how\s+much\s+(?:more|higher|bigger|larger|greater)\s+(?:was|is|were|did)\s+"
                              rf"(?:the\s+)?(?P<who>[\w.&-]+)[^?]*)))?\s*\??\s*$", re.I)
# (after the period it is about, and asking by how much too: "For the quarter ended September 30, 2023, who spent more
# on capex, Amazon or Microsoft, and by how much?")
_BY_HOW_MUCH = r"(?P<by>,?\s+and\s+(?:by\s+how\s+much|what\s+(?:was|is)\s+the\s+(?:gap|difference)))"
_WHICH_HAD = re.compile(rf"^(?P<pre>(?:for|in|during|over|as\s+of|at)\s+[^?]{{3,60}}?,\s+)?(?:which|who)\s+(?:company\s+)?"
                        rf"(?P<verb>{_MORE_VERB})\s+{_MORE}(?:(?:on|in|for)\s+)?"
                        rf"(?P<rest>[a-z](?:[^?,:]|,\s*(?:19|20)\d\d)*?)\s*[,:]\s*(?P<a>{_COMPANY})\s+or\s+"
                        rf"(?P<b>{_COMPANY}){_BY_HOW_MUCH}?\s*\??\s*$", re.I)  # (a date's comma in its period)
# asked how one compares with the other: "For the quarter ended December 31, 2022, how did Apple's net income compare
# with Microsoft's?" (blind set 34's p20)
_HOW_COMPARED = re.compile(rf"^(?P<pre>(?:for|in|during|over)\s+[^?]{{3,60}}?,\s+)?how\s+(?:did|does|do)\s+"
                           rf"(?P<a>{_COMPANY})['’]s\s+(?P<rest>[a-z](?:[^?,:]|,\s*(?:19|20)\d\d)*?)\s+"
                           rf"(?P<verb>compare)\s+(?:with|to|against)\s+(?P<b>{_COMPANY})['’]s"
                           rf"(?:\s+(?P<again>[a-z][^?,:]*?))??(?P<post>\s+(?:for|in|during)\s+(?:[^?,]|,\s*(?:19|20)\d\d)+)?"
                           rf"\s*\??\s*$", re.I)
# the same asked yes-or-no style: "For the three months ended September 30, 2023, did Amazon or Microsoft report higher
# net income, and what was the gap?" (blind set 21's c18)
_DID_EITHER = re.compile(rf"^(?P<pre>(?:for|in|during|over)\s+[^?]{{3,60}}?,\s+)?did\s+(?P<a>{_COMPANY})\s+or\s+"
                         rf"(?P<b>{_COMPANY})\s+(?P<verb>have|hold|report|post|spend|earn|make|generate)\s+{_MORE}"
                         rf"(?:(?:on|in|for)\s+)?(?P<rest>[a-z][^?,:]*?){_BY_HOW_MUCH}?\s*\??\s*$", re.I)
# each company with its own period, then which had more: "NVIDIA's Q3 FY2024 (quarter ended Oct 29, 2023) vs Intel's Q3
# 2023 (quarter ended Sept 30, 2023): which company had higher revenue, and by how much?"
# (or without the possessives: "Intel Q3 2022 vs NVIDIA Q3 FY23: who spent more on R&D?")
_NAMED = r"[A-Za-z][\w.&-]*(?:['’](?!s\b)[\w.&-]*)*"  # a company's name without its possessive's "'s"
_EACH_PERIOD = re.compile(rf"^(?P<a>{_NAMED})(?:['’]s)?\s+(?P<pa>[^?:;]+?)\s+(?:vs\.?|versus|compared\s+(?:with|to))\s+"
                          rf"(?P<b>{_NAMED})(?:['’]s)?\s+(?P<pb>[^?:;]+?)\s*[:;,–—-]\s*(?:which|who)\s+(?:company\s+)?"
                          rf"(?:{_MORE_VERB})\s+{_MORE}(?:(?:on|in|for)\s+)?"
                          rf"(?P<rest>[a-z][^?,:]*?)(?P<by>,?\s+and\s+by\s+how\s+much)?\s*\??\s*$", re.I)
# a company's own period, in brackets or after "for": "Intel (quarter ended Sept 30, 2023)", "NVIDIA for the quarter
# ended October 29, 2023" (blind set 43's y17)
_OWN_PERIOD = r"(?:\(|(?:for|in|during)\s+)(?P<p{0}>[^()?]+?)\)?"
# ... or which had more, then each company with its own period in brackets: "Which company had higher revenue in its Q3
# 2023 reporting quarter, Intel (quarter ended Sept 30, 2023) or NVIDIA (quarter ended Oct 29, 2023), and by how much?"
_EACH_ASIDE = re.compile(rf"^(?:which|who)\s+(?:company\s+)?(?:{_MORE_VERB})\s+{_MORE}"
                         rf"(?:(?:on|in|for)\s+)?(?P<rest>[a-z][^?,:()]*?)(?:\s+(?:in|for|during)\s+(?:its|their|the)\s+"
                         rf"[^?,:()]*)?\s*[,:]\s*(?P<a>{_COMPANY})\s+{_OWN_PERIOD.format('a')}\s+or\s+(?P<b>{_COMPANY})\s+"
                         rf"{_OWN_PERIOD.format('b')}(?P<by>,?\s+and\s+by\s+how\s+much)?\s*\??\s*$", re.I)
# ... or asked to compare them, each with its own period, then which was larger: "Compare Intel's revenue for its quarter
# ended September 30, 2023 with NVIDIA's revenue for its quarter ended October 29, 2023. Which was larger and by how
# much?" (blind set 20's b06)
_COMPARE_EACH = re.compile(rf"^compare\s+(?P<a>{_COMPANY})['’]s\s+(?P<rest>[a-z][^?.]*?)\s+(?:for|in|during)\s+"
                           rf"(?P<pa>[^?]+?)\s+(?:with|to|against|and)\s+(?P<b>{_COMPANY})['’]s\s+(?:(?P<rest_b>[a-z][^?.]*?)\s+)?"
                           rf"(?:for|in|during)\s+(?P<pb>[^?]+?)\s*[.;:,]\s*(?:which|who)\s+(?:company\s+)?"
                           rf"(?:was|had|is|were|reported|posted|earned|made|generated)\s+{_MORE}?[^?]*?"
                           rf"(?P<by>,?\s*\band\s+by\s+how\s+much)?\s*\??\s*$", re.I)
# ... or asked to compare one line at two companies, each with its own period: "Compare research and development expense
# at Apple for the quarter ended April 1, 2023 with Microsoft's for the quarter ended March 31, 2023. Which spent more,
# and by how much?" (blind set 43's y20)
_COMPARE_LINE_EACH = re.compile(rf"^compare\s+(?:the\s+)?(?P<rest>[a-z][^?.]*?)\s+(?:at|of|for)\s+(?P<a>{_COMPANY})\s+"
                                rf"(?:for|in|during|as\s+of|at)\s+(?P<pa>[^?]+?)\s+(?:with|to|against|and)\s+"
                                rf"(?P<b>{_COMPANY}?)(?:['’]s)?\s+"
                                rf"(?:for|in|during|as\s+of|at)\s+(?P<pb>[^?]+?)\s*[.;:,]\s*(?:which|who)\s+(?:company\s+)?"
                                rf"(?:was|had|is|were|reported|posted|earned|made|generated|spent)\s+{_MORE}?[^?]*?"
                                rf"(?P<by>,?\s*\band\s+by\s+how\s+much)?\s*\??\s*$", re.I)
_NOT_A_COMPANY = frozenset("what which who how the its their revenue revenues sales income net gross operating total "
                           "cash q1 q2 q3 q4 fy fiscal this last year quarter".split())


# the line and period first, then the two companies: "Net income for the September 2023 quarter: AMZN vs MSFT - who
# earned more and what's the gap?" (blind set 22's d19)
# "... and by how much?", "... and what's the gap?": the gap asked too
_GAP_ASKED = r"(?P<by>,?\s*\band\s+(?:by\s+how\s+much|what(?:['’]s|\s+is|\s+was)\s+the\s+(?:gap|difference)))"
# (or no more than the two: "Effective tax rate for the December 2022 quarter: Apple (Q1 FY23) vs Microsoft (Q2 FY23)?",
# blind set 41's w25, each company's quarter in brackets set aside: _compared)
_LINE_THEN_BOTH = re.compile(rf"^(?P<rest>[A-Za-z][^?:]*?)\s*:\s*(?P<a>{_COMPANY})\s+(?:vs\.?|versus)\s+(?P<b>{_COMPANY})"
                             rf"(?:\s*[-–—,;]\s*(?:which|who)\s+(?:company\s+)?(?:{_MORE_VERB})\s+{_MORE}?[^?]*?"
                             rf"{_GAP_ASKED}?)?\s*\??\s*$", re.I)
# the line first, then each company with its own period, then how far apart they are: "Gross margin %, Intel Q2 2023 vs
# NVIDIA Q2 FY24 - how far apart were they?" (blind set 22's d20)
# (or each company's own quarter named by its possessive, its day with its year, then who had more: "R&D expense:
# NVIDIA's quarter ended Oct 29, 2023 vs Intel's quarter ended Sep 30, 2023 - who spent more?", blind set 37's s16)
_EACH_DAY = r"(?:[^?:;,]|,\s*(?=(?:19|20)\d\d))+?"  # a period, the comma before a date's year kept
_LINE_THEN_EACH = re.compile(rf"^(?P<rest>[A-Za-z][^?:,]*?)\s*[,:]\s*(?P<a>{_NAMED})(?:['’]s)?\s+(?P<pa>{_EACH_DAY})\s+"
                             rf"(?:vs\.?|versus)\s+(?P<b>{_NAMED})(?:['’]s)?\s+(?P<pb>{_EACH_DAY})\s*[-–—,;:]\s*"
                             rf"(?P<by>how\s+far\s+apart\s+(?:were|are|was|is)\s+(?:they|the\s+two)|"
                             rf"what(?:['’]s|\s+is|\s+was)\s+the\s+(?:gap|difference)|by\s+how\s+much\s+did\s+they\s+differ|"
                             rf"(?:which|who)\s+(?:company\s+)?(?:{_MORE_VERB})\s+"
                             rf"{_MORE}?[^?]*?)\s*\??\s*$", re.I)
# each company with its own quarter, then the line, then who had more: "NVDA Q3 FY24 vs INTC Q3 2023 R&D expense - who
# spent more and what's the gap?" (blind set 40's v18)
_SHORT_QUARTER = r"(?:(?:Q[1-4]|[1-4]Q)\s*(?:FY\s?)?['’]?(?:19|20)?\d\d|FY\s?['’]?(?:19|20)?\d\d\s*Q[1-4])"
_EACH_THEN_LINE = re.compile(rf"^(?P<a>{_NAMED})(?:['’]s)?\s+(?P<pa>{_SHORT_QUARTER})\s+(?:vs\.?|versus)\s+"
                             rf"(?P<b>{_NAMED})(?:['’]s)?\s+(?P<pb>{_SHORT_QUARTER})\s+(?P<rest>[A-Za-z][^?:,;–—]*?)\s*"
                             rf"(?:\s[-–—]{{1,2}}|[,;:])\s*(?:which|who)\s+(?:company\s+)?(?:{_MORE_VERB})\s+{_MORE}?"
                             rf"[^?]*?{_GAP_ASKED}?\s*\??\s*$", re.I)
# ... or each company's line with its own period, asked how the one compares with the other: "How did NVIDIA's Data
# Center revenue for the quarter ended October 29, 2023 compare with Intel's DCAI segment revenue for the quarter ended
# September 30, 2023?" (blind set 41's w22)
_HOW_EACH = re.compile(rf"^how\s+(?:did|does|do)\s+(?P<a>{_NAMED})['’]s\s+(?P<rest>[^?]+?)\s+(?:for|in|during)\s+"
                       rf"(?P<pa>[^?]+?)\s+compare\s+(?:with|to|against)\s+(?P<b>{_NAMED})['’]s\s+"
                       rf"(?:(?P<rest_b>[^?]+?)\s+)?(?:for|in|during)\s+(?P<pb>[^?]+?)\s*\??\s*$", re.I)
_EACH_FORMS = (_EACH_PERIOD, _EACH_ASIDE, _COMPARE_EACH, _COMPARE_LINE_EACH, _LINE_THEN_EACH, _EACH_THEN_LINE,
               _HOW_EACH)
# one period, then each company with its own line: "Capex comparison for the quarter ended Sept 30, 2023: Microsoft
# additions to property and equipment vs Amazon purchases of property and equipment?" (blind set 41's w15)
_PERIOD_THEN_LINES = re.compile(rf"^(?P<topic>[^:?]*?)\s*\b(?P<prep>for|in|during|over|as\s+of|at)\s+(?P<period>[^:?]+?)"
                                rf"\s*:\s*(?P<a>{_NAMED})(?:['’]s)?\s+(?P<rest>[A-Za-z][^?:]*?)\s+(?:vs\.?|versus)\s+"
                                rf"(?P<b>{_NAMED})(?:['’]s)?\s+(?P<rest_b>[A-Za-z][^?:]*?)\s*\??\s*$")
# a company's own fiscal quarter in brackets after its name, the calendar period said once for both: "which spent more
# on R&D, Apple (Q1 FY23) or Microsoft (Q2 FY23)" (blind set 22's d18)
_QUARTER_ASIDE = re.compile(r"(?<=\w)\s+\((?:fiscal\s+)?(?:q[1-4]\s*(?:fy\s?)?['’]?\d{2,4}|fy\s?['’]?\d{2,4}\s*q[1-4]|"
                            r"fiscal\s+q[1-4]\s+(?:19|20)\d\d)\)", re.I)


def companies_compared(question: str) -> list[tuple[str, str]]:
    """(the company, the question for its figure alone) for each of two companies a question compares on one line
    in one period; [] for any other question. Of two comparisons asked in one (comparisons_asked), the first's."""
    if split := comparisons_asked(question):
        return companies_compared(split[0])
    question = _compared(question)
    if (line := _LINE_THEN_BOTH.match(question)) and (PERIOD_RE.search(line.group("rest")) or
                                                        quarter_asked(line.group("rest"))) and \
            _MEASURE_WORD.search(line.group("rest")) and \
            not {line.group("a").lower(), line.group("b").lower()} & _NOT_A_COMPANY:
        return [(line.group(who), f"What was {line.group(who)}'s {line.group('rest')[0].lower()}"
                                  f"{line.group('rest')[1:]}?") for who in ("a", "b")]
    if (lines := _PERIOD_THEN_LINES.match(question)) and (PERIOD_RE.search(lines.group("period")) or
                                                          quarter_asked(lines.group("period"))) and \
            all(lines.group(x)[:1].isupper() for x in "ab") and \
            not {lines.group("a").lower(), lines.group("b").lower()} & _NOT_A_COMPANY and \
            lines.group("a").lower() != lines.group("b").lower() and \
            _MEASURE_WORD.search(" ".join(lines.group("topic", "rest", "rest_b"))):
        when = f"{lines.group('prep').lower()} {lines.group('period')}"
        return [(lines.group(who), f"What was {lines.group(who)}'s {lines.group(line)} {when}?")
                for who, line in (("a", "rest"), ("b", "rest_b"))]
    # (the first form whose periods are periods: "NVDA Q3 FY24 vs INTC Q3 2023 R&D expense - ..." is no _EACH_PERIOD's)
    each = next((m for m in (form.match(question) for form in _EACH_FORMS) if m and _each_read(m)), None)
    if each:
        rest = each.group("rest")
        if each.re is _LINE_THEN_EACH and not re.match(r".[A-Z&]", rest):  # "Gross margin %, Intel ..." (not "R&D")
            rest = rest[0].lower() + rest[1:]
        # the second company's line in its own words where it says one ("... with NVIDIA's revenue for ...": its
        # statements print "Revenue", not Intel's "Net revenue")
        own = each.groupdict().get("rest_b") or ""
        rest_b = own if _MEASURE_WORD.search(own) else rest
        return [(each.group(who), f"What was {each.group(who)}'s {line} in {each.group(when)}?")
                for who, when, line in (("a", "pa", rest), ("b", "pb", rest_b))]
    m = _COMPANIES_FIRST.match(question) or _WHICH_HAD.match(question) or _DID_EITHER.match(question) or \
        _HOW_COMPARED.match(question)
    if m and m.re is _WHICH_HAD and _segments_of(m):
        return []  # two businesses of the company whose period it is
    if not m or {m.group("a").lower(), m.group("b").lower()} & _NOT_A_COMPANY or \
            m.group("a").lower() == m.group("b").lower():
        return []
    rest = re.sub(r"^(?:the\s+)?", "", m.group("rest"))
    if m.re is _HOW_COMPARED:  # the period before, after, or in the line ("net income in Q3 2023")
        rest += m.group("post") or ""
        if not (m.group("pre") or PERIOD_RE.search(rest) or quarter_asked(rest)) or \
                (m.group("again") and m.group("again").lower() != rest.lower()[:len(m.group("again"))]):
            return []  # no period, or the second's line another ("... compare with Microsoft's cloud revenue")
    spent = m.re is not _COMPANIES_FIRST and m.group("verb").lower() in ("spent", "spend")
    if not _MEASURE_WORD.search(rest) and not _LOOKUP.search(rest) and not spent:
        return []  # no line named: "AMZN vs MSFT, which is better?" ("spent more on research and development" names one)
    # typed in lower case ("aapl", "intel"): a capital first, as a name is read
    names = [n[0].upper() + n[1:] for n in (m.group("a"), m.group("b"))]
    if m.re is _COMPANIES_FIRST and m.group("how"):  # "... how much higher was amzn's?": Amazon's less Microsoft's
        who = _possessor(m.group("who"))
        first = [n for n in names if who.lower() == n.lower()] or [n for n in names if _same_company(who, n)]
        if len(first) != 1:
            return []  # neither company, or both alike ("apple" for Apple and Applied): the model reads it
        names.sort(key=lambda n: n != first[0])
    pre = m.group("pre") if m.re is not _COMPANIES_FIRST and m.group("pre") else ""
    return [(name, f"{pre}{'w' if pre else 'W'}hat was {name}'s {rest}?") for name in names]


# two comparisons of the same two companies asked in one: "Intel Q3 2022 vs NVIDIA Q3 FY23 (...): who spent more on
# R&D, and who had the higher R&D intensity?" (blind set 39's u19)
_AND_WHO = re.compile(rf",?\s+and\s+(?=(?:which|who)\s+(?:company\s+)?(?:{_MORE_VERB})\b)", re.I)
_WHO = re.compile(r"\b(?:which|who)\b", re.I)


def comparisons_asked(question: str) -> list[str]:
    """The two questions of a question that compares two companies (companies_compared) on two lines, the companies
    and periods named once before both ("A Q3 2022 vs B Q3 FY23: who spent more on R&D, and who had the higher R&D
    intensity?": "A Q3 2022 vs B Q3 FY23: who spent more on R&D?", "A Q3 2022 vs B Q3 FY23: who had the higher R&D
    intensity?"); [] for any other question."""
    parts = _AND_WHO.split(_first_question(question))
    if len(parts) != 2 or not (asks := list(_WHO.finditer(parts[0]))) or not (prefix := parts[0][:asks[-1].start()]):
        return []
    both = [parts[0].rstrip(" ,;") + "?", prefix + parts[1].rstrip(" ?") + "?"]
    return both if all(companies_compared(q) for q in both) else []


def _each_read(each: re.Match) -> bool:
    """Whether a match of an _EACH_FORMS form reads two companies, each with its own period, and a line."""
    return (each.re not in (_LINE_THEN_EACH, _EACH_THEN_LINE) or bool(_MEASURE_WORD.search(each.group("rest")))) and \
        all((PERIOD_RE.search(each.group(p)) or quarter_asked(each.group(p))) and not _MEASURE_WORD.search(each.group(p))
            for p in ("pa", "pb")) and not {each.group("a").lower(), each.group("b").lower()} & _NOT_A_COMPANY and \
        each.group("a").lower() != each.group("b").lower()


def _compared(question: str) -> str:
    """The first question (_first_question), each company's own quarter in brackets set aside when it says the period
    for both (_QUARTER_ASIDE)."""
    first = _BOTH_DAYS_ASIDE.sub("", _first_question(_DASH.sub(", ", _SPAN_ADJECTIVE.sub("", question))))
    return quarters_numbered(_QUARTER_ASIDE.sub("", first) if PERIOD_RE.search(question) else first)


# the days of both companies' quarters in one aside after the second's ("Intel Q3 2022 vs NVIDIA Q3 FY23 (quarters ended
# Oct 1 and Oct 30, 2022): ..."): each quarter is named before it, the days are the two quarters' ends
_BOTH_DAYS_ASIDE = re.compile(r"\s*\((?:the\s+)?(?:fiscal\s+)?quarters\s+(?:ended|ending)\s+[^()]+\)", re.I)


def _first_question(question: str) -> str:
    """The question up to its first question mark: "..., and by how much? Use the gross purchase line ..." asks the
    first; an instruction after it says how."""
    question = " ".join(question.split())
    return question.split("?")[0] + "?" if "?" in question[:-1] else question


def by_how_much(question: str) -> bool:
    """Whether a question that compares two companies ("who spent more on capex, Amazon or Microsoft") asks by how
    much too."""
    first = _compared(question)
    m = _WHICH_HAD.match(first) or _DID_EITHER.match(first) or \
        next((m for m in (form.match(first) for form in _EACH_FORMS) if m and _each_read(m)), None) or \
        _LINE_THEN_BOTH.match(first)
    return bool(m and m.groupdict().get("by"))


def times_asked(question: str) -> bool:
    """Whether the question asks how many times one figure is the other ("how many times larger was ..."), not by
    how much it is more."""
    return bool(_TIMES_THAN.match(" ".join(question.split())))


# two lines named whole, each with its owner, then which was larger and by how much: "For the quarter ended September
# 30, 2023, which was larger: AWS segment operating income or Microsoft's Intelligent Cloud segment operating income, and
# by how much?" (blind set 23's e16)
_LARGER_OF = re.compile(r"^(?P<pre>(?:for|in|during|over)\s+[^?]{3,80}?,\s+)?(?:which|what)\s+(?:was|is|were)\s+"
                        r"(?:larger|bigger|higher|greater)\s*[:,]?\s+(?:the\s+)?(?P<a>[^?]+?)\s+or\s+(?:the\s+)?"
                        r"(?P<b>[^?,]+?),?\s+and\s+(?:by\s+how\s+much|(?P<grew>which\s+(?:one\s+)?grew\s+(?:faster|"
                        r"more|the\s+most|quicker)(?:\s+(?:year[- ]over[- ]year|y/y|yoy))?))\s*\?\s*$", re.I)


# the same asked of two companies, each with its period in brackets: "which company spent more on research and
# development: Apple (fiscal Q2 2023) or Microsoft (fiscal Q3 2023), and by how much?"
_WHICH_MORE = re.compile(r"^(?P<pre>(?:for|in|during|over)\s+[^?]{3,80}?,\s+)?which\s+(?:company|firm|one|of\s+the\s+two)\s+"
                         r"(?P<verb>spent|earned|made|generated|reported|had|booked|posted|recorded)\s+more\s+"
                         r"(?:on\s+)?(?P<line>[a-z][\w&\- ]{1,50}?)\s*[:,]\s*(?P<a>[A-Z][\w.&\-]*)\s*\((?P<pa>[^()?]{3,40})\)"
                         r"\s+or\s+(?P<b>[A-Z][\w.&\-]*)\s*\((?P<pb>[^()?]{3,40})\)\s*,?\s+and\s+by\s+how\s+much\s*\?\s*$", re.I)


# one line of two places or customers, which larger: "For NVIDIA's quarter ended October 29, 2023, was revenue billed
# to Taiwan or to China (including Hong Kong) larger?" (blind set 38's t20)
_EITHER_LARGER = re.compile(r"^(?P<pre>(?:for|in|during|over)\s+[^?]{3,80}?,\s+)?(?:was|were|is)\s+"
                            r"(?P<line>[a-z][a-z\- ]{1,40}?)\s+(?:billed\s+to|from|in|of|for|to|attributed\s+to)\s+"
                            r"(?P<a>[A-Z][^?]{1,40}?)\s+or\s+"
                            r"(?:(?:billed\s+)?(?:to|from|in|of|for)\s+)?(?P<b>[A-Z][^?]{1,40}?)\s+"
                            r"(?:larger|bigger|higher|greater)\s*\?\s*$", re.I)


# two businesses' lines, each named with its owner, compared in one period: "For the quarter ended Sep 30, 2023,
# compare Amazon's AWS segment operating income with Microsoft's Intelligent Cloud segment operating income." (blind
# set 39's u18)
_PERIOD_CLAUSE = r"(?:for|in|during|over)\s+[^?:]{3,80}?"
_COMPARE_TWO = re.compile(rf"^(?:(?P<pre>{_PERIOD_CLAUSE}),\s+)?compare\s+(?:the\s+)?(?P<a>[A-Z][^?:]+?['’]s\s[^?:]+?)\s+"
                          rf"(?:with|to|against|versus|vs\.?)\s+(?:the\s+)?(?P<b>[A-Z][^?:,]+?['’]s\s[^?:,]+?)"
                          rf"(?:,?\s+(?P<post>{_PERIOD_CLAUSE}))?\s*[.?]?\s*$", re.I)


def _as_larger_of(question: str) -> str:
    """Two lines set against each other in other words, as "Which was larger: A or B, and by how much?"."""
    if (m := _COMPARE_TWO.match(question)) and (m["pre"] or m["post"]) and \
            all(_MEASURE_WORD.search(m[x]) for x in "ab") and not _MEASURE_WORD.search(m["pre"] or m["post"]):
        period = (m["pre"] or m["post"]).strip()
        return f"{period[0].upper()}{period[1:]}, which was larger: {m['a']} or {m['b']}, and by how much?"
    if m := _WHICH_MORE.match(question):
        line = m["line"] if _MEASURE_WORD.search(m["line"]) or m["verb"].lower() != "spent" else f"{m['line']} expense"
        return f"Which was larger: {m['a']}'s {line} in {m['pa']} or {m['b']}'s {line} in {m['pb']}, and by how much?"
    if (m := _EITHER_LARGER.match(question)) and _MEASURE_WORD.search(m["line"]):
        return (f"{m['pre'] or ''}{'which' if m['pre'] else 'Which'} was larger: {m['line']} from {m['a']} or "
                f"{m['line']} from {m['b']}, and by how much?")
    return question


def grew_faster(question: str) -> tuple[str, str] | None:
    """Of "For the quarter ended September 30, 2023, which was larger: A or B, and which grew faster?", each line's
    growth over the same span a year before, as two questions ("How fast did A grow in the quarter ended September
    30, 2023?"); None for any other question, or one that names no period before."""
    m = _LARGER_OF.match(_as_larger_of(quarters_numbered(" ".join(question.split()))))
    if not m or not m.group("grew") or not m.group("pre") or not larger_of_two(question):
        return None
    period = re.sub(r"^(?:for|in|during|over)\s+", "in ", m.group("pre").strip().rstrip(","), flags=re.I)
    return tuple(f"How fast did {m.group(x)} grow {period}?" for x in ("a", "b"))


def larger_of_two(question: str) -> tuple[str, str] | None:
    """The two lines "which was larger: A or B, and by how much?" (or ", and which grew faster?": grew_faster) sets
    against each other, each named whole with its owner, as two questions (_LARGER_OF); None for any other
    question."""
    m = _LARGER_OF.match(_as_larger_of(quarters_numbered(" ".join(question.split()))))
    if not m or not all(_MEASURE_WORD.search(m.group(x)) for x in ("a", "b")):
        return None
    pre = m.group("pre") or ""
    return tuple(f"{pre}{'what' if pre else 'What'} was {m.group(x)}?" for x in ("a", "b"))


def higher_of_two(question: str) -> tuple[str, str] | None:
    """"A vs B <line> ... - how much higher was A's?": the two companies' questions (A's line, B's line), the one
    asked about first; None for any other question."""
    m = _COMPANIES_FIRST.match(_first_question(question))
    compared = companies_compared(question) if m and m.group("how") else []
    return tuple(part for _, part in compared) if compared else None


def _possessor(word: str) -> str:
    return re.sub(r"['’]s$", "", word)


def _same_company(said: str, name: str) -> bool:
    """A company's name as said again: the same word, one the start of the other ("Micro", "Microsoft"), or a ticker
    whose letters the name spells in order from its first ("amzn" in "amazon", "msft" in "microsoft")."""
    said, name = said.lower(), name.lower()
    if said.startswith(name) or name.startswith(said):
        return True
    short, long_ = sorted((said, name), key=len)
    letters = iter(long_[1:])
    return len(short) <= 5 and short[0] == long_[0] and all(c in letters for c in short[1:])


def _typos_mended(question: str, texts: list[str]) -> str:
    """A word typed quickly ("opertions", "margn") that no passage prints, written as the one word of five letters or
    more the passages print that it is one keystroke away from (a letter left out, added, changed or
    swapped): "cash from opertions" is "cash from operations"."""
    seen: dict[str, int] = {}
    for text in texts:
        for w in re.findall(r"[a-z]{5,}", text.lower()):
            seen[w] = seen.get(w, 0) + 1

    def mended(m: re.Match) -> str:
        word = m.group()
        if word in seen or word in STOPWORDS:
            return word
        near = [w for w in seen if abs(len(w) - len(word)) <= 1 and _one_edit(word, w)]
        if len(near) != 1 or near[0].rstrip("s") == word.rstrip("s"):
            return word  # none or several; or the same word, singular or plural ("month", "months")
        return near[0]
    return re.sub(r"(?<![\w&'’-])[a-z]{5,}(?![\w&'’-])", mended, question)


def _one_edit(a: str, b: str) -> bool:
    """Whether b is a, one letter left out, added, changed or two neighbours swapped."""
    if a == b:
        return False
    if len(a) == len(b):
        diff = [i for i in range(len(a)) if a[i] != b[i]]
        return len(diff) == 1 or (len(diff) == 2 and diff[1] == diff[0] + 1 and a[diff[0]] == b[diff[1]] and
                                  a[diff[1]] == b[diff[0]])
    short, long_ = (a, b) if len(a) < len(b) else (b, a)
    return any(long_[:i] + long_[i + 1:] == short for i in range(len(long_)))


# a yes-or-no question that claims a profit line's sign: "Did Intel report an operating loss in Q3 2022 even though it
# posted positive net income?", "Was Intel profitable in Q2 2023?", "Did Amazon's International segment make money in
# Q3 2023?" (blind set 25's g26, blind set 23's e06): each line's figure decides it
_SIGN_SUBJECT = re.compile(r"^\s*(?i:did|was|were|is|has|had)\s+(?P<owner>[A-Z][\w.&-]*(?:\s+(?:[A-Z][\w.&-]*|&))*"
                           r"(?:['’]s(?:\s+(?:[A-Z][\w&-]*|&|and(?=\s+[A-Z])))+(?:\s+(?i:segment|business|division|group|unit))?)?)"
                           r"\s+(?=[a-z])")
_SIGN_CLAIM = re.compile(r"\b(?:(?P<verb>report(?:ed)?|post(?:ed)?|record(?:ed)?|ha(?:ve|d)|generat(?:e|ed)|"
                         r"incur(?:red)?|book(?:ed)?|deliver(?:ed)?|show(?:ed)?|earn(?:ed)?|turn(?:ed)?|"
                         r"(?:it|they|the\s+company)\s+\w+|despite|with|while|though|but)\s+"
                         r"(?:an?\s+|any\s+)?(?:(?P<sign>positive|negative)\s+)?(?P<line>net|operating)\s+"
                         r"(?P<kind>income|loss|profit|earnings)(?P<attr>\s+attributable\s+to\s+[A-Z][\w.&-]*)?|"
                         r"(?P<verb2>report(?:ed)?|post(?:ed)?|record(?:ed)?|ha(?:ve|d)|incur(?:red)?|turn(?:ed)?|"
                         r"book(?:ed)?|make|made)\s+an?\s+(?P<bare>profit|loss)|"
                         r"(?P<adj>(?<!\bun)profitable|unprofitable)|(?P<money>make|made|lose|lost)\s+money)\b"
                         r"(?!\s+(?:on|from|of|in\s+connection|related|associated|before)\b)", re.I)
# a claim about a change, a comparison or a forecast is no claim about a sign
_NOT_A_SIGN = re.compile(r"\b(?:increase[ds]?|decrease[ds]?|gr[eo]w(?:th|n|s)?|declin\w*|r[io]se|fell|fall|drop\w*|"
                         r"exceed\w*|beat|more|less|higher|lower|than|compared|versus|vs\.?|guidance|expect\w*|"
                         r"forecast\w*|outlook|plan\w*|margin|per\s+share|eps|each|every|both|either)\b", re.I)
_SIGN_PERIOD = re.compile(r"\b(?:in|for|during|over)\s+(?P<p>(?:the\s+|its\s+)?(?:(?:three|six|nine|twelve)\s+months|"
                          r"quarter|q[1-4]|[1-4]q|fiscal|fy|first|second|third|fourth|(?:19|20)\d\d)"
                          r"(?:[^,?;]|,\s*(?:19|20)\d\d)*?)"  # (the comma of "July 1, 2023" inside it)
                          r"(?=\s*(?:,(?!\s*(?:19|20)\d\d)|[?;.]|$)|"
                          r"\s+(?:despite|even|while|but|and|although|though|when|as|yet)\b)", re.I)


def signs_claimed(question: str) -> list[tuple[str, bool]]:
    """What a yes-or-no question claims about the sign of its company's (or segment's) profit lines, each as the
    question asking that line's figure and whether the claim is that it is positive: "Did Intel report an operating
    loss in Q3 2022 even though it posted positive net income?" claims [("What was Intel's operating income in Q3
    2022?", False), ("What was Intel's net income in Q3 2022?", True)]; [] for any other question (a change, a
    comparison, a forecast, no period)."""
    question = " ".join(question.split())
    subject, period = _SIGN_SUBJECT.match(question), _SIGN_PERIOD.search(question)
    if not subject or not period or _NOT_A_SIGN.search(question):
        return []
    owner = subject.group("owner")
    segment = "'s " in owner.replace("’", "'")
    whose = owner if owner.endswith(("s", "S")) and not segment else f"{owner}'s" if not segment else owner
    claims = []
    for m in _SIGN_CLAIM.finditer(question, subject.end()):
        if m.group("line"):
            line = f"{m.group('line').lower()} income{m.group('attr') or ''}"
            positive = m.group("kind").lower() != "loss"
            if m.group("sign"):
                positive = m.group("sign").lower() == "positive" if positive else m.group("sign").lower() != "positive"
        else:
            line = "operating income" if segment else "net income"
            word = (m.group("bare") or m.group("adj") or m.group("money")).lower()
            positive = word in ("profit", "profitable", "make", "made")
        claims.append((f"What was {whose} {line} {period.group()}?", positive))
    if len({q for q, _ in claims}) != len(claims):
        return []  # one line claimed twice: not told apart
    return claims if all(asked(q) for q, _ in claims) else []
